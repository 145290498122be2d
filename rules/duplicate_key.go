package rules

import (
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
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
			"When the Hugging Face Trainer or Accelerate load the DeepSpeed file (also when the launch is not seen but the file holds \"auto\" values, which only they fill), and for every other config, json.load and PyYAML keep the last value silently (warning): " +
			"the first value looks like it applies but does not.",
		Example:    `{"zero_optimization": {"stage": 2}, "zero_optimization": {"stage": 3}}`,
		UseInstead: `{"zero_optimization": {"stage": 3}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (dict_raise_error_on_duplicate_keys)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig.__init__: the hook only when given a path; a dict is used as is)", "huggingface/accelerate v1.15.0.dev0 (16cb6eb) src/accelerate/utils/deepspeed.py (HfDeepSpeedConfig.__init__: json.load)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": "{\n  \"train_micro_batch_size_per_gpu\": 1,\n  \"zero_optimization\": {\"stage\": 2},\n  \"zero_optimization\": {\"stage\": 3}\n}\n",
	}},
	Check: func(p *lint.Pass) {
		for _, file := range p.Job.Files() {
			if file.Doc == nil {
				continue
			}
			ds := file == p.Job.DeepSpeed && file.Format == read.DeepSpeed
			// A DeepSpeed file with "auto" values is written for the
			// Trainer or Accelerate, which json.load it (the last value
			// wins) and hand DeepSpeed the dict, so unless the job is seen
			// to start DeepSpeed on its own, they are the ones that read it.
			forHF := ds && !viaHF(p) && launcher(p) != "deepspeed" && holdsAuto(p.Job.DeepSpeedRoot)
			for _, d := range file.Doc.Duplicates {
				if ds && !viaHF(p) && !forHF {
					p.Report(finding(file, d.Node, "duplicate key %q (first at line %d); DeepSpeed rejects a config with duplicate keys", d.Key, d.First.Line))
					continue
				}
				f := finding(file, d.Node, "duplicate key %q (first at line %d); the last value is used and the first is ignored", d.Key, d.First.Line)
				f.Severity = lint.Warning
				if forHF {
					f.Notes = append(f.Notes, "the file's \"auto\" values are filled only by the Hugging Face Trainer and Accelerate, which load it with json.load (the last value wins); DeepSpeed started on its own would refuse the duplicate")
				}
				p.Report(f)
			}
		}
	},
}

// holdsAuto reports whether a DeepSpeed config sets any value to "auto".
func holdsAuto(root *yaml.Node) bool {
	found := false
	document.Walk(root, func(_ string, _, v *yaml.Node) {
		found = found || document.IsAuto(v)
	})
	return found
}
