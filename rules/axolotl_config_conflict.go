package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// AxolotlConfigConflict reports axolotl settings its config validators
// reject.
var AxolotlConfigConflict = &lint.Rule{
	ID:       "axolotl-config-conflict",
	Severity: lint.Error,
	Summary:  "axolotl settings that its config validation rejects",
	Doc: lint.Doc{
		What: "Reports, in an axolotl config, `attn_implementation` together with a legacy attention flag set to true (`flash_attention`, `sdp_attention`, `flex_attention`, `xformers_attention`, `sage_attention`, `eager_attention`), " +
			"`sample_packing: true` with `rl`, and `rl: kto` with `sample_packing` or `eval_sample_packing`.",
		Why: "axolotl's pydantic validators raise while the config loads: since v0.17 `attn_implementation=... cannot be combined with legacy attention flags`, " +
			"and `` `sample_packing: true` does not work with RLHF training`` / `sample_packing is not supported with kto`.",
		Example:    "attn_implementation: flash_attention_2\nflash_attention: true",
		UseInstead: "attn_implementation: flash_attention_2",
		FixSafety:  "Safe for the attention flags: the fix deletes the legacy flag, and attn_implementation already names the backend.",
		References: []string{
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/config.py (AxolotlInputConfig.normalize_attn_implementation)",
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (RLValidationMixin.check_sample_packing_w_rl, check_kto_config)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Llama-3.2-1B\nadapter: lora\nsequence_len: 4096\nsample_packing: true\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nattn_implementation: flash_attention_2\nflash_attention: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		if impl := axArg(j, "attn_implementation"); impl.known() && !isNullish(impl) {
			for _, name := range axolotlLegacyAttentionFlags {
				s := axArg(j, name)
				if !isTrue(s.val) {
					continue
				}
				f := finding(s.conf.file, s.at(), "%q is true next to \"attn_implementation\": %s; axolotl (since v0.17) refuses the legacy flag beside it", name, quote(impl.val))
				if ch, ok := s.conf.change(lint.Delete, nil, s.name); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Delete `" + name + "`", Safety: lint.Safe, Changes: []lint.Change{ch}})
				}
				p.Report(f)
			}
		}
		rl := axArg(j, "rl")
		if !rl.known() || isNullish(rl) || isFalse(rl) {
			return
		}
		if sp := axArg(j, "sample_packing"); isTrue(sp.val) {
			p.Report(finding(sp.conf.file, sp.at(), "\"sample_packing\" is true with \"rl\": %s; axolotl does not pack RL training", quote(rl.val)))
		} else if esp := axArg(j, "eval_sample_packing"); isTrue(esp.val) && strings.EqualFold(rl.val.Value, "kto") {
			p.Report(finding(esp.conf.file, esp.at(), "\"eval_sample_packing\" is true with \"rl\": kto; axolotl does not pack KTO"))
		}
	},
}
