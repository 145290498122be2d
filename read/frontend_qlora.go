package read

import (
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// qloraScript is the QLoRA paper's training script whose arguments the
// reader assumes: ModelArguments, DataArguments and TrainingArguments,
// get_accelerate_model and DataCollatorForCausalLM in qlora.py at
// artidoro/qlora@7f4e95a. Forks keep its arguments under another name
// (KnowLM's finetune/qlora/train.py with training_args.py).
const qloraScript = "artidoro/qlora qlora.py at 7f4e95a"

// RecipeQLoRA is artidoro/qlora's qlora.py and its forks.
const RecipeQLoRA = "qlora-py"

// qloraKeys are qlora.py's own arguments that no other frontend's
// vocabulary has; qloraQuantKeys its quantization arguments.
var (
	qloraKeys      = []string{"source_max_len", "target_max_len"}
	qloraQuantKeys = []string{"bits", "double_quant", "quant_type", "full_finetune"}
)

// ownsQLoRA: a launch of qlora.py, or of a script that takes its length
// and quantization arguments together.
func ownsQLoRA(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script {
		return false
	}
	if path.Base(j.Command.Program.Text) == "qlora.py" {
		return true
	}
	if n, _ := s.node(qloraKeys...); n == nil {
		return false
	}
	n, _ := s.node(qloraQuantKeys...)
	return n != nil
}

// applyQLoRA reads qlora.py's arguments with its defaults. Unless
// full_finetune, get_accelerate_model loads the base in bits (default 4)
// with quant_type (default nf4) and double_quant (default true) and adds
// LoRA of lora_r 64 and lora_alpha 16 to every linear layer but lm_head
// (find_all_linear_names); the layers left in 16 bits load in float32 under
// fp16 and in bfloat16 under bf16. Its TrainingArguments turn on
// gradient_checkpointing and default to micro batch 1, accumulation 16 and
// paged_adamw_32bit. DataCollatorForCausalLM truncates the source to
// source_max_len (default 1024) and the target to target_max_len (default
// 256) and pads each batch to its longest sample.
func applyQLoRA(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(qloraScript + " " + what) }
	p.Recipe = plan.Of(RecipeQLoRA, plan.Derived("the launch runs "+qloraScript+" or a fork that takes its arguments"))
	if !p.GradientCheckpointing.Set || p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(true, def("gradient_checkpointing"))
	}
	if p.MicroBatch.From.Kind == plan.FromDefault {
		p.MicroBatch = plan.Of(1, def("per_device_train_batch_size"))
	}
	if p.GradAccum.From.Kind == plan.FromDefault {
		p.GradAccum = plan.Of(16, def("gradient_accumulation_steps"))
	}
	if p.Optimizer.From.Kind == plan.FromDefault {
		p.Optimizer = plan.Of("paged_adamw_32bit", def("optim"))
	}
	src, _ := s.integer("source_max_len")
	if !src.Set {
		src = plan.Of(1024, def("source_max_len"))
	}
	tgt, _ := s.integer("target_max_len")
	if !tgt.Set {
		tgt = plan.Of(256, def("target_max_len"))
	}
	p.SeqLen = plan.Of(src.V+tgt.V, plan.Derived("source_max_len "+strconv.Itoa(src.V)+" + target_max_len "+strconv.Itoa(tgt.V)+": "+qloraScript+" DataCollatorForCausalLM"))
	p.PadToLongest = plan.Of(true, plan.Derived(qloraScript+": DataCollatorForCausalLM pads each batch to its longest sample"))
	if ff, _ := s.boolean("full_finetune"); ff.V {
		p.PEFT.Method = plan.Of("none", ff.From)
		return
	}
	p.PEFT.KbitPrep = plan.Of(true, plan.Derived(qloraScript+" get_accelerate_model: without full_finetune it calls prepare_model_for_kbit_training"))
	bits, _ := s.integer("bits")
	if !bits.Set {
		bits = plan.Of(4, def("bits"))
	}
	switch bits.V {
	case 4:
		q := plan.NF4
		if t, _ := s.str("quant_type"); t.Set && strings.EqualFold(t.V, "fp4") {
			q = plan.FP4
		}
		p.Quant = plan.Of(q, bits.From)
		p.PEFT.Method = plan.Of("qlora", bits.From)
	case 8:
		p.Quant = plan.Of(plan.Int8, bits.From)
		p.PEFT.Method = plan.Of("lora", bits.From)
	default:
		p.PEFT.Method = plan.Of("lora", def("full_finetune false"))
	}
	if p.LoadDtype.From.Kind == plan.FromDefault {
		d := plan.FP32
		if v, _ := s.boolean("bf16"); v.V {
			d = plan.BF16
		}
		p.LoadDtype = plan.Of(d, plan.Derived(qloraScript+": torch_dtype float32 unless bf16"))
	}
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(64, def("lora_r"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(16, def("lora_alpha"))
	}
	p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(qloraScript+": find_all_linear_names, every linear layer but lm_head"))
}

// qloraSpells: the script's length is source_max_len + target_max_len and
// its base's bits and LoRA are its own arguments, which a fix does not
// rewrite; the attention kernel and the dtype are fixed in
// get_accelerate_model.
var qloraSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeQLoRA: refusing(map[string]Spelling{}, append([]string{
		"use_peft", "use_lora", "lora_target_modules"}, append(seqLenKeys, fixedLoading...)...)...)}
})
