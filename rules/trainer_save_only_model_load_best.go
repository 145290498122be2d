package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// TrainerSaveOnlyModelLoadBest reports save_only_model with
// load_best_model_at_end under DeepSpeed or FSDP.
var TrainerSaveOnlyModelLoadBest = &lint.Rule{
	ID:       "trainer-save-only-model-load-best",
	Severity: lint.Error,
	Summary:  "save_only_model with load_best_model_at_end under DeepSpeed or FSDP",
	Doc: lint.Doc{
		What: "Reports `save_only_model: true` together with `load_best_model_at_end: true` in Trainer arguments of a job that runs DeepSpeed or FSDP.",
		Why: "Loading the best checkpoint back into a DeepSpeed or FSDP engine needs the engine's own checkpoint, which save_only_model leaves out; " +
			"`Trainer.create_accelerator_and_postprocess` raises ``ValueError: DeepSpeed can't be used with `save_only_model` along with `load_best_model_at_end`.`` before training.",
		Example:    "save_only_model: true\nload_best_model_at_end: true\ndeepspeed: ds_zero3.json",
		UseInstead: "load_best_model_at_end: true\ndeepspeed: ds_zero3.json",
		FixSafety:  "Safe for the run: the fix saves the full checkpoints (optimizer states too), which takes more disk.",
		References: []string{"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.create_accelerator_and_postprocess)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\neval_strategy: steps\nsave_strategy: steps\nsave_only_model: true\nload_best_model_at_end: true\ndeepspeed: zero3.json\n",
		"zero3.json": `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		j := p.Job
		so := trainerArg(j, "save_only_model")
		if !isTrue(so.val) || !isTrue(trainerArg(j, "load_best_model_at_end").val) || !hfTrainer(p) {
			return
		}
		wrapper := ""
		switch {
		case p.Plan.ZeRO.Enabled:
			wrapper = "DeepSpeed"
		case p.Plan.FSDP.Mode.Set && p.Plan.FSDP.Mode.V != "" && p.Plan.FSDP.Mode.V != "no_shard":
			wrapper = "FSDP"
		default:
			return
		}
		f := finding(so.conf.file, so.at(), "\"save_only_model\" and \"load_best_model_at_end\" are both true under %s; the Trainer raises before training", wrapper)
		if ch, ok := so.conf.change(lint.Set, false, "save_only_model"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `save_only_model` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
