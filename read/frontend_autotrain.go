package read

import (
	"fmt"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// autoTrainRef is the AutoTrain Advanced source every default below is read
// from: huggingface/autotrain-advanced at b5c98fb (0.8.37.dev0, 21 January
// 2025), whose requirements.txt pins transformers 4.48.0, trl 0.13.0, peft
// 0.14.0, accelerate 1.2.1 and bitsandbytes 0.45.0.
const autoTrainRef = "autotrain-advanced b5c98fb"

// The recipes an AutoTrain job gets, by the trainer its task selects; the
// fix's spellings are keyed by them.
const (
	RecipeAutoTrainSFT     = "autotrain-sft"     // train_clm_sft.py: TRL SFTTrainer, packing
	RecipeAutoTrainDefault = "autotrain-default" // train_clm_default.py: Trainer on block_size chunks
	RecipeAutoTrainDPO     = "autotrain-dpo"     // train_clm_dpo.py: TRL DPOTrainer
	RecipeAutoTrainORPO    = "autotrain-orpo"    // train_clm_orpo.py: TRL ORPOTrainer
	RecipeAutoTrainReward  = "autotrain-reward"  // train_clm_reward.py: TRL RewardTrainer
	RecipeAutoTrainVLM     = "autotrain-vlm"     // trainers/vlm/train_vlm_generic.py: PaliGemma VQA or captioning
)

// autoTrain reads Hugging Face AutoTrain Advanced's config (`autotrain
// --config config.yml`), as AutoTrainConfigParser (src/autotrain/parser.py)
// turns it into the task's parameters: task (llm-sft, llm-orpo, vlm:vqa,
// text_classification, …), base_model, project_name, log, backend, data
// (path, splits, column_mapping, chat_template), params (the task's
// parameter class: block_size, batch_size, peft, quantization,
// mixed_precision, …) and hub. Its LLM and VLM tasks are mapped; the others
// (classification, regression, seq2seq, sentence-transformers, tabular, …)
// are named as not read.
var autoTrain = frontend{
	name: "AutoTrain",
	reads: "AutoTrain Advanced config YAML (`autotrain --config`: task, base_model, params) of its LLM tasks (llm, llm-sft, llm-orpo, llm-dpo, llm-reward, llm-generic) " +
		"and VLM tasks (vlm:vqa, vlm:captioning); its other tasks are named as not read",
	owns:         formatIs(AutoTrain),
	apply:        applyAutoTrain,
	spells:       autoTrainSpells,
	trainerVocab: AutoTrain,
}

// isAutoTrain recognizes AutoTrain's config by its top-level keys: task (a
// scalar), base_model and a params mapping, with two of project_name, data,
// backend, log and hub.
func isAutoTrain(root *yaml.Node, keys map[string]bool) bool {
	_, task := document.Get(root, "task")
	return task != nil && task.Kind == yaml.ScalarNode && keys["base_model"] && mapping(root, "params") &&
		countKeys(keys, "project_name", "data", "backend", "log", "hub") >= 2
}

// autoTrainTrainer is the trainer an AutoTrain config runs and its recipe,
// or ok false for a task that is not an LLM or VLM one. _parse_config
// takes the LLM trainer from the task's suffix (llm-sft → sft, llm-generic
// → default) and then lays params over it, so params.trainer wins; a bare
// `task: llm` without params.trainer gets LLMTrainingParams.trainer
// "default". The VLM trainer is the suffix after "vlm:".
func autoTrainTrainer(s settings) (trainer, recipe string, from plan.Origin, ok bool) {
	task, _ := s.str("task")
	t := strings.ToLower(task.V)
	from = task.From
	switch {
	case t == "llm" || strings.HasPrefix(t, "llm-"):
		trainer = "default"
		if _, suffix, found := strings.Cut(t, "-"); found && suffix != "generic" {
			trainer = suffix
		}
		if v, _ := s.str("params.trainer"); v.Set {
			trainer, from = strings.ToLower(v.V), v.From
		}
	case strings.HasPrefix(t, "vlm:"):
		return strings.TrimPrefix(t, "vlm:"), RecipeAutoTrainVLM, from, true
	default:
		return "", "", from, false
	}
	recipe, known := map[string]string{"sft": RecipeAutoTrainSFT, "default": RecipeAutoTrainDefault, "dpo": RecipeAutoTrainDPO,
		"orpo": RecipeAutoTrainORPO, "reward": RecipeAutoTrainReward}[trainer]
	return trainer, recipe, from, known
}

// applyAutoTrain maps an AutoTrain config onto the plan with the defaults
// of its parameter classes (LLMTrainingParams in trainers/clm/params.py,
// VLMTrainingParams in trainers/vlm/params.py) and what the trainers do
// with them.
func applyAutoTrain(p *plan.Plan, s settings) {
	model, _ := s.str("base_model")
	trainer, recipe, at, ok := autoTrainTrainer(s)
	if !ok {
		task, _ := s.str("task")
		what := fmt.Sprintf("AutoTrain config: not read: task %s", task.V)
		if model.Set {
			what += ": model " + model.V
		}
		recipeGap(p, what, "only AutoTrain's LLM tasks (llm, llm-sft, llm-orpo, llm-dpo, llm-reward, llm-generic) and VLM tasks (vlm:vqa, vlm:captioning) are mapped", task.From)
		return
	}
	if model.Set {
		p.ModelRef = model
	}
	p.Recipe = plan.Of(recipe, at)
	p.Launcher = plan.Of("accelerate", plan.Derived(autoTrainRef+" launch_command: accelerate launch -m autotrain.trainers."+map[bool]string{true: "vlm", false: "clm"}[recipe == RecipeAutoTrainVLM]))
	def := func(field string) plan.Origin {
		class := "LLMTrainingParams"
		if recipe == RecipeAutoTrainVLM {
			class = "VLMTrainingParams"
		}
		return plan.Default(autoTrainRef + " " + class + "." + field)
	}
	integer := func(dst *plan.Value[int], key string, v int) {
		if n, _ := s.integer("params." + key); n.Set {
			*dst = n
		} else {
			orDefault(dst, v, def(key))
		}
	}
	// configure_training_args (trainers/clm/utils.py; the VLM trainer's
	// utils.py alike): per_device_train_batch_size = batch_size,
	// gradient_accumulation_steps = gradient_accumulation, optim =
	// optimizer, gradient_checkpointing = not
	// disable_gradient_checkpointing, fp16 or bf16 from mixed_precision.
	integer(&p.MicroBatch, "batch_size", 2)
	integer(&p.GradAccum, "gradient_accumulation", 4)
	if v, _ := s.str("params.optimizer"); v.Set {
		p.Optimizer = plan.Of(strings.ToLower(v.V), v.From)
	} else {
		orDefault(&p.Optimizer, "adamw_torch", def("optimizer"))
	}
	off, _ := s.boolean("params.disable_gradient_checkpointing")
	if !off.Set {
		off = plan.Of(false, def("disable_gradient_checkpointing"))
	}
	if off.From.Kind != plan.FromDefault || p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(!off.V, off.From)
		// get_model loads the config with
		// use_cache=disable_gradient_checkpointing.
		p.UseCache = plan.Of(off.V, off.From)
	}
	orDefault(&p.Precision, plan.FP32, def("mixed_precision (None: no fp16 or bf16)"))
	if v, _ := s.str("params.mixed_precision"); v.Set {
		switch strings.ToLower(v.V) {
		case "fp16":
			p.Precision = plan.Of(plan.FP16, v.From)
		case "bf16":
			p.Precision = plan.Of(plan.BF16, v.From)
		default:
			p.Precision = plan.Of(plan.FP32, v.From)
		}
	}
	if v, _ := s.boolean("params.use_flash_attention_2"); v.Set && v.V && recipe != RecipeAutoTrainVLM {
		// get_model passes use_flash_attention_2 to from_pretrained; the
		// VLM trainer does not.
		p.Attention = plan.Of("flash_attention_2", v.From)
	}
	autoTrainUnused(p, s, recipe)
	applyAutoTrainPEFT(p, s, def)
	if p.Quant.V != plan.NoQuant && (trainer == "default" || recipe == RecipeAutoTrainVLM) {
		// get_model (trainers/clm/utils.py, trainers/vlm/utils.py) calls prepare_model_for_kbit_training on a
		// quantized PEFT model; the clm one returns before that for every trainer but "default", whose TRL
		// trainers take the model as it is.
		p.PEFT.KbitPrep = plan.Of(true, plan.Derived(autoTrainRef+" get_model: a quantized PEFT model goes through prepare_model_for_kbit_training"))
	}
	switch recipe {
	case RecipeAutoTrainVLM:
		applyAutoTrainVLM(p, trainer)
	default:
		applyAutoTrainLLM(p, s, recipe, def)
	}
	if v, _ := s.boolean("params.unsloth"); v.Set && v.V && (recipe == RecipeAutoTrainSFT || recipe == RecipeAutoTrainDefault) {
		p.Assume("params.unsloth: where the unsloth package is installed and the model is a llama, mistral, gemma or qwen2, AutoTrain loads it with unsloth's FastLanguageModel (its own kernels and offloaded checkpointing); estimated as the transformers load it falls back to")
	}
}

// autoTrainFields are the fields of LLMTrainingParams and VLMTrainingParams
// (trainers/clm/params.py, trainers/vlm/params.py at b5c98fb).
var autoTrainFields = map[bool]map[string]bool{
	false: keySet(`model project_name data_path train_split valid_split add_eos_token block_size model_max_length padding
		trainer use_flash_attention_2 log disable_gradient_checkpointing logging_steps eval_strategy save_total_limit
		auto_find_batch_size mixed_precision lr epochs batch_size warmup_ratio gradient_accumulation optimizer scheduler
		weight_decay max_grad_norm seed chat_template quantization target_modules merge_adapter peft lora_r lora_alpha
		lora_dropout model_ref dpo_beta max_prompt_length max_completion_length prompt_text_column text_column
		rejected_text_column push_to_hub username token unsloth distributed_backend`),
	true: keySet(`model project_name data_path train_split valid_split trainer log disable_gradient_checkpointing logging_steps
		eval_strategy save_total_limit auto_find_batch_size mixed_precision lr epochs batch_size warmup_ratio
		gradient_accumulation optimizer scheduler weight_decay max_grad_norm seed quantization target_modules
		merge_adapter peft lora_r lora_alpha lora_dropout image_column text_column prompt_text_column push_to_hub
		username token`),
}

// autoTrainUnused names the params the task's class has no field for:
// AutoTrainParams.__init__ (trainers/common.py) logs "Parameters supplied
// but not used" and the run goes on without them.
func autoTrainUnused(p *plan.Plan, s settings, recipe string) {
	_, params := document.Get(s.root, "params")
	if params == nil || params.Kind != yaml.MappingNode {
		return
	}
	fields := autoTrainFields[recipe == RecipeAutoTrainVLM]
	var unused []string
	for _, kv := range document.Pairs(params) {
		if !fields[kv.Key.Value] {
			unused = append(unused, kv.Key.Value)
		}
	}
	if len(unused) > 0 {
		p.Assume("params %s: not a field of AutoTrain's parameter class (%s), which warns \"Parameters supplied but not used\" and goes on without them", strings.Join(unused, ", "), autoTrainRef)
	}
}

// applyAutoTrainPEFT reads get_model's adapters (trainers/clm/utils.py,
// and trainers/vlm/utils.py alike): with peft, quantization (default
// "int4") picks a BitsAndBytesConfig of 4-bit NF4 without double
// quantization and float16 compute, or 8-bit; None quantizes nothing.
// Without peft, quantization is ignored. LoraConfig takes lora_r (16),
// lora_alpha (32) and target_modules ("all-linear", or a comma-separated
// list). from_pretrained gets no torch_dtype: transformers 4.48 loads the
// weights in float32, and a bitsandbytes load in float16 (the 4-bit and
// 8-bit quantizers' update_torch_dtype).
func applyAutoTrainPEFT(p *plan.Plan, s settings, def func(string) plan.Origin) {
	orDefault(&p.LoadDtype, plan.FP32, plan.Default(autoTrainRef+" get_model: from_pretrained without torch_dtype (float32 in transformers 4.48)"))
	peft, _ := s.boolean("params.peft")
	quant, _ := s.str("params.quantization")
	if !quant.Set && !written(s, "params.quantization") {
		quant = plan.Of("int4", def("quantization"))
	}
	q := strings.ToLower(quant.V)
	if !peft.V {
		if q == "int4" || q == "int8" {
			if quant.From.Kind == plan.FromFile {
				p.Assume("params.quantization %s is ignored without params.peft: AutoTrain quantizes only a PEFT model", quant.V)
			}
		}
		return
	}
	p.PEFT.Method = plan.Of("lora", peft.From)
	switch q {
	case "int4":
		p.Quant = plan.Of(plan.NF4, quant.From)
		p.PEFT.Method = plan.Of("qlora", quant.From)
		p.DoubleQuant = plan.Of(false, plan.Default(autoTrainRef+" get_model: bnb_4bit_use_double_quant=False"))
	case "int8":
		p.Quant = plan.Of(plan.Int8, quant.From)
	}
	if p.Quant.V != plan.NoQuant {
		orDefault(&p.LoadDtype, plan.FP16, plan.Default(autoTrainRef+" get_model: a bitsandbytes load without torch_dtype is float16 (transformers 4.48)"))
	}
	r, _ := s.integer("params.lora_r")
	if !r.Set {
		r = plan.Of(16, def("lora_r"))
	}
	p.PEFT.R = r
	a, _ := s.integer("params.lora_alpha")
	if !a.Set {
		a = plan.Of(32, def("lora_alpha"))
	}
	p.PEFT.Alpha = a
	d, _ := s.float("params.lora_dropout")
	if !d.Set {
		d = plan.Of(0.05, def("lora_dropout"))
	}
	p.PEFT.Dropout = d
	t, _ := s.str("params.target_modules")
	switch {
	case !t.Set && !written(s, "params.target_modules"):
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, def("target_modules"))
	case strings.TrimSpace(t.V) == "":
		p.Assume("params.target_modules is empty: AutoTrain takes the model's entry in its TARGET_MODULES table, or PEFT's default for the architecture")
	case strings.EqualFold(strings.TrimSpace(t.V), "all-linear"):
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, t.From)
	default:
		var mods []string
		for _, m := range strings.Split(t.V, ",") {
			if m = strings.TrimSpace(m); m != "" {
				mods = append(mods, m)
			}
		}
		p.PEFT.TargetModules = plan.Of(mods, t.From)
	}
}

// applyAutoTrainLLM reads what the LLM trainers do with the length and
// batch. configure_block_size: block_size -1 (the default) becomes the
// tokenizer's model_max_length, at most 1024; a block_size is capped at the
// tokenizer's model_max_length, which get_tokenizer replaces by
// params.model_max_length (2048) when the tokenizer's own exceeds 2048.
// SFT packs rows of block_size tokens (train_clm_sft.py: packing=True,
// max_seq_length=block_size); the default trainer groups the text into
// block_size chunks (group_texts); DPO, ORPO and reward pad each batch to
// its longest pair with max_length=block_size, and run chosen and rejected
// together: DPOTrainer and ORPOTrainer in one concatenated forward, and
// RewardTrainer.compute_loss in two forwards whose graphs both stay for the
// backward (TRL 0.13.0).
func applyAutoTrainLLM(p *plan.Plan, s settings, recipe string, def func(string) plan.Origin) {
	block, bn := s.integer("params.block_size")
	maxLen, _ := s.integer("params.model_max_length")
	if !maxLen.Set {
		maxLen = plan.Of(2048, def("model_max_length"))
	}
	switch {
	case block.Set && block.V > 0 && block.V > maxLen.V:
		p.SeqLen = plan.Of(maxLen.V, maxLen.From)
		p.Assume("block_size %d is capped at model_max_length %d: AutoTrain sets the tokenizer's model_max_length to it when the tokenizer's own exceeds 2048", block.V, maxLen.V)
	case block.Set && block.V > 0:
		p.SeqLen = block
		p.Assume("the tokenizer's model_max_length is taken to be at least block_size %d (AutoTrain caps block_size at it)", block.V)
	case bn != nil && bn.Kind == yaml.SequenceNode:
		p.Assume("params.block_size is a list; the length is not read from it")
	case p.SeqLen.Set:
		// Declared in .trainlint.yaml or on the command line.
	default:
		n := min(1024, maxLen.V)
		p.SeqLen = plan.Of(n, plan.Default(fmt.Sprintf("%s configure_block_size: block_size -1 → the tokenizer's model_max_length, at most 1024", autoTrainRef)))
		p.Assume("the tokenizer's model_max_length is taken to be at least %d", n)
	}
	switch recipe {
	case RecipeAutoTrainSFT, RecipeAutoTrainDefault:
		p.Packing = plan.Of(true, plan.Derived(autoTrainRef+" "+map[string]string{
			RecipeAutoTrainSFT:     "train_clm_sft.py: SFTConfig(packing=True, max_seq_length=block_size)",
			RecipeAutoTrainDefault: "train_clm_default.py: group_texts cuts the data into block_size chunks",
		}[recipe]))
		return
	}
	p.PadToLongest = plan.Of(true, plan.Derived(autoTrainRef+" "+recipe+": TRL 0.13's collator pads each batch to its longest pair (max_length=block_size)"))
	if p.MicroBatch.Set {
		how := "chosen and rejected in one concatenated forward"
		if recipe == RecipeAutoTrainReward {
			how = "chosen and rejected in two forwards, both kept for the backward"
		}
		p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("params.batch_size %d pairs: %s", p.MicroBatch.V, how)))
	}
	switch recipe {
	case RecipeAutoTrainReward:
		p.Assume("AutoTrain's reward model is AutoModelForSequenceClassification: its one-logit head is estimated as the language-model head (an over-count)")
	case RecipeAutoTrainORPO:
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived(autoTrainRef+" train_clm_orpo.py: ORPOTrainer, no reference model"))
	case RecipeAutoTrainDPO:
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived(autoTrainRef+" train_clm_dpo.py: DPOTrainer"))
		autoTrainReference(p, s)
	}
}

// autoTrainReference adds DPO's reference model: train_clm_dpo.py passes
// ref_model=None with peft (DPOTrainer then disables the adapters), or
// params.model_ref loaded beside the policy, or None, for which TRL 0.13's
// DPOTrainer copies the policy (create_reference_model). finishAutoTrain
// wraps it like the policy under ZeRO-3 (TRL prepare_deepspeed).
func autoTrainReference(p *plan.Plan, s settings) {
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true,
		From: plan.Default(autoTrainRef + " train_clm_dpo.py: a reference model beside the policy unless peft")}
	if p.UsesPEFT() {
		ref.Shared, ref.From = true, p.PEFT.Method.From
	} else if m, _ := s.str("params.model_ref"); m.Set {
		ref.ModelRef, ref.From = m, m.From
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// applyAutoTrainVLM reads the VLM trainer (trainers/vlm/utils.py get_model,
// train_vlm_generic.py): PaliGemmaForConditionalGeneration with its vision
// tower and projector frozen, the Trainer over a collator that pads each
// batch to its longest sample (padding="longest") and truncates nothing.
func applyAutoTrainVLM(p *plan.Plan, trainer string) {
	p.Freeze = plan.Of([]string{"vision", "projector"}, plan.Derived(autoTrainRef+" trainers/vlm/utils.py get_model: vision_tower and multi_modal_projector requires_grad False"))
	p.PadToLongest = plan.Of(true, plan.Derived(autoTrainRef+" train_vlm_generic.py collate_fn: padding=\"longest\""))
	p.Images.PerSample = plan.Of(1, plan.Derived(autoTrainRef+" train_vlm_generic.py collate_fn: one image per example"))
	if trainer != "vqa" && trainer != "captioning" {
		p.Assume("vlm:%s is not one of AutoTrain's VLM trainers (vqa, captioning); read as they are", trainer)
	}
	p.Assume("AutoTrain's VLM collator truncates nothing: the longest prompt, image tokens and answer of the data set the length (declare training.seq_len)")
}

// written reports whether the config writes key, null included: a null
// params value is None, not the parameter class's default.
func written(s settings, key string) bool {
	_, v := document.Lookup(s.root, strings.Split(key, ".")...)
	return v != nil
}

// finishAutoTrain applies AutoTrain's launch once the GPU count is known.
// launch_command (src/autotrain/commands.py) runs `accelerate launch` on
// every GPU of the machine (torch.cuda.device_count(), --num_machines 1):
// one GPU without DeepSpeed; for the LLM tasks, DDP unless
// params.distributed_backend is deepspeed; for the VLM tasks, DDP on two
// GPUs and on more when peft with int4 or int8 and bf16, else DeepSpeed.
// DeepSpeed is always `--use_deepspeed --zero_stage 3
// --offload_optimizer_device none --offload_param_device none
// --zero3_save_16bit_model true --zero3_init_flag true` with no config
// file.
func finishAutoTrain(p *plan.Plan, j *Job) {
	if j.Trainer == nil || j.Trainer.Format != AutoTrain || !strings.HasPrefix(p.Recipe.V, "autotrain-") {
		return
	}
	s := settings{file: j.Trainer, root: j.Trainer.Root}
	if p.Hardware.Nodes.V > 1 {
		p.Assume("AutoTrain launches on one machine (--num_machines 1): the other %d node(s) are not used", p.Hardware.Nodes.V-1)
	}
	world := max(1, p.Hardware.GPUsPerNode.Or(1))
	var ds bool
	var why plan.Origin
	if p.Recipe.V == RecipeAutoTrainVLM {
		quantBF16 := p.Quant.V != plan.NoQuant && p.UsesPEFT() && p.Precision.V == plan.BF16
		ds = world > 2 && !quantBF16
		why = plan.Derived(fmt.Sprintf("%s launch_command: a VLM task on %d GPUs", autoTrainRef, world))
	} else if v, _ := s.str("params.distributed_backend"); v.Set && strings.EqualFold(v.V, "deepspeed") {
		ds = world > 1
		why = v.From
		why.Kind, why.Note = plan.FromDerived, "params.distributed_backend deepspeed: launch_command's accelerate flags"
		if world == 1 {
			p.Assume("params.distributed_backend deepspeed: on one GPU AutoTrain launches without DeepSpeed")
		}
	}
	if !ds {
		return
	}
	z := &p.ZeRO
	z.Enabled = true
	z.Stage = plan.Of(3, why)
	z.OffloadOptimizer = plan.Of(plan.OffloadNone, why)
	z.OffloadParam = plan.Of(plan.OffloadNone, why)
	z.OverlapComm = plan.Of(true, plan.Default("DeepSpeed overlap_comm under ZeRO-3"))
	z.Gather16BitOnSave = plan.Of(true, why)
	for i, c := range p.RL.Companions {
		if c.Role != plan.RoleReference || c.Shared {
			continue
		}
		p.RL.Companions[i].ZeROStage = plan.Of(3, plan.Derived("TRL 0.13 prepare_deepspeed: ZeRO stage 3 of the policy → 3 for the reference"))
		if !c.ModelRef.Set {
			// DPOTrainer.__init__ copies the policy with
			// create_reference_model (trl/models/modeling_base.py, TRL
			// 0.13.0), which raises a ValueError under ZeRO-3.
			p.Assume("DPO without peft or params.model_ref under DeepSpeed ZeRO-3: TRL 0.13's create_reference_model raises a ValueError under ZeRO-3, so the run stops before training; estimated as if the reference were loaded")
		}
	}
}

// autoTrainSpells spells the Trainer arguments a fix writes as AutoTrain's
// params (parser.py lays the params mapping over the task's parameter
// class): batch_size, gradient_accumulation, block_size, optimizer,
// disable_gradient_checkpointing (inverted), peft with quantization (int4,
// or null for plain LoRA, since the class defaults to int4),
// target_modules and use_flash_attention_2. The class has no attention
// kernel other than flash-attention 2, no load dtype and no image budget.
// For DPO, ORPO and reward the plan's micro batch counts chosen and
// rejected apart, so a batch written from it would be twice too large:
// those recipes refuse the batch.
var autoTrainSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	common := func() map[string]Spelling {
		return withSeqLen("params.block_size", refusing(map[string]Spelling{
			"per_device_train_batch_size":    renamed("params.batch_size"),
			"per_gpu_train_batch_size":       renamed("params.batch_size"),
			"micro_batch_size":               renamed("params.batch_size"),
			"gradient_accumulation_steps":    renamed("params.gradient_accumulation"),
			"gradient_checkpointing":         negated("params.disable_gradient_checkpointing"),
			"disable_gradient_checkpointing": negated("disable_gradient_checkpointing"),
			"optim":                          renamed("params.optimizer"),
			"use_peft":                       {Key: "params.peft", Also: map[string]any{"params.quantization": nil}},
			"load_in_4bit":                   constant("params.quantization", "int4"),
			"lora_target_modules":            renamed("params.target_modules"),
			"attn_implementation":            {Key: "params.use_flash_attention_2", Value: func(v any) any { return v == "flash_attention_2" }},
			"use_flash_attention_2":          renamed("params.use_flash_attention_2"),
		}, "torch_dtype", "q_lora", "use_lora", "max_slice_nums"))
	}
	pairs := refusing(common(), "per_device_train_batch_size", "per_gpu_train_batch_size", "micro_batch_size", "gradient_accumulation_steps",
		"batch_size", "gradient_accumulation")
	vlm := common()
	vlm["attn_implementation"] = refuseKey
	vlm["use_flash_attention_2"] = refuseKey
	return map[string]map[string]Spelling{
		RecipeAutoTrainSFT: common(), RecipeAutoTrainDefault: common(), RecipeAutoTrainVLM: vlm,
		RecipeAutoTrainDPO: pairs, RecipeAutoTrainORPO: pairs, RecipeAutoTrainReward: pairs,
	}
})
