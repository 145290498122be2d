package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// QLoRAWithZero3 reports bitsandbytes-quantized training under ZeRO-3
// without what it needs there.
var QLoRAWithZero3 = &lint.Rule{
	ID:       "qlora-with-zero3",
	Severity: lint.Warning,
	Summary:  "a quantized (QLoRA) model is trained under ZeRO-3 without the settings it needs there",
	Doc: lint.Doc{
		What: "Under DeepSpeed ZeRO stage 3, reports 8-bit bitsandbytes quantization (LLaMA-Factory's own check is llamafactory-quantization-zero3), " +
			"4-bit quantization in a Trainer argument file without `bnb_4bit_quant_storage` (warning; LLaMA-Factory and axolotl set it themselves, launch scripts usually in code), " +
			"and axolotl's QLoRA with `use_reentrant: false` (warning).",
		Why: "ZeRO-3 partitions every parameter into flat buffers of one dtype. 8-bit bitsandbytes weights cannot be partitioned (LLaMA-Factory refuses them: `Only 4-bit quantized model can use fsdp+qlora or auto device map.`). " +
			"4-bit weights can, but only when they are stored in the compute dtype (`bnb_4bit_quant_storage: bfloat16`); otherwise loading fails or the weights are not sharded and every GPU holds them all. " +
			"axolotl warns that `qlora + zero3 with use_reentrant: false may result in a CheckpointError about recomputed values`.",
		Example:    "load_in_4bit: true\nuse_peft: true\ndeepspeed: ds_zero3.json",
		UseInstead: "load_in_4bit: true\nbnb_4bit_quant_storage: bfloat16\nuse_peft: true\ndeepspeed: ds_zero3.json",
		References: []string{
			"https://huggingface.co/docs/peft/accelerate/deepspeed#use-peft-qlora-and-deepspeed-with-zero3-for-finetuning-large-models-on-multiple-gpus",
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/model/model_utils/quantization.py",
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Llama-3.2-1B\nload_in_4bit: true\nuse_peft: true\nbf16: true\ndeepspeed: zero.json\n",
		"zero.json":  `{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": "auto"}, "zero_optimization": {"stage": 3}}`,
	}},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		ds := dsConf(p.Job)
		if pl == nil || !ds.ok() || !pl.Quant.Set || pl.Quant.V == plan.NoQuant {
			return
		}
		stage, _, known := zeroStage(ds)
		if !known || stage != 3 {
			return
		}
		tr := p.Job.Trainer
		format := read.Unknown
		if tr != nil {
			format = tr.Format
		}
		f := p.FindingAt(pl.Quant.From, "")
		switch {
		case format == read.LlamaFactory:
			return // llamafactory-quantization-zero3
		case pl.Quant.V == plan.Int8:
			f.Message = "8-bit bitsandbytes quantization under ZeRO stage 3: ZeRO-3 can partition 4-bit weights stored in the compute dtype, not 8-bit ones"
		case format == read.Axolotl:
			s := trainerArg(p.Job, "gradient_checkpointing_kwargs.use_reentrant")
			if !s.found() || isTrue(s.val) {
				return
			}
			f = finding(s.conf.file, s.at(), "QLoRA under ZeRO stage 3 with \"use_reentrant: false\" may fail with a CheckpointError about recomputed values")
		case format == read.Trainer && p.Job.Args == nil:
			// Scripts often build the quantization config in code; only a
			// Trainer file that carries the quantization arguments is judged.
			if trainerArg(p.Job, "bnb_4bit_quant_storage", "bnb_4bit_quant_storage_dtype").found() {
				return
			}
			f.Message = "4-bit quantization under ZeRO stage 3 without \"bnb_4bit_quant_storage\": ZeRO-3 shards 4-bit weights only when they are stored in the compute dtype (set it to bfloat16 or float16)"
		default:
			return
		}
		p.Report(f)
	},
}
