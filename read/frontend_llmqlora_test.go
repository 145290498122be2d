package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLLMQLoRA: llm_qlora's YAML is read as QloraTrainer uses it: QLoRA on
// an NF4 base in fp16, the micro batch and accumulation from its trainer
// section, the length from model_context_window, batches padded to their
// longest sample.
func TestLLMQLoRA(t *testing.T) {
	const src = "model_name: llama3_8b_chat_uncensored\nbase_model: meta-llama/Meta-Llama-3-8B\nmodel_context_window: 8192\n" +
		"data:\n  type: vicuna\n  dataset: d\nlora:\n  r: 8\n  lora_alpha: 32\n  target_modules:\n  - q_proj\n  - v_proj\n" +
		"trainer:\n  batch_size: 2\n  gradient_accumulation_steps: 4\n  learning_rate: 0.0002\ntrainer_output_dir: out/\nmodel_output_dir: models/\n"
	p := rlPlanOf(t, "llama3_8b.yaml", src)
	if p.ModelRef.V != "meta-llama/Meta-Llama-3-8B" || p.PEFT.Method.V != "qlora" || p.Quant.V != plan.NF4 || p.PEFT.R.V != 8 || p.PEFT.Alpha.V != 32 {
		t.Errorf("model %q, peft %q r %d alpha %d, quant %q; want meta-llama/Meta-Llama-3-8B, qlora r 8 alpha 32, nf4",
			p.ModelRef.V, p.PEFT.Method.V, p.PEFT.R.V, p.PEFT.Alpha.V, p.Quant.V)
	}
	if p.MicroBatch.V != 2 || p.GradAccum.V != 4 || p.SeqLen.V != 8192 || !p.PadToLongest.V || !p.GradientCheckpointing.V || p.Precision.V != plan.FP16 {
		t.Errorf("micro %d × %d, seq %d (pad to longest %v), checkpointing %v, precision %q; want 2 × 4, 8192 (true), true, fp16",
			p.MicroBatch.V, p.GradAccum.V, p.SeqLen.V, p.PadToLongest.V, p.GradientCheckpointing.V, p.Precision.V)
	}
	if len(p.MemoryGaps) != 0 {
		t.Errorf("memory gaps %+v, want none", p.MemoryGaps)
	}
}
