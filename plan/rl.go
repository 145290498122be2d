package plan

import "github.com/trainlint/trainlint/catalog"

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
	// ZeROStage is the DeepSpeed stage the companion is wrapped in (OpenRLHF
	// --ref_reward_offload, TRL's prepare_deepspeed), or unset.
	ZeROStage Value[int]
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
