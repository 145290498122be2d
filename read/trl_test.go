package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

func TestDetectTRL(t *testing.T) {
	word := func(s string) shell.Word { return shell.Word{Text: s, Known: true} }
	yamlJob := func(t *testing.T, src string) *Job {
		t.Helper()
		f, err := Parse("train.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return &Job{Primary: f, Trainer: f}
	}
	for _, c := range []struct {
		name    string
		job     func(t *testing.T) *Job
		trl     bool
		trainer string
		script  bool
	}{
		{"trl cli", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.TRL, Program: word("trl"), Args: []shell.Word{word("dpo"), word("--config"), word("dpo.yaml")}}}
		}, true, TRLDPO, true},
		{"module", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.Accelerate, Program: word("trl.scripts.grpo"), Module: true}}
		}, true, TRLGRPO, true},
		{"script file", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.Accelerate, Program: word("examples/scripts/sft.py")}}
		}, true, TRLSFT, true},
		{"unreachable command", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.TRL, Program: word("trl"), Args: []shell.Word{word("sft")}, Unreachable: true}}
		}, false, "", false},
		{"sft keys", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nmax_length: 2048\npacking: true\n")
		}, true, TRLSFT, false},
		{"grpo keys", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nnum_generations: 8\n")
		}, true, TRLGRPO, false},
		{"use_peft alone", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nuse_peft: true\n")
		}, true, "", false},
		{"plain trainer file", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nper_device_train_batch_size: 4\nlearning_rate: 2.0e-5\n")
		}, false, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := DetectTRL(c.job(t))
			if ok != c.trl || got.Trainer != c.trainer || got.Script != c.script {
				t.Errorf("DetectTRL = %+v, %v; want trainer %q, script %v, %v", got, ok, c.trainer, c.script, c.trl)
			}
		})
	}
}

func TestTRLNumberDefault(t *testing.T) {
	for _, c := range []struct {
		trainer string
		want    float64
		ok      bool
		unknown bool
	}{
		{TRLSFT, 2e-5, true, false}, {TRLDPO, 1e-6, true, false}, {TRLReward, 1e-4, true, false}, {"", 0, false, true},
	} {
		v, ok, unknown := TRLNumberDefault(TRLJob{Trainer: c.trainer}, "learning_rate")
		if v != c.want || ok != c.ok || unknown != c.unknown {
			t.Errorf("%q: got %v %v %v, want %v %v %v", c.trainer, v, ok, unknown, c.want, c.ok, c.unknown)
		}
	}
	if _, ok, unknown := TRLNumberDefault(TRLJob{Trainer: TRLSFT}, "max_grad_norm"); ok || unknown {
		t.Error("max_grad_norm keeps the Trainer's default")
	}
}

// describeRL prints what a plan says about an RL job's models, lengths and
// generation engine, one field a line with its origin.
func describeRL(p *plan.Plan) string {
	var b strings.Builder
	line := func(name string, set bool, v any, from plan.Origin) {
		if set {
			fmt.Fprintf(&b, "%-24s %-10v ← %s\n", name, v, from)
		}
	}
	line("rl.algorithm", p.RL.Algorithm.Set, p.RL.Algorithm.V, p.RL.Algorithm.From)
	line("rl.prompt_len", p.RL.PromptLen.Set, p.RL.PromptLen.V, p.RL.PromptLen.From)
	line("rl.completion_len", p.RL.CompletionLen.Set, p.RL.CompletionLen.V, p.RL.CompletionLen.From)
	line("rl.generations", p.RL.Generations.Set, p.RL.Generations.V, p.RL.Generations.From)
	line("rl.generation_batch", p.RL.GenerationBatch.Set, p.RL.GenerationBatch.V, p.RL.GenerationBatch.From)
	for i, c := range p.RL.Companions {
		k := fmt.Sprintf("rl.companion[%d]", i)
		line(k+".role", true, c.Role, c.From)
		line(k+".model", c.ModelRef.Set, c.ModelRef.V, c.ModelRef.From)
		line(k+".zero_stage", c.ZeROStage.Set, c.ZeROStage.V, c.ZeROStage.From)
		line(k+".param_offload", c.ParamOffload.Set, c.ParamOffload.V, c.ParamOffload.From)
		fmt.Fprintf(&b, "%-24s shared %v, colocated %v, trained %v\n", k, c.Shared, c.Colocated, c.Trained)
	}
	line("rollout.engine", p.Rollout.Engine.Set, p.Rollout.Engine.V, p.Rollout.Engine.From)
	line("rollout.tensor_parallel", p.Rollout.TensorParallel.Set, p.Rollout.TensorParallel.V, p.Rollout.TensorParallel.From)
	line("rollout.gpu_memory_util", p.Rollout.GPUMemoryUtilization.Set, p.Rollout.GPUMemoryUtilization.V, p.Rollout.GPUMemoryUtilization.From)
	if p.Rollout.Engine.Set {
		fmt.Fprintf(&b, "%-24s %v\n", "rollout.same_gpus", p.Rollout.SameGPUs)
	}
	line("seq_len", p.SeqLen.Set, p.SeqLen.V, p.SeqLen.From)
	return b.String()
}

// TestTRLRLGolden reads the TRL, open-r1 and alignment-handbook recipes of
// testdata/frontends/trl (see each PROVENANCE) and compares what their
// plans say about the RL job with rl.golden (-update rewrites it).
func TestTRLRLGolden(t *testing.T) {
	t.Setenv("HF_HUB_CACHE", "/nonexistent/hf")
	t.Setenv("MODELSCOPE_CACHE", "/nonexistent/ms")
	dirs, _ := filepath.Glob("../testdata/frontends/trl/*")
	if len(dirs) == 0 {
		t.Fatal("no TRL recipes")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Load([]string{dir}, Options{})
			var b strings.Builder
			for _, j := range res.Jobs {
				b.WriteString("job " + filepath.ToSlash(j.Primary.Path) + "\n" + describeRL(j.Plan))
			}
			got := strings.ReplaceAll(b.String(), filepath.ToSlash(dir)+"/", "")
			golden := filepath.Join(dir, "rl.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("RL plan mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

// TestTRLRL checks the RL fields each TRL class fills, its defaults and
// the cases where no reference model is kept.
func TestTRLRL(t *testing.T) {
	type want struct {
		algo                 string
		gens, genBatch, comp int
		refs                 int  // companions with the reference role
		shared               bool // the reference is the PEFT base
		refStage             int  // -1: unset
		engine               string
		tp                   int
		util                 float64
		same                 bool
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  want
	}{
		{"grpo v1.9 defaults: beta 0.0 keeps no reference", map[string]string{
			"run.sh":    "trl grpo --config grpo.yaml\n",
			"grpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\nreward_funcs: [accuracy_reward]\nper_device_train_batch_size: 4\ngradient_accumulation_steps: 2\n",
		}, want{algo: plan.AlgoGRPO, gens: 8, genBatch: 8, comp: 256, refStage: -1, engine: "hf"}},
		{"grpo colocate vllm on the command line, beta > 0 under ZeRO-2", map[string]string{
			"run.sh":      "accelerate launch --config_file ds.yaml trl/scripts/grpo.py --config grpo.yaml --use_vllm true --vllm_mode colocate --vllm_tensor_parallel_size 2\n",
			"ds.yaml":     "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\ndeepspeed_config:\n  zero_stage: 2\nnum_processes: 4\n",
			"grpo.yaml":   "model_name_or_path: Qwen/Qwen2.5-0.5B\nreward_funcs: [accuracy_reward]\nbeta: 0.04\nnum_generations: 4\ngeneration_batch_size: 32\nvllm_gpu_memory_utilization: 0.5\nmax_completion_length: 512\n",
			".keep.yaml":  "",
			"unused.json": "{}",
		}, want{algo: plan.AlgoGRPO, gens: 4, genBatch: 8, comp: 512, refs: 1, refStage: 0, engine: "vllm", tp: 2, util: 0.5, same: true}},
		{"rloo defaults: 2 generations, beta 0.05, PEFT shares the base", map[string]string{
			"run.sh":    "trl rloo --config rloo.yaml\n",
			"rloo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\nreward_funcs: [accuracy_reward]\nuse_peft: true\n",
		}, want{algo: plan.AlgoGRPO, gens: 2, genBatch: 8, comp: 256, refs: 1, shared: true, refStage: -1, engine: "hf"}},
		{"dpo with precomputed reference log-probs keeps no reference", map[string]string{
			"run.sh":   "trl dpo --config dpo.yaml\n",
			"dpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/ultrafeedback_binarized\nprecompute_ref_log_probs: true\n",
		}, want{algo: plan.AlgoDPO, refStage: -1}},
		{"dpo under ZeRO-3 shards its reference", map[string]string{
			"run.sh":   "accelerate launch --config_file ds.yaml trl/scripts/dpo.py --config dpo.yaml\n",
			"ds.yaml":  "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\ndeepspeed_config:\n  zero_stage: 3\nnum_processes: 8\n",
			"dpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/ultrafeedback_binarized\n",
		}, want{algo: plan.AlgoDPO, refs: 1, refStage: 3}},
		{"orpo keeps no reference", map[string]string{
			"run.sh":    "python examples/scripts/orpo.py --config orpo.yaml\n",
			"orpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/ultrafeedback_binarized\nbeta: 0.1\n",
		}, want{algo: plan.AlgoDPO, refStage: -1}},
		{"online dpo: two completions, vLLM colocated at 0.55", map[string]string{
			"run.sh":          "python examples/scripts/online_dpo.py --config online_dpo.yaml\n",
			"online_dpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\nreward_model_path: trl-lib/Qwen2-0.5B-Reward\nuse_vllm: true\n",
		}, want{algo: plan.AlgoOther, gens: 2, comp: 64, refs: 1, refStage: -1, engine: "vllm", tp: 1, util: 0.55, same: true}},
		{"open-r1 recipe alone: TRL v0.18.0's beta 0.04 and server mode", map[string]string{
			"grpo.yaml": "model_name_or_path: Qwen/Qwen2.5-1.5B-Instruct\ndataset_prompt_column: problem\nuse_vllm: true\nnum_generations: 16\nper_device_train_batch_size: 16\n",
		}, want{algo: plan.AlgoGRPO, gens: 16, genBatch: 16, comp: 256, refs: 1, refStage: -1, engine: "vllm"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{dir}, Options{})
			var p *plan.Plan
			for _, j := range res.Jobs {
				if j.Plan.IsRL() {
					p = j.Plan
				}
			}
			if p == nil {
				t.Fatalf("no RL job among %d jobs (errors %v)", len(res.Jobs), res.Errors)
			}
			got := want{algo: p.RL.Algorithm.V, gens: p.RL.Generations.V, genBatch: p.RL.GenerationBatch.V, comp: p.RL.CompletionLen.V, refStage: -1,
				engine: p.Rollout.Engine.V, tp: p.Rollout.TensorParallel.V, util: p.Rollout.GPUMemoryUtilization.V, same: p.Rollout.SameGPUs}
			for _, r := range p.RL.Companions {
				if r.Role == plan.RoleReference {
					got.refs++
					got.shared = r.Shared
					if r.ZeROStage.Set {
						got.refStage = r.ZeROStage.V
					}
				}
			}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v\n%s", got, c.want, describeRL(p))
			}
		})
	}
}

// TestTRLDPOPaddingFree: TRL v1.9.0's DPOTrainer turns padding_free back
// off, so a DPO config's padding_free leaves the batches padded and the plan
// says so; SFTTrainer honours it.
func TestTRLDPOPaddingFree(t *testing.T) {
	for _, c := range []struct {
		name, config string
		free         bool
		assumed      string
	}{
		{"dpo", "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/ultrafeedback_binarized\nbeta: 0.05\npadding_free: true\n", false, "dpo.yaml:4:1 is not used: TRL v1.9.0 DPOTrainer falls back to padded batches"},
		{"sft", "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/Capybara\npadding_free: true\n", true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"run.sh": "trl " + c.name + " --config " + c.name + ".yaml\n", c.name + ".yaml": c.config}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{dir}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			if p.PaddingFree.V != c.free {
				t.Errorf("padding_free %v, want %v", p.PaddingFree.V, c.free)
			}
			got := strings.Join(p.Assumptions, "\n")
			if c.assumed != "" && !strings.Contains(got, c.assumed) {
				t.Errorf("assumptions %q lack %q", got, c.assumed)
			}
		})
	}
}
