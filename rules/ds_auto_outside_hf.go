package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// autoTopLevel are the top-level keys whose "auto" reaches DeepSpeed's own
// arithmetic as a string and fails at startup.
var autoTopLevel = map[string]bool{"train_batch_size": true, "train_micro_batch_size_per_gpu": true, "gradient_accumulation_steps": true, "gradient_clipping": true}

// DSAutoOutsideHF reports "auto" values in a DeepSpeed config that no
// integration fills in.
var DSAutoOutsideHF = &lint.Rule{
	ID:       "ds-auto-outside-hf",
	Severity: lint.Error,
	Summary:  "\"auto\" in a DeepSpeed config launched without the Hugging Face Trainer or Accelerate",
	Doc: lint.Doc{
		What: "Reports every `\"auto\"` value in a DeepSpeed config that a plain DeepSpeed engine reads (a `deepspeed` launch with `--deepspeed_config`, or `training.launcher: deepspeed` in .trainlint.yaml).",
		Why: "\"auto\" is not a DeepSpeed value: the Hugging Face Trainer and Accelerate replace it before DeepSpeed sees the config. " +
			"Read by DeepSpeed itself, a top-level batch value of \"auto\" reaches its arithmetic as a string and fails at startup (error); " +
			"`optimizer.params` and `scheduler.params` are passed to the optimizer and scheduler constructors as they are, so `\"lr\": \"auto\"` or `\"warmup_num_steps\": \"auto\"` raises a TypeError there (`max(2, warmup_num_steps)` in WarmupLR, `0.0 <= lr` in torch's AdamW) or at the first step (error); " +
			"while inside a section DeepSpeed's config models drop \"auto\" and silently use their defaults: `\"stage\": \"auto\"` becomes ZeRO stage 0 (warning).",
		Example:    `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": "auto"}}  # deepspeed train.py --deepspeed_config ds.json`,
		UseInstead: `{"train_micro_batch_size_per_gpu": 4, "zero_optimization": {"stage": 2}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (DeepSpeedConfigModel.__init__ drops \"auto\")", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._configure_basic_optimizer passes optimizer.params as keyword arguments)", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/lr_schedules.py (WarmupLR.__init__, WarmupDecayLR.__init__)", "https://huggingface.co/docs/transformers/deepspeed#deepspeed-and-trainer-parameter-summary"},
	},
	Example: lint.Example{
		Files:   map[string]string{"ds_config.json": `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 2}}`},
		Project: "training:\n  launcher: deepspeed\n",
	},
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() || launcher(p) != "deepspeed" {
			return
		}
		document.Walk(ds.root, func(path string, k, v *yaml.Node) {
			if !document.IsAuto(v) {
				return
			}
			if strings.HasPrefix(path, "optimizer.params.") || strings.HasPrefix(path, "scheduler.params.") {
				section, _, _ := strings.Cut(path, ".")
				p.Report(finding(ds.file, k, "%q is \"auto\", which only the Hugging Face Trainer and Accelerate fill in; DeepSpeed launched on its own passes the string to the %s, which raises on it", path, section))
				return
			}
			if autoTopLevel[path] {
				p.Report(finding(ds.file, k, "%q is \"auto\", which only the Hugging Face Trainer and Accelerate fill in; DeepSpeed launched on its own fails on it at startup", path))
				return
			}
			f := finding(ds.file, k, "%q is \"auto\", which only the Hugging Face Trainer and Accelerate fill in; DeepSpeed launched on its own ignores it and uses its default", path)
			f.Severity = lint.Warning
			p.Report(f)
		})
	},
}
