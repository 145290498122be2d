package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/schemas"
)

// DSUnknownTopLevelKey reports top-level DeepSpeed keys DeepSpeed never reads.
var DSUnknownTopLevelKey = &lint.Rule{
	ID:       "ds-unknown-top-level-key",
	Severity: lint.Warning,
	Summary:  "a top-level DeepSpeed key that DeepSpeed never reads",
	Doc: lint.Doc{
		What: "Reports top-level keys of a DeepSpeed config that DeepSpeed does not read (the keys of deepspeed/runtime/constants.py and the sections its config reads), with the closest known key. Keys starting with `_` or containing `comment` are taken as comments.",
		Why: "DeepSpeed reads the top level with `param_dict.get(KEY, default)` and never lists what is left over, so a misspelt key (`gradient_clip`, `zero_optimisation`, `train_micro_batch_size`) is silently ignored and the default applies: " +
			"no clipping, no ZeRO, a derived batch size.",
		Example:    `{"train_micro_batch_size_per_gpu": 4, "gradient_clip": 1.0}`,
		UseInstead: `{"train_micro_batch_size_per_gpu": 4, "gradient_clipping": 1.0}`,
		FixSafety:  "Unsafe: the fix renames the key to the closest known one, which is a guess, and the setting then takes effect.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._initialize_params)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/constants.py", "deepspeedai/DeepSpeed v0.19 deepspeed/__init__.py (initialize: data_parallel_size and sequence_parallel_size build the device mesh)", "https://www.deepspeed.ai/docs/config-json/"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 4, "gradient_clip": 1.0, "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() {
			return
		}
		known := schemas.Properties("deepspeed")
		if len(known) == 0 {
			return
		}
		set := map[string]bool{}
		for _, k := range known {
			set[k] = true
		}
		typo, _ := zeroSectionTypo(ds)
		for _, pair := range document.Pairs(ds.root) {
			name := pair.Key.Value
			if name == typo && viaHF(p) {
				continue // ds-zero-optimization-missing reports it as the error it is there
			}
			if set[name] || strings.HasPrefix(name, "_") || strings.Contains(strings.ToLower(name), "comment") {
				continue
			}
			f := finding(ds.file, pair.Key, "DeepSpeed does not read the top-level key %q and ignores it", name)
			if s := suggest(name, known); s != "" && !document.IsNull(pair.Value) {
				if _, taken := ds.get(s); taken == nil {
					f.Message += fmt.Sprintf(" (did you mean %q?)", s)
					if ch, ok := ds.change(lint.Rename, nil, name); ok {
						ch.NewKey = s
						f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `%s`", name, s), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
					}
				}
			}
			p.Report(f)
		}
	},
}
