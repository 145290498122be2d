package read

import (
	"regexp"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// The Qwen (v1) and Qwen-VL fine-tune scripts whose arguments the reader
// assumes: finetune.py's TrainingArguments and LoraArguments at
// QwenLM/Qwen@2df8e8a (2026-03-05) and QwenLM/Qwen-VL@aa00ed0 (2024-04-09).
const (
	qwenScript    = "Qwen finetune.py at QwenLM/Qwen@2df8e8a"
	qwenVLScript1 = "Qwen-VL finetune.py at QwenLM/Qwen-VL@aa00ed0"
)

// RecipeQwen is Qwen's and Qwen-VL's finetune.py.
const RecipeQwen = "qwen-finetune"

var finetuneProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)finetune\.py$`) })

// ownsQwen: a launch of finetune.py for a Qwen model (MiniCPM-V's script,
// derived from it, has keys of its own and is read by applyMiniCPMV).
func ownsQwen(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !finetuneProgram().MatchString(j.Command.Program.Text) {
		return false
	}
	for _, k := range miniCPMVKeys {
		if n, _ := s.node(k); n != nil {
			return false
		}
	}
	if n, _ := s.node("fix_vit"); n != nil {
		return true
	}
	m, _ := s.str("model_name_or_path")
	return strings.Contains(strings.ToLower(m.V), "qwen")
}

// applyQwen reads finetune.py's arguments with their defaults:
// model_max_length 8192, every sample padded to it (preprocess), LoRA with
// lora_r 64 and lora_alpha 16 over c_attn, c_proj, w1 and w2, training full
// copies of wte and lm_head on a base (not chat) model; q_lora loads a GPTQ
// int4 checkpoint and only with use_lora; Qwen-VL's fix_vit (default true)
// freezes the vision tower of a full fine-tune.
func applyQwen(p *plan.Plan, s settings) {
	m, _ := s.str("model_name_or_path")
	name := strings.ToLower(m.V)
	fix, _ := s.boolean("fix_vit")
	vl := fix.Set || strings.Contains(name, "qwen-vl")
	script := qwenScript
	if vl {
		script = qwenVLScript1
	}
	def := func(what string) plan.Origin { return plan.Default(script + " " + what) }
	p.Recipe = plan.Of(RecipeQwen, plan.Derived("the launch runs "+script))
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(8192, def("model_max_length"))
	}
	p.Assume("%s pads every sample to model_max_length", script)
	if p.LoadDtype.From.Kind == plan.FromDefault {
		// The remote code's QWenLMHeadModel.__init__ (modeling_qwen.py of
		// Qwen/Qwen-7B and Qwen/Qwen-VL-Chat) sets config.bf16 when the
		// config names no precision and the GPU has bf16, then casts the
		// transformer and lm_head to it.
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived("Qwen's modeling_qwen.py casts the model to bf16 where the GPU supports it"))
	}

	lora, _ := s.boolean("use_lora")
	q, _ := s.boolean("q_lora")
	if q.Set && p.Quant.From == q.From {
		// applyTrainerPEFT read q_lora as a 4-bit load; here it is one only
		// with use_lora.
		p.Quant = plan.Value[plan.Quant]{}
		p.PEFT.Method = plan.Of("none", plan.Default("full fine-tune"))
		if lora.Set && lora.V {
			p.PEFT.Method = plan.Of("lora", lora.From)
		}
	}
	if !lora.V {
		if vl && (!fix.Set || fix.V) {
			from := fix.From
			if !fix.Set {
				from = def("fix_vit true")
			}
			p.Freeze = plan.Of([]string{"vision"}, from)
		}
		return
	}
	if q.V {
		p.PEFT.Method = plan.Of("qlora", q.From)
		p.Quant = plan.Of(plan.NF4, q.From)
		p.Assume("q_lora loads the GPTQ int4 checkpoint model_name_or_path names (GPTQConfig(bits=4)), costed as 4-bit weights")
	}
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(64, def("lora_r"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
	}
	orDefault(&p.PEFT.Dropout, 0.05, def("lora_dropout"))
	if !p.PEFT.TargetModules.Set {
		p.PEFT.TargetModules = plan.Of([]string{"c_attn", "c_proj", "w1", "w2"}, def("lora_target_modules"))
	}
	if !q.V && !strings.Contains(name, "chat") && !p.PEFT.ModulesToSave.Set {
		p.PEFT.ModulesToSave = plan.Of([]string{"wte", "lm_head"}, plan.Derived(script+": modules_to_save wte and lm_head for a base (not chat) model"))
	}
}

// qwenSpells: use_lora and q_lora (a GPTQ int4 checkpoint, which a fix
// cannot name) and model_max_length; no attention argument. Its
// lora_target_modules is a List[str], which would hand ["all-linear"] to
// PEFT as a module name; its default (c_attn, c_proj, w1, w2) is every
// linear layer of Qwen's blocks anyway.
var qwenSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeQwen: withSeqLen("model_max_length", refusing(map[string]Spelling{
		"use_peft":            renamed("use_lora"),
		"lora_target_modules": dropKey,
	}, fixedLoading...))}
})
