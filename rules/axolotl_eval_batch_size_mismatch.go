package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// AxolotlEvalBatchSizeMismatch reports an axolotl eval_batch_size that
// differs from micro_batch_size.
var AxolotlEvalBatchSizeMismatch = &lint.Rule{
	ID:       "axolotl-eval-batch-size-mismatch",
	Severity: lint.Warning,
	Summary:  "axolotl eval_batch_size differs from micro_batch_size",
	Doc: lint.Doc{
		What: "Reports an axolotl `eval_batch_size` that is set and differs from `micro_batch_size`.",
		Why: "Evaluation then runs batches of another shape than training, and the caching allocator keeps the blocks of both: a larger eval batch raises the peak above what training alone needs, " +
			"in the middle of a run that had fit. axolotl warns `eval_batch_size != micro_batch_size. This can lead to VRAM instability.` and goes on.",
		Example:    "micro_batch_size: 2\neval_batch_size: 8",
		UseInstead: "micro_batch_size: 2\neval_batch_size: 2   # or leave eval_batch_size out: it defaults to micro_batch_size",
		FixSafety:  "Safe: the eval batch size changes only how fast evaluation runs, not the metrics or the training. The fix removes `eval_batch_size`.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (hint_eval_train_mbsz)"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 2048\nmicro_batch_size: 2\neval_batch_size: 8\ngradient_accumulation_steps: 4\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		eb, mb := axArg(p.Job, "eval_batch_size"), axArg(p.Job, "micro_batch_size")
		e, ok1 := intOf(eb.val)
		m, ok2 := intOf(mb.val)
		if !ok1 || !ok2 || e == 0 || m == 0 || e == m {
			return
		}
		f := finding(eb.conf.file, eb.at(), "%q is %d but %q is %d (%s); a different eval batch shape adds its own memory peak, and axolotl warns \"eval_batch_size != micro_batch_size. This can lead to VRAM instability.\"", eb.name, e, mb.name, m, whereIs(eb.conf.file, mb.conf.file, mb.at()))
		if ch, ok := eb.conf.change(lint.Delete, nil, eb.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove `eval_batch_size`", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
