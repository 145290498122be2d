package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// AxolotlDeepSpeedAndFSDP reports an axolotl config that sets up both
// DeepSpeed and FSDP.
var AxolotlDeepSpeedAndFSDP = &lint.Rule{
	ID:       "axolotl-deepspeed-and-fsdp",
	Severity: lint.Error,
	Summary:  "axolotl deepspeed and fsdp are both set",
	Doc: lint.Doc{
		What: "Reports an axolotl config that sets both `deepspeed` and `fsdp`.",
		Why: "Both shard the model and optimizer states, each in its own way, and one Trainer can use only one of them. " +
			"axolotl's config validation stops with `deepspeed and fsdp cannot be used together.`",
		Example:    "deepspeed: deepspeed_configs/zero3.json\nfsdp:\n  - full_shard\n  - auto_wrap",
		UseInstead: "deepspeed: deepspeed_configs/zero3.json",
		FixSafety:  "Unsafe: the two shard memory differently (and save checkpoints differently), so removing one changes the memory per GPU. The fix removes `fsdp` and `fsdp_config`.",
		References: []string{"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (check_fsdp_deepspeed)"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\ndeepspeed:\n  zero_optimization:\n    stage: 3\nfsdp:\n  - full_shard\n  - auto_wrap\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds, fs := axArg(p.Job, "deepspeed"), axArg(p.Job, "fsdp")
		if !ds.found() || !fs.found() || isNullish(ds) || isNullish(fs) || empty(fs) {
			return
		}
		f := finding(fs.conf.file, fs.at(), "%q is %s and \"deepspeed\" is %s (%s); axolotl stops with \"deepspeed and fsdp cannot be used together.\"", fs.name, quote(fs.val), quote(ds.val), whereIs(fs.conf.file, ds.conf.file, ds.at()))
		var chs []lint.Change
		for _, name := range []string{"fsdp", "fsdp_config"} {
			if s := axArg(p.Job, name); s.found() {
				if ch, ok := s.conf.change(lint.Delete, nil, s.name); ok {
					chs = append(chs, ch)
				}
			}
		}
		if len(chs) > 0 {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove the FSDP settings", Safety: lint.Unsafe, Changes: chs})
		}
		p.Report(f)
	},
}
