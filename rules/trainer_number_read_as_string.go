package rules

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// pyYAMLFloat is PyYAML's (YAML 1.1) float resolver: a float needs a dot,
// and an exponent needs a sign, so 1e-5 and 1.0e5 stay strings.
var pyYAMLFloat = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
})

// pyYAMLInt is PyYAML's decimal int resolver (the forms written in configs).
var pyYAMLInt = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+]?(?:0|[1-9][0-9_]*)$`) })

// trainerFloatArgs are float TrainingArguments fields the optimizer or the
// clipping code compares with numbers.
var trainerFloatArgs = []string{"learning_rate", "weight_decay", "adam_beta1", "adam_beta2", "adam_epsilon", "max_grad_norm"}

// TrainerNumberReadAsString reports float Trainer arguments that PyYAML
// reads as strings in a YAML file HfArgumentParser hands over unconverted.
var TrainerNumberReadAsString = &lint.Rule{
	ID:       "trainer-number-read-as-string",
	Severity: lint.Error,
	Summary:  "a Trainer number that PyYAML reads as a string, such as learning_rate: 1e-5",
	Doc: lint.Doc{
		What: "Reports `learning_rate`, `weight_decay`, `adam_beta1`, `adam_beta2`, `adam_epsilon` and `max_grad_norm` written as `1e-5` or `1.0e5` in a Trainer-argument YAML file " +
			"read by `HfArgumentParser.parse_yaml_file`. TRL configs and those of projects that read theirs with TRL's TrlParser, such as Aria's (TrlParser hands YAML values to argparse, which converts them), LLaMA-Factory (OmegaConf reads 1e-5 as a float), ms-swift argument files (swift/cli/main.py turns each value into a command-line word its parser converts) " +
			"and axolotl (pydantic converts) are not reported, nor are files whose values interpolate others (`${..model_path}`: OmegaConf, as Hydra projects load them, reads 1e-5 as a float), nor are launch-script flags or arguments nested in a project's own config (ChatGLM3's `training_args`, read with ruamel's YAML 1.2 loader).",
		Why: "PyYAML follows YAML 1.1: a float needs a dot and a signed exponent, so `1e-5` is the string \"1e-5\". `HfArgumentParser.parse_yaml_file` passes it to TrainingArguments unchanged, " +
			"and the optimizer then compares it with a number (`0.0 <= lr` in torch's AdamW): the job stops with a TypeError when the optimizer is built.",
		Example:    "learning_rate: 1e-5",
		UseInstead: "learning_rate: 1.0e-5",
		References: []string{
			"huggingface/transformers v5.x src/transformers/hf_argparser.py (HfArgumentParser.parse_yaml_file, parse_dict: no type conversion)",
			"yaml/pyyaml 6.0 lib/yaml/resolver.py (Resolver: the tag:yaml.org,2002:float pattern)",
			"huggingface/trl v1.9 trl/scripts/utils.py (TrlParser.set_defaults_with_config: argparse converts string defaults)",
			"rhymes-ai/Aria@9b25fec aria/train.py (TrlParser((AriaSFTScriptArguments, SFTConfig, AriaModelConfig)).parse_args_and_config())",
			"modelscope/ms-swift v4.5.2 swift/cli/main.py (parse_yaml_args: str(v) for each value, then HfArgumentParser.parse_args_into_dataclasses)",
			"omry/omegaconf 2.3 omegaconf/_utils.py (get_yaml_loader adds a float resolver that reads 1e-5 as a float; LLaMA-Factory's read_args loads YAML with OmegaConf.load)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nper_device_train_batch_size: 4\nlearning_rate: 1e-5\n",
	}},
	Check: func(p *lint.Pass) {
		t := p.Job.Trainer
		if t == nil || t.Format != read.Trainer || t.Root == nil || p.Plan.Recipe.V == plan.RecipeMiniCPMV {
			return
		}
		// Arguments nested in a larger file (ChatGLM3's training_args) are
		// read by the project's own loader (ruamel's YAML 1.2 reads 5e-5
		// as a float), not by HfArgumentParser.parse_yaml_file.
		if t.Doc == nil || t.Root != t.Doc.Root {
			return
		}
		if ext := strings.ToLower(filepath.Ext(t.Path)); ext != ".yaml" && ext != ".yml" {
			return
		}
		if _, isTRL := read.DetectTRL(p.Job); isTRL || read.SwiftArgsFile(p.Job) {
			return
		}
		// A value that interpolates another (${..model_path}, ${oc.env:X})
		// means the file is loaded with OmegaConf (Hydra), whose loader reads
		// 1e-6 as a float; HfArgumentParser would keep ${…} as text.
		if interpolates(t.Root) {
			return
		}
		c := conf{t, t.Root}
		for _, name := range trainerFloatArgs {
			k, v := c.get(name)
			if v == nil || v.Kind != yaml.ScalarNode || v.Style != 0 || v.Tag != "!!float" {
				continue
			}
			if pyYAMLFloat().MatchString(v.Value) || pyYAMLInt().MatchString(v.Value) {
				continue
			}
			fixed, ok := pyFloatSpelling(v.Value)
			f := finding(t, k, "%q is written %s, which PyYAML reads as the string %q; HfArgumentParser passes it on unconverted and the optimizer raises", name, v.Value, v.Value)
			if ok {
				// The rewriter writes numbers the way Go formats them
				// (1e-05), which PyYAML reads as a string too, so the
				// spelling is advice rather than a fix.
				f.Message += " (write " + fixed + ")"
			}
			p.Report(f)
		}
	},
}

// pyFloatSpelling rewrites a number such as 1e-5 or 2E5 in the form PyYAML
// reads as a float: 1.0e-5, 2.0e+5.
func pyFloatSpelling(s string) (string, bool) {
	mant, exp, ok := strings.Cut(strings.ToLower(s), "e")
	if !ok || mant == "" || exp == "" {
		return "", false
	}
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	if exp[0] != '-' && exp[0] != '+' {
		exp = "+" + exp
	}
	out := mant + "e" + exp
	return out, pyYAMLFloat().MatchString(out)
}

// interpolates reports a scalar value in n that holds an OmegaConf
// interpolation (${…}).
func interpolates(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return strings.Contains(n.Value, "${")
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			continue // a key
		}
		if interpolates(c) {
			return true
		}
	}
	return false
}
