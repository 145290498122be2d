package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/shell"
)

// AccelerateDeepSpeedConfigConflict reports Accelerate DeepSpeed settings
// given inline next to a deepspeed_config_file.
var AccelerateDeepSpeedConfigConflict = &lint.Rule{
	ID:       "accelerate-deepspeed-config-conflict",
	Severity: lint.Error,
	Summary:  "an Accelerate config sets DeepSpeed options inline next to deepspeed_config_file",
	Doc: lint.Doc{
		What: "Reports, in an Accelerate config whose `deepspeed_config` names a `deepspeed_config_file`, the inline keys `gradient_accumulation_steps`, `gradient_clipping`, `zero_stage`, " +
			"`offload_optimizer_device`, `offload_param_device`, `offload_optimizer_nvme_path`, `offload_param_nvme_path`, `zero3_save_16bit_model`, and a top-level `mixed_precision` (any value, `no` included) " +
			"unless the `accelerate launch` command of the job gives `--mixed_precision`, which takes precedence so the file's value is never passed on.",
		Why: "`accelerate launch` passes the names of these keys on, and the DeepSpeed plugin stops when any is present: " +
			"`When using deepspeed_config_file, the following accelerate config variables will be ignored: [...] Please specify them appropriately in the DeepSpeed config file.` " +
			"`accelerate config` never writes them in this mode; they come from merging two configs by hand.",
		Example:    "deepspeed_config:\n  deepspeed_config_file: ds_zero3.json\n  zero_stage: 3\nmixed_precision: bf16",
		UseInstead: "deepspeed_config:\n  deepspeed_config_file: ds_zero3.json   # with \"zero_optimization\": {\"stage\": 3} and \"bf16\": {\"enabled\": true} in the JSON",
		FixSafety:  "Unsafe: the fix deletes the inline keys; values that differ from the DeepSpeed file's are lost, so move them into the JSON first.",
		References: []string{"huggingface/accelerate v1.15 src/accelerate/utils/dataclasses.py (DeepSpeedPlugin._deepspeed_config_checks)", "huggingface/accelerate v1.15 src/accelerate/commands/launch.py (launch_command, _validate_launch_command: mixed_precision joins deepspeed_fields_from_accelerate_config only when the command line omits --mixed_precision)", "huggingface/accelerate v1.15 src/accelerate/commands/config/config_args.py (BaseConfig.from_yaml_file: an absent mixed_precision is None)", "https://huggingface.co/docs/accelerate/usage_guides/deepspeed#deepspeed-config-file"},
	},
	Example: lint.Example{Files: map[string]string{
		"accelerate.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\ndeepspeed_config:\n  deepspeed_config_file: zero.json\n  zero_stage: 3\nnum_processes: 8\n",
		"zero.json":       `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		acc := accConf(p.Job)
		file, ok := accelerateDSFile(acc)
		if !ok {
			return
		}
		type hit struct {
			key  *yaml.Node
			path []string
		}
		var hits []hit
		for _, name := range accelerateIgnoredWithFile {
			if k, _ := acc.get("deepspeed_config." + name); k != nil {
				hits = append(hits, hit{k, []string{"deepspeed_config", name}})
			}
		}
		if k, v := acc.get("mixed_precision"); k != nil && !document.IsNull(v) && !mixedPrecisionOnCommandLine(p) {
			hits = append(hits, hit{k, []string{"mixed_precision"}})
		}
		if len(hits) == 0 {
			return
		}
		var names []string
		var chs []lint.Change
		for _, h := range hits {
			names = append(names, strings.Join(h.path, "."))
			if ch, ok := acc.change(lint.Delete, nil, h.path...); ok {
				chs = append(chs, ch)
			}
		}
		f := finding(acc.file, hits[0].key, "%s set next to deepspeed_config_file %q; Accelerate refuses these when a DeepSpeed config file is used, set them in the file instead",
			quoteList(names), file)
		if len(hits) == 1 {
			f.Message = strings.Replace(f.Message, " set next", " is set next", 1)
		} else {
			f.Message = strings.Replace(f.Message, " set next", " are set next", 1)
		}
		if len(chs) == len(hits) {
			f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Delete %s from the Accelerate config", quoteList(names)), Safety: lint.Unsafe, Changes: chs})
		}
		p.Report(f)
	},
}

// mixedPrecisionOnCommandLine reports whether the job's accelerate launch
// command gives --mixed_precision: the launcher then uses it and does not
// pass the config file's mixed_precision to the DeepSpeed plugin.
func mixedPrecisionOnCommandLine(p *lint.Pass) bool {
	c := p.Job.Command
	if c == nil || c.Launcher != shell.Accelerate {
		return false
	}
	_, _, ok := c.LauncherFlag("mixed_precision")
	return ok
}

// accelerateDSFile returns the deepspeed_config_file an Accelerate config
// names, when it names one.
func accelerateDSFile(acc conf) (string, bool) {
	if !acc.ok() {
		return "", false
	}
	_, f := acc.get("deepspeed_config.deepspeed_config_file")
	if f == nil || document.IsNull(f) || f.Value == "" || strings.EqualFold(f.Value, "none") {
		return "", false
	}
	return f.Value, true
}

// accelerateIgnoredWithFile are the deepspeed_config keys Accelerate refuses
// next to deepspeed_config_file (DeepSpeedPlugin._deepspeed_config_checks).
var accelerateIgnoredWithFile = []string{
	"gradient_accumulation_steps", "gradient_clipping", "zero_stage", "offload_optimizer_device", "offload_param_device",
	"offload_param_nvme_path", "offload_optimizer_nvme_path", "zero3_save_16bit_model",
}
