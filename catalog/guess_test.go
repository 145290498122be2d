package catalog

import (
	"strings"
	"testing"
)

// TestGuessFamilySize guesses a model from the family and size words of names seen in real launch scripts, and
// refuses names that give no size, several sizes, a vision-language or quantized checkpoint, or a family and
// size several catalog models share.
func TestGuessFamilySize(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		name, want string // want is the model id, or a piece of the refusal ("" when no family word is found)
		ok         bool
	}{
		{"/model/yahma_llama_7b", "huggyllama/llama-7b", true},
		{"/workspace/model_name_or_path/hf_llama_7b", "huggyllama/llama-7b", true},
		{"hf_llama_7b", "huggyllama/llama-7b", true},
		{"llama-2-13b-sft", "meta-llama/Llama-2-13b-hf", true},
		{"chinese_llama_2_7b", "meta-llama/Llama-2-7b-hf", true},
		{"llama2_70b_dpo", "meta-llama/Llama-2-70b-hf", true},
		{"Llama3_8B_instruct_sft", "meta-llama/Meta-Llama-3-8B", true},
		{"qwen2.5_7b_sft", "Qwen/Qwen2.5-7B", true},
		{"ckpt-qwen2.5-0.5b-grpo", "Qwen/Qwen2.5-0.5B", true},
		{"Qwen2-1.5B-ft", "Qwen/Qwen2-1.5B", true},
		{"gemma_2b_lora_merged", "google/gemma-2b", true},
		{"yi_34b_sft", "01-ai/Yi-34B", true},
		{"llava-onevision-qwen2-7b-ov-si", "llava-hf/llava-onevision-qwen2-7b-ov-hf", true},
		{"llama_ckpt", `names the family "llama" but no size`, false},
		{"qwen2.5-merged", `names the family "qwen2.5" but no size`, false},
		{"llama-2-7b-13b", "names several sizes", false},
		{"vicuna-7b-v1-5", "several catalog models share: huggyllama/llama-7b, meta-llama/Llama-2-7b-hf", false},
		{"videollama3_qwen2.5_7b", `"videollama3" marks a vision-language checkpoint`, false},
		{"mplug-owl2-llama2-7b", `"owl2" marks a vision-language checkpoint`, false},
		{"llavaqwen-1.8b-finetune", "", false},
		{"Qwen-7B-Chat-Int4", `"int4" marks a quantized checkpoint`, false},
		{"llama-2-7b-gptq", `"gptq" marks a quantized checkpoint`, false},
		{"qwen2.5_2b", `the catalog has no qwen2.5-2b`, false},
		{"llama-3b", "the catalog has no llama-3b", false},
		{"model_7b", "", false},
		{"/base_model", "", false},
		{"checkpoint-3000", "", false},
		{"7b", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, why, ok := c.GuessFamilySize(tc.name)
			switch {
			case ok != tc.ok:
				t.Fatalf("ok %v (model %q, why %q), want %v", ok, g.Model.ID, why, tc.ok)
			case ok && g.Model.ID != tc.want:
				t.Errorf("model %q, want %q", g.Model.ID, tc.want)
			case !ok && tc.want == "" && why != "":
				t.Errorf("why %q, want none", why)
			case !ok && !strings.Contains(why, tc.want):
				t.Errorf("why %q, want it to say %q", why, tc.want)
			}
		})
	}
}
