package catalog

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/catalog")

func TestParamsMatchPublished(t *testing.T) {
	// The models whose published total is only known rounded, with why. Every other model must match its
	// published figure exactly, so a wrong count anywhere in the formulas fails here.
	roundedPublished := map[string]string{
		"openbmb/MiniCPM-Llama3-V-2_5":              "hub page says 8.54B; no exact safetensors total found",
		"openbmb/MiniCPM-Llama3-V-2_5-int4":         "the 2.5 architecture, whose hub page says 8.54B",
		"llava-hf/llava-1.5-13b-hf":                 "hub page says 13.4B; no exact safetensors total found",
		"HuggingFaceM4/idefics2-8b":                 "hub page says 8.4B; no exact safetensors total found",
		"OpenGVLab/InternVL2-8B":                    "hub page says 8.08B; InternVL2_5-8B (same architecture) is exact",
		"deepseek-ai/DeepSeek-V3":                   "card says 671B main-model weights; the hub's 685B adds the MTP layer and fp8 scales",
		"internlm/internlm3-8b-instruct":            "hub page says 8.8B; no exact safetensors total found",
		"OpenGVLab/InternVL3-14B":                   "the InternVL3 report's Table 1 says 15.1B; no exact safetensors total found",
		"Qwen/Qwen2.5-VL-72B-Instruct":              "hub page says 73.4B; the 32B, whose tower is the same, matches exactly",
		"ibm-granite/granite-3.1-8b-instruct":       "hub page says 8.17B; no exact safetensors total found",
		"llava-hf/llava-onevision-qwen2-7b-ov-hf":   "hub page says 8.03B (vlm_test.go)",
		"llava-hf/llava-onevision-qwen2-0.5b-ov-hf": "hub page says 0.9B (vlm_test.go)",
		"Qwen/Qwen2.5-Math-1.5B":                    "a 3.09 GB bf16 model.safetensors (unsloth's copy); no exact safetensors total found",
		"google/paligemma-3b-pt-224":                "hub page says 2.92B (vlm_test.go holds transformers' own count, 2,923,466,480)",
		"google/paligemma2-3b-pt-448":               "hub page says 3.03B (vlm_test.go holds transformers' own count, 3,033,127,152)",
		"OpenGVLab/InternVL3-8B-hf":                 "hub page says 7.94B (vlm_test.go)",
		"OpenGVLab/InternVL3-8B":                    "the -hf conversion's 7.94B: the same tensors",
		"OpenGVLab/InternVL2-1B":                    "hub page says 938M (vlm_test.go)",
		"OpenGVLab/InternVL2-2B":                    "hub page says 2.21B (vlm_test.go)",
		"OpenGVLab/InternVL2-Llama3-76B":            "hub page says 76.3B (vlm_test.go)",
		"openbmb/MiniCPM-V-2":                       "hub page says 3.43B (vlm_test.go)",
		"deepseek-ai/deepseek-vl-7b-chat":           "hub page says 7.34B (vlm_test.go)",
		"Qwen/Qwen-VL-Chat":                         "hub page says 9.66B (vlm_test.go)",
		"zai-org/GLM-4.5-Air":                       "card says 106B; the hub's 110B adds the MTP layer (testdata/archs/counts.json)",
		"facebook/opt-66b":                          "the name's 66B; the checkpoint is PyTorch bins with no safetensors total",
		"facebook/opt-2.7b":                         "the name's 2.7B; the checkpoint is PyTorch bins with no safetensors total",
		"facebook/opt-6.7b":                         "the name's 6.7B; the checkpoint is PyTorch bins with no safetensors total",
		"facebook/opt-13b":                          "the name's 13B; the checkpoint is PyTorch bins with no safetensors total",
		"ByteDance-Seed/Seed-OSS-36B-Base":          "the hub page's 36.2B (as whatmodel.sh's Seed-OSS 36B page quotes it); no exact total found",
		"facebook/opt-30b":                          "the name's 30B; the checkpoint is PyTorch bins with no safetensors total",
		"openai-community/gpt2":                     "the model card's 124M",
		"openai-community/gpt2-medium":              "the model card's 355M",
		"openai-community/gpt2-large":               "the model card's 774M",
		"huggyllama/llama-7b":                       "the LLaMA paper's Table 2 says 6.7B; Llama 2 7B, same dimensions, is exact",
		"huggyllama/llama-13b":                      "the LLaMA paper's Table 2 says 13.0B; Llama 2 13B, same dimensions, is exact",
		"codellama/CodeLlama-7b-hf":                 "the name's 7B; no exact total found",
		"codellama/CodeLlama-13b-hf":                "the name's 13B; no exact total found",
		"tiiuae/falcon-40b":                         "the name's 40B; no exact total found (computed 41.3B, lm_head tied)",
		"rhymes-ai/Aria":                            "rhymes-ai/Aria's README says 25.3B; no exact total found",
		"codellama/CodeLlama-34b-hf":                "the name's 34B; no exact total found",
		"codellama/CodeLlama-70b-hf":                "the name's 70B (computed 69.0B); no exact total found",
		"codellama/CodeLlama-7b-Python-hf":          "the name's 7B; no exact total found",
		"codellama/CodeLlama-13b-Python-hf":         "the name's 13B; no exact total found",
		"tiiuae/falcon-180B":                        "the name's 180B (computed 178.6B, lm_head tied); no exact total found",
		"bigcode/starcoder":                         "the StarCoder paper's 15.5B; no exact total found",
		"microsoft/Phi-3-vision-128k-instruct":      "Microsoft's 4.2B; no exact total found",
		"microsoft/Phi-3.5-vision-instruct":         "Microsoft's 4.2B; no exact total found",
		"huggyllama/llama-30b":                      "the LLaMA paper's Table 2 says 32.5B; no exact total found",
		"huggyllama/llama-65b":                      "the LLaMA paper's Table 2 says 65.2B, cut short of the 65.29B these dimensions count; no exact total found",
		"HuggingFaceTB/SmolVLM-500M-Instruct":       "the name's 500M; no exact total found",
		"meta-llama/Llama-3.2-90B-Vision":           "hub page says 88.6B; the 11B, whose tower is the same, matches exactly",
		"meta-llama/Llama-4-Scout-17B-16E":          "the hub's exact total adds the 871,932,416-parameter vision tower and projector, not modelled",
		"meta-llama/Llama-4-Maverick-17B-128E":      "the hub's exact total adds the 871,932,416-parameter vision tower and projector, not modelled",
		"deepseek-ai/deepseek-llm-7b-base":          "the hub page says 6.91B; no exact total found",
		"deepseek-ai/deepseek-coder-1.3b-base":      "the hub page says 1.35B; no exact total found",
		"deepseek-ai/deepseek-coder-6.7b-base":      "the hub page says 6.74B; no exact total found",
		"deepseek-ai/deepseek-coder-33b-base":       "the hub page says 33.3B; no exact total found",
		"openbmb/MiniCPM-2B-sft-bf16":               "the hub's 5.45 GB bf16 model.safetensors: 2.725B; no exact total found",
		"openbmb/MiniCPM3-4B":                       "the hub's 8.15 GB bf16 model.safetensors: 4.075B; no exact total found",
		"openbmb/MiniCPM4-8B":                       "the hub's four bf16 shards, 16.36 GB: 8.18B; no exact total found",
		"TIGER-Lab/Mantis-8B-siglip-llama3":         "hub page says 8.48B; no exact safetensors total found",
		"openchat/openchat-3.5-0106":                "hub page says 7.24B; Mistral-7B-v0.1 with two more tokens, whose total is exact",
		"TIGER-Lab/Mantis-8B-clip-llama3":           "open-cn-llm-leaderboard's request gives the hub's 8.355B; no exact total found",
		"facebook/galactica-1.3b":                   "the 5.26 GB float32 pytorch_model.bin of facebook/galactica-1.3b@6055184: 1.315B; no exact total found",
		"SmallDoge/Doge-20M":                        "the hub's 13.1M (its Instruct's float32 model.safetensors is 52,482,152 bytes with the header); no exact total found",
		"SmallDoge/Doge-60M":                        "the hub's 54.6M; no exact total found",
		"SmallDoge/Doge-160M":                       "the 611 MB float32 model.safetensors of Doge-160M-Reason-Distill: 152.75M; no exact total found",
		"SmallDoge/Doge-320M":                       "the 1.34 GB float32 model.safetensors of Doge-320M-Instruct: 335M; no exact total found",
		"princeton-nlp/Sheared-LLaMA-1.3B":          "the name's 1.3B; the checkpoint is a PyTorch bin with no safetensors total",
		"princeton-nlp/Sheared-LLaMA-2.7B":          "the name's 2.7B; the checkpoint is a PyTorch bin with no safetensors total",
		"Qwen/Qwen3.5-0.8B":                         "the card's language-model 0.8B; the hub total adds the vision tower and MTP layer",
		"Qwen/Qwen3.5-2B":                           "the card's language-model 2B; the hub total adds the vision tower and MTP layer",
		"Qwen/Qwen3.5-27B":                          "the name's 27B; the hub total adds the vision tower and MTP layer",
		"Qwen/Qwen3.5-4B":                           "the card's language-model 4B; the hub total adds the vision tower and MTP layer",
		"Qwen/Qwen3.5-9B":                           "the name's 9B; the hub total adds the vision tower and MTP layer",
		"THUDM/LongAlign-7B-64k-base":               "the name's 7B; Llama 2 7B, 256 tokens fewer, is exact",
		"THUDM/LongAlign-6B-64k-base":               "the name's 6B; ChatGLM3-6B, the same shapes, is exact",
		"Qwen/Qwen3.5-35B-A3B":                      "the card's language-model 35B; the hub total adds the vision tower and MTP layer",
	}
	for _, m := range Builtin().Models() {
		t.Run(m.ID, func(t *testing.T) {
			if m.PublishedParams == 0 {
				t.Fatal("no published_params: every builtin model must be checked against a published total")
			}
			got := m.Params().Total
			why, rounded := roundedPublished[m.ID]
			switch {
			case rounded && m.PublishedPrecision == 0:
				t.Fatalf("listed as rounded (%s) but published_precision is 0", why)
			case !rounded && m.PublishedPrecision != 0:
				t.Fatalf("published_precision %d set without a reason in roundedPublished", m.PublishedPrecision)
			}
			if diff := got - m.PublishedParams; 2*max(diff, -diff) > m.PublishedPrecision {
				t.Errorf("computed %d, published %d ± %d (off by %d)", got, m.PublishedParams, m.PublishedPrecision/2, diff)
			}
		})
	}
}

func TestParamsGolden(t *testing.T) {
	var b strings.Builder
	fmt.Fprintln(&b, "# Parameter counts of the builtin models by part (go test ./catalog -update rewrites this file).")
	fmt.Fprintf(&b, "# %-34s %12s %13s %7s %12s %11s %10s %13s %11s %11s\n", "id", "embeddings", "layers",
		"norm", "lm_head", "vision", "projector", "total", "per_layer", "largest")
	for _, m := range Builtin().Models() {
		p := m.Params()
		fmt.Fprintf(&b, "%-36s %12d %13d %7d %12d %11d %10d %13d %11d %11d\n", m.ID, p.Embeddings, p.Layers,
			p.Norm, p.LMHead, p.Vision, p.Projector, p.Total, m.LayerParams(m.Text.Layers-1), m.LargestLayerParams())
	}
	golden(t, "params.golden", b.String())
}

// golden compares got with testdata/catalog/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "catalog", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./catalog -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; run go test ./catalog -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestPartsAddUp(t *testing.T) {
	for _, m := range Builtin().Models() {
		p := m.Params()
		sum := p.Embeddings + p.Layers + p.Norm + p.LMHead + p.Vision + p.Projector
		if sum != p.Total {
			t.Errorf("%s: parts sum to %d, total %d", m.ID, sum, p.Total)
		}
		if (p.LMHead == 0) != m.Text.TiedEmbeddings {
			t.Errorf("%s: lm_head %d with tied_embeddings %t", m.ID, p.LMHead, m.Text.TiedEmbeddings)
		}
		var layers int64
		for i := range m.Text.Layers {
			layers += m.LayerParams(i)
		}
		if p.Layers != layers {
			t.Errorf("%s: layers %d != the sum of LayerParams %d", m.ID, p.Layers, layers)
		}
	}
}

func TestLinears(t *testing.T) {
	tests := []struct {
		model string
		want  []string // Path:In×Out[+bias]×Count
	}{
		{"meta-llama/Meta-Llama-3-8B", []string{
			"self_attn.q_proj:4096×4096×1", "self_attn.k_proj:4096×1024×1", "self_attn.v_proj:4096×1024×1",
			"self_attn.o_proj:4096×4096×1", "mlp.gate_proj:4096×14336×1", "mlp.up_proj:4096×14336×1",
			"mlp.down_proj:14336×4096×1"}},
		{"Qwen/Qwen2-0.5B", []string{
			"self_attn.q_proj:896×896+bias×1", "self_attn.k_proj:896×128+bias×1", "self_attn.v_proj:896×128+bias×1",
			"self_attn.o_proj:896×896×1", "mlp.gate_proj:896×4864×1", "mlp.up_proj:896×4864×1",
			"mlp.down_proj:4864×896×1"}},
		{"google/gemma-2-27b", []string{ // head_dim 128 ≠ 4608/32, so q_proj is not square
			"self_attn.q_proj:4608×4096×1", "self_attn.k_proj:4608×2048×1", "self_attn.v_proj:4608×2048×1",
			"self_attn.o_proj:4096×4608×1", "mlp.gate_proj:4608×36864×1", "mlp.up_proj:4608×36864×1",
			"mlp.down_proj:36864×4608×1"}},
		{"microsoft/Phi-3-medium-4k-instruct", []string{
			"self_attn.qkv_proj:5120×7680×1", "self_attn.o_proj:5120×5120×1", "mlp.gate_up_proj:5120×35840×1",
			"mlp.down_proj:17920×5120×1"}},
		{"mistralai/Mixtral-8x7B-v0.1", []string{
			"self_attn.q_proj:4096×4096×1", "self_attn.k_proj:4096×1024×1", "self_attn.v_proj:4096×1024×1",
			"self_attn.o_proj:4096×4096×1", "mlp.gate:4096×8×1",
			"mlp.experts.gate_up_proj:4096×28672×8", "mlp.experts.down_proj:14336×4096×8"}},
		{"Qwen/Qwen1.5-MoE-A2.7B", []string{
			"self_attn.q_proj:2048×2048+bias×1", "self_attn.k_proj:2048×2048+bias×1",
			"self_attn.v_proj:2048×2048+bias×1", "self_attn.o_proj:2048×2048×1", "mlp.gate:2048×60×1",
			"mlp.experts.gate_up_proj:2048×2816×60", "mlp.experts.down_proj:1408×2048×60",
			"mlp.shared_expert.gate_proj:2048×5632×1",
			"mlp.shared_expert.up_proj:2048×5632×1", "mlp.shared_expert.down_proj:5632×2048×1",
			"mlp.shared_expert_gate:2048×1×1"}},
		{"OpenGVLab/InternVL2-8B", []string{
			"attention.wqkv:4096×6144×1", "attention.wo:4096×4096×1", "feed_forward.w1:4096×14336×1",
			"feed_forward.w3:4096×14336×1", "feed_forward.w2:14336×4096×1"}},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			m, err := Builtin().Model(tt.model)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range m.Linears() {
				bias := ""
				if l.Bias {
					bias = "+bias"
				}
				if !strings.HasSuffix(l.Path, l.Name) {
					t.Errorf("%s: path %q does not end in the module name %q", tt.model, l.Path, l.Name)
				}
				got = append(got, fmt.Sprintf("%s:%d×%d%s×%d", l.Path, l.In, l.Out, bias, l.Count))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Linears:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLargestLayerParams(t *testing.T) {
	tests := []struct {
		model string
		want  int64
	}{
		{"meta-llama/Meta-Llama-3-8B", 128256 * 4096},         // embedding (and lm_head) matrix
		{"mistralai/Mixtral-8x7B-v0.1", 8 * 2 * 14336 * 4096}, // transformers 5.x gathers gate_up_proj, all 8 experts in one tensor
		{"meta-llama/Llama-2-70b-hf", 32000 * 8192},           // the 8192×28672 MLP matrices are a little smaller
		{"microsoft/Phi-3-medium-4k-instruct", 5120 * 35840},  // fused gate_up_proj beats the 32064×5120 embedding
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			m, err := Builtin().Model(tt.model)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.LargestLayerParams(); got != tt.want {
				t.Errorf("LargestLayerParams = %d, want %d", got, tt.want)
			}
		})
	}
}

// A Model written by hand, with the derived fields left zero, counts the same as the normalized catalog entry.
func TestHandBuiltModelCountsLikeNormalized(t *testing.T) {
	m := Model{ID: "x", Text: TextConfig{Arch: "qwen2", Hidden: 896, Layers: 24, Heads: 14, KVHeads: 2,
		Intermediate: 4864, Vocab: 151936, TiedEmbeddings: true}}
	if got := m.Params().Total; got != 494032768 {
		t.Errorf("Qwen2-0.5B by hand (q/k/v bias implied by qwen2) = %d, want 494032768", got)
	}
	v := Model{ID: "y", Text: TextConfig{Arch: "llama", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 32064},
		Vision:    &VisionConfig{Arch: "clip_vision_model", Hidden: 1024, Layers: 24, Heads: 16, Intermediate: 4096, ImageSize: 336, PatchSize: 14},
		Projector: &Projector{Kind: "mlp"}}
	if got := v.Params().Total; got != 7063427072 {
		t.Errorf("LLaVA-1.5-7B by hand = %d, want 7063427072", got)
	}
	if got := v.LLMImageTokens(336, 336); got != 576 {
		t.Errorf("LLaVA-1.5-7B by hand: LLMImageTokens = %d, want 576", got)
	}
}

func TestValidate(t *testing.T) {
	text := TextConfig{Arch: "llama", Hidden: 64, Layers: 2, Heads: 4, KVHeads: 4, HeadDim: 16, Intermediate: 128, Vocab: 100}
	vision := &VisionConfig{Arch: "clip_vision_model", Hidden: 32, Layers: 1, Heads: 2, Intermediate: 64, ImageSize: 28, PatchSize: 14}
	tests := []struct {
		name string
		edit func(m *Model)
		want string // "" for valid
	}{
		{"valid", func(m *Model) {}, ""},
		{"no id", func(m *Model) { m.ID = "" }, "id is empty"},
		{"arch", func(m *Model) { m.Text.Arch = "rwkv" }, `arch "rwkv" is not one of`},
		{"zero hidden", func(m *Model) { m.Text.Hidden = 0 }, "hidden must be in"},
		{"huge vocab", func(m *Model) { m.Text.Vocab = 1 << 30 }, "vocab must be in"},
		{"gqa", func(m *Model) { m.Text.KVHeads = 3 }, "multiple of kv_heads"},
		{"experts on dense", func(m *Model) { m.Text.Experts = 8 }, "experts must be set exactly"},
		{"moe without experts", func(m *Model) { m.Text.Arch = "mixtral" }, "experts must be set exactly"},
		{"top-k", func(m *Model) { m.Text.Arch, m.Text.Experts, m.Text.ExpertsPerToken = "mixtral", 8, 9 }, "experts_per_token"},
		{"projector alone", func(m *Model) { m.Projector = &Projector{Kind: "mlp"} }, "come together"},
		{"slicing alone", func(m *Model) { m.Slicing = Slicing{Mode: "minicpm", SliceSize: 448, MaxSlices: 9} }, "without a vision tower"},
		{"vision ok", func(m *Model) { m.Vision, m.Projector = vision, &Projector{Kind: "mlp"} }, ""},
		{"vision arch", func(m *Model) {
			m.Vision, m.Projector = &VisionConfig{Arch: "dinov2", Hidden: 1, Layers: 1, Heads: 1, Intermediate: 1, PatchSize: 1, ImageSize: 1}, &Projector{Kind: "mlp"}
		}, `arch "dinov2"`},
		{"resampler queries", func(m *Model) { m.Vision, m.Projector = vision, &Projector{Kind: "resampler"} }, "queries"},
		{"custom projector", func(m *Model) { m.Vision, m.Projector = vision, &Projector{Kind: "q-former"} }, "params must be stated"},
		{"custom projector ok", func(m *Model) { m.Vision, m.Projector = vision, &Projector{Kind: "q-former", Params: 1000} }, ""},
		{"slicing mode", func(m *Model) {
			m.Vision, m.Projector, m.Slicing = vision, &Projector{Kind: "mlp"}, Slicing{Mode: "tiles", SliceSize: 336, MaxSlices: 4}
		}, `mode "tiles"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Model{ID: "acme/x", Text: text}
			tt.edit(&m)
			err := m.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// The largest model Validate accepts still counts without overflowing int64.
func TestLimitsDoNotOverflow(t *testing.T) {
	m := Model{ID: "huge", Text: TextConfig{Arch: "mixtral", Hidden: maxHidden, Layers: maxLayers, Heads: maxHeads,
		HeadDim: maxHeads, Intermediate: maxWidth, Vocab: maxVocab, Experts: maxExperts, ExpertsPerToken: 1},
		Vision: &VisionConfig{Arch: "siglip_vision_model", Hidden: maxHidden, Layers: maxLayers, Heads: maxHeads,
			Intermediate: maxWidth, ImageSize: 1 << 14, PatchSize: 1, UseHead: true},
		Projector: &Projector{Kind: "mlp", FeatureLayers: maxLayers}}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := m.Params()
	for name, v := range map[string]int64{"embeddings": p.Embeddings, "layers": p.Layers, "vision": p.Vision,
		"projector": p.Projector, "total": p.Total} {
		if v <= 0 {
			t.Errorf("%s = %d: overflowed", name, v)
		}
	}
	if p.Total < p.Layers || p.Total < p.Vision {
		t.Errorf("total %d is less than a part: overflowed", p.Total)
	}
	m.Text.Hidden++
	if err := m.Validate(); err == nil {
		t.Error("hidden above the limit validated")
	}
}

func TestEveryModelNamesItsSourceConfig(t *testing.T) {
	hubRepo := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	for _, m := range Builtin().Models() {
		if !hubRepo.MatchString(m.SourceConfig) {
			t.Errorf("%s: source_config %q is not a Hugging Face repo (org/name) whose config.json the entry copies",
				m.ID, m.SourceConfig)
		}
	}
}

// TestKeysAreUniqueAcrossTheCatalog walks the parsed catalog rather than the YAML, so it also covers what parse's
// own check would miss if it were loosened: a name or alias naming two entries, GPU or model, is ambiguous.
func TestKeysAreUniqueAcrossTheCatalog(t *testing.T) {
	owner := map[string]string{}
	claim := func(key, who string) {
		k := lookupKey(key)
		if prev, ok := owner[k]; ok && prev != who {
			t.Errorf("%q names both %s and %s", key, prev, who)
		}
		owner[k] = who
	}
	for _, g := range Builtin().GPUs() {
		for _, k := range append([]string{g.Name}, g.Aliases...) {
			claim(k, "gpu "+g.Name)
		}
	}
	for _, m := range Builtin().Models() {
		for _, k := range append([]string{m.ID}, m.Aliases...) {
			claim(k, "model "+m.ID)
		}
	}
}
