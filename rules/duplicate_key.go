package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// DuplicateKey reports a key written twice in the same mapping.
var DuplicateKey = &lint.Rule{
	ID:       "duplicate-key",
	Severity: lint.Error,
	Summary:  "a key is written twice in the same mapping",
	Doc: lint.Doc{
		What: "Reports keys that appear twice in one mapping of any config file.",
		Why: "DeepSpeed reads its config file with a hook that refuses duplicates: `Duplicate keys in DeepSpeed config: [...]` (error). " +
			"When the Hugging Face Trainer or Accelerate load the DeepSpeed file, and for every other config, json.load and PyYAML keep the last value silently (warning): " +
			"the first value looks like it applies but does not.",
		Example:    `{"zero_optimization": {"stage": 2}, "zero_optimization": {"stage": 3}}`,
		UseInstead: `{"zero_optimization": {"stage": 3}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (dict_raise_error_on_duplicate_keys)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig.__init__)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": "{\n  \"train_micro_batch_size_per_gpu\": 1,\n  \"zero_optimization\": {\"stage\": 2},\n  \"zero_optimization\": {\"stage\": 3}\n}\n",
	}},
	Check: func(p *lint.Pass) {
		for _, file := range p.Job.Files() {
			if file.Doc == nil {
				continue
			}
			dsReads := file == p.Job.DeepSpeed && file.Format == read.DeepSpeed && !viaHF(p)
			for _, d := range file.Doc.Duplicates {
				if dsReads {
					p.Report(finding(file, d.Node, "duplicate key %q (first at line %d); DeepSpeed rejects a config with duplicate keys", d.Key, d.First.Line))
					continue
				}
				f := finding(file, d.Node, "duplicate key %q (first at line %d); the last value is used and the first is ignored", d.Key, d.First.Line)
				f.Severity = lint.Warning
				p.Report(f)
			}
		}
	},
}
