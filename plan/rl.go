package plan

import (
	"strings"

	"github.com/trainlint/trainlint/catalog"
)

// The RL and preference algorithms RL.Algorithm names.
const (
	AlgoGRPO  = "grpo"  // group-relative policy optimization (TRL GRPOTrainer, verl adv_estimator grpo, OpenRLHF train_grpo_ray)
	AlgoPPO   = "ppo"   // PPO with a critic (verl adv_estimator gae, OpenRLHF train_ppo_ray, torchtune ppo)
	AlgoDPO   = "dpo"   // offline preference optimization on chosen and rejected answers (DPO, IPO, KTO against a frozen reference; ORPO and CPO without one)
	AlgoKD    = "kd"    // knowledge distillation from a frozen teacher (torchtune KD recipes)
	AlgoOther = "other" // an RL or preference algorithm trainlint names but does not model
)

// The roles a Companion model plays beside the trained policy.
const (
	RoleReference = "reference" // frozen copy of the policy (KL or DPO's implicit reward)
	RoleCritic    = "critic"    // value model trained next to the policy (PPO with GAE)
	RoleReward    = "reward"    // frozen reward model scoring completions
	RoleTeacher   = "teacher"   // frozen teacher of a distillation
)

// RL describes what an RL or preference job holds and generates beyond the
// one trained model the rest of the plan describes (the policy). It is the
// zero value for supervised fine-tuning.
type RL struct {
	Algorithm Value[string] // AlgoGRPO, AlgoPPO, AlgoDPO, AlgoKD, AlgoOther
	// PromptLen and CompletionLen are the token caps of the prompt and of
	// one generated completion (TRL max_prompt_length/max_completion_length,
	// verl data.max_prompt_length/max_response_length, OpenRLHF
	// --prompt_max_len/--generate_max_len).
	PromptLen     Value[int]
	CompletionLen Value[int]
	// Generations is the number of completions sampled per prompt (TRL
	// num_generations, verl rollout.n, OpenRLHF --n_samples_per_prompt).
	Generations Value[int]
	// GenerationBatch is the number of completions one generation step
	// produces per GPU when the framework says so (TRL
	// generation_batch_size ÷ world, OpenRLHF --micro_rollout_batch_size ×
	// samples per prompt); unset when the engine batches on its own.
	GenerationBatch Value[int]
	// LogProbBatch is the micro batch of the forward passes that score the
	// rollouts without gradients (verl log_prob_micro_batch_size_per_gpu,
	// NeMo-RL logprob_batch_size); unset when it is the training micro batch.
	LogProbBatch Value[int]
	// LogitsToKeep is how many positions of each sequence the update and
	// the log-prob passes compute logits for (TRL's logits_to_keep, the
	// completion + 1); unset when the lm_head runs over every position.
	LogitsToKeep Value[int]
	// OffloadParamsForRollout and OffloadOptimizerForRollout are true when
	// the policy's parameters or optimizer state leave the GPU while the
	// rollout engine generates (verl actor fsdp_config.param_offload and
	// optimizer_offload, NeMo-RL's colocated refit, OpenRLHF
	// --deepspeed_enable_sleep).
	OffloadParamsForRollout    Value[bool]
	OffloadOptimizerForRollout Value[bool]
	// PolicyGPUs is the number of GPUs the policy trains on when it is a
	// group of the cluster's (OpenRLHF's actor placement group,
	// --actor_num_nodes × --actor_num_gpus_per_node); unset when the
	// policy spans the whole world.
	PolicyGPUs Value[int]
	// RefPrecomputed is true when a preference trainer computes the
	// reference's log-probabilities once before training (TRL's
	// precompute_ref_log_probs), so no reference model stays on the GPUs
	// while the policy trains.
	RefPrecomputed Value[bool]
	// Companions are the models held besides the policy.
	Companions []Companion
}

// Companion is one model an RL or preference job keeps besides the policy.
type Companion struct {
	Role string // RoleReference, RoleCritic, RoleReward, RoleTeacher
	// ModelRef and Model are the companion's own model; unset when it is the
	// policy's (a reference is a copy of the policy unless named).
	ModelRef Value[string]
	Model    Value[catalog.Model]
	Trained  bool // a critic takes optimizer steps; the others only run forward
	// Shared is true when the companion costs no weights of its own: a PEFT
	// policy's reference is the base model with the adapters disabled.
	Shared bool
	// SharedWithPEFT says the framework makes this reference the policy
	// with its adapters disabled once the policy trains adapters (verl's
	// ref_in_actor), so a fix that turns PEFT on shares it.
	SharedWithPEFT bool
	// ZeROStage is the DeepSpeed stage the companion is wrapped in (OpenRLHF
	// --ref_reward_offload, TRL's prepare_deepspeed), or unset.
	ZeROStage Value[int]
	// Sharded is true when its weights are sharded over the policy's GPUs
	// (FSDP, or ZeRO-3 as ZeROStage says).
	Sharded bool
	// Dtype is the dtype its weights are held in; unset means the policy's
	// compute dtype.
	Dtype Value[Dtype]
	// ParamOffload is true when its parameters live on the host between uses
	// (verl ref.fsdp_config.param_offload, OpenRLHF --ref_reward_offload).
	ParamOffload Value[bool]
	// Colocated is true when it shares the policy's GPUs; false when it has
	// GPUs of its own (OpenRLHF --ref_num_gpus_per_node without colocation).
	Colocated bool
	From      Origin
}

// IsRL reports whether the plan is an RL or preference job.
func (p *Plan) IsRL() bool { return p.RL.Algorithm.Set }

// describeRL lists the RL fields the way Describe lists the others.
func (p *Plan) describeRL(line func(name string, set bool, v any, from Origin)) {
	r, ro := p.RL, p.Rollout
	line("rl.algorithm", r.Algorithm.Set, r.Algorithm.V, r.Algorithm.From)
	line("rl.prompt_len", r.PromptLen.Set, r.PromptLen.V, r.PromptLen.From)
	line("rl.completion_len", r.CompletionLen.Set, r.CompletionLen.V, r.CompletionLen.From)
	line("rl.generations", r.Generations.Set, r.Generations.V, r.Generations.From)
	line("rl.generation_batch", r.GenerationBatch.Set, r.GenerationBatch.V, r.GenerationBatch.From)
	line("rl.log_prob_batch", r.LogProbBatch.Set, r.LogProbBatch.V, r.LogProbBatch.From)
	line("rl.policy_gpus", r.PolicyGPUs.Set, r.PolicyGPUs.V, r.PolicyGPUs.From)
	line("rl.reference_precomputed", r.RefPrecomputed.Set, r.RefPrecomputed.V, r.RefPrecomputed.From)
	line("rl.rollout_offload_params", r.OffloadParamsForRollout.Set, r.OffloadParamsForRollout.V, r.OffloadParamsForRollout.From)
	line("rl.rollout_offload_optimizer", r.OffloadOptimizerForRollout.Set, r.OffloadOptimizerForRollout.V, r.OffloadOptimizerForRollout.From)
	for _, c := range r.Companions {
		line("rl."+c.Role, true, c.describe(), c.From)
	}
	line("rollout.engine", ro.Engine.Set, ro.Engine.V, ro.Engine.From)
	line("rollout.engines", ro.Engines.Set, ro.Engines.V, ro.Engines.From)
	line("rollout.tensor_parallel", ro.TensorParallel.Set, ro.TensorParallel.V, ro.TensorParallel.From)
	line("rollout.gpu_memory_util", ro.GPUMemoryUtilization.Set, ro.GPUMemoryUtilization.V, ro.GPUMemoryUtilization.From)
	line("rollout.sleeps", ro.Sleeps.Set, ro.Sleeps.V, ro.Sleeps.From)
	line("rollout.util_of_free", ro.UtilizationOfFree.Set, ro.UtilizationOfFree.V, ro.UtilizationOfFree.From)
}

// describe says in a few words what a companion is and where it lives.
func (c Companion) describe() string {
	var parts []string
	switch {
	case c.Model.Set:
		parts = append(parts, c.Model.V.ID)
	case c.ModelRef.Set:
		parts = append(parts, c.ModelRef.V)
	default:
		parts = append(parts, "the policy's model")
	}
	if c.Trained {
		parts = append(parts, "trained")
	}
	if c.Shared {
		parts = append(parts, "shared (adapters off)")
	}
	if c.Dtype.Set {
		parts = append(parts, string(c.Dtype.V))
	}
	if c.Sharded || c.ZeROStage.V == 3 {
		parts = append(parts, "sharded")
	}
	if c.ParamOffload.V {
		parts = append(parts, "offloaded")
	}
	if !c.Colocated {
		parts = append(parts, "own GPUs")
	}
	return strings.Join(parts, ", ")
}
