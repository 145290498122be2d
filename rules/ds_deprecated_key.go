package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// DSDeprecatedKey reports deprecated zero_optimization keys.
var DSDeprecatedKey = &lint.Rule{
	ID:       "ds-deprecated-key",
	Severity: lint.Warning,
	Summary:  "a deprecated DeepSpeed zero_optimization key",
	Doc: lint.Doc{
		What: "Reports the deprecated ZeRO keys `cpu_offload` (now `offload_optimizer`), `cpu_offload_param` (now `offload_param`), `cpu_offload_use_pin_memory` (now `pin_memory` inside the offload sections; the old key is ignored) " +
			"and `stage3_gather_fp16_weights_on_model_save` (now `stage3_gather_16bit_weights_on_model_save`). The `stage3_`-prefixed names of the other ZeRO-3 settings are aliases, not deprecations, and are not reported.",
		Why: "DeepSpeed still maps most of them, with `Config parameter cpu_offload is deprecated use offload_optimizer instead`, but they are slated for removal, " +
			"`cpu_offload_use_pin_memory` already does nothing, and a deprecated key next to its replacement stops the job (see ds-deprecated-and-new-key).",
		Example:    `{"zero_optimization": {"stage": 2, "cpu_offload": true}}`,
		UseInstead: `{"zero_optimization": {"stage": 2, "offload_optimizer": {"device": "cpu"}}}`,
		FixSafety:  "Safe: the fix writes the key DeepSpeed maps the old one to, with the same meaning, or deletes a key DeepSpeed ignores.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/config.py (deprecated fields)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (DeepSpeedConfigModel._process_deprecated_field)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 2, "cpu_offload": true}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		_, zero := ds.get("zero_optimization")
		if !ds.ok() || zero == nil {
			return
		}
		for _, d := range dsDeprecations {
			k, v := document.Get(zero, d.old)
			if k == nil || document.IsAuto(v) {
				continue
			}
			if name, _, _ := d.presentNew(zero); name != "" {
				continue // ds-deprecated-and-new-key
			}
			var f lint.Finding
			del, okDel := ds.change(lint.Delete, nil, "zero_optimization", d.old)
			switch {
			case len(d.new) == 0:
				f = finding(ds.file, k, "%q is deprecated and ignored; set \"pin_memory\" in \"offload_param\" or \"offload_optimizer\" instead", d.old)
				if okDel {
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Delete `%s`", d.old), Safety: lint.Safe, Changes: []lint.Change{del}})
				}
			case d.section:
				f = finding(ds.file, k, "%q is deprecated; DeepSpeed maps it to %q with a warning", d.old, d.new[0])
				on, ok := boolOf(v)
				if !ok || !okDel {
					break
				}
				chs := []lint.Change{del}
				title := fmt.Sprintf("Delete `%s` (false is the default)", d.old)
				if on {
					set, ok := ds.change(lint.Set, map[string]any{"device": "cpu"}, "zero_optimization", d.new[0])
					if !ok {
						break
					}
					chs = append(chs, set)
					title = fmt.Sprintf("Replace `%s` with `%s: {\"device\": \"cpu\"}`", d.old, d.new[0])
				}
				f.Fixes = append(f.Fixes, lint.Fix{Title: title, Safety: lint.Safe, Changes: chs})
			default:
				f = finding(ds.file, k, "%q is deprecated; DeepSpeed maps it to %q with a warning", d.old, d.new[0])
				if ch, ok := ds.change(lint.Rename, nil, "zero_optimization", d.old); ok {
					ch.NewKey = d.new[0]
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `%s`", d.old, d.new[0]), Safety: lint.Safe, Changes: []lint.Change{ch}})
				}
			}
			p.Report(f)
		}
	},
}
