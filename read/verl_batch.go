package read

import (
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// VerlBatch is the batch arithmetic verl checks when it starts a PPO or
// GRPO job: the values as Hydra composes them (overrides, the base YAML,
// verl v0.7.0's ppo_trainer.yaml defaults), each with its origin. A value
// that could not be read (an unexpanded variable) is unset.
type VerlBatch struct {
	TrainBatch   plan.Value[int] // data.train_batch_size: prompts per step
	RolloutN     plan.Value[int] // actor_rollout_ref.rollout.n: responses per prompt
	MiniBatch    plan.Value[int] // actor.ppo_mini_batch_size: prompts per optimizer step
	MicroPerGPU  plan.Value[int] // actor.ppo_micro_batch_size_per_gpu: responses per forward
	SeqParallel  plan.Value[int] // actor.ulysses_sequence_parallel_size
	DynamicBatch plan.Value[bool]
	Strategy     string          // actor.strategy: fsdp, fsdp2, megatron
	GPUs         plan.Value[int] // trainer.n_gpus_per_node × trainer.nnodes
	// Version is the verl the job runs when its repository shows it (a
	// vendored verl/version/version, or a key only older releases have);
	// unset otherwise.
	Version plan.Value[string]
}

// verlBatchDefaults are the defaults of verl v0.7.0
// verl/trainer/config/_generated_ppo_trainer.yaml for the batch keys the
// frontend's dialect does not carry.
var verlBatchDefaults = map[string]string{
	"data.train_batch_size":                                  "1024",
	"actor_rollout_ref.actor.ulysses_sequence_parallel_size": "1", "actor_rollout_ref.actor.strategy": "fsdp",
}

// ReadVerlBatch reads a verl command's batch settings; ok is false for a
// job that is not verl's main_ppo (EasyR1 counts its batches differently).
func ReadVerlBatch(j *Job) (VerlBatch, bool) {
	if j == nil || j.Command == nil || j.Script == nil {
		return VerlBatch{}, false
	}
	d, ok := verlDialectOf(j.Command)
	if !ok || d.name != verlMain.name {
		return VerlBatch{}, false
	}
	v := newVerlConfig(d, j)
	get := func(key string) (verlValue, bool) {
		if val, ok := v.lookup(key, 0); ok {
			return val, val.known
		}
		def, ok := verlBatchDefaults[key]
		return verlValue{text: def, known: true, from: plan.Default(d.source + " " + key)}, ok
	}
	integer := func(key string) plan.Value[int] {
		val, ok := get(key)
		if n, err := strconv.Atoi(strings.TrimSpace(val.text)); ok && err == nil {
			return plan.Of(n, val.from)
		}
		return plan.Value[int]{}
	}
	b := VerlBatch{
		TrainBatch:  integer("data.train_batch_size"),
		RolloutN:    integer(d.keys["n"]),
		MiniBatch:   integer("actor_rollout_ref.actor.ppo_mini_batch_size"),
		MicroPerGPU: integer(d.keys["micro"]),
		SeqParallel: integer("actor_rollout_ref.actor.ulysses_sequence_parallel_size"),
	}
	b.Version = verlVersion(j.Script.Path, v.over)
	if dyn, ok := v.boolean("dynamic_bsz"); ok {
		b.DynamicBatch = dyn
	}
	if s, ok := get("actor_rollout_ref.actor.strategy"); ok {
		b.Strategy = strings.TrimSpace(s.text)
	}
	gpus, _, okG := v.integer("gpus")
	nodes, _, okN := v.integer("nnodes")
	if okG && okN && gpus.V > 0 && nodes.V > 0 {
		from := gpus.From
		if from.Kind != plan.FromFile {
			from = nodes.From
		}
		b.GPUs = plan.Of(gpus.V*nodes.V, from)
	}
	return b, true
}
