package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// DSBatchSizeInexactDerivation reports a DeepSpeed config from whose two
// batch values DeepSpeed's integer division cannot derive the third exactly.
var DSBatchSizeInexactDerivation = &lint.Rule{
	ID:       "ds-batch-size-inexact-derivation",
	Severity: lint.Error,
	Summary:  "the batch value DeepSpeed derives from the two given does not divide exactly",
	Doc: lint.Doc{
		What: "When a DeepSpeed config gives `train_batch_size` and only one of `train_micro_batch_size_per_gpu` and `gradient_accumulation_steps` (or neither), " +
			"derives the missing values the way DeepSpeed does, with integer division by the data-parallel world size, and checks that the result multiplies back to `train_batch_size`. " +
			"A config linted alone in a Megatron-DeepSpeed repository gets a warning instead of an error: Megatron-DeepSpeed gives DeepSpeed its model-parallel groups, so the world size is the data-parallel size, which the config does not say.",
		Why: "DeepSpeed computes, e.g., `gradient_accumulation_steps = train_batch_size // micro // world_size` and then asserts the product identity. " +
			"With 32, micro 3 and 4 GPUs it derives 2 steps and fails: `train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size 32 != 3 * 2 * 4`. " +
			"A derived value of 0 fails the `has to be greater than 0` assertion instead. The message names the division that lost the remainder, which DeepSpeed's does not.",
		Example:    `{"train_batch_size": 32, "train_micro_batch_size_per_gpu": 3}  # on 4 GPUs`,
		UseInstead: `{"train_batch_size": 32, "train_micro_batch_size_per_gpu": 4}  # 32 = 4 × 2 × 4`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._set_batch_related_parameters, _batch_assertion)",
			"microsoft/Megatron-DeepSpeed at f4157be megatron/training.py (setup_model_and_optimizer: deepspeed.initialize with mpu)"},
	},
	Example: lint.Example{
		Files:   map[string]string{"ds_config.json": `{"train_batch_size": 32, "train_micro_batch_size_per_gpu": 3, "zero_optimization": {"stage": 1}}`},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 4\n",
	},
	Check: func(p *lint.Pass) {
		b, ds, ok := readBatch(p)
		if !ok || b.auto || !b.hasTrain || (b.hasMicro && b.hasAccum) {
			return
		}
		w := b.world
		// report gives a verdict that rests on the world size; in a
		// Megatron-DeepSpeed repository that is the data-parallel size,
		// which a config linted alone does not say.
		report := func(f lint.Finding) {
			if why, ok := read.MegatronDeepSpeed(p.Job); ok {
				f.Severity = lint.Warning
				f.Message += " on the declared GPUs; but " + why + ", which gives DeepSpeed its model-parallel groups, so DeepSpeed's world size is the data-parallel size (GPUs ÷ tensor × pipeline parallel), which this config alone does not say"
			}
			p.Report(f)
		}
		switch {
		case b.hasMicro && w > 0:
			ga := b.train / b.micro / w
			if ga*b.micro*w != b.train {
				report(finding(ds.file, b.trainKey, "DeepSpeed derives gradient_accumulation_steps = %d // %d // %s = %d, and %d × %d × %d = %d is not \"train_batch_size\" %d",
					b.train, b.micro, b.worldFrom, ga, b.micro, ga, w, b.micro*ga*w, b.train))
			}
		case b.hasMicro:
			if b.train%b.micro != 0 {
				p.Report(finding(ds.file, b.trainKey, "\"train_batch_size\" %d is not a multiple of \"train_micro_batch_size_per_gpu\" %d, so the gradient accumulation DeepSpeed derives cannot match on any world size",
					b.train, b.micro))
			}
		case b.hasAccum && w > 0:
			mb := b.train / w / b.accum
			if mb*b.accum*w != b.train {
				report(finding(ds.file, b.trainKey, "DeepSpeed derives train_micro_batch_size_per_gpu = %d // %s // %d = %d, and %d × %d × %d = %d is not \"train_batch_size\" %d",
					b.train, b.worldFrom, b.accum, mb, mb, b.accum, w, mb*b.accum*w, b.train))
			}
		case b.hasAccum:
			if b.train%b.accum != 0 {
				p.Report(finding(ds.file, b.trainKey, "\"train_batch_size\" %d is not a multiple of \"gradient_accumulation_steps\" %d, so the micro batch DeepSpeed derives cannot match on any world size",
					b.train, b.accum))
			}
		case w > 0:
			mb := b.train / w
			if mb*w != b.train {
				report(finding(ds.file, b.trainKey, "DeepSpeed derives train_micro_batch_size_per_gpu = %d // %s = %d, and %d × %d = %d is not \"train_batch_size\" %d",
					b.train, b.worldFrom, mb, mb, w, mb*w, b.train))
			}
		}
	},
}
