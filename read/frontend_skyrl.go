package read

import (
	"fmt"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// skyRL reads NovaSky-AI's SkyRL launches: `uv run … -m
// skyrl.train.entrypoints.main_base key=value …` (skyrl_train.… before the
// package moved) and the example entrypoints that wrap it, whose words are
// Hydra overrides of SkyRL's trainer config. The policy trains on its own
// placement (trainer.placement.policy_num_nodes × policy_num_gpus_per_node
// GPUs); with trainer.placement.colocate_all the reference, the critic and
// the vLLM or SGLang engines share those GPUs, the engines asleep while the
// models train and the models on the host while the engines generate.
var skyRL = frontend{name: "SkyRL", reads: "`python -m skyrl.train.entrypoints.main_base key=value` launches (also skyrl_train.…, through uv run) and entrypoints that take its overrides",
	owns: func(*Job, settings) bool { return false }, apply: func(*plan.Plan, settings) {}, command: applySkyRLCommand, spells: skyRLSpells}

// skyRLSpells: a fix writes SkyRL's own overrides (key=value, KeyValueArgs):
// the micro batch and gradient checkpointing; SkyRL derives the
// accumulation from trainer.policy_mini_batch_size and the micro batch
// (skyrl/train/utils/utils.py validate_batch_sizes), so it is not written.
// Its lengths (prompt and generation apart), LoRA, optimizer and loading
// have no Trainer counterpart a fix can write.
var skyRLSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{plan.RecipeSkyRL: refusing(map[string]Spelling{
		"gradient_checkpointing":      renamed("trainer.gradient_checkpointing"),
		"per_device_train_batch_size": renamed("trainer.micro_train_batch_size_per_gpu"),
		"per_gpu_train_batch_size":    renamed("trainer.micro_train_batch_size_per_gpu"),
		"micro_batch_size":            renamed("trainer.micro_train_batch_size_per_gpu"),
		"gradient_accumulation_steps": dropKey,
	}, append(append([]string{"max_slice_nums"}, seqLenKeys...), trainerOnlyKeys...)...)}
})

// skyRLKeys are the override keys the frontend reads, by role; both
// dialects spell the trainer's keys alike.
var skyRLKeys = map[string]string{
	"nodes": "trainer.placement.policy_num_nodes", "gpus": "trainer.placement.policy_num_gpus_per_node",
	"colocate_all": "trainer.placement.colocate_all", "colocate_ref": "trainer.placement.colocate_policy_ref",
	"ref_nodes": "trainer.placement.ref_num_nodes", "ref_gpus": "trainer.placement.ref_num_gpus_per_node",
	"critic_nodes": "trainer.placement.critic_num_nodes", "critic_gpus": "trainer.placement.critic_num_gpus_per_node",
	"strategy": "trainer.strategy", "model": "trainer.policy.model.path", "ref_model": "trainer.ref.model.path",
	"critic_model": "trainer.critic.model.path", "lora": "trainer.policy.model.lora.rank",
	"micro": "trainer.micro_train_batch_size_per_gpu", "lp_micro": "trainer.micro_forward_batch_size_per_gpu",
	"mini":   "trainer.policy_mini_batch_size",
	"prompt": "trainer.max_prompt_length", "response": "generator.sampling_params.max_generate_length",
	"input": "generator.max_input_length",
	"gc":    "trainer.gradient_checkpointing", "bf16": "trainer.bf16", "flash_attn": "trainer.flash_attn",
	"cpu_offload": "trainer.policy.fsdp_config.cpu_offload", "ref_cpu_offload": "trainer.ref.fsdp_config.cpu_offload",
	"adv": "trainer.algorithm.advantage_estimator", "kl_loss": "trainer.algorithm.use_kl_loss", "kl_reward": "trainer.algorithm.use_kl_in_reward",
	"n": "generator.n_samples_per_prompt", "sp": "trainer.policy.sequence_parallel_size",
	"ds_stage":         "deepspeed_config.train.zero_optimization.stage",
	"ds_offload_param": "deepspeed_config.train.zero_optimization.offload_param.device", "ds_offload_optimizer": "deepspeed_config.train.zero_optimization.offload_optimizer.device",
}

// skyRLDefaults are the defaults both dialects share (SkyRL a9564572
// skyrl/train/config/config.py PlacementConfig, TrainerConfig,
// AlgorithmConfig, GeneratorConfig, SamplingParams; skyrl_train-v0.4.0
// skyrl-train/skyrl_train/config/ppo_base_config.yaml the same values).
var skyRLDefaults = map[string]string{
	"trainer.placement.policy_num_nodes": "1", "trainer.placement.policy_num_gpus_per_node": "1",
	"trainer.placement.ref_num_nodes": "1", "trainer.placement.ref_num_gpus_per_node": "1",
	"trainer.placement.critic_num_nodes": "1", "trainer.placement.critic_num_gpus_per_node": "1",
	"trainer.placement.colocate_all": "true", "trainer.placement.colocate_policy_ref": "true",
	"trainer.policy.model.path": "Qwen/Qwen2.5-1.5B-Instruct", "trainer.ref.model.path": "${trainer.policy.model.path}",
	"trainer.policy.model.lora.rank":         "0",
	"trainer.micro_train_batch_size_per_gpu": "1", "trainer.micro_forward_batch_size_per_gpu": "1",
	"trainer.policy_mini_batch_size": "256",
	"trainer.max_prompt_length":      "512", "generator.sampling_params.max_generate_length": "1024",
	"trainer.gradient_checkpointing": "true", "trainer.bf16": "true", "trainer.flash_attn": "true",
	"trainer.policy.fsdp_config.cpu_offload": "false", "trainer.ref.fsdp_config.cpu_offload": "false",
	"trainer.algorithm.advantage_estimator": "grpo", "trainer.algorithm.use_kl_loss": "true", "trainer.algorithm.use_kl_in_reward": "false",
	"generator.n_samples_per_prompt": "5", "trainer.policy.sequence_parallel_size": "1",
	"generator.backend": "vllm", "generator.num_inference_engines": "1", "generator.inference_engine_tensor_parallel_size": "1",
	"generator.gpu_memory_utilization":   "0.8",
	"generator.inference_engine.backend": "vllm", "generator.inference_engine.num_engines": "1", "generator.inference_engine.tensor_parallel_size": "1",
	"generator.inference_engine.gpu_memory_utilization": "0.8",
	// The DeepSpeed strategy's policy config, until SkyRL dropped it
	// after v0.3.1 (NovaSky-AI/SkyRL 0c18fb5 "Remove deepspeed (#827)";
	// skyrl_train-v0.3.0 skyrl-train/skyrl_train/config/deepspeed_config/
	// train.yaml): ZeRO-3, nothing offloaded.
	"deepspeed_config.train.zero_optimization.stage":                    "3",
	"deepspeed_config.train.zero_optimization.offload_param.device":     "none",
	"deepspeed_config.train.zero_optimization.offload_optimizer.device": "none",
}

// skyRLDialect is one SkyRL layout of the generator's keys: the package
// skyrl.train (a9564572, generator.inference_engine.*) or skyrl_train
// (skyrl_train-v0.4.0, generator.num_inference_engines, …).
func skyRLDialect(newLayout bool) verlDialect {
	keys := map[string]string{}
	for k, v := range skyRLKeys {
		keys[k] = v
	}
	d := verlDialect{name: "SkyRL", keys: keys, defaults: map[string]string{}}
	for k, v := range skyRLDefaults {
		d.defaults[k] = v
	}
	if newLayout {
		d.source = "SkyRL a9564572 skyrl/train/config/config.py"
		keys["engine"], keys["engines"] = "generator.inference_engine.backend", "generator.inference_engine.num_engines"
		keys["tp"], keys["gpu_memory"] = "generator.inference_engine.tensor_parallel_size", "generator.inference_engine.gpu_memory_utilization"
		keys["packing"] = "trainer.remove_microbatch_padding"
		d.defaults["trainer.remove_microbatch_padding"] = "true"
		d.defaults["trainer.strategy"] = "fsdp"
	} else {
		d.source = "SkyRL skyrl_train-v0.4.0 skyrl-train/skyrl_train/config/ppo_base_config.yaml"
		keys["engine"], keys["engines"] = "generator.backend", "generator.num_inference_engines"
		keys["tp"], keys["gpu_memory"] = "generator.inference_engine_tensor_parallel_size", "generator.gpu_memory_utilization"
		keys["packing"] = "trainer.use_sample_packing"
		d.defaults["trainer.use_sample_packing"] = "true"
		d.defaults["trainer.strategy"] = "fsdp2"
	}
	return d
}

// skyRLCommand reports whether c runs SkyRL's trainer, and in which
// layout: a module of skyrl.train or skyrl_train, or another program (an
// example's entrypoint calling main_base) whose overrides name SkyRL's
// placement.
func skyRLCommand(c *shell.Command) (newLayout, ok bool) {
	if c == nil || c.Launcher != shell.Python {
		return false, false
	}
	prog := c.Program.Text
	switch {
	case c.Module && strings.HasPrefix(prog, "skyrl.train."):
		return true, true
	case c.Module && strings.HasPrefix(prog, "skyrl_train."):
		return false, true
	}
	placement := false
	for _, o := range hydraOverrides(c) {
		if strings.HasPrefix(o.key, "generator.inference_engine.") {
			newLayout = true
		}
		if strings.HasPrefix(o.key, "trainer.placement.") {
			placement = true
		}
	}
	return newLayout, placement
}

// applySkyRLCommand maps a SkyRL launch onto the plan.
func applySkyRLCommand(p *plan.Plan, j *Job) (owns, world bool) {
	newLayout, ok := skyRLCommand(j.Command)
	if !ok {
		return false, false
	}
	d := skyRLDialect(newLayout)
	v := verlConfig{d: d, script: j.Script.Path, over: map[string]hydraOverride{}}
	for _, o := range hydraOverrides(j.Command) {
		v.over[o.key] = o
	}
	p.Launcher = plan.Of("skyrl", plan.Derived("SkyRL's Ray trainer (Hydra overrides)"))
	p.Recipe = plan.Of(plan.RecipeSkyRL, plan.Derived("the launch runs SkyRL's trainer"))
	world = applySkyRLWorld(p, j, v)
	if m, ok := v.get("model"); ok && m.known {
		p.ModelRef = plan.Of(m.text, m.from)
	} else if ok {
		p.Assume("the model path %q depends on %s", m.text, m.why)
	}
	prompt, pv, _ := v.integer("prompt")
	resp, rv, _ := v.integer("response")
	if prompt.Set && resp.Set {
		p.SeqLen = plan.Of(prompt.V+resp.V, plan.Derived(fmt.Sprintf("%s %d + %s %d (a rollout is the prompt and the generation)", d.keys["prompt"], prompt.V, d.keys["response"], resp.V)))
		p.RL.PromptLen, p.RL.CompletionLen = prompt, resp
		// A multi-turn rollout keeps generating while its input (the prompt
		// and the turns so far) stays within generator.max_input_length,
		// trainer.max_prompt_length unless set (GeneratorConfig), and is
		// trained whole: up to that input and one more generation.
		if in, _, ok := v.integer("input"); ok && in.V > prompt.V {
			p.SeqLen = plan.Of(in.V+resp.V, plan.Derived(fmt.Sprintf("%s %d + %s %d (a multi-turn rollout: its input so far and one more generation)", d.keys["input"], in.V, d.keys["response"], resp.V)))
			p.RL.PromptLen = in
		}
	} else {
		p.Assume("the sequence length is unknown: %s is %q and %s is %q", d.keys["prompt"], pv.text, d.keys["response"], rv.text)
	}
	// The FSDP workers keep fp32 master weights and compute in bf16
	// (trainer.bf16; MixedPrecisionConfig param_dtype bf16), with
	// flash_attention_2 (trainer.flash_attn).
	p.LoadDtype = plan.Of(plan.FP32, plan.Default(d.source+" FSDP workers load fp32 master weights"))
	if bf, ok := v.boolean("bf16"); ok && bf.V {
		p.Precision = plan.Of(plan.BF16, bf.From)
	} else if ok {
		p.Precision = plan.Of(plan.FP32, bf.From)
	}
	p.Attention = plan.Of("sdpa", plan.Default(d.source+" trainer.flash_attn false"))
	if fa, ok := v.boolean("flash_attn"); ok && fa.V {
		p.Attention = plan.Of("flash_attention_2", fa.From)
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default(d.source+" OptimizerConfig: AdamW"))
	p.GradAccum = plan.Of(1, plan.Default("SkyRL: one micro batch per policy mini batch"))
	if gc, ok := v.boolean("gc"); ok {
		p.GradientCheckpointing = gc
	}
	// The policy's loss takes the sampled tokens' log-probabilities with
	// flash-attn's in-place cross-entropy (a9564572
	// skyrl/backends/skyrl_train/workers/model_wrapper.py forward,
	// utils/torch_utils.py logprobs_from_logits), as verl's does.
	p.LossKernel = plan.Of(plan.LossLogProb, plan.Default("SkyRL a9564572 skyrl/backends/skyrl_train/utils/torch_utils.py logprobs_from_logits (flash-attn cross_entropy_loss, inplace_backward)"))
	if mb, _, ok := v.integer("micro"); ok && mb.V > 0 {
		p.MicroBatch = mb
	}
	// An optimizer step takes policy_mini_batch_size prompts ×
	// n_samples_per_prompt sequences over the policy's data-parallel
	// ranks, in micro batches (skyrl/train/utils/utils.py
	// validate_batch_sizes: policy_mini_batch_size_per_gpu).
	mini, _, okMini := v.integer("mini")
	n, _, okN := v.integer("n")
	if okMini && okN && world && p.MicroBatch.V > 0 {
		if perGPU := mini.V * n.V / p.Processes.V; perGPU >= p.MicroBatch.V {
			p.GradAccum = plan.Of(perGPU/p.MicroBatch.V, plan.Derived(fmt.Sprintf("%s %d × %s %d ÷ %d GPUs ÷ micro batch %d", v.d.keys["mini"], mini.V, v.d.keys["n"], n.V, p.Processes.V, p.MicroBatch.V)))
		}
	}
	if mb, _, ok := v.integer("lp_micro"); ok && mb.V > 0 {
		p.RL.LogProbBatch = mb
	}
	// Sample packing strips the padding of every micro batch (THD layout
	// with flash attention).
	if pk, ok := v.boolean("packing"); ok && pk.V {
		p.PaddingFree = pk
	}
	if r, _, ok := v.integer("lora"); ok && r.V > 0 {
		p.PEFT.Method, p.PEFT.R = plan.Of("lora", r.From), r
	} else {
		p.PEFT.Method = plan.Of("none", plan.Default(d.source+" trainer.policy.model.lora.rank 0"))
	}
	st, _ := v.get("strategy")
	switch strings.ToLower(st.text) {
	case "fsdp", "fsdp2":
		p.FSDP.Mode = plan.Of("full_shard", st.from)
		if off, ok := v.boolean("cpu_offload"); ok && off.V {
			p.FSDP.CPUOffload = off
		}
	case "deepspeed":
		applySkyRLDeepSpeed(p, v, st.from)
	case "megatron":
		p.Gap(plan.MemoryGap{Kind: "Megatron not modelled", What: "SkyRL with trainer.strategy megatron is not modelled",
			Detail: "tensor, pipeline and expert parallelism of the policy are not modelled", At: st.from})
	default:
		recipeGap(p, fmt.Sprintf("SkyRL: not read: trainer.strategy %q", st.text), "only the FSDP and DeepSpeed strategies are modelled", st.from)
	}
	if sp, _, ok := v.integer("sp"); ok && sp.V > 1 {
		p.Assume("Ulysses sequence parallelism %d is not modelled: each GPU is costed with whole sequences (an upper bound on activations and logits)", sp.V)
	}
	applySkyRLModels(p, v)
	return true, world
}

// applySkyRLDeepSpeed reads the DeepSpeed strategy of SkyRL up to v0.3.1
// (skyrl_train-v0.3.0 skyrl-train/skyrl_train/workers/deepspeed/
// deepspeed_worker.py over config/deepspeed_config/train.yaml, the
// policy's and critic's config): ZeRO at deepspeed_config.train's stage,
// its parameter and optimizer offload; the reference runs under
// deepspeed_config.eval, ZeRO-3 with its parameters on the host
// (applySkyRLModels).
func applySkyRLDeepSpeed(p *plan.Plan, v verlConfig, from plan.Origin) {
	const src = "SkyRL skyrl_train-v0.3.0 skyrl-train/skyrl_train/config/deepspeed_config/train.yaml "
	// The defaults come from the strategy's own config, not the
	// dialect's source, which no longer has it.
	cite := func(o plan.Origin, role string) plan.Origin {
		if o.Kind == plan.FromDefault {
			return plan.Default(src + v.d.keys[role])
		}
		return o
	}
	p.Launcher = plan.Of("deepspeed", from)
	p.ZeRO.Enabled = true
	if st, _, ok := v.integer("ds_stage"); ok {
		p.ZeRO.Stage = plan.Of(st.V, cite(st.From, "ds_stage"))
	}
	// HFModelWrapper loads the model in bf16 under trainer.bf16
	// (skyrl_train-v0.3.0 skyrl-train/skyrl_train/model_wrapper.py).
	if bf, ok := v.boolean("bf16"); ok && bf.V {
		p.LoadDtype = plan.Of(plan.BF16, plan.Default("SkyRL skyrl_train-v0.3.0 skyrl-train/skyrl_train/model_wrapper.py HFModelWrapper: torch_dtype bfloat16 under trainer.bf16"))
	}
	offload := func(role string) plan.Value[plan.Offload] {
		val, ok := v.get(role)
		if ok && val.known && strings.EqualFold(unquote(val.text), "cpu") {
			return plan.Of(plan.OffloadCPU, cite(val.from, role))
		}
		return plan.Of(plan.OffloadNone, cite(val.from, role))
	}
	p.ZeRO.OffloadParam, p.ZeRO.OffloadOptimizer = offload("ds_offload_param"), offload("ds_offload_optimizer")
}

// applySkyRLWorld reads the policy's placement: the plan's world is the
// policy's data-parallel group, policy_num_nodes × policy_num_gpus_per_node
// (SkyRL a9564572 skyrl/train/trainer.py build_models, PPORayActorGroup).
func applySkyRLWorld(p *plan.Plan, j *Job, v verlConfig) bool {
	gpus, gv, _ := v.integer("gpus")
	nodes, nv, _ := v.integer("nodes")
	if !gpus.Set || !nodes.Set || gpus.V <= 0 || nodes.V <= 0 {
		v.assumeCountUnknown(p, "the policy's GPUs are unknown", gv, "gpus", nv, "nodes")
		return false
	}
	from := gpus.From
	if from.Kind != plan.FromFile {
		from = plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, v.d.keys["gpus"])
	}
	from.Note = fmt.Sprintf("%s %d × %s %d (the policy's FSDP world)", v.d.keys["gpus"], gpus.V, v.d.keys["nodes"], nodes.V)
	p.Processes = plan.Of(gpus.V*nodes.V, from)
	p.RL.PolicyGPUs = p.Processes
	if nodes.From.Kind == plan.FromFile {
		p.Hardware.Nodes = nodes
	}
	if !p.Hardware.GPUsPerNode.Set {
		per := from
		per.Note = fmt.Sprintf("%s %d: the GPUs per node the script gives the policy (none declared)", v.d.keys["gpus"], gpus.V)
		p.Hardware.GPUsPerNode = plan.Of(gpus.V, per)
	}
	return true
}

// applySkyRLModels reads what SkyRL holds beside the policy: the reference
// when use_kl_loss or use_kl_in_reward (build_models), the critic when
// trainer.critic.model.path names one, and the inference engines. With
// colocate_all every model and engine shares the policy's GPUs: the
// engines run with vLLM sleep mode (inference_servers/utils.py:
// enable_sleep_mode=colocate_all) and every model is offloaded to the host
// between its phases (trainer.py build_models offload_to_cpu,
// dispatch.mark_all_offloaded); without it the engines have GPUs of their
// own and the reference shares the policy's only with
// colocate_policy_ref.
func applySkyRLModels(p *plan.Plan, v verlConfig) {
	adv, _ := v.get("adv")
	switch strings.ToLower(adv.text) {
	case "gae":
		p.RL.Algorithm = plan.Of(plan.AlgoPPO, adv.from)
	case "grpo":
		p.RL.Algorithm = plan.Of(plan.AlgoGRPO, adv.from)
	default:
		p.RL.Algorithm = plan.Of(plan.AlgoOther, adv.from)
	}
	if n, _, ok := v.integer("n"); ok && n.V > 0 {
		p.RL.Generations = n
	}
	all, _ := v.boolean("colocate_all")
	klLoss, _ := v.boolean("kl_loss")
	klReward, _ := v.boolean("kl_reward")
	if klLoss.V || klReward.V {
		from := klLoss.From
		if !klLoss.V {
			from = klReward.From
		}
		colo, _ := v.boolean("colocate_ref")
		ref := plan.Companion{Role: plan.RoleReference, Colocated: all.V || colo.V, Sharded: true, From: from,
			Dtype: plan.Of(plan.BF16, plan.Default(v.d.source+" MixedPrecisionConfig param_dtype bf16"))}
		if m, ok := v.get("ref_model"); ok && m.known && m.from.Kind == plan.FromFile && !v.follows(v.d.keys["ref_model"]) {
			ref.ModelRef = plan.Of(m.text, m.from)
		}
		if p.UsesPEFT() {
			ref.Shared = true
		}
		st, _ := v.get("strategy")
		if off, ok := v.boolean("ref_cpu_offload"); ok && off.V {
			ref.ParamOffload = off
		} else if strings.EqualFold(st.text, "deepspeed") {
			// skyrl_train-v0.3.0 config/deepspeed_config/eval.yaml: ZeRO-3,
			// offload_param cpu.
			ref.ZeROStage = plan.Of(3, plan.Default("SkyRL skyrl_train-v0.3.0 skyrl-train/skyrl_train/config/deepspeed_config/eval.yaml zero_optimization.stage 3"))
			ref.ParamOffload = plan.Of(true, plan.Default("SkyRL skyrl_train-v0.3.0 skyrl-train/skyrl_train/config/deepspeed_config/eval.yaml offload_param.device cpu"))
		} else if all.V {
			ref.ParamOffload = plan.Of(true, plan.Derived("colocate_all: SkyRL offloads the reference to the host between its forwards (trainer.py dispatch.mark_all_offloaded)"))
		}
		p.RL.Companions = append(p.RL.Companions, ref)
	}
	if m, ok := v.get("critic_model"); ok && m.known && m.text != "" {
		critic := plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: all.V, Sharded: true, From: m.from, ModelRef: plan.Of(m.text, m.from)}
		if all.V {
			// Each model is on the GPU only for its own phase (trainer.py
			// build_models: critic_model.offload_to_cpu()).
			critic.ParamOffload = plan.Of(true, plan.Derived("colocate_all: SkyRL offloads the critic to the host outside its own phases (a9564572 skyrl/train/trainer.py build_models)"))
		}
		p.RL.Companions = append(p.RL.Companions, critic)
		if p.RL.Algorithm.V != plan.AlgoPPO {
			p.RL.Algorithm = plan.Of(plan.AlgoPPO, m.from)
		}
	}
	engine, _ := v.get("engine")
	p.Rollout.Engine = plan.Of(engine.text, engine.from)
	if tp, _, ok := v.integer("tp"); ok {
		p.Rollout.TensorParallel = tp
	}
	if g, val, ok := v.number("gpu_memory"); ok {
		p.Rollout.GPUMemoryUtilization = plan.Of(g, val.from)
	}
	p.Rollout.SameGPUs = all.V
	engines, _, okEngines := v.integer("engines")
	if okEngines {
		p.Rollout.Engines = engines
	}
	if okEngines && !all.V {
		p.Assume("SkyRL's %d inference engines × tensor parallel %d run on GPUs of their own (colocate_all false); the policy's GPUs are costed without them", engines.V, p.Rollout.TensorParallel.Or(1))
	}
	if all.V {
		p.Rollout.Sleeps = plan.Of(true, plan.Derived("colocate_all: SkyRL starts its engines with sleep mode (a9564572 skyrl/backends/skyrl_train/inference_servers/utils.py)"))
		off := plan.Of(true, plan.Derived("colocate_all: the policy is on the host while the engines generate (a9564572 skyrl/train/trainer.py generate)"))
		p.RL.OffloadParamsForRollout, p.RL.OffloadOptimizerForRollout = off, off
	}
}
