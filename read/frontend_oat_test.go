package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func TestOatFrontend(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		world     int
		sameGPUs  bool
		algo      string
		micro     int
		ref       bool
		critic    bool
	}{
		{name: "math RL collocated", src: "python -m oat.experiment.run_math_rl --gpus 8 --collocate --vllm_sleep --vllm_gpu_ratio 0.35 --pretrain Qwen/Qwen2.5-1.5B --beta 0 --train_batch_size_per_device 2\n",
			world: 8, sameGPUs: true, algo: plan.AlgoGRPO, micro: 2},
		{name: "split GPUs, odd count", src: "python -m oat.experiment.run_math_rl --gpus 3 --pretrain Qwen/Qwen2.5-1.5B --critic_type ppo\n",
			world: 2, algo: plan.AlgoPPO, micro: 1, ref: true, critic: true},
		{name: "preference main defaults to DPO", src: "python -m oat.experiment.main --gpus 2 --collocate --pretrain Qwen/Qwen2.5-1.5B --train-batch-size-per-device 4\n",
			world: 2, sameGPUs: true, algo: plan.AlgoDPO, micro: 8, ref: true},
		{name: "SimPO has no reference", src: "python -m oat.experiment.main --gpus 2 --algo SimPO --pretrain Qwen/Qwen2.5-1.5B\n",
			world: 1, algo: plan.AlgoOther, micro: 2},
		{name: "program built on oat", src: "python train_zero_math.py --gpus 4 --collocate --vllm_gpu_ratio 0.3 --pretrain Qwen/Qwen2.5-1.5B --num_groups 2\n",
			world: 8, sameGPUs: true, algo: plan.AlgoGRPO, micro: 1, ref: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			if p.Processes.V != tc.world || p.RL.PolicyGPUs.V != tc.world || p.Recipe.V != plan.RecipeOat || !p.ZeRO.Enabled {
				t.Errorf("world %d, policy GPUs %d, recipe %q, ZeRO %v; want %d", p.Processes.V, p.RL.PolicyGPUs.V, p.Recipe.V, p.ZeRO.Enabled, tc.world)
			}
			if p.Rollout.SameGPUs != tc.sameGPUs || p.RL.Algorithm.V != tc.algo || p.MicroBatch.V != tc.micro {
				t.Errorf("same GPUs %v, algorithm %q, micro batch %d", p.Rollout.SameGPUs, p.RL.Algorithm.V, p.MicroBatch.V)
			}
			if _, ok := companion(p, plan.RoleReference); ok != tc.ref {
				t.Errorf("reference present %v, want %v", ok, tc.ref)
			}
			if _, ok := companion(p, plan.RoleCritic); ok != tc.critic {
				t.Errorf("critic present %v, want %v", ok, tc.critic)
			}
		})
	}
}

func TestOatNotOat(t *testing.T) {
	// A script with none of oat's own flags is not oat's.
	p := rlPlanOf(t, "run.sh", "python train.py --gpus 8 --model_name_or_path Qwen/Qwen2.5-1.5B\n")
	if p.Recipe.V == plan.RecipeOat {
		t.Error("a script with --gpus alone read as oat")
	}
}
