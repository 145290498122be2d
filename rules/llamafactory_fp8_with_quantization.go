package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryFP8WithQuantization reports LLaMA-Factory FP8 training of a
// quantized model, which LLaMA-Factory refuses.
var LlamaFactoryFP8WithQuantization = &lint.Rule{
	ID:       "llamafactory-fp8-with-quantization",
	Severity: lint.Error,
	Summary:  "fp8 training is combined with quantization in LLaMA-Factory",
	Doc: lint.Doc{
		What: "Reports `fp8: true` together with `quantization_bit` in a LLaMA-Factory config.",
		Why: "FP8 training casts the linear layers' matmuls to FP8 through Accelerate (torchao or Transformer Engine); bitsandbytes-quantized layers have no FP8 path. " +
			"LLaMA-Factory checks the pair when it parses the arguments and stops with `FP8 training is incompatible with quantization.` " +
			"(later releases: `FP8 training is not compatible with quantization. Please disable one of them.`).",
		Example:    "fp8: true\nquantization_bit: 4",
		UseInstead: "fp8: true   # full-precision base weights; or quantization_bit: 4 with bf16: true",
		FixSafety:  "Unsafe: turning FP8 off trains in bf16 or fp16 instead, which is slower on Hopper GPUs and changes the numerics. The fix offered sets `fp8` to false.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)", "https://huggingface.co/docs/accelerate/usage_guides/low_precision_training"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: lora\nquantization_bit: 4\nfp8: true\nbf16: true\ntemplate: llama3\ncutoff_len: 2048\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		fp8 := lfArg(p.Job, "fp8")
		if !isTrue(fp8.val) {
			return
		}
		_, q, ok := lfQuantBits(p.Job)
		if !ok {
			return
		}
		f := finding(fp8.conf.file, fp8.at(), "%q is true and %q is %s (%s); LLaMA-Factory stops with \"FP8 training is incompatible with quantization.\"", fp8.name, q.name, quote(q.val), whereIs(fp8.conf.file, q.conf.file, q.at()))
		if ch, ok := fp8.conf.change(lint.Set, false, fp8.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `fp8` to false", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
