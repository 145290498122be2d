package read

import (
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// fireflyScript is the Firefly version whose arguments the reader assumes:
// CustomizedArguments in component/argument.py and train.py at
// yangjianxin1/Firefly@e22b406 (2024-10-24).
const fireflyScript = "Firefly train.py at yangjianxin1/Firefly@e22b406"

// ownsFirefly: a Trainer-like JSON of Firefly's train_args (train.py reads
// it with HfArgumentParser.parse_json_file), recognized by the keys only
// CustomizedArguments defines.
func ownsFirefly(_ *Job, s settings) bool {
	if s.file == nil || s.file.Format != Trainer || s.root != s.file.Root {
		return false
	}
	if n, _ := s.node("train_file"); n == nil {
		return false
	}
	for _, k := range []string{"train_mode", "template_name", "task_type", "tokenize_num_workers"} {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyFirefly reads train_mode (full, lora, or qlora, the default) and the
// loading train.py does: bf16 weights unless --fp16, a 4-bit NF4 base for
// qlora, LoRA of lora_rank 64 and lora_alpha 16 over every linear layer
// (find_all_linear_names), and batches padded to their longest sample cut at
// max_seq_length.
func applyFirefly(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(fireflyScript + " " + what) }
	p.Recipe = plan.Of(RecipeFirefly, plan.Derived("a train_args file of "+fireflyScript))
	mode, _ := s.str("train_mode")
	if !mode.Set {
		mode = plan.Of("qlora", def("train_mode"))
	}
	switch strings.ToLower(mode.V) {
	case "qlora":
		p.PEFT.Method = plan.Of("qlora", mode.From)
		p.Quant = plan.Of(plan.NF4, mode.From)
		p.PEFT.KbitPrep = plan.Of(true, plan.Derived(fireflyScript+" load_model: train_mode qlora calls prepare_model_for_kbit_training"))
	case "lora":
		p.PEFT.Method = plan.Of("lora", mode.From)
	case "full":
		p.PEFT.Method = plan.Of("none", mode.From)
	}
	if p.UsesPEFT() {
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(64, def("lora_rank"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
		}
		orDefault(&p.PEFT.Dropout, 0.05, def("lora_dropout (component/argument.py)"))
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(fireflyScript+": find_all_linear_names targets every linear layer"))
	}
	if p.LoadDtype.From.Kind == plan.FromDefault {
		d := plan.BF16
		if p.Precision.V == plan.FP16 {
			d = plan.FP16
		}
		p.LoadDtype = plan.Of(d, plan.Derived(fireflyScript+" loads with torch_dtype float16 with fp16, else bfloat16"))
	}
	p.Assume("max_seq_length caps the batch: Firefly's collator pads each batch to its longest sample, estimated at the cap")
}

// fireflySpells: train_mode full|lora|qlora and max_seq_length; no attention
// argument (train.py leaves attn_implementation commented out).
var fireflySpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeFirefly: withSeqLen("max_seq_length", map[string]Spelling{
		"use_peft":              constant("train_mode", "lora"),
		"use_lora":              constant("train_mode", "lora"),
		"load_in_4bit":          constant("train_mode", "qlora"),
		"q_lora":                constant("train_mode", "qlora"),
		"lora_target_modules":   dropKey,
		"attn_implementation":   refuseKey,
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	})}
})
