package rules

import "github.com/trainlint/trainlint/lint"

// GradientCheckpointingWithUseCache reports use_cache left on with gradient
// checkpointing.
var GradientCheckpointingWithUseCache = &lint.Rule{
	ID:       "gradient-checkpointing-with-use-cache",
	Severity: lint.Warning,
	Summary:  "use_cache is true while gradient checkpointing is on",
	Doc: lint.Doc{
		What: "Reports `use_cache: true` (also in `model_init_kwargs`) in Trainer arguments that turn `gradient_checkpointing` on.",
		Why: "The KV cache is for generation; during training with checkpointing it is recomputed in backward. Transformers models switch it off with " +
			"`use_cache=True is incompatible with gradient checkpointing. Setting use_cache=False`, but models with their own code (trust_remote_code) may not, " +
			"keeping every layer's keys and values alive and breaking the recomputation.",
		Example:    "gradient_checkpointing: true\nuse_cache: true",
		UseInstead: "gradient_checkpointing: true\nuse_cache: false",
		FixSafety:  "Safe: the cache plays no part in the training loss.",
		References: []string{"huggingface/transformers v5.x src/transformers/modeling_layers.py (GradientCheckpointingLayer)", "https://huggingface.co/docs/transformers/perf_train_gpu_one#gradient-checkpointing"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\ngradient_checkpointing: true\nuse_cache: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		if !isTrue(trainerArg(p.Job, "gradient_checkpointing").val) {
			return
		}
		s := trainerArg(p.Job, "use_cache", "model_init_kwargs.use_cache")
		if !isTrue(s.val) {
			return
		}
		f := finding(s.conf.file, s.at(), "%q is true while gradient checkpointing is on; the cache is unused in training and models with their own code may keep it", s.name)
		if ch, ok := s.conf.change(lint.Set, false, splitKey(s.name)...); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `" + s.name + "` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
