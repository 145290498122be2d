package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

// HydraArgumentNotOverride reports words of a verl launch that Hydra cannot
// parse as overrides.
var HydraArgumentNotOverride = &lint.Rule{
	ID:       "hydra-argument-not-override",
	Severity: lint.Error,
	Summary:  "a word of a verl launch that is not a Hydra override, so verl exits before training",
	Doc: lint.Doc{
		What: "For launches of verl's Hydra trainer (`python3 -m verl.trainer.main_ppo`, verl's recipes and the forks' copies), reports the first argument that is neither one of Hydra's own flags (`--config-name`, `--config-path`, …) nor an override: " +
			"`key=value`, `key=`, `+key=value`, `++key=value`, `~key` or `~key=value`. Words that depend on the environment, and the pieces an unquoted variable's value splits into (a placeholder such as `\"YOUR PATH\"`), are passed over.",
		Why: "Hydra hands every such word to its override parser, which accepts only those forms: a bare word (a stray `TODO:`, a value split off its key by a space, a flag-style `--key value` from another framework) " +
			"stops the program with an override parse error before the trainer starts. " +
			"A common cause is `\\ #` inside a continued command: the backslash escapes the space, so `#` starts no comment, the rest of the line becomes arguments, and the line, having no trailing backslash, ends the command; the overrides below it never reach verl.",
		Example:    "python3 -m verl.trainer.main_ppo \\\n    data.train_files= \\ # TODO: set the path\n    trainer.n_gpus_per_node=4",
		UseInstead: "python3 -m verl.trainer.main_ppo \\\n    data.train_files=$HOME/data/train.parquet \\\n    trainer.n_gpus_per_node=4",
		References: []string{
			"facebookresearch/hydra at 00480e9 hydra/_internal/utils.py (get_args_parser: overrides, nargs=\"*\")",
			"facebookresearch/hydra at 0483993 hydra/grammar/OverrideParser.g4 (rule override)",
			"https://www.gnu.org/software/bash/manual/bash.html#Definitions (a comment starts with a word beginning with #)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "python3 -m verl.trainer.main_ppo \\\n    algorithm.adv_estimator=grpo \\\n    data.train_files= \\ # TODO: set the path\n    trainer.n_gpus_per_node=4 \\\n    actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct\n",
	}},
	Check: func(p *lint.Pass) {
		c := p.Job.Command
		if c == nil || c.Unreachable || p.Job.Script == nil {
			return
		}
		bad := read.NotHydraOverrides(c)
		if len(bad) == 0 {
			return
		}
		w := bad[0]
		at := w.At()
		f := lint.Finding{File: p.Job.Script.Path, Line: at.Line, Column: at.Column,
			Message: fmt.Sprintf("%q is not a Hydra override (key=value, +key=value or ~key): %s's Hydra command line rejects it and exits before training", w.Text, c.Program.Text)}
		if n := len(bad); n > 1 {
			f.Notes = append(f.Notes, fmt.Sprintf("%d words of the launch are not overrides: %s", n, quoteWords(bad, 6)))
		}
		if strings.HasPrefix(w.Raw, "\\ #") {
			f.Notes = append(f.Notes, fmt.Sprintf("a backslash before a space escapes the space, so the `#` after it starts no comment: the rest of line %d is arguments, and the line, which does not end in a backslash, ends the command; the lines below it run as commands of their own", at.Line))
		}
		p.Report(f)
	},
}

// quoteWords lists the first n words' texts, quoted.
func quoteWords(ws []shell.Word, n int) string {
	var out []string
	for i, w := range ws {
		if i == n {
			out = append(out, fmt.Sprintf("and %d more", len(ws)-n))
			break
		}
		out = append(out, fmt.Sprintf("%q", w.Text))
	}
	return strings.Join(out, ", ")
}
