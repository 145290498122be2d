package rules

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// argData holds the argument names of the parsers the rule knows, one per
// line, each file saying which release it was listed from.
//
//go:embed data/*.txt
var argData embed.FS

// argSets are the argument names of each parser, read once.
type argSets struct {
	transformers5, transformers4, llamaFactory, trl map[string]bool
	// llamaFactoryRemoved gives, for each field an earlier LLaMA-Factory
	// release had and v0.9.5 no longer has, the releases that have it.
	llamaFactoryRemoved map[string]string
}

var knownArgs = sync.OnceValue(func() argSets {
	load := func(name string) map[string]bool {
		f, err := argData.Open("data/" + name)
		if err != nil {
			panic(err) // embedded at build time: a missing file is a build error
		}
		defer f.Close()
		return read.NameList(f)
	}
	removed := map[string]string{}
	for name := range load("llamafactory-removed-args.txt") {
		if f := strings.Fields(name); len(f) == 3 {
			removed[f[0]] = f[1] + " to " + f[2]
		}
	}
	return argSets{
		transformers5:       load("transformers-v5-training-args.txt"),
		transformers4:       load("transformers-v4-training-args.txt"),
		llamaFactory:        load("llamafactory-v0.9.5-args.txt"),
		trl:                 load("trl-v1.9-args.txt"),
		llamaFactoryRemoved: removed,
	}
})

// llamaFactoryV1Keys mark LLaMA-Factory's v1 configs (examples/v1), which a
// different parser reads.
var llamaFactoryV1Keys = []string{"model", "peft_config", "quant_config", "dist_config", "train_dataset"}

// TrainerUnknownKey reports keys the argument parser of a LLaMA-Factory or
// TRL config does not know.
var TrainerUnknownKey = &lint.Rule{
	ID:       "trainer-unknown-key",
	Severity: lint.Error,
	Summary:  "a key that the LLaMA-Factory or TRL argument parser does not know",
	Doc: lint.Doc{
		What: "Checks the top-level keys of a LLaMA-Factory YAML config against the fields of LLaMA-Factory's argument dataclasses and transformers' Seq2SeqTrainingArguments, " +
			"and those of a TRL config run by TRL's own CLI or scripts (`trl sft --config …`, trl/scripts/sft.py) against TRL's config classes, ModelConfig and ScriptArguments, with the closest known key. " +
			"The field lists are data files in rules/data, each naming the release it was listed from (LLaMA-Factory v0.9.5, TRL v1.9, transformers v5.0/5.1 and v4.5x). " +
			"Other Trainer-argument files are not checked: their script adds dataclasses trainlint cannot see.",
		Why: "LLaMA-Factory's `_parse_args` raises `Some specified arguments are not used by the HfArgumentParser: [...]` for a key no dataclass takes (error). " +
			"Keys that only transformers 4 has (`evaluation_strategy`, `group_by_length`, `no_cuda`, …) are rejected once transformers 5 is installed, which LLaMA-Factory accepts up to 5.8 (warning), " +
			"and keys an earlier LLaMA-Factory release had (`train_mm_proj_only` in v0.8.0 to v0.9.1, `visual_inputs`, `dpo_beta`, …) only by a release after it (warning: a recipe runs with the release it was written for, often a copy kept in its own repository). " +
			"TRL's scripts parse with `fail_with_unknown_args=False`, so an unknown key is silently ignored (warning).",
		Example:    "stage: sft\nfinetuning_type: lora\nlora_target_modules: all   # LLaMA-Factory calls it lora_target",
		UseInstead: "stage: sft\nfinetuning_type: lora\nlora_target: all",
		FixSafety:  "Unsafe: the fix renames the key to the closest known one, which is a guess, and the setting then takes effect.",
		References: []string{
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (_parse_args: unknown arguments raise)",
			"hiyouga/LLaMA-Factory v0.6.0 to v0.9.4 src/llamafactory/hparams/*args*.py (the fields later releases removed: rules/data/llamafactory-removed-args.txt; train_mm_proj_only in finetuning_args.py, v0.8.0 to v0.9.1)",
			"huggingface/trl v1.9 trl/scripts/utils.py (TrlParser.parse_args_and_config) and trl/scripts/sft.py (fail_with_unknown_args=False)",
			"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments fields)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"qwen3_lora_sft.yaml": "model_name_or_path: Qwen/Qwen3-4B-Instruct-2507\nstage: sft\ndo_train: true\nfinetuning_type: lora\nlora_target_modules: all\ndataset: alpaca_en_demo\ntemplate: qwen3_nothink\noutput_dir: saves/qwen3-4b/lora/sft\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		t := p.Job.Trainer
		if t == nil || t.Root == nil || t.Doc == nil || t.Root != t.Doc.Root {
			return
		}
		var known map[string]bool
		parser := ""
		// The argument lists are read only for a file the rule checks.
		var args argSets
		switch t.Format {
		case read.LlamaFactory:
			for _, k := range llamaFactoryV1Keys {
				if _, v := document.Get(t.Root, k); v != nil {
					return
				}
			}
			args = knownArgs()
			known, parser = union(args.llamaFactory, args.transformers5), "LLaMA-Factory"
		case read.Trainer:
			if tj, isTRL := read.DetectTRL(p.Job); !isTRL || !tj.Script {
				return // a script of its own may add dataclasses
			}
			args = knownArgs()
			known, parser = union(args.trl, args.transformers5, args.transformers4), "TRL"
		default:
			return
		}
		names := make([]string, 0, len(known))
		for k := range known {
			names = append(names, k)
		}
		sort.Strings(names)
		c := conf{t, t.Root}
		for _, pair := range document.Pairs(t.Root) {
			name := pair.Key.Value
			// A KTransformers-patched transformers adds the kt_* arguments.
			if known[name] || (parser == "LLaMA-Factory" && strings.HasPrefix(name, "kt_")) {
				continue
			}
			var f lint.Finding
			switch {
			case parser == "TRL":
				f = finding(t, pair.Key, "TRL's scripts do not know %q and ignore it (they parse with fail_with_unknown_args=False)", name)
				f.Severity = lint.Warning
			case args.llamaFactoryRemoved[name] != "":
				// A config written for the release it names runs with that
				// release (or a repository's own copy of it).
				f = finding(t, pair.Key, "%q is a field of LLaMA-Factory %s that later releases removed; LLaMA-Factory raises on it from the release that dropped it", name, args.llamaFactoryRemoved[name])
				f.Severity = lint.Warning
			case args.transformers4[name]:
				f = finding(t, pair.Key, "%q is a transformers 4 TrainingArguments field that transformers 5 removed; LLaMA-Factory raises on it when transformers 5 is installed", name)
				f.Severity = lint.Warning
			default:
				f = finding(t, pair.Key, "LLaMA-Factory does not know %q; its argument parser raises on unused arguments", name)
			}
			if s := renameTarget(name, names); s != "" {
				if _, taken := c.get(s); taken == nil {
					f.Message += fmt.Sprintf(" (did you mean %q?)", s)
					if ch, ok := c.change(lint.Rename, nil, name); ok {
						ch.NewKey = s
						f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Rename `%s` to `%s`", name, s), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
					}
				}
			}
			p.Report(f)
		}
	},
}

// renamedArgs are keys whose successor is not the closest by spelling.
var renamedArgs = map[string]string{
	"evaluation_strategy": "eval_strategy", "lora_target_modules": "lora_target", "no_cuda": "use_cpu",
	"group_by_length": "train_sampling_strategy", "lora_r": "lora_rank",
}

// renameTarget is the key to suggest for an unknown one.
func renameTarget(name string, known []string) string {
	if s, ok := renamedArgs[name]; ok && contains(known, s) {
		return s
	}
	return suggest(name, known)
}

func contains(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			out[k] = true
		}
	}
	return out
}
