package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryNoMixedPrecision reports LLaMA-Factory training with neither
// bf16 nor fp16.
var LlamaFactoryNoMixedPrecision = &lint.Rule{
	ID:       "llamafactory-no-mixed-precision",
	Severity: lint.Warning,
	Summary:  "a LLaMA-Factory training run has neither bf16 nor fp16 mixed precision",
	Doc: lint.Doc{
		What: "Reports a LLaMA-Factory training config (`do_train: true`) that sets none of `bf16`, `fp16` or `pure_bf16` to true.",
		Why: "Without mixed precision the Trainer runs the forward and backward passes in fp32: activations take twice the memory of bf16 and matmuls skip the tensor cores' fast path. " +
			"LLaMA-Factory logs `We recommend enable mixed precision training.` and trains on, so the slow, memory-hungry run is easy to miss.",
		Example:    "do_train: true\nfinetuning_type: lora",
		UseInstead: "do_train: true\nfinetuning_type: lora\nbf16: true   # fp16: true on GPUs before Ampere",
		FixSafety:  "Unsafe: mixed precision changes the numerics of the forward and backward passes. The fix sets `bf16` (or `fp16` when the declared GPU has no bf16) to true.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)", "https://huggingface.co/docs/transformers/perf_train_gpu_one#mixed-precision-training"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: lora\nlora_target: all\ntemplate: llama3\ncutoff_len: 2048\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		cs := lfConfs(p.Job)
		if len(cs) == 0 || !lfTraining(p.Job) {
			return
		}
		for _, name := range []string{"bf16", "fp16", "pure_bf16"} {
			if s := lfArg(p.Job, name); s.found() && (!s.known() || isTrue(s.val)) {
				return
			}
		}
		// A flag given through an unexpanded variable may be the one.
		if p.Job.Command != nil {
			for _, w := range p.Job.Command.Args {
				if !w.Known && len(w.Unknown) > 0 && w.Raw != "" && w.Raw[0] == '$' {
					return
				}
			}
		}
		at := lfArg(p.Job, "do_train")
		dtype := "bf16"
		if g, ok := gpuOf(p); ok && !g.BF16 {
			dtype = "fp16"
		}
		f := finding(at.conf.file, at.at(), "training with neither \"bf16\" nor \"fp16\" set to true runs in fp32, with about twice the activation memory of %s; LLaMA-Factory only logs \"We recommend enable mixed precision training.\"", dtype)
		if ch, ok := at.conf.change(lint.Set, true, dtype); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `" + dtype + "` to true", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
