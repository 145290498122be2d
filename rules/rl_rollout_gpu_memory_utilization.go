package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// RLRolloutGPUMemoryUtilization reports a vLLM rollout asked to reserve the
// whole GPU or more.
var RLRolloutGPUMemoryUtilization = &lint.Rule{
	ID:       "rl-rollout-gpu-memory-utilization",
	Severity: lint.Error,
	Summary:  "the rollout engine's gpu_memory_utilization is 1 or more",
	Doc: lint.Doc{
		What: "Reports an RL job whose vLLM rollout reserves the whole GPU or more: verl's `actor_rollout_ref.rollout.gpu_memory_utilization` (EasyR1: `worker.rollout.gpu_memory_utilization`), OpenRLHF's `--vllm_gpu_memory_utilization`, TRL's `vllm_gpu_memory_utilization` with `vllm_mode: colocate`.",
		Why: "vLLM reserves gpu_memory_utilization × the GPU's total memory when it starts, and refuses to start (`Free memory on device … is less than desired GPU memory utilization`) " +
			"when less than that is free. At 1.0 that is never the case: the CUDA context, and in a colocated RL job the actor's weights, already use part of the GPU. Above 1.0 its config rejects the value.",
		Example:    "actor_rollout_ref.rollout.gpu_memory_utilization=1.0",
		UseInstead: "actor_rollout_ref.rollout.gpu_memory_utilization=0.6   # leave room for the actor, reference and critic on the same GPUs",
		References: []string{
			"vllm-project/vllm v0.10 vllm/v1/worker/gpu_worker.py (Worker.init_device: free memory below the requested share raises ValueError)",
			"vllm-project/vllm vllm/config.py (CacheConfig._verify_args: \"GPU memory utilization must be less than 1.0\")",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "python3 -m verl.trainer.main_ppo \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \\\n  actor_rollout_ref.rollout.name=vllm \\\n  actor_rollout_ref.rollout.gpu_memory_utilization=1.0 \\\n  trainer.n_gpus_per_node=8 trainer.nnodes=1\n",
	}},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.Rollout.GPUMemoryUtilization.Set || pl.Rollout.Engine.V != "vllm" {
			return
		}
		u := pl.Rollout.GPUMemoryUtilization
		if u.V < 1 {
			return
		}
		f := p.FindingAt(u.From, "gpu_memory_utilization %s asks vLLM to reserve the whole GPU; it refuses to start when less than that is free, and the CUDA context and the colocated models always use some", num(u.V))
		if u.V > 1 {
			f.Message = "gpu_memory_utilization " + num(u.V) + " asks vLLM for more than the whole GPU; its config rejects values above 1"
		}
		p.Report(f)
	},
}
