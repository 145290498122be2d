package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// RLRolloutTPIndivisible reports a verl rollout tensor-parallel size that
// does not divide the job's GPUs.
var RLRolloutTPIndivisible = &lint.Rule{
	ID:       "rl-rollout-tp-indivisible",
	Severity: lint.Error,
	Summary:  "the rollout's tensor-parallel size does not divide the GPUs of a verl job",
	Doc: lint.Doc{
		What: "Compares verl's `actor_rollout_ref.rollout.tensor_model_parallel_size` (EasyR1: `worker.rollout.tensor_parallel_size`) with the GPUs the job runs on, `trainer.n_gpus_per_node` × `trainer.nnodes`.",
		Why: "verl's hybrid engine runs the rollout on the actor's GPUs, cut into groups of tensor-parallel size; when the groups do not tile the GPUs, " +
			"the worker stops at start-up with `rollout world_size: N is not divisible by infer_world_size: M`.",
		Example:    "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=4",
		UseInstead: "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=2",
		References: []string{"volcengine/verl v0.7.0 verl/workers/fsdp_workers.py (ActorRolloutRefWorker._build_rollout: assert world_size % infer_world_size == 0)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "python3 -m verl.trainer.main_ppo \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \\\n  actor_rollout_ref.rollout.tensor_model_parallel_size=4 \\\n  trainer.n_gpus_per_node=6 trainer.nnodes=1\n",
	}},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.Rollout.SameGPUs || !pl.Rollout.TensorParallel.Set || !pl.Processes.Set {
			return
		}
		tp, gpus := pl.Rollout.TensorParallel.V, pl.Processes.V
		if tp <= 0 || gpus%tp == 0 {
			return
		}
		at := pl.Rollout.TensorParallel.From
		if !at.Positioned() {
			at = pl.Processes.From
		}
		f := p.FindingAt(at, "the rollout's tensor-parallel size %d does not divide the job's %s; verl stops at start-up (\"rollout world_size: %d is not divisible by infer_world_size: %d\")", tp, plural(gpus, "GPU"), gpus, tp)
		if pl.Processes.From.Note != "" {
			f.Notes = append(f.Notes, "GPUs: "+pl.Processes.From.Note)
		}
		p.Report(f)
	},
}
