package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// AxolotlBatchSizeUnderspecified reports an axolotl config that sets fewer
// than two of its three batch settings.
var AxolotlBatchSizeUnderspecified = &lint.Rule{
	ID:       "axolotl-batch-size-underspecified",
	Severity: lint.Error,
	Summary:  "axolotl sets fewer than two of micro_batch_size, gradient_accumulation_steps and batch_size",
	Doc: lint.Doc{
		What: "Reports an axolotl config in which fewer than two of `micro_batch_size`, `gradient_accumulation_steps` and `batch_size` are set (and not zero).",
		Why: "axolotl derives the third batch value from the other two, and the config validation of recent releases stops with " +
			"`At least two of micro_batch_size, gradient_accumulation_steps, batch_size must be set` (older releases filled a missing value with 1 without a word). " +
			"The per-GPU micro batch is also the first number that decides activation memory, so trainlint cannot estimate the job without it.",
		Example:    "micro_batch_size: 2",
		UseInstead: "micro_batch_size: 2\ngradient_accumulation_steps: 1",
		FixSafety:  "Safe: the fix writes the value axolotl would use when only one is given (`gradient_accumulation_steps: 1`, or `micro_batch_size: 1`).",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (TrainingValidationMixin.check_batch_size_fields)"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 2048\nmicro_batch_size: 2\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		cs := axConfs(p.Job)
		if len(cs) == 0 {
			return
		}
		set := map[string]setting{}
		for _, name := range []string{"micro_batch_size", "gradient_accumulation_steps", "batch_size"} {
			s := axArg(p.Job, name)
			if s.found() && !s.known() {
				return
			}
			if n, ok := numOf(s.val); ok && n != 0 {
				set[name] = s
			} else if s.found() && !ok {
				return // "auto" or a value trainlint cannot read
			}
		}
		if len(set) >= 2 {
			return
		}
		c, at, found := cs[len(cs)-1], cs[len(cs)-1].root, "none of"
		missing := "gradient_accumulation_steps"
		for _, name := range []string{"micro_batch_size", "gradient_accumulation_steps", "batch_size"} {
			if s, ok := set[name]; ok {
				c, at, found = s.conf, s.at(), "only "+quoteList([]string{name})+" of"
				if name != "micro_batch_size" {
					missing = "micro_batch_size"
				}
			}
		}
		f := finding(c.file, at, "%s \"micro_batch_size\", \"gradient_accumulation_steps\" and \"batch_size\" is set, expected at least two; axolotl stops with \"At least two of micro_batch_size, gradient_accumulation_steps, batch_size must be set\"", found)
		if ch, ok := c.change(lint.Set, 1, missing); ok && len(set) == 1 {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `" + missing + "` to 1", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
