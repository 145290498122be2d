package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
)

// AxolotlBatchSizeConflict reports axolotl's batch_size given together with
// gradient_accumulation_steps, which axolotl refuses.
var AxolotlBatchSizeConflict = &lint.Rule{
	ID:       "axolotl-batch-size-conflict",
	Severity: lint.Error,
	Summary:  "axolotl batch_size and gradient_accumulation_steps are both set",
	Doc: lint.Doc{
		What: "Reports an axolotl config that sets both `batch_size` and `gradient_accumulation_steps`, and says whether they agree with `micro_batch_size` " +
			"(axolotl derives one from the other: `batch_size = micro_batch_size × gradient_accumulation_steps`).",
		Why: "Two ways of stating the accumulation can disagree, so axolotl accepts only one and stops with `please set only one of gradient_accumulation_steps or batch_size`. " +
			"When they disagree, the effective batch the author meant is unclear as well.",
		Example:    "micro_batch_size: 2\ngradient_accumulation_steps: 4\nbatch_size: 32",
		UseInstead: "micro_batch_size: 2\ngradient_accumulation_steps: 4",
		FixSafety:  "Safe when `micro_batch_size × gradient_accumulation_steps` equals `batch_size`: removing `batch_size` changes nothing. Otherwise unsafe: the effective batch is the one `gradient_accumulation_steps` gives, not `batch_size`. The fix removes `batch_size`.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (check_gas_bsz)", "axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/config/__init__.py (normalize_config)"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nbatch_size: 32\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		bs, gas := axArg(p.Job, "batch_size"), axArg(p.Job, "gradient_accumulation_steps")
		b, ok1 := intOf(bs.val)
		g, ok2 := intOf(gas.val)
		if !ok1 || !ok2 || b == 0 || g == 0 {
			return
		}
		f := finding(bs.conf.file, bs.at(), "%q is %d and %q is %d (%s); axolotl accepts only one and stops with \"please set only one of gradient_accumulation_steps or batch_size\"", bs.name, b, gas.name, g, whereIs(bs.conf.file, gas.conf.file, gas.at()))
		safety := lint.Unsafe
		if mb := axArg(p.Job, "micro_batch_size"); mb.found() {
			if m, ok := intOf(mb.val); ok && m > 0 {
				if m*g == b {
					safety = lint.Safe
					f.Notes = append(f.Notes, fmt.Sprintf("they agree: \"micro_batch_size\" %d × \"gradient_accumulation_steps\" %d = %d", m, g, m*g))
				} else {
					f.Message += fmt.Sprintf(", and they disagree: \"micro_batch_size\" %d × \"gradient_accumulation_steps\" %d = %d, expected \"batch_size\" %d", m, g, m*g, b)
				}
			}
		}
		if ch, ok := bs.conf.change(lint.Delete, nil, bs.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove `batch_size`", Safety: safety, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
