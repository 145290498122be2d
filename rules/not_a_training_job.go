package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// NotATrainingJob tells that a job was recognized as evaluation,
// inference, serving, export or data preparation, and so was not checked
// for training memory.
var NotATrainingJob = &lint.Rule{
	ID:       "not-a-training-job",
	Severity: lint.Info,
	Summary:  "the job evaluates, serves or prepares data, so training memory is not checked",
	Doc: lint.Doc{
		What: "Reports, once per job, that the launch or config was recognized as something other than training, and how: " +
			"a CLI subcommand that does not train (`swift infer|eval|deploy|app|export`, `megatron export`, `llamafactory-cli chat|eval|export|api|webui`), " +
			"a serving or evaluation tool (`vllm serve`, `python -m vllm.entrypoints…`, `python -m sglang.launch_server`, `lm_eval`), " +
			"a script or module named for evaluation, inference or data preparation (`model_vqa*.py`, `eval*.py`, `python -m llava.eval.model_vqa_loader`, `convert_*.py`), " +
			"or Trainer arguments with `do_predict` (or, where the program reads it, `do_eval`) and no `do_train`. " +
			"Such a job gets neither an out-of-memory verdict nor memory-not-checked.",
		Why: "These jobs take no optimizer step: no gradients, no optimizer state, no activations kept for backward. " +
			"A training estimate would call a fitting inference job out of memory, and a memory-not-checked warning on every evaluation script of a repository would bury the real ones. " +
			"The finding says the job was seen and what it was taken for, so a misrecognized training job is noticed.",
		Example:    "python -m llava.eval.model_vqa_loader --model-path liuhaotian/llava-v1.5-13b --temperature 0",
		UseInstead: "Nothing to change. If the job does train, name its script for what it does or pass `--do_train`.",
		FixSafety:  "No fix: there is nothing wrong.",
		References: []string{
			"ms-swift v4.5.2 swift/cli/main.py ROUTE_MAPPING (the swift subcommands)",
			"LLaMA-Factory src/llamafactory/cli.py (the llamafactory-cli subcommands)",
			"transformers TrainingArguments do_train, do_eval, do_predict",
		},
	},
	Example: lint.Example{
		Files:   map[string]string{"eval.sh": "python -m llava.eval.model_vqa_loader --model-path liuhaotian/llava-v1.5-13b --temperature 0\n"},
		Project: "hardware:\n  gpu: a100-80gb\n",
	},
	Check: func(p *lint.Pass) {
		v := p.Plan.NotTraining
		if !v.Set {
			return
		}
		p.Report(p.FindingAt(v.From, "not a training job (%s): not checked for training memory", v.V))
	},
}
