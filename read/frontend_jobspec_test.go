package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
)

// TestJobSpecCommand: the command a job spec runs is read as a launch
// script: a container's command and args joined as the runtime execs them,
// bash -c text with its arguments as "$@", env applied, SkyPilot's run block
// and dstack's commands with the scheduler's variables.
func TestJobSpecCommand(t *testing.T) {
	k8s := func(container string) string {
		return "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n" + container
	}
	for _, c := range []struct {
		name, src string
		launcher  string
		world     int    // 0: unknown
		args      string // the program's arguments, joined by blanks
		line      int    // where the first word of args is written
	}{
		{"bash -c with $@", k8s("        command: [\"/bin/bash\", \"-c\", 'exec trl sft \"$@\"', \"--\"]\n        args:\n        - \"--model_name_or_path=m\"\n        - --bf16\n"),
			"trl", 0, "--model_name_or_path=m --bf16", 10},
		{"sh -c text", k8s("        command: [\"/bin/sh\", \"-c\", \"torchrun --nproc_per_node=8 train.py --bf16\"]\n"),
			"torchrun", 8, "--bf16", 8},
		{"no shell", k8s("        command: [torchrun, --nproc_per_node=4, train.py]\n        args: [--output_dir, out]\n"),
			"torchrun", 4, "--output_dir out", 9},
		{"env and $(VAR)", k8s("        env:\n        - name: NGPU\n          value: \"2\"\n        - name: TOKEN\n          valueFrom: {secretKeyRef: {name: s, key: k}}\n" +
			"        command: [torchrun, \"--nproc_per_node=$(NGPU)\", train.py]\n"), "torchrun", 2, "", 0},
		{"env in bash -c", k8s("        env:\n        - {name: NGPU, value: \"4\"}\n        command: [bash, -lc]\n        args:\n        - |\n          cd /workspace\n          torchrun --nproc_per_node=$NGPU train.py --lr 1e-5\n"),
			"torchrun", 4, "--lr 1e-5", 14},
		{"PyTorchJob master", "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n" +
			"            command: [python, -m, torch.distributed.run, --nproc_per_node=8, train.py]\n    Worker:\n      replicas: 3\n      template:\n        spec:\n          containers:\n          - name: pytorch\n            command: [python]\n",
			"torch.distributed.run", 32, "", 0},
		{"PyTorchJob nprocPerNode", "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  nprocPerNode: \"4\"\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n" +
			"            command: [torchrun, train.py]\n    Worker:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n            command: [torchrun, train.py]\n",
			"torchrun", 8, "", 0},
		{"PyTorchJob elastic", "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  elasticPolicy:\n    minReplicas: 1\n    maxReplicas: 4\n  pytorchReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          containers:\n          - name: pytorch\n" +
			"            command: [torchrun, --nproc_per_node=8, train.py]\n", "torchrun", 0, "", 0},
		{"HyperPodPyTorchJob hyperpodrun", "apiVersion: sagemaker.amazonaws.com/v1\nkind: HyperPodPyTorchJob\nspec:\n  nprocPerNode: \"8\"\n  replicaSpecs:\n  - name: pods\n    replicas: 2\n    template:\n      spec:\n        containers:\n        - name: pytorch\n" +
			"          command: [hyperpodrun, --tee=3, --nproc_per_node=8, --nnodes=2, --pre-train-script, pre.sh, /fsdp/train.py, --train_batch_size=1]\n          resources: {limits: {nvidia.com/gpu: 8}}\n",
			"torchrun", 16, "--train_batch_size=1", 12},
		{"RayJob entrypoint", "apiVersion: ray.io/v1\nkind: RayJob\nspec:\n  entrypoint: python train.py --lr 1e-5\n", "python", 1, "--lr 1e-5", 4},
		{"SkyPilot run", "envs:\n  LR: 1e-5\nresources:\n  accelerators: H100:8\nnum_nodes: 2\nrun: |\n  torchrun --nnodes=$SKYPILOT_NUM_NODES --nproc_per_node=$SKYPILOT_NUM_GPUS_PER_NODE \\\n    train.py --lr $LR\n",
			"torchrun", 16, "--lr 1e-5", 8},
		{"SkyPilot serving", "service:\n  readiness_probe: /v1/models\nresources:\n  accelerators: L4:1\nrun: |\n  vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 4096\n",
			"vllm", 0, "", 0},
		{"evaluation Job", k8s("        command: [lm_eval, --model, hf, --model_args, pretrained=Qwen/Qwen2.5-7B, --tasks, gsm8k]\n"), "lm_eval", 0, "--tasks gsm8k", 8},
		{"dstack commands", "type: task\nnodes: 2\nenv:\n  - LR=2e-5\ncommands:\n  - pip install -r requirements.txt\n  - torchrun --nnodes=$DSTACK_NODES_NUM --nproc_per_node=$DSTACK_GPUS_PER_NODE train.py --lr $LR\n" +
			"resources:\n  gpu: A100:80GB:4\n", "torchrun", 8, "--lr 2e-5", 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse("job.yaml", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != JobSpec || f.Script == nil || len(f.Script.Commands) == 0 {
				t.Fatalf("not read as a job spec with a launch: format %q, skip %q", f.Format, f.Skip)
			}
			cmd := f.Script.Commands[0]
			if cmd.Launcher != c.launcher {
				t.Errorf("launcher %q, want %q", cmd.Launcher, c.launcher)
			}
			n, how, ok := cmd.WorldSize()
			if !ok {
				n = 0
			}
			if n != c.world {
				t.Errorf("world size %d (%s), want %d", n, how, c.world)
			}
			var args []string
			for _, w := range cmd.Args {
				args = append(args, w.Text)
			}
			if c.args != "" {
				if got := strings.Join(args, " "); !strings.HasSuffix(got, c.args) {
					t.Errorf("args %q, want them to end in %q", got, c.args)
				}
				first := strings.Fields(c.args)[0]
				for _, w := range cmd.Args {
					if w.Text == first {
						if at := writtenAt(w); at.Line != c.line {
							t.Errorf("%q written at line %d, want %d", first, at.Line, c.line)
						}
						break
					}
				}
			}
		})
	}
}

// TestJobSpecNotRead: a spec whose command cannot be read says so, at the
// line of the container; one that runs no training launch is no job.
func TestJobSpecNotRead(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"no command", "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: x\n        args: [--lr, \"1\"]\n",
			"sets no command"},
		{"command not a list", "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        command: torchrun train.py\n",
			"not a list of strings"},
		{"launch not followed", "name: t\nresources:\n  accelerators: A100:1\nrun: |\n  eval \"$(cat cmd.txt)\" && $LAUNCH torchrun --nproc_per_node $(nvidia-smi -L | wc -l) $(ls *.py)\n",
			"looks like a training launch"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse("job.yaml", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != JobSpec || f.UnreadLaunch.Line == 0 || !strings.Contains(f.Skip, c.want) {
				t.Errorf("format %q, unread at %v, skip %q; want the not-read finding saying %q", f.Format, f.UnreadLaunch, f.Skip, c.want)
			}
		})
	}
	f, err := Parse("serve.yaml", []byte("resources:\n  accelerators: L4:1\nrun: |\n  echo hello\n"))
	if err != nil || f.Format != JobSpec || f.Skip == "" || f.UnreadLaunch.Line != 0 {
		t.Errorf("a task with no launch: %v, skip %q, unread %v", err, f.Skip, f.UnreadLaunch)
	}
	f, err = Parse("cm.yaml", []byte("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n"))
	if err != nil || f.Format == JobSpec {
		t.Errorf("a ConfigMap read as a job spec: %v %q", err, f.Format)
	}
}

// TestJobSpecHardware: the cards and counts the schedulers' syntaxes ask
// for, mapped onto the catalog.
func TestJobSpecHardware(t *testing.T) {
	cat := catalog.Builtin()
	pod := func(sel, limit string) string {
		return "apiVersion: batch/v1\nkind: Job\nspec:\n  parallelism: 2\n  template:\n    spec:\n      nodeSelector:\n        " + sel +
			"\n      containers:\n      - name: c\n        command: [python, train.py]\n        resources:\n          limits:\n            nvidia.com/gpu: " + limit + "\n"
	}
	for _, c := range []struct {
		name, src string
		card      string // catalog name; "" when unknown
		perNode   int
		nodes     int
	}{
		{"SkyPilot NAME:COUNT", "run: python train.py\nresources:\n  accelerators: H100:8\n", "h100-80gb", 8, 0},
		{"SkyPilot A100 is 40 GB", "run: python train.py\nresources:\n  accelerators: A100\nnum_nodes: 4\n", "a100-40gb", 1, 4},
		{"SkyPilot mapping", "run: python train.py\nresources:\n  accelerators: {A100-80GB: 8}\n", "a100-80gb", 8, 0},
		{"SkyPilot alternatives", "run: python train.py\nresources:\n  accelerators: ['L4:4', 'A10G:4']\n", "l4-24gb", 4, 0},
		{"SkyPilot ordered", "run: python train.py\nresources:\n  ordered:\n  - accelerators: H200:8\n  - accelerators: H100:8\n", "h200-141gb", 8, 0},
		{"SkyPilot unknown card", "run: python train.py\nresources:\n  accelerators: tpu-v5-lite-podslice:4\n", "", 4, 0},
		{"GKE h100", pod("cloud.google.com/gke-accelerator: nvidia-h100-80gb", "8"), "h100-80gb", 8, 2},
		{"GKE l4", pod("cloud.google.com/gke-accelerator: nvidia-l4", "1"), "l4-24gb", 1, 2},
		{"GKE tesla a100", pod("cloud.google.com/gke-accelerator: nvidia-tesla-a100", "2"), "a100-40gb", 2, 2},
		{"GPU feature discovery", pod("nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB", "4"), "a100-80gb", 4, 2},
		{"JobSet replicas × parallelism", "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nspec:\n  replicatedJobs:\n  - name: w\n    replicas: 2\n    template:\n      spec:\n        parallelism: 4\n" +
			"        template:\n          spec:\n            nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}\n            containers:\n            - name: t\n              command: [torchrun, --nproc_per_node=8, train.py]\n" +
			"              resources: {limits: {nvidia.com/gpu: 8}}\n", "h100-80gb", 8, 8},
		{"PyTorchJob master and workers", "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n" +
			"            command: [torchrun, train.py]\n            resources: {limits: {nvidia.com/gpu: 4}}\n    Worker:\n      replicas: 3\n      template:\n        spec:\n          containers:\n          - name: pytorch\n            command: [torchrun, train.py]\n", "", 4, 4},
		{"HyperPodPyTorchJob replicaSpecs", "apiVersion: sagemaker.amazonaws.com/v1\nkind: HyperPodPyTorchJob\nspec:\n  nprocPerNode: \"8\"\n  replicaSpecs:\n  - name: pods\n    replicas: 2\n    template:\n      spec:\n        containers:\n        - name: pytorch\n" +
			"          command: [hyperpodrun, --tee=3, --nproc_per_node=8, --nnodes=2, --pre-train-script, pre.sh, /fsdp/train.py, --train_batch_size=1]\n          resources: {limits: {nvidia.com/gpu: 8}}\n", "", 8, 2},
		{"dstack name:memory:count", "type: task\ncommands: [python train.py]\nresources:\n  gpu: A100:80GB:8\n", "a100-80gb", 8, 0},
		{"dstack memory range, no name", "type: task\ncommands: [python train.py]\nresources:\n  gpu: 24GB..:1\n", "", 1, 0},
		{"dstack A100 alone", "type: task\nnodes: 2\ncommands: [python train.py]\nresources:\n  gpu: A100:2\n", "", 2, 2},
		{"dstack mapping", "type: task\ncommands: [python train.py]\nresources:\n  gpu:\n    name: [H100, H200]\n    count: 8\n", "h100-80gb", 8, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse("job.yaml", []byte(c.src))
			if err != nil || f.spec == nil {
				t.Fatalf("not a job spec: %v", err)
			}
			hw := f.spec.hw
			if hw.perNode.v != c.perNode || hw.nodes.v != c.nodes {
				t.Errorf("per node %d, nodes %d; want %d, %d", hw.perNode.v, hw.nodes.v, c.perNode, c.nodes)
			}
			g, ok := specCard(cat, f.spec)
			switch {
			case c.card == "" && ok:
				t.Errorf("card %q found as %s, want unknown", hw.card.v, g.Name)
			case c.card != "" && (!ok || g.Name != c.card):
				t.Errorf("card %q → %q (found %v), want %s", hw.card.v, g.Name, ok, c.card)
			}
		})
	}
}

// TestJobSpecPlan: the spec's hardware is the job's, with its origin, and
// an assumption says so; a declared GPU wins; a card the catalog does not
// know leaves the job without one, with a note naming it; a launcher that
// starts one process per GPU runs as many as the spec gives each node.
func TestJobSpecPlan(t *testing.T) {
	dir := t.TempDir()
	job := "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      nodeSelector:\n        cloud.google.com/gke-accelerator: %s\n" +
		"      containers:\n      - name: c\n        command: [bash, -c, 'exec trl sft \"$@\"', --]\n        args: [--model_name_or_path=Qwen/Qwen2.5-0.5B, --bf16]\n" +
		"        resources:\n          limits:\n            nvidia.com/gpu: 4\n"
	for _, c := range []struct {
		name, card, flagGPU string
		want, assume        string
		world               int
	}{
		{"from the spec", "nvidia-h100-80gb", "", "h100-80gb", "the GPU is the one the Kubernetes Job asks for: h100-80gb", 4},
		{"declared wins", "nvidia-h100-80gb", "a100-40gb", "a100-40gb", "", 4},
		{"unknown card", "nvidia-tesla-p100", "", "", `asks for GPU "nvidia-tesla-p100"`, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".yaml")
			if err := os.WriteFile(path, []byte(fmt.Sprintf(job, c.card)), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{Overrides: Overrides{GPU: c.flagGPU}})
			if len(res.Errors) > 0 || len(res.Jobs) != 1 {
				t.Fatalf("errors %v, %d jobs", res.Errors, len(res.Jobs))
			}
			p := res.Jobs[0].Plan
			if got := p.Hardware.GPU.V.Name; got != c.want {
				t.Errorf("GPU %q, want %q", got, c.want)
			}
			if c.want != "" && c.flagGPU == "" && p.Hardware.GPU.From.Line != 7 {
				t.Errorf("GPU from %+v, want line 7 of the spec", p.Hardware.GPU.From)
			}
			found := c.assume == ""
			for _, a := range p.Assumptions {
				found = found || strings.Contains(a, c.assume)
				if c.assume == "" && strings.Contains(a, "asks for") {
					t.Errorf("assumption %q with a declared GPU", a)
				}
			}
			if !found {
				t.Errorf("no assumption saying %q in %q", c.assume, p.Assumptions)
			}
			if p.World() != c.world {
				t.Errorf("world %d, want %d", p.World(), c.world)
			}
		})
	}
}

// TestDstackFileWalked: dstack's own .dstack.yml is read in a folder walk,
// other hidden files are not.
func TestDstackFileWalked(t *testing.T) {
	dir := t.TempDir()
	task := []byte("type: task\ncommands:\n  - torchrun --nproc_per_node=$DSTACK_GPUS_PER_NODE train.py --output_dir out\nresources:\n  gpu: H100:8\n")
	for _, name := range []string{".dstack.yml", ".other.yml"} {
		if err := os.WriteFile(filepath.Join(dir, name), task, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := Load([]string{dir}, Options{})
	if len(res.Jobs) != 1 || filepath.Base(res.Jobs[0].Primary.Path) != ".dstack.yml" {
		t.Fatalf("%d jobs, want the one of .dstack.yml", len(res.Jobs))
	}
	if p := res.Jobs[0].Plan; p.World() != 8 || p.Hardware.GPU.V.Name != "h100-80gb" {
		t.Errorf("world %d on %q, want 8 on h100-80gb", p.World(), p.Hardware.GPU.V.Name)
	}
}

// TestJobSpecLaunchCountWins: a launch that starts fewer processes per node
// than the spec gives GPUs is costed at its own count, and says so.
func TestJobSpecLaunchCountWins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "job.yaml")
	src := "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n" +
		"            command: [torchrun, --nproc_per_node=4, train.py, --model_name_or_path, Qwen/Qwen2.5-0.5B]\n            resources: {limits: {nvidia.com/gpu: 8}}\n" +
		"    Worker:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: pytorch\n            command: [torchrun]\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{path}, Options{})
	if len(res.Errors) > 0 || len(res.Jobs) != 1 {
		t.Fatalf("errors %v, %d jobs", res.Errors, len(res.Jobs))
	}
	p := res.Jobs[0].Plan
	if p.World() != 8 || p.Hardware.Nodes.V != 2 || p.Hardware.GPUsPerNode.V != 4 {
		t.Errorf("world %d = %d nodes × %d, want 2 × 4", p.World(), p.Hardware.Nodes.V, p.Hardware.GPUsPerNode.V)
	}
	found := false
	for _, a := range p.Assumptions {
		found = found || strings.Contains(a, "starts 8 process(es) over 2 node(s), where the Kubeflow PyTorchJob gives each node 8 GPU(s)")
	}
	if !found {
		t.Errorf("no assumption on the launch's count in %q", p.Assumptions)
	}
}

// TestJobSpecCardNotes: a card the spec does not name, or names without
// the memory that tells its models apart, leaves the job without a GPU
// and a note that says why.
func TestJobSpecCardNotes(t *testing.T) {
	for _, c := range []struct{ gpu, want string }{
		{"24GB..:1", "asks for any GPU with at least 24 GB"},
		{"A100:2", "without the memory that tells its 40 GB and 80 GB models apart"},
		{"MI300X:8", ""},
	} {
		t.Run(c.gpu, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.dstack.yml")
			src := "type: task\ncommands:\n  - torchrun --nproc_per_node=$DSTACK_GPUS_PER_NODE train.py --model_name_or_path Qwen/Qwen2.5-0.5B\nresources:\n  gpu: " + c.gpu + "\n"
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs", len(res.Jobs))
			}
			p := res.Jobs[0].Plan
			if c.want == "" {
				if p.Hardware.GPU.V.Name != "mi300x-192gb" {
					t.Errorf("GPU %q, want mi300x-192gb", p.Hardware.GPU.V.Name)
				}
				return
			}
			if p.Hardware.GPU.Set {
				t.Errorf("GPU %q set, want none", p.Hardware.GPU.V.Name)
			}
			found := false
			for _, a := range p.Assumptions {
				found = found || strings.Contains(a, c.want)
			}
			if !found {
				t.Errorf("no assumption saying %q in %q", c.want, p.Assumptions)
			}
		})
	}
}
