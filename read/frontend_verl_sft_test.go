package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func TestVerlSFT(t *testing.T) {
	p := rlPlanOf(t, "sft.sh", `torchrun --standalone --nnodes=1 --nproc_per_node=4 \
  -m verl.trainer.fsdp_sft_trainer \
  data.train_files=$HOME/data/gsm8k/train.parquet \
  data.micro_batch_size_per_gpu=2 \
  data.max_length=2048 \
  model.partial_pretrain=Qwen/Qwen2.5-7B-Instruct \
  model.lora_rank=32 \
  model.strategy=fsdp \
  model.enable_gradient_checkpointing=false \
  use_remove_padding=true
`)
	if p.ModelRef.V != "Qwen/Qwen2.5-7B-Instruct" || p.MicroBatch.V != 2 || p.SeqLen.V != 2048 {
		t.Errorf("model %q, micro %d, seq %d; want the overrides", p.ModelRef.V, p.MicroBatch.V, p.SeqLen.V)
	}
	if p.PEFT.Method.V != "lora" || p.PEFT.R.V != 32 || p.GradientCheckpointing.V || !p.PaddingFree.V {
		t.Errorf("peft %q r %d, checkpointing %v, padding-free %v", p.PEFT.Method.V, p.PEFT.R.V, p.GradientCheckpointing.V, p.PaddingFree.V)
	}
	if p.FSDP.Mode.V != "full_shard" || p.FSDP.Mode.From.Kind != plan.FromFile || p.Processes.V != 4 {
		t.Errorf("fsdp %+v, processes %d; want full shard from model.strategy over torchrun's 4", p.FSDP.Mode, p.Processes.V)
	}
	if p.Precision.V != plan.BF16 || p.LoadDtype.V != plan.FP32 {
		t.Errorf("precision %v, load dtype %v; want bf16 compute over fp32 weights", p.Precision.V, p.LoadDtype.V)
	}
	// sft_trainer.yaml's defaults when the overrides leave them out.
	d := rlPlanOf(t, "sft_defaults.sh", "torchrun --nproc_per_node=8 -m verl.trainer.fsdp_sft_trainer model.partial_pretrain=google/gemma-2b-it\n")
	if d.MicroBatch.V != 4 || d.SeqLen.V != 1024 || !d.GradientCheckpointing.V || d.PEFT.Method.V != "none" || d.FSDP.Mode.V != "full_shard" {
		t.Errorf("defaults: micro %d, seq %d, checkpointing %v, peft %q, fsdp %q", d.MicroBatch.V, d.SeqLen.V, d.GradientCheckpointing.V, d.PEFT.Method.V, d.FSDP.Mode.V)
	}
}
