package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
)

// DSBatchSizeMismatch reports a DeepSpeed config whose three batch values do
// not multiply out.
var DSBatchSizeMismatch = &lint.Rule{
	ID:       "ds-batch-size-mismatch",
	Severity: lint.Error,
	Summary:  "train_batch_size is not train_micro_batch_size_per_gpu × gradient_accumulation_steps × world size",
	Doc: lint.Doc{
		What: "When a DeepSpeed config sets all of `train_batch_size`, `train_micro_batch_size_per_gpu` and `gradient_accumulation_steps`, checks that the first is the product of the other two and the data-parallel world size (the GPUs, from .trainlint.yaml, --gpus or the launcher, divided by `sequence_parallel_size`). Without a known world size it still fires when no world size could make the product come out.",
		Why: "DeepSpeed asserts the identity when it builds its config: `Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size 32 != 4 * 2 * 8`. " +
			"The usual cause is a config copied from a run on another number of GPUs.",
		Example:    `{"train_batch_size": 32, "train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 2}  # on 8 GPUs`,
		UseInstead: `{"train_batch_size": 64, "train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 2}  # or set only two of the three`,
		FixSafety:  "Under the Hugging Face Trainer the fix sets `train_batch_size` to \"auto\", which the Trainer computes from its own arguments: safe. Under plain DeepSpeed it sets `train_batch_size` to the product, keeping the micro batch and accumulation: unsafe, since the global batch changes from the value written.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._batch_assertion)", "https://www.deepspeed.ai/docs/config-json/#batch-size-related-parameters"},
	},
	Example: lint.Example{
		Files:   map[string]string{"ds_config.json": `{"train_batch_size": 32, "train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 2, "zero_optimization": {"stage": 2}}`},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		b, ds, ok := readBatch(p)
		if !ok || b.auto || !b.hasTrain || !b.hasMicro || !b.hasAccum {
			return
		}
		per := b.micro * b.accum
		var f lint.Finding
		switch {
		case b.world > 0 && b.train != per*b.world:
			f = finding(ds.file, b.trainKey, "\"train_batch_size\" is %d but micro batch %d × gradient accumulation %d × %s = %d",
				b.train, b.micro, b.accum, b.worldFrom, per*b.world)
		case b.world == 0 && b.train%per != 0:
			f = finding(ds.file, b.trainKey, "\"train_batch_size\" %d is not a multiple of micro batch %d × gradient accumulation %d = %d, so it matches no world size",
				b.train, b.micro, b.accum, per)
		default:
			return
		}
		switch {
		case viaHF(p):
			if ch, ok := ds.change(lint.Set, "auto", "train_batch_size"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `train_batch_size` to \"auto\"", Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
		case b.world > 0:
			if ch, ok := ds.change(lint.Set, int(per*b.world), "train_batch_size"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `train_batch_size` to %d", per*b.world), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
		}
		p.Report(f)
	},
}
