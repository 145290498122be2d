package rules

import "github.com/trainlint/trainlint/lint"

// DSBatchSizeNonpositive reports a DeepSpeed batch value that is zero or
// negative.
var DSBatchSizeNonpositive = &lint.Rule{
	ID:       "ds-batch-size-nonpositive",
	Severity: lint.Error,
	Summary:  "a DeepSpeed batch size or accumulation step count is zero or negative",
	Doc: lint.Doc{
		What: "Checks that `train_batch_size`, `train_micro_batch_size_per_gpu` and `gradient_accumulation_steps` in a DeepSpeed config are positive whole numbers.",
		Why: "DeepSpeed asserts all three are greater than 0 when it builds its config (`Train batch size: 0 has to be greater than 0`), " +
			"so the job dies before the first step. A 0 often comes from a template whose placeholder was filled with an empty or unset variable.",
		Example:    `{"train_micro_batch_size_per_gpu": 0, "gradient_accumulation_steps": 4}`,
		UseInstead: `{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 4}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._batch_assertion)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 0, "gradient_accumulation_steps": 4, "zero_optimization": {"stage": 2}}`,
	}},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() {
			return
		}
		for _, key := range []string{"train_batch_size", "train_micro_batch_size_per_gpu", "gradient_accumulation_steps"} {
			k, v := ds.get(key)
			n, ok := numOf(v)
			if !ok || n > 0 {
				continue
			}
			p.Report(finding(ds.file, k, "%q is %s; DeepSpeed requires it to be greater than 0", key, quote(v)))
		}
	},
}
