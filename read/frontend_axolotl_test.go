package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestAxolotlBundledDeepSpeed: a deepspeed: path naming one of axolotl's
// bundled configs where the axolotl image keeps them is read from what the
// bundled file holds, not reported as a missing file; another missing path
// still is.
func TestAxolotlBundledDeepSpeed(t *testing.T) {
	const base = "base_model: mistralai/Mistral-7B-v0.1\nsequence_len: 4096\nmicro_batch_size: 2\nbf16: auto\n"
	for _, c := range []struct {
		name, ds       string
		stage          int
		offOpt, offPar plan.Offload
		subGroup       int64
	}{
		{"zero1", "/workspace/axolotl/deepspeed_configs/zero1.json", 1, plan.OffloadNone, plan.OffloadNone, 1e9},
		{"zero2 offloads the optimizer", "/workspace/axolotl/deepspeed_configs/zero2.json", 2, plan.OffloadCPU, plan.OffloadNone, 1e9},
		{"zero3_bf16", "/workspace/axolotl/deepspeed_configs/zero3_bf16.json", 3, plan.OffloadNone, plan.OffloadNone, 0},
		{"relative, as axolotl's docs write it", "deepspeed_configs/zero3_bf16_cpuoffload_all.json", 3, plan.OffloadCPU, plan.OffloadCPU, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "axolotl.yml", base+"deepspeed: "+c.ds+"\n")
			z := p.ZeRO
			if !z.Enabled || z.Stage.V != c.stage || z.OffloadOptimizer.V != c.offOpt || z.OffloadParam.V != c.offPar || !z.OverlapComm.V || z.SubGroupSize.V != c.subGroup {
				t.Errorf("zero %+v; want stage %d, offload %s/%s, overlap_comm, sub_group_size %d", z, c.stage, c.offOpt, c.offPar, c.subGroup)
			}
			if c.stage == 3 && z.ReduceBucketSize.V != 4096*4096 {
				t.Errorf("reduce_bucket_size %d, want hidden_size² = %d (\"auto\")", z.ReduceBucketSize.V, 4096*4096)
			}
		})
	}
	t.Run("a missing file of another name is an input error", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "axolotl.yml")
		if err := os.WriteFile(path, []byte(base+"deepspeed: /workspace/axolotl/deepspeed_configs/zero9.json\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if res := Load([]string{path}, Options{}); len(res.Errors) == 0 {
			t.Error("no error for a missing DeepSpeed file that axolotl does not ship")
		}
	})
}

// TestAxolotlPadding: without sample_packing or pad_to_sequence_len,
// axolotl pads each batch to its longest sample.
func TestAxolotlPadding(t *testing.T) {
	const base = "base_model: mistralai/Mistral-7B-v0.1\nsequence_len: 4096\nmicro_batch_size: 2\n"
	for _, c := range []struct {
		name, extra string
		want        bool
	}{
		{"default collator", "", true},
		{"pad_to_sequence_len", "pad_to_sequence_len: true\n", false},
		{"sample_packing", "sample_packing: true\n", false},
		{"preference training", "rl: dpo\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "axolotl.yml", base+c.extra)
			if p.PadToLongest.V != c.want {
				t.Errorf("pad to longest %v, want %v", p.PadToLongest.V, c.want)
			}
		})
	}
}

// TestAxolotlRL: dpo, ipo and kto keep a reference, the policy's base with
// the adapters off when an adapter trains (unless rl_adapter_ref_model);
// orpo keeps none, and other rl values are not read as preference training.
func TestAxolotlRL(t *testing.T) {
	const base = "base_model: NousResearch/Meta-Llama-3-8B\nsequence_len: 2048\nmicro_batch_size: 1\ndatasets: []\n"
	for _, c := range []struct {
		name, extra string
		algo        string
		refs        int
		shared      bool
	}{
		{"dpo lora", "rl: dpo\nadapter: lora\n", plan.AlgoDPO, 1, true},
		{"dpo lora own reference", "rl: dpo\nadapter: lora\nrl_adapter_ref_model: true\n", plan.AlgoDPO, 1, false},
		{"kto full", "rl: kto\n", plan.AlgoDPO, 1, false},
		{"orpo", "rl: orpo\nadapter: lora\n", plan.AlgoDPO, 0, false},
		{"grpo", "rl: grpo\n", "", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "axolotl.yml")
			if err := os.WriteFile(path, []byte(base+c.extra), 0o644); err != nil {
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
			if c.refs == 1 && (rl.Companions[0].Role != plan.RoleReference || rl.Companions[0].Shared != c.shared) {
				t.Errorf("reference %+v, want shared %v", rl.Companions[0], c.shared)
			}
		})
	}
}
