package read

import (
	"bytes"
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
// Kubernetes workload (Job, Kubeflow PyTorchJob or MPIJob, KubeRay RayJob,
// JobSet, Kubeflow TrainJob), a SkyPilot task or a dstack task. Its
// command is read as a launch script (the shell package) and its GPUs are
// the job's hardware where none is declared.
const JobSpec Format = "job-spec"

// jobSpecs is the frontend of the cluster job specs: the launch its command
// runs is read by the frontend of the framework it starts; this one says
// what the spec asks of the cluster (jobSpecHardware) and where its
// command starts (jobSpecRef).
var jobSpecs = frontend{
	name: "cluster job specs",
	reads: "Kubernetes Job/CronJob/Pod, Kubeflow PyTorchJob/MPIJob/TrainJob, KubeRay RayJob and JobSet manifests (the container's command and args, " +
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

// get follows a dotted path of mapping keys.
func get(n *yaml.Node, dotted string) *yaml.Node {
	for _, k := range strings.Split(dotted, ".") {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		_, n = document.Get(n, k)
	}
	return n
}

func intOf(n *yaml.Node) (int, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	return v, err == nil && v > 0
}

// Kubernetes. A container's command is its entrypoint array and args its
// arguments, run without a shell; a missing command runs the image's
// ENTRYPOINT, which the spec does not show; $(VAR) in them is expanded from
// the container's env, $$ escapes it, and an undefined reference stays as
// written (Kubernetes API reference, Container v1 core: command, args;
// "Define a Command and Arguments for a Container", kubernetes.io, v1.31).

// podTemplate is one pod template of a workload and how many pods run it.
type podTemplate struct {
	spec     *yaml.Node // the pod spec
	replicas specValue[int]
}

// readKubernetes reads the first workload of a manifest (a file may hold
// several documents: a ConfigMap before the Job). ok is false when the
// manifest holds no workload that runs a command.
func readKubernetes(d *document.Document) (*jobSpec, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(d.Src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			// The end of the stream, or a later document the first
			// one's parse did not reach that does not parse.
			return nil, false
		}
		root := &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		if s, ok := kubernetesWorkload(d, root); ok {
			return s, true
		}
	}
}

// kubernetesWorkload reads one document when it is a workload whose pods
// run a training command. The API shapes: batch/v1 Job spec.template,
// spec.parallelism; CronJob spec.jobTemplate; Kubeflow training-operator
// v1 PyTorchJob spec.pytorchReplicaSpecs.{Master,Worker} and MPIJob
// spec.mpiReplicaSpecs.{Launcher,Worker} (kubeflow/training-operator
// pkg/apis/kubeflow.org/v1, v1.8); JobSet v1alpha2
// spec.replicatedJobs[].replicas and .template (kubernetes-sigs/jobset
// api/jobset/v1alpha2, v0.7); KubeRay RayJob spec.entrypoint, run by ray
// job submit, with spec.rayClusterSpec.workerGroupSpecs (ray-project/
// kuberay ray-operator/apis/ray/v1, v1.2); Kubeflow Trainer v2 TrainJob
// spec.trainer.{command,args,numNodes,resourcesPerNode} (kubeflow/trainer
// pkg/apis/trainer/v1alpha1, v2.0).
func kubernetesWorkload(d *document.Document, root *yaml.Node) (*jobSpec, bool) {
	_, kindNode := document.Get(root, "kind")
	if kindNode == nil {
		return nil, false
	}
	kind := kindNode.Value
	spec := get(root, "spec")
	s := &jobSpec{kind: "Kubernetes " + kind}
	var main, hw []podTemplate
	switch kind {
	case "Job":
		s.kind = "Kubernetes Job"
		t := podTemplate{spec: get(spec, "template.spec")}
		if n, ok := intOf(get(spec, "parallelism")); ok && n > 1 {
			t.replicas = specOf(n, get(spec, "parallelism"), "spec.parallelism")
		}
		main = []podTemplate{t}
	case "CronJob":
		main = []podTemplate{{spec: get(spec, "jobTemplate.spec.template.spec")}}
	case "Pod":
		main = []podTemplate{{spec: spec}}
	case "PyTorchJob", "MPIJob":
		s.kind = "Kubeflow " + kind
		field, first := "pytorchReplicaSpecs", "Master"
		if kind == "MPIJob" {
			field, first = "mpiReplicaSpecs", "Launcher"
		}
		for _, role := range []string{first, "Worker"} {
			r := get(spec, field+"."+role)
			if r == nil {
				continue
			}
			t := podTemplate{spec: get(r, "template.spec"), replicas: specOf(1, r, field+"."+role)}
			if n, ok := intOf(get(r, "replicas")); ok {
				t.replicas = specOf(n, get(r, "replicas"), field+"."+role+".replicas")
			}
			main = append(main, t)
		}
		if kind == "MPIJob" && len(main) == 2 {
			// mpirun on the launcher starts the workers' processes.
			hw = main[1:]
			main = main[:1]
		}
	case "JobSet":
		reps := get(spec, "replicatedJobs")
		if reps == nil || reps.Kind != yaml.SequenceNode {
			return nil, false
		}
		for _, r := range reps.Content {
			t := podTemplate{spec: get(r, "template.spec.template.spec")}
			n, ok := intOf(get(r, "replicas"))
			if !ok {
				n = 1
			}
			if p, ok := intOf(get(r, "template.spec.parallelism")); ok {
				n *= p
			}
			t.replicas = specOf(n, r, "spec.replicatedJobs[].replicas × parallelism")
			main = append(main, t)
		}
	case "RayJob":
		s.kind = "KubeRay RayJob"
		entry := get(spec, "entrypoint")
		if entry == nil || entry.Kind != yaml.ScalarNode {
			return nil, false
		}
		s.at = document.NodePos(entry)
		s.text.Text = scalarPieces(d, entry)
		if g := get(spec, "rayClusterSpec.workerGroupSpecs"); g != nil && g.Kind == yaml.SequenceNode && len(g.Content) > 0 {
			w := g.Content[0]
			t := podTemplate{spec: get(w, "template.spec")}
			if n, ok := intOf(get(w, "replicas")); ok {
				t.replicas = specOf(n, get(w, "replicas"), "rayClusterSpec.workerGroupSpecs[0].replicas")
			}
			s.hw = podHardware(t)
		}
		return s, true
	case "TrainJob":
		s.kind = "Kubeflow TrainJob"
		tr := get(spec, "trainer")
		if tr == nil {
			return nil, false
		}
		s.containerText(d, tr)
		if n, ok := intOf(get(tr, "numNodes")); ok {
			s.hw.nodes = specOf(n, get(tr, "numNodes"), "spec.trainer.numNodes")
		}
		if lim := get(tr, "resourcesPerNode.limits"); lim != nil && lim.Kind == yaml.MappingNode {
			if _, g := document.Get(lim, "nvidia.com/gpu"); g != nil {
				if n, ok := intOf(g); ok {
					s.hw.perNode = specOf(n, g, "spec.trainer.resourcesPerNode.limits[nvidia.com/gpu]")
				}
			}
		}
		return s, true
	default:
		return nil, false
	}
	if len(main) == 0 || main[0].spec == nil {
		return nil, false
	}
	c := trainingContainer(main[0].spec)
	if c == nil {
		return nil, false
	}
	s.containerText(d, c)
	if hw == nil {
		hw = main
	}
	s.hw = podHardware(hw...)
	if kind == "PyTorchJob" {
		s.operatorEnv(spec)
	}
	return s, true
}

// operatorEnv adds the variables the Kubeflow training operator sets in a
// PyTorchJob's pods for torchrun, which takes its defaults from them:
// PET_NNODES, the replicas of all roles (or the elastic policy's
// min:max range), and PET_NPROC_PER_NODE, spec.nprocPerNode
// (kubeflow/training-operator pkg/controller.v1/pytorch/envvar.go setPodEnv
// and elastic.go, v1.8).
func (s *jobSpec) operatorEnv(spec *yaml.Node) {
	nodes := shell.Piece{Text: "1", Pos: s.at}
	if s.hw.nodes.set {
		nodes = shell.Piece{Text: strconv.Itoa(s.hw.nodes.v), Pos: s.hw.nodes.pos}
	}
	if el := get(spec, "elasticPolicy"); el != nil {
		lo, hi := get(el, "minReplicas"), get(el, "maxReplicas")
		nodes = shell.Piece{Text: "1:" + nodes.Text, Pos: document.NodePos(el)}
		if lo != nil && hi != nil {
			nodes.Text = lo.Value + ":" + hi.Value
		}
	}
	s.text.Env = append(s.text.Env, shell.Var{Name: "PET_NNODES", Value: nodes})
	if n := get(spec, "nprocPerNode"); n != nil && n.Kind == yaml.ScalarNode {
		s.text.Env = append(s.text.Env, shell.Var{Name: "PET_NPROC_PER_NODE", Value: shell.Piece{Text: n.Value, Pos: document.NodePos(n)}})
	}
}

// trainingContainer is the container of a pod that asks for GPUs, or its
// first one.
func trainingContainer(pod *yaml.Node) *yaml.Node {
	cs := get(pod, "containers")
	if cs == nil || cs.Kind != yaml.SequenceNode || len(cs.Content) == 0 {
		return nil
	}
	for _, c := range cs.Content {
		if gpuLimit(c) != nil {
			return c
		}
	}
	return cs.Content[0]
}

// gpuLimit is the node asking for NVIDIA GPUs: limits, else requests (a
// GPU request must equal its limit, so either says the count).
func gpuLimit(c *yaml.Node) *yaml.Node {
	for _, k := range []string{"limits", "requests"} {
		if m := get(c, "resources."+k); m != nil && m.Kind == yaml.MappingNode {
			if _, v := document.Get(m, "nvidia.com/gpu"); v != nil {
				return v
			}
		}
	}
	return nil
}

// podHardware sums the pods that run the job and reads the GPUs of the
// first: its nvidia.com/gpu limit and the card its node selector or node
// affinity asks for.
func podHardware(ts ...podTemplate) specHardware {
	var hw specHardware
	if len(ts) == 0 || ts[0].spec == nil {
		return hw
	}
	pods, counted := 0, false
	var at *specValue[int]
	for i := range ts {
		if ts[i].replicas.set {
			pods += ts[i].replicas.v
			counted = true
			if at == nil {
				at = &ts[i].replicas
			}
		} else {
			pods++
		}
	}
	if counted && pods > 1 {
		hw.nodes = specValue[int]{v: pods, set: true, pos: at.pos, key: at.key}
	}
	if c := trainingContainer(ts[0].spec); c != nil {
		if g := gpuLimit(c); g != nil {
			if n, ok := intOf(g); ok {
				hw.perNode = specOf(n, g, "resources.limits[nvidia.com/gpu]")
			}
		}
	}
	hw.card = podCard(ts[0].spec)
	return hw
}

// podCard is the card a pod's node selector asks for: GKE's
// cloud.google.com/gke-accelerator (GKE "About GPUs": the node label the
// GPU type is selected by), or the NVIDIA GPU feature discovery label
// nvidia.com/gpu.product, in a nodeSelector or a required node affinity.
func podCard(pod *yaml.Node) specValue[string] {
	for _, label := range []string{"cloud.google.com/gke-accelerator", "nvidia.com/gpu.product"} {
		if sel := get(pod, "nodeSelector"); sel != nil && sel.Kind == yaml.MappingNode {
			if _, v := document.Get(sel, label); v != nil && v.Kind == yaml.ScalarNode {
				return specOf(v.Value, v, "nodeSelector["+label+"]")
			}
		}
		terms := get(pod, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms")
		if terms == nil || terms.Kind != yaml.SequenceNode {
			continue
		}
		for _, t := range terms.Content {
			exprs := get(t, "matchExpressions")
			if exprs == nil || exprs.Kind != yaml.SequenceNode {
				continue
			}
			for _, e := range exprs.Content {
				key, op, vals := get(e, "key"), get(e, "operator"), get(e, "values")
				if key != nil && key.Value == label && op != nil && op.Value == "In" && vals != nil && vals.Kind == yaml.SequenceNode && len(vals.Content) > 0 {
					return specOf(vals.Content[0].Value, vals.Content[0], "nodeAffinity["+label+"]")
				}
			}
		}
	}
	return specValue[string]{}
}

// containerText reads a container's (or a TrainJob trainer's) command,
// args, env and workingDir into the script it runs.
func (s *jobSpec) containerText(d *document.Document, c *yaml.Node) {
	s.at = document.NodePos(c)
	if w := get(c, "workingDir"); w != nil && w.Kind == yaml.ScalarNode {
		s.workingDir = path.Clean(w.Value)
	}
	env := map[string]string{}
	if e := get(c, "env"); e != nil && e.Kind == yaml.SequenceNode {
		for _, item := range e.Content {
			name, val := get(item, "name"), get(item, "value")
			if name == nil || val == nil || val.Kind != yaml.ScalarNode {
				// valueFrom (a secret, a field of the pod): known only
				// at run time.
				continue
			}
			env[name.Value] = val.Value
			s.text.Env = append(s.text.Env, shell.Var{Name: name.Value, Value: valuePiece(d, val)})
		}
	}
	var argv []*yaml.Node
	cmd, args := get(c, "command"), get(c, "args")
	for _, n := range []*yaml.Node{cmd, args} {
		if n == nil {
			continue
		}
		if n.Kind != yaml.SequenceNode {
			s.at, s.unread = document.NodePos(n), "its command or args is not a list of strings"
			return
		}
		for _, w := range n.Content {
			if w.Kind != yaml.ScalarNode {
				s.at, s.unread = document.NodePos(w), "its command or args holds a value that is not a string"
				return
			}
			argv = append(argv, w)
		}
	}
	if cmd == nil || len(cmd.Content) == 0 {
		if args != nil {
			s.at = document.NodePos(args)
		}
		s.unread = "its container sets no command, so the image's own entrypoint runs (with the args, if any), which the spec does not show"
		return
	}
	s.at = document.NodePos(cmd)
	s.text.Text, s.text.Args = argvScript(d, argv, env)
}

// argvScript is the script a container's argument vector runs: the text a
// shell is given with -c (bash -c TEXT NAME ARGS…: NAME is $0, ARGS $1 on,
// as bash(1) says of -c), or else the vector itself, each word quoted, as
// the command line a script would write.
func argvScript(d *document.Document, argv []*yaml.Node, env map[string]string) (text, args []shell.Piece) {
	words := make([][]shell.Piece, len(argv))
	for i, w := range argv {
		if v, ok := expandKubernetes(w.Value, env); ok {
			words[i] = []shell.Piece{{Text: v, Pos: document.NodePos(w)}}
		} else {
			words[i] = scalarPieces(d, w)
		}
	}
	if c := shellC(argv); c > 0 {
		if c+2 < len(argv) {
			for _, w := range words[c+2:] {
				args = append(args, joinPieces(w))
			}
		}
		return words[c], args
	}
	for i, w := range words {
		at := document.NodePos(argv[i])
		if i > 0 {
			text = append(text, shell.Piece{Text: " ", Pos: at})
		}
		text = append(text, quoted(w, at)...)
	}
	return append(text, shell.Piece{Text: "\n", Pos: document.NodePos(argv[len(argv)-1])}), nil
}

// shellC returns the index of the text a shell runs with -c (bash -c,
// sh -lc, bash -ec, /usr/bin/env bash -c), or 0 when argv is no such call.
func shellC(argv []*yaml.Node) int {
	i := 0
	if len(argv) > 1 && path.Base(argv[0].Value) == "env" {
		i = 1
	}
	if i >= len(argv) {
		return 0
	}
	switch path.Base(argv[i].Value) {
	case "bash", "sh", "dash", "zsh":
	default:
		return 0
	}
	for j := i + 1; j < len(argv)-1; j++ {
		o := argv[j].Value
		if !strings.HasPrefix(o, "-") || o == "-" || o == "--" {
			return 0
		}
		if !strings.HasPrefix(o, "--") && strings.Contains(o, "c") {
			return j + 1
		}
	}
	return 0
}

// expandKubernetes applies Kubernetes' $(VAR) expansion from the
// container's env; ok is false when the word has none to expand.
func expandKubernetes(s string, env map[string]string) (string, bool) {
	if !strings.Contains(s, "$(") && !strings.Contains(s, "$$") {
		return s, false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "$$"):
			b.WriteByte('$')
			i++
			changed = true
		case strings.HasPrefix(s[i:], "$("):
			end := strings.IndexByte(s[i:], ')')
			if end > 2 {
				if v, ok := env[s[i+2:i+end]]; ok {
					b.WriteString(v)
					i += end
					changed = true
					continue
				}
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), changed
}

// quoted is a word of a command line that is no shell's, in single quotes
// so the shell reader takes it as it is.
func quoted(w []shell.Piece, at document.Pos) []shell.Piece {
	t := joinPieces(w).Text
	if strings.Contains(t, "'") {
		return []shell.Piece{{Text: "'" + strings.ReplaceAll(t, "'", `'\''`) + "'", Pos: at}}
	}
	out := []shell.Piece{{Text: "'", Pos: at}}
	out = append(out, w...)
	return append(out, shell.Piece{Text: "'", Pos: at})
}

// joinPieces makes one piece of a word: exact when it is one exact piece.
func joinPieces(w []shell.Piece) shell.Piece {
	if len(w) == 1 {
		return w[0]
	}
	var b strings.Builder
	for _, p := range w {
		b.WriteString(p.Text)
	}
	return shell.Piece{Text: b.String(), Pos: w[0].Pos}
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

// SkyPilot. A task's setup and run are bash scripts run on every node in
// its workdir (synced to ~/sky_workdir) when one is set, with envs
// exported and SKYPILOT_NUM_NODES, SKYPILOT_NUM_GPUS_PER_NODE and
// SKYPILOT_NODE_RANK set; resources.accelerators is NAME:COUNT (COUNT 1
// when left out), a {NAME: COUNT} mapping, or a list or set of
// alternatives (under resources.any_of or resources.ordered, or as a
// list); num_nodes defaults to 1; file_mounts maps a remote path to a local
// one (skypilot-org/skypilot docs/source/reference/yaml-spec.rst,
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
		for _, p := range document.Pairs(e) {
			if p.Value.Kind == yaml.ScalarNode && !document.IsNull(p.Value) {
				s.text.Env = append(s.text.Env, shell.Var{Name: p.Key.Value, Value: valuePiece(d, p.Value)})
			}
		}
	}
	nodes := shell.Piece{Text: "1", Pos: s.at}
	if s.hw.nodes.set {
		nodes = shell.Piece{Text: strconv.Itoa(s.hw.nodes.v), Pos: s.hw.nodes.pos}
	}
	s.text.Env = append(s.text.Env, shell.Var{Name: "SKYPILOT_NUM_NODES", Value: nodes}, shell.Var{Name: "SKYPILOT_NODE_RANK", Value: shell.Piece{Text: "0", Pos: s.at}})
	if s.hw.perNode.set {
		s.text.Env = append(s.text.Env, shell.Var{Name: "SKYPILOT_NUM_GPUS_PER_NODE", Value: shell.Piece{Text: strconv.Itoa(s.hw.perNode.v), Pos: s.hw.perNode.pos}})
	}
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

// dstack. A task's commands run one after another in one shell, in the
// repository's folder (working_dir, when set, relative to it); env is a
// list of NAME=VALUE (a NAME alone is passed at run time) or a mapping;
// nodes is the cluster size; DSTACK_NODES_NUM, DSTACK_GPUS_PER_NODE and
// DSTACK_NODE_RANK are set for the commands; resources.gpu is
// [NAME][:MEMORY][:COUNT] with ranges written A..B (dstackai/dstack
// docs/docs/reference/dstack.yml/task.md and docs/docs/concepts/tasks.md,
// 0.18; src/dstack/_internal/core/models/resources.py GPUSpec).
// dstackFile is the name dstack gives a configuration of its own (any
// name ending in .dstack.yml is one; docs/docs/concepts/tasks.md): read in
// a folder walk though hidden files are not.
const dstackFile = ".dstack.yml"

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
			for _, p := range document.Pairs(e) {
				if p.Value.Kind == yaml.ScalarNode && !document.IsNull(p.Value) {
					s.text.Env = append(s.text.Env, shell.Var{Name: p.Key.Value, Value: valuePiece(d, p.Value)})
				}
			}
		}
	}
	nodes := shell.Piece{Text: "1", Pos: s.at}
	if s.hw.nodes.set {
		nodes = shell.Piece{Text: strconv.Itoa(s.hw.nodes.v), Pos: s.hw.nodes.pos}
	}
	s.text.Env = append(s.text.Env, shell.Var{Name: "DSTACK_NODES_NUM", Value: nodes}, shell.Var{Name: "DSTACK_NODE_RANK", Value: shell.Piece{Text: "0", Pos: s.at}})
	if s.hw.perNode.set {
		s.text.Env = append(s.text.Env, shell.Var{Name: "DSTACK_GPUS_PER_NODE", Value: shell.Piece{Text: strconv.Itoa(s.hw.perNode.v), Pos: s.hw.perNode.pos}})
	}
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
	if name != "" {
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
