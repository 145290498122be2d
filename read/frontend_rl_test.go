package read

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// rlPlanOf reads one launch script or config and returns its single job's plan.
func rlPlanOf(t *testing.T, name, src string) *plan.Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{path}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	if len(res.Jobs) != 1 {
		t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
	}
	return res.Jobs[0].Plan
}

func companion(p *plan.Plan, role string) (plan.Companion, bool) {
	for _, c := range p.RL.Companions {
		if c.Role == role {
			return c, true
		}
	}
	return plan.Companion{}, false
}

func TestVerlRL(t *testing.T) {
	p := rlPlanOf(t, "run.sh", `python3 -m verl.trainer.main_ppo \
  algorithm.adv_estimator=gae \
  data.max_prompt_length=1024 data.max_response_length=4096 \
  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \
  actor_rollout_ref.actor.use_kl_loss=True \
  actor_rollout_ref.actor.fsdp_config.optimizer_offload=True \
  actor_rollout_ref.rollout.name=vllm actor_rollout_ref.rollout.n=8 \
  actor_rollout_ref.rollout.gpu_memory_utilization=0.7 \
  actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=16 \
  actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=4 \
  trainer.n_gpus_per_node=8 trainer.nnodes=2
`)
	r := p.RL
	if r.Algorithm.V != plan.AlgoPPO || r.PromptLen.V != 1024 || r.CompletionLen.V != 4096 || r.Generations.V != 8 || r.LogProbBatch.V != 16 {
		t.Errorf("rl = %s, prompt %d, completion %d, n %d, log-prob batch %d", r.Algorithm.V, r.PromptLen.V, r.CompletionLen.V, r.Generations.V, r.LogProbBatch.V)
	}
	if p.Processes.V != 16 || p.SeqLen.V != 5120 || p.FSDP.CPUOffload.V || !r.OffloadOptimizerForRollout.V || r.OffloadParamsForRollout.V {
		t.Errorf("world %d, seq %d, fsdp offload %v, rollout offload params %v optimizer %v", p.Processes.V, p.SeqLen.V, p.FSDP.CPUOffload.V, r.OffloadParamsForRollout.V, r.OffloadOptimizerForRollout.V)
	}
	if ref, ok := companion(p, plan.RoleReference); !ok || !ref.ParamOffload.V || !ref.Sharded {
		t.Errorf("reference %+v, want one sharded and offloaded (verl forces CPUOffload on it)", ref)
	}
	if c, ok := companion(p, plan.RoleCritic); !ok || !c.Trained || !c.Colocated {
		t.Errorf("critic %+v, want a trained colocated critic for gae", c)
	}
	ro := p.Rollout
	if ro.Engine.V != "vllm" || ro.GPUMemoryUtilization.V != 0.7 || !ro.SameGPUs || !ro.Sleeps.V {
		t.Errorf("rollout %+v", ro)
	}
	if p.LossKernel.V != plan.LossLogProb || len(p.MemoryGaps) != 0 {
		t.Errorf("loss %q, gaps %v", p.LossKernel.V, p.MemoryGaps)
	}

	sgl := rlPlanOf(t, "run.sh", "python3 -m verl.trainer.main_ppo actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct actor_rollout_ref.rollout.name=sglang trainer.n_gpus_per_node=8\n")
	if !sgl.Rollout.UtilizationOfFree.V {
		t.Error("SGLang's mem_fraction_static is not read as a share of the free memory")
	}
	// A fork's own main_ppo module given verl's overrides (MiroRL's
	// mirorl.recipe.mcp.main_ppo).
	fork := rlPlanOf(t, "run.sh", "python -m mirorl.recipe.mcp.main_ppo actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct trainer.n_gpus_per_node=8 trainer.nnodes=1\n")
	if fork.Processes.V != 8 || fork.RL.Algorithm.V == "" {
		t.Errorf("fork main_ppo: world %d, algorithm %q; want verl's 8 GPUs and its PPO", fork.Processes.V, fork.RL.Algorithm.V)
	}
	// A fork's own Hydra entry under another name (rStar2-Agent's
	// rstar2_agent.main_rstar2_agent), named as an assumption; without a
	// config flag, or without verl's overrides, a module is not verl's.
	entry := rlPlanOf(t, "run.sh", "python3 -m rstar2_agent.main_rstar2_agent --config-path=\"$CONFIG_PATH\" --config-name='rstar2_agent_trainer' \\\n  actor_rollout_ref.model.path=Qwen/Qwen3-14B-Base trainer.n_gpus_per_node=8 trainer.nnodes=1\n")
	if entry.Processes.V != 8 || entry.Recipe.V != plan.RecipeVerl || !slices.ContainsFunc(entry.Assumptions, func(a string) bool {
		return strings.HasPrefix(a, "rstar2_agent.main_rstar2_agent read as a fork of verl's verl.trainer.main_ppo")
	}) {
		t.Errorf("fork entry: world %d, recipe %q, assumptions %q; want verl's 8 GPUs, named as a fork", entry.Processes.V, entry.Recipe.V, entry.Assumptions)
	}
	for name, src := range map[string]string{
		"no config flag":     "python3 -m rstar2_agent.main_rstar2_agent actor_rollout_ref.model.path=Qwen/Qwen3-14B-Base trainer.n_gpus_per_node=8\n",
		"no verl overrides":  "python3 -m mypkg.train --config-name=base model.path=Qwen/Qwen3-14B-Base trainer.n_gpus_per_node=8\n",
		"a fork's evaluator": "python3 -m rstar2_agent.main_eval --config-name=eval actor_rollout_ref.model.path=Qwen/Qwen3-14B-Base trainer.n_gpus_per_node=8\n",
	} {
		if p := rlPlanOf(t, "run.sh", src); p.Recipe.V == plan.RecipeVerl {
			t.Errorf("%s: read as verl's trainer", name)
		}
	}
	meg := rlPlanOf(t, "run.sh", "python3 -m verl.trainer.main_ppo --config-name=ppo_megatron_trainer \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct trainer.n_gpus_per_node=8\n")
	if len(meg.MemoryGaps) != 1 || meg.MemoryGaps[0].Kind != "Megatron not modelled" {
		t.Errorf("megatron gaps %v", meg.MemoryGaps)
	}
}

// TestVerlRefLogProbBatch: the reference's own log-prob micro batch
// bounds the log-prob phase when it is the larger, but not under LoRA,
// where the actor scores the reference with the rollout's.
func TestVerlRefLogProbBatch(t *testing.T) {
	const cmd = "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.use_kl_loss=True actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=8 actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=32"
	if p := rlPlanOf(t, "run.sh", cmd+"\n"); p.RL.LogProbBatch.V != 32 {
		t.Errorf("log-prob batch %d, want the reference's 32", p.RL.LogProbBatch.V)
	}
	if p := rlPlanOf(t, "run.sh", cmd+" actor_rollout_ref.model.lora_rank=16\n"); p.RL.LogProbBatch.V != 8 {
		t.Errorf("LoRA: log-prob batch %d, want the rollout's 8", p.RL.LogProbBatch.V)
	}
}

func TestOpenRLHFRL(t *testing.T) {
	p := rlPlanOf(t, "train.sh", `python3 -m openrlhf.cli.train_ppo_ray \
   --actor_num_nodes 1 --actor_num_gpus_per_node 8 \
   --vllm_num_engines 4 --vllm_tensor_parallel_size 2 --colocate_all_models \
   --vllm_gpu_memory_utilization 0.5 --vllm_enable_sleep --deepspeed_enable_sleep \
   --pretrain Qwen/Qwen2.5-7B-Instruct --reward_pretrain Qwen/Qwen2.5-7B-Instruct \
   --advantage_estimator group_norm --n_samples_per_prompt 8 \
   --prompt_max_len 1024 --generate_max_len 2048 --zero_stage 3 --bf16
`)
	r := p.RL
	if r.Algorithm.V != plan.AlgoGRPO || r.Generations.V != 8 || r.PromptLen.V != 1024 || r.CompletionLen.V != 2048 {
		t.Errorf("rl %+v", r)
	}
	if _, ok := companion(p, plan.RoleCritic); ok {
		t.Error("group_norm trains no critic")
	}
	ref, ok := companion(p, plan.RoleReference)
	if !ok || !ref.Colocated || ref.ZeROStage.V != 3 || ref.Dtype.V != plan.BF16 {
		t.Errorf("reference %+v, want colocated, ZeRO-3, bf16", ref)
	}
	if rm, ok := companion(p, plan.RoleReward); !ok || !rm.Colocated || !rm.Model.Set {
		t.Errorf("reward %+v, want the colocated reward model resolved", rm)
	}
	if !p.Rollout.SameGPUs || !p.Rollout.Sleeps.V || !r.OffloadParamsForRollout.V {
		t.Errorf("rollout %+v, offload %v", p.Rollout, r.OffloadParamsForRollout.V)
	}
	dpo := rlPlanOf(t, "dpo.sh", "deepspeed --module openrlhf.cli.train_dpo --pretrain Qwen/Qwen2.5-7B-Instruct --micro_train_batch_size 2 --zero_stage 2 --bf16\n")
	if ref, ok := companion(dpo, plan.RoleReference); !ok || ref.Sharded || dpo.MicroBatch.V != 4 {
		t.Errorf("DPO reference %+v, micro %d; want a whole copy beside ZeRO-2 and 4 sequences", ref, dpo.MicroBatch.V)
	}
	// The dotted names of OpenRLHF v0.10.2 and later.
	dotted := rlPlanOf(t, "dpo_dotted.sh", "deepspeed --module openrlhf.cli.train_dpo --model.model_name_or_path Qwen/Qwen2.5-7B-Instruct --ref.model_name_or_path Qwen/Qwen2.5-1.5B-Instruct --ref.offload --ds.zero_stage 3 --model.gradient_checkpointing_enable\n")
	dref, ok := companion(dotted, plan.RoleReference)
	if dotted.ModelRef.V != "Qwen/Qwen2.5-7B-Instruct" || !dotted.GradientCheckpointing.V || !ok || dref.ModelRef.V != "Qwen/Qwen2.5-1.5B-Instruct" || !dref.ParamOffload.V {
		t.Errorf("dotted DPO: model %q, checkpointing %v, reference %+v", dotted.ModelRef.V, dotted.GradientCheckpointing.V, dref)
	}
	// v0.11.0's defaults: bf16 without a flag, the PPO entry's micro
	// batches of 1, --data.max_len for prompt and response together.
	ppo := rlPlanOf(t, "ppo_dotted.sh", "python3 -m openrlhf.cli.train_ppo_ray --actor.model_name_or_path Qwen/Qwen2.5-7B-Instruct --actor.num_gpus_per_node 8 --vllm.num_engines 8 --train.colocate_all --data.max_len 4096 --algo.advantage.estimator group_norm --ds.lora.rank 16\n")
	if ppo.Precision.V != plan.BF16 || ppo.MicroBatch.V != 1 || ppo.RL.LogProbBatch.V != 1 || ppo.SeqLen.V != 4096 || ppo.RL.CompletionLen.V != 4096 || ppo.RL.PromptLen.Set || ppo.PEFT.R.V != 16 || ppo.PEFT.Alpha.V != 16 {
		t.Errorf("dotted PPO: precision %s, micro %d, log-prob batch %d, seq %d, completion %d, prompt %+v, lora r %d alpha %d", ppo.Precision.V, ppo.MicroBatch.V, ppo.RL.LogProbBatch.V, ppo.SeqLen.V, ppo.RL.CompletionLen.V, ppo.RL.PromptLen, ppo.PEFT.R.V, ppo.PEFT.Alpha.V)
	}
	// The dynamic batch fills micro batches up to a token budget, the
	// rollout's the training one unless set.
	dyn := rlPlanOf(t, "ppo_dynamic.sh", "python3 -m openrlhf.cli.train_ppo_ray --pretrain Qwen/Qwen2.5-7B-Instruct --vllm_num_engines 8 --colocate_all_models --prompt_max_len 1024 --generate_max_len 3072 --use_dynamic_batch --train_max_tokens_per_gpu 16384\n")
	if dyn.MicroBatch.V != 4 || dyn.RL.LogProbBatch.V != 4 || !dyn.PaddingFree.V {
		t.Errorf("dynamic batch: micro %d, log-prob batch %d, padding-free %v; want 4, 4, true", dyn.MicroBatch.V, dyn.RL.LogProbBatch.V, dyn.PaddingFree.V)
	}
}

// TestOpenRLHFFork: a fork's own copy of the Ray entry (MARTI's
// marti.cli.multi_agent_train_ppo_ray, launched with OpenRLHF's placement
// flags) is read as train_ppo_ray, never as one python process; its own
// flags are named in an assumption, the model comes from its --agents
// JSON, and a module that only ends like one, without OpenRLHF's
// placement flags, is not taken for it.
func TestOpenRLHFFork(t *testing.T) {
	for _, c := range []struct{ name, module string }{
		{"marti", "marti.cli.multi_agent_train_ppo_ray"},
		{"old-layout", "openrlhf.cli.multi_agent_train_ppo_ray"},
		{"example", "examples.mars2.multi_agent_train_ppo_ray"},
		{"ray-submit", "marti.cli.commands.train_ppo_ray"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "train.sh", `AGENT0='{"0": {"role": "generator", "pretrain": "Qwen/Qwen2.5-7B-Instruct", "is_tuning": true}}'
ray job submit --address="http://127.0.0.1:8265" -- python3 -m `+c.module+` \
   --agents "$AGENT0" --workflow_args '{"task": "math"}' \
   --actor_num_nodes 1 --actor_num_gpus_per_node 4 \
   --vllm_num_engines 4 --colocate_all_models --advantage_estimator group_norm --zero_stage 3 --bf16
`)
			if !p.Processes.Set || p.Processes.V != 4 || p.Recipe.V != plan.RecipeOpenRLHF || p.RL.Algorithm.V != plan.AlgoGRPO {
				t.Errorf("processes %+v, recipe %q, algorithm %q; want 4 from --actor_num_gpus_per_node, OpenRLHF, GRPO", p.Processes, p.Recipe.V, p.RL.Algorithm.V)
			}
			if p.ModelRef.V != "Qwen/Qwen2.5-7B-Instruct" {
				t.Errorf("model %+v, want the first agent's pretrain", p.ModelRef)
			}
			said := strings.Join(p.Assumptions, "\n")
			if !strings.Contains(said, c.module+" read as a fork of OpenRLHF") || !strings.Contains(said, "--agents, --workflow_args") {
				t.Errorf("assumptions %q, want the fork and its own flags named", p.Assumptions)
			}
		})
	}
	two := rlPlanOf(t, "two.sh", `A='{"0": {"pretrain": "Qwen/Qwen2.5-7B-Instruct"}}'
B='{"1": {"pretrain": "Qwen/Qwen2.5-1.5B-Instruct"}}'
python3 -m marti.cli.multi_agent_train_ppo_ray --agents "$A" "$B" --actor_num_gpus_per_node 2
`)
	if !strings.Contains(strings.Join(two.Assumptions, "\n"), "--agents names 2 agents") || two.Processes.V != 2 {
		t.Errorf("two agents: processes %d, assumptions %q; want each agent's 2 GPUs and the agents counted", two.Processes.V, two.Assumptions)
	}
	other := rlPlanOf(t, "other.sh", "python3 -m mypkg.train_ppo_ray --lr 1e-6\n")
	if other.Recipe.V == plan.RecipeOpenRLHF {
		t.Errorf("a *_train_ppo_ray module without OpenRLHF's placement flags read as OpenRLHF")
	}
}

func TestTorchtuneNemoRL(t *testing.T) {
	kd := rlPlanOf(t, "kd_distributed.yaml", `model:
  _component_: torchtune.models.qwen2.lora_qwen2_0_5b
teacher_model:
  _component_: torchtune.models.qwen2.qwen2_1_5b
teacher_checkpointer:
  checkpoint_dir: /tmp/Qwen2-1.5B-Instruct
checkpointer:
  checkpoint_dir: /tmp/Qwen2-0.5B-Instruct
batch_size: 4
gradient_accumulation_steps: 1
dtype: bf16
kd_loss:
  _component_: torchtune.modules.loss.ForwardKLWithChunkedOutputLoss
`)
	if kd.RL.Algorithm.V != plan.AlgoKD {
		t.Fatalf("algorithm %q, gaps %v", kd.RL.Algorithm.V, kd.MemoryGaps)
	}
	if te, ok := companion(kd, plan.RoleTeacher); !ok || !te.Sharded || !strings.Contains(te.ModelRef.V, "Qwen2-1.5B") {
		t.Errorf("teacher %+v", te)
	}
	g := rlPlanOf(t, "grpo.yaml", `grpo:
  num_generations_per_prompt: 16
policy:
  model_name: Qwen/Qwen2.5-1.5B
  train_micro_batch_size: 4
  logprob_batch_size: 8
  max_total_sequence_length: 1024
  precision: bfloat16
  dtensor_cfg: {enabled: true}
  generation:
    backend: vllm
    vllm_cfg: {gpu_memory_utilization: 0.6}
cluster: {gpus_per_node: 8, num_nodes: 1}
`)
	if g.RL.Algorithm.V != plan.AlgoGRPO || g.RL.Generations.V != 16 || g.Rollout.GPUMemoryUtilization.V != 0.6 || !g.Rollout.SameGPUs || !g.RL.OffloadOptimizerForRollout.V || len(g.MemoryGaps) != 0 {
		t.Errorf("NeMo-RL GRPO rl %+v rollout %+v gaps %v", g.RL, g.Rollout, g.MemoryGaps)
	}
	if !g.PadToLongest.V || g.Packing.V {
		t.Errorf("NeMo-RL without sequence packing: pad to longest %v, packing %v; want the batch padded to its longest sequence", g.PadToLongest.V, g.Packing.V)
	}
	packed := rlPlanOf(t, "grpo_packed.yaml", `grpo:
  num_generations_per_prompt: 16
policy:
  model_name: Qwen/Qwen2.5-1.5B
  train_micro_batch_size: 4
  max_total_sequence_length: 1024
  sequence_packing: {enabled: true}
cluster: {gpus_per_node: 8, num_nodes: 1}
`)
	if packed.PadToLongest.V || !packed.Packing.V {
		t.Errorf("NeMo-RL with sequence packing: pad to longest %v, packing %v; want packing", packed.PadToLongest.V, packed.Packing.V)
	}
}

// TestEasyR1LoRADefaults: EasyR1's LoRA defaults are cited to the commit
// that added them, not to v0.3.2, which has no LoRA key.
func TestEasyR1LoRADefaults(t *testing.T) {
	p := rlPlanOf(t, "run.sh", "python3 -m verl.trainer.main worker.actor.model.model_path=Qwen/Qwen2.5-7B-Instruct "+
		"worker.actor.model.lora.rank=16 trainer.n_gpus_per_node=8\n")
	if p.PEFT.R.V != 16 || p.PEFT.Alpha.V != 64 || !strings.Contains(p.PEFT.Alpha.From.String(), "b44b311") {
		t.Errorf("lora r %d alpha %d (%s), want 16 and 64 cited to b44b311", p.PEFT.R.V, p.PEFT.Alpha.V, p.PEFT.Alpha.From)
	}
}
