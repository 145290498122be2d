package read

import (
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/shell"
)

// readSkyPilot reads a SkyPilot task. Its setup and run are bash scripts run
// on every node in its workdir (synced to ~/sky_workdir) when one is set,
// with envs exported and SKYPILOT_NUM_NODES, SKYPILOT_NUM_GPUS_PER_NODE and
// SKYPILOT_NODE_RANK set; resources.accelerators is NAME:COUNT (COUNT 1 when
// left out), a {NAME: COUNT} mapping, or a list or set of alternatives
// (under resources.any_of or resources.ordered, or as a list); num_nodes
// defaults to 1; file_mounts maps a remote path to a local one
// (skypilot-org/skypilot docs/source/reference/yaml-spec.rst,
// docs/source/running-jobs/environment-variables.rst and
// distributed-jobs.rst, v0.9; sky/utils/schemas.py
// _get_single_resources_schema at 00052df: accelerators is a string or a
// one-entry mapping of name to count).
func readSkyPilot(d *document.Document, root *yaml.Node) *jobSpec {
	s := &jobSpec{kind: "SkyPilot task"}
	_, run := document.Get(root, "run")
	s.at = document.NodePos(run)
	s.hw = skyPilotHardware(root)
	if e := get(root, "envs"); e != nil && e.Kind == yaml.MappingNode {
		s.mappingEnv(d, e)
	}
	s.schedulerEnv("SKYPILOT_NUM_NODES", "SKYPILOT_NODE_RANK", "SKYPILOT_NUM_GPUS_PER_NODE")
	if fm := get(root, "file_mounts"); fm != nil && fm.Kind == yaml.MappingNode {
		for _, p := range document.Pairs(fm) {
			if local, ok := localPath(p.Value); ok && strings.HasPrefix(p.Key.Value, "/") {
				s.mounts = append(s.mounts, mount{container: path.Clean(p.Key.Value), local: local})
			}
		}
	}
	cd := shell.Piece{Text: "cd ~\n", Pos: s.at}
	if w := get(root, "workdir"); w != nil {
		if local, ok := localPath(w); ok {
			cd = shell.Piece{Text: "cd '" + local + "'\n", Pos: document.NodePos(w)}
		}
	}
	if setup := get(root, "setup"); setup != nil && setup.Kind == yaml.ScalarNode {
		s.text.Text = append(s.text.Text, cd)
		s.text.Text = append(s.text.Text, scalarPieces(d, setup)...)
		s.text.Text = append(s.text.Text, shell.Piece{Text: "\n", Pos: s.at})
	}
	s.text.Text = append(s.text.Text, cd)
	s.text.Text = append(s.text.Text, scalarPieces(d, run)...)
	return s
}

// localPath is a local folder a SkyPilot task names relative to itself
// (./configs, mistral); a bucket, a home or absolute path, or a mapping
// (a storage or a git workdir) is not one.
func localPath(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || strings.Contains(n.Value, "://") ||
		strings.HasPrefix(n.Value, "/") || strings.HasPrefix(n.Value, "~") || strings.Contains(n.Value, "$") || strings.Contains(n.Value, "'") {
		return "", false
	}
	return path.Clean(n.Value), true
}

func skyPilotHardware(root *yaml.Node) specHardware {
	var hw specHardware
	if n, ok := intOf(get(root, "num_nodes")); ok {
		hw.nodes = specOf(n, get(root, "num_nodes"), "num_nodes")
	}
	res := get(root, "resources")
	for _, k := range []string{"ordered", "any_of"} {
		if alts := get(res, k); alts != nil && alts.Kind == yaml.SequenceNode && len(alts.Content) > 0 {
			hw.candidates = len(alts.Content)
			res = alts.Content[0]
		}
	}
	acc := get(res, "accelerators")
	if acc == nil {
		return hw
	}
	var name string
	count, countAt := 1, acc
	switch acc.Kind {
	case yaml.ScalarNode:
		name = acc.Value
	case yaml.SequenceNode:
		if len(acc.Content) == 0 {
			return hw
		}
		hw.candidates = max(hw.candidates, len(acc.Content))
		name = acc.Content[0].Value
		countAt = acc.Content[0]
	case yaml.MappingNode:
		ps := document.Pairs(acc)
		if len(ps) == 0 {
			return hw
		}
		hw.candidates = max(hw.candidates, len(ps))
		name, countAt = ps[0].Key.Value, ps[0].Value
		if n, ok := intOf(ps[0].Value); ok {
			count = n
		}
	}
	if card, n, ok := strings.Cut(name, ":"); ok {
		name = card
		c, err := strconv.Atoi(n)
		if err != nil || c <= 0 {
			return hw
		}
		count = c
	}
	hw.card = specOf(name, acc, "resources.accelerators")
	hw.perNode = specOf(count, countAt, "resources.accelerators")
	return hw
}
