package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func TestSkyRLFrontend(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		world     int
		engine    string
		tp        int
		util      float64
		sameGPUs  bool
		refOff    bool // the reference is offloaded between its uses
		critic    bool
		algo      string
		seq       int
	}{
		{name: "new layout colocated", src: `uv run --isolated --extra fsdp -m skyrl.train.entrypoints.main_base \
  trainer.policy.model.path="Qwen/Qwen2.5-1.5B-Instruct" trainer.placement.colocate_all=true \
  trainer.placement.policy_num_gpus_per_node=4 trainer.placement.policy_num_nodes=2 \
  generator.inference_engine.num_engines=8 generator.inference_engine.tensor_parallel_size=1 \
  generator.inference_engine.gpu_memory_utilization=0.6 trainer.max_prompt_length=512 \
  generator.sampling_params.max_generate_length=1024
`, world: 8, engine: "vllm", tp: 1, util: 0.6, sameGPUs: true, refOff: true, algo: plan.AlgoGRPO, seq: 1536},
		{name: "old layout defaults", src: `uv run --isolated --extra vllm -m skyrl_train.entrypoints.main_base \
  trainer.policy.model.path="Qwen/Qwen2.5-0.5B-Instruct" trainer.placement.policy_num_gpus_per_node=2 \
  generator.inference_engine_tensor_parallel_size=2 generator.backend=sglang
`, world: 2, engine: "sglang", tp: 2, util: 0.8, sameGPUs: true, refOff: true, algo: plan.AlgoGRPO, seq: 512 + 1024},
		{name: "multi-turn input", src: `uv run --isolated --extra vllm -m skyrl_train.entrypoints.main_base \
  trainer.policy.model.path="Qwen/Qwen2.5-3B-Instruct" trainer.placement.policy_num_gpus_per_node=8 \
  generator.num_inference_engines=4 generator.inference_engine_tensor_parallel_size=2 \
  trainer.max_prompt_length=2048 generator.max_input_length=4096 generator.sampling_params.max_generate_length=500
`, world: 8, engine: "vllm", tp: 2, util: 0.8, sameGPUs: true, refOff: true, algo: plan.AlgoGRPO, seq: 4096 + 500},
		{name: "separate engines, ppo critic", src: `python examples/train/ppo/main_ppo_custom.py \
  trainer.policy.model.path="Qwen/Qwen2.5-1.5B-Instruct" trainer.critic.model.path="Qwen/Qwen2.5-1.5B-Instruct" \
  trainer.algorithm.advantage_estimator=gae trainer.placement.colocate_all=false \
  trainer.placement.policy_num_gpus_per_node=4 generator.inference_engine.num_engines=4
`, world: 4, engine: "vllm", tp: 1, util: 0.8, sameGPUs: false, critic: true, algo: plan.AlgoPPO, seq: 1536},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			if p.Processes.V != tc.world || p.RL.PolicyGPUs.V != tc.world || p.Launcher.V != "skyrl" || p.Recipe.V != plan.RecipeSkyRL {
				t.Errorf("world %d, policy GPUs %d, launcher %q, recipe %q; want %d", p.Processes.V, p.RL.PolicyGPUs.V, p.Launcher.V, p.Recipe.V, tc.world)
			}
			ro := p.Rollout
			if ro.Engine.V != tc.engine || ro.TensorParallel.V != tc.tp || ro.GPUMemoryUtilization.V != tc.util || ro.SameGPUs != tc.sameGPUs || ro.Sleeps.V != tc.sameGPUs {
				t.Errorf("rollout %s tp %d util %v same GPUs %v sleeps %v", ro.Engine.V, ro.TensorParallel.V, ro.GPUMemoryUtilization.V, ro.SameGPUs, ro.Sleeps.V)
			}
			if ref, ok := companion(p, plan.RoleReference); !ok || ref.ParamOffload.V != tc.refOff {
				t.Errorf("reference %+v (present %v), want offloaded %v", ref, ok, tc.refOff)
			}
			if _, ok := companion(p, plan.RoleCritic); ok != tc.critic {
				t.Errorf("critic present %v, want %v", ok, tc.critic)
			}
			if p.RL.Algorithm.V != tc.algo || p.SeqLen.V != tc.seq || p.LossKernel.V != plan.LossLogProb {
				t.Errorf("algorithm %q, seq %d, loss %q", p.RL.Algorithm.V, p.SeqLen.V, p.LossKernel.V)
			}
		})
	}
}

func TestSkyRLNotSkyRL(t *testing.T) {
	// verl's trainer takes trainer.* overrides too, but no placement.
	p := rlPlanOf(t, "run.sh", "python3 -m verl.trainer.main_ppo actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct trainer.n_gpus_per_node=8\n")
	if p.Launcher.V != "verl" {
		t.Errorf("launcher %q, want verl", p.Launcher.V)
	}
	meg := rlPlanOf(t, "run.sh", "uv run -m skyrl.train.entrypoints.main_base trainer.strategy=megatron trainer.placement.policy_num_gpus_per_node=8\n")
	if len(meg.MemoryGaps) != 1 || meg.MemoryGaps[0].Kind != "Megatron not modelled" {
		t.Errorf("megatron gaps %v", meg.MemoryGaps)
	}
}

// TestSkyRLDeepSpeed: SkyRL's DeepSpeed strategy (up to v0.3.1) trains the
// policy under ZeRO at deepspeed_config.train's stage (3 by default) and
// keeps the reference under ZeRO-3 with its parameters on the host.
func TestSkyRLDeepSpeed(t *testing.T) {
	p := rlPlanOf(t, "run.sh", `uv run --isolated --extra deepspeed -m skyrl_train.entrypoints.main_base \
  trainer.policy.model.path="Qwen/Qwen2.5-1.5B-Instruct" trainer.strategy=deepspeed \
  trainer.placement.colocate_all=false trainer.placement.policy_num_gpus_per_node=4 \
  deepspeed_config.train.zero_optimization.offload_optimizer.device=cpu
`)
	if !p.ZeRO.Enabled || p.ZeRO.Stage.V != 3 || p.ZeRO.OffloadOptimizer.V != plan.OffloadCPU || p.ZeRO.OffloadParam.V != plan.OffloadNone || p.FSDP.Mode.Set || p.LoadDtype.V != plan.BF16 {
		t.Errorf("zero %+v, fsdp %q, load %s", p.ZeRO, p.FSDP.Mode.V, p.LoadDtype.V)
	}
	ref, ok := companion(p, plan.RoleReference)
	if !ok || ref.ZeROStage.V != 3 || !ref.ParamOffload.V {
		t.Errorf("reference %+v, want ZeRO-3 with its parameters offloaded", ref)
	}
	if len(p.MemoryGaps) != 0 {
		t.Errorf("gaps %+v", p.MemoryGaps)
	}
}
