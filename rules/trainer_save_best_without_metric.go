package rules

import (
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TrainerSaveBestWithoutMetric reports save_strategy "best" without
// metric_for_best_model.
var TrainerSaveBestWithoutMetric = &lint.Rule{
	ID:       "trainer-save-best-without-metric",
	Severity: lint.Error,
	Summary:  "save_strategy is \"best\" but metric_for_best_model is not set",
	Doc: lint.Doc{
		What: "Reports `save_strategy: best` in Trainer arguments (also TRL's, LLaMA-Factory's and axolotl's) that leave `metric_for_best_model` unset. " +
			"`load_best_model_at_end: true` makes TrainingArguments fill in \"loss\" and is not reported, except in axolotl, whose validator rejects the config first.",
		Why:        "Saving the best checkpoint needs a metric to compare; `Trainer.__init__` raises ``ValueError: `args.metric_for_best_model` must be provided when using 'best' save_strategy`` before training starts.",
		Example:    "eval_strategy: steps\nsave_strategy: best",
		UseInstead: "eval_strategy: steps\nsave_strategy: best\nmetric_for_best_model: eval_loss",
		FixSafety:  "Safe: the fix names the evaluation loss, the metric TrainingArguments itself falls back to for load_best_model_at_end.",
		References: []string{"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.__init__)", "axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/config.py (AxolotlInputConfig.check_save_strategy_best_requires_metric)", "huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments.__post_init__ sets metric_for_best_model to \"loss\" only for load_best_model_at_end or reduce_lr_on_plateau)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\neval_strategy: steps\neval_steps: 100\nsave_strategy: best\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		if !trainerDefaultsApply(j) {
			return
		}
		s := trainerArg(j, "save_strategy")
		if !s.known() || !strings.EqualFold(s.val.Value, "best") {
			return
		}
		if m := trainerArg(j, "metric_for_best_model"); m.found() && !document.IsNull(m.val) {
			return
		}
		// TrainingArguments fills in "loss" for these; axolotl's own
		// validator runs before and does not.
		if j.Trainer.Format != read.Axolotl {
			if lb := trainerArg(j, "load_best_model_at_end"); isTrue(lb.val) || (lb.found() && !lb.known()) {
				return
			}
			if sc := trainerArg(j, "lr_scheduler_type"); sc.known() && strings.EqualFold(sc.val.Value, "reduce_lr_on_plateau") {
				return
			}
		}
		who := "the Trainer raises before training"
		if j.Trainer.Format == read.Axolotl {
			who = "axolotl's config validation raises"
		}
		f := finding(s.conf.file, s.at(), "\"save_strategy\" is \"best\" but \"metric_for_best_model\" is not set; %s", who)
		if ch, ok := s.conf.change(lint.Set, "eval_loss", "metric_for_best_model"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `metric_for_best_model` to \"eval_loss\"", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
