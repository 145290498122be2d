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
