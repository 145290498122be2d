package read

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestAutoTrain: an AutoTrain config is read with the defaults of its
// parameter classes and what its trainers and launch do with them, on 8
// GPUs.
func TestAutoTrain(t *testing.T) {
	head := func(task string) string {
		return "task: " + task + "\nbase_model: meta-llama/Meta-Llama-3-8B-Instruct\nproject_name: p\nlog: tensorboard\nbackend: local\n" +
			"data:\n  path: d\n  train_split: train\n  column_mapping:\n    text_column: text\n"
	}
	type want struct {
		recipe, method string
		quant          plan.Quant
		load, prec     plan.Dtype
		micro, accum   int
		seq            int
		packing, gc    bool
		zero           int // ZeRO stage, 0 for none
		optim, attn    string
		freeze         string
		ref            string // "", "shared", or the reference's ZeRO stage as "zero3"
	}
	for _, c := range []struct {
		name, src string
		want      want
	}{
		{"sft with the class defaults: full fine-tune in fp32", head("llm-sft") + "params:\n  lr: 1e-5\n",
			want{recipe: RecipeAutoTrainSFT, method: "none", load: plan.FP32, prec: plan.FP32, micro: 2, accum: 4, seq: 1024, packing: true, gc: true, optim: "adamw_torch", attn: "sdpa"}},
		{"peft takes quantization's default int4", head("llm-sft") + "params:\n  peft: true\n  mixed_precision: bf16\n  block_size: 2048\n  model_max_length: 8192\n",
			want{recipe: RecipeAutoTrainSFT, method: "qlora", quant: plan.NF4, load: plan.FP16, prec: plan.BF16, micro: 2, accum: 4, seq: 2048, packing: true, gc: true, optim: "adamw_torch", attn: "sdpa"}},
		{"quantization null is plain LoRA on fp32 weights", head("llm-sft") + "params:\n  peft: true\n  quantization: null\n  batch_size: 1\n  gradient_accumulation: 8\n",
			want{recipe: RecipeAutoTrainSFT, method: "lora", load: plan.FP32, prec: plan.FP32, micro: 1, accum: 8, seq: 1024, packing: true, gc: true, optim: "adamw_torch", attn: "sdpa"}},
		{"int8", head("llm-generic") + "params:\n  peft: true\n  quantization: int8\n  mixed_precision: fp16\n",
			want{recipe: RecipeAutoTrainDefault, method: "lora", quant: plan.Int8, load: plan.FP16, prec: plan.FP16, micro: 2, accum: 4, seq: 1024, packing: true, gc: true, optim: "adamw_torch", attn: "sdpa"}},
		{"quantization without peft is ignored", head("llm") + "params:\n  quantization: int4\n",
			want{recipe: RecipeAutoTrainDefault, method: "none", load: plan.FP32, prec: plan.FP32, micro: 2, accum: 4, seq: 1024, packing: true, gc: true, optim: "adamw_torch", attn: "sdpa"}},
		{"block_size capped at model_max_length, checkpointing off, flash-attention 2", head("llm-orpo") +
			"params:\n  block_size: 4096\n  model_max_length: 2048\n  disable_gradient_checkpointing: true\n  use_flash_attention_2: true\n  optimizer: paged_adamw_8bit\n  peft: true\n",
			want{recipe: RecipeAutoTrainORPO, method: "qlora", quant: plan.NF4, load: plan.FP16, prec: plan.FP32, micro: 4, accum: 4, seq: 2048, gc: false, optim: "paged_adamw_8bit", attn: "flash_attention_2"}},
		{"params.trainer over a bare llm task; full DPO under DeepSpeed", head("llm") +
			"params:\n  trainer: dpo\n  batch_size: 1\n  block_size: 1024\n  mixed_precision: bf16\n  distributed_backend: deepspeed\n",
			want{recipe: RecipeAutoTrainDPO, method: "none", load: plan.FP32, prec: plan.BF16, micro: 2, accum: 4, seq: 1024, gc: true, zero: 3, optim: "adamw_torch", attn: "sdpa", ref: "zero3"}},
		{"params.trainer wins over the task's suffix; a PEFT policy shares its reference", head("llm-sft") + "params:\n  trainer: dpo\n  peft: true\n",
			want{recipe: RecipeAutoTrainDPO, method: "qlora", quant: plan.NF4, load: plan.FP16, prec: plan.FP32, micro: 4, accum: 4, seq: 1024, gc: true, optim: "adamw_torch", attn: "sdpa", ref: "shared"}},
		{"VLM on 8 GPUs: ZeRO-3, tower and projector frozen", strings.Replace(head("vlm:vqa"), "meta-llama/Meta-Llama-3-8B-Instruct", "google/paligemma-3b-pt-224", 1) +
			"params:\n  mixed_precision: bf16\n  use_flash_attention_2: true\n",
			want{recipe: RecipeAutoTrainVLM, method: "none", load: plan.FP32, prec: plan.BF16, micro: 2, accum: 4, seq: defaultSeqLen, gc: true, zero: 3, optim: "adamw_torch", attn: "sdpa", freeze: "vision projector"}},
		{"VLM QLoRA in bf16 stays on DDP", strings.Replace(head("vlm:captioning"), "meta-llama/Meta-Llama-3-8B-Instruct", "google/paligemma-3b-pt-224", 1) +
			"params:\n  mixed_precision: bf16\n  peft: true\n  quantization: int4\n",
			want{recipe: RecipeAutoTrainVLM, method: "qlora", quant: plan.NF4, load: plan.FP16, prec: plan.BF16, micro: 2, accum: 4, seq: defaultSeqLen, gc: true, optim: "adamw_torch", attn: "sdpa", freeze: "vision projector"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "config.yml", c.src)
			ref := ""
			if r, ok := companion(p, plan.RoleReference); ok {
				ref = "shared"
				if !r.Shared {
					ref = fmt.Sprintf("zero%d", r.ZeROStage.V)
				}
			}
			zero := 0
			if p.ZeRO.Enabled {
				zero = p.ZeRO.Stage.V
			}
			got := want{recipe: p.Recipe.V, method: p.PEFT.Method.V, quant: p.Quant.V, load: p.LoadDtype.V, prec: p.Precision.V,
				micro: p.MicroBatch.V, accum: p.GradAccum.V, seq: p.SeqLen.V, packing: p.Packing.V, gc: p.GradientCheckpointing.V,
				zero: zero, optim: p.Optimizer.V, attn: p.Attention.V, freeze: strings.Join(p.Freeze.V, " "), ref: ref}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
			for _, g := range p.MemoryGaps {
				if g.Kind != "model unknown" {
					t.Errorf("gap %+v; want the job read", g)
				}
			}
			if p.ModelRef.V == "" {
				t.Error("no model; want the base_model")
			}
		})
	}
}

// TestAutoTrainDPOCopyUnderZeRO3: a full DPO job under DeepSpeed without
// params.model_ref says that TRL 0.13 cannot copy the policy under ZeRO-3;
// with params.model_ref it loads that model and says nothing.
func TestAutoTrainDPOCopyUnderZeRO3(t *testing.T) {
	const src = "task: llm-dpo\nbase_model: meta-llama/Llama-3.2-1B\nproject_name: p\nlog: none\nbackend: local\ndata:\n  path: d\n" +
		"params:\n  distributed_backend: deepspeed\n"
	for _, c := range []struct {
		extra string
		want  bool
	}{{"", true}, {"  model_ref: meta-llama/Llama-3.2-1B-Instruct\n", false}} {
		p := rlPlanOf(t, "dpo.yml", src+c.extra)
		said := false
		for _, a := range p.Assumptions {
			said = said || strings.Contains(a, "create_reference_model raises")
		}
		if said != c.want {
			t.Errorf("model_ref %q: assumption said %v, want %v (%q)", c.extra, said, c.want, p.Assumptions)
		}
	}
}
