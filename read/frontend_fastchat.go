package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// fastChatLoRA is the FastChat script whose arguments the reader assumes:
// TrainingArguments and LoraArguments in fastchat/train/train_lora.py at
// lm-sys/FastChat@02d4581.
const fastChatLoRA = "FastChat train_lora.py at lm-sys/FastChat@02d4581"

// fastChat reads launches of FastChat's train_lora.py, which always trains
// LoRA adapters (get_peft_model) whatever its flags say.
var fastChat = frontend{
	name:  "FastChat train_lora.py",
	reads: "launches of fastchat/train/train_lora.py (lora_r, lora_alpha, lora_target_modules, q_lora, model_max_length, flash_attn)",
	owns:  ownsFastChatLoRA,
	apply: applyFastChatLoRA,
}

// ownsFastChatLoRA: the arguments of a launch of FastChat's train_lora.py
// (a file path or the fastchat.train.train_lora module).
func ownsFastChatLoRA(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || s.root != j.Args {
		return false
	}
	prog := strings.ReplaceAll(j.Command.Program.Text, ".", "/")
	return strings.HasSuffix(prog, "fastchat/train/train_lora/py") || strings.HasSuffix(prog, "fastchat/train/train_lora")
}

// applyFastChatLoRA reads train_lora.py's defaults: LoRA of lora_r 8 and
// lora_alpha 16 over q_proj and v_proj; the base loaded by from_pretrained
// without a torch_dtype (fp32) unless q_lora loads it in 4-bit NF4 with
// double quantization; model_max_length 512, every sample padded to it
// (fastchat/train/train.py preprocess pads to max_length); flash_attn
// patches LLaMA's attention with flash-attn.
func applyFastChatLoRA(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(fastChatLoRA + " " + what) }
	p.PEFT.Method = plan.Of("lora", plan.Derived(fastChatLoRA+" always wraps the model with get_peft_model"))
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(8, def("lora_r"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
	}
	orDefault(&p.PEFT.Dropout, 0.05, def("lora_dropout"))
	if !p.PEFT.TargetModules.Set {
		p.PEFT.TargetModules = plan.Of([]string{"q_proj", "v_proj"}, def("lora_target_modules"))
	}
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(512, def("model_max_length"))
	}
	p.Assume("%s pads every sample to model_max_length", fastChatLoRA)
	if q, _ := s.boolean("q_lora"); q.Set && q.V {
		p.PEFT.Method = plan.Of("qlora", q.From)
		p.Quant = plan.Of(plan.NF4, q.From)
		p.DoubleQuant = plan.Of(true, plan.Derived(fastChatLoRA+" BitsAndBytesConfig(bnb_4bit_use_double_quant=True)"))
		p.PEFT.KbitPrep = plan.Of(true, plan.Derived(fastChatLoRA+" train(): q_lora calls prepare_model_for_kbit_training"))
	} else if p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.FP32, plan.Derived(fastChatLoRA+" calls from_pretrained without torch_dtype"))
	}
	if v, _ := s.boolean("flash_attn"); v.Set && v.V {
		p.Attention = plan.Of("flash_attention_2", v.From)
	}
}
