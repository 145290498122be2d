package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// AccelerateMixedPrecisionMismatch reports an Accelerate mixed precision
// that contradicts the DeepSpeed config or the Trainer arguments.
var AccelerateMixedPrecisionMismatch = &lint.Rule{
	ID:       "accelerate-mixed-precision-mismatch",
	Severity: lint.Error,
	Summary:  "the Accelerate mixed_precision contradicts the DeepSpeed config or the Trainer arguments",
	Doc: lint.Doc{
		What: "Compares Accelerate's `mixed_precision` (fp16 or bf16) with the DeepSpeed config's explicit `fp16.enabled`/`bf16.enabled` and with the Trainer's `--fp16`/`--bf16`.",
		Why: "The DeepSpeed plugin refuses a DeepSpeed config that enables the other precision: `--mixed_precision arg cannot be set to fp16 when bf16 is set in the DeepSpeed config file.` (error). " +
			"TrainingArguments overrides Accelerate's setting with its own flag, so Accelerate's value is silently ignored when the Trainer asks for the other precision (warning).",
		Example:    "accelerate.yaml: mixed_precision: fp16   # ds.json: \"bf16\": {\"enabled\": true}",
		UseInstead: "accelerate.yaml: mixed_precision: bf16   # or \"bf16\": {\"enabled\": \"auto\"} in ds.json",
		FixSafety:  "Unsafe: the fix sets the DeepSpeed precision flags to \"auto\" so Accelerate's precision applies, which may not be the precision meant.",
		References: []string{"huggingface/accelerate v1.15 src/accelerate/utils/dataclasses.py (DeepSpeedPlugin.set_mixed_precision)", "huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments.__post_init__ reads ACCELERATE_MIXED_PRECISION)"},
	},
	Example: lint.Example{Files: map[string]string{
		"launch.sh":      "accelerate launch --config_file multi_gpu.yaml train.py --deepspeed zero.json --output_dir out\n",
		"multi_gpu.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: fp16\nnum_processes: 2\n",
		"zero.json":      `{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": true}, "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		acc := accConf(p.Job)
		k, mv := acc.get("mixed_precision")
		if !acc.ok() || mv == nil {
			return
		}
		mp := strings.ToLower(mv.Value)
		if mp != "fp16" && mp != "bf16" {
			return
		}
		other := map[string]string{"fp16": "bf16", "bf16": "fp16"}[mp]
		if ds := dsConf(p.Job); ds.ok() {
			for _, key := range []string{other, otherLegacy(other)} {
				if key == "" {
					continue
				}
				ek, ev := ds.get(key + ".enabled")
				if !isTrue(ev) || document.IsAuto(ev) {
					continue
				}
				f := finding(acc.file, k, "\"mixed_precision\" is %q but the DeepSpeed config enables %s (%s); Accelerate refuses the combination", mp, other, posOf(ds.file, ek))
				var chs []lint.Change
				for _, dk := range []string{key, mp} {
					if _, v := ds.get(dk + ".enabled"); v != nil && !document.IsAuto(v) {
						if ch, ok := ds.change(lint.Set, "auto", dk, "enabled"); ok {
							chs = append(chs, ch)
						}
					}
				}
				if len(chs) > 0 {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Let Accelerate's mixed_precision decide: set the DeepSpeed precision flags to \"auto\"", Safety: lint.Unsafe, Changes: chs})
				}
				p.Report(f)
			}
		}
		for _, c := range trainerConfs(p.Job) {
			tk, tv := c.get(other)
			if !isTrue(tv) {
				continue
			}
			f := finding(acc.file, k, "\"mixed_precision\" is %q but the Trainer sets %q (%s), which overrides it; training runs in %s", mp, other, posOf(c.file, tk), other)
			f.Severity = lint.Warning
			if ch, ok := acc.change(lint.Set, other, "mixed_precision"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `mixed_precision` to %q", other), Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
			break
		}
	},
}

func otherLegacy(dtype string) string {
	if dtype == "bf16" {
		return "bfloat16"
	}
	return ""
}
