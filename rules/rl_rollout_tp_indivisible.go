package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
)

// RLRolloutTPIndivisible reports a verl rollout tensor-parallel size that
// does not divide the job's GPUs.
var RLRolloutTPIndivisible = &lint.Rule{
	ID:       "rl-rollout-tp-indivisible",
	Severity: lint.Error,
	Summary:  "the rollout's tensor-parallel size does not divide the GPUs of a verl job or a TRL job with vLLM colocated",
	Doc: lint.Doc{
		What: "Compares verl's `actor_rollout_ref.rollout.tensor_model_parallel_size` (EasyR1: `worker.rollout.tensor_parallel_size`) with the GPUs the job runs on, `trainer.n_gpus_per_node` × `trainer.nnodes`; " +
			"and TRL's `vllm_tensor_parallel_size` with the training processes when `use_vllm` runs vLLM in `vllm_mode: colocate`.",
		Why: "verl's hybrid engine and TRL's colocate mode run the rollout on the training GPUs, cut into groups of tensor-parallel size; when the groups do not tile the GPUs, " +
			"the job stops at start-up: verl with `rollout world_size: N is not divisible by infer_world_size: M`, TRL with `tensor_parallel_size (M) must divide world size (N) evenly.`",
		Example:    "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=4",
		UseInstead: "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=2",
		References: []string{
			"volcengine/verl v0.7.0 verl/workers/fsdp_workers.py (ActorRolloutRefWorker._build_rollout: assert world_size % infer_world_size == 0)",
			"huggingface/trl v1.9.0 trl/generation/vllm_generation.py (VLLMGeneration.__init__, colocate: ValueError unless num_processes % tensor_parallel_size == 0)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "python3 -m verl.trainer.main_ppo \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \\\n  actor_rollout_ref.rollout.tensor_model_parallel_size=4 \\\n  trainer.n_gpus_per_node=6 trainer.nnodes=1\n",
	}},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.Rollout.SameGPUs || !pl.Rollout.TensorParallel.Set {
			return
		}
		gpus, from := pl.Processes.V, pl.Processes.From
		if !pl.Processes.Set {
			// A TRL launch that leaves the process count to the machine
			// starts one per declared GPU.
			if !pl.Hardware.GPUsPerNode.Set {
				return
			}
			gpus, from = pl.World(), pl.Hardware.GPUsPerNode.From
		}
		tp := pl.Rollout.TensorParallel.V
		if tp <= 0 || gpus%tp == 0 {
			return
		}
		at := pl.Rollout.TensorParallel.From
		if !at.Positioned() {
			at = from
		}
		upstream := fmt.Sprintf("verl stops at start-up (\"rollout world_size: %d is not divisible by infer_world_size: %d\")", gpus, tp)
		if pl.Launcher.V != "verl" {
			upstream = fmt.Sprintf("TRL stops at start-up (\"tensor_parallel_size (%d) must divide world size (%d) evenly.\")", tp, gpus)
		}
		f := p.FindingAt(at, "the rollout's tensor-parallel size %d does not divide the job's %s; %s", tp, plural(gpus, "GPU"), upstream)
		if from.Note != "" {
			f.Notes = append(f.Notes, "GPUs: "+from.Note)
		}
		p.Report(f)
	},
}
