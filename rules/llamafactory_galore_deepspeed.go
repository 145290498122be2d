package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryGaLoreDeepSpeed reports LLaMA-Factory's GaLore or APOLLO
// optimizers together with DeepSpeed, which LLaMA-Factory refuses.
var LlamaFactoryGaLoreDeepSpeed = &lint.Rule{
	ID:       "llamafactory-galore-deepspeed",
	Severity: lint.Error,
	Summary:  "a GaLore or APOLLO optimizer is used with DeepSpeed in LLaMA-Factory",
	Doc: lint.Doc{
		What: "Reports `use_galore: true` or `use_apollo: true` in a LLaMA-Factory config that also names a DeepSpeed config (`deepspeed`).",
		Why: "GaLore and APOLLO save optimizer memory by projecting gradients inside their own optimizer, which DeepSpeed replaces with its ZeRO optimizer. " +
			"LLaMA-Factory checks the pair when it parses the arguments and stops with `GaLore and APOLLO are incompatible with DeepSpeed yet.`",
		Example:    "use_galore: true\ndeepspeed: examples/deepspeed/ds_z2_config.json",
		UseInstead: "use_galore: true   # without deepspeed; or drop use_galore and keep ZeRO",
		FixSafety:  "Unsafe: either choice changes the optimizer memory and, without GaLore, the update rule. The fix offered removes `deepspeed`.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)", "https://llamafactory.readthedocs.io/en/latest/advanced/trainers.html"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: full\nuse_galore: true\ndeepspeed: z2.json\ntemplate: llama3\ncutoff_len: 2048\nbf16: true\n",
		"z2.json":    `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		var opt setting
		for _, name := range []string{"use_galore", "use_apollo"} {
			if s := lfArg(p.Job, name); isTrue(s.val) {
				opt = s
				break
			}
		}
		if !opt.found() {
			return
		}
		ds := lfArg(p.Job, "deepspeed")
		if !ds.found() || isNullish(ds) {
			return
		}
		f := finding(opt.conf.file, opt.at(), "%q is true and \"deepspeed\" is %s (%s); LLaMA-Factory stops with \"GaLore and APOLLO are incompatible with DeepSpeed yet.\"", opt.name, quote(ds.val), whereIs(opt.conf.file, ds.conf.file, ds.at()))
		if ch, ok := ds.conf.change(lint.Delete, nil, ds.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove `deepspeed`", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
