package rules

import (
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// QuantizationWithoutAdapter reports a quantized model trained in full,
// without LoRA adapters.
var QuantizationWithoutAdapter = &lint.Rule{
	ID:       "quantization-without-adapter",
	Severity: lint.Error,
	Summary:  "a quantized model is trained without LoRA adapters",
	Doc: lint.Doc{
		What: "Reports 4- or 8-bit loading combined with full fine-tuning: LLaMA-Factory `quantization_bit` with `finetuning_type: full` or `freeze`; axolotl `load_in_4bit`/`load_in_8bit` with no `adapter`; " +
			"Trainer arguments `load_in_4bit`/`load_in_8bit` with `use_peft`/`use_lora: false`.",
		Why: "Quantized weights cannot be trained. The Hugging Face Trainer refuses the model (`You cannot perform fine-tuning on purely quantized models. Please attach trainable adapters on top of the quantized model`), " +
			"LLaMA-Factory stops with `Quantization is only compatible with the LoRA or OFT method.` and axolotl with `load_in_8bit and load_in_4bit are not supported without setting an adapter for training.`",
		Example:    "quantization_bit: 4\nfinetuning_type: full",
		UseInstead: "quantization_bit: 4\nfinetuning_type: lora",
		FixSafety:  "Unsafe: the fix trains LoRA adapters instead of the full model, a different training run.",
		References: []string{"huggingface/transformers src/transformers/trainer.py (Trainer.__init__, purely quantized models)", "hiyouga/LLaMA-Factory src/llamafactory/hparams/parser.py (_verify_model_args)", "axolotl-ai-cloud/axolotl src/axolotl/utils/schemas/peft.py (validate_adapter)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Llama-3.2-1B\nstage: sft\nfinetuning_type: full\nquantization_bit: 4\ntemplate: llama3\ncutoff_len: 1024\noutput_dir: out\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		for _, c := range trainerConfs(p.Job) {
			switch c.file.Format {
			case read.LlamaFactory:
				qk, qv := c.get("quantization_bit")
				_, ft := c.get("finetuning_type")
				if qv == nil || document.IsNull(qv) || ft == nil {
					continue
				}
				if m := strings.ToLower(ft.Value); m != "full" && m != "freeze" {
					continue
				}
				f := finding(c.file, qk, "\"quantization_bit\" is %s but \"finetuning_type\" is %s; a quantized model trains only with LoRA or OFT adapters", quote(qv), quote(ft))
				if ch, ok := c.change(lint.Set, "lora", "finetuning_type"); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `finetuning_type` to \"lora\"", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
				p.Report(f)
			case read.Axolotl:
				name, qk, qv := c.first("load_in_4bit", "load_in_8bit")
				if !isTrue(qv) {
					continue
				}
				if _, a := c.get("adapter"); a != nil && !document.IsNull(a) && a.Value != "" {
					continue
				}
				f := finding(c.file, qk, "%q is true but no \"adapter\" is set; axolotl trains a quantized model only through LoRA or QLoRA adapters", name)
				adapter := "lora"
				if name == "load_in_4bit" {
					adapter = "qlora"
				}
				if ch, ok := c.change(lint.Set, adapter, "adapter"); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `adapter` to \"" + adapter + "\"", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
				p.Report(f)
			default:
				name, qk, qv := c.first("load_in_4bit", "load_in_8bit", "q_lora")
				if !isTrue(qv) {
					continue
				}
				peft, _, pv := c.first("use_peft", "use_lora", "lora_enable")
				if pv == nil {
					continue
				}
				if on, ok := boolOf(pv); !ok || on {
					continue
				}
				f := finding(c.file, qk, "%q is true but %q is false; the Trainer refuses to fine-tune a purely quantized model without adapters", name, peft)
				if ch, ok := c.change(lint.Set, true, peft); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `" + peft + "` to true", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
				p.Report(f)
			}
		}
	},
}
