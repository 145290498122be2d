package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// RLRayGPUsExceedCluster reports an OpenRLHF PPO job whose Ray placement
// asks for more GPUs than the cluster declared for it.
var RLRayGPUsExceedCluster = &lint.Rule{
	ID:       "rl-ray-gpus-exceed-cluster",
	Severity: lint.Error,
	Summary:  "an OpenRLHF Ray job asks for more GPUs than the declared cluster has",
	Doc: lint.Doc{
		What: "Adds up the GPUs `openrlhf.cli.train_ppo_ray` reserves through Ray: the actor (`--actor_num_nodes` × `--actor_num_gpus_per_node`), the reference (unless `--init_kl_coef 0`), " +
			"the critic (with the `gae` estimator), the reward model (unless `--remote_rm_url`), each 1 node × 8 GPUs by default, and the vLLM engines (`--vllm_num_engines` × `--vllm_tensor_parallel_size`); " +
			"`--colocate_actor_ref`, `--colocate_critic_reward` and `--colocate_all_models` share GPUs as OpenRLHF does. The sum is compared with the GPUs declared in .trainlint.yaml or with --gpus/--nodes " +
			"(the nodes the job names when none are declared). verl jobs ask Ray for `trainer.n_gpus_per_node` × `trainer.nnodes`, which `world-size-mismatch` compares.",
		Why: "OpenRLHF creates a Ray placement group per model and waits for it (`ray.get(pg.ready())`); a request larger than the cluster is never granted, " +
			"so the job hangs at start-up with Ray's `resource request cannot be scheduled` warnings instead of failing.",
		Example:    "# 8 GPUs: actor 2 + reference 2 + critic 2 + reward 2 + 2 vLLM engines × 2 = 12\n--actor_num_gpus_per_node 2 --ref_num_gpus_per_node 2 --critic_num_gpus_per_node 2 --reward_num_gpus_per_node 2 --vllm_num_engines 2 --vllm_tensor_parallel_size 2",
		UseInstead: "--colocate_actor_ref --colocate_critic_reward   # actor+reference 2, critic+reward 2, vLLM 4: 8 GPUs",
		References: []string{
			"OpenRLHF/OpenRLHF v0.9.0 openrlhf/cli/train_ppo_ray.py (train: placement groups and RayActorGroup per model; argparse defaults)",
			"OpenRLHF/OpenRLHF v0.9.0 examples/scripts/train_ppo_llama_ray.sh (8 GPUs with both colocations)",
		},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.sh": "python3 -m openrlhf.cli.train_ppo_ray \\\n   --ref_num_nodes 1 --ref_num_gpus_per_node 2 \\\n   --reward_num_nodes 1 --reward_num_gpus_per_node 2 \\\n   --critic_num_nodes 1 --critic_num_gpus_per_node 2 \\\n   --actor_num_nodes 1 --actor_num_gpus_per_node 2 \\\n   --vllm_num_engines 2 --vllm_tensor_parallel_size 2 \\\n   --pretrain OpenRLHF/Llama-3-8b-sft-mixture \\\n   --reward_pretrain OpenRLHF/Llama-3-8b-rm-mixture \\\n   --zero_stage 3 --bf16\n",
		},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n",
	},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.Hardware.GPUsPerNode.Set {
			return
		}
		if k := pl.Hardware.GPUsPerNode.From.Kind; k != plan.FromProject && k != plan.FromFlag {
			return
		}
		place, ok := read.ReadOpenRLHFPlacement(p.Job)
		if !ok {
			return
		}
		have := pl.World()
		if place.Total <= have {
			return
		}
		nodes := "1 node"
		if pl.Hardware.Nodes.Set {
			nodes = plural(pl.Hardware.Nodes.V, "node")
			if k := pl.Hardware.Nodes.From.Kind; k != plan.FromProject && k != plan.FromFlag {
				nodes += " (the job's own node count; none declared)"
			}
		}
		at := place.Groups[0].From
		f := p.FindingAt(at, "the job asks Ray for %s but the cluster has %s (%d per node × %s); Ray never grants the rest and the job hangs at start-up",
			plural(place.Total, "GPU"), plural(have, "GPU"), max(1, pl.Hardware.GPUsPerNode.V), nodes)
		for _, g := range place.Groups {
			f.Notes = append(f.Notes, fmt.Sprintf("%s: %s", g.What, plural(g.GPUs, "GPU")))
		}
		p.Report(f)
	},
}
