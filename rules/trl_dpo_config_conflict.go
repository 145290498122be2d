package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TRLDPOConfigConflict reports DPO settings that DPOConfig or DPOTrainer
// reject before training.
var TRLDPOConfigConflict = &lint.Rule{
	ID:       "trl-dpo-config-conflict",
	Severity: lint.Error,
	Summary:  "loss settings that TRL's DPOConfig or DPOTrainer reject before training",
	Doc: lint.Doc{
		What: "For TRL DPO jobs: `loss_weights` with a different number of entries than `loss_type`; `use_weighting` with the `aot` or `aot_unpaired` loss; " +
			"the `exo_pair` loss without `label_smoothing`; and `use_liger_kernel` with several loss types or with `precompute_ref_log_probs` (a warning when the launch runs a repository's own copy of `trl/scripts/dpo.py`, whose TRL release is not known: the check came in v0.29.0).",
		Why: "`DPOConfig.__post_init__` raises on mismatched loss weights, and `DPOTrainer.__init__` raises (ValueError or NotImplementedError) on the other combinations before the first step, " +
			"e.g. `Label smoothing must be greater than 0.0 when using 'exo_pair' loss.`",
		Example:    "loss_type: [sigmoid, bco_pair]\nloss_weights: [1.0]",
		UseInstead: "loss_type: [sigmoid, bco_pair]\nloss_weights: [0.8, 0.2]",
		References: []string{
			"huggingface/trl v1.9 trl/trainer/dpo_config.py (DPOConfig.__post_init__)",
			"huggingface/trl v1.9 trl/trainer/dpo_trainer.py (DPOTrainer.__init__)",
			"huggingface/trl e3b7897 (Refactor DPO, #3906, first in v0.29.0) trl/trainer/dpo_trainer.py: the Liger check on precompute_ref_log_probs; ad9d9c9 (#4364) replaced DPOConfig.use_liger_loss with use_liger_kernel",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"dpo.yaml": "model_name_or_path: Qwen/Qwen2-0.5B-Instruct\ndataset_name: trl-lib/ultrafeedback_binarized\noutput_dir: out\nbeta: 0.1\nloss_type: [sigmoid, bco_pair]\nloss_weights: [1.0]\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		t, isTRL := read.DetectTRL(j)
		if !isTRL || t.Trainer != read.TRLDPO {
			return
		}
		lt := trainerArg(j, "loss_type")
		losses := []string{"sigmoid"} // DPOConfig.loss_type's default
		if lt.found() {
			if !lt.known() {
				return
			}
			losses = nil
			if lt.val.Kind == yaml.SequenceNode {
				for _, c := range lt.val.Content {
					losses = append(losses, strings.ToLower(c.Value))
				}
			} else {
				for _, w := range strings.Split(lt.val.Value, ",") {
					losses = append(losses, strings.ToLower(strings.TrimSpace(w)))
				}
			}
		}
		has := func(names ...string) bool {
			for _, l := range losses {
				for _, n := range names {
					if l == n {
						return true
					}
				}
			}
			return false
		}
		report := func(s setting, format string, args ...any) {
			f := p.FindingAt(lfOrigin(s), format, args...)
			f.Message += "; TRL raises before training"
			p.Report(f)
		}
		if lw := trainerArg(j, "loss_weights"); lw.known() && lw.val.Kind == yaml.SequenceNode && len(lw.val.Content) != len(losses) {
			report(lw, "\"loss_weights\" has %d entries for %d loss types", len(lw.val.Content), len(losses))
		}
		if w := trainerArg(j, "use_weighting"); isTrue(w.val) && has("aot", "aot_unpaired") {
			report(w, "\"use_weighting\" is true with the aot loss, which sorts samples")
		}
		if has("exo_pair") {
			ls := trainerArg(j, "label_smoothing")
			v, ok := numOf(ls.val)
			if !ls.found() || (ok && v == 0) {
				at := ls
				if !at.found() {
					at = lt
				}
				report(at, "the \"exo_pair\" loss needs \"label_smoothing\" above 0 (the EXO paper uses 1e-3)")
			}
		}
		if lk := trainerArg(j, "use_liger_kernel"); isTrue(lk.val) {
			if len(losses) != 1 {
				report(lk, "\"use_liger_kernel\" is true with %d loss types; the Liger DPO loss takes one", len(losses))
			}
			if pr := trainerArg(j, "precompute_ref_log_probs"); isTrue(pr.val) {
				if prog, ok := trlScriptCopy(j); ok {
					// The check came with TRL v0.29.0's DPO refactor
					// (e3b7897); v0.25.0 to v0.28.x already build the Liger
					// DPO loss from use_liger_kernel (ad9d9c9) without it.
					f := p.FindingAt(lfOrigin(pr), "\"precompute_ref_log_probs\" is true with \"use_liger_kernel\"; TRL v0.29.0 and later raise before training (the Liger DPO loss cannot use precomputed reference log-probabilities), earlier releases accept it, and this launch runs %s from the repository, a copy of TRL whose release is not known", prog)
					f.Severity = lint.Warning
					p.Report(f)
				} else {
					report(pr, "\"precompute_ref_log_probs\" is true with \"use_liger_kernel\"; the Liger DPO loss cannot use precomputed reference log-probabilities")
				}
			}
		}
	},
}

// trlScriptCopy reports the program of a launch that runs TRL's script from
// a folder by its path (python trl/scripts/dpo.py, accelerate launch
// trl/scripts/dpo.py): a checkout or a repository's own copy of TRL, whose
// release cannot be told, unlike the installed package's `trl dpo` and
// `-m trl.scripts.dpo`.
func trlScriptCopy(j *read.Job) (string, bool) {
	c := j.Command
	if c == nil || c.Module || !c.Program.Known {
		return "", false
	}
	prog := c.Program.Text
	return prog, strings.Contains("/"+prog, "/trl/scripts/") && strings.HasSuffix(prog, ".py")
}
