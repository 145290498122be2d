package rules

import "github.com/trainlint/trainlint/lint"

// TF32UnsupportedGPU reports tf32 requested on a GPU without TF32.
var TF32UnsupportedGPU = &lint.Rule{
	ID:       "tf32-unsupported-gpu",
	Severity: lint.Error,
	Summary:  "tf32 is enabled on a GPU without TF32",
	Doc: lint.Doc{
		What: "When the declared GPU has no TF32 tensor cores (NVIDIA before Ampere: V100, T4), reports a Trainer argument `tf32: true` (also axolotl's, which it passes on).",
		Why: "TrainingArguments checks for TF32 and stops: `--tf32 requires Ampere or a newer GPU arch, cuda>=11 and torch>=1.7`. " +
			"TF32 is a speed setting only, so there is nothing to lose by turning it off on these GPUs.",
		Example:    "tf32: true   # .trainlint.yaml: hardware.gpu: t4-16gb",
		UseInstead: "tf32: false  # or leave it out",
		FixSafety:  "Safe: a GPU without TF32 computes fp32 matrix products in full fp32 either way.",
		References: []string{"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments.__post_init__ tf32 check)", "huggingface/transformers v5.x src/transformers/utils/import_utils.py (is_torch_tf32_available)"},
	},
	Example: lint.Example{
		Files:   map[string]string{"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\ntf32: true\n"},
		Project: "hardware:\n  gpu: t4-16gb\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		g, ok := gpuOf(p)
		if !ok || g.TF32 {
			return
		}
		for _, c := range trainerConfs(p.Job) {
			k, v := c.get("tf32")
			if !isTrue(v) {
				continue
			}
			f := finding(c.file, k, "\"tf32\" is true but %s has no TF32 (it needs compute capability 8.0 or newer); TrainingArguments stops on it", gpuName(g))
			if ch, ok := c.change(lint.Set, false, "tf32"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `tf32` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
			return
		}
	},
}
