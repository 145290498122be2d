package read

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/shell"
)

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
	case "HyperPodPyTorchJob":
		// SageMaker HyperPod's training operator
		// (sagemaker.amazonaws.com/v1): spec.replicaSpecs is a list of
		// {name, replicas, template} beside
		// spec.nprocPerNode (aws/sagemaker-hyperpod-cli@011ca92
		// src/sagemaker/hyperpod/training/config/
		// hyperpod_pytorch_job_unified_config.py, _HyperPodPytorchJob and
		// ReplicaSpec; KIND in src/sagemaker/hyperpod/training/
		// hyperpod_pytorch_job.py). Its containers start hyperpodrun,
		// which the shell reader reads as torchrun.
		s.kind = "SageMaker HyperPod PyTorchJob"
		reps := get(spec, "replicaSpecs")
		if reps == nil || reps.Kind != yaml.SequenceNode {
			return nil, false
		}
		for _, r := range reps.Content {
			t := podTemplate{spec: get(r, "template.spec")}
			if n, ok := intOf(get(r, "replicas")); ok {
				t.replicas = specOf(n, get(r, "replicas"), "spec.replicaSpecs[].replicas")
			}
			main = append(main, t)
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
// GPU request must equal its limit, so either says the count: Kubernetes
// documentation "Schedule GPUs", kubernetes.io/docs/tasks/manage-gpus/
// scheduling-gpus, read 2026-12-03).
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
// cloud.google.com/gke-accelerator (GKE "About GPUs",
// cloud.google.com/kubernetes-engine/docs/concepts/gpus, read 2026-12-03:
// the node label the GPU type is selected by), or the label
// nvidia.com/gpu.product that NVIDIA's GPU feature discovery puts on
// nodes (NVIDIA/k8s-device-plugin's GPU Feature Discovery documentation),
// in a nodeSelector or a required node affinity.
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
