package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// DSDeprecatedAndNewKey reports a deprecated ZeRO key next to the key that
// replaced it.
var DSDeprecatedAndNewKey = &lint.Rule{
	ID:       "ds-deprecated-and-new-key",
	Severity: lint.Error,
	Summary:  "a deprecated DeepSpeed key is set together with its replacement",
	Doc: lint.Doc{
		What: "Reports `cpu_offload` next to `offload_optimizer`, `cpu_offload_param` next to `offload_param`, and `stage3_gather_fp16_weights_on_model_save` next to `stage3_gather_16bit_weights_on_model_save` (or `gather_16bit_weights_on_model_save`) in `zero_optimization`.",
		Why: "DeepSpeed copies a deprecated key's value into its replacement and asserts the replacement was not also given: " +
			"`Cannot provide deprecated parameter 'cpu_offload' and replacing parameter 'offload_optimizer' together`. The job stops while the config is read, even when both say the same.",
		Example:    `{"zero_optimization": {"stage": 3, "cpu_offload": true, "offload_optimizer": {"device": "cpu"}}}`,
		UseInstead: `{"zero_optimization": {"stage": 3, "offload_optimizer": {"device": "cpu"}}}`,
		FixSafety:  "The fix deletes the deprecated key. Safe when both keys say the same; unsafe when they disagree, since the replacement's value is the one kept.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (DeepSpeedConfigModel._process_deprecated_field)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/config.py"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 3, "cpu_offload": true, "offload_optimizer": {"device": "cpu"}}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		_, zero := ds.get("zero_optimization")
		if !ds.ok() || zero == nil {
			return
		}
		for _, d := range dsDeprecations {
			if !d.mapped {
				continue
			}
			k, v := document.Get(zero, d.old)
			if k == nil || document.IsAuto(v) {
				continue
			}
			name, _, nv := d.presentNew(zero)
			if name == "" {
				continue
			}
			f := finding(ds.file, k, "deprecated %q and its replacement %q are both set; DeepSpeed refuses to take both", d.old, name)
			safety := lint.Unsafe
			if d.equivalent(v, nv) {
				safety = lint.Safe
			} else {
				f.Notes = append(f.Notes, fmt.Sprintf("they disagree: %q is %s, %q is %s", d.old, quote(v), name, quote(nv)))
			}
			if ch, ok := ds.change(lint.Delete, nil, "zero_optimization", d.old); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Delete `%s`", d.old), Safety: safety, Changes: []lint.Change{ch}})
			}
			p.Report(f)
		}
	},
}
