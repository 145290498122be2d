package read

import (
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// openInstructScript is open-instruct's SFT script whose arguments the
// reader assumes: FlatArguments and main() in open_instruct/finetune.py at
// allenai/open-instruct@e6c3044.
const openInstructScript = "open-instruct finetune.py at allenai/open-instruct@e6c3044"

// RecipeOpenInstruct is open-instruct's open_instruct/finetune.py.
const RecipeOpenInstruct = "open-instruct-finetune"

var openInstructProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)open_instruct/finetune\.py$`) })

// ownsOpenInstruct: the launch command runs open_instruct/finetune.py.
func ownsOpenInstruct(j *Job, s settings) bool {
	return j.Command != nil && s.file == j.Script && openInstructProgram().MatchString(j.Command.Program.Text)
}

// applyOpenInstruct reads finetune.py's arguments with their defaults:
// the model loads in bf16; use_lora trains LoRA of lora_rank 64 and
// lora_alpha 16 over every attention and MLP projection, and use_qlora
// loads the base in NF4 with double quantization and trains it with
// bitsandbytes' paged AdamW (8-bit states with use_8bit_optimizer);
// batches are padded to their longest sample (DataCollatorForSeq2Seq with
// padding "longest"), or concatenated without padding with packing.
func applyOpenInstruct(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(openInstructScript + " " + what) }
	p.Recipe = plan.Of(RecipeOpenInstruct, plan.Derived("the launch runs "+openInstructScript))
	if p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived(openInstructScript+" loads the model with dtype bfloat16"))
	}
	if pk, _ := s.boolean("packing"); pk.V {
		p.PaddingFree = pk
		p.Packing = plan.Value[bool]{}
	} else {
		p.PadToLongest = plan.Of(true, plan.Derived(openInstructScript+": DataCollatorForSeq2Seq(padding=\"longest\")"))
	}
	lora, _ := s.boolean("use_lora")
	if !lora.V {
		return
	}
	p.PEFT.Method = plan.Of("lora", lora.From)
	if q, _ := s.boolean("use_qlora"); q.V {
		p.PEFT.Method = plan.Of("qlora", q.From)
		p.Quant = plan.Of(plan.NF4, q.From)
		p.PEFT.KbitPrep = plan.Of(true, plan.Derived(openInstructScript+" main(): use_qlora calls prepare_model_for_kbit_training"))
		optim := "paged_adamw_32bit"
		if o, _ := s.boolean("use_8bit_optimizer"); o.V {
			optim = "paged_adamw_8bit"
		}
		p.Optimizer = plan.Of(optim, plan.Derived(openInstructScript+": use_qlora trains with bitsandbytes' paged AdamW"))
	}
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(64, def("lora_rank"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
	}
	orDefault(&p.PEFT.Dropout, 0.1, def("lora_dropout"))
	p.PEFT.TargetModules = plan.Of([]string{"q_proj", "o_proj", "v_proj", "k_proj", "gate_proj", "up_proj", "down_proj"},
		plan.Derived(openInstructScript+": LoraConfig target_modules"))
}

// openInstructSpells: LoRA is use_lora and a 4-bit base use_qlora (with
// use_lora); the attention kernel and the dtype are the script's own and
// its target modules fixed.
var openInstructSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeOpenInstruct: refusing(map[string]Spelling{
		"use_peft":            renamed("use_lora"),
		"load_in_4bit":        renamed("use_qlora"),
		"q_lora":              renamed("use_qlora"),
		"lora_target_modules": dropKey,
	}, "attn_implementation", "use_flash_attention_2", "torch_dtype")}
})
