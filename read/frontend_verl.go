package read

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// verl reads `python3 -m verl.trainer.main_ppo key=value …`, the Hydra
// command of verl and of the research repositories built on it, and EasyR1's
// `python3 -m verl.trainer.main config=x.yaml key=value …`. Its arguments are
// Hydra (or OmegaConf) overrides, not Trainer arguments, and the driver
// process asks Ray for trainer.nnodes × trainer.n_gpus_per_node GPUs.
var verl = frontend{name: "verl", reads: "verl and EasyR1 base configs (ppo_trainer.yaml) and `python -m verl.trainer.main_ppo key=value` launches", owns: formatIs(Verl), apply: func(*plan.Plan, settings) {}, command: applyVerlCommand,
	spellsFor: verlSpells}

// verlSpells spells the Trainer arguments a fix writes as the overrides of
// the job's dialect, written as key=value words of its command
// (KeyValueArgs). verl's entry points take key=value overrides of their
// Hydra config (verl v0.7.0 verl/trainer/main_ppo.py, @hydra.main over
// config/ppo_trainer.yaml) and EasyR1's merges them onto its dataclass
// config (EasyR1 v0.3.2 verl/trainer/main.py, OmegaConf.structured(PPOConfig)
// merged with the config= file and OmegaConf.from_cli); both reject a
// --flag or a key their config does not define, so every key written is
// one of data/verl-v0.7.0-keys.txt or data/easyr1-v0.3.2-keys.txt
// (TestVerlSpellsAccepted). A command-line override wins over the base
// YAML, which other launch scripts of the repository often share, so the
// fix edits the script, never that YAML.
//
// The micro batch is the actor's per-GPU micro batch; verl and EasyR1
// accumulate micro batches up to the PPO mini batch, so no accumulation is
// written. When the actor batches by tokens (verl's use_dynamic_bsz) it is
// written as ppo_max_token_len_per_gpu, the micro batch's sequences × the
// plan's sequence (the reader's division undone), and the log-prob budget
// that interpolates it (${oc.select:actor_rollout_ref.actor.
// ppo_max_token_len_per_gpu,16384} in v0.7.0 _generated_ppo_trainer.yaml)
// is pinned at its value so that it does not follow. It is refused beside
// the deprecated global ppo_micro_batch_size, which verl rejects beside the
// per-GPU key (v0.7.0 verl/workers/config/actor.py ActorConfig
// __post_init__). A Megatron actor is not modelled, so nothing is written
// for it. The lengths are the prompt's and the response's apart, and
// attention, optimizer, precision and loading have no Trainer counterpart
// there: they stay refused (AnyKey). LoRA is actor_rollout_ref.model.
// lora_rank over target_modules (default all-linear), which also makes the
// reference the actor with its adapters off (v0.7.0 verl/trainer/ppo/
// ray_trainer.py RayPPOTrainer.__init__ ref_in_actor), as the reader marks
// it (Companion.SharedWithPEFT); verl has no 4-bit base. EasyR1 v0.3.2
// has no LoRA key (its worker.actor.model.lora came after it), so none is
// written there.
func verlSpells(j *Job) (map[string]Spelling, bool) {
	if j.Plan == nil || j.Plan.Recipe.V != plan.RecipeVerl {
		return nil, false
	}
	d, ok := verlDialectOf(j.Command)
	if !ok {
		return refuseAll, true
	}
	v := newVerlConfig(d, j)
	if _, megatron := verlMegatron(j, v); megatron {
		return refuseAll, true
	}
	micro := renamed(d.keys["micro"])
	if dyn, ok := v.boolean("dynamic_bsz"); ok && dyn.V {
		micro = tokenBudget(d.keys["max_tokens"], j.Plan.SeqLen.V)
		lpDyn, _ := v.boolean("lp_dynamic")
		if lp, _, ok := v.integer("lp_max_tokens"); ok && lpDyn.V && micro.Key != "" && v.follows(d.keys["lp_max_tokens"]) {
			micro.Also = map[string]any{d.keys["lp_max_tokens"]: lp.V}
		}
	}
	if _, ok := v.get("micro_global"); ok {
		micro = refuseKey
	}
	lp, refLP := verlLogProbSpells(d, v, j.Plan.SeqLen.V)
	m := map[string]Spelling{
		AnyKey:                        refuseKey,
		"per_device_train_batch_size": micro,
		"per_gpu_train_batch_size":    micro,
		"micro_batch_size":            micro,
		"gradient_accumulation_steps": dropKey,
		"gradient_checkpointing":      renamed(d.keys["gc"]),
		RolloutMemory:                 renamed(d.keys["gpu_memory"]),
		RolloutOffloadParams:          renamed(d.keys["param_offload"]),
		RolloutOffloadOptimizer:       renamed(d.keys["optimizer_offload"]),
		LogProbMicroBatch:             lp,
		RefLogProbMicroBatch:          refLP,
	}
	if d.name == verlMain.name {
		// The rank written is the one the estimate prices when none is
		// given (PEFT's LoraConfig default, 8); target_modules defaults
		// to all-linear, what the fix asks for.
		m["use_peft"] = constant(d.keys["lora"], 8)
		m["use_lora"] = m["use_peft"]
		m["lora_target_modules"] = dropKey
	}
	return m, true
}

// verlLogProbSpells spells the micro batch of the log-prob forwards: verl's
// rollout.log_prob_micro_batch_size_per_gpu (the old policy's), with the
// reference's ref.log_prob_micro_batch_size_per_gpu when the script sets it
// too; EasyR1's worker.actor.micro_batch_size_per_device_for_experience,
// which its reference copies (v0.3.2 verl/workers/config.py
// WorkerConfig.post_init). Batching by tokens (log_prob_use_dynamic_bsz)
// writes rollout.log_prob_max_token_len_per_gpu (and the reference's
// ref.log_prob_max_token_len_per_gpu when the script sets it), the batch's
// sequences × seq tokens; the deprecated global
// log_prob_micro_batch_size, which verl rejects beside the per-GPU key
// (v0.7.0 verl/utils/config.py check_mutually_exclusive), refuses it.
func verlLogProbSpells(d verlDialect, v verlConfig, seq int) (lp, ref Spelling) {
	lp, ref = renamed(d.keys["lp_micro"]), dropKey
	if d.name != verlMain.name {
		return lp, ref
	}
	refKey := "actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu"
	if dyn, ok := v.boolean("lp_dynamic"); ok && dyn.V {
		lp, refKey = tokenBudget(d.keys["lp_max_tokens"], seq), "actor_rollout_ref.ref.log_prob_max_token_len_per_gpu"
	}
	for key := range v.over {
		if key == "actor_rollout_ref.rollout.log_prob_micro_batch_size" || key == "actor_rollout_ref.ref.log_prob_micro_batch_size" {
			return refuseKey, refuseKey
		}
		if key == refKey {
			ref = renamed(refKey)
			if lp.Value != nil {
				ref = tokenBudget(refKey, seq)
			}
		}
	}
	return lp, ref
}

// verlDialect holds the key names and defaults of one verl flavour.
type verlDialect struct {
	name     string // "verl", "EasyR1"
	source   string // where the defaults are cited from
	accepts  string // the list in data/ of the keys its config defines (AcceptedArgs)
	keys     map[string]string
	defaults map[string]string
	// sources cite the defaults that come from another release than
	// source, by key.
	sources map[string]string
	// refOffload says why the reference model's parameters live on the
	// host between its forwards whatever the config says, or "".
	refOffload string
	// refDtype is the dtype the reference is loaded in, with its source.
	refDtype   plan.Dtype
	refDtypeOf string
	// sleeps says why the rollout engine always sleeps while the actor
	// trains, or "" when the "free_cache" key decides.
	sleeps string
	// fork is the module of a fork's own Hydra entry read as verl's
	// trainer, or "" for verl's entries and the copies named after them.
	fork string
}

// easyR1LoRASource cites EasyR1's LoRA defaults, which came after v0.3.2.
const easyR1LoRASource = "EasyR1 b44b311 (after v0.3.2) verl/workers/actor/config.py LoraConfig"

// verlMain is verl v0.7.0's dialect: keys and defaults of
// verl/trainer/config/_generated_ppo_trainer.yaml (the flattened
// ppo_trainer.yaml with its per-component defaults).
var verlMain = verlDialect{
	name:    "verl",
	source:  "verl v0.7.0 verl/trainer/config/ppo_trainer.yaml",
	accepts: "verl-v0.7.0-keys.txt",
	keys: map[string]string{
		"nnodes": "trainer.nnodes", "gpus": "trainer.n_gpus_per_node",
		"model":  "actor_rollout_ref.model.path",
		"prompt": "data.max_prompt_length", "response": "data.max_response_length",
		"param_offload": "actor_rollout_ref.actor.fsdp_config.param_offload", "optimizer_offload": "actor_rollout_ref.actor.fsdp_config.optimizer_offload",
		"micro": "actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu", "micro_global": "actor_rollout_ref.actor.ppo_micro_batch_size",
		"mini":       "actor_rollout_ref.actor.ppo_mini_batch_size",
		"max_tokens": "actor_rollout_ref.actor.ppo_max_token_len_per_gpu", "dynamic_bsz": "actor_rollout_ref.actor.use_dynamic_bsz",
		"gc":     "actor_rollout_ref.model.enable_gradient_checkpointing",
		"engine": "actor_rollout_ref.rollout.name", "gpu_memory": "actor_rollout_ref.rollout.gpu_memory_utilization",
		"tp": "actor_rollout_ref.rollout.tensor_model_parallel_size", "n": "actor_rollout_ref.rollout.n",
		"lora": "actor_rollout_ref.model.lora_rank", "lora_alpha": "actor_rollout_ref.model.lora_alpha",
		"lora_targets": "actor_rollout_ref.model.target_modules", "lora_adapter": "actor_rollout_ref.model.lora_adapter_path",
		"adv": "algorithm.adv_estimator", "kl_loss": "actor_rollout_ref.actor.use_kl_loss", "kl_reward": "algorithm.use_kl_in_reward",
		"ref_offload": "actor_rollout_ref.ref.fsdp_config.param_offload",
		"lp_micro":    "actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu", "lp_dynamic": "actor_rollout_ref.rollout.log_prob_use_dynamic_bsz",
		"lp_max_tokens": "actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu", "ref_lp_micro": "actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu",
		"free_cache": "actor_rollout_ref.rollout.free_cache_engine", "entropy": "actor_rollout_ref.actor.entropy_coeff",
		"strategy": "actor_rollout_ref.actor.strategy", "sp": "actor_rollout_ref.actor.ulysses_sequence_parallel_size",
		"critic_model": "critic.model.path", "critic_param_offload": "critic.model.fsdp_config.param_offload",
		"critic_optimizer_offload": "critic.model.fsdp_config.optimizer_offload",
		"rm_enable":                "reward_model.enable", "rm_model": "reward_model.model.path",
		"remove_padding": "actor_rollout_ref.model.use_remove_padding",
	},
	// fsdp_workers.py _build_model_optimizer: "We force reference policy
	// to use CPUOffload" (FSDP CPUOffload(offload_params=True) for every
	// role but the actor); the reference's fsdp_config.model_dtype is fp32.
	refOffload: "verl v0.7.0 verl/workers/fsdp_workers.py _build_model_optimizer forces CPUOffload(offload_params=True) on the reference",
	refDtype:   plan.FP32, refDtypeOf: "verl v0.7.0 ppo_trainer.yaml actor_rollout_ref.ref.fsdp_config.model_dtype fp32",
	defaults: map[string]string{
		"trainer.nnodes": "1", "trainer.n_gpus_per_node": "8",
		"data.max_prompt_length": "512", "data.max_response_length": "512",
		"actor_rollout_ref.rollout.free_cache_engine": "true", "actor_rollout_ref.actor.entropy_coeff": "0",
		"actor_rollout_ref.actor.strategy": "fsdp", "actor_rollout_ref.actor.ulysses_sequence_parallel_size": "1", "actor_rollout_ref.rollout.log_prob_use_dynamic_bsz": "${actor_rollout_ref.actor.use_dynamic_bsz}",
		"actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu": "${actor_rollout_ref.actor.ppo_max_token_len_per_gpu}",
		"critic.model.fsdp_config.param_offload":                   "false", "critic.model.fsdp_config.optimizer_offload": "false",
		"reward_model.enable":                               "false",
		"actor_rollout_ref.actor.fsdp_config.param_offload": "false", "actor_rollout_ref.actor.fsdp_config.optimizer_offload": "false",
		"actor_rollout_ref.actor.ppo_max_token_len_per_gpu": "16384", "actor_rollout_ref.actor.use_dynamic_bsz": "false",
		"actor_rollout_ref.actor.ppo_mini_batch_size":           "256",
		"actor_rollout_ref.model.enable_gradient_checkpointing": "true",
		"actor_rollout_ref.rollout.gpu_memory_utilization":      "0.5", "actor_rollout_ref.rollout.tensor_model_parallel_size": "2",
		"actor_rollout_ref.rollout.n": "1", "actor_rollout_ref.model.lora_rank": "0",
		"actor_rollout_ref.model.lora_alpha": "16", "actor_rollout_ref.model.target_modules": "all-linear",
		"algorithm.adv_estimator": "gae", "actor_rollout_ref.actor.use_kl_loss": "false", "algorithm.use_kl_in_reward": "false",
		"actor_rollout_ref.ref.fsdp_config.param_offload": "false",
	},
}

// verlEasyR1 is EasyR1 v0.3.2's dialect: the dataclass defaults of
// verl/trainer/config.py and verl/workers/rollout/config.py.
var verlEasyR1 = verlDialect{
	name:    "EasyR1",
	source:  "EasyR1 v0.3.2 verl/trainer/config.py and verl/workers/*/config.py",
	accepts: "easyr1-v0.3.2-keys.txt",
	keys: map[string]string{
		"nnodes": "trainer.nnodes", "gpus": "trainer.n_gpus_per_node",
		"model":  "worker.actor.model.model_path",
		"prompt": "data.max_prompt_length", "response": "data.max_response_length",
		"param_offload": "worker.actor.offload.offload_params", "optimizer_offload": "worker.actor.offload.offload_optimizer",
		"micro": "worker.actor.micro_batch_size_per_device_for_update",
		"mini":  "worker.actor.global_batch_size", "sp": "worker.actor.ulysses_size",
		"gc":     "worker.actor.model.enable_gradient_checkpointing",
		"engine": "worker.rollout.name", "gpu_memory": "worker.rollout.gpu_memory_utilization",
		"tp": "worker.rollout.tensor_parallel_size", "n": "worker.rollout.n",
		"lora": "worker.actor.model.lora.rank", "lora_alpha": "worker.actor.model.lora.alpha", "lora_targets": "worker.actor.model.lora.target_modules",
		"adv": "algorithm.adv_estimator", "kl_loss": "algorithm.use_kl_loss", "kl_reward": "algorithm.disable_kl",
		"ref_offload":  "worker.ref.offload.offload_params",
		"lp_micro":     "worker.actor.micro_batch_size_per_device_for_experience",
		"critic_model": "worker.critic.model.model_path", "critic_param_offload": "worker.critic.offload.offload_params",
		"critic_optimizer_offload": "worker.critic.offload.offload_optimizer",
		"remove_padding":           "worker.actor.padding_free",
	},
	// verl/workers/fsdp_workers.py _build_model_optimizer: torch_dtype
	// None loads every role in fp32 but the reference, in bf16; the vLLM
	// engine sleeps (level 1) whenever the actor trains
	// (verl/workers/sharding_manager/fsdp_vllm.py offload_vllm).
	refDtype: plan.BF16, refDtypeOf: "EasyR1 v0.3.2 verl/workers/fsdp_workers.py loads the reference in bf16",
	sleeps: "EasyR1 v0.3.2 verl/workers/sharding_manager/fsdp_vllm.py offload_vllm: sleep(level=1)",
	defaults: map[string]string{
		"trainer.nnodes": "1", "trainer.n_gpus_per_node": "8",
		"data.max_prompt_length": "512", "data.max_response_length": "512",
		"worker.actor.offload.offload_params": "false", "worker.actor.offload.offload_optimizer": "false",
		"worker.actor.micro_batch_size_per_device_for_update": "4",
		"worker.actor.global_batch_size":                      "256", "worker.actor.ulysses_size": "1",
		"worker.actor.model.enable_gradient_checkpointing": "true",
		"worker.rollout.name":                              "vllm", "worker.rollout.gpu_memory_utilization": "0.6",
		"worker.rollout.tensor_parallel_size": "2", "worker.rollout.n": "1", "worker.actor.model.lora.rank": "0",
		"worker.actor.model.lora.alpha": "64", "worker.actor.model.lora.target_modules": "all-linear",
		"algorithm.adv_estimator": "grpo", "algorithm.use_kl_loss": "true",
		"worker.ref.offload.offload_params":                       "false",
		"worker.actor.micro_batch_size_per_device_for_experience": "16",
		"worker.critic.offload.offload_params":                    "false", "worker.critic.offload.offload_optimizer": "false",
	},
	// EasyR1 has LoRA only after v0.3.2: rank 0 (off), alpha 64 over
	// all-linear in its LoraConfig.
	sources: map[string]string{
		"worker.actor.model.lora.rank":           easyR1LoRASource,
		"worker.actor.model.lora.alpha":          easyR1LoRASource,
		"worker.actor.model.lora.target_modules": easyR1LoRASource,
	},
}

// verlDialectOf returns the dialect of a command that runs a verl trainer:
// verl.trainer.main_ppo and the forks' variants of it (main_ppo_format,
// main_ppo_sky, …), or EasyR1's verl.trainer.main.
func verlDialectOf(c *shell.Command) (verlDialect, bool) {
	if c == nil || c.Launcher != shell.Python {
		return verlDialect{}, false
	}
	prog := c.Program.Text
	if !c.Module {
		prog = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(prog, "./"), ".py"), "/", ".")
	}
	if _, sky := skyRLCommand(c); sky && !strings.HasPrefix(prog, "verl.") {
		// trainer.placement.* is SkyRL's, whatever its entrypoint is named.
		return verlDialect{}, false
	}
	switch {
	case prog == "verl.trainer.main":
		return verlEasyR1, true
	case strings.HasPrefix(prog, "verl.trainer.main_ppo"):
		return verlMain, true
	case c.Module && strings.HasPrefix(prog[strings.LastIndexByte(prog, '.')+1:], "main_ppo") && strings.HasSuffix(prog[:max(strings.LastIndexByte(prog, '.'), 0)], ".trainer"):
		// A package that wraps verl's trainer under the same module path,
		// as verl-tool's verl_tool.trainer.main_ppo (TIGER-AI-Lab/verl-tool
		// 980962b, hydra.main config_path="config" config_name="ppo_trainer"
		// over verl's ActorRolloutRefWorker), takes verl's overrides.
		return verlMain, true
	case strings.HasPrefix(prog, "recipe.") && strings.HasPrefix(prog[strings.LastIndexByte(prog, '.')+1:], "main_") && !strings.Contains(prog, "eval") && !strings.Contains(prog, "generation"):
		// verl's recipes (recipe/dapo/main_dapo.py, recipe/prime/
		// main_prime.py, recipe/entropy/main_entropy.py, …) are Hydra
		// programs whose configs name ppo_trainer in their defaults
		// (volcengine/verl v0.4.1 recipe/dapo/main_dapo.py
		// hydra.main(config_name="dapo_trainer"), recipe/dapo/config/
		// dapo_trainer.yaml defaults: ppo_trainer), so they take verl's
		// overrides; recipe/r1/main_eval.py only evaluates.
		return verlMain, true
	case c.Module && strings.HasPrefix(prog[strings.LastIndexByte(prog, '.')+1:], "main_ppo") && verlOverrides(c.Args):
		// A fork's own copy of main_ppo under its package
		// (MiroMindAI/MiroRL mirorl/recipe/mcp/main_ppo.py, hydra.main over
		// a config whose defaults are verl's ppo_trainer) that the launch
		// gives verl's actor_rollout_ref overrides.
		return verlMain, true
	case !c.Module && strings.HasPrefix(prog[strings.LastIndexByte(prog, '.')+1:], "main_ppo"):
		// A script copied from verl's main_ppo.py beside its own Hydra
		// config, as verl's examples/split_placement/main_ppo_split.py
		// (hydra.main config_name="ppo_trainer_split", verl b178a3c)
		// takes the same overrides.
		return verlMain, true
	case c.Module && hydraConfigNamed(c.Args) && verlOverrides(c.Args) && !strings.Contains(prog, "eval") && !strings.Contains(prog, "generation"):
		// A fork's own Hydra entry under another name, as rStar2-Agent's
		// rstar2_agent.main_rstar2_agent (microsoft/rStar 2f666fc
		// rstar2_agent/main_rstar2_agent.py: hydra.main over
		// rstar2_agent_trainer.yaml, whose defaults are verl's
		// ppo_trainer; verl's fsdp_workers, a resource pool of
		// trainer.n_gpus_per_node GPUs on each of trainer.nnodes), launched
		// with a config flag and verl's actor_rollout_ref overrides.
		d := verlMain
		d.fork = prog
		return d, true
	}
	return verlDialect{}, false
}

// hydraConfigNamed reports whether the arguments name a Hydra config with
// Hydra's own flags (--config-path/-cp, --config-name/-cn, --config-dir/-cd),
// as a launch of a program built on hydra.main does.
func hydraConfigNamed(args []shell.Word) bool {
	for _, a := range args {
		flag, _, _ := strings.Cut(a.Text, "=")
		switch flag {
		case "--config-path", "-cp", "--config-name", "-cn", "--config-dir", "-cd":
			return true
		}
	}
	return false
}

// verlOverrides reports whether the arguments hold a Hydra override of
// verl's actor_rollout_ref group, the group only verl's config has.
func verlOverrides(args []shell.Word) bool {
	for _, a := range args {
		if strings.HasPrefix(strings.TrimLeft(a.Text, "+~"), "actor_rollout_ref.") {
			return true
		}
	}
	return false
}

// verlJob attaches the base config a verl command starts from and reports
// whether the command is verl's (a Ray trainer or the SFT trainer), whose words are not read as Trainer
// arguments or config files. Hydra reads verl's ppo_trainer.yaml from the
// package the command imports (config_path="config" next to
// verl/trainer/main_ppo.py), so a fork's modified copy in the repository the
// script runs from wins; EasyR1 names its YAML with config=.
func (l *loader) verlJob(j *Job, f *File, c *shell.Command) bool {
	if isVerlSFT(c) {
		return true
	}
	d, ok := verlDialectOf(c)
	if !ok {
		return false
	}
	if d.name == verlEasyR1.name {
		for _, o := range hydraOverrides(c) {
			if o.key == "config" && o.val.Known {
				n := &yaml.Node{Kind: yaml.ScalarNode, Value: o.val.Text, Line: o.val.Pos.Line, Column: o.val.Pos.Column}
				base, err := l.ref(f, n, "config=", Verl)
				if err != nil {
					j.unresolved(f, n, "config=", err)
					return true
				}
				j.Base = base
			}
		}
		return true
	}
	for _, cand := range []string{"verl/trainer/config/ppo_trainer.yaml", "verl/verl/trainer/config/ppo_trainer.yaml"} {
		if p, found := resolveRef(f.Path, cand); found {
			if base, err := l.file(p); err == nil && base.Format == Verl {
				j.Base = base
				return true
			}
		}
	}
	return true
}

// hydraOverride is one key=value word of a Hydra command line.
type hydraOverride struct {
	key      string
	keyPos   document.Pos
	val      shell.Word
	appended bool // +key= or ++key=
}

// hydraOverrides reads a command's key=value words: +key adds a key, ++key
// adds or overrides one, ~key deletes one (left out here). The shell has
// already removed quotes and expanded variables.
func hydraOverrides(c *shell.Command) []hydraOverride {
	var out []hydraOverride
	for _, w := range c.Args {
		t := w.Text
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "~") {
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq <= 0 {
			continue
		}
		key := strings.TrimLeft(t[:eq], "+")
		if key == "" || strings.ContainsAny(key, " $(){}[]'\"") {
			continue
		}
		val := w
		val.Text = t[eq+1:]
		if strings.HasPrefix(w.Raw, t[:eq+1]) {
			val.Pos = document.Pos{Line: w.Pos.Line, Column: w.Pos.Column + eq + 1}
		}
		out = append(out, hydraOverride{key: key, keyPos: w.Pos, val: val, appended: strings.HasPrefix(t, "+")})
	}
	return out
}

// verlValue is one setting of a verl job, with where it came from.
type verlValue struct {
	text  string
	known bool
	from  plan.Origin
	why   string // for an unknown value: what it depends on
}

// verlConfig looks keys up the way Hydra composes them: the command's
// overrides, then the base YAML, then the dialect's defaults.
type verlConfig struct {
	d      verlDialect
	script string
	over   map[string]hydraOverride
	base   *File
}

// newVerlConfig reads the overrides of a verl job's command over its base
// config.
func newVerlConfig(d verlDialect, j *Job) verlConfig {
	v := verlConfig{d: d, script: j.Script.Path, over: map[string]hydraOverride{}, base: j.Base}
	for _, o := range hydraOverrides(j.Command) {
		v.over[o.key] = o
	}
	return v
}

func (v verlConfig) get(role string) (verlValue, bool) {
	key, ok := v.d.keys[role]
	if !ok {
		return verlValue{}, false
	}
	return v.lookup(key, 0)
}

// follows reports whether key takes its value from another key: neither
// the command nor the base config sets it but by an ${…} interpolation.
func (v verlConfig) follows(key string) bool {
	if o, ok := v.over[key]; ok {
		return strings.HasPrefix(strings.TrimSpace(unquote(o.val.Text)), "${")
	}
	if v.base != nil && v.base.Root != nil {
		if _, n := document.Lookup(v.base.Root, strings.Split(key, ".")...); n != nil && n.Kind == yaml.ScalarNode {
			return strings.HasPrefix(strings.TrimSpace(n.Value), "${")
		}
	}
	return strings.HasPrefix(v.d.defaults[key], "${")
}

func (v verlConfig) lookup(key string, depth int) (verlValue, bool) {
	if o, ok := v.over[key]; ok {
		val := verlValue{text: unquote(o.val.Text), known: o.val.Known, from: plan.At(v.script, o.keyPos.Line, o.keyPos.Column, key)}
		if !o.val.Known {
			val.why = strings.Join(o.val.Unknown, ", ")
		}
		return v.interpolate(val, depth)
	}
	if v.base != nil && v.base.Root != nil {
		k, n := document.Lookup(v.base.Root, strings.Split(key, ".")...)
		if n != nil && n.Kind == yaml.ScalarNode {
			at := k
			if at == nil {
				at = n
			}
			val := verlValue{text: n.Value, known: true, from: plan.At(v.base.Path, at.Line, at.Column, key)}
			if !document.IsNull(n) {
				return v.interpolate(val, depth)
			}
			return verlValue{}, false
		}
	}
	if def, ok := v.d.defaults[key]; ok {
		// A default may itself name another key (log_prob_use_dynamic_bsz:
		// ${oc.select:actor_rollout_ref.actor.use_dynamic_bsz,false}).
		src := v.d.source
		if s, ok := v.d.sources[key]; ok {
			src = s
		}
		return v.interpolate(verlValue{text: def, known: true, from: plan.Default(src + " " + key)}, depth)
	}
	return verlValue{}, false
}

// interpolate follows a ${a.b} reference to another key, as OmegaConf does.
func (v verlConfig) interpolate(val verlValue, depth int) (verlValue, bool) {
	t := strings.TrimSpace(val.text)
	if !strings.HasPrefix(t, "${") || !strings.HasSuffix(t, "}") {
		return val, !strings.EqualFold(t, "null") && t != "~"
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(t, "${"), "}")
	if depth > 8 || strings.ContainsAny(ref, ":{}$ ") {
		return verlValue{}, false
	}
	return v.lookup(ref, depth+1)
}

// assumeCountUnknown states why a placement's GPU count is not known: the
// GPUs per node (or, when those are known, the nodes) are not a count, or
// depend on what the script cannot tell; what says which count is unknown,
// as the assumption opens.
func (v verlConfig) assumeCountUnknown(p *plan.Plan, what string, gpus verlValue, gpusRole string, nodes verlValue, nodesRole string) {
	val, key := gpus, v.d.keys[gpusRole]
	if gpus.known {
		val, key = nodes, v.d.keys[nodesRole]
	}
	if val.known {
		p.Assume("%s is %q, not a count of GPUs", key, val.text)
		return
	}
	p.Assume("%s: %s is %q, which depends on %s", what, key, val.text, val.why)
}

func (v verlConfig) integer(role string) (plan.Value[int], verlValue, bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return plan.Value[int]{}, val, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(val.text))
	if err != nil {
		return plan.Value[int]{}, val, false
	}
	return plan.Of(n, val.from), val, true
}

func (v verlConfig) boolean(role string) (plan.Value[bool], bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return plan.Value[bool]{}, false
	}
	b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(val.text)))
	if err != nil {
		return plan.Value[bool]{}, false
	}
	return plan.Of(b, val.from), true
}

func (v verlConfig) number(role string) (float64, verlValue, bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return 0, val, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(val.text), 64)
	return f, val, err == nil
}

// applyVerlCommand maps a verl command onto the plan.
func applyVerlCommand(p *plan.Plan, j *Job) (owns, world bool) {
	d, ok := verlDialectOf(j.Command)
	if !ok {
		return false, false
	}
	v := newVerlConfig(d, j)
	p.Launcher = plan.Of("verl", plan.Derived(d.name+"'s Ray trainer (a Hydra command)"))
	p.Recipe = plan.Of(plan.RecipeVerl, plan.Derived("the launch runs "+d.name+"'s trainer"))
	if d.fork != "" {
		p.Assume("%s read as a fork of verl's verl.trainer.main_ppo (a Hydra entry given verl's actor_rollout_ref overrides), with the keys and defaults of %s", d.fork, d.source)
	}
	applyVerlWorld(p, j, v)
	if m, ok := v.get("model"); ok && m.known {
		p.ModelRef = plan.Of(m.text, m.from)
	} else if ok && !m.known {
		p.Assume("the model path %q depends on %s", m.text, m.why)
	}
	prompt, pv, _ := v.integer("prompt")
	resp, rv, _ := v.integer("response")
	switch {
	case prompt.Set && resp.Set:
		p.SeqLen = plan.Of(prompt.V+resp.V, plan.Derived(fmt.Sprintf("%s %d + %s %d (%s: a sequence is the prompt and the response)", d.keys["prompt"], prompt.V, d.keys["response"], resp.V, d.name)))
	case !pv.known || !rv.known:
		p.Assume("the sequence length is unknown: %s is %q and %s is %q", d.keys["prompt"], pv.text, d.keys["response"], rv.text)
	}
	// verl's FSDP workers compute in bf16 (mixed_precision param_dtype) over
	// fp32 master weights (fsdp_config.model_dtype fp32), and load the
	// model with flash_attention_2 (verl v0.7.0 verl/workers/fsdp_workers.py,
	// _build_model_optimizer); EasyR1 v0.3.2 the same through
	// worker.actor.fsdp.mp_param_dtype bf16 and torch_dtype null, which
	// loads the actor in fp32 (verl/workers/fsdp_workers.py).
	p.Precision = plan.Of(plan.BF16, plan.Default(d.name+" FSDP mixed precision: bf16 compute"))
	p.LoadDtype = plan.Of(plan.FP32, plan.Default(d.name+" loads the actor in fp32 for FSDP"))
	p.Attention = plan.Of("flash_attention_2", plan.Default(d.name+" fsdp_workers attn_implementation"))
	p.Optimizer = plan.Of("adamw_torch", plan.Default(d.name+" actor optim AdamW"))
	p.GradAccum = plan.Of(1, plan.Default(d.name+": one optimizer step per PPO mini batch"))
	p.FSDP.Mode = plan.Of("full_shard", plan.Default(d.name+" actor strategy fsdp (FULL_SHARD)"))
	// The actor's param_offload and optimizer_offload move its states to
	// the host between phases and back for its own compute (verl v0.7.0
	// fsdp_workers.py: "We force turn off CPUOffload for actor";
	// offload_fsdp_model_to_cpu after each phase), so they lighten the
	// rollout, not the update.
	p.FSDP.CPUOffload = plan.Of(false, plan.Default(d.name+" never wraps the actor in FSDP CPUOffload"))
	if off, ok := v.boolean("param_offload"); ok {
		p.RL.OffloadParamsForRollout = off
	}
	if off, ok := v.boolean("optimizer_offload"); ok {
		p.RL.OffloadOptimizerForRollout = off
	}
	if gc, ok := v.boolean("gc"); ok {
		p.GradientCheckpointing = gc
	}
	// use_remove_padding (EasyR1: padding_free) unpads every micro batch
	// before the model runs (verl v0.7.0 dp_actor.py _forward_micro_batch:
	// unpad_input, then one varlen sequence).
	if rp, ok := v.boolean("remove_padding"); ok {
		p.PaddingFree = rp
	}
	applyVerlMicroBatch(p, v)
	// The actor's loss takes the sampled tokens' log-probabilities with
	// flash-attn's in-place cross-entropy (verl v0.7.0 and EasyR1 v0.3.2
	// verl/utils/torch_functional.py logprobs_from_logits), adding the
	// entropy of the whole logits when entropy_coeff is not 0
	// (dp_actor.py update_policy: calculate_entropy = entropy_coeff != 0).
	p.LossKernel = plan.Of(plan.LossLogProb, plan.Default(d.name+" verl/utils/torch_functional.py logprobs_from_logits (flash-attn cross_entropy_loss, inplace_backward)"))
	if e, _, ok := v.number("entropy"); ok && e != 0 {
		val, _ := v.get("entropy")
		p.LossKernel = plan.Of(plan.LossLogProbEntropy, val.from)
	}
	applyVerlLoRA(p, v)
	applyVerlRollout(p, v)
	applyVerlRL(p, v, prompt, resp)
	if at, ok := verlMegatron(j, v); ok {
		// Megatron's tensor and pipeline parallel sharding of the actor is
		// not modelled, and FSDP's costing does not describe it.
		p.Gap(plan.MemoryGap{Kind: "Megatron not modelled", What: d.name + " with the Megatron actor is not modelled",
			Detail: "tensor and pipeline parallelism of the policy are not modelled", At: at})
	}
	if sp, _, ok := v.integer("sp"); ok && sp.V > 1 {
		p.Assume("Ulysses sequence parallelism %d is not modelled: each GPU is costed with whole sequences (an upper bound on activations and logits)", sp.V)
	}
	return true, true
}

// applyVerlLoRA reads the actor's adapters: lora_rank > 0, or a
// lora_adapter_path to load (verl v0.7.0 ray_trainer.py
// RayPPOTrainer.__init__ ref_in_actor; fsdp_workers.py
// _build_model_optimizer: peft LoraConfig with r lora_rank, lora_alpha,
// target_modules, default 16 over all-linear), EasyR1's
// worker.actor.model.lora (after v0.3.2, b44b311 fsdp_workers.py: its
// target_modules a comma-separated string).
func applyVerlLoRA(p *plan.Plan, v verlConfig) {
	d := v.d
	r, _, ok := v.integer("lora")
	adapter, hasAdapter := v.get("lora_adapter")
	hasAdapter = hasAdapter && adapter.known && adapter.text != ""
	if (!ok || r.V <= 0) && !hasAdapter {
		p.PEFT.Method = plan.Of("none", plan.Default(d.source+" "+d.keys["lora"]+" 0"))
		return
	}
	if ok && r.V > 0 {
		p.PEFT.Method, p.PEFT.R = plan.Of("lora", r.From), r
	} else {
		p.PEFT.Method = plan.Of("lora", adapter.from)
		p.Assume("%s loads adapters whose rank is not read; costed at rank 8", d.keys["lora_adapter"])
	}
	if a, _, ok := v.integer("lora_alpha"); ok {
		p.PEFT.Alpha = a
	}
	if t, ok := v.get("lora_targets"); ok && t.known {
		var mods []string
		for _, m := range strings.Split(strings.Trim(strings.TrimSpace(t.text), "[]"), ",") {
			if m = strings.Trim(strings.TrimSpace(m), `"'`); m != "" {
				mods = append(mods, m)
			}
		}
		if len(mods) > 0 {
			p.PEFT.TargetModules = plan.Of(mods, t.from)
		}
	}
}

// verlMegatron reports a verl job whose actor runs on Megatron-LM: the
// ppo_megatron_trainer config (--config-name), actor.strategy megatron, or
// overrides of the actor's megatron section.
func verlMegatron(j *Job, v verlConfig) (plan.Origin, bool) {
	for _, w := range j.Command.Args {
		if strings.HasPrefix(w.Text, "--config-name") && strings.Contains(w.Text, "megatron") {
			return plan.At(v.script, w.Pos.Line, w.Pos.Column, "--config-name"), true
		}
	}
	if st, ok := v.get("strategy"); ok && st.known && strings.EqualFold(st.text, "megatron") {
		return st.from, true
	}
	for key, o := range v.over {
		if strings.HasPrefix(key, "actor_rollout_ref.actor.megatron.") {
			return plan.At(v.script, o.keyPos.Line, o.keyPos.Column, key), true
		}
	}
	return plan.Origin{}, false
}

// applyVerlWorld reads the GPUs the driver asks Ray for:
// trainer.nnodes × trainer.n_gpus_per_node (verl's ResourcePoolManager).
func applyVerlWorld(p *plan.Plan, j *Job, v verlConfig) {
	gpus, gv, _ := v.integer("gpus")
	nodes, nv, _ := v.integer("nnodes")
	if nodes.Set && nodes.V > 0 && nodes.From.Kind == plan.FromFile {
		p.Hardware.Nodes = nodes
	}
	if !gpus.Set || !nodes.Set || gpus.V <= 0 || nodes.V <= 0 {
		v.assumeCountUnknown(p, "the world size is unknown", gv, "gpus", nv, "nnodes")
		return
	}
	from := gpus.From
	if from.Kind != plan.FromFile {
		from = nodes.From
	}
	if from.Kind != plan.FromFile {
		from = plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, v.d.keys["gpus"])
	}
	from.Note = fmt.Sprintf("%s %d × %s %d (Ray places one worker per GPU)", v.d.keys["gpus"], gpus.V, v.d.keys["nnodes"], nodes.V)
	p.Processes = plan.Of(gpus.V*nodes.V, from)
}

// applyVerlMicroBatch reads the actor's micro batch: per GPU, or the
// deprecated global ppo_micro_batch_size that verl divides by the world
// size (verl v0.7.0 fsdp_workers.py, ActorRolloutRefWorker.__init__); with
// use_dynamic_bsz a micro batch holds up to ppo_max_token_len_per_gpu tokens.
func applyVerlMicroBatch(p *plan.Plan, v verlConfig) {
	if dyn, ok := v.boolean("dynamic_bsz"); ok && dyn.V {
		if tok, _, ok := v.integer("max_tokens"); ok && p.SeqLen.Set && p.SeqLen.V > 0 {
			p.MicroBatch = budgetSequences(tok.V, p.SeqLen.V, p.PaddingFree.V, "use_dynamic_bsz: "+v.d.keys["max_tokens"])
			// The mini batch is cut into as many token-budget micro
			// batches as it needs (v0.7.0 dp_actor.py update_policy,
			// prepare_dynamic_batch), each accumulated.
			applyVerlAccumulation(p, v, true)
			return
		}
	}
	if mb, _, ok := v.integer("micro"); ok && mb.V > 0 {
		p.MicroBatch = mb
		applyVerlAccumulation(p, v, false)
		return
	}
	if g, _, ok := v.integer("micro_global"); ok && g.V > 0 && p.Processes.Set {
		p.MicroBatch = plan.Of(max(1, g.V/p.Processes.V), plan.Derived(fmt.Sprintf("%s %d ÷ %d GPUs (deprecated; verl divides it by the world size)", v.d.keys["micro_global"], g.V, p.Processes.V)))
		return
	}
	p.MicroBatch = plan.Of(1, plan.Default(v.d.name+": no micro batch set; 1 assumed"))
	p.Assume("%s: no actor micro batch size found; 1 assumed", v.d.name)
}

// applyVerlAccumulation reads how many micro batches the actor accumulates
// per optimizer step: its mini batch of prompts × rollout.n responses over
// the data-parallel ranks (the GPUs ÷ the Ulysses group), in micro batches
// (verl v0.7.0 verl/workers/fsdp_workers.py ActorRolloutRefWorker.__init__
// normalizes ppo_mini_batch_size so and asserts the micro batch divides
// it; EasyR1 v0.3.2 verl/workers/fsdp_workers.py the same with
// global_batch_size).
func applyVerlAccumulation(p *plan.Plan, v verlConfig, dynamic bool) {
	mini, _, okMini := v.integer("mini")
	n, _, okN := v.integer("n")
	sp, _, okSP := v.integer("sp")
	if !okMini || !okN || !okSP || !p.Processes.Set || sp.V <= 0 || p.Processes.V%sp.V != 0 || p.MicroBatch.V <= 0 {
		return
	}
	dp := p.Processes.V / sp.V
	k := v.d.keys
	perGPU := mini.V * n.V / dp
	switch {
	case dynamic && perGPU > p.MicroBatch.V:
		// Micro batches filled to a token budget: as many as the mini
		// batch needs, the last one partly filled.
		p.GradAccum = plan.Of((perGPU+p.MicroBatch.V-1)/p.MicroBatch.V, plan.Derived(fmt.Sprintf("%s %d × %s %d ÷ %d data-parallel GPUs in micro batches of %d, rounded up (use_dynamic_bsz)", k["mini"], mini.V, k["n"], n.V, dp, p.MicroBatch.V)))
	case perGPU >= p.MicroBatch.V && perGPU%p.MicroBatch.V == 0:
		p.GradAccum = plan.Of(perGPU/p.MicroBatch.V, plan.Derived(fmt.Sprintf("%s %d × %s %d ÷ %d data-parallel GPUs ÷ micro batch %d", k["mini"], mini.V, k["n"], n.V, dp, p.MicroBatch.V)))
	}
}

// unquote removes the quotes of a quoted override value, as Hydra's
// override grammar does.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// applyVerlRollout reads the rollout engine. verl's hybrid engine runs it
// on every GPU of the actor.
func applyVerlRollout(p *plan.Plan, v verlConfig) {
	p.Rollout.SameGPUs = true
	if e, ok := v.get("engine"); ok && e.known && e.text != "???" {
		p.Rollout.Engine = plan.Of(e.text, e.from)
	} else if !ok || e.known {
		// v0.7.0 makes rollout.name mandatory (???); before, vllm.
		p.Rollout.Engine = plan.Of("vllm", plan.Default("verl v0.4.0 verl/trainer/config/ppo_trainer.yaml actor_rollout_ref.rollout.name vllm"))
	}
	if tp, _, ok := v.integer("tp"); ok {
		p.Rollout.TensorParallel = tp
	}
	if g, val, ok := v.number("gpu_memory"); ok {
		p.Rollout.GPUMemoryUtilization = plan.Of(g, val.from)
	}
	if strings.EqualFold(p.Rollout.Engine.V, "sglang") {
		// verl passes gpu_memory_utilization to SGLang as
		// mem_fraction_static, "the fraction of the free GPU memory used
		// for static memory like model weights and KV cache" (verl v0.7.0
		// docs/examples/config.rst).
		p.Rollout.UtilizationOfFree = plan.Of(true, plan.Default("verl v0.7.0 docs/examples/config.rst: SGLang's mem_fraction_static is a share of the free memory"))
	}
	if v.d.name == verlMain.name && v.base != nil && v.base.Root != nil {
		// A verl ≤ v0.2 copy in the repository (its rollout section has no
		// max_model_len, added with vLLM ≥ 0.7 support in v0.3) runs the
		// bundled vLLM 0.5.4/0.6.3 worker, whose KV cache takes
		// gpu_memory_utilization × the memory left free
		// (verl v0.2.0.post2 verl/third_party/vllm/vllm_v_0_6_3/worker.py
		// determine_num_available_blocks: "use the remaining memory").
		if k, n := document.Lookup(v.base.Root, "actor_rollout_ref", "rollout"); k != nil && n != nil && n.Kind == yaml.MappingNode {
			if _, ml := document.Lookup(n, "max_model_len"); ml == nil {
				p.Rollout.UtilizationOfFree = plan.Of(true, plan.At(v.base.Path, k.Line, k.Column, "actor_rollout_ref.rollout (a verl ≤ v0.2 config, vLLM 0.6.3: gpu_memory_utilization of the free memory)"))
			}
		}
	}
	if v.d.sleeps != "" {
		p.Rollout.Sleeps = plan.Of(true, plan.Default(v.d.sleeps))
	} else if sl, ok := v.boolean("free_cache"); ok {
		// free_cache_engine releases the engine's weights and KV cache
		// (rollout.release(), vLLM sleep) whenever the actor trains
		// (verl v0.7.0 fsdp_workers.py trainer_mode).
		p.Rollout.Sleeps = sl
	}
}

// applyVerlRL reads what a verl job holds besides the actor: the algorithm
// (adv_estimator gae trains a critic; grpo, rloo, reinforce_plus_plus and
// the others do not), the lengths, the samples per prompt, the reference
// (ray_trainer builds it for use_kl_loss or use_kl_in_reward; with LoRA it
// is the actor with its adapters disabled), the critic and the reward model,
// all on the actor's GPUs (one resource pool shared by every role).
func applyVerlRL(p *plan.Plan, v verlConfig, prompt, resp plan.Value[int]) {
	d := v.d
	adv, _ := v.get("adv")
	p.RL.Algorithm = plan.Of(plan.AlgoGRPO, adv.from)
	switch strings.ToLower(adv.text) {
	case "gae":
		p.RL.Algorithm = plan.Of(plan.AlgoPPO, adv.from)
	case "grpo":
	default:
		p.RL.Algorithm = plan.Of(plan.AlgoOther, adv.from)
	}
	if prompt.Set {
		p.RL.PromptLen = prompt
	}
	if resp.Set {
		p.RL.CompletionLen = resp
	}
	if n, _, ok := v.integer("n"); ok && n.V > 0 {
		p.RL.Generations = n
	}
	applyVerlLogProbBatch(p, v)
	klLoss, _ := v.boolean("kl_loss")
	klReward, _ := v.boolean("kl_reward")
	needRef := klLoss.V || klReward.V
	if d.name == verlEasyR1.name {
		// EasyR1 builds the reference unless algorithm.disable_kl is set.
		needRef = !klReward.V
	}
	if needRef {
		// With adapters the reference is the actor with them disabled: no
		// reference worker is built (verl v0.7.0 ray_trainer.py
		// ref_in_actor; EasyR1 b44b311 fsdp_workers.py compute_ref_log_probs
		// under disable_adapter).
		ref := plan.Companion{Role: plan.RoleReference, Colocated: true, Sharded: true, From: klLoss.From,
			Dtype: plan.Of(d.refDtype, plan.Default(d.refDtypeOf)), SharedWithPEFT: true}
		if p.UsesPEFT() {
			ref.Shared = true
		}
		if off, ok := v.boolean("ref_offload"); ok {
			ref.ParamOffload = off
		}
		if d.refOffload != "" {
			ref.ParamOffload = plan.Of(true, plan.Default(d.refOffload))
		}
		p.RL.Companions = append(p.RL.Companions, ref)
	}
	if p.RL.Algorithm.V == plan.AlgoPPO {
		critic := plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: true, Sharded: true, From: adv.from}
		if m, ok := v.get("critic_model"); ok && m.known && !strings.Contains(m.text, "~/models/") {
			critic.ModelRef = plan.Of(m.text, m.from)
		}
		po, _ := v.boolean("critic_param_offload")
		oo, _ := v.boolean("critic_optimizer_offload")
		if po.V && oo.V {
			critic.ParamOffload = po
		}
		p.RL.Companions = append(p.RL.Companions, critic)
	}
	if rm, ok := v.boolean("rm_enable"); ok && rm.V {
		// RewardModelWorker wraps the reward model in FSDP with
		// CPUOffload(offload_params=True) (verl v0.7.0 fsdp_workers.py).
		reward := plan.Companion{Role: plan.RoleReward, Colocated: true, Sharded: true, From: rm.From,
			ParamOffload: plan.Of(true, plan.Default("verl v0.7.0 verl/workers/fsdp_workers.py RewardModelWorker CPUOffload(offload_params=True)"))}
		if m, ok := v.get("rm_model"); ok && m.known {
			reward.ModelRef = plan.Of(m.text, m.from)
		}
		p.RL.Companions = append(p.RL.Companions, reward)
	}
}

// applyVerlLogProbBatch reads the micro batch of the old-policy and
// reference log-prob passes: per GPU, or with log_prob_use_dynamic_bsz as
// many sequences as log_prob_max_token_len_per_gpu tokens hold.
func applyVerlLogProbBatch(p *plan.Plan, v verlConfig) {
	if dyn, ok := v.boolean("lp_dynamic"); ok && dyn.V {
		if tok, _, ok := v.integer("lp_max_tokens"); ok && p.SeqLen.Set && p.SeqLen.V > 0 {
			p.RL.LogProbBatch = budgetSequences(tok.V, p.SeqLen.V, p.PaddingFree.V, "log_prob_use_dynamic_bsz: "+v.d.keys["lp_max_tokens"])
			return
		}
	}
	if mb, _, ok := v.integer("lp_micro"); ok && mb.V > 0 {
		p.RL.LogProbBatch = mb
	}
	// The reference's forward takes its own micro batch
	// (actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu, verl v0.7.0
	// fsdp_workers.py compute_ref_log_prob; with LoRA it is the actor's
	// compute_log_prob with the rollout's); the larger of the two bounds
	// the log-prob phase.
	if v.d.name != verlMain.name || p.UsesPEFT() {
		return
	}
	if ref, _, ok := v.integer("ref_lp_micro"); ok && ref.V > p.RL.LogProbBatch.V {
		p.RL.LogProbBatch = ref
	}
}
