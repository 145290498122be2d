package read

import (
	"fmt"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// orpoScript is the ORPO paper's training script whose arguments the reader
// assumes: default_args in src/args.py, the ORPO class in main.py and
// ORPOTrainer in src/orpo_trainer.py at xfactlab/orpo@208d2d6.
const orpoScript = "xfactlab/orpo main.py at 208d2d6"

// RecipeORPO is xfactlab/orpo's main.py.
const RecipeORPO = "orpo-main-py"

// orpoKeys are arguments of ORPO's src/args.py that no other frontend's
// vocabulary has.
var orpoKeys = []string{"prompt_max_length", "response_max_length"}

// ownsORPO: a launch of a main.py taking ORPO's length arguments.
func ownsORPO(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !strings.HasSuffix(j.Command.Program.Text, "main.py") {
		return false
	}
	for _, k := range orpoKeys {
		if n, _ := s.node(k); n == nil {
			return false
		}
	}
	return true
}

// applyORPO reads main.py's argparse arguments with their defaults. It
// loads --model_name (default gpt2) in bfloat16, with flash_attention_2
// under --flash_attention_2, and builds TrainingArguments with
// gradient_checkpointing and bf16 on, its --optim (default
// paged_adamw_32bit), --per_device_train_batch_size (default 2) and
// --gradient_accumulation_steps (default 1). The dataset tokenizes the
// prompt, the chosen and the rejected conversation each padded
// ('max_length') and truncated to --response_max_length (default 1024).
// ORPOTrainer.compute_loss runs the rejected and then the chosen batch
// through the model and keeps both graphs until the loss, which is twice
// the micro batch at that length. --enable_lora wraps the model in LoRA of
// --lora_rank (default 64) and --lora_alpha (default 16) with PEFT's
// default target modules.
func applyORPO(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(orpoScript + " " + what) }
	p.Recipe = plan.Of(RecipeORPO, plan.Derived("the launch runs "+orpoScript))
	if m, o := s.node("model_name"); m != nil {
		p.ModelRef = plan.Of(m.Value, o)
	} else if !p.ModelRef.Set {
		p.ModelRef = plan.Of("gpt2", def("--model_name"))
	}
	p.LoadDtype = plan.Of(plan.BF16, plan.Derived(orpoScript+" loads the model with torch_dtype bfloat16"))
	if fa, _ := s.boolean("flash_attention_2"); fa.Set && fa.V {
		p.Attention = plan.Of("flash_attention_2", fa.From)
	}
	// --torch_compile is parsed but never given to TrainingArguments.
	p.TorchCompile = plan.Of(false, plan.Derived(orpoScript+" builds TrainingArguments without torch_compile"))
	p.GradientCheckpointing = plan.Of(true, plan.Derived(orpoScript+" sets gradient_checkpointing=True in its TrainingArguments"))
	p.Precision = plan.Of(plan.BF16, plan.Derived(orpoScript+" sets bf16=True in its TrainingArguments"))
	orDefault(&p.Optimizer, "paged_adamw_32bit", def("--optim"))
	orDefault(&p.MicroBatch, 2, def("--per_device_train_batch_size"))
	seq, _ := s.integer("response_max_length")
	if !seq.Set {
		seq = plan.Of(1024, def("--response_max_length"))
	}
	p.SeqLen = seq
	p.PadToMax = plan.Of(true, plan.Derived(orpoScript+": the chosen and rejected conversations are padded to --response_max_length"))
	p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived(orpoScript+": ORPOTrainer, chosen and rejected answers without a reference model"))
	p.Assume("ORPOTrainer's log_softmax over the whole vocabulary for each answer (compute_logps) is priced as a preference pair's logits")
	p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("per_device_train_batch_size %d pairs: ORPOTrainer keeps the rejected and the chosen forward until the loss", p.MicroBatch.V)))
	if l, _ := s.boolean("enable_lora"); l.Set && l.V {
		p.PEFT.Method = plan.Of("lora", l.From)
		if r, _ := s.integer("lora_rank"); r.Set {
			p.PEFT.R = r
		} else {
			p.PEFT.R = plan.Of(64, def("--lora_rank"))
		}
		if a, _ := s.integer("lora_alpha"); a.Set {
			p.PEFT.Alpha = a
		} else {
			p.PEFT.Alpha = plan.Of(16, def("--lora_alpha"))
		}
	}
}

// orpoSpells: src/args.py's argparse rejects any argument it does not
// define, and main.py hard-codes gradient checkpointing, bf16 loading and
// the attention kernel. The length is written under its own name; the
// micro batch is not, since the plan counts each pair as two sequences.
var orpoSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeORPO: withSeqLen("response_max_length", map[string]Spelling{
		AnyKey:                   refuseKey,
		"gradient_checkpointing": dropKey,
	})}
})
