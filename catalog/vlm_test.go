package catalog

import (
	"path/filepath"
	"strings"
	"testing"
)

// vlmFile is one config.json under testdata/models/vlm (README.md there names each file's Hugging Face repo) and
// the parameter count transformers 5.17 builds from it (0 for remote-code models): AutoModelForImageTextToText.from_config on the meta
// device, tied weights counted once. published is the repo's own total (safetensors metadata or model card),
// rounded to precision where the card rounds it.
type vlmFile struct {
	file                 string
	transformers         int64
	published, precision int64
	vision, projector    int64 // the tower and what the projector kind counts, 0 where not checked
}

var vlmFiles = []vlmFile{
	{file: "qwen2.5-vl-3b-instruct.json", transformers: 3754622976, published: 3754622976, vision: 631975680, projector: 36708608},
	{file: "qwen2.5-vl-7b-instruct.json", transformers: 8292166656, published: 8292166656, vision: 631975680, projector: 44574464},
	{file: "qwen2.5-vl-72b-instruct.json", transformers: 73406351360, published: 73400000000, precision: 100000000},
	{file: "qwen3-vl-2b-instruct.json", transformers: 2127532032, published: 2127532032},
	{file: "qwen3-vl-8b-instruct.json", transformers: 8767123696, published: 8767123696},
	// Gemma 3's tower is SigLIP-So400m without head: 416866032 in both sizes.
	{file: "gemma-3-4b-it.json", transformers: 4300079472, published: 4300079472, vision: 416866032, projector: 2950272},
	{file: "gemma-3-27b-it.json", transformers: 27432406640, published: 27432406640, vision: 416866032, projector: 6194304},
	// image_newline (4096) is counted with the projector.
	{file: "llava-v1.6-mistral-7b-hf.json", transformers: 7566747648, published: 7566747648, vision: 303507456, projector: 20983808},
	{file: "llava-onevision-qwen2-0.5b-ov-hf.json", transformers: 893675552, published: 900000000, precision: 100000000, vision: 397747744, projector: 1837696},
	{file: "llava-onevision-qwen2-7b-ov-hf.json", transformers: 8030807584, published: 8030000000, precision: 10000000, vision: 397747744, projector: 16984576},
	{file: "internvl3-8b-hf.json", transformers: 7944373760, published: 7940000000, precision: 10000000, vision: 304012288, projector: 27540480},
	// The cross-attention layers' norms and gates and the 8 extra embedding rows are counted with the projector.
	{file: "llama-3.2-11b-vision-instruct.json", transformers: 10670220835, published: 10670220835, vision: 863567379, projector: 31461376 + 8*(2*128+2) + 8*4096},
	// PaliGemma 1 and 2: SigLIP-So400m without head, one Linear, a tied Gemma or Gemma 2 decoder.
	{file: "paligemma-3b-pt-224.json", transformers: 2923466480, published: 2920000000, precision: 10000000, vision: 412442352, projector: 2361344},
	{file: "paligemma2-3b-pt-448.json", transformers: 3033127152, published: 3030000000, precision: 10000000, vision: 413327088, projector: 2656512},
	{file: "pixtral-12b.json", transformers: 12682739712, published: 12700000000, precision: 100000000, vision: 403489792, projector: 31467520},
	{file: "mistral-small-3.1-24b-instruct-2503.json", transformers: 24011361280, published: 24011361280, vision: 403305472, projector: 35652608},
	{file: "idefics3-8b-llama3.json", transformers: 8462086384, published: 8462086384, vision: 412926192, projector: 18874368},
	{file: "smolvlm-instruct.json", transformers: 2246272880, published: 2246272880, vision: 412987248, projector: 21233664},
	{file: "smolvlm2-2.2b-instruct.json", transformers: 2246784880, published: 2250000000, precision: 10000000, vision: 412987248, projector: 21233664},
	// InternVL 2 (internvl_chat, remote code: no transformers count) over each of its decoders and both towers:
	// Qwen2-0.5B, InternLM2-1.8B and Phi-3-mini with InternViT-300M, InternLM2-20B and Llama-3-70B with InternViT-6B-448px-V1-5.
	{file: "internvl2-1b.json", published: 938000000, precision: 1000000, vision: 304012288, projector: 4482816},
	{file: "internvl2-2b.json", published: 2210000000, precision: 10000000, vision: 304012288, projector: 12595200},
	{file: "internvl2-4b.json", published: 4146855936, vision: 304012288, projector: 22034432},
	{file: "internvl2-26b.json", published: 25514186112, vision: 5536496000, projector: 116429824},
	{file: "internvl2-llama3-76b.json", published: 76300000000, precision: 100000000, vision: 5536496000, projector: 172008448},
	// Qwen-VL (qwen with visual, remote code): ViT-bigG 1.84B, the Resampler with ln_post and proj 92.8M.
	{file: "qwen-vl-chat.json", published: 9660000000, precision: 10000000, vision: 1842770688, projector: 92839936},
	// MiniCPM-V 2.0: MiniCPM-2.4B with an untied lm_head, timm SigLIP-400M less its last block and pooling head
	// (timm 1.0.29 builds vit_so400m_patch14_siglip_384 so with 397,747,744), 64-query resampler.
	{file: "minicpm-v-2.json", published: 3430000000, precision: 10000000, vision: 397747744, projector: 29366784},
	// MiniCPM-V 4.5: Qwen3-8B (vocabulary 151748, untied) with SigLIP-400M (all 27 blocks) and a 64-query
	// resampler; published: the checkpoint's model.safetensors.index.json total_size 17,391,790,560 bytes of bf16.
	{file: "minicpm-v-4_5.json", published: 8695895280, vision: 417792240, projector: 88907776},
	// DeepSeek-VL: SigLIP-L with its attention-pool head as the tower (timm 1.0.29's vit_large_patch16_siglip_384
	// with num_classes 0: 316,283,904); SAM-B (96,356,609 with sam_hd's neck copy),
	// the two hybrid LayerNorms and the aligner as the projector.
	{file: "deepseek-vl-7b-chat.json", published: 7340000000, precision: 10000000, vision: 316283904, projector: 96356609 + 4096 + 20979712},
}

func loadVLM(t *testing.T, file string) Model {
	t.Helper()
	m, err := LoadHFConfig(filepath.Join("..", "testdata", "models", "vlm", file))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestVLMParams(t *testing.T) {
	for _, tt := range vlmFiles {
		t.Run(tt.file, func(t *testing.T) {
			m := loadVLM(t, tt.file)
			p := m.Params()
			if tt.transformers != 0 && p.Total != tt.transformers {
				t.Errorf("Params().Total = %d, transformers builds %d (off by %d)", p.Total, tt.transformers, p.Total-tt.transformers)
			}
			if tt.vision != 0 && (p.Vision != tt.vision || p.Projector != tt.projector) {
				t.Errorf("vision, projector = %d, %d; want %d, %d", p.Vision, p.Projector, tt.vision, tt.projector)
			}
			if d := p.Total - tt.published; d < -tt.precision/2 || d > tt.precision/2 {
				t.Errorf("Params().Total = %d is not the published %d (±%d)", p.Total, tt.published, tt.precision/2)
			}
		})
	}
}

// Image tokens per image from each family's processor in transformers 5.17, run on the same sizes: Qwen2-VL's
// smart_resize (Qwen2.5-VL: 28-px factor, 3136..12845056 px; Qwen3-VL: 32-px, 65536..16777216), LLaVA-NeXT's and
// OneVision's _get_number_of_features and select_best_resolution, GotOcr2's get_optimal_tiled_canvas (HF
// InternVL, max_patches 12), Idefics3ImageProcessor.get_number_of_image_patches (longest_edge 4 × the tile) and
// Pixtral's get_resize_output_image_size (1540 px, patch 14 × merge 2).
func TestVLMImageTokens(t *testing.T) {
	type size = [2]int
	tests := []struct {
		file  string
		cases map[size][3]int // width×height → slices, vision tokens, LLM tokens
	}{
		{"qwen2.5-vl-7b-instruct.json", map[size][3]int{
			{448, 448}: {1, 1024, 256}, {100, 100}: {1, 64, 16}, {1920, 1080}: {1, 10764, 2691},
			{4000, 3000}: {1, 61204, 15301}, {28, 2000}: {1, 284, 71}, {3000, 400}: {1, 5992, 1498},
		}},
		{"qwen3-vl-8b-instruct.json", map[size][3]int{
			{448, 448}: {1, 784, 196}, {100, 100}: {1, 256, 64}, {1920, 1080}: {1, 8160, 2040},
			{4000, 3000}: {1, 47000, 11750}, {28, 2000}: {1, 272, 68}, {1024, 768}: {1, 3072, 768},
		}},
		// 896² whatever the input (no pan-and-scan): 64×64 patches pooled 4×4.
		{"gemma-3-4b-it.json", map[size][3]int{{448, 448}: {1, 4096, 256}, {1920, 1080}: {1, 4096, 256}}},
		// CLIP-336 crops with their class tokens; the LLM gets the base image's 576 patches plus the unpadded
		// grid with a newline per row.
		{"llava-v1.6-mistral-7b-hf.json", map[size][3]int{
			{448, 448}: {5, 5 * 577, 2928}, {100, 100}: {3, 3 * 577, 1176}, {640, 480}: {5, 5 * 577, 2340},
			{1920, 1080}: {5, 5 * 577, 1948}, {28, 2000}: {4, 4 * 577, 792}, {3000, 400}: {4, 4 * 577, 1306},
		}},
		// SigLIP-384 crops of 729 patches; grids past anyres_max_9 are pooled back down.
		{"llava-onevision-qwen2-0.5b-ov-hf.json", map[size][3]int{
			{448, 448}: {5, 5 * 729, 3699}, {100, 100}: {2, 2 * 729, 1485}, {640, 480}: {5, 5 * 729, 2929},
			{1920, 1080}: {16, 16 * 729, 7269}, {4000, 3000}: {31, 31 * 729, 7309}, {28, 2000}: {7, 7 * 729, 1377},
			{1344, 1344}: {17, 17 * 729, 7371}, {3000, 400}: {7, 7 * 729, 4152},
		}},
		// 448-px tiles of 1024 patches + class token, 256 LLM tokens each after pixel shuffle; a thumbnail when cut.
		{"internvl3-8b-hf.json", map[size][3]int{
			{448, 448}: {1, 1025, 256}, {640, 480}: {13, 13 * 1025, 13 * 256}, {1920, 1080}: {9, 9 * 1025, 9 * 256},
			{1344, 1344}: {10, 10 * 1025, 10 * 256}, {28, 2000}: {13, 13 * 1025, 13 * 256},
		}},
		// Always four 560-px tiles (the processor pads to max_num_tiles), 1601 tokens each padded to 1608.
		{"llama-3.2-11b-vision-instruct.json", map[size][3]int{{448, 448}: {1, 6432, 1}, {4000, 3000}: {1, 6432, 1}}},
		// Pixtral at native resolution up to 1540 px; a row break per merged row.
		{"mistral-small-3.1-24b-instruct-2503.json", map[size][3]int{
			{448, 448}: {1, 1024, 272}, {100, 100}: {1, 64, 20}, {640, 480}: {1, 1656, 432},
			{1920, 1080}: {1, 6820, 1736}, {4000, 3000}: {1, 9240, 2352}, {28, 2000}: {1, 220, 110},
		}},
		// PaliGemma: every patch of the fixed-size image is an LLM token.
		{"paligemma-3b-pt-224.json", map[size][3]int{{448, 448}: {1, 256, 256}, {1920, 1080}: {1, 256, 256}}},
		{"paligemma2-3b-pt-448.json", map[size][3]int{{448, 448}: {1, 1024, 1024}, {100, 100}: {1, 1024, 1024}}},
		// Pixtral-12B under LLaVA: 16-px patches up to 1024 px, no merge.
		{"pixtral-12b.json", map[size][3]int{
			{448, 448}: {1, 784, 812}, {1920, 1080}: {1, 2304, 2340}, {100, 100}: {1, 49, 56}, {28, 2000}: {1, 64, 128},
		}},
		// The longest edge goes to 1456 px, up or down: 4×4 tiles of 364 px for a square, plus the whole image.
		{"idefics3-8b-llama3.json", map[size][3]int{
			{448, 448}: {17, 17 * 676, 17 * 169}, {100, 100}: {17, 17 * 676, 17 * 169}, {640, 480}: {13, 13 * 676, 13 * 169},
			{28, 2000}: {5, 5 * 676, 5 * 169}, {3000, 400}: {5, 5 * 676, 5 * 169},
		}},
		// Qwen-VL resizes every image to 448² (visual.py image_transform): 1024 patches, 256 resampler queries.
		{"qwen-vl-chat.json", map[size][3]int{{448, 448}: {1, 1024, 256}, {1000, 700}: {1, 1024, 256}}},
		// MiniCPM-V 2.0 slices like 2.5 (slice_image) with 64 queries a slice.
		{"minicpm-v-2.json", map[size][3]int{{448, 448}: {1, 1024, 64}, {1344, 1344}: {10, 10240, 640}, {1920, 1080}: {9, 9192, 576}}},
		// DeepSeek-VL resizes to 1024² (SAM) and 384² (SigLIP), both ending in 24×24 tokens.
		{"deepseek-vl-7b-chat.json", map[size][3]int{{448, 448}: {1, 576, 576}, {1920, 1080}: {1, 576, 576}}},
		{"smolvlm-instruct.json", map[size][3]int{
			{448, 448}: {17, 17 * 729, 17 * 81}, {1920, 1080}: {13, 13 * 729, 13 * 81}, {28, 2000}: {5, 5 * 729, 5 * 81},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := loadVLM(t, tt.file)
			for s, want := range tt.cases {
				checkImage(t, m, imageCase{width: s[0], height: s[1], slices: want[0], vision: want[1], llm: want[2]})
			}
		})
	}
}

// The VLM readers name the key a config gets wrong.
func TestVLMConfigErrors(t *testing.T) {
	tests := []struct{ name, json, key string }{
		{"gemma3 pooled tokens", `{"model_type": "gemma3", "mm_tokens_per_image": 200}`, "mm_tokens_per_image"},
		{"onevision aspect ratio", `{"model_type": "llava_onevision", "vision_aspect_ratio": "anyres"}`, "vision_aspect_ratio"},
		{"anyres pinpoints", `{"model_type": "llava_next", "image_grid_pinpoints": [[336]]}`, "image_grid_pinpoints"},
		{"internvl tower", `{"model_type": "internvl", "vision_config": {"model_type": "clip_vision_model"}}`, "vision_config.model_type"},
		{"internvl image size", `{"model_type": "internvl", "vision_config": {"image_size": [448, 448, 3]}}`, "vision_config.image_size"},
		{"internvl ratio", `{"model_type": "internvl", "downsample_ratio": 2}`, "downsample_ratio"},
		{"mllama output dim", `{"model_type": "mllama", "vision_config": {"vision_output_dim": 4096}}`, "vision_config.vision_output_dim"},
		{"mistral3 tower", `{"model_type": "mistral3", "vision_config": {"model_type": "siglip_vision_model"}}`, "vision_config.model_type"},
		{"qwen-vl output dim", `{"model_type": "qwen", "visual": {"output_dim": 1024}}`, "visual.output_dim"},
		{"minicpmv encoder", `{"model_type": "minicpmv", "vision_encoder": "vit_huge_patch14_clip_224"}`, "vision_encoder"},
		{"deepseek-vl tower", `{"model_type": "multi_modality", "vision_config": {"params": {"high_res_cfg": {"model_name": "sam_vit_h"}}}}`,
			"vision_config.params.high_res_cfg.model_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHFConfig([]byte(tt.json), "x/config.json")
			if err == nil || !strings.Contains(err.Error(), `key "`+tt.key+`"`) {
				t.Errorf("error %v does not name key %q", err, tt.key)
			}
		})
	}
}

// TestIdefics2 checks the builtin Idefics2 entry part by part, as no config.json of it is vendored: its tower is
// MiniCPM-V 4.5's SigLIP-400M at 980 px (417,792,240 there, checked against a published total), the connector is
// modality_projection (2·1152·14336 + 14336·4096) plus a perceiver of 64 latents and 3 layers (three RMSNorms,
// q 4096→16·96, k and v 4096→4·96, o, a 4·4096-wide gated MLP) and a final RMSNorm, and one image, unsplit as
// Idefics2ImageProcessor leaves it by default, is 64 LLM tokens.
func TestIdefics2(t *testing.T) {
	m, err := Builtin().Model("HuggingFaceM4/idefics2-8b")
	if err != nil {
		t.Fatal(err)
	}
	const th = 4096
	perceiverLayer := int64(3*th + th*16*96 + 2*th*4*96 + 16*96*th + 3*th*4*th)
	wantProjector := int64(2*1152*14336+14336*th) + 64*th + 3*perceiverLayer + th
	p := m.Params()
	if p.Vision != 417792240 || p.Projector != wantProjector || p.Total != 8402768112 {
		t.Errorf("vision, projector, total = %d, %d, %d; want 417792240, %d, 8402768112", p.Vision, p.Projector, p.Total, wantProjector)
	}
	if got := m.LLMImageTokens(980, 980); got != 64 {
		t.Errorf("LLMImageTokens(980, 980) = %d, want 64", got)
	}
	// A config.json of idefics2-8b's shape (a job's local checkpoint folder) reads as the same model. The values are
	// the catalog entry's, written in Idefics2Config's keys, with the perceiver left to Idefics2PerceiverConfig's
	// defaults.
	local := `{"model_type": "idefics2", "architectures": ["Idefics2ForConditionalGeneration"],
		"text_config": {"model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
			"num_attention_heads": 32, "num_key_value_heads": 8, "max_position_embeddings": 32768, "vocab_size": 32003},
		"vision_config": {"model_type": "idefics2_vision", "hidden_size": 1152, "intermediate_size": 4304,
			"num_hidden_layers": 27, "num_attention_heads": 16, "image_size": 980, "patch_size": 14},
		"perceiver_config": {"model_type": "idefics2_perceiver"}}`
	read, err := ParseHFConfig([]byte(local), "checkpoints/idefics2-8b/config.json")
	if err != nil {
		t.Fatal(err)
	}
	if rp := read.Params(); rp != p {
		t.Errorf("config.json counts %+v, catalog %+v", rp, p)
	}
	bad := *m.Projector
	bad.KVHeads = 5
	if err := bad.validate(); err == nil {
		t.Error("a perceiver whose heads are not a multiple of kv_heads validated")
	}
}
