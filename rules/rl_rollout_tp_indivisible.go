package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// RLRolloutTPIndivisible reports a colocated rollout whose engines do not
// tile the job's GPUs: a tensor-parallel size that does not divide them
// (verl, TRL, oat), or SkyRL's and OpenRLHF's engines that do not add up
// to the policy's GPUs.
var RLRolloutTPIndivisible = &lint.Rule{
	ID:       "rl-rollout-tp-indivisible",
	Severity: lint.Error,
	Summary:  "the colocated rollout's engines do not tile the job's GPUs (verl, TRL colocate, oat --collocate, SkyRL colocate_all, OpenRLHF --colocate_all_models)",
	Doc: lint.Doc{
		What: "Compares verl's `actor_rollout_ref.rollout.tensor_model_parallel_size` (EasyR1: `worker.rollout.tensor_parallel_size`) with the GPUs the job runs on, `trainer.n_gpus_per_node` × `trainer.nnodes`; " +
			"TRL's `vllm_tensor_parallel_size` with the training processes when `use_vllm` runs vLLM in `vllm_mode: colocate`; " +
			"oat's `--num_gpus_per_actor` with `--gpus` under `--collocate`; and, under SkyRL's `trainer.placement.colocate_all`, " +
			"`generator.inference_engine.num_engines` × `tensor_parallel_size` (before v0.4's move: `generator.num_inference_engines` × `generator.inference_engine_tensor_parallel_size`) with the policy's GPUs, " +
			"`trainer.placement.policy_num_gpus_per_node` × `policy_num_nodes`; and under OpenRLHF's `--colocate_all_models`, `--vllm_num_engines` × `--vllm_tensor_parallel_size` with the actor's, " +
			"`--actor_num_nodes` × `--actor_num_gpus_per_node`.",
		Why: "verl's hybrid engine, TRL's colocate mode, oat's collocation and SkyRL's colocate_all run the rollout on the training GPUs, cut into groups of tensor-parallel size; when the groups do not tile the GPUs, " +
			"the job stops at start-up: verl with `rollout world_size: N is not divisible by infer_world_size: M`, TRL with `tensor_parallel_size (M) must divide world size (N) evenly.`, " +
			"oat with `Number of GPUs per actor must be a factor of the number of GPUs in a group.`, SkyRL with `num_policy_gpus (N) and num_rollout_gpus (M) must be the same when colocating all models`, " +
			"OpenRLHF with `actor_num_nodes * actor_num_gpus_per_node must be equal to vllm_num_engines * vllm_tensor_parallel_size`.",
		Example:    "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=4",
		UseInstead: "trainer.n_gpus_per_node=6 actor_rollout_ref.rollout.tensor_model_parallel_size=2",
		References: []string{
			"volcengine/verl v0.7.0 verl/workers/fsdp_workers.py (ActorRolloutRefWorker._build_rollout: assert world_size % infer_world_size == 0)",
			"huggingface/trl v1.9.0 trl/generation/vllm_generation.py (VLLMGeneration.__init__, colocate: ValueError unless num_processes % tensor_parallel_size == 0)",
			"sail-sg/oat at c1a074c3 oat/interface.py (get_program: assert len(actor_gpus) % num_gpus_per_actor == 0)",
			"NovaSky-AI/SkyRL at a9564572 skyrl/train/utils/utils.py (validate_cfg: assert num_policy_gpus == num_rollout_gpus under colocate_all)",
			"OpenRLHF/OpenRLHF v0.9.0 openrlhf/cli/train_ppo_ray.py (train: assert under --colocate_all_models without --async_train)",
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
		if tp <= 0 {
			return
		}
		at := pl.Rollout.TensorParallel.From
		if !at.Positioned() {
			at = from
		}
		if engines := pl.Rollout.Engines; engines.Set {
			// SkyRL and OpenRLHF size their engines themselves: under
			// colocation they must take exactly the policy's GPUs.
			if engines.V*tp == gpus {
				return
			}
			if engines.From.Positioned() {
				at = engines.From
			}
			who, upstream := "SkyRL's", fmt.Sprintf("SkyRL stops at start-up (\"num_policy_gpus (%d) and num_rollout_gpus (%d) must be the same when colocating all models\")", gpus, engines.V*tp)
			if pl.Recipe.V != plan.RecipeSkyRL {
				who, upstream = "OpenRLHF's", fmt.Sprintf("OpenRLHF stops at start-up (\"actor_num_nodes * actor_num_gpus_per_node must be equal to vllm_num_engines * vllm_tensor_parallel_size, got %d and %d\")", gpus, engines.V*tp)
			}
			f := p.FindingAt(at, "%s %d inference engines × tensor parallel %d take %s, not the policy's %s; %s",
				who, engines.V, tp, plural(engines.V*tp, "GPU"), plural(gpus, "GPU"), upstream)
			if from.Note != "" {
				f.Notes = append(f.Notes, "GPUs: "+from.Note)
			}
			p.Report(f)
			return
		}
		if gpus%tp == 0 {
			return
		}
		var upstream string
		switch {
		case pl.Launcher.V == "verl":
			upstream = fmt.Sprintf("verl stops at start-up (\"rollout world_size: %d is not divisible by infer_world_size: %d\")", gpus, tp)
		case pl.Recipe.V == plan.RecipeOat:
			upstream = "oat stops at start-up (\"Number of GPUs per actor must be a factor of the number of GPUs in a group.\")"
		default:
			upstream = fmt.Sprintf("TRL stops at start-up (\"tensor_parallel_size (%d) must divide world size (%d) evenly.\")", tp, gpus)
		}
		f := p.FindingAt(at, "the rollout's tensor-parallel size %d does not divide the job's %s; %s", tp, plural(gpus, "GPU"), upstream)
		if from.Note != "" {
			f.Notes = append(f.Notes, "GPUs: "+from.Note)
		}
		p.Report(f)
	},
}
