package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryLoRATargetMissing notes a LLaMA-Factory LoRA training without
// lora_target, which older releases refuse and newer ones fill with "all".
var LlamaFactoryLoRATargetMissing = &lint.Rule{
	ID:       "llamafactory-lora-target-missing",
	Severity: lint.Info,
	Summary:  "a LLaMA-Factory LoRA training does not name its target modules",
	Doc: lint.Doc{
		What: "Reports a LLaMA-Factory training config (`do_train: true`) whose `finetuning_type` is `lora` (the default) without `lora_target`.",
		Why: "LLaMA-Factory releases before 0.8 stop with `Please specify `lora_target` in LoRA training.`; later releases default to `all`, which puts adapters on every linear layer. " +
			"The same config therefore fails on one install and trains the largest adapter set (more adapter, gradient and optimizer memory than q/v-only LoRA) on another. " +
			"Naming the target makes the run and trainlint's estimate agree on any release.",
		Example:    "finetuning_type: lora\nlora_rank: 8",
		UseInstead: "finetuning_type: lora\nlora_rank: 8\nlora_target: all   # or q_proj,v_proj",
		FixSafety:  "Safe: `all` is what current releases use when the key is absent, so the fix only writes the default down.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/finetuning_args.py (LoraArguments.lora_target)", "hiyouga/LLaMA-Factory src/llmtuner/hparams/parser.py (get_train_args, v0.7)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: lora\nlora_rank: 8\ntemplate: llama3\ncutoff_len: 2048\nbf16: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		cs := lfConfs(p.Job)
		if len(cs) == 0 || !lfTraining(p.Job) {
			return
		}
		method, _, ft := lfFinetuningType(p.Job)
		if method != "lora" || lfArg(p.Job, "lora_target").found() {
			return
		}
		c, at := cs[0], cs[0].root
		if ft.found() {
			c, at = ft.conf, ft.at()
		}
		f := finding(c.file, at, "LoRA training without \"lora_target\"; LLaMA-Factory before 0.8 stops with \"Please specify `lora_target` in LoRA training.\" and later releases adapt every linear layer (\"all\")")
		if ch, ok := c.change(lint.Set, "all", "lora_target"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `lora_target` to `all`", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
