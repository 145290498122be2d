package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TrainerPlateauWithoutEval reports the reduce_lr_on_plateau scheduler
// without evaluation.
var TrainerPlateauWithoutEval = &lint.Rule{
	ID:       "trainer-plateau-without-eval",
	Severity: lint.Error,
	Summary:  "lr_scheduler_type reduce_lr_on_plateau without an evaluation strategy",
	Doc: lint.Doc{
		What: "Reports `lr_scheduler_type: reduce_lr_on_plateau` in Trainer arguments (also TRL's and LLaMA-Factory's) whose `eval_strategy` is \"no\", its default.",
		Why: "The plateau scheduler steps on an evaluation metric; `TrainingArguments._validate_args` (called from `__post_init__`) raises " +
			"`ValueError: lr_scheduler_type reduce_lr_on_plateau requires an eval strategy` while the arguments are parsed.",
		Example:    "lr_scheduler_type: reduce_lr_on_plateau",
		UseInstead: "lr_scheduler_type: reduce_lr_on_plateau\neval_strategy: steps\neval_steps: 200",
		References: []string{"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments._validate_args)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nlr_scheduler_type: reduce_lr_on_plateau\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		if j.Trainer == nil || j.Trainer.Format == read.Axolotl {
			return // axolotl derives the evaluation strategy from its own keys
		}
		s := trainerArg(j, "lr_scheduler_type")
		if !s.known() || !strings.EqualFold(s.val.Value, "reduce_lr_on_plateau") {
			return
		}
		e := trainerArg(j, "eval_strategy", "evaluation_strategy")
		switch {
		case e.found() && (!e.known() || !strings.EqualFold(e.val.Value, "no")):
			return
		case !e.found() && !trainerDefaultsApply(j):
			return
		}
		how := "\"eval_strategy\" is not set (default \"no\")"
		if e.found() {
			how = "\"" + e.name + "\" is \"no\""
		}
		p.Report(finding(s.conf.file, s.at(), "\"lr_scheduler_type\" is \"reduce_lr_on_plateau\" but %s; TrainingArguments raises while the arguments are parsed", how))
	},
}
