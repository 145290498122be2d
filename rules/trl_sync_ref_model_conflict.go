package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// TRLSyncRefModelConflict reports sync_ref_model on a TRL job that keeps no
// reference model of its own to sync.
var TRLSyncRefModelConflict = &lint.Rule{
	ID:       "trl-sync-ref-model-conflict",
	Severity: lint.Error,
	Summary:  "sync_ref_model on a TRL job that keeps no separate reference model",
	Doc: lint.Doc{
		What: "For TRL GRPO, RLOO, DPO and KTO jobs with `sync_ref_model: true`, reports when the trainer has no reference model of its own: " +
			"GRPO and RLOO at `beta: 0.0` (GRPO's default since v0.19), DPO and KTO with `precompute_ref_log_probs`, and any of them on a PEFT model, whose reference is the base with the adapters disabled.",
		Why: "TRL v1.9.0's trainers raise in `__init__`: ``You passed `sync_ref_model=True` while `beta=0.0`…`` (ValueError), ``You passed `sync_ref_model=True` while using a PEFT model, which is currently not supported.`` (NotImplementedError), " +
			"``You cannot use `sync_ref_model=True` together with `precompute_ref_log_probs=True`.`` (ValueError). " +
			"TRL v0.18.0 (open-r1's pin) raises nothing: its SyncRefModelCallback skips a missing reference, so the setting silently does nothing (warning).",
		Example:    "use_peft: true\nsync_ref_model: true",
		UseInstead: "use_peft: true\nsync_ref_model: false   # or train the full model to get a reference that can be synced",
		FixSafety:  "Safe: with no separate reference there is nothing for the callback to sync, so turning it off changes nothing that trains.",
		References: []string{
			"huggingface/trl v1.9.0 trl/trainer/grpo_trainer.py, rloo_trainer.py, dpo_trainer.py, kto_trainer.py (__init__: sync_ref_model checks)",
			"huggingface/trl v0.18.0 trl/trainer/callbacks.py (SyncRefModelCallback.on_step_end: skipped when ref_model is None)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"run.sh":   "trl dpo --config dpo.yaml\n",
		"dpo.yaml": "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/ultrafeedback_binarized\nuse_peft: true\nsync_ref_model: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		t, ok := read.DetectTRL(j)
		if !ok || !p.Plan.IsRL() {
			return
		}
		switch t.Trainer {
		case read.TRLGRPO, read.TRLRLOO, read.TRLDPO, read.TRLKTO:
		default:
			return
		}
		s := trainerArg(j, "sync_ref_model")
		if !isTrue(s.val) {
			return
		}
		var ref *plan.Companion
		for i, c := range p.Plan.RL.Companions {
			if c.Role == plan.RoleReference {
				ref = &p.Plan.RL.Companions[i]
			}
		}
		why := ""
		switch {
		case ref != nil && ref.Shared:
			why = "the policy is a PEFT model, whose reference is the base with the adapters disabled"
		case ref != nil:
			return
		case t.Trainer == read.TRLGRPO || t.Trainer == read.TRLRLOO:
			why = "\"beta\" is 0.0, so no reference model is loaded"
		default:
			why = "\"precompute_ref_log_probs\" is true, so no reference model is kept"
		}
		rel, _ := read.TRLRelease(j, t)
		f := finding(s.conf.file, s.at(), "\"sync_ref_model\" is true but %s; %s raises before training", why, rel)
		if rel != read.TRLCurrent {
			f.Severity = lint.Warning
			f.Message = "\"sync_ref_model\" is true but " + why + "; " + rel + " skips the sync, so the setting does nothing"
		}
		if ch, ok := s.conf.change(lint.Set, false, s.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `sync_ref_model` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
