package rules

import (
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// FP16BF16BothEnabled reports fp16 and bf16 turned on together.
var FP16BF16BothEnabled = &lint.Rule{
	ID:       "fp16-bf16-both-enabled",
	Severity: lint.Error,
	Summary:  "fp16 and bf16 mixed precision are both enabled",
	Doc: lint.Doc{
		What: "Checks that a DeepSpeed config does not enable both `fp16` and `bf16` (or its legacy name `bfloat16`), and that Trainer arguments do not set both `fp16` and `bf16`, nor both `fp16_full_eval` and `bf16_full_eval`.",
		Why: "Both tools refuse the combination at startup. DeepSpeed: `bfloat16 and fp16 modes cannot be simultaneously enabled`. " +
			"TrainingArguments: `At most one of fp16 and bf16 can be True, but not both`.",
		Example:    `{"fp16": {"enabled": true}, "bf16": {"enabled": true}}`,
		UseInstead: `{"fp16": {"enabled": false}, "bf16": {"enabled": true}}  # bf16 on Ampere or newer, fp16 before`,
		FixSafety:  "Unsafe: the fix turns fp16 off (or bf16 off on a GPU without bf16), which changes the numerics of training.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._initialize_params)", "huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments._validate_args, called from __post_init__)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "fp16": {"enabled": true}, "bf16": {"enabled": true}, "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		g, known := gpuOf(p)
		keepBF16 := !known || g.BF16
		if ds := dsConf(p.Job); ds.ok() {
			fk, fv := ds.get("fp16.enabled")
			bkey := "bf16"
			bk, bv := ds.get("bf16.enabled")
			if bv == nil {
				bkey = "bfloat16"
				bk, bv = ds.get("bfloat16.enabled")
			}
			if isTrue(fv) && isTrue(bv) && !document.IsAuto(fv) && !document.IsAuto(bv) {
				f := finding(ds.file, bk, "%q and \"fp16.enabled\" are both true; DeepSpeed cannot run bfloat16 and fp16 modes together", bkey+".enabled")
				if !keepBF16 {
					f = finding(ds.file, fk, "\"fp16.enabled\" and %q are both true; DeepSpeed cannot run bfloat16 and fp16 modes together", bkey+".enabled")
				}
				addPrecisionFix(&f, ds, keepBF16, []string{"fp16", "enabled"}, []string{bkey, "enabled"})
				p.Report(f)
			}
		}
		for _, c := range trainerConfs(p.Job) {
			if _, fe := c.get("fp16_full_eval"); isTrue(fe) {
				if bk, be := c.get("bf16_full_eval"); isTrue(be) {
					p.Report(finding(c.file, bk, "\"fp16_full_eval\" and \"bf16_full_eval\" are both true; TrainingArguments allows at most one of them"))
				}
			}
			fk, fv := c.get("fp16")
			bk, bv := c.get("bf16")
			if !isTrue(fv) || !isTrue(bv) {
				continue
			}
			at := bk
			if !keepBF16 {
				at = fk
			}
			f := finding(c.file, at, "\"fp16\" and \"bf16\" are both true; TrainingArguments allows at most one of them")
			addPrecisionFix(&f, c, keepBF16, []string{"fp16"}, []string{"bf16"})
			p.Report(f)
		}
	},
}

// addPrecisionFix turns one of the two precisions off.
func addPrecisionFix(f *lint.Finding, c conf, keepBF16 bool, fp16, bf16 []string) {
	off, title := fp16, "Turn fp16 off and keep bf16"
	if !keepBF16 {
		off, title = bf16, "Turn bf16 off and keep fp16 (the GPU has no bf16)"
	}
	if ch, ok := c.change(lint.Set, false, off...); ok {
		f.Fixes = append(f.Fixes, lint.Fix{Title: title, Safety: lint.Unsafe, Changes: []lint.Change{ch}})
	}
}
