package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// AxolotlCommand reports whether the job's launch command is `axolotl
// train CONFIG --key value`, whose flags override the config.
func AxolotlCommand(j *Job) bool {
	return j.Command != nil && j.Command.Launcher == shell.Axolotl
}

// applyAxolotl reads axolotl's keys that differ from the Trainer's: adapter
// lora or qlora (a 4-bit NF4 base), xformers_attention, and bf16 "auto",
// which normalize_config (src/axolotl/utils/config/__init__.py) turns into
// bf16 where the GPU supports it; the model loads in that training dtype
// (cfg.torch_dtype, set by the same function).
func applyAxolotl(p *plan.Plan, s settings) {
	if v, _ := s.str("adapter"); v.Set {
		switch strings.ToLower(v.V) {
		case "lora":
			p.PEFT.Method = plan.Of("lora", v.From)
		case "qlora":
			p.PEFT.Method = plan.Of("qlora", v.From)
			p.Quant = plan.Of(plan.NF4, v.From)
		}
	}
	if v, _ := s.boolean("xformers_attention"); v.Set && v.V {
		p.Attention = plan.Of("sdpa", v.From)
	}
	if v, _ := s.str("bf16"); v.Set && strings.EqualFold(v.V, "auto") {
		p.Precision = plan.Of(plan.BF16, plan.Auto(v.From, "to bf16 where the GPU supports it"))
	}
	if p.LoadDtype.From.Kind == plan.FromDefault && p.Precision.V != plan.FP32 {
		p.LoadDtype = plan.Of(p.Precision.V, plan.Derived("axolotl loads weights in the training dtype"))
	}
}
