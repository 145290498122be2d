package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// LlamaFactoryTrainArgsConflict reports LLaMA-Factory argument combinations
// its argument parser rejects before anything loads.
var LlamaFactoryTrainArgsConflict = &lint.Rule{
	ID:       "llamafactory-train-args-conflict",
	Severity: lint.Error,
	Summary:  "arguments that LLaMA-Factory's argument checks reject",
	Doc: lint.Doc{
		What: "Checks what LLaMA-Factory's `get_train_args` and `DataArguments.__post_init__` check from the config alone: " +
			"`streaming` without `max_steps`; `streaming` with a fractional `val_size`; `streaming` with `max_samples`; `val_size` with `eval_dataset`, or without `dataset`; " +
			"`do_train` without `dataset`; `do_eval`, `do_predict` or `predict_with_generate` without `eval_dataset` or `val_size`; " +
			"`predict_with_generate`, `neat_packing`, `train_on_prompt` or `mask_history` outside the sft stage; `do_predict` in the sft stage without `predict_with_generate`; " +
			"`load_best_model_at_end` in the rm or ppo stage; `predict_with_generate` with `compute_accuracy` or with DeepSpeed ZeRO-3; `mask_history` with `train_on_prompt`; " +
			"and `pissa_init`, `use_unsloth` or `use_kt` with DeepSpeed ZeRO-3.",
		Why:        "Each of these makes LLaMA-Factory raise a ValueError while it parses its arguments (`Please specify `max_steps` in streaming mode.`, `` `predict_with_generate` cannot be set as True except SFT.``, …), before the model loads.",
		Example:    "stage: sft\ndo_train: true\ndataset: c4_demo\nstreaming: true",
		UseInstead: "stage: sft\ndo_train: true\ndataset: c4_demo\nstreaming: true\nmax_steps: 10000",
		References: []string{
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)",
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/data_args.py (DataArguments.__post_init__)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"llama3_lora_sft.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: c4_demo\nstreaming: true\ntemplate: llama3\ncutoff_len: 2048\noutput_dir: saves/llama3-8b/lora/sft\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		if len(lfConfs(j)) == 0 {
			return
		}
		arg := func(name string) setting { return lfArg(j, name) }
		on := func(name string) bool { return isTrue(arg(name).val) }
		set := func(name string) bool { s := arg(name); return s.found() && !isNullish(s) }
		number := func(name string, def float64) float64 {
			s := arg(name)
			if !s.found() {
				return def
			}
			v, ok := numOf(s.val)
			if !ok {
				return def
			}
			return v
		}
		stage := "sft"
		if s := arg("stage"); s.known() {
			stage = strings.ToLower(s.val.Value)
		}
		report := func(name, format string, args ...any) {
			s := arg(name)
			f := p.FindingAt(lfOrigin(s), format, args...)
			f.Message += "; LLaMA-Factory raises while it parses its arguments"
			p.Report(f)
		}
		valSize := number("val_size", 0)
		zero3 := p.Plan.ZeRO.Enabled && p.Plan.ZeRO.Stage.Set && p.Plan.ZeRO.Stage.V == 3
		if on("streaming") {
			if number("max_steps", -1) == -1 {
				report("streaming", "\"streaming\" is true but \"max_steps\" is not set")
			}
			if valSize > 1e-6 && valSize < 1 {
				report("val_size", "\"val_size\" is %s with \"streaming\"; streaming needs a whole number of validation samples", num(valSize))
			}
			if set("max_samples") {
				report("max_samples", "\"max_samples\" is set with \"streaming\"")
			}
		}
		if valSize > 1e-6 && set("eval_dataset") {
			report("val_size", "\"val_size\" is set together with \"eval_dataset\"")
		}
		if valSize > 1e-6 && !set("dataset") {
			report("val_size", "\"val_size\" is set but \"dataset\" is not")
		}
		if on("do_train") && !set("dataset") {
			report("do_train", "\"do_train\" is true but no \"dataset\" is given")
		}
		for _, k := range []string{"do_eval", "do_predict", "predict_with_generate"} {
			if on(k) && !set("eval_dataset") && valSize < 1e-6 {
				report(k, "%q is true but neither \"eval_dataset\" nor \"val_size\" is set", k)
				break
			}
		}
		if stage != "sft" {
			for _, k := range []string{"predict_with_generate", "neat_packing", "train_on_prompt", "mask_history"} {
				if on(k) {
					report(k, "%q is true in the %q stage; only sft takes it", k, stage)
				}
			}
		} else if on("do_predict") && !on("predict_with_generate") {
			report("do_predict", "\"do_predict\" is true in the sft stage but \"predict_with_generate\" is not")
		}
		if (stage == "rm" || stage == "ppo") && on("load_best_model_at_end") {
			report("load_best_model_at_end", "\"load_best_model_at_end\" is true in the %q stage", stage)
		}
		if on("predict_with_generate") && on("compute_accuracy") {
			report("compute_accuracy", "\"compute_accuracy\" and \"predict_with_generate\" are both true")
		}
		if on("mask_history") && on("train_on_prompt") {
			report("mask_history", "\"mask_history\" and \"train_on_prompt\" are both true")
		}
		if zero3 {
			for _, k := range []string{"predict_with_generate", "pissa_init", "use_unsloth", "use_kt"} {
				if on(k) {
					report(k, "%q is true with DeepSpeed ZeRO-3 (%s)", k, originText(p.Plan.ZeRO.Stage.From))
				}
			}
		}
	},
}

// lfOrigin is where a finding about a LLaMA-Factory setting points.
func lfOrigin(s setting) plan.Origin {
	if !s.found() {
		return plan.Origin{}
	}
	return s.conf.originOf(s)
}
