package read

import (
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// JobSpec is a cluster job spec whose command starts the training: a
// Kubernetes workload (Job, Kubeflow PyTorchJob or MPIJob, SageMaker
// HyperPod's HyperPodPyTorchJob, KubeRay RayJob, JobSet, Kubeflow
// TrainJob), a SkyPilot task or a dstack task. Its command is read as a
// launch script (the shell package) and its GPUs are the job's hardware
// where none is declared.
const JobSpec Format = "job-spec"

// jobSpecs is the frontend of the cluster job specs: the launch its command
// runs is read by the frontend of the framework it starts; this one says
// what the spec asks of the cluster (jobSpecHardware) and where its
// command starts (containerRef, through cmdRef).
var jobSpecs = frontend{
	name: "cluster job specs",
	reads: "Kubernetes Job/CronJob/Pod, Kubeflow PyTorchJob/MPIJob/TrainJob, SageMaker HyperPod HyperPodPyTorchJob, KubeRay RayJob and JobSet manifests (the container's command and args, " +
		"`bash -c` text, env), SkyPilot task YAML (run, setup, envs, workdir, file_mounts, resources.accelerators, num_nodes) and dstack tasks " +
		"(type: task, commands, env, nodes, resources.gpu): the launch they run is read as a launch script, and the GPUs they ask for are the job's " +
		"hardware when .trainlint.yaml and the flags declare none",
	role:   launcherRole,
	config: applyJobSpecNodes,
}

// jobSpec is what a cluster job spec says about the training it starts.
type jobSpec struct {
	kind string       // "Kubernetes Job", "SkyPilot task", …
	at   document.Pos // the key holding the command
	text shell.Embedded
	// unread says why the command is not read; "" when it is.
	unread string
	// workingDir is an absolute folder inside the container the command
	// starts in (a Kubernetes workingDir); mounts are container folders
	// holding a folder of the repository (SkyPilot file_mounts). A path the
	// command names under either is looked up in the repository.
	workingDir string
	mounts     []mount
	hw         specHardware
}

// mappingEnv exports a spec's NAME: VALUE environment mapping to its
// commands (SkyPilot envs, dstack env); a null value is given at run time.
func (s *jobSpec) mappingEnv(d *document.Document, m *yaml.Node) {
	for _, p := range document.Pairs(m) {
		if p.Value.Kind == yaml.ScalarNode && !document.IsNull(p.Value) {
			s.text.Env = append(s.text.Env, shell.Var{Name: p.Key.Value, Value: valuePiece(d, p.Value)})
		}
	}
}

// schedulerEnv sets what the scheduler tells each node's commands: the node
// count (1 unless the spec asks for more), this node's rank (0, the node
// costed) and, when the spec names them, its GPUs.
func (s *jobSpec) schedulerEnv(nodesVar, rankVar, gpusVar string) {
	nodes := shell.Piece{Text: "1", Pos: s.at}
	if s.hw.nodes.set {
		nodes = shell.Piece{Text: strconv.Itoa(s.hw.nodes.v), Pos: s.hw.nodes.pos}
	}
	s.text.Env = append(s.text.Env, shell.Var{Name: nodesVar, Value: nodes}, shell.Var{Name: rankVar, Value: shell.Piece{Text: "0", Pos: s.at}})
	if s.hw.perNode.set {
		s.text.Env = append(s.text.Env, shell.Var{Name: gpusVar, Value: shell.Piece{Text: strconv.Itoa(s.hw.perNode.v), Pos: s.hw.perNode.pos}})
	}
}

// mount is a container folder that holds a folder of the repository,
// relative to the spec's folder.
type mount struct{ container, local string }

// specHardware is what the spec asks of the cluster, each with the key
// that asks it.
type specHardware struct {
	card       specValue[string] // the scheduler's name for the card
	memoryGB   int               // dstack: the least memory asked of an unnamed card
	perNode    specValue[int]
	nodes      specValue[int]
	candidates int // SkyPilot: cards offered as alternatives, the first costed
}

type specValue[T any] struct {
	v   T
	set bool
	pos document.Pos
	key string
}

func specOf[T any](v T, n *yaml.Node, key string) specValue[T] {
	return specValue[T]{v: v, set: true, pos: document.NodePos(n), key: key}
}

// readJobSpec recognizes a cluster job spec by its content and reads its
// command and hardware; ok is false for any other file.
func readJobSpec(d *document.Document) (*jobSpec, bool) {
	root := d.Root
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, false
	}
	_, api := document.Get(root, "apiVersion")
	_, kind := document.Get(root, "kind")
	if api != nil && kind != nil {
		return readKubernetes(d)
	}
	if _, run := document.Get(root, "run"); run != nil && run.Kind == yaml.ScalarNode && anyKey(root, "resources", "num_nodes", "setup", "envs", "workdir", "file_mounts") {
		return readSkyPilot(d, root), true
	}
	if _, t := document.Get(root, "type"); t != nil && t.Value == "task" {
		if _, cmds := document.Get(root, "commands"); cmds != nil && cmds.Kind == yaml.SequenceNode {
			return readDstack(d, root), true
		}
	}
	return nil, false
}

func anyKey(m *yaml.Node, keys ...string) bool {
	for _, k := range keys {
		if _, v := document.Get(m, k); v != nil {
			return true
		}
	}
	return false
}

// get follows a dotted path of mapping keys (document.Lookup).
func get(n *yaml.Node, dotted string) *yaml.Node {
	_, v := document.Lookup(n, strings.Split(dotted, ".")...)
	return v
}

func intOf(n *yaml.Node) (int, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	return v, err == nil && v > 0
}

// scalarPieces maps a YAML string onto where its characters are written:
// each line of a literal block (|) on its own line, a one-line plain or
// quoted scalar where it stands; text YAML folded or unescaped points at
// the value, not written there.
func scalarPieces(d *document.Document, n *yaml.Node) []shell.Piece {
	at := document.NodePos(n)
	whole := []shell.Piece{{Text: n.Value, Pos: at}}
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		lines := strings.SplitAfter(n.Value, "\n")
		indent := -1
		for i := range lines {
			src := d.Line(n.Line + 1 + i)
			if strings.TrimSpace(src) != "" {
				indent = len(src) - len(strings.TrimLeft(src, " "))
				break
			}
		}
		var out []shell.Piece
		for i, l := range lines {
			if l == "" {
				continue
			}
			src := d.Line(n.Line + 1 + i)
			body := strings.TrimSuffix(l, "\n")
			switch {
			case body == "":
				out = append(out, shell.Piece{Text: l, Pos: document.Pos{Line: n.Line + 1 + i, Column: 1}, Exact: true})
			case indent >= 0 && len(src) >= indent && src[indent:] == body:
				out = append(out, shell.Piece{Text: l, Pos: document.Pos{Line: n.Line + 1 + i, Column: indent + 1}, Exact: true})
			default:
				return whole
			}
		}
		return out
	case strings.Contains(n.Value, "\n"):
		return whole
	}
	col := n.Column
	if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
		col++
	}
	if src := d.Line(n.Line); col >= 1 && col-1 <= len(src) && strings.HasPrefix(src[col-1:], n.Value) {
		return []shell.Piece{{Text: n.Value, Pos: document.Pos{Line: n.Line, Column: col}, Exact: true}}
	}
	return whole
}

// valuePiece is a scalar's value as one piece.
func valuePiece(d *document.Document, n *yaml.Node) shell.Piece {
	return joinPieces(scalarPieces(d, n))
}

// jobSpecFile is the file of a recognized job spec: its command read as a
// launch script, or a file not checked that says why.
func jobSpecFile(path string, doc *document.Document, s *jobSpec) (*File, error) {
	f := &File{Path: path, Format: JobSpec, Doc: doc, Root: doc.Root, spec: s}
	notChecked := func(at document.Pos, why string) *File {
		f.UnreadLaunch = at
		f.Skip = fmt.Sprintf("memory not checked: the %s's command (line %d) is not read: %s; lint the command it runs as a script, or declare the job in .trainlint.yaml", s.kind, at.Line, why)
		return f
	}
	if s.unread != "" {
		return notChecked(s.at, s.unread), nil
	}
	sc, err := shell.ParseEmbedded(path, s.text, scriptOpener(path))
	if err != nil {
		return nil, err
	}
	f.Script = sc
	if len(sc.Commands) == 0 {
		if pos, text, ok := unreadLaunch(sc.Src); ok {
			return notChecked(embeddedPos(s.text, pos), text+" looks like a training launch that trainlint could not follow"), nil
		}
		f.Skip = "a " + s.kind + " whose command runs no training launch"
	}
	return f, nil
}

// embeddedPos is where a line of an embedded script is written.
func embeddedPos(e shell.Embedded, at document.Pos) document.Pos {
	line := 1
	for _, p := range e.Text {
		if line >= at.Line {
			return p.Pos
		}
		line += strings.Count(p.Text, "\n")
	}
	if len(e.Text) > 0 {
		return e.Text[len(e.Text)-1].Pos
	}
	return at
}

// containerRef maps a path a job spec's command names inside the container
// onto the repository: under a SkyPilot file mount, onto the local folder
// mounted there; under the container's workingDir, relative to the
// repository, whose checkout the working folder is taken to be. Other
// absolute paths (the image's own files, a volume) are not the
// repository's.
func (s *jobSpec) containerRef(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		return p, false
	}
	clean := path.Clean(p)
	for _, m := range s.mounts {
		if rest, ok := strings.CutPrefix(clean, m.container+"/"); ok {
			return filepath.FromSlash(path.Join(m.local, rest)), true
		}
	}
	if s.workingDir != "" && s.workingDir != "/" {
		if rest, ok := strings.CutPrefix(clean, s.workingDir+"/"); ok {
			return filepath.FromSlash(rest), true
		}
	}
	return p, false
}

// applyJobSpecNodes takes the spec's node count as the job's where the
// project file declares none; the launch's own --nnodes and the flags, read
// later, override it. Its GPUs are settled with the world size
// (jobSpecHardware).
func applyJobSpecNodes(p *plan.Plan, j *Job) {
	s := j.spec()
	if s == nil {
		return
	}
	if v := s.hw.nodes; v.set && !p.Hardware.Nodes.Set {
		p.Hardware.Nodes = plan.Of(v.v, plan.At(j.Script.Path, v.pos.Line, v.pos.Column, v.key))
	}
}

// spec is the job spec the job's launch comes from, or nil.
func (j *Job) spec() *jobSpec {
	if j.Script == nil {
		return nil
	}
	return j.Script.spec
}

// jobSpecWorld settles the process count of a launch that starts one per
// GPU the machine shows (how says so) from the GPUs the job spec gives each
// node, unless the project file or the flags declare them.
func jobSpecWorld(p *plan.Plan, j *Job, how string, ov Overrides) bool {
	s := j.spec()
	if s == nil || !s.hw.perNode.set || !j.Command.PerGPU() || ov.GPUsPerNode > 0 || ov.Nodes > 0 {
		return false
	}
	per := s.hw.perNode
	if g := p.Hardware.GPUsPerNode; g.Set && g.From.Kind != plan.FromFile {
		return false
	}
	n := per.v * max(1, s.hw.nodes.v)
	from := plan.At(j.Script.Path, per.pos.Line, per.pos.Column, per.key)
	from.Note = fmt.Sprintf("%s: the %s gives each of its %d node(s) %d", how, s.kind, max(1, s.hw.nodes.v), per.v)
	p.Processes = plan.Of(n, from)
	return true
}
