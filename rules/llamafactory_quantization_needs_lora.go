package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryQuantizationNeedsLoRA reports LLaMA-Factory quantization with
// a full or freeze fine-tune, which LLaMA-Factory refuses.
var LlamaFactoryQuantizationNeedsLoRA = &lint.Rule{
	ID:       "llamafactory-quantization-needs-lora",
	Severity: lint.Error,
	Summary:  "quantization_bit is set for a LLaMA-Factory full or freeze fine-tune",
	Doc: lint.Doc{
		What: "Reports `quantization_bit` in a LLaMA-Factory config whose `finetuning_type` is neither `lora` (the default) nor `oft`.",
		Why: "Quantized weights cannot be trained, so LLaMA-Factory checks the method before it loads anything and stops with " +
			"`Quantization is only compatible with the LoRA or OFT method.` (`...with the LoRA method.` before OFT support). " +
			"A config that sets `finetuning_type: full` or `freeze` to save memory with quantization never starts.",
		Example:    "finetuning_type: full\nquantization_bit: 4",
		UseInstead: "finetuning_type: lora\nlora_target: all\nquantization_bit: 4   # or drop quantization_bit and keep the full fine-tune",
		FixSafety:  "Unsafe: dropping `quantization_bit` keeps the full (or freeze) fine-tune but loads the weights in 16 bits, about four times the weight memory of 4-bit; switching to LoRA changes what is trained. The fix offered drops `quantization_bit`.",
		References: []string{
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (_verify_model_args)",
			"https://llamafactory.readthedocs.io/en/latest/advanced/arguments.html",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: full\nquantization_bit: 4\ntemplate: llama3\ncutoff_len: 2048\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		_, q, ok := lfQuantBits(p.Job)
		if !ok {
			return
		}
		method, shown, ft := lfFinetuningType(p.Job)
		if method == "lora" || method == "oft" || (ft.found() && !ft.known()) {
			return
		}
		f := finding(q.conf.file, q.at(), "%q is %s but %s; LLaMA-Factory quantizes only for \"lora\" or \"oft\" and stops with \"Quantization is only compatible with the LoRA or OFT method.\"", q.name, quote(q.val), shown)
		if ch, ok := q.conf.change(lint.Delete, nil, q.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove `quantization_bit`", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
