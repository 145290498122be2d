package read

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// TestMiniCPMV reads MiniCPM-V finetune.py arguments with the script's own
// defaults and LoRA semantics (finetune.py at OpenBMB/MiniCPM-V@0dbb566).
func TestMiniCPMV(t *testing.T) {
	const base = "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5\nllm_type: llama3\noutput_dir: out\nfp16: true\n"
	tests := []struct {
		name       string
		args       string
		freeze     []string
		method     string
		quant      plan.Quant
		save       []string
		r          int
		regex      string
		assumption string // a substring of one assumption
		kbit       bool   // prepare_model_for_kbit_training runs
	}{
		{name: "script defaults: tune_vision true, tune_llm false", args: "", freeze: []string{"llm"}, method: "none"},
		{name: "full fine-tune", args: "tune_vision: true\ntune_llm: true\n", method: "none"},
		{name: "tune only the LLM", args: "tune_vision: false\ntune_llm: true\n", freeze: []string{"vision"}, method: "none"},
		{
			name: "LoRA with tune_vision copies vpm too", args: "use_lora: true\n", freeze: []string{"llm"}, method: "lora",
			save: []string{"embed_tokens", "resampler", "vpm"}, r: 64, regex: `llm\..*layers\.\d+\.self_attn\.(q_proj|k_proj|v_proj)`,
			assumption: "the 2024-06 script (74278de)",
		},
		{
			name: "LoRA without the vision tower", args: "use_lora: true\ntune_vision: false\nlora_r: 16\n", freeze: []string{"llm", "vision"},
			method: "lora", save: []string{"embed_tokens", "resampler"}, r: 16,
		},
		{
			name: "q_lora on the 16-bit checkpoint quantizes nothing", args: "use_lora: true\nq_lora: true\n", freeze: []string{"llm"},
			method: "lora", save: []string{"embed_tokens", "resampler", "vpm"}, r: 64, assumption: "finetune.py quantizes nothing itself",
			kbit: true,
		},
		{
			name: "q_lora on the int4 checkpoint", args: "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5-int4\nuse_lora: true\nq_lora: true\n",
			freeze: []string{"llm"}, method: "qlora", quant: plan.NF4, save: []string{"embed_tokens", "resampler", "vpm"}, r: 64,
			kbit: true,
		},
		{name: "q_lora without use_lora is a full fine-tune", args: "q_lora: true\ntune_llm: true\n", method: "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := base
			if strings.Contains(tt.args, "model_name_or_path") {
				src = strings.Replace(base, "model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5\n", "", 1)
			}
			path := filepath.Join(dir, "finetune.yaml")
			if err := os.WriteFile(path, []byte(src+tt.args), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{Catalog: catalog.Builtin()})
			if len(res.Errors) > 0 || len(res.Jobs) != 1 {
				t.Fatalf("errors %v, %d jobs", res.Errors, len(res.Jobs))
			}
			p := res.Jobs[0].Plan
			if p.Recipe.V != plan.RecipeMiniCPMV {
				t.Errorf("recipe %q", p.Recipe.V)
			}
			freeze := slices.Clone(p.Freeze.V)
			slices.Sort(freeze)
			want := slices.Clone(tt.freeze)
			slices.Sort(want)
			if !slices.Equal(freeze, want) {
				t.Errorf("freeze %v, want %v", freeze, want)
			}
			if p.PEFT.Method.V != tt.method || p.Quant.V != tt.quant {
				t.Errorf("method %q quant %q, want %q %q", p.PEFT.Method.V, p.Quant.V, tt.method, tt.quant)
			}
			if !slices.Equal(p.PEFT.ModulesToSave.V, tt.save) {
				t.Errorf("modules_to_save %v, want %v", p.PEFT.ModulesToSave.V, tt.save)
			}
			if tt.r != 0 && p.PEFT.R.V != tt.r {
				t.Errorf("r %d, want %d", p.PEFT.R.V, tt.r)
			}
			if tt.regex != "" && p.PEFT.TargetRegex.V != tt.regex {
				t.Errorf("target regex %q, want %q", p.PEFT.TargetRegex.V, tt.regex)
			}
			if p.LoadDtype.V != plan.FP16 {
				t.Errorf("load dtype %q (%s), want fp16 as finetune.py loads with --fp16", p.LoadDtype.V, p.LoadDtype.From)
			}
			if p.PEFT.KbitPrep.Or(false) != tt.kbit {
				t.Errorf("kbit_prep %v, want %v", p.PEFT.KbitPrep.Or(false), tt.kbit)
			}
			if tt.assumption != "" && !slices.ContainsFunc(p.Assumptions, func(a string) bool { return strings.Contains(a, tt.assumption) }) {
				t.Errorf("no assumption with %q in %q", tt.assumption, p.Assumptions)
			}
		})
	}
}

// TestNotMiniCPMV: a plain Trainer file keeps the frameworks' behaviour.
func TestNotMiniCPMV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "train.yaml")
	src := "model_name_or_path: meta-llama/Meta-Llama-3-8B\noutput_dir: out\nbf16: true\nuse_peft: true\nload_in_4bit: true\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{path}, Options{Catalog: catalog.Builtin()})
	p := res.Jobs[0].Plan
	if p.Recipe.Set || p.Freeze.Set || p.PEFT.Method.V != "qlora" || p.Quant.V != plan.NF4 || p.PEFT.ModulesToSave.Set {
		t.Errorf("recipe %v freeze %v method %q quant %q save %v", p.Recipe, p.Freeze.V, p.PEFT.Method.V, p.Quant.V, p.PEFT.ModulesToSave.V)
	}
}
