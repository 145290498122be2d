package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLLaVAOwnership: LLaVA's entry points are read with LLaVA's defaults,
// VILA's launches of the same paths and TinyLLaVA's are not.
func TestLLaVAOwnership(t *testing.T) {
	for _, c := range []struct {
		name, cmd, want string
	}{
		{"llava", "deepspeed llava/train/train_mem.py --model_name_or_path m --tune_mm_mlp_adapter True", RecipeLLaVA},
		{"next", "torchrun llava/train/train_mem.py --model_name_or_path m --mm_tunable_parts mm_mlp_adapter", RecipeLLaVANeXT},
		{"vila", "torchrun llava/train/train_mem.py --model_name_or_path m --tune_vision_tower True", ""},
		{"tinyllava", "deepspeed tinyllava/train/train.py --model_name_or_path m --tune_mm_mlp_adapter True", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			if got := res.Jobs[0].Plan.Recipe.V; got != c.want {
				t.Errorf("recipe %q, want %q", got, c.want)
			}
		})
	}
}

// TestLLaVADPO: LLaVA-NeXT's train_dpo.py is read like train.py (NeXT's
// defaults, batches padded to their longest) and as DPO: chosen and
// rejected double the micro batch, and a reference model stands beside the
// policy unless its log-probabilities are precomputed.
func TestLLaVADPO(t *testing.T) {
	const launch = "torchrun --nproc_per_node 8 llava/train/train_dpo.py --model_name_or_path lmms-lab/llava-onevision-qwen2-7b-ov --per_device_train_batch_size 2 --bf16 True"
	for _, c := range []struct {
		name, args string
		micro      int
		reference  bool
	}{
		{"dpo", "", 4, true},
		{"precomputed reference", " --precompute_ref_log_probs True", 4, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "dpo.sh", launch+c.args+"\n")
			if p.Recipe.V != RecipeLLaVANeXT || !p.PadToLongest.V || p.SeqLen.V != 4096 || p.Attention.V != "flash_attention_2" {
				t.Errorf("recipe %q, pad to longest %v, seq %d, attention %q; want %q, true, 4096, flash_attention_2",
					p.Recipe.V, p.PadToLongest.V, p.SeqLen.V, p.Attention.V, RecipeLLaVANeXT)
			}
			if p.RL.Algorithm.V != plan.AlgoDPO || p.MicroBatch.V != c.micro {
				t.Errorf("algorithm %q, micro batch %d; want dpo, %d", p.RL.Algorithm.V, p.MicroBatch.V, c.micro)
			}
			if _, ok := companion(p, plan.RoleReference); ok != c.reference {
				t.Errorf("reference model %v, want %v", ok, c.reference)
			}
		})
	}
}

// TestMoELLaVA: MoE-LLaVA's fork of LLaVA's script pads to the longest
// sample like LLaVA's, keeps its own LoRA defaults (128, 256), leaves the
// attention kernel to the model (its train_mem.py patches only LLaMA's),
// and declines its MoE stage.
func TestMoELLaVA(t *testing.T) {
	for _, c := range []struct {
		name, args string
		r, alpha   int
		gap        bool
	}{
		{name: "pretrain", args: "--tune_mm_mlp_adapter True"},
		{name: "lora", args: "--lora_enable True", r: 128, alpha: 256},
		{name: "moe", args: "--moe_enable True --num_experts 4", gap: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.sh")
			cmd := "deepspeed moellava/train/train_mem.py --model_name_or_path Qwen/Qwen-1_8B --bf16 True " + c.args + "\n"
			if err := os.WriteFile(path, []byte(cmd), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			if !p.PadToLongest.V || p.SeqLen.V != 512 {
				t.Errorf("pad to longest %v, seq %d; want true, 512", p.PadToLongest.V, p.SeqLen.V)
			}
			if p.Attention.From.Kind != plan.FromDefault {
				t.Errorf("attention %q from %v; want the default", p.Attention.V, p.Attention.From)
			}
			if c.r != 0 && (p.PEFT.R.V != c.r || p.PEFT.Alpha.V != c.alpha) {
				t.Errorf("lora r %d alpha %d; want %d, %d", p.PEFT.R.V, p.PEFT.Alpha.V, c.r, c.alpha)
			}
			gap := false
			for _, g := range p.MemoryGaps {
				gap = gap || g.Kind == "recipe not modelled"
			}
			if gap != c.gap {
				t.Errorf("recipe gap %v, want %v (gaps %v)", gap, c.gap, p.MemoryGaps)
			}
		})
	}
}

// TestLLaVALoRATargets: LLaVA's and LLaVA-NeXT's find_all_linear_names give
// the decoder's linear names, MoE-LLaVA keeps every linear, and a
// target_modules the launch names is kept.
func TestLLaVALoRATargets(t *testing.T) {
	decoder := "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"
	for _, c := range []struct {
		name, cmd, want string
	}{
		{"llava", "deepspeed llava/train/train_mem.py --model_name_or_path m --lora_enable True", decoder},
		{"next", "torchrun llava/train/train_mem.py --model_name_or_path m --mm_tunable_parts mm_language_model --lora_enable True", decoder},
		{"moe", "deepspeed moellava/train/train_mem.py --model_name_or_path m --lora_enable True", "all-linear"},
		{"full", "deepspeed llava/train/train_mem.py --model_name_or_path m", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			if got := strings.Join(res.Jobs[0].Plan.PEFT.TargetModules.V, ","); got != c.want {
				t.Errorf("target_modules %q, want %q", got, c.want)
			}
		})
	}
}
