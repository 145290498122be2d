package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestQLoRAScript: qlora.py and the forks that take its arguments train
// LoRA on a 4-bit NF4 base unless full_finetune, at source_max_len +
// target_max_len tokens padded to the longest sample, with the script's own
// TrainingArguments defaults.
func TestQLoRAScript(t *testing.T) {
	for _, c := range []struct {
		name, cmd     string
		method        string
		quant         plan.Quant
		seq, micro    int
		accum         int
		checkpointing bool
	}{
		{"qlora.py with its defaults", "python qlora.py --model_name_or_path huggyllama/llama-7b --output_dir out",
			"qlora", plan.NF4, 1280, 1, 16, true},
		{"a fork's train.py, as KnowLM's run_qlora.sh", "python train.py --model_name_or_path huggyllama/llama-7b --source_max_len 128 --target_max_len 384 --double_quant --bits 4 --quant_type nf4 --per_device_train_batch_size 8 --gradient_accumulation_steps 1",
			"qlora", plan.NF4, 512, 8, 1, true},
		{"8-bit base", "python qlora.py --model_name_or_path huggyllama/llama-7b --bits 8 --source_max_len 16 --target_max_len 512",
			"lora", plan.Int8, 528, 1, 16, true},
		{"full_finetune", "python qlora.py --model_name_or_path huggyllama/llama-7b --full_finetune --bits 16 --gradient_checkpointing False",
			"none", "", 1280, 1, 16, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", c.cmd+"\n")
			if p.Recipe.V != RecipeQLoRA || p.PEFT.Method.V != c.method || p.Quant.V != c.quant {
				t.Errorf("recipe %q, peft %q, quant %q; want %q, %q, %q", p.Recipe.V, p.PEFT.Method.V, p.Quant.V, RecipeQLoRA, c.method, c.quant)
			}
			if p.SeqLen.V != c.seq || !p.PadToLongest.V || p.MicroBatch.V != c.micro || p.GradAccum.V != c.accum || p.GradientCheckpointing.V != c.checkpointing {
				t.Errorf("seq %d (pad to longest %v), micro %d × %d, checkpointing %v; want %d (true), %d × %d, %v",
					p.SeqLen.V, p.PadToLongest.V, p.MicroBatch.V, p.GradAccum.V, p.GradientCheckpointing.V, c.seq, c.micro, c.accum, c.checkpointing)
			}
		})
	}
	t.Run("another train.py with only one of its arguments is not read as qlora.py", func(t *testing.T) {
		p := rlPlanOf(t, "run.sh", "python train.py --model_name_or_path huggyllama/llama-7b --bits 4\n")
		if p.Recipe.V == RecipeQLoRA {
			t.Errorf("recipe %q", p.Recipe.V)
		}
	})
}
