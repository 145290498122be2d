package read

import (
	"gopkg.in/yaml.v3"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// llmQLoRAScript is the trainer that reads georgesung's llm_qlora YAML
// (`python train.py CONFIG`): QloraTrainer.py at georgesung/llm_qlora@cc6683e.
const llmQLoRAScript = "georgesung/llm_qlora QloraTrainer.py at cc6683e"

// isLLMQLoRA recognizes the YAML QloraTrainer reads: base_model,
// model_family, model_context_window, data, lora (a LoraConfig's
// arguments), trainer (the TrainingArguments it passes on),
// trainer_output_dir and model_output_dir.
func isLLMQLoRA(root *yaml.Node, keys map[string]bool) bool {
	return keys["base_model"] && mapping(root, "lora") && mapping(root, "trainer") &&
		countKeys(keys, "model_output_dir", "trainer_output_dir", "model_context_window", "model_family") >= 2
}

// applyLLMQLoRA reads the config as QloraTrainer uses it. load_base_model
// loads base_model in 4-bit NF4 with double quantization and bfloat16
// compute on one GPU (device_map {"": 0}) and enables gradient
// checkpointing; without a torch_dtype, transformers loads the layers
// bitsandbytes leaves unquantized in float16. train adds LoRA from the lora
// section (r, lora_alpha, target_modules) and trains with
// TrainingArguments(per_device_train_batch_size=trainer.batch_size,
// gradient_accumulation_steps=trainer.gradient_accumulation_steps,
// fp16=True) and DataCollatorForLanguageModeling, which pads each batch to
// its longest sample. The data processors truncate at
// model_context_window, or at the tokenizer's model_max_length without it.
func applyLLMQLoRA(p *plan.Plan, s settings) {
	from := func(what string) plan.Origin { return plan.Derived(llmQLoRAScript + " " + what) }
	if v, _ := s.str("base_model"); v.Set {
		p.ModelRef = v
	}
	p.Quant = plan.Of(plan.NF4, from("load_base_model: BitsAndBytesConfig(load_in_4bit, nf4, double quant)"))
	p.PEFT.Method = plan.Of("qlora", from("train: get_peft_model over the 4-bit base"))
	if v, _ := s.integer("lora.r"); v.Set {
		p.PEFT.R = v
	}
	if v, _ := s.integer("lora.lora_alpha"); v.Set {
		p.PEFT.Alpha = v
	}
	if v, _ := s.list("lora.target_modules"); v.Set {
		p.PEFT.TargetModules = v
	}
	p.LoadDtype = plan.Of(plan.FP16, from("load_base_model: no torch_dtype, so transformers loads a bitsandbytes model's other layers in float16"))
	p.Precision = plan.Of(plan.FP16, from("train: TrainingArguments(fp16=True)"))
	p.GradientCheckpointing = plan.Of(true, from("load_base_model: model.gradient_checkpointing_enable()"))
	if v, _ := s.integer("trainer.batch_size"); v.Set {
		p.MicroBatch = v
	}
	if v, _ := s.integer("trainer.gradient_accumulation_steps"); v.Set {
		p.GradAccum = v
	}
	if v, _ := s.integer("model_context_window"); v.Set {
		p.SeqLen = v
	} else {
		p.Assume("model_context_window not given: llm_qlora truncates at the tokenizer's model_max_length")
	}
	p.PadToLongest = plan.Of(true, from("train: DataCollatorForLanguageModeling pads each batch to its longest sample"))
}

// llmQLoRASpells: QloraTrainer reads only its own keys (trainer.batch_size,
// model_context_window, lora.*), so a knob written as a Trainer argument
// would be ignored; no fix is offered in its config.
var llmQLoRASpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{string(LLMQLoRA): refusing(map[string]Spelling{},
		append(append([]string{"gradient_checkpointing", "per_device_train_batch_size", "gradient_accumulation_steps"}, trainerOnlyKeys...), seqLenKeys...)...)}
})
