package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// VerlBatchSizeIndivisible reports verl batch sizes that verl's start-up
// checks reject.
var VerlBatchSizeIndivisible = &lint.Rule{
	ID:       "verl-batch-size-indivisible",
	Severity: lint.Error,
	Summary:  "verl batch sizes that do not split over the GPUs, the mini batches or the micro batches",
	Doc: lint.Doc{
		What: "For `python3 -m verl.trainer.main_ppo` jobs with the FSDP actor and without `use_dynamic_bsz`, checks what verl checks before the first step: " +
			"`data.train_batch_size` × `actor_rollout_ref.rollout.n` divisible by the GPUs (`trainer.n_gpus_per_node` × `trainer.nnodes`); " +
			"`data.train_batch_size` at least `actor_rollout_ref.actor.ppo_mini_batch_size`; and the mini batch per GPU, " +
			"`ppo_mini_batch_size` × `rollout.n` ÷ (GPUs ÷ `ulysses_sequence_parallel_size`), at least 1 and divisible by `ppo_micro_batch_size_per_gpu`.",
		Why: "verl's validate_config asserts `real_train_batch_size (…) must be divisible by minimal possible batch size (…)`, the actor config raises `train_batch_size (…) must be >= actor.ppo_mini_batch_size (…)`, " +
			"and the actor worker asserts `normalized ppo_mini_batch_size … should be divisible by ppo_micro_batch_size_per_gpu …` when it starts: the Ray job fails after the cluster and the models are up. " +
			"The first check is in verl since v0.2, the others since v0.3.0.post0 (volcengine/verl 4d27461, #559, added `train_batch_size >= ppo_mini_batch_size`); a repository that runs its own copy of an older verl may not have them, and each message names the release it starts from. " +
			"When the repository shows an older verl (the `verl/version/version` of a copy it vendors, or an override of a key only older releases have, such as `fsdp_config.grad_offload`), the finding is a warning.",
		Example:    "trainer.n_gpus_per_node=8 data.train_batch_size=1024 actor_rollout_ref.rollout.n=5 actor_rollout_ref.actor.ppo_mini_batch_size=256 actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=48",
		UseInstead: "actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=32   # 256 × 5 ÷ 8 = 160 responses per GPU per mini batch, 5 micro batches",
		References: []string{
			"volcengine/verl v0.7.0 verl/utils/config.py (validate_config: real_train_batch_size % minimal_bsz)",
			"volcengine/verl v0.7.0 verl/workers/config/actor.py (ActorConfig.validate: train_batch_size >= ppo_mini_batch_size)",
			"volcengine/verl v0.7.0 verl/workers/fsdp_workers.py (ActorRolloutRefWorker.__init__: normalized ppo_mini_batch_size asserts)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "python3 -m verl.trainer.main_ppo \\\n  algorithm.adv_estimator=grpo \\\n  data.train_batch_size=1024 \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \\\n  actor_rollout_ref.rollout.n=5 \\\n  actor_rollout_ref.actor.ppo_mini_batch_size=256 \\\n  actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=48 \\\n  trainer.n_gpus_per_node=8 trainer.nnodes=1\n",
	}},
	Check: func(p *lint.Pass) {
		b, ok := read.ReadVerlBatch(p.Job)
		if !ok || b.DynamicBatch.V || (b.Strategy != "fsdp" && b.Strategy != "fsdp2") {
			return
		}
		if !b.TrainBatch.Set || !b.RolloutN.Set || !b.GPUs.Set || b.GPUs.V <= 0 {
			return
		}
		report := func(since string, at plan.Origin, format string, args ...any) {
			f := p.FindingAt(at, format, args...)
			f.Message += "; verl " + since + " and later stop before the first step"
			if v := b.Version; v.Set && read.ReleaseOlder(v.V, since) {
				// An older verl lacks the check: the job runs, with batches
				// other than the ones written.
				f.Severity = lint.Warning
				f.Message += fmt.Sprintf(", but this job runs verl %s (%s: %s), which predates the check", v.V, v.From, v.From.Note)
			}
			p.Report(f)
		}
		gpus, n := b.GPUs.V, b.RolloutN.V
		if real := b.TrainBatch.V * n; real%gpus != 0 {
			report("v0.2", firstPositioned(b.TrainBatch.From, b.RolloutN.From, b.GPUs.From),
				"data.train_batch_size %d × rollout.n %d = %d responses per step do not split over %s (\"real_train_batch_size (%d) must be divisible by minimal possible batch size (%d)\")", b.TrainBatch.V, n, real, plural(gpus, "GPU"), real, gpus)
			return
		}
		if !b.MiniBatch.Set {
			return
		}
		mini := b.MiniBatch.V
		if b.TrainBatch.V < mini {
			report("v0.3.0.post0", firstPositioned(b.MiniBatch.From, b.TrainBatch.From), "actor.ppo_mini_batch_size %d is larger than data.train_batch_size %d (\"train_batch_size (%d) must be >= actor.ppo_mini_batch_size (%d)\")", mini, b.TrainBatch.V, b.TrainBatch.V, mini)
			return
		}
		sp := max(1, b.SeqParallel.Or(1))
		dp := gpus / sp
		if dp <= 0 {
			return
		}
		perGPU := mini * n / dp
		if perGPU <= 0 {
			report("v0.3.0.post0", firstPositioned(b.MiniBatch.From, b.GPUs.From), "actor.ppo_mini_batch_size %d × rollout.n %d ÷ %d data-parallel ranks leaves no response per GPU (\"ppo_mini_batch_size 0 should be larger than 0 after normalization\")", mini, n, dp)
			return
		}
		if micro := b.MicroPerGPU; micro.Set && micro.V > 0 && perGPU%micro.V != 0 {
			report("v0.3.0.post0", firstPositioned(micro.From, b.MiniBatch.From), "the mini batch per GPU, actor.ppo_mini_batch_size %d × rollout.n %d ÷ %d = %d responses, is not divisible by ppo_micro_batch_size_per_gpu %d (\"normalized ppo_mini_batch_size %d should be divisible by ppo_micro_batch_size_per_gpu %d\")",
				mini, n, dp, perGPU, micro.V, perGPU, micro.V)
		}
	},
}

// firstPositioned returns the first origin that points into a file, or the
// first one.
func firstPositioned(origins ...plan.Origin) plan.Origin {
	for _, o := range origins {
		if o.Positioned() {
			return o
		}
	}
	return origins[0]
}
