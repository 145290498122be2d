package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// AxolotlQLoRAWithout4Bit reports an axolotl QLoRA config that does not
// load the model in 4 bits, which axolotl refuses.
var AxolotlQLoRAWithout4Bit = &lint.Rule{
	ID:       "axolotl-qlora-without-4bit",
	Severity: lint.Error,
	Summary:  "axolotl adapter qlora without load_in_4bit",
	Doc: lint.Doc{
		What: "Reports `adapter: qlora` in an axolotl config that does not set `load_in_4bit: true` (or sets `load_in_8bit: true` instead), unless it merges an adapter (`merge_lora`), uses GPTQ weights or quantizes with torchao (`peft.backend: torchao`).",
		Why: "QLoRA trains LoRA adapters on a 4-bit bitsandbytes base model, and axolotl builds that quantization config only from `load_in_4bit`. " +
			"Its config validation stops with `Require cfg.load_in_4bit to be True for qlora` (or `Can't load qlora in 8bit`), so the job never starts; " +
			"a config meant to fit the GPU in 4 bits has to say so.",
		Example:    "adapter: qlora\nload_in_8bit: true",
		UseInstead: "adapter: qlora\nload_in_4bit: true",
		FixSafety:  "Safe: `adapter: qlora` already asks for a 4-bit base model; the fix writes the flag axolotl requires for it (and turns `load_in_8bit` off).",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/peft.py (LoraConfig.validate_qlora)", "https://docs.axolotl.ai/docs/config-reference.html"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: qlora\nlora_r: 16\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		adapter, a := axAdapter(p.Job)
		if adapter != "qlora" || axTrue(p.Job, "load_in_4bit") || axTrue(p.Job, "merge_lora") || axTrue(p.Job, "gptq") || axTorchAO(p.Job) {
			return
		}
		for _, name := range []string{"load_in_4bit", "load_in_8bit"} {
			if s := axArg(p.Job, name); s.found() && !s.known() {
				return
			}
		}
		var f lint.Finding
		if q8 := axArg(p.Job, "load_in_8bit"); isTrue(q8.val) {
			f = finding(q8.conf.file, q8.at(), "%q is true with \"adapter\" \"qlora\", which needs \"load_in_4bit\": true; axolotl stops with \"Can't load qlora in 8bit\"", q8.name)
		} else {
			found := "not set"
			if s := axArg(p.Job, "load_in_4bit"); s.found() {
				found = quote(s.val)
			}
			f = finding(a.conf.file, a.at(), "\"adapter\" is \"qlora\" but \"load_in_4bit\" is %s, expected true; axolotl stops with \"Require cfg.load_in_4bit to be True for qlora\"", found)
		}
		var chs []lint.Change
		if ch, ok := a.conf.change(lint.Set, true, "load_in_4bit"); ok {
			chs = append(chs, ch)
		}
		if q8 := axArg(p.Job, "load_in_8bit"); isTrue(q8.val) {
			if ch, ok := q8.conf.change(lint.Set, false, q8.name); ok {
				chs = append(chs, ch)
			}
		}
		if len(chs) > 0 {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `load_in_4bit` to true", Safety: lint.Safe, Changes: chs})
		}
		p.Report(f)
	},
}
