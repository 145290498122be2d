package read

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// torchtuneRef is the torchtune source every default below is read from:
// the recipes (recipes/*.py) and the model builders
// (torchtune/models/*/_model_builders.py).
const torchtuneRef = "pytorch/torchtune bd2a0fc (after v0.6.0)"

// detectRecipe recognizes the recipe frameworks' own YAML vocabularies:
// torchtune (components named by _component_: torchtune....), LitGPT's
// config_hub (checkpoint_dir with a train section) and NeMo-RL (a policy
// section naming model_name, or a defaults: chain).
func detectRecipe(root *yaml.Node, keys map[string]bool) Format {
	for _, key := range []string{"model", "policy_model"} {
		if _, m := document.Get(root, key); m != nil && m.Kind == yaml.MappingNode {
			if _, c := document.Get(m, "_component_"); c != nil && strings.HasPrefix(c.Value, "torchtune.") {
				return Torchtune
			}
		}
	}
	if _, t := document.Get(root, "train"); keys["checkpoint_dir"] && t != nil && t.Kind == yaml.MappingNode {
		return LitGPT
	}
	if _, pol := document.Get(root, "policy"); pol != nil && pol.Kind == yaml.MappingNode {
		if _, n := document.Get(pol, "model_name"); n != nil || keys["cluster"] {
			return NemoRL
		}
	}
	if keys["defaults"] && (keys["grpo"] || keys["sft"] || keys["dpo"] || keys["policy"] || keys["cluster"]) {
		return NemoRL
	}
	if isLLMQLoRA(root, keys) {
		return LLMQLoRA
	}
	if isOlmOCR(root) {
		return OlmOCR
	}
	return Unknown
}

// torchtuneFamilies maps a builder family to the Hugging Face repository
// name of its checkpoints: the organisation and how a size is written.
var torchtuneFamilies = map[string]func(size, variant string) string{
	"llama2":          func(s, _ string) string { return "meta-llama/Llama-2-" + strings.ToLower(s) + "-hf" },
	"llama3":          func(s, _ string) string { return "meta-llama/Meta-Llama-3-" + s },
	"llama3_1":        func(s, _ string) string { return "meta-llama/Llama-3.1-" + s },
	"llama3_2":        func(s, _ string) string { return "meta-llama/Llama-3.2-" + s },
	"llama3_3":        func(s, _ string) string { return "meta-llama/Llama-3.3-" + s + "-Instruct" },
	"llama3_2_vision": func(s, _ string) string { return "meta-llama/Llama-3.2-" + s + "-Vision" },
	"qwen2":           func(s, v string) string { return "Qwen/Qwen2-" + s + instructSuffix(v) },
	"qwen2_5":         func(s, v string) string { return "Qwen/Qwen2.5-" + s + instructSuffix(v) },
	"qwen3":           func(s, _ string) string { return "Qwen/Qwen3-" + s },
	"gemma":           func(s, _ string) string { return "google/gemma-" + strings.ToLower(s) },
	"gemma2":          func(s, _ string) string { return "google/gemma-2-" + strings.ToLower(s) },
	"mistral":         func(s, _ string) string { return "mistralai/Mistral-" + s + "-v0.1" },
	"phi3":            func(s, _ string) string { return "microsoft/Phi-3-mini-4k-instruct" },
	"phi4":            func(s, _ string) string { return "microsoft/phi-4" },
}

func instructSuffix(variant string) string {
	if variant == "_instruct" {
		return "-Instruct"
	}
	return ""
}

// torchtuneModel names the checkpoint a model builder builds, as a Hugging
// Face id, and the adapter method its prefix selects ("" for none).
func torchtuneModel(component string) (id, method string, ok bool) {
	name := component[strings.LastIndex(component, ".")+1:]
	for _, pre := range []string{"qlora_", "qdora_", "lora_", "dora_"} {
		if rest, found := strings.CutPrefix(name, pre); found {
			name, method = rest, "lora"
			if pre[0] == 'q' {
				method = "qlora"
			}
			break
		}
	}
	variant := ""
	for _, v := range []string{"_instruct", "_base"} {
		if rest, found := strings.CutSuffix(name, v); found {
			name, variant = rest, v
		}
	}
	// The family is the longest known prefix (llama3_2_vision before
	// llama3_2 before llama3); the rest is the size (8b, 1_5b, mini).
	best := ""
	for fam := range torchtuneFamilies {
		if strings.HasPrefix(name, fam+"_") && len(fam) > len(best) {
			best = fam
		}
	}
	if best == "" {
		return "", method, false
	}
	size := strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(name, best+"_"), "_", "."))
	return torchtuneFamilies[best](size, variant), method, true
}

// torchtuneLoRAModules maps torchtune's lora_attn_modules names to the
// Hugging Face module names the estimator counts.
var torchtuneLoRAModules = map[string]string{"q_proj": "q_proj", "k_proj": "k_proj", "v_proj": "v_proj", "output_proj": "o_proj"}

// applyTorchtune reads a torchtune recipe config: the keys its recipes read
// with cfg.<key> and cfg.get(<key>, default) (recipes/full_finetune_*.py,
// lora_finetune_*.py) and the model builder's arguments.
func applyTorchtune(p *plan.Plan, s settings) {
	p.Launcher = plan.Of("torchtune", plan.Derived("a torchtune recipe config"))
	comp, _ := s.str("model._component_")
	id, method, known := torchtuneModel(comp.V)
	// The builder decides the architecture: the recipes build the model
	// from cfg.model and load the checkpoint's weights into it strictly
	// (torchtune bd2a0fc recipes/full_finetune_distributed.py _setup_model:
	// config.instantiate(cfg_model), then
	// training.load_from_full_model_state_dict(..., strict=True)), so a
	// known builder names the model even when checkpoint_dir is an earlier
	// run's output folder.
	if dir, _ := s.str("checkpointer.checkpoint_dir"); !known && dir.Set && !strings.Contains(dir.V, "${") {
		// FullModelMetaCheckpointer reads Meta's original/ subfolder of a
		// hub download; the model is the folder above it.
		dir.V = strings.TrimSuffix(strings.TrimRight(dir.V, "/"), "/original")
		p.ModelRef = dir
	} else if known {
		p.ModelRef = plan.Of(id, plan.Auto(comp.From, "the checkpoint the builder builds"))
	}
	if !known && comp.Set {
		p.Assume("torchtune config: model builder %s not read: its checkpoint is not known to trainlint", comp.V)
	}
	if method == "" && strings.Contains(comp.V, "llama3_2_vision_") {
		torchtuneFusionFreeze(p, s)
	}
	// LoRA builders (lora_llama3_1_8b and its siblings): lora_rank 8,
	// lora_alpha 16, apply_lora_to_mlp and apply_lora_to_output False;
	// qlora_ builders are the same with quantize_base=True (NF4).
	switch method {
	case "lora", "qlora":
		p.PEFT.Method = plan.Of(method, comp.From)
		p.PEFT.R = plan.Of(8, plan.Default(torchtuneRef+" LoRA builders' lora_rank"))
		p.PEFT.Alpha = plan.Of(16, plan.Default(torchtuneRef+" LoRA builders' lora_alpha"))
		r, _ := s.integer("model.lora_rank")
		set(&p.PEFT.R, r)
		a, _ := s.integer("model.lora_alpha")
		set(&p.PEFT.Alpha, a)
		mods, _ := s.list("model.lora_attn_modules")
		var targets []string
		for _, m := range mods.V {
			if hf, ok := torchtuneLoRAModules[m]; ok {
				targets = append(targets, hf)
			}
		}
		if v, _ := s.boolean("model.apply_lora_to_mlp"); v.V {
			targets = append(targets, "gate_proj", "up_proj", "down_proj")
		}
		if v, _ := s.boolean("model.apply_lora_to_output"); v.V {
			targets = append(targets, "lm_head")
		}
		if mods.Set {
			p.PEFT.TargetModules = plan.Of(targets, mods.From)
		}
		if method == "qlora" {
			p.Quant = plan.Of(plan.NF4, comp.From)
		}
		if strings.Contains(comp.V, "dora_") {
			p.Assume("torchtune DoRA builder %s estimated as LoRA (the magnitude vectors are not counted)", comp.V)
		}
	}
	// batch_size and gradient_accumulation_steps are required (cfg.batch_size,
	// cfg.gradient_accumulation_steps in every recipe).
	mb, _ := s.integer("batch_size")
	set(&p.MicroBatch, mb)
	ga, _ := s.integer("gradient_accumulation_steps")
	set(&p.GradAccum, ga)
	if n, _ := s.integer("tokenizer.max_seq_len", "dataset.max_seq_len"); n.Set {
		p.SeqLen = n
	}
	if v, _ := s.boolean("dataset.packed"); v.Set {
		p.Packing = v
	}
	// training.get_dtype(cfg.dtype): None means fp32; the model is built in
	// that dtype (training.set_default_dtype), so weights and compute agree.
	p.Precision = plan.Of(plan.FP32, plan.Default(torchtuneRef+" training.get_dtype(None)"))
	if v, _ := s.str("dtype"); v.Set {
		if d, ok := dtypeOf(v.V); ok {
			p.Precision = plan.Of(d, v.From)
		}
	}
	p.LoadDtype = plan.Of(p.Precision.V, plan.Derived("torchtune builds the model in cfg.dtype"))
	// enable_activation_checkpointing defaults to False (cfg.get).
	p.GradientCheckpointing = plan.Of(false, plan.Default(torchtuneRef+" cfg.get(\"enable_activation_checkpointing\", False)"))
	if v, _ := s.boolean("enable_activation_checkpointing"); v.Set {
		p.GradientCheckpointing = v
	}
	// compile: the recipes call training.compile_model when cfg.get("compile", False).
	if v, _ := s.boolean("compile"); v.Set {
		p.TorchCompile = v
	}
	// enable_activation_offloading (the recipes' cfg.get(..., False)) wraps
	// the forward in training.get_act_offloading_ctx_manager, whose
	// OffloadActivations hooks move the tensors autograd saves to pinned
	// host memory; with activation checkpointing those are the layers'
	// inputs. Without checkpointing every saved activation moves, which the
	// estimate does not model: it then counts them on the GPU.
	if v, _ := s.boolean("enable_activation_offloading"); v.Set {
		p.CheckpointOffload = v
		if v.V && !p.GradientCheckpointing.V {
			p.Assume("torchtune enable_activation_offloading without activation checkpointing is not modelled: activations are estimated on the GPU (an upper bound)")
		}
	}
	if v, _ := s.boolean("optimizer_in_bwd"); v.Set && v.V {
		p.Assume("torchtune optimizer_in_bwd is not modelled: gradients are estimated as all alive at once (an upper bound)")
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default("torchtune config without an optimizer"))
	if o, _ := s.str("optimizer._component_"); o.Set {
		if name, ok := recipeOptimizers[o.V]; ok {
			if f, _ := s.boolean("optimizer.fused"); name == "adamw_torch" && f.V {
				name = "adamw_torch_fused"
			}
			p.Optimizer = plan.Of(name, o.From)
		} else {
			p.Assume("torchtune optimizer %s not read: estimated as AdamW", o.V)
		}
	}
	// LinearCrossEntropyLoss and CEWithChunkedOutputLoss default to
	// num_output_chunks=8 (torchtune/modules/loss/).
	if l, _ := s.str("loss._component_"); l.Set {
		name := l.V[strings.LastIndex(l.V, ".")+1:]
		if name == "LinearCrossEntropyLoss" || name == "CEWithChunkedOutputLoss" {
			p.ChunkedLoss = plan.Of(8, plan.Auto(l.From, "num_output_chunks=8, the loss's default"))
			if n, _ := s.integer("loss.num_output_chunks"); n.Set {
				p.ChunkedLoss = n
			}
		}
	}
	torchtuneDistributed(p, s)
	torchtuneRL(p, s, comp)
	torchtunePadding(p, s)
}

// torchtuneSFTCollators are the collators that pad a batch to its longest
// sample with pad_sequence (torchtune/data/_collate.py, padded_collate_sft
// and padded_collate_tiled_images_and_mask, torchtune bd2a0fc): the
// tokenizer's max_seq_len only truncates.
var torchtuneSFTCollators = map[string]bool{
	"torchtune.data.padded_collate_sft":                   true,
	"torchtune.data.padded_collate_tiled_images_and_mask": true,
}

// torchtunePadding marks the supervised recipes' unpacked batches as padded
// to their longest sample: collate_fn defaults to padded_collate_sft
// (recipes/full_finetune_distributed.py and siblings: cfg.get("collate_fn",
// "torchtune.data.padded_collate_sft")). RL and preference recipes collate
// their own way and are left alone.
func torchtunePadding(p *plan.Plan, s settings) {
	if p.Packing.V || p.RL.Algorithm.Set {
		return
	}
	c, _ := s.str("collate_fn")
	switch {
	case !c.Set:
		p.PadToLongest = plan.Of(true, plan.Default(torchtuneRef+" recipes' collate_fn padded_collate_sft pads each batch to its longest sample"))
	case torchtuneSFTCollators[c.V]:
		p.PadToLongest = plan.Of(true, plan.Auto(c.From, "pads each batch to its longest sample"))
	}
}

// torchtuneFusionFreeze reads which parts of a Llama 3.2 Vision
// DeepFusionModel train: its full builders (llama3_2_vision_11b/_90b in
// torchtune/models/llama3_2_vision/_model_builders.py) take
// decoder_trainable False, encoder_trainable True and fusion_trainable True
// by default, so the text decoder is frozen but for its cross-attention
// layers.
func torchtuneFusionFreeze(p *plan.Plan, s settings) {
	var parts []string
	from := plan.Default(torchtuneRef + " llama3_2_vision builders' decoder_trainable=False, encoder_trainable=True, fusion_trainable=True")
	declared := false
	for _, k := range []struct {
		key, part string
		trains    bool
	}{{"model.decoder_trainable", "decoder", false}, {"model.encoder_trainable", "vision", true}, {"model.fusion_trainable", "fusion", true}} {
		v, _ := s.boolean(k.key)
		if v.Set {
			k.trains = v.V
		}
		if k.trains {
			continue
		}
		parts = append(parts, k.part)
		if v.Set && !declared {
			from, declared = v.From, true // the first key that freezes a part
		}
	}
	if len(parts) > 0 {
		p.Freeze = plan.Of(parts, from)
	}
}

// recipeOptimizers maps optimizer components to the estimator's names.
var recipeOptimizers = map[string]string{
	"torch.optim.AdamW":                         "adamw_torch",
	"torch.optim.Adam":                          "adamw_torch",
	"torch.optim.SGD":                           "sgd",
	"bitsandbytes.optim.PagedAdamW8bit":         "paged_adamw_8bit",
	"bitsandbytes.optim.AdamW8bit":              "adamw_bnb_8bit",
	"bitsandbytes.optim.PagedAdamW":             "paged_adamw_32bit",
	"torchao.optim.AdamW8bit":                   "adamw_torch_8bit",
	"torchao.prototype.low_bit_optim.AdamW8bit": "adamw_torch_8bit",
}

// torchtuneDistributed settles sharding: a config named *_single_device runs
// one of the single-device recipes; the others run a distributed recipe,
// which shards with FSDP2 fully_shard (training.shard_model, with
// reshard_after_forward True and fsdp_cpu_offload False by default).
func torchtuneDistributed(p *plan.Plan, s settings) {
	if s.command != nil {
		// tune run names the recipe; its process count is the launch's.
		if strings.Contains(s.command.Program.Text, "single_device") {
			return
		}
	} else if strings.Contains(filepath.Base(s.file.Path), "single_device") {
		p.Processes = plan.Of(1, plan.Derived("a torchtune *_single_device config runs a single-device recipe"))
		return
	}
	p.FSDP.Mode = plan.Of("full_shard", plan.Default(torchtuneRef+" distributed recipes' training.shard_model (FSDP2)"))
	p.FSDP.CPUOffload = plan.Of(false, plan.Default(torchtuneRef+" cfg.get(\"fsdp_cpu_offload\", False)"))
	if v, _ := s.boolean("fsdp_cpu_offload"); v.Set {
		p.FSDP.CPUOffload = v
	}
	if v, _ := s.integer("tensor_parallel_dim"); v.Set && v.V > 1 {
		recipeGap(p, fmt.Sprintf("torchtune config: not read: tensor_parallel_dim %d", v.V), "tensor parallelism is not modelled", v.From)
	}
}

// applyTuneCommand reads a `tune run` launch (torchtune/_cli/run.py
// Run._run_cmd): its config and key=value overrides are read as one by
// applyTorchtune; a config named without a .yaml path is one of the
// built-in configs inside the installed torchtune package, which is not in
// the checkout, and tune run refuses a launch without --config.
func applyTuneCommand(p *plan.Plan, j *Job) (owns, world bool) {
	c := j.Command
	if c.Launcher != shell.Tune || j.Trainer != nil {
		return false, false
	}
	at := plan.At(j.Script.Path, c.Pos.Line, c.Pos.Column, "tune run")
	p.Launcher = plan.Of("torchtune", plan.Derived("a tune run launch"))
	k, w, ok := c.Flag("config")
	switch {
	case !ok:
		recipeGap(p, "torchtune config: not read: tune run names no --config", "tune run refuses a launch without it", at)
	case w.Known && !strings.HasSuffix(w.Text, ".yaml") && !strings.HasSuffix(w.Text, ".yml"):
		recipeGap(p, "torchtune config: not read: built-in config "+w.Text,
			"tune run finds it inside the installed torchtune package; `tune cp "+w.Text+" .` copies it into the checkout, to be named instead",
			plan.At(j.Script.Path, k.Pos.Line, k.Pos.Column, "--config"))
	}
	return false, false
}

// torchtuneRL fills the RL description of the recipes that hold more
// than one model, from their configs and recipes (torchtune bd2a0fc):
//   - DPO (lora_dpo_*, full_dpo_distributed): a frozen reference, the LoRA
//     policy with its adapters disabled (disable_adapter) or, in full DPO,
//     a second model sharded like the policy; chosen and rejected go
//     through one concatenated forward (concatenated_forward), so a micro
//     batch holds 2 × batch_size sequences;
//   - knowledge distillation (knowledge_distillation_*): the teacher_model,
//     frozen, built in cfg.dtype and sharded like the student in the
//     distributed recipe, its logits computed under no_grad beside the
//     student's;
//   - PPO (ppo_full_finetune_single_device): policy, frozen reference and
//     reward models, and the trained value model, all on one GPU;
//     trajectories are generated forward_batch_size prompts at a time with
//     a KV cache of tokenizer.max_seq_len + max_generated_tokens
//     (local_kv_cache), and the update runs ppo_batch_size ÷
//     gradient_accumulation_steps sequences at once;
//   - GRPO (dev/grpo_full_finetune_distributed): the policy and a sharded
//     frozen reference; each forward_batch_size prompts generate
//     grpo_samples completions each with a KV cache (generate_trajectory),
//     and grpo_step runs the whole batch_size × grpo_samples trajectory.
//
// Asynchronous GRPO (orchestration:) and classifiers stay declined.
func torchtuneRL(p *plan.Plan, s settings, comp plan.Value[string]) {
	loss, _ := s.str("loss._component_", "training.loss._component_")
	name := loss.V[strings.LastIndex(loss.V, ".")+1:]
	ppo, _ := s.node("policy_model")
	kd, _ := s.node("teacher_model")
	orch, _ := s.node("orchestration")
	switch {
	case strings.HasSuffix(comp.V, "_classifier"):
		recipeGap(p, "torchtune config: not read: a classifier", "its classification head is not modelled", comp.From)
	case orch != nil:
		recipeGap(p, "torchtune config: not read: asynchronous GRPO", "its vLLM generation workers and replay buffer on GPUs of their own are not modelled", comp.From)
	case kd != nil:
		torchtuneKD(p, s)
	case ppo != nil || strings.Contains(name, "PPO"):
		torchtunePPO(p, s)
	case strings.Contains(name, "GRPO"):
		torchtuneGRPO(p, s)
	case strings.Contains(name, "DPO") || name == "RSOLoss" || name == "IPOLoss":
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, loss.From)
		ref := plan.Companion{Role: plan.RoleReference, Colocated: true, Shared: p.UsesPEFT(), Sharded: p.FSDP.Mode.Set, From: loss.From}
		p.RL.Companions = append(p.RL.Companions, ref)
		if p.MicroBatch.Set {
			p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("batch_size %d pairs: chosen and rejected in one concatenated forward", p.MicroBatch.V)))
		}
	}
}

// torchtuneCompanionModel names the model of a companion: its
// checkpointer's folder, else the checkpoint its builder builds.
func torchtuneCompanionModel(c *plan.Companion, s settings, builder, checkpointer string) {
	if dir, _ := s.str(checkpointer + ".checkpoint_dir"); dir.Set && !strings.Contains(dir.V, "${") {
		c.ModelRef = plan.Of(strings.TrimSuffix(strings.TrimRight(dir.V, "/"), "/original"), dir.From)
		return
	}
	if b, _ := s.str(builder); b.Set {
		if id, _, ok := torchtuneModel(b.V); ok {
			c.ModelRef = plan.Of(id, plan.Auto(b.From, "the checkpoint the builder builds"))
		}
	}
}

func torchtuneKD(p *plan.Plan, s settings) {
	_, from := s.node("teacher_model")
	p.RL.Algorithm = plan.Of(plan.AlgoKD, from)
	teacher := plan.Companion{Role: plan.RoleTeacher, Colocated: true, Sharded: p.FSDP.Mode.Set, From: from}
	torchtuneCompanionModel(&teacher, s, "teacher_model._component_", "teacher_checkpointer")
	p.RL.Companions = append(p.RL.Companions, teacher)
}

func torchtunePPO(p *plan.Plan, s settings) {
	_, from := s.node("policy_model")
	p.RL.Algorithm = plan.Of(plan.AlgoPPO, from)
	prompt, _ := s.integer("tokenizer.max_seq_len")
	gen, _ := s.integer("max_generated_tokens")
	torchtuneLengths(p, prompt, gen)
	fwd, _ := s.integer("forward_batch_size")
	if fwd.Set {
		p.RL.GenerationBatch, p.RL.LogProbBatch = fwd, fwd
	}
	if pb, _ := s.integer("ppo_batch_size"); pb.Set && pb.V > 0 {
		ga := max(1, p.GradAccum.Or(1))
		p.MicroBatch = plan.Of(max(1, pb.V/ga), plan.Derived(fmt.Sprintf("ppo_batch_size %d ÷ gradient_accumulation_steps %d (the recipe's ppo_backward_batch_size)", pb.V, ga)))
	}
	p.Rollout.Engine = plan.Of("hf", plan.Default(torchtuneRef+" recipes/ppo_full_finetune_single_device.py generate with local_kv_cache"))
	p.Rollout.SameGPUs = true
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: from}
	value := plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: true, From: from}
	reward := plan.Companion{Role: plan.RoleReward, Colocated: true, From: from}
	torchtuneCompanionModel(&value, s, "reward_and_value_model.base_model_path", "value_checkpointer")
	torchtuneCompanionModel(&reward, s, "reward_and_value_model.base_model_path", "reward_checkpointer")
	p.RL.Companions = append(p.RL.Companions, ref, value, reward)
	// The recipe steps one paged optimizer over the policy and the value
	// model inside the backward (optimizer_in_bwd); the estimate has
	// neither, and costs its only shipped config far above the A100 80GB
	// it was tested on.
	recipeGap(p, "torchtune config: not read: PPO", "one optimizer over the policy and value models stepped in the backward (optimizer_in_bwd) is not modelled", from)
}

func torchtuneGRPO(p *plan.Plan, s settings) {
	loss, _ := s.str("loss._component_")
	p.RL.Algorithm = plan.Of(plan.AlgoGRPO, loss.From)
	prompt, _ := s.integer("tokenizer.max_seq_len")
	gen, _ := s.integer("max_generated_tokens")
	torchtuneLengths(p, prompt, gen)
	samples, _ := s.integer("grpo_samples")
	if samples.Set {
		p.RL.Generations = samples
	}
	g := max(1, samples.V)
	if fwd, _ := s.integer("forward_batch_size"); fwd.Set {
		p.RL.GenerationBatch = plan.Of(fwd.V*g, plan.Derived(fmt.Sprintf("forward_batch_size %d prompts × grpo_samples %d", fwd.V, g)))
		p.RL.LogProbBatch = p.RL.GenerationBatch
	}
	if b, _ := s.integer("batch_size"); b.Set {
		p.MicroBatch = plan.Of(b.V*g, plan.Derived(fmt.Sprintf("batch_size %d prompts × grpo_samples %d (grpo_step runs the whole trajectory)", b.V, g)))
	}
	p.Rollout.Engine = plan.Of("hf", plan.Default(torchtuneRef+" recipes/dev/grpo_full_finetune_distributed.py generate with local_kv_cache"))
	p.Rollout.SameGPUs = true
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, Sharded: p.FSDP.Mode.Set, From: loss.From}
	if off := p.FSDP.CPUOffload; off.V {
		ref.ParamOffload = off
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// torchtuneGRPOPrompt stands in for a prompt length no key caps
// (tokenizer.max_seq_len null in the GRPO configs).
const torchtuneGRPOPrompt = 512

// torchtuneLengths sets the prompt and completion caps and the sequence
// the policy trains on, their sum.
func torchtuneLengths(p *plan.Plan, prompt, gen plan.Value[int]) {
	if !prompt.Set || prompt.V <= 0 {
		prompt = plan.Of(torchtuneGRPOPrompt, plan.Default("trainlint: tokenizer.max_seq_len is null"))
		p.Assume("prompts are %d tokens (tokenizer.max_seq_len is null: no cap on the prompt)", torchtuneGRPOPrompt)
	}
	p.RL.PromptLen = prompt
	if gen.Set {
		p.RL.CompletionLen = gen
		p.SeqLen = plan.Of(prompt.V+gen.V, plan.Derived(fmt.Sprintf("prompt %d + max_generated_tokens %d", prompt.V, gen.V)))
	}
}

// recipeGap records that a recipe framework's job is read but its memory
// not estimated: what names the recipe, why says what the plan cannot hold.
func recipeGap(p *plan.Plan, what, why string, at plan.Origin) {
	p.Gap(plan.MemoryGap{Kind: "recipe not modelled", What: what, Detail: why, At: at})
}

// torchtuneSpells: a recipe config takes batch_size and
// enable_activation_checkpointing; LoRA, QLoRA and the attention kernel are
// the model builder's, and the optimizer a component, none of them a key a
// fix can add.
var torchtuneSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{string(Torchtune): refusing(map[string]Spelling{
		"gradient_checkpointing":      renamed("enable_activation_checkpointing"),
		"per_device_train_batch_size": renamed("batch_size"),
	}, trainerOnlyKeys...)}
})
