package read

import (
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// peftSFTScript is PEFT's SFT example whose arguments the reader assumes:
// ModelArguments in examples/sft/train.py (parsed with SFTConfig by one
// HfArgumentParser) and create_and_prepare_model in examples/sft/utils.py
// at huggingface/peft@493e753.
const peftSFTScript = "PEFT examples/sft/train.py at huggingface/peft@493e753"

// RecipePEFTSFT is PEFT's examples/sft/train.py.
const RecipePEFTSFT = "peft-sft-example"

// peftSFTKeys are ModelArguments fields of the script that neither the
// Trainer, TRL's SFTConfig nor another frontend's vocabulary has.
var peftSFTKeys = []string{"use_peft_lora", "use_4bit_quantization", "use_8bit_quantization", "use_nested_quant"}

// ownsPEFTSFT: a launch whose arguments name one of the script's own keys.
func ownsPEFTSFT(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script {
		return false
	}
	for _, k := range peftSFTKeys {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyPEFTSFT reads the script's ModelArguments with their defaults:
// use_peft_lora (default false) trains LoRA of rank lora_r 64 and alpha
// lora_alpha 16 over lora_target_modules, a comma-separated string (default
// every attention and MLP projection); use_4bit_quantization loads the base
// in bnb_4bit_quant_type (default nf4), use_8bit_quantization in int8.
func applyPEFTSFT(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(peftSFTScript + " " + what) }
	p.Recipe = plan.Of(RecipePEFTSFT, plan.Derived("the launch runs "+peftSFTScript))
	lora, _ := s.boolean("use_peft_lora")
	q4, _ := s.boolean("use_4bit_quantization")
	q8, _ := s.boolean("use_8bit_quantization")
	switch {
	case lora.V && q4.V:
		p.PEFT.Method = plan.Of("qlora", q4.From)
	case lora.V:
		p.PEFT.Method = plan.Of("lora", lora.From)
	case lora.Set:
		p.PEFT.Method = plan.Of("none", lora.From)
	}
	switch {
	case q4.V:
		p.Quant = plan.Of(plan.NF4, q4.From)
		if t, _ := s.str("bnb_4bit_quant_type"); strings.EqualFold(t.V, "fp4") {
			p.Quant = plan.Of(plan.FP4, t.From)
		}
	case q8.V:
		p.Quant = plan.Of(plan.Int8, q8.From)
	case q4.Set && p.Quant.From == q4.From:
		p.Quant = plan.Value[plan.Quant]{}
	}
	if !p.UsesPEFT() {
		return
	}
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(64, def("lora_r"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
	}
	// lora_target_modules is one comma-separated string.
	if tm, _ := s.list("lora_target_modules"); tm.Set {
		p.PEFT.TargetModules = tm
	} else {
		p.PEFT.TargetModules = plan.Of([]string{"q_proj", "k_proj", "v_proj", "o_proj", "down_proj", "up_proj", "gate_proj"}, def("lora_target_modules"))
	}
}

// peftSFTSpells: the script turns LoRA on with use_peft_lora and a 4-bit
// base with use_4bit_quantization; lora_target_modules is one
// comma-separated string; attention and dtype come from use_flash_attn and
// bnb_4bit_compute_dtype, which a fix does not write.
var peftSFTSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipePEFTSFT: refusing(map[string]Spelling{
		"use_peft":     constant("use_peft_lora", true),
		"use_lora":     constant("use_peft_lora", true),
		"load_in_4bit": renamed("use_4bit_quantization"),
		"q_lora":       renamed("use_4bit_quantization"),
		"lora_target_modules": {Key: "lora_target_modules", Value: func(v any) any {
			if l, ok := v.([]string); ok {
				return strings.Join(l, ",")
			}
			return v
		}},
	}, "attn_implementation", "use_flash_attention_2", "torch_dtype")}
})
