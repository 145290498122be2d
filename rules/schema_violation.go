package rules

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/schemas"
	"github.com/trainlint/trainlint/shell"
)

// dsLenient are the DeepSpeed keys read with plain dict lookups and Python
// truthiness, where a value of the wrong type does not stop the job.
var dsLenient = []string{
	"steps_per_print", "wall_clock_breakdown", "memory_breakdown", "dump_state", "prescale_gradients",
	"gradient_predivide_factor", "sparse_gradients", "disable_allgather", "zero_allow_untested_optimizer",
	"zero_force_ds_cpu_optimizer", "dataloader_drop_last", "activation_checkpointing", "flops_profiler",
	"graph_harvesting", "managed_gradient_accumulation", "log_level", "scheduler", "amp", "torch_autocast",
	"checkpoint.load_universal", "checkpoint.use_node_local_storage",
}

// dsTypedSince notes, per DeepSpeed section, the release from which the
// section is validated by a typed model; older releases read it as a plain
// dict and accepted looser values.
var dsTypedSince = map[string]string{
	"fp16":     "DeepSpeed 0.17.1 and later validate \"fp16\" with a typed model; older releases read it as a plain dict",
	"bf16":     "DeepSpeed 0.17.1 and later validate \"bf16\" with a typed model; older releases read it as a plain dict",
	"bfloat16": "DeepSpeed 0.17.1 and later validate \"bfloat16\" with a typed model; older releases read it as a plain dict",
	"compile":  "DeepSpeed 0.16.6 and later read \"compile\" as its DeepCompile settings",
}

// dsPydanticSections are the DeepSpeed sections read by pydantic models
// (DeepSpeedConfigModel subclasses, validated in lax mode), which turn the
// string "true" into True and "500000000" into 500000000.
var dsPydanticSections = map[string]bool{
	"zero_optimization": true, "fp16": true, "bf16": true, "bfloat16": true, "tensorboard": true, "wandb": true,
	"csv_monitor": true, "comet": true, "comms_logger": true, "hybrid_engine": true, "tensor_parallel": true,
}

// dsComparedByHF are the pydantic-read keys the Hugging Face integration
// compares as written (HfTrainerDeepSpeedConfig.fill_match), so a string
// there is a mismatch with the Trainer's boolean.
var dsComparedByHF = map[string]bool{"fp16.enabled": true, "bf16.enabled": true}

// pydanticBools are the strings pydantic's lax mode reads as booleans.
var pydanticBools = map[string]bool{"0": true, "off": true, "f": true, "false": true, "n": true, "no": true, "1": true, "on": true, "t": true, "true": true, "y": true, "yes": true}

// pydanticCoerces reports whether DeepSpeed's own pydantic config turns
// the string of a type violation into the expected type.
func pydanticCoerces(v schemas.Violation) bool {
	n := v.Node
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return false
	}
	section, _, _ := strings.Cut(v.Key, ".")
	if !dsPydanticSections[section] || v.Key == "zero_optimization.stage" {
		return false
	}
	val := strings.TrimSpace(n.Value)
	switch {
	case strings.HasPrefix(v.Message, "expected a boolean"):
		return pydanticBools[strings.ToLower(val)]
	case strings.HasPrefix(v.Message, "expected an integer"):
		_, err := strconv.ParseInt(val, 10, 64)
		return err == nil
	case strings.HasPrefix(v.Message, "expected a number"):
		_, err := strconv.ParseFloat(val, 64)
		return err == nil
	}
	return false
}

// SchemaViolation reports values of the wrong type, outside their range or
// not among their choices, per trainlint's DeepSpeed, Trainer and
// Accelerate schemas.
var SchemaViolation = &lint.Rule{
	ID:       "schema-violation",
	Severity: lint.Error,
	Summary:  "a config value has the wrong type, range or choice",
	Doc: lint.Doc{
		What: "Validates DeepSpeed configs, Hugging Face Trainer argument files (also LLaMA-Factory's, which HfArgumentParser reads) and Accelerate configs against trainlint's JSON Schemas " +
			"(`trainlint schema deepspeed|trainer|accelerate`) and reports each failing value at its key, with what was expected and what was found: " +
			"`\"zero_optimization.stage\": expected one of 0, 1, 2, 3 or \"auto\", found 4`. YAML is typed the way Python's yaml.safe_load types it, so a plain `no` is the boolean false. " +
			"Unknown keys are left to ds-unknown-key, ds-unknown-top-level-key and accelerate-unknown-key; unknown Trainer keys are not reported, since fine-tune scripts add their own.",
		Why: "DeepSpeed's pydantic sections reject a bad type or value while the config is read (in lax mode: they read the strings \"true\" and \"500000000\" as true and 500000000, so those are reported only where the Hugging Face Trainer compares the value as written, `fp16.enabled` and `bf16.enabled`: an error under the Trainer, a warning under Accelerate without it (Accelerate fills only \"auto\" values) or when the program is unknown, nothing under a plain `deepspeed` launch); TrainingArguments rejects unknown `optim`, `lr_scheduler_type` and strategy names, and Accelerate unknown `distributed_type` or `mixed_precision` values (a warning when the job's `accelerate launch` gives that option itself, since the launch's value is the one used). " +
			"Keys DeepSpeed reads as plain dict values (e.g. `wall_clock_breakdown`) do not stop the job but misbehave with the wrong type: those are warnings. " +
			"A string where TrainingArguments has a boolean (`do_eval: \"no\"`) does not stop the job either: HfArgumentParser's YAML and JSON readers build the arguments with the string unconverted, and a non-empty string tests true, so a word that says false is a warning and one that says true is not reported; " +
			"TRL's own scripts and CLI and ms-swift's argument files hand the string to argparse, whose string_to_bool reads yes/no, true/false, t/f, y/n and 1/0 and stops on any other string (an error).",
		Example:    `{"zero_optimization": {"stage": 4}}`,
		UseInstead: `{"zero_optimization": {"stage": 3}}`,
		References: []string{"schemas/deepspeed.schema.json, schemas/trainer.schema.json, schemas/accelerate.schema.json", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config_utils.py (DeepSpeedConfigModel: pydantic, not strict)", "huggingface/transformers v5.x src/transformers/integrations/deepspeed.py (HfTrainerDeepSpeedConfig.fill_match, trainer_config_process)", "huggingface/accelerate v1.15.0.dev0 (16cb6eb) src/accelerate/accelerator.py (_prepare_deepspeed: deepspeed_config_process(must_match=False)), src/accelerate/utils/dataclasses.py (DeepSpeedPlugin.set_mixed_precision)", "huggingface/transformers v4.43 to v5.x src/transformers/hf_argparser.py (parse_dict: dataclass built without conversion; string_to_bool), src/transformers/training_args.py (do_train, do_eval, do_predict: not used by the Trainer, tested by scripts)", "https://www.deepspeed.ai/docs/config-json/", "https://huggingface.co/docs/transformers/main_classes/trainer#transformers.TrainingArguments"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 4}}`,
	}},
	Check: func(p *lint.Pass) {
		if ds := dsConf(p.Job); ds.ok() {
			validateConf(p, ds, "deepspeed", dsTypedSince, func(v schemas.Violation) (string, lint.Severity, bool) {
				sev := lint.Error
				for _, l := range dsLenient {
					if v.Key == l || strings.HasPrefix(v.Key, l+".") {
						sev = lint.Warning
					}
				}
				if !pydanticCoerces(v) {
					return "", sev, true
				}
				switch {
				case !dsComparedByHF[v.Key], launcher(p) == "deepspeed":
					return "", sev, false // DeepSpeed reads the string as the value it spells
				case hfTrainer(p):
					return "DeepSpeed itself would read the string as its value, but the Hugging Face Trainer compares it as written with its boolean and stops on the mismatch", lint.Error, true
				}
				// Accelerate without the Trainer fills only "auto" values
				// (huggingface/accelerate v1.15.0.dev0 @16cb6eb
				// src/accelerate/accelerator.py _prepare_deepspeed:
				// deepspeed_config_process(must_match=False); utils/
				// dataclasses.py DeepSpeedPlugin.set_mixed_precision:
				// fill_match("fp16.enabled", must_match=False)).
				return "DeepSpeed reads the string as its value, and so does Accelerate, which fills only \"auto\" values; the Hugging Face Trainer compares it as written and stops on the mismatch", lint.Warning, true
			})
		}
		if t := p.Job.Trainer; t != nil && t.Root != nil && (t.Format == read.Trainer || t.Format == read.LlamaFactory) {
			trl, isTRL := read.DetectTRL(p.Job)
			converts := (isTRL && trl.Script) || read.SwiftArgsFile(p.Job)
			validateConf(p, conf{t, t.Root}, "trainer", nil, func(v schemas.Violation) (string, lint.Severity, bool) {
				return trainerBoolString(v, converts)
			})
		}
		if acc := accConf(p.Job); acc.ok() {
			validateConf(p, acc, "accelerate", nil, func(v schemas.Violation) (string, lint.Severity, bool) {
				if launchGives(p.Job.Command, v.Key) {
					return fmt.Sprintf("this launch gives --%s, which accelerate launch uses in its place", v.Key), lint.Warning, true
				}
				return "", lint.Error, true
			})
		}
	},
}

// argparseBools are the words transformers' string_to_bool reads as
// booleans, case-insensitively (src/transformers/hf_argparser.py, v4.43
// through v5.x); it raises on any other string.
var argparseBools = map[string]bool{"yes": true, "true": true, "t": true, "y": true, "1": true, "no": false, "false": false, "f": false, "n": false, "0": false}

// trainerBoolString decides a string where a Trainer argument file has a
// boolean field. converts is true when argparse reads the file's values
// (TRL's own scripts and CLI through TrlParser, ms-swift's argument files),
// which turn a yes/no word into the boolean and stop on any other string.
// Otherwise HfArgumentParser.parse_yaml_file, parse_json_file and parse_dict
// build the dataclass with the string unconverted, and TrainingArguments and
// the scripts test the field for truth: a non-empty string reads as true, so
// only a string whose word says false, or no boolean, misleads.
func trainerBoolString(v schemas.Violation, converts bool) (string, lint.Severity, bool) {
	n := v.Node
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!str" || !strings.HasPrefix(v.Message, "expected a boolean") {
		return "", lint.Error, true
	}
	word, spelled := argparseBools[strings.ToLower(n.Value)]
	switch {
	case converts && spelled:
		return "", lint.Error, false
	case converts:
		return "argparse's string_to_bool accepts only yes/no, true/false, t/f, y/n and 1/0, so the job stops while its arguments are parsed", lint.Error, true
	case word:
		return "", lint.Error, false // read as true, as it says
	case n.Value == "":
		return "HfArgumentParser passes the string unconverted and Python reads the empty string as false", lint.Warning, true
	}
	return fmt.Sprintf("HfArgumentParser passes the string unconverted and Python reads every non-empty string as true, so %q turns it on", n.Value), lint.Warning, true
}

// launchGives reports whether the job's accelerate launch gives the
// top-level config key as its own option (--mixed_precision bf16): accelerate
// launch copies a config value only into an option the command line left
// unset (huggingface/accelerate v1.15 src/accelerate/commands/launch.py
// _validate_launch_command), so a bad value there is never used by this job.
func launchGives(c *shell.Command, key string) bool {
	if c == nil || c.Launcher != shell.Accelerate || strings.Contains(key, ".") {
		return false
	}
	_, _, ok := c.LauncherFlag(key)
	return ok
}

// validateConf reports the schema violations of one mapping. verdict
// decides per violation whether it is reported, with which note (a reading
// that depends on the launcher or the parser) and which severity.
func validateConf(p *lint.Pass, c conf, schema string, notes map[string]string, verdict func(schemas.Violation) (string, lint.Severity, bool)) {
	vs, err := schemas.ValidatePython(schema, c.root)
	if err != nil {
		return
	}
	for _, v := range vs {
		if v.Keyword == "additionalProperties" {
			continue
		}
		why, sev, report := verdict(v)
		if !report {
			continue
		}
		at := v.KeyNode
		if at == nil {
			at = v.Node
		}
		var f lint.Finding
		if v.Key == "" {
			f = finding(c.file, at, "%s", v.Message)
		} else {
			f = finding(c.file, at, "%q: %s", v.Key, v.Message)
		}
		b, pyBool := pyBoolString(v)
		if v.Keyword == "enum" && len(v.Allowed) > 0 && v.Node != nil && !pyBool {
			if s := suggest(v.Node.Value, unquoteAll(v.Allowed)); s != "" {
				f.Message += fmt.Sprintf(" (did you mean %q?)", s)
			}
		}
		if pyBool {
			f.Message += fmt.Sprintf("; PyYAML reads a plain %s as a boolean, quote it: '%s'", v.Node.Value, b)
		}
		section, _, _ := strings.Cut(v.Key, ".")
		if n, ok := notes[section]; ok {
			f.Notes = append(f.Notes, n)
		}
		f.Severity = sev
		if why != "" {
			f.Message += "; " + why
		}
		p.Report(f)
	}
}

// pyBoolString reports a plain YAML 1.1 boolean (no, off, yes, on) where the
// schema allows that word as a string.
func pyBoolString(v schemas.Violation) (string, bool) {
	if v.Node == nil || v.Node.Style != 0 || document.IsNull(v.Node) || v.Node.Tag == "!!bool" {
		return "", false
	}
	word := v.Node.Value
	for _, a := range unquoteAll(v.Allowed) {
		if strings.EqualFold(a, word) {
			return a, true
		}
	}
	return "", false
}

func unquoteAll(vals []string) []string {
	out := make([]string, 0, len(vals))
	for _, s := range vals {
		out = append(out, strings.Trim(s, `"`))
	}
	return out
}
