package read

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/shell"
)

// dstackFile is the name dstack gives a configuration of its own (any
// name ending in .dstack.yml is one; docs/docs/concepts/tasks.md): read in
// a folder walk though hidden files are not.
const dstackFile = ".dstack.yml"

// readDstack reads a dstack task. Its commands run one after another in one
// shell, in the repository's folder (working_dir, when set, relative to it);
// env is a list of NAME=VALUE (a NAME alone is passed at run time) or a
// mapping; nodes is the cluster size; DSTACK_NODES_NUM, DSTACK_GPUS_PER_NODE
// and DSTACK_NODE_RANK are set for the commands; resources.gpu is
// [NAME][:MEMORY][:COUNT] with ranges written A..B (dstackai/dstack
// docs/docs/reference/dstack.yml/task.md and docs/docs/concepts/tasks.md,
// 0.18; src/dstack/_internal/core/models/resources.py GPUSpec).
func readDstack(d *document.Document, root *yaml.Node) *jobSpec {
	s := &jobSpec{kind: "dstack task"}
	cmds := get(root, "commands")
	s.at = document.NodePos(cmds)
	s.hw = dstackHardware(root)
	if e := get(root, "env"); e != nil {
		switch e.Kind {
		case yaml.SequenceNode:
			for _, item := range e.Content {
				if name, val, ok := strings.Cut(item.Value, "="); ok && item.Kind == yaml.ScalarNode {
					p := valuePiece(d, item)
					if p.Exact {
						p.Pos.Column += len(name) + 1
					}
					p.Text = val
					s.text.Env = append(s.text.Env, shell.Var{Name: name, Value: p})
				}
			}
		case yaml.MappingNode:
			s.mappingEnv(d, e)
		}
	}
	s.schedulerEnv("DSTACK_NODES_NUM", "DSTACK_NODE_RANK", "DSTACK_GPUS_PER_NODE")
	if w := get(root, "working_dir"); w != nil {
		if local, ok := localPath(w); ok {
			s.text.Text = append(s.text.Text, shell.Piece{Text: "cd '" + local + "'\n", Pos: document.NodePos(w)})
		}
	}
	for _, c := range cmds.Content {
		if c.Kind != yaml.ScalarNode {
			s.at, s.unread = document.NodePos(c), "a command is not a string"
			return s
		}
		s.text.Text = append(s.text.Text, scalarPieces(d, c)...)
		s.text.Text = append(s.text.Text, shell.Piece{Text: "\n", Pos: document.NodePos(c)})
	}
	return s
}

func dstackHardware(root *yaml.Node) specHardware {
	var hw specHardware
	if n, ok := intOf(get(root, "nodes")); ok {
		hw.nodes = specOf(n, get(root, "nodes"), "nodes")
	}
	g := get(root, "resources.gpu")
	if g == nil {
		return hw
	}
	var name, mem, count string
	at := g
	switch g.Kind {
	case yaml.ScalarNode:
		name, mem, count = dstackGPU(g.Value)
	case yaml.MappingNode:
		if n := get(g, "name"); n != nil {
			name = n.Value
			if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
				name = n.Content[0].Value
				if len(n.Content) > 1 {
					hw.candidates = len(n.Content)
				}
			}
		}
		if m := get(g, "memory"); m != nil {
			mem = m.Value
		}
		if c := get(g, "count"); c != nil {
			count = c.Value
		}
	}
	if names := strings.Split(name, ","); len(names) > 1 {
		hw.candidates = max(hw.candidates, len(names))
		name = names[0]
	}
	if n, err := strconv.Atoi(count); err == nil && n > 0 {
		hw.perNode = specOf(n, at, "resources.gpu")
	} else if count == "" {
		hw.perNode = specOf(1, at, "resources.gpu")
	}
	if lo, _, _ := strings.Cut(mem, ".."); strings.HasSuffix(strings.ToUpper(lo), "GB") {
		hw.memoryGB, _ = strconv.Atoi(strings.TrimSuffix(strings.ToUpper(lo), "GB"))
	}
	if name != "" || hw.memoryGB > 0 {
		// A memory alone (24GB..) asks for any card that has it: the
		// card stays unnamed, and the job says so.
		hw.card = specOf(name, at, "resources.gpu")
	}
	return hw
}

// dstackGPU splits dstack's gpu string into its name, memory and count
// parts, which may come in any order: a part ending in GB (or a range of
// such) is memory, a number or a range of numbers the count, anything else
// the name.
func dstackGPU(s string) (name, mem, count string) {
	for _, part := range strings.Split(s, ":") {
		part = strings.TrimSpace(part)
		lo, _, _ := strings.Cut(part, "..")
		switch {
		case strings.HasSuffix(strings.ToUpper(lo), "GB") || strings.HasSuffix(strings.ToUpper(part), "GB"):
			mem = part
		case lo != "" && strings.Trim(lo, "0123456789") == "" || lo == "" && strings.HasPrefix(part, ".."):
			count = part
		default:
			name = part
		}
	}
	return name, mem, count
}
