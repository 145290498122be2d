package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TrainerLoadBestStrategyMismatch reports load_best_model_at_end with save
// and evaluation schedules that do not line up.
var TrainerLoadBestStrategyMismatch = &lint.Rule{
	ID:       "trainer-load-best-strategy-mismatch",
	Severity: lint.Error,
	Summary:  "load_best_model_at_end is set but the save and eval schedules do not match",
	Doc: lint.Doc{
		What: "With `load_best_model_at_end: true`, checks that `save_strategy` equals `eval_strategy` (defaults \"steps\" and \"no\"; `save_strategy: best` is exempt), " +
			"and with the steps strategy that `save_steps` is a multiple of `eval_steps`. Launch-script arguments count only when written.",
		Why: "TrainingArguments stops: `--load_best_model_at_end requires the save and eval strategy to match, but found - Evaluation strategy: no - Save strategy: steps`, " +
			"or `--load_best_model_at_end requires the saving steps to be a round multiple of the evaluation steps`. The best checkpoint can only be restored if one is saved at every evaluation.",
		Example:    "load_best_model_at_end: true\nsave_strategy: steps\n# eval_strategy left at its default, no",
		UseInstead: "load_best_model_at_end: true\neval_strategy: steps\nsave_strategy: steps",
		FixSafety:  "Unsafe: the fix sets `eval_strategy` to the save strategy, which adds evaluation runs to training.",
		References: []string{"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments._validate_args, called from __post_init__)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nload_best_model_at_end: true\nsave_strategy: steps\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		if j.Trainer != nil && j.Trainer.Format == read.Axolotl {
			return
		}
		lb := trainerArg(j, "load_best_model_at_end")
		if !isTrue(lb.val) {
			return
		}
		eval, evalDesc, ok1 := trainerString(j, "no", "eval_strategy", "evaluation_strategy")
		save, saveDesc, ok2 := trainerString(j, "steps", "save_strategy")
		if !ok1 || !ok2 || save == "best" {
			return
		}
		if eval != save {
			f := finding(lb.conf.file, lb.at(), "\"load_best_model_at_end\" needs the save and eval strategies to match, but %s and %s", evalDesc, saveDesc)
			for _, c := range trainerConfs(j) {
				key := "eval_strategy"
				if s := trainerArg(j, "evaluation_strategy"); s.found() && !trainerArg(j, "eval_strategy").found() {
					key = "evaluation_strategy"
				}
				if ch, ok := c.change(lint.Set, save, key); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `%s` to %q", key, save), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
				break
			}
			p.Report(f)
			return
		}
		if save != "steps" {
			return
		}
		ss, es := trainerArg(j, "save_steps"), trainerArg(j, "eval_steps")
		sv, ok1 := numOf(ss.val)
		ev, ok2 := numOf(es.val)
		if !ok1 || !ok2 || ev <= 0 || sv <= 0 || (sv < 1) != (ev < 1) {
			return
		}
		if sv >= 1 && ev >= 1 && int64(sv)%int64(ev) != 0 {
			p.Report(finding(ss.conf.file, ss.at(), "\"load_best_model_at_end\" needs \"save_steps\" to be a multiple of \"eval_steps\", but %s is not a multiple of %s", num(sv), num(ev)))
		}
	},
}

// trainerString resolves a string Trainer argument (lower-cased) with its
// default, describing where it came from.
func trainerString(j *read.Job, def string, names ...string) (string, string, bool) {
	s := trainerArg(j, names...)
	if s.found() {
		if !s.known() {
			return "", "", false
		}
		v := strings.ToLower(s.val.Value)
		return v, fmt.Sprintf("%q is %q (%s)", s.name, v, posOf(s.conf.file, s.at())), true
	}
	if !trainerDefaultsApply(j) {
		return "", "", false
	}
	return def, fmt.Sprintf("%q is %q (the default)", names[0], def), true
}
