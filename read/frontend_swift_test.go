package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestSwiftPreference: `swift rlhf` trains DPO by default with a reference
// that is a second copy under tuner_type full (ZeRO-3 kept for it by TRL's
// prepare_deepspeed) and the base with adapters off under LoRA; ORPO keeps
// none; GRPO and `swift sft` are not read as preference training.
func TestSwiftPreference(t *testing.T) {
	for _, c := range []struct {
		name, cmd string
		algo      string
		refs      int
		shared    bool
		stage     int // -1: unset
	}{
		{"dpo by default, lora", "swift rlhf --model Qwen/Qwen2.5-7B-Instruct --dataset d\n", plan.AlgoDPO, 1, true, -1},
		{"kto full under zero3", "NPROC_PER_NODE=4 swift rlhf --rlhf_type kto --model Qwen/Qwen2.5-7B-Instruct --tuner_type full --deepspeed zero3\n", plan.AlgoDPO, 1, false, 3},
		{"dpo full under zero2", "NPROC_PER_NODE=4 swift rlhf --rlhf_type dpo --model Qwen/Qwen2.5-7B-Instruct --tuner_type full --deepspeed zero2\n", plan.AlgoDPO, 1, false, 0},
		{"orpo", "swift rlhf --rlhf_type orpo --model Qwen/Qwen2.5-7B-Instruct\n", plan.AlgoDPO, 0, false, -1},
		{"grpo", "swift rlhf --rlhf_type grpo --model Qwen/Qwen2.5-7B-Instruct --reward_funcs accuracy\n", "", 0, false, -1},
		{"sft", "swift sft --model Qwen/Qwen2.5-7B-Instruct\n", "", 0, false, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			rl := res.Jobs[0].Plan.RL
			if rl.Algorithm.V != c.algo || len(rl.Companions) != c.refs {
				t.Fatalf("algorithm %q with %d companions, want %q with %d", rl.Algorithm.V, len(rl.Companions), c.algo, c.refs)
			}
			if c.refs == 0 {
				return
			}
			ref := rl.Companions[0]
			stage := -1
			if ref.ZeROStage.Set {
				stage = ref.ZeROStage.V
			}
			if ref.Role != plan.RoleReference || ref.Shared != c.shared || stage != c.stage {
				t.Errorf("reference %+v, want shared %v, ZeRO stage %d", ref, c.shared, c.stage)
			}
		})
	}
}

// TestSwiftModuleLaunch: a launcher running ms-swift's swift/cli/sft.py or
// rlhf.py by path is read as `swift sft|rlhf` (its --model, --tuner_type and
// bundled --deepspeed presets), not as TRL's script of the same name; a
// module that does not train (swift/cli/infer.py) is read as not training.
func TestSwiftModuleLaunch(t *testing.T) {
	for _, c := range []struct {
		name, cmd string
		model     string
		peft      string
		stage     int // -1: unset
	}{
		{"torchrun sft.py", "torchrun --nproc_per_node 4 swift/cli/sft.py --model Qwen/Qwen2.5-7B-Instruct --tuner_type lora --deepspeed zero3\n", "Qwen/Qwen2.5-7B-Instruct", "lora", 3},
		{"accelerate rlhf.py", "accelerate launch --num_processes 2 swift/cli/rlhf.py --rlhf_type dpo --model Qwen/Qwen2.5-7B-Instruct --tuner_type full\n", "Qwen/Qwen2.5-7B-Instruct", "none", -1},
		{"infer.py does not train", "python swift/cli/infer.py --model Qwen/Qwen2.5-7B-Instruct\n", "", "", -1},
		{"TRL's own sft.py", "accelerate launch trl/scripts/sft.py --model_name_or_path Qwen/Qwen2.5-7B-Instruct\n", "Qwen/Qwen2.5-7B-Instruct", "none", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			j := res.Jobs[0]
			if c.model == "" {
				if what, ok := commandNotTraining(j.Command); !ok || what != "inference: swift/cli/infer.py" {
					t.Errorf("not training: %q, %v; want inference", what, ok)
				}
				return
			}
			_, swift := swiftScript(j.Command)
			_, trl := DetectTRL(j)
			if want := c.name != "TRL's own sft.py"; swift != want || trl == want {
				t.Errorf("read as an ms-swift module %v and as TRL %v; want ms-swift %v", swift, trl, want)
			}
			p := j.Plan
			if p.ModelRef.V != c.model || p.PEFT.Method.V != c.peft {
				t.Errorf("model %q, peft %q; want %q, %q", p.ModelRef.V, p.PEFT.Method.V, c.model, c.peft)
			}
			stage := -1
			if p.ZeRO.Stage.Set {
				stage = p.ZeRO.Stage.V
			}
			if stage != c.stage {
				t.Errorf("ZeRO stage %d, want %d", stage, c.stage)
			}
		})
	}
}
