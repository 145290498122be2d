package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryPureBF16ZeRO3 reports LLaMA-Factory's pure_bf16 under
// DeepSpeed ZeRO-3, which LLaMA-Factory refuses.
var LlamaFactoryPureBF16ZeRO3 = &lint.Rule{
	ID:       "llamafactory-pure-bf16-zero3",
	Severity: lint.Error,
	Summary:  "pure_bf16 is used with DeepSpeed ZeRO-3 in LLaMA-Factory",
	Doc: lint.Doc{
		What: "Reports `pure_bf16: true` in a LLaMA-Factory config whose DeepSpeed config (a file named by `deepspeed`, or Accelerate's inline DeepSpeed settings) runs ZeRO stage 3.",
		Why: "`pure_bf16` trains the bf16 weights directly, without fp32 master weights; ZeRO-3 partitions parameters and keeps its own fp32 copies. " +
			"LLaMA-Factory checks the combination before training and stops with ``pure_bf16` is incompatible with DeepSpeed ZeRO-3.`",
		Example:    "pure_bf16: true\ndeepspeed: examples/deepspeed/ds_z3_config.json",
		UseInstead: "bf16: true\ndeepspeed: examples/deepspeed/ds_z3_config.json   # or keep pure_bf16 with ZeRO-2",
		FixSafety:  "Unsafe: bf16 mixed precision keeps fp32 master weights and optimizer states, which changes the numerics and adds memory (ZeRO-3 shards it over the GPUs).",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: full\npure_bf16: true\ndeepspeed: z3.json\ntemplate: llama3\ncutoff_len: 2048\n",
		"z3.json":    `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		s := lfArg(p.Job, "pure_bf16")
		if !isTrue(s.val) {
			return
		}
		z := p.Plan.ZeRO
		if !z.Enabled || !z.Stage.Set || z.Stage.V != 3 {
			return
		}
		f := finding(s.conf.file, s.at(), "%q is true but the DeepSpeed config runs ZeRO stage 3 (%s); LLaMA-Factory stops with \"`pure_bf16` is incompatible with DeepSpeed ZeRO-3.\"", s.name, originText(z.Stage.From))
		var chs []lint.Change
		if ch, ok := s.conf.change(lint.Set, false, s.name); ok {
			chs = append(chs, ch)
		}
		if ch, ok := s.conf.change(lint.Set, true, "bf16"); ok {
			chs = append(chs, ch)
		}
		if len(chs) == 2 {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Use bf16 mixed precision instead of `pure_bf16`", Safety: lint.Unsafe, Changes: chs})
		}
		p.Report(f)
	},
}
