package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// MiniCPMVFinetuneArgs reports MiniCPM-V finetune.py arguments that the
// script rejects or silently does not honour.
var MiniCPMVFinetuneArgs = &lint.Rule{
	ID:       "minicpmv-finetune-args",
	Severity: lint.Error,
	Summary:  "arguments that MiniCPM-V's finetune.py rejects or does not honour",
	Doc: lint.Doc{
		What: "For MiniCPM-V's finetune.py: reports `use_lora: true` with `tune_llm: true` (error); a full fine-tune (`use_lora` false) of an int4 checkpoint (error); " +
			"and `q_lora: true` on a 16-bit checkpoint (warning).",
		Why: "finetune.py raises `ValueError: The model cannot simultaneously adjust LLM parameters and apply LoRA.` when LoRA and tune_llm are both on. " +
			"An int4 checkpoint without adapters is a purely quantized model, which the Trainer refuses to fine-tune (`You cannot perform fine-tuning on purely quantized models.`). " +
			"q_lora quantizes nothing: the script loads the checkpoint as it is stored (only `torch_dtype` is passed to `AutoModel.from_pretrained`) and, at most, runs peft's `prepare_model_for_kbit_training`, " +
			"which casts the frozen 16-bit weights to fp32, so memory goes up instead of down; 4-bit weights come only from the int4 checkpoint.",
		Example:    "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5\nuse_lora: true\nq_lora: true",
		UseInstead: "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5-int4\nuse_lora: true\nq_lora: true",
		References: []string{
			"OpenBMB/MiniCPM-V finetune/finetune.py at 0dbb566 and 22d1a6d (train: the use_lora/tune_llm check, AutoModel.from_pretrained with torch_dtype only)",
			"huggingface/peft v0.20 src/peft/utils/other.py (prepare_model_for_kbit_training casts fp16/bf16 parameters to fp32)",
			"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.__init__ refuses purely quantized models)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"finetune.yaml": "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5\nllm_type: llama3\noutput_dir: out\nbf16: true\ntune_vision: false\ntune_llm: true\nuse_lora: true\n",
	}},
	Check: func(p *lint.Pass) {
		if p.Plan.Recipe.V != plan.RecipeMiniCPMV {
			return
		}
		j := p.Job
		lora := trainerArg(j, "use_lora")
		if tl := trainerArg(j, "tune_llm"); isTrue(lora.val) && isTrue(tl.val) {
			p.Report(finding(tl.conf.file, tl.at(), "\"use_lora\" and \"tune_llm\" are both true; finetune.py raises: it cannot train the LLM in full and through LoRA at once"))
		}
		if !p.Plan.Model.Set {
			return
		}
		m := p.Plan.Model.V
		if m.Quantization != "" && !isTrue(lora.val) && (!lora.found() || lora.known()) {
			at := trainerArg(j, "model_name_or_path")
			f := p.FindingAt(plan.Origin{}, "%s is a %s checkpoint but \"use_lora\" is not true; the Trainer refuses to fine-tune a purely quantized model", m.ID, m.Quantization)
			if at.found() {
				f = finding(at.conf.file, at.at(), "%s is a %s checkpoint but \"use_lora\" is not true; the Trainer refuses to fine-tune a purely quantized model", m.ID, m.Quantization)
			}
			p.Report(f)
		}
		if q := trainerArg(j, "q_lora"); isTrue(q.val) && isTrue(lora.val) && m.Quantization == "" {
			f := finding(q.conf.file, q.at(), "\"q_lora\" is true but %s is a 16-bit checkpoint; finetune.py quantizes nothing, and peft's k-bit preparation casts the frozen weights to fp32 (more memory, not less); name the int4 checkpoint instead", m.ID)
			f.Severity = lint.Warning
			p.Report(f)
		}
	},
}
