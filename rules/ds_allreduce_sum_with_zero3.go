package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// DSAllreduceSumWithZero3 reports gradient_allreduce_op "sum" where
// DeepSpeed supports only "mean".
var DSAllreduceSumWithZero3 = &lint.Rule{
	ID:       "ds-allreduce-sum-with-zero3",
	Severity: lint.Error,
	Summary:  "gradient_allreduce_op \"sum\" is set with ZeRO stage 3, ZenFlow or DeepCompile",
	Doc: lint.Doc{
		What:       "Reports `gradient_allreduce_op: \"sum\"` in a DeepSpeed config that uses ZeRO stage 3, `zero_optimization.zenflow` or `compile.deepcompile`.",
		Why:        "DeepSpeed checks the combination while it reads the config and stops: `gradient_allreduce_op='sum' is not supported with ZeRO stage 3` (likewise with ZenFlow and DeepCompile).",
		Example:    `{"gradient_allreduce_op": "sum", "zero_optimization": {"stage": 3}}`,
		UseInstead: `{"gradient_allreduce_op": "mean", "zero_optimization": {"stage": 3}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DeepSpeedConfig._do_error_check)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "gradient_allreduce_op": "sum", "zero_optimization": {"stage": 3}}`,
	}},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		k, v := ds.get("gradient_allreduce_op")
		if !ds.ok() || v == nil || !strings.EqualFold(v.Value, "sum") {
			return
		}
		var with string
		if stage, _, known := zeroStage(ds); known && stage == 3 {
			with = "ZeRO stage 3"
		} else if _, z := ds.get("zero_optimization.zenflow"); z != nil && z.Kind != 0 && z.Tag != "!!null" {
			with = "ZenFlow"
		} else if _, dc := ds.get("compile.deepcompile"); isTrue(dc) {
			with = "DeepCompile"
		}
		if with == "" {
			return
		}
		p.Report(finding(ds.file, k, "\"gradient_allreduce_op\" is \"sum\" but DeepSpeed supports only \"mean\" with %s", with))
	},
}
