package rules

import (
	"fmt"
	"math"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// evalStepsReported is how many evaluation steps the headroom must last;
// fewer is reported (eval sets are usually hundreds of batches or more).
const evalStepsReported = 1000

// EvalAccumulatesLogits reports evaluation that keeps every batch's logits
// on the GPU until the eval set ends.
var EvalAccumulatesLogits = &lint.Rule{
	ID:       "eval-accumulates-logits",
	Severity: lint.Warning,
	Summary:  "evaluation keeps every batch's logits on the GPU and fills the memory left",
	Doc: lint.Doc{
		What: "When predictions are kept — evaluation with a `metric_for_best_model` other than the loss (which needs compute_metrics), or `do_predict` — and neither `prediction_loss_only` nor `eval_accumulation_steps` is set, " +
			"computes the logits one step adds (eval batch × sequence length × vocabulary × the compute dtype's bytes) and reports when the GPU's predicted headroom fills before " +
			"1000 steps. Evaluation that only computes the loss (the Trainer without compute_metrics, TRL's SFT trainer) keeps no logits and is not reported, nor is evaluation with `batch_eval_metrics: true`, which computes metrics batch by batch and keeps nothing.",
		Why: "When the Trainer computes metrics, its evaluation loop concatenates each batch's logits on the GPU and moves them to the host only every `eval_accumulation_steps` steps, by default never. " +
			"With a 128k vocabulary that is gigabytes per step: training runs, and the first evaluation runs out of memory part-way through the eval set.",
		Example:    "eval_strategy: steps\nmetric_for_best_model: accuracy\nper_device_eval_batch_size: 8\n# Llama 3 (128k vocabulary), 4096 tokens",
		UseInstead: "eval_strategy: steps\nper_device_eval_batch_size: 8\neval_accumulation_steps: 4   # or prediction_loss_only: true, or preprocess_logits_for_metrics",
		FixSafety:  "Safe: eval_accumulation_steps moves the same predictions to the host sooner; metrics are unchanged, evaluation is a little slower.",
		References: []string{"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.evaluation_loop: predictions are added to the containers only `if not self.args.batch_eval_metrics or description == \"Prediction\"`)", "https://huggingface.co/docs/transformers/main_classes/trainer#transformers.TrainingArguments.eval_accumulation_steps"},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Meta-Llama-3-8B\ntorch_dtype: bfloat16\nbf16: true\nper_device_train_batch_size: 1\nper_device_eval_batch_size: 8\ngradient_checkpointing: true\nmax_seq_length: 4096\neval_strategy: steps\nmetric_for_best_model: accuracy\ndeepspeed: zero.json\n",
			"zero.json":  `{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": "auto"}, "zero_optimization": {"stage": 3}}`,
		},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		est, pl := p.Estimate, p.Plan
		e := pl.Eval
		if est == nil || !pl.Model.Set || e.PredictionLossOnly.V || e.AccumulationSteps.Set || e.HasLogitPreprocessing.V {
			return
		}
		why, ok := keepsPredictions(p)
		if !ok {
			return
		}
		batch := e.BatchSize.Or(8)
		if !e.BatchSize.Set && trainerDefaultsApply(p.Job) {
			batch = 8 // per_device_eval_batch_size's default
		}
		bytes := pl.Precision.Or(plan.FP32).Bytes()
		if pl.LoadDtype.Set && pl.LoadDtype.V != plan.FP32 {
			bytes = pl.LoadDtype.V.Bytes()
		}
		vocab := pl.Model.V.Text.Vocab
		perStep := float64(batch) * float64(pl.SeqLen.V) * float64(vocab) * bytes
		free := est.Capacity - est.Peak
		if perStep <= 0 {
			return
		}
		steps := int(math.Max(0, math.Floor(free/perStep)))
		if steps >= evalStepsReported {
			return
		}
		at := e.Enabled.From
		if s := trainerArg(p.Job, "do_predict"); isTrue(s.val) && !e.Enabled.V {
			at = s.conf.originOf(s)
		}
		f := p.FindingAt(at, "evaluation keeps each batch's logits on the GPU until the eval set ends: %s per eval step (batch %d × %d tokens × %d vocabulary × %.0f B), which fills the %s of headroom after %d eval steps",
			gib(perStep), batch, pl.SeqLen.V, vocab, bytes, gib(math.Max(free, 0)), steps)
		if steps == 0 {
			f.Message = fmt.Sprintf("evaluation keeps each batch's logits on the GPU until the eval set ends: %s per eval step (batch %d × %d tokens × %d vocabulary × %.0f B), more than the %s of headroom",
				gib(perStep), batch, pl.SeqLen.V, vocab, bytes, gib(math.Max(free, 0)))
		}
		f.Notes = append(f.Notes, why)
		acc := max(1, min(steps/4, 32))
		for _, c := range trainerConfs(p.Job) {
			if ch, ok := c.change(lint.Set, acc, "eval_accumulation_steps"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `eval_accumulation_steps` to %d", acc), Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
			if ch, ok := c.change(lint.Set, true, "prediction_loss_only"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `prediction_loss_only` to true (no metrics from predictions)", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
			break
		}
		p.Report(f)
	},
}

// keepsPredictions reports whether the Trainer will gather predictions (not
// only the loss), and why. Trainer.evaluate keeps them only when
// compute_metrics is set, which a metric_for_best_model other than the loss
// requires; Trainer.predict always keeps them.
func keepsPredictions(p *lint.Pass) (string, bool) {
	if s := trainerArg(p.Job, "do_predict"); isTrue(s.val) {
		return "do_predict runs Trainer.predict, which returns every prediction", true
	}
	if !p.Plan.Eval.Enabled.V {
		return "", false
	}
	// With batch_eval_metrics the evaluation loop hands each batch to
	// compute_metrics and adds nothing to its containers (only a
	// "Prediction" run keeps them).
	if b := trainerArg(p.Job, "batch_eval_metrics"); isTrue(b.val) {
		return "", false
	}
	s := trainerArg(p.Job, "metric_for_best_model")
	if !s.found() || !s.known() {
		return "", false
	}
	switch strings.TrimPrefix(strings.ToLower(s.val.Value), "eval_") {
	case "loss", "":
		return "", false
	}
	return fmt.Sprintf("\"metric_for_best_model\" is %s, so evaluation computes metrics from the predictions", quote(s.val)), true
}
