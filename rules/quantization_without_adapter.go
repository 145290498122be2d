package rules

import (
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
		What: "Reports 4- or 8-bit loading combined with full fine-tuning: axolotl `load_in_4bit`/`load_in_8bit` with no `adapter`, and " +
			"Trainer arguments `load_in_4bit`/`load_in_8bit`/`q_lora` with `use_peft`/`use_lora: false`. (LLaMA-Factory's `quantization_bit` with full fine-tuning is llamafactory-quantization-needs-lora.)",
		Why: "Quantized weights cannot be trained. The Hugging Face Trainer refuses the model (`You cannot perform fine-tuning on purely quantized models. Please attach trainable adapters on top of the quantized model`) " +
			"and axolotl stops with `load_in_8bit and load_in_4bit are not supported without setting an adapter for training.`",
		Example:    "base_model: meta-llama/Llama-3.2-1B\nload_in_4bit: true\n# no adapter",
		UseInstead: "base_model: meta-llama/Llama-3.2-1B\nload_in_4bit: true\nadapter: qlora",
		FixSafety:  "Unsafe: the fix trains LoRA adapters instead of the full model, a different training run.",
		References: []string{"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.__init__, purely quantized models)", "axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/peft.py (validate_adapter)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Llama-3.2-1B\nload_in_4bit: true\nuse_peft: false\nper_device_train_batch_size: 4\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		for _, c := range trainerConfs(p.Job) {
			switch c.file.Format {
			case read.LlamaFactory:
				continue // llamafactory-quantization-needs-lora
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
