package rules

import "github.com/trainlint/trainlint/lint"

// DSLegacyStage1 reports the removed legacy ZeRO stage 1.
var DSLegacyStage1 = &lint.Rule{
	ID:       "ds-legacy-stage1",
	Severity: lint.Error,
	Summary:  "zero_optimization.legacy_stage1 asks for a ZeRO implementation removed in DeepSpeed 0.5.9",
	Doc: lint.Doc{
		What:       "Reports `zero_optimization.legacy_stage1: true`.",
		Why:        "The engine stops when it builds the ZeRO optimizer: `The deprecated version of ZeRO Stage 1 is not supported in deepspeed >= 0.5.9. Please downgrade to a version less than 0.5.9 if you need to use this deprecated version of ZeRO.`",
		Example:    `{"zero_optimization": {"stage": 1, "legacy_stage1": true}}`,
		UseInstead: `{"zero_optimization": {"stage": 1}}`,
		FixSafety:  "Safe: the current stage 1 partitions the optimizer state the same way; only the implementation differs.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._configure_zero_optimizer)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 1, "legacy_stage1": true}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		k, v := ds.get("zero_optimization.legacy_stage1")
		if !ds.ok() || !isTrue(v) {
			return
		}
		f := finding(ds.file, k, "\"legacy_stage1\" is true; DeepSpeed 0.5.9 and later no longer have the legacy ZeRO stage 1 and stop")
		if ch, ok := ds.change(lint.Delete, nil, "zero_optimization", "legacy_stage1"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Delete `zero_optimization.legacy_stage1`", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
