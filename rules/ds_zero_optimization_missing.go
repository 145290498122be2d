package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/schemas"
)

// zeroSectionTypo returns the top-level key of a DeepSpeed config that is
// a misspelling of zero_optimization ("zero_optimisation", "zero_optim"),
// when the config has no zero_optimization.
func zeroSectionTypo(ds conf) (string, bool) {
	if k, _ := ds.get("zero_optimization"); k != nil {
		return "", false
	}
	known := schemas.Properties("deepspeed")
	for _, pair := range document.Pairs(ds.root) {
		name := pair.Key.Value
		if name != "zero_optimization" && suggest(name, known) == "zero_optimization" {
			return name, true
		}
	}
	return "", false
}

// DSZeroOptimizationMissing reports a DeepSpeed config without a
// zero_optimization section under the Hugging Face Trainer or Accelerate.
var DSZeroOptimizationMissing = &lint.Rule{
	ID:       "ds-zero-optimization-missing",
	Severity: lint.Error,
	Summary:  "a DeepSpeed config without a zero_optimization section under the Hugging Face Trainer or Accelerate",
	Doc: lint.Doc{
		What: "Reports a DeepSpeed config that has no `zero_optimization` section (or only a misspelt one such as `zero_optimisation`) when the Hugging Face Trainer or Accelerate hands it to DeepSpeed.",
		Why: "Accelerate's DeepSpeed plugin, which the Trainer builds from its `deepspeed` argument, refuses such a config before anything loads: " +
			"`ValueError: Please specify the ZeRO optimization config in the DeepSpeed config.` DeepSpeed on its own would run it as ZeRO stage 0.",
		Example:    `{"train_micro_batch_size_per_gpu": "auto", "zero_optimisation": {"stage": 2}}`,
		UseInstead: `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 2}}`,
		FixSafety:  "Unsafe: renaming a misspelt section turns on the ZeRO stage it names, which changes memory use and speed (what the author meant).",
		References: []string{
			"huggingface/accelerate v1.15 src/accelerate/utils/dataclasses.py (DeepSpeedPlugin.__post_init__)",
			"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments.__post_init__ builds the DeepSpeedPlugin from `deepspeed`)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Llama-3.2-1B\ndeepspeed: zero2.json\n",
		"zero2.json": `{"train_micro_batch_size_per_gpu": "auto", "gradient_accumulation_steps": "auto", "bf16": {"enabled": "auto"}, "zero_optimisation": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() || !viaHF(p) {
			return
		}
		if k, _ := ds.get("zero_optimization"); k != nil {
			return
		}
		typo, ok := zeroSectionTypo(ds)
		if !ok {
			f := finding(ds.file, ds.root, "the DeepSpeed config has no \"zero_optimization\" section; Accelerate's DeepSpeed plugin refuses it under the %s", hfName(p))
			f.Line, f.Column = 1, 1
			p.Report(f)
			return
		}
		k, _ := ds.get(typo)
		f := finding(ds.file, k, "the DeepSpeed config has %q but no \"zero_optimization\" section; Accelerate's DeepSpeed plugin refuses it under the %s", typo, hfName(p))
		if ch, ok := ds.change(lint.Rename, nil, typo); ok {
			ch.NewKey = "zero_optimization"
			f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `zero_optimization`", typo), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}

// hfName names the Hugging Face launcher of the job.
func hfName(p *lint.Pass) string {
	if launcher(p) == "accelerate" && p.Job.Trainer == nil && p.Job.Args == nil {
		return "Accelerate launch"
	}
	return "Hugging Face Trainer"
}
