package rules

import (
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// DSAmpConflict reports Apex AMP enabled together with ZeRO or with
// DeepSpeed's own fp16/bf16 mode.
var DSAmpConflict = &lint.Rule{
	ID:       "ds-amp-conflict",
	Severity: lint.Error,
	Summary:  "the Apex AMP mode is enabled together with ZeRO or with DeepSpeed's fp16/bf16 mode",
	Doc: lint.Doc{
		What: "Reports `amp.enabled: true` in a DeepSpeed config whose ZeRO stage is 1 or higher, or that also enables `fp16` or `bf16`.",
		Why: "DeepSpeed refuses both when it checks its optimizer: `Amp and ZeRO are not currently compatible, please use (legacy) fp16 mode which performs similar to amp opt_mode=O2`, " +
			"and `Cannot enable both amp with (legacy) fp16 or bfloat16 mode`.",
		Example:    `{"amp": {"enabled": true, "opt_level": "O1"}, "zero_optimization": {"stage": 1}}`,
		UseInstead: `{"fp16": {"enabled": true}, "zero_optimization": {"stage": 1}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._do_optimizer_sanity_check)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "amp": {"enabled": true, "opt_level": "O1"}, "zero_optimization": {"stage": 1}}`,
	}},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		k, v := ds.get("amp.enabled")
		if !ds.ok() || !isTrue(v) || document.IsAuto(v) {
			return
		}
		if stage, _, known := zeroStage(ds); known && stage > 0 {
			p.Report(finding(ds.file, k, "\"amp.enabled\" is true with ZeRO stage %d; DeepSpeed does not run Apex AMP with ZeRO (use \"fp16\" instead)", stage))
			return
		}
		for _, key := range []string{"fp16", "bf16", "bfloat16"} {
			if _, e := ds.get(key + ".enabled"); isTrue(e) && !document.IsAuto(e) {
				p.Report(finding(ds.file, k, "\"amp.enabled\" and %q are both true; DeepSpeed cannot run Apex AMP with its own fp16 or bf16 mode", key+".enabled"))
				return
			}
		}
	},
}
