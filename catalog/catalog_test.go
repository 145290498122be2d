package catalog

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestBuiltinHasRequiredEntries(t *testing.T) {
	c := Builtin()
	for _, name := range []string{
		"v100-16gb", "v100-32gb", "t4-16gb", "a10g-24gb", "a10-24gb", "l4-24gb", "l40s-48gb", "rtx3090-24gb",
		"rtx4090-24gb", "a6000-48gb", "a100-40gb", "a100-80gb", "h100-80gb", "h100-94gb", "h200-141gb",
		"mi250x-128gb", "mi300x-192gb", "b200-180gb", "gb200-186gb", "h20-96gb", "h800-80gb", "a800-40gb", "a800-80gb",
		"rtx5090-32gb", "rtx4080-16gb", "rtx4060ti-16gb", "rtx6000ada-48gb", "rtxpro6000-96gb", "a40-48gb", "a30-24gb",
		"l20-48gb", "mi325x-256gb",
	} {
		if _, err := c.GPU(name); err != nil {
			t.Errorf("GPU(%q): %v", name, err)
		}
	}
	for _, id := range []string{
		"meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-13b-hf", "meta-llama/Llama-2-70b-hf",
		"meta-llama/Meta-Llama-3-8B", "meta-llama/Meta-Llama-3-70B",
		"meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-70B", "meta-llama/Llama-3.1-405B",
		"meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.2-3B",
		"mistralai/Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.3", "mistralai/Mixtral-8x7B-v0.1",
		"Qwen/Qwen2-0.5B", "Qwen/Qwen2-1.5B", "Qwen/Qwen2-7B", "Qwen/Qwen2-72B",
		"Qwen/Qwen2.5-0.5B", "Qwen/Qwen2.5-1.5B", "Qwen/Qwen2.5-3B", "Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-14B",
		"Qwen/Qwen2.5-32B", "Qwen/Qwen2.5-72B",
		"google/gemma-2-2b", "google/gemma-2-9b", "google/gemma-2-27b",
		"microsoft/Phi-3-mini-4k-instruct", "microsoft/Phi-3-medium-4k-instruct",
		"openbmb/MiniCPM-Llama3-V-2_5", "openbmb/MiniCPM-V-2_6",
		"llava-hf/llava-1.5-7b-hf", "llava-hf/llava-1.5-13b-hf",
		"Qwen/Qwen2-VL-2B-Instruct", "Qwen/Qwen2-VL-7B-Instruct", "OpenGVLab/InternVL2-8B",
		"Qwen/Qwen3-0.6B", "Qwen/Qwen3-8B", "Qwen/Qwen3-32B", "Qwen/Qwen3-30B-A3B", "Qwen/Qwen3-235B-A22B",
		"deepseek-ai/DeepSeek-V2-Lite", "deepseek-ai/DeepSeek-V3", "openai/gpt-oss-20b", "openai/gpt-oss-120b",
		"google/gemma-3-270m", "google/gemma-3-1b-it", "google/gemma-3-27b-it", "microsoft/phi-4",
		"microsoft/Phi-4-mini-instruct", "mistralai/Mistral-Nemo-Base-2407", "mistralai/Mistral-Small-24B-Base-2501",
		"mistralai/Mixtral-8x22B-v0.1", "THUDM/glm-4-9b-chat", "01-ai/Yi-1.5-34B", "allenai/OLMo-2-0325-32B",
		"HuggingFaceTB/SmolLM2-135M", "internlm/internlm2_5-7b", "internlm/internlm3-8b-instruct",
		"Qwen/Qwen2.5-VL-7B-Instruct", "Qwen/Qwen2-VL-72B-Instruct", "OpenGVLab/InternVL2_5-78B",
		"meta-llama/Llama-3.2-11B-Vision", "HuggingFaceTB/SmolVLM2-2.2B-Instruct",
	} {
		if _, err := c.Model(id); err != nil {
			t.Errorf("Model(%q): %v", id, err)
		}
	}
}

func TestEveryGPUIsComplete(t *testing.T) {
	nameGB := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*-(\d+)gb$`)
	for _, g := range Builtin().GPUs() {
		t.Run(g.Name, func(t *testing.T) {
			if err := g.Validate(); err != nil {
				t.Fatal(err)
			}
			m := nameGB.FindStringSubmatch(g.Name)
			if m == nil {
				t.Fatalf("name %q is not <chip>-<GB>gb", g.Name)
			}
			// The name gives one device's memory (an MI250X GCD, not the board); the driver's total is that marketing
			// size less ECC and reserved memory, never more.
			gb, _ := strconv.Atoi(m[1])
			if ratio := g.MemoryGiB() / float64(gb); ratio < 0.9 || ratio > 1.01 {
				t.Errorf("memory %d MiB = %.1f GiB does not fit the %d GB in the name", g.MemoryMiB, g.MemoryGiB(), gb)
			}
		})
	}
}

func TestGPUFeatures(t *testing.T) {
	tests := []struct {
		name                       string
		cc                         string
		bf16, tf32, fa2, fp8, fa3  bool
		memoryMiB, devicesPerBoard int
	}{
		{"v100-16gb", "7.0", false, false, false, false, false, 16160, 0},
		{"t4-16gb", "7.5", false, false, false, false, false, 15360, 0},
		{"a100-80gb", "8.0", true, true, true, false, false, 81920, 0},
		{"a800-40gb", "8.0", true, true, true, false, false, 40960, 0},
		{"l4-24gb", "8.9", true, true, true, true, false, 23034, 0},
		{"rtx4060ti-16gb", "8.9", true, true, true, true, false, 16380, 0},
		{"h100-80gb", "9.0", true, true, true, true, true, 81559, 0},
		{"h20-96gb", "9.0", true, true, true, true, true, 97871, 0},
		{"h200-141gb", "9.0", true, true, true, true, true, 143771, 0},
		{"b200-180gb", "10.0", true, true, true, true, false, 183359, 0},
		{"rtx5090-32gb", "12.0", true, true, true, true, false, 32607, 0},
		{"mi250x-128gb", "gfx90a", true, false, true, false, false, 65520, 2},
		{"mi300x-192gb", "gfx942", true, true, true, true, false, 196592, 0},
		{"mi325x-256gb", "gfx942", true, true, true, true, false, 262128, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Builtin().GPU(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			want := GPU{Name: g.Name, Aliases: g.Aliases, Vendor: g.Vendor, MemoryMiB: tt.memoryMiB,
				ComputeCapability: tt.cc, BF16: tt.bf16, TF32: tt.tf32, FlashAttention2: tt.fa2, FP8: tt.fp8,
				FlashAttention3: tt.fa3, DevicesPerBoard: tt.devicesPerBoard}
			if !reflect.DeepEqual(g, want) {
				t.Errorf("got  %+v\nwant %+v", g, want)
			}
		})
	}
}

func TestGPULookup(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"h100-80gb", "h100-80gb"},
		{"H100", "h100-80gb"},
		{"NVIDIA H100 80GB HBM3", "h100-80gb"},
		{"V100", "v100-16gb"},
		{"v100", "v100-16gb"},
		{"Tesla V100-SXM2-16GB", "v100-16gb"},
		{"Tesla V100-SXM2-32GB", "v100-32gb"},
		{"  nvidia   A100-SXM4-80GB ", "a100-80gb"},
		{"NVIDIA GeForce RTX 4090", "rtx4090-24gb"},
		{"H100 NVL", "h100-94gb"},
		{"AMD Instinct MI300X", "mi300x-192gb"},
		{"mi250x-128gb", "mi250x-gcd-64gb"}, // the board's name, kept from before the entry named one GCD
		{"NVIDIA H800", "h800-80gb"},
		{"NVIDIA A800-SXM4-40GB", "a800-40gb"},
		{"NVIDIA GeForce RTX 5090", "rtx5090-32gb"},
		{"NVIDIA RTX 6000 Ada Generation", "rtx6000ada-48gb"},
		{"NVIDIA RTX PRO 6000 Blackwell Workstation Edition", "rtxpro6000-96gb"},
		{"NVIDIA GB200", "gb200-186gb"},
		{"AMD Instinct MI325X", "mi325x-256gb"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			g, err := Builtin().GPU(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if g.Name != tt.want {
				t.Errorf("GPU(%q) = %q, want %q", tt.query, g.Name, tt.want)
			}
		})
	}
}

func TestUnknownNameSuggests(t *testing.T) {
	tests := []struct {
		kind, query string
		want        []string // must all be among the suggestions
		none        bool     // no suggestion at all
	}{
		{"gpu", "a100", []string{"a100-40gb", "a100-80gb"}, false},
		{"gpu", "rtx5080", []string{"rtx4080-16gb", "rtx5090-32gb"}, false},
		{"gpu", "h100-80g", []string{"h100-80gb"}, false},
		{"gpu", "tpu-v5e", nil, true},
		{"model", "meta-llama/Llama-3-8B", []string{"meta-llama/Meta-Llama-3-8B"}, false},
		{"model", "qwen2.5-7", []string{"Qwen/Qwen2.5-7B"}, false},
		{"model", "bigscience/bloom-176b-totally-unknown", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var err error
			if tt.kind == "gpu" {
				_, err = Builtin().GPU(tt.query)
			} else {
				_, err = Builtin().Model(tt.query)
			}
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("want *NotFoundError, got %v", err)
			}
			if tt.none && len(nf.Suggestions) > 0 {
				t.Errorf("suggestions = %q, want none", nf.Suggestions)
			}
			for _, w := range tt.want {
				if !slices.Contains(nf.Suggestions, w) {
					t.Errorf("suggestions = %q, want %q among them", nf.Suggestions, w)
				}
				if !strings.Contains(err.Error(), strconv.Quote(w)) {
					t.Errorf("message %q does not name %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), strconv.Quote(tt.query)) {
				t.Errorf("message %q does not quote the query", err)
			}
		})
	}
}

func TestModelLookup(t *testing.T) {
	tests := []struct{ query, want string }{
		{"meta-llama/Meta-Llama-3-8B", "meta-llama/Meta-Llama-3-8B"},
		{"META-LLAMA/meta-llama-3-8b", "meta-llama/Meta-Llama-3-8B"},
		{"llama-3-8b", "meta-llama/Meta-Llama-3-8B"},
		{"meta-llama/Meta-Llama-3-8B-Instruct", "meta-llama/Meta-Llama-3-8B"},
		{"Meta-Llama-3-8B", "meta-llama/Meta-Llama-3-8B"}, // without the organisation
		{"mistral-7b", "mistralai/Mistral-7B-v0.1"},
		{"minicpm-v-2.6", "openbmb/MiniCPM-V-2_6"},
		{"Qwen2-VL-7B-Instruct", "Qwen/Qwen2-VL-7B-Instruct"},
		// Checkpoints that share an entry's dimensions resolve to it.
		{"meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.1-70B"},
		{"meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "Qwen/Qwen2.5-32B"},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"},
		{"Qwen/QwQ-32B", "Qwen/Qwen2.5-32B"},
		{"Qwen/Qwen2.5-Coder-7B-Instruct", "Qwen/Qwen2.5-7B"},
		{"deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3"},
		{"google/gemma-3-4b-pt", "google/gemma-3-4b-it"},
		{"OpenGVLab/InternVL3-78B", "OpenGVLab/InternVL2_5-78B"},
		{"mistralai/Mistral-Small-3.1-24B-Instruct-2503", "mistralai/Mistral-Small-3.2-24B-Instruct-2506"},
		{"qwen3-30b-a3b", "Qwen/Qwen3-30B-A3B"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m, err := Builtin().Model(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if m.ID != tt.want || m.Source != "builtin" {
				t.Errorf("Model(%q) = %q from %q, want %q from builtin", tt.query, m.ID, m.Source, tt.want)
			}
		})
	}
}

func TestWithOverridesAndExtends(t *testing.T) {
	base := Builtin()
	before, _ := base.GPU("h100")
	c := base.With(
		[]GPU{
			// Override: a site whose H100s reserve memory for MIG-less ECC scrubbing, say.
			{Name: "H100-80GB", Aliases: []string{"h100"}, Vendor: "nvidia", MemoryMiB: 80000, ComputeCapability: "9.0",
				BF16: true, TF32: true, FlashAttention2: true, FP8: true},
			// New card whose alias takes "l4" from the builtin l4-24gb.
			{Name: "b200-192gb", Aliases: []string{"B200", "l4"}, Vendor: "nvidia", MemoryMiB: 183359,
				ComputeCapability: "10.0", BF16: true, TF32: true, FlashAttention2: true, FP8: true},
		},
		[]Model{{ID: "acme/tiny-llama", Aliases: []string{"tiny"},
			Text: TextConfig{Arch: "llama", Hidden: 64, Layers: 2, Heads: 4, Intermediate: 128, Vocab: 1000}}},
	)
	for _, tt := range []struct {
		query string
		mib   int
	}{{"h100", 80000}, {"h100-80gb", 80000}, {"NVIDIA H100 80GB HBM3", 80000}, {"b200", 183359},
		{"l4", 183359}, {"l4-24gb", 23034}} {
		g, err := c.GPU(tt.query)
		if err != nil || g.MemoryMiB != tt.mib {
			t.Errorf("With: GPU(%q) = %d MiB, %v; want %d MiB", tt.query, g.MemoryMiB, err, tt.mib)
		}
	}
	if len(c.GPUs()) != len(base.GPUs())+1 {
		t.Errorf("With: %d GPUs, want %d (one replaced, one added)", len(c.GPUs()), len(base.GPUs())+1)
	}
	m, err := c.Model("TINY")
	if err != nil || m.Text.KVHeads != 4 || m.Text.HeadDim != 16 {
		t.Errorf("With: Model(tiny) = %+v, %v; want normalized kv_heads 4, head_dim 16", m.Text, err)
	}
	// The base catalog is untouched.
	if g, _ := base.GPU("h100"); g.MemoryMiB != before.MemoryMiB {
		t.Errorf("With mutated the base catalog: h100 now %d MiB", g.MemoryMiB)
	}
	if g, _ := base.GPU("l4"); g.Name != "l4-24gb" {
		t.Errorf("With mutated the base catalog: l4 now %q", g.Name)
	}
	if _, err := base.Model("tiny"); err == nil {
		t.Error("With added a model to the base catalog")
	}
}

func TestListsAreSortedCopies(t *testing.T) {
	c := Builtin()
	gpus := c.GPUs()
	if !slices.IsSortedFunc(gpus, func(a, b GPU) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }) {
		t.Error("GPUs() not sorted by name")
	}
	models := c.Models()
	if !slices.IsSortedFunc(models, func(a, b Model) int { return strings.Compare(strings.ToLower(a.ID), strings.ToLower(b.ID)) }) {
		t.Error("Models() not sorted by ID")
	}
	gpus[0].MemoryMiB = -1
	gpus[0].Aliases[0] = "changed"
	models[0].Text.Hidden = -1
	models[0].Aliases[0] = "changed"
	if c.GPUs()[0].MemoryMiB == -1 || c.GPUs()[0].Aliases[0] == "changed" {
		t.Error("changing GPUs()' result changed the catalog")
	}
	if c.Models()[0].Text.Hidden == -1 || c.Models()[0].Aliases[0] == "changed" {
		t.Error("changing Models()' result changed the catalog")
	}
	for _, m := range models {
		if m.Vision != nil {
			m.Vision.Layers = -1
			m.Projector.Queries = -1
			got, _ := c.Model(m.ID)
			if got.Vision.Layers == -1 || got.Projector.Queries == -1 {
				t.Errorf("changing %s's vision through Models() changed the catalog", m.ID)
			}
		}
	}
}

func TestParseRejectsBadData(t *testing.T) {
	okGPU := "- {name: x-1gb, vendor: nvidia, memory_mib: 1000, compute_capability: \"7.0\"}\n"
	okModel := "- {id: a/b, text: {arch: llama, hidden: 8, layers: 1, heads: 2, intermediate: 8, vocab: 10}}\n"
	tests := []struct {
		name, gpus, models, want string
	}{
		{"unknown key", "- {name: x-1gb, vendor: nvidia, memory: 1000, compute_capability: \"7.0\"}\n", okModel, "field memory not found"},
		{"bad flags", "- {name: x-1gb, vendor: nvidia, memory_mib: 1000, compute_capability: \"7.0\", bf16: true}\n", okModel, "bf16"},
		{"duplicate alias", okGPU + "- {name: y-1gb, aliases: [X-1GB], vendor: nvidia, memory_mib: 1, compute_capability: \"7.0\"}\n", okModel, `"X-1GB" names both`},
		{"unknown arch", okGPU, "- {id: a/b, text: {arch: bert, hidden: 8, layers: 1, heads: 2, intermediate: 8, vocab: 10}}\n", `arch "bert"`},
		{"vision without projector", okGPU, "- {id: a/b, text: {arch: llama, hidden: 8, layers: 1, heads: 2, intermediate: 8, vocab: 10}, vision: {arch: clip_vision_model, hidden: 8, layers: 1, heads: 1, intermediate: 8, image_size: 28, patch_size: 14}}\n", "needs a projector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(tt.gpus), []byte(tt.models))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestBuiltinIsParsedOnce(t *testing.T) {
	if Builtin() != Builtin() {
		t.Error("Builtin() parsed the embedded data again")
	}
}

func TestBuiltinIsSafeForConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Builtin()
			if _, err := c.GPU("h100"); err != nil {
				t.Error(err)
			}
			if m, err := c.Model("llama-3-8b"); err != nil || m.Params().Total != 8030261248 {
				t.Error(m.ID, err)
			}
			_ = c.With([]GPU{{Name: "x"}}, nil)
		}()
	}
	wg.Wait()
}

// BenchmarkLookup measures the per-run cost after the first parse: Builtin() returns the cached catalog and a
// lookup is a map access plus a copy of the entry.
func BenchmarkLookup(b *testing.B) {
	Builtin()
	for b.Loop() {
		c := Builtin()
		if _, err := c.GPU("NVIDIA H100 80GB HBM3"); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Model("meta-llama/Meta-Llama-3-8B"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse decodes and checks every entry, as With and the tests do (Builtin decodes only what it looks up).
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := parse([]byte(gpusYAML), []byte(modelsYAML)); err != nil {
			b.Fatal(err)
		}
	}
}
