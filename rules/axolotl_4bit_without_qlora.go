package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// Axolotl4BitWithoutQLoRA reports load_in_4bit with a plain LoRA adapter,
// which current axolotl does not quantize.
var Axolotl4BitWithoutQLoRA = &lint.Rule{
	ID:       "axolotl-4bit-without-qlora",
	Severity: lint.Warning,
	Summary:  "axolotl load_in_4bit with adapter lora loads the model unquantized",
	Doc: lint.Doc{
		What: "Reports `load_in_4bit: true` in an axolotl config whose `adapter` is `lora` rather than `qlora` (and that neither sets `load_in_8bit` nor uses an already quantized checkpoint, GPTQ weights or torchao).",
		Why: "axolotl builds its bitsandbytes 4-bit config only for `adapter: qlora` (and the 8-bit one only for `adapter: lora` with `load_in_8bit`). " +
			"With `adapter: lora` the 4-bit flag is passed to no loader, so the base model loads in 16 bits: about four times the weight memory the config was sized for, " +
			"and the run is out of memory or much tighter than expected. trainlint's estimate follows the config's intent (4-bit), so it is too low as well.",
		Example:    "adapter: lora\nload_in_4bit: true",
		UseInstead: "adapter: qlora\nload_in_4bit: true   # or adapter: lora without load_in_4bit",
		FixSafety:  "Unsafe: QLoRA trains the adapters on 4-bit base weights, which changes the numerics against the 16-bit model that actually loads today. The fix sets `adapter` to `qlora`.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/loaders/model.py (ModelLoader._set_quantization_config)", "https://docs.axolotl.ai/docs/config-reference.html"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nload_in_4bit: true\nlora_r: 16\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		adapter, a := axAdapter(p.Job)
		q4 := axArg(p.Job, "load_in_4bit")
		if adapter != "lora" || !isTrue(q4.val) || axTrue(p.Job, "load_in_8bit") || axTrue(p.Job, "gptq") || axTorchAO(p.Job) {
			return
		}
		if m := axArg(p.Job, "base_model"); m.known() && prequantized().MatchString(m.val.Value) {
			return // the checkpoint's own quantization config applies
		}
		f := finding(q4.conf.file, q4.at(), "%q is true but \"adapter\" is \"lora\", expected \"qlora\"; axolotl quantizes to 4 bits only for QLoRA, so the base model loads unquantized with about four times the weight memory", q4.name)
		if ch, ok := a.conf.change(lint.Set, "qlora", a.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `adapter` to `qlora`", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
