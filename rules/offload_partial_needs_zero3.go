package rules

import "github.com/trainlint/trainlint/lint"

// OffloadPartialNeedsZero3 reports a partial optimizer offload below ZeRO
// stage 3.
var OffloadPartialNeedsZero3 = &lint.Rule{
	ID:       "offload-partial-needs-zero3",
	Severity: lint.Error,
	Summary:  "a partial optimizer offload (ratio below 1) is set below ZeRO stage 3",
	Doc: lint.Doc{
		What: "Reports `zero_optimization.offload_optimizer.ratio` below 1.0 when the ZeRO stage is not 3.",
		Why: "DeepSpeed validates the ZeRO config and stops: `Partial offloading only supported for ZeRO Stage 3.` " +
			"The ratio (the share of optimizer state offloaded, SuperOffload/Twin-Flow) is implemented by the stage-3 optimizer only.",
		Example:    `{"zero_optimization": {"stage": 2, "offload_optimizer": {"device": "cpu", "ratio": 0.3}}}`,
		UseInstead: `{"zero_optimization": {"stage": 3, "offload_optimizer": {"device": "cpu", "ratio": 0.3}}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/config.py (DeepSpeedZeroConfig.offload_ratio_check)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 2, "offload_optimizer": {"device": "cpu", "ratio": 0.3}}}`,
	}},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() {
			return
		}
		stage, _, known := zeroStage(ds)
		k, v := ds.get("zero_optimization.offload_optimizer.ratio")
		r, ok := numOf(v)
		if !known || stage == 3 || !ok || r >= 1 {
			return
		}
		p.Report(finding(ds.file, k, "\"offload_optimizer.ratio\" is %s but ZeRO stage is %d; DeepSpeed supports partial offloading only at stage 3", quote(v), stage))
	},
}
