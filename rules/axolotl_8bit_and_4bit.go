package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// Axolotl8BitAnd4Bit reports load_in_8bit and load_in_4bit both set in an
// axolotl config.
var Axolotl8BitAnd4Bit = &lint.Rule{
	ID:       "axolotl-8bit-and-4bit",
	Severity: lint.Error,
	Summary:  "axolotl load_in_8bit and load_in_4bit are both true",
	Doc: lint.Doc{
		What: "Reports an axolotl config with an adapter that sets both `load_in_8bit: true` and `load_in_4bit: true`. " +
			"With `adapter: qlora` it is an error; with `adapter: lora` a warning (the model loads in 8 bits and the 4-bit flag is ignored). Configs without an adapter are left to `axolotl-quantization-without-adapter`.",
		Why: "The two flags ask for different bitsandbytes quantizations of the same weights. For QLoRA axolotl's validation stops with `Can't load qlora in 8bit`; " +
			"for LoRA it builds the 8-bit config and drops the 4-bit request, so the base weights take twice the memory of the 4-bit model the config seems to describe.",
		Example:    "adapter: qlora\nload_in_8bit: true\nload_in_4bit: true",
		UseInstead: "adapter: qlora\nload_in_4bit: true",
		FixSafety:  "Safe: for QLoRA, which needs 4-bit weights, the fix turns `load_in_8bit` off; for LoRA it turns off `load_in_4bit`, which axolotl ignores there, so the model still loads in 8 bits.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/peft.py (LoraConfig.validate_qlora)", "axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/loaders/model.py (ModelLoader._set_quantization_config)"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: qlora\nload_in_8bit: true\nload_in_4bit: true\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		q8, q4 := axArg(p.Job, "load_in_8bit"), axArg(p.Job, "load_in_4bit")
		if !isTrue(q8.val) || !isTrue(q4.val) || axTorchAO(p.Job) {
			return
		}
		adapter, _ := axAdapter(p.Job)
		if adapter == "" {
			return
		}
		if adapter == "qlora" {
			f := finding(q8.conf.file, q8.at(), "%q and %q (%s) are both true with \"adapter\" \"qlora\", which needs 4-bit only; axolotl stops with \"Can't load qlora in 8bit\"", q8.name, q4.name, whereIs(q8.conf.file, q4.conf.file, q4.at()))
			if ch, ok := q8.conf.change(lint.Set, false, q8.name); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `load_in_8bit` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
			return
		}
		f := finding(q8.conf.file, q8.at(), "%q and %q (%s) are both true with \"adapter\" %q; axolotl loads the model in 8 bits and ignores %q, so the weights take twice the memory of 4-bit", q8.name, q4.name, whereIs(q8.conf.file, q4.conf.file, q4.at()), adapter, q4.name)
		f.Severity = lint.Warning
		if ch, ok := q4.conf.change(lint.Set, false, q4.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `load_in_4bit` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
