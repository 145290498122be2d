package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// AxolotlActivationOffloadingNeedsGradientCheckpointing reports axolotl
// activation offloading without gradient checkpointing.
var AxolotlActivationOffloadingNeedsGradientCheckpointing = &lint.Rule{
	ID:       "axolotl-activation-offloading-needs-gradient-checkpointing",
	Severity: lint.Error,
	Summary:  "axolotl activation_offloading is set without gradient_checkpointing",
	Doc: lint.Doc{
		What: "Reports `activation_offloading` (true, `legacy` or `disk`) in an axolotl config whose `gradient_checkpointing` is not enabled.",
		Why: "Activation offloading moves the checkpointed layer inputs to CPU memory (or disk); without gradient checkpointing there are no checkpoints to move, so axolotl's config validation stops with " +
			"`activation_offloading requires gradient_checkpointing`. A config that counts on offloading to fit the GPU never starts.",
		Example:    "activation_offloading: true",
		UseInstead: "activation_offloading: true\ngradient_checkpointing: true",
		FixSafety:  "Safe: gradient checkpointing recomputes activations in the backward pass and gives the same gradients; it costs about a third more compute per step.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (check_activation_offloading_wo_gc)", "https://docs.axolotl.ai/docs/gradient_checkpointing.html"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 8192\nmicro_batch_size: 1\ngradient_accumulation_steps: 8\nactivation_offloading: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ao := axArg(p.Job, "activation_offloading")
		if !ao.known() || isNullish(ao) {
			return
		}
		if b, ok := boolOf(ao.val); ok && !b {
			return
		}
		gc := axArg(p.Job, "gradient_checkpointing")
		if gc.found() && (!gc.known() || !isNullish(gc) && !isFalse(gc)) {
			return
		}
		found := "not set"
		if gc.found() {
			found = quote(gc.val)
		}
		f := finding(ao.conf.file, ao.at(), "%q is %s but \"gradient_checkpointing\" is %s, expected true; axolotl stops with \"activation_offloading requires gradient_checkpointing\"", ao.name, quote(ao.val), found)
		if ch, ok := ao.conf.change(lint.Set, true, "gradient_checkpointing"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `gradient_checkpointing` to true", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
