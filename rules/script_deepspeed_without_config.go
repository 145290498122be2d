package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

// ScriptDeepSpeedWithoutConfig reports a deepspeed launch of a Hugging Face
// Trainer script that is given no DeepSpeed config.
var ScriptDeepSpeedWithoutConfig = &lint.Rule{
	ID:       "script-deepspeed-without-config",
	Severity: lint.Warning,
	Summary:  "a deepspeed launch runs a Trainer script without --deepspeed, so ZeRO is off",
	Doc: lint.Doc{
		What: "Reports a `deepspeed` launcher command whose program takes Hugging Face Trainer arguments (or a Trainer, LLaMA-Factory or axolotl config) " +
			"but is given no DeepSpeed config: no `--deepspeed`/`--deepspeed_config` flag and no `deepspeed` key in its config file.",
		Why: "The `deepspeed` launcher only starts the processes; DeepSpeed itself is switched on by the Trainer's `deepspeed` argument. " +
			"Without it the Trainer runs plain PyTorch DDP: every GPU holds the full model, gradients and optimizer states, with no ZeRO sharding or offload, " +
			"so a job sized for ZeRO runs out of memory (or, if it fits, trains without the DeepSpeed features the launcher suggests).",
		Example:    "deepspeed --num_gpus 8 train.py --output_dir out --bf16 --per_device_train_batch_size 4 --save_strategy steps",
		UseInstead: "deepspeed --num_gpus 8 train.py --deepspeed ds_config.json --output_dir out --bf16 --per_device_train_batch_size 4 --save_strategy steps",
		References: []string{"https://huggingface.co/docs/transformers/deepspeed#deployment", "huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments.__post_init__ builds the DeepSpeed plugin from deepspeed)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "#!/bin/bash\ndeepspeed --num_gpus 8 train.py \\\n  --output_dir out \\\n  --bf16 \\\n  --per_device_train_batch_size 4 \\\n  --save_strategy steps \\\n  --logging_steps 10\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		c := j.Command
		if c == nil || c.Unreachable || c.Launcher != shell.Deepspeed || j.Script == nil || j.DeepSpeed != nil {
			return
		}
		for _, name := range []string{"deepspeed", "deepspeed_config", "deepscale", "deepscale_config", "zero_stage"} {
			if _, _, ok := c.Flag(name); ok {
				return
			}
		}
		if j.Trainer != nil && j.Trainer.Root != nil {
			if _, v := document.Get(j.Trainer.Root, "deepspeed"); v != nil && !document.IsNull(v) {
				return
			}
		}
		for _, w := range c.Args {
			if !w.Known && !strings.HasPrefix(w.Text, "-") {
				return // "$@" or an unset $ARGS may carry --deepspeed
			}
		}
		if len(j.Unresolved) > 0 {
			return // a config file that was not read may set it
		}
		what := ""
		switch {
		case j.Trainer != nil:
			what = fmt.Sprintf("the %s config %q", formatName[j.Trainer.Format], j.Trainer.Path)
		case read.LlamaFactoryCommand(j):
			what = "LLaMA-Factory arguments"
		case trainerArgsEvidence(j):
			what = "Hugging Face Trainer arguments"
		default:
			return
		}
		prog := c.Program
		f := lint.Finding{File: j.Script.Path, Line: prog.Pos.Line, Column: prog.Pos.Column,
			Message: fmt.Sprintf("\"deepspeed\" launches %q with %s but no \"--deepspeed\" config; the Trainer then runs plain DDP without ZeRO, so every GPU holds the full model, gradient and optimizer states", prog.Text, what)}
		p.Report(f)
	},
}

// trainerOnlyArgs are TrainingArguments flags that scripts with their own
// argument parsers (DeepSpeed-Chat, Megatron) do not take.
var trainerOnlyArgs = []string{"save_strategy", "evaluation_strategy", "eval_strategy", "logging_strategy", "logging_steps", "report_to",
	"save_total_limit", "do_train", "overwrite_output_dir", "bf16", "fp16", "tf32", "remove_unused_columns", "dataloader_num_workers", "save_steps", "warmup_ratio"}

// trainerArgsEvidence reports whether a command's flags are Hugging Face
// TrainingArguments: an output_dir and at least two Trainer-only flags.
func trainerArgsEvidence(j *read.Job) bool {
	if j.Args == nil {
		return false
	}
	if _, v := document.Get(j.Args, "output_dir"); v == nil {
		return false
	}
	n := 0
	for _, name := range trainerOnlyArgs {
		if _, v := document.Get(j.Args, name); v != nil {
			n++
		}
	}
	return n >= 2
}

// formatName names a config format in messages.
var formatName = map[read.Format]string{read.Trainer: "Trainer", read.LlamaFactory: "LLaMA-Factory", read.Axolotl: "axolotl"}
