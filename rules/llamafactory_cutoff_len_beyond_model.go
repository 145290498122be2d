package rules

import (
	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryCutoffLenBeyondModel notes a LLaMA-Factory cutoff_len longer
// than the positions the model was trained on.
var LlamaFactoryCutoffLenBeyondModel = &lint.Rule{
	ID:       "llamafactory-cutoff-len-beyond-model",
	Severity: lint.Info,
	Summary:  "cutoff_len is longer than the model's position range in LLaMA-Factory",
	Doc: lint.Doc{
		What: "Reports a LLaMA-Factory `cutoff_len` above the model's `max_position_embeddings` (from the model catalog or the model's config.json) when `rope_scaling` is not set.",
		Why: "LLaMA-Factory passes `cutoff_len` on as the model's maximum length and only stretches RoPE when `rope_scaling` asks for it. " +
			"Without it, samples longer than the trained range use positions the model never saw, which degrades quality; and every token beyond the range still costs activation memory, which trainlint estimates from `cutoff_len`.",
		Example:    "model_name_or_path: meta-llama/Llama-2-7b-hf   # 4096 positions\ncutoff_len: 8192",
		UseInstead: "cutoff_len: 4096   # or keep 8192 with rope_scaling: linear (or dynamic, yarn)",
		FixSafety:  "Unsafe: a shorter `cutoff_len` truncates long samples, which changes the training data. The fix offered sets `cutoff_len` to the model's range.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/model/model_utils/rope.py (configure_rope)", "hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/data_args.py (cutoff_len)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Llama-2-7b-hf\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: llama2\ncutoff_len: 8192\nbf16: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		if p.Plan == nil || !p.Plan.Model.Set {
			return
		}
		m := p.Plan.Model.V
		maxPos := m.Text.MaxPosition
		if maxPos <= 0 {
			return
		}
		s := lfArg(p.Job, "cutoff_len")
		n, ok := intOf(s.val)
		if !s.known() || !ok || n <= int64(maxPos) {
			return
		}
		if r := lfArg(p.Job, "rope_scaling"); r.found() && !isNullish(r) {
			return
		}
		name := m.ID
		if name == "" {
			name = p.Plan.ModelRef.V
		}
		f := finding(s.conf.file, s.at(), "%q is %d but %s has %d positions (\"max_position_embeddings\") and \"rope_scaling\" is not set; tokens past %d use positions the model was not trained on", s.name, n, name, maxPos, maxPos)
		if ch, ok := s.conf.change(lint.Set, maxPos, s.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `cutoff_len` to " + itoa(int64(maxPos)), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
