package rules

import (
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// DSBatchSizeMissing reports a DeepSpeed config run by a plain DeepSpeed
// engine that gives neither the global nor the micro batch size.
var DSBatchSizeMissing = &lint.Rule{
	ID:       "ds-batch-size-missing",
	Severity: lint.Error,
	Summary:  "a DeepSpeed config launched by plain DeepSpeed sets neither train_batch_size nor train_micro_batch_size_per_gpu",
	Doc: lint.Doc{
		What: "Checks that a DeepSpeed config started by the DeepSpeed engine itself (a `deepspeed` launch with `--deepspeed_config`, or `training.launcher: deepspeed` in .trainlint.yaml) sets `train_batch_size` or `train_micro_batch_size_per_gpu`.",
		Why: "DeepSpeed derives the batch values from at least one of the two and asserts otherwise: " +
			"`Either train_batch_size or train_micro_batch_size_per_gpu needs to be provided`. " +
			"Under the Hugging Face Trainer or Accelerate this is not a problem: they fill the batch sizes in, so the rule stays silent there.",
		Example:    `{"gradient_accumulation_steps": 4, "zero_optimization": {"stage": 2}}  # run with deepspeed train.py --deepspeed_config ds.json`,
		UseInstead: `{"train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 4, "zero_optimization": {"stage": 2}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._set_batch_related_parameters)"},
	},
	Example: lint.Example{
		Files:   map[string]string{"ds_config.json": `{"gradient_accumulation_steps": 4, "zero_optimization": {"stage": 2}}`},
		Project: "training:\n  launcher: deepspeed\n",
	},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() || launcher(p) != "deepspeed" {
			return
		}
		for _, key := range []string{"train_batch_size", "train_micro_batch_size_per_gpu"} {
			if _, v := ds.get(key); v != nil && !document.IsNull(v) {
				return
			}
		}
		at := ds.root
		if k, _ := ds.get("gradient_accumulation_steps"); k != nil {
			at = k
		}
		p.Report(finding(ds.file, at, "neither \"train_batch_size\" nor \"train_micro_batch_size_per_gpu\" is set; DeepSpeed needs at least one of them when it is launched without the Hugging Face Trainer"))
	},
}
