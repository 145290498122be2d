package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestResolve checks the names people write for catalog models: exact ids
// and aliases first, then other organisations, variants, quantized uploads
// and DeepSeek-R1 distills; never a different size.
func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name, want, quant string
		variant           bool // matched by a rule, not an id or alias
	}{
		{name: "meta-llama/Llama-3.1-8B", want: "meta-llama/Llama-3.1-8B"},
		{name: "META-LLAMA/llama-3.1-8b", want: "meta-llama/Llama-3.1-8B"},
		{name: "meta-llama/Meta-Llama-3.1-8B", want: "meta-llama/Llama-3.1-8B"},
		{name: "Qwen/Qwen2.5-7B-Instruct", want: "Qwen/Qwen2.5-7B"},
		{name: "NousResearch/Meta-Llama-3-8B", want: "meta-llama/Meta-Llama-3-8B", variant: true},
		{name: "unsloth/Llama-3.2-1B-Instruct", want: "meta-llama/Llama-3.2-1B", variant: true},
		{name: "Qwen2.5-14B-Chat", want: "Qwen/Qwen2.5-14B", variant: true},
		{name: "Qwen/Qwen2_5-7B-Instruct", want: "Qwen/Qwen2.5-7B", variant: true},
		{name: "Qwen/Qwen2___5-1___5B-Instruct", want: "Qwen/Qwen2.5-1.5B", variant: true},
		{name: "./checkpoints/vicuna-7b-v1-5", want: "meta-llama/Llama-2-7b-hf", variant: true},
		{name: "lmsys/vicuna-13b-v1-5", want: "meta-llama/Llama-2-13b-hf", variant: true},
		{name: "lmsys/vicuna-7b-v1-7b"}, // a size after the version, not a minor number
		{name: "google/gemma-2-9b-it", want: "google/gemma-2-9b"},
		{name: "my-org/gemma-2-2b-it", want: "google/gemma-2-2b", variant: true},
		{name: "Qwen/Qwen2.5-3B-Base", want: "Qwen/Qwen2.5-3B", variant: true},
		{name: "meta-llama/Meta-Llama-3.1-70B-Instruct-hf", want: "meta-llama/Llama-3.1-70B", variant: true},
		{name: "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", want: "meta-llama/Llama-3.1-8B", quant: "nf4", variant: true},
		{name: "unsloth/Qwen2.5-7B-Instruct-unsloth-bnb-4bit", want: "Qwen/Qwen2.5-7B", quant: "nf4", variant: true},
		{name: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", want: "Qwen/Qwen2.5-7B", variant: true},
		{name: "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", want: "meta-llama/Llama-3.1-8B", variant: true},
		{name: "huggyllama/llama-30b", want: "huggyllama/llama-30b"},
		{name: "01-ai/Yi-6B-Chat", want: "01-ai/Yi-1.5-6B"},
		{name: "meta-llama/Meta-Llama-Guard-3-8B", want: "meta-llama/Llama-3.1-8B", variant: true},
		{name: "decapoda-research/llama-65b-hf", want: "huggyllama/llama-65b"},
		{name: "EleutherAI/pythia-6.9b-deduped", want: "EleutherAI/pythia-6.9b"},
		{name: "EleutherAI/gpt-neox-20b", want: "EleutherAI/gpt-neox-20b"},
		{name: "PY007/TinyLlama-1.1B-intermediate-step-240k-503b", want: "TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T"},
		{name: "codellama/CodeLlama-7b-Instruct-hf", want: "codellama/CodeLlama-7b-hf"},
		{name: "codellama/CodeLlama-7b-Python-hf", want: "codellama/CodeLlama-7b-Python-hf"}, // 32000 tokens, not the infilling 32016
		{name: "unsloth/CodeLlama-34b-Instruct-hf", want: "codellama/CodeLlama-34b-hf", variant: true},
		{name: "tiiuae/falcon-180B-chat", want: "tiiuae/falcon-180B"},
		{name: "tiiuae/falcon-40b-instruct", want: "tiiuae/falcon-40b"},
		{name: "Qwen/Qwen1.5-7B-Chat", want: "Qwen/Qwen1.5-7B"},
		{name: "THUDM/chatglm3-6b", want: "THUDM/chatglm3-6b"},
		{name: "baichuan-inc/Baichuan2-7B-Chat", want: "baichuan-inc/Baichuan2-7B-Base"},
		{name: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"},
		{name: "Qwen/Qwen2.5-8B-Instruct"}, // no such size
		{name: "meta-llama/Llama-3.3-8B"},  // another version
		{name: "acme/secret-13b"},
		{name: "-instruct"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mt, err := withoutDistills().Resolve(tc.name)
			if tc.want == "" {
				var nf *NotFoundError
				if !errors.As(err, &nf) {
					t.Fatalf("got %s (%s), want a NotFoundError", mt.Model.ID, mt.How)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if mt.Model.ID != tc.want || mt.Model.Quantization != tc.quant {
				t.Errorf("got %s %q, want %s %q", mt.Model.ID, mt.Model.Quantization, tc.want, tc.quant)
			}
			if (mt.How != "") != tc.variant {
				t.Errorf("How = %q, want a note: %v", mt.How, tc.variant)
			}
		})
	}
}

// withoutDistills is the builtin catalog less any DeepSeek-R1 distill
// entries and aliases, so the distill mapping is tested whether or not the catalog
// lists them itself.
func withoutDistills() *Catalog {
	var ms []Model
	distill := func(s string) bool { return strings.Contains(strings.ToLower(s), "r1-distill") }
	for _, m := range Builtin().Models() {
		if distill(m.ID) {
			continue
		}
		m.Aliases = slices.DeleteFunc(m.Aliases, distill)
		ms = append(ms, m)
	}
	return (&Catalog{}).With(Builtin().GPUs(), ms)
}

// TestResolveAmbiguous: a variant key two entries share matches neither.
func TestResolveAmbiguous(t *testing.T) {
	a := Model{ID: "x/Foo-7B", Text: TextConfig{Arch: "llama", Hidden: 64, Layers: 2, Heads: 4, Intermediate: 128, Vocab: 100}}
	b := a
	b.ID = "y/Foo-7B-Chat"
	c := (&Catalog{}).With(nil, []Model{a, b})
	if mt, err := c.Resolve("z/Foo-7B-Instruct"); err == nil {
		t.Fatalf("ambiguous name resolved to %s", mt.Model.ID)
	}
	if mt, err := c.Resolve("y/Foo-7B-Chat"); err != nil || mt.Model.ID != "y/Foo-7B-Chat" {
		t.Fatalf("exact id: %v %v", mt.Model.ID, err)
	}
}

// TestResolveBuiltinDecoded resolves variants on the lazily decoded builtin
// catalog itself, whose index holds only names until an entry is looked up:
// the match must carry the entry's dimensions, not its name alone.
func TestResolveBuiltinDecoded(t *testing.T) {
	for _, name := range []string{"unsloth/Mistral-7B-v0.2", "HuggingFaceTB/SmolVLM-2.2B-Instruct", "acme/Qwen2.5-7B-Chat"} {
		t.Run(name, func(t *testing.T) {
			mt, err := Builtin().Resolve(name)
			if err != nil {
				t.Fatal(err)
			}
			if tc := mt.Model.Text; tc.Hidden == 0 || tc.Layers == 0 || tc.Vocab == 0 {
				t.Errorf("%s resolved to %s with no dimensions: %+v", name, mt.Model.ID, tc)
			}
		})
	}
}
