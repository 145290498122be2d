package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/schemas"
)

// dsCompileReplaced is the DeepSpeed release from which "compile" holds
// DeepCompile's settings (deepspeed/compile/config.py CompileConfig) and no
// longer the torch.compile ones (deepspeed/runtime/compiler.py
// CompileConfig: enabled, backend, kwargs) that removedDSKeys name.
const dsCompileReplaced = "0.16.6"

// removedDSKeys explain unknown keys that an older DeepSpeed read.
var removedDSKeys = map[string]string{
	"compile.enabled": "the torch.compile settings of DeepSpeed 0.14 were removed; DeepSpeed 0.16.6 and later read \"compile\" as its DeepCompile settings and reject it",
	"compile.backend": "the torch.compile settings of DeepSpeed 0.14 were removed; DeepSpeed 0.16.6 and later read \"compile\" as its DeepCompile settings and reject it",
	"compile.kwargs":  "the torch.compile settings of DeepSpeed 0.14 were removed; DeepSpeed 0.16.6 and later read \"compile\" as its DeepCompile settings and reject it",
	"compile.disable": "the torch.compile settings of DeepSpeed 0.14 were removed; DeepSpeed 0.16.6 and later read \"compile\" as its DeepCompile settings and reject it",
}

// DSUnknownKey reports unknown keys inside the DeepSpeed sections that
// DeepSpeed validates strictly.
var DSUnknownKey = &lint.Rule{
	ID:       "ds-unknown-key",
	Severity: lint.Error,
	Summary:  "an unknown key in a DeepSpeed section that rejects unknown keys",
	Doc: lint.Doc{
		What: "Reports keys DeepSpeed does not know inside the sections it parses with pydantic models that forbid extra fields: " +
			"`zero_optimization` (with `offload_param`, `offload_optimizer`, `zenflow`, `leaf_module`), `fp16`, `bf16`/`bfloat16`, `hybrid_engine`, `compile`, `comms_logger`, " +
			"`tensorboard`, `wandb`, `csv_monitor`, `comet`, `timers.throughput` and `tensor_parallel`, with the closest known key as a suggestion. " +
			"A torch.compile key of \"compile\" that DeepSpeed 0.16.6 removed is a warning when the repository pins an older DeepSpeed (deepspeed==X in a requirements.txt, setup.py or pyproject.toml above the config), which still reads it.",
		Why: "These models are declared with `extra=\"forbid\"`, so a typo such as `offload_params` or `stage3_prefetch_bucket` stops DeepSpeed while it reads the config with a pydantic `Extra inputs are not permitted` error. " +
			"(Unknown top-level keys are ignored instead; see ds-unknown-top-level-key.)",
		Example:    `{"zero_optimization": {"stage": 3, "offload_params": {"device": "cpu"}}}`,
		UseInstead: `{"zero_optimization": {"stage": 3, "offload_param": {"device": "cpu"}}}`,
		FixSafety:  "Unsafe: the fix renames the key to the closest known one, which is a guess at what was meant, and the setting then takes effect.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (DeepSpeedConfigModel: extra=\"forbid\")", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/config.py", "schemas/deepspeed.schema.json (`trainlint schema deepspeed`)"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 3, "offload_params": {"device": "cpu"}}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() {
			return
		}
		vs, err := schemas.ValidatePython("deepspeed", ds.root)
		if err != nil {
			return
		}
		for _, v := range vs {
			if v.Keyword != "additionalProperties" || v.KeyNode == nil || document.IsAuto(v.Node) {
				continue
			}
			parent, name := splitLast(v.Key)
			f := finding(ds.file, v.KeyNode, "unknown key %q in %q; DeepSpeed rejects keys its config model does not define", name, parent)
			if why, ok := removedDSKeys[v.Key]; ok {
				f.Notes = append(f.Notes, why)
				// A repository that pins a DeepSpeed older than the change
				// runs the job with the key read: the config breaks only
				// when DeepSpeed is upgraded.
				if pin := pinOf(p.Plan); pin.Set && read.ReleaseOlder(pin.V, dsCompileReplaced) {
					f.Severity = lint.Warning
					f.Notes = append(f.Notes, fmt.Sprintf("a warning, not an error: the repository pins deepspeed==%s (%s), which still reads it", pin.V, pin.From))
				}
			}
			if s := suggest(name, v.Allowed); s != "" {
				f.Message += fmt.Sprintf(" (did you mean %q?)", s)
				if ch, ok := ds.change(lint.Rename, nil, splitKey(v.Key)...); ok {
					ch.NewKey = s
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `%s`", name, s), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
			} else if len(v.Allowed) > 0 && len(v.Allowed) <= 12 {
				f.Notes = append(f.Notes, "known keys: "+strings.Join(v.Allowed, ", "))
			}
			p.Report(f)
		}
	},
}

// splitLast splits "a.b.c" into "a.b" and "c".
func splitLast(path string) (string, string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// pinOf is the DeepSpeed release the job's repository pins, if any.
func pinOf(pl *plan.Plan) plan.Value[string] {
	if pl == nil {
		return plan.Value[string]{}
	}
	return pl.DeepSpeedPin
}
