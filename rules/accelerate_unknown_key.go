package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/schemas"
)

// removedAccelerateKeys are top-level keys older Accelerate versions wrote
// and newer ones reject.
var removedAccelerateKeys = map[string]string{
	"ipex_config": "Accelerate 1.13 removed IPEX support and rejects the key; older versions accept it",
	"tp_config":   "Accelerate 1.7 replaced it with parallelism_config and rejects the key; 1.4 to 1.6 accept it",
}

// AccelerateUnknownKey reports top-level keys Accelerate's config class does
// not have.
var AccelerateUnknownKey = &lint.Rule{
	ID:       "accelerate-unknown-key",
	Severity: lint.Error,
	Summary:  "an Accelerate config has a top-level key Accelerate does not know",
	Doc: lint.Doc{
		What: "Reports top-level keys of an Accelerate config that are not fields of Accelerate's ClusterConfig (or SageMakerConfig when `compute_environment: AMAZON_SAGEMAKER`), with the closest field as a suggestion. " +
			"Keys that older Accelerate versions wrote and newer ones removed (`ipex_config`, `tp_config`) are warnings.",
		Why:        "`accelerate launch` stops on any other key: `The config file at ... had unknown keys (['...']), please try upgrading your accelerate version or fix (and potentially remove) these keys from your config file.`",
		Example:    "distributed_type: MULTI_GPU\nnum_process: 8",
		UseInstead: "distributed_type: MULTI_GPU\nnum_processes: 8",
		FixSafety:  "Deleting a removed key is safe when it only disabled its feature; renaming a misspelt key to the suggestion is unsafe, a guess at what was meant.",
		References: []string{"huggingface/accelerate v1.15 src/accelerate/commands/config/config_args.py (BaseConfig.from_yaml_file, ClusterConfig)"},
	},
	Example: lint.Example{Files: map[string]string{
		"accelerate.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: bf16\nnum_process: 8\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		acc := accConf(p.Job)
		if !acc.ok() {
			return
		}
		vs, err := schemas.ValidatePython("accelerate", acc.root)
		if err != nil {
			return
		}
		for _, v := range vs {
			if v.Keyword != "additionalProperties" || v.KeyNode == nil {
				continue
			}
			name := v.Key
			if why, ok := removedAccelerateKeys[name]; ok {
				f := finding(acc.file, v.KeyNode, "%q is no longer an Accelerate config key: %s", name, why)
				f.Severity = lint.Warning
				if ch, ok := acc.change(lint.Delete, nil, name); ok {
					safety := lint.Safe
					if _, ipex := document.Get(v.Node, "ipex"); isTrue(ipex) || (name == "tp_config" && v.Node != nil && len(v.Node.Content) > 0) {
						safety = lint.Unsafe
					}
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Delete `%s`", name), Safety: safety, Changes: []lint.Change{ch}})
				}
				p.Report(f)
				continue
			}
			f := finding(acc.file, v.KeyNode, "unknown key %q; Accelerate rejects config keys it does not know", name)
			if s := suggest(name, v.Allowed); s != "" {
				f.Message += fmt.Sprintf(" (did you mean %q?)", s)
				if _, taken := acc.get(s); taken == nil {
					if ch, ok := acc.change(lint.Rename, nil, name); ok {
						ch.NewKey = s
						f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `%s`", name, s), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
					}
				}
			}
			p.Report(f)
		}
	},
}
