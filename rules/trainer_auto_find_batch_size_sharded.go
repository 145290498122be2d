package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// TrainerAutoFindBatchSizeSharded reports auto_find_batch_size with
// DeepSpeed ZeRO-3, the one sharding mode the Trainer refuses it with.
var TrainerAutoFindBatchSizeSharded = &lint.Rule{
	ID:       "trainer-auto-find-batch-size-sharded",
	Severity: lint.Error,
	Summary:  "auto_find_batch_size is used with DeepSpeed ZeRO-3",
	Doc: lint.Doc{
		What: "Reports `auto_find_batch_size: true` in Trainer arguments of a job that runs DeepSpeed ZeRO-3. ZeRO-0/1/2 and FSDP take the option.",
		Why: "Finding the batch size means catching an out-of-memory error and rebuilding the wrapped model with a smaller batch, which the Trainer does not do for a ZeRO-3 engine: " +
			"`Trainer.create_accelerator_and_postprocess` raises ``ValueError: `auto_find_batch_size` isn't supported yet with DeepSpeed Zero-3`` before training starts.",
		Example:    "auto_find_batch_size: true\ndeepspeed: ds_zero3.json",
		UseInstead: "per_device_train_batch_size: 4   # sized with `trainlint estimate`\ndeepspeed: ds_zero3.json",
		FixSafety:  "Safe: the fix turns the search off; the written per_device_train_batch_size is what it would start from.",
		References: []string{"huggingface/transformers v5.x (and since v4.36) src/transformers/trainer.py (Trainer.create_accelerator_and_postprocess)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nauto_find_batch_size: true\ndeepspeed: zero3.json\n",
		"zero3.json": `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		a := trainerArg(j, "auto_find_batch_size")
		if !isTrue(a.val) || !hfTrainer(p) {
			return
		}
		z := p.Plan.ZeRO
		if !z.Enabled || !z.Stage.Set || z.Stage.V != 3 {
			return
		}
		f := finding(a.conf.file, a.at(), "\"auto_find_batch_size\" is true but the job runs DeepSpeed ZeRO-3 (%s); the Trainer raises before training", originText(z.Stage.From))
		if ch, ok := a.conf.change(lint.Set, false, "auto_find_batch_size"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `auto_find_batch_size` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
