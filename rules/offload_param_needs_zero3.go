package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// OffloadParamNeedsZero3 reports parameter offload below ZeRO stage 3,
// where DeepSpeed ignores it.
var OffloadParamNeedsZero3 = &lint.Rule{
	ID:       "offload-param-needs-zero3",
	Severity: lint.Warning,
	Summary:  "parameter offload is set below ZeRO stage 3, where DeepSpeed ignores it",
	Doc: lint.Doc{
		What: "Reports `zero_optimization.offload_param.device` (or the legacy `cpu_offload_param`) set to cpu or nvme while the ZeRO stage is 0, 1 or 2; also Accelerate's inline `offload_param_device` with a `zero_stage` below 3.",
		Why: "Only the ZeRO-3 optimizer receives the parameter offload settings (\"Valid only with stage 3\"); below stage 3 the parameters stay on the GPU without a word. " +
			"The memory the offload was meant to save is not saved, so a config that was sized to fit with it runs out of memory instead.",
		Example:    `{"zero_optimization": {"stage": 2, "offload_param": {"device": "cpu"}}}`,
		UseInstead: `{"zero_optimization": {"stage": 3, "offload_param": {"device": "cpu"}}}  # or drop offload_param`,
		FixSafety:  "The first fix deletes the offload_param section: safe, it changes nothing DeepSpeed does. The second sets the stage to 3 so the offload takes effect: unsafe, since it changes memory, speed and how checkpoints are saved.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/offload_config.py (DeepSpeedZeroOffloadParamConfig)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (_configure_zero_optimizer)", "https://www.deepspeed.ai/docs/config-json/#parameter-offloading"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 2, "offload_param": {"device": "cpu"}}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		if ds := dsConf(p.Job); ds.ok() {
			stage, _, known := zeroStage(ds)
			if !known || stage >= 3 {
				return
			}
			dev, k := offloadDevice(ds, "offload_param")
			section := "offload_param"
			if k == nil {
				if lk, lv := ds.get("zero_optimization.cpu_offload_param"); isTrue(lv) {
					k, dev, section = lk, "cpu", "cpu_offload_param"
				}
			}
			if dev != "cpu" && dev != "nvme" {
				return
			}
			f := finding(ds.file, k, "parameters are offloaded to %s but ZeRO stage is %d; DeepSpeed applies \"offload_param\" only at stage 3 and keeps the parameters on the GPU", dev, stage)
			if ch, ok := ds.change(lint.Delete, nil, "zero_optimization", section); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Delete `zero_optimization.%s`", section), Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
			if ch, ok := ds.change(lint.Set, 3, "zero_optimization", "stage"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `zero_optimization.stage` to 3", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
			return
		}
		inline, ok := accelerateInlineDS(accConf(p.Job))
		if !ok {
			return
		}
		k, v := inline.get("offload_param_device")
		if v == nil || (!strings.EqualFold(v.Value, "cpu") && !strings.EqualFold(v.Value, "nvme")) {
			return
		}
		stage := int64(2) // DeepSpeedPlugin's default
		if _, sv := inline.get("zero_stage"); sv != nil {
			n, ok := intOf(sv)
			if !ok {
				return
			}
			stage = n
		}
		if stage >= 3 {
			return
		}
		f := finding(inline.file, k, "\"offload_param_device\" is %s but \"zero_stage\" is %d; DeepSpeed applies parameter offload only at stage 3", quote(v), stage)
		if ch, ok := inline.change(lint.Set, "none", "offload_param_device"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `offload_param_device` to \"none\"", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
