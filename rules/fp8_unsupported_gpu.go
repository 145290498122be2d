package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// FP8UnsupportedGPU reports fp8 training on a GPU without fp8 tensor cores.
var FP8UnsupportedGPU = &lint.Rule{
	ID:       "fp8-unsupported-gpu",
	Severity: lint.Error,
	Summary:  "fp8 training is requested on a GPU without fp8",
	Doc: lint.Doc{
		What: "Reports axolotl's `fp8: true` on a GPU below compute capability 9.0 (error: axolotl refuses it) and Accelerate's `mixed_precision: fp8` on a GPU below 8.9 (warning: Accelerate falls back to fp16).",
		Why: "axolotl stops with `fp8 requested, but fp8 is not supported on this GPU`. Accelerate prints `The current device has compute capability of ... which is insufficient for FP8 mixed precision training` " +
			"and silently trains in fp16 instead, which changes the memory and speed the run was planned for.",
		Example:    "mixed_precision: fp8   # .trainlint.yaml: hardware.gpu: a100-80gb",
		UseInstead: "mixed_precision: bf16",
		FixSafety:  "Unsafe: it changes the training precision (to bf16 where the GPU has it, else fp16).",
		References: []string{"huggingface/accelerate v1.15 src/accelerate/state.py, src/accelerate/utils/environment.py (check_cuda_fp8_capability)", "axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/config.py (check_fp8)"},
	},
	Example: lint.Example{
		Files:   map[string]string{"accelerate.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: fp8\nnum_processes: 8\n"},
		Project: "hardware:\n  gpu: a100-80gb\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		g, ok := gpuOf(p)
		if !ok {
			return
		}
		cc := capability(g)
		to := "fp16"
		if g.BF16 {
			to = "bf16"
		}
		if acc := accConf(p.Job); acc.ok() && !g.FP8 {
			if k, v := acc.get("mixed_precision"); v != nil && strings.EqualFold(v.Value, "fp8") {
				f := finding(acc.file, k, "\"mixed_precision\" is \"fp8\" but %s has no fp8 (Accelerate needs compute capability 8.9 or newer) and falls back to fp16", gpuName(g))
				f.Severity = lint.Warning
				if ch, ok := acc.change(lint.Set, to, "mixed_precision"); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `mixed_precision` to \"" + to + "\"", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
				p.Report(f)
			}
		}
		for _, c := range trainerConfs(p.Job) {
			if c.file.Format != read.Axolotl || (cc >= 90 && g.FP8) || (cc == 0 && g.FP8) {
				continue
			}
			k, v := c.get("fp8")
			if !isTrue(v) {
				continue
			}
			f := finding(c.file, k, "\"fp8\" is true but %s cannot train in fp8 (axolotl needs compute capability 9.0 or newer)", gpuName(g))
			if ch, ok := c.change(lint.Set, false, "fp8"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `fp8` to false", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
		}
	},
}
