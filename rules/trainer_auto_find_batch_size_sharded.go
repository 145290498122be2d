package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// TrainerAutoFindBatchSizeSharded reports auto_find_batch_size with
// DeepSpeed or FSDP.
var TrainerAutoFindBatchSizeSharded = &lint.Rule{
	ID:       "trainer-auto-find-batch-size-sharded",
	Severity: lint.Error,
	Summary:  "auto_find_batch_size is used with DeepSpeed or FSDP",
	Doc: lint.Doc{
		What:       "Reports `auto_find_batch_size: true` in Trainer arguments that also use DeepSpeed or FSDP.",
		Why:        "Finding the batch size means catching an out-of-memory error and rebuilding the wrapped model smaller, which DeepSpeed and FSDP engines cannot do; the Trainer stops: `DeepSpeed doesn't support auto_find_batch_size.`",
		Example:    "auto_find_batch_size: true\ndeepspeed: ds_zero2.json",
		UseInstead: "per_device_train_batch_size: 4   # sized with `trainlint estimate`\ndeepspeed: ds_zero2.json",
		FixSafety:  "Safe: the fix turns the search off; the written per_device_train_batch_size is what it would start from.",
		References: []string{"huggingface/transformers src/transformers/trainer.py (Trainer.create_accelerator_and_postprocess)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nauto_find_batch_size: true\ndeepspeed: zero2.json\n",
		"zero2.json": `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		a := trainerArg(j, "auto_find_batch_size")
		if !isTrue(a.val) {
			return
		}
		wrapper := ""
		if ds := trainerArg(j, "deepspeed"); ds.known() || j.DeepSpeed != nil {
			wrapper = "DeepSpeed"
		} else if fs := trainerArg(j, "fsdp"); fs.known() && fsdpOn(fs.val) {
			wrapper = "FSDP"
		}
		if wrapper == "" {
			return
		}
		f := finding(a.conf.file, a.at(), "\"auto_find_batch_size\" is true but the job uses %s, which cannot retry with a smaller batch; the Trainer stops on it", wrapper)
		if ch, ok := a.conf.change(lint.Set, false, "auto_find_batch_size"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `auto_find_batch_size` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
