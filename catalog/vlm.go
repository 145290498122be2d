package catalog

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// The vision-language config.json readers added for the 2024–2026 families. Each reads what changes memory (the
// tower's shape, the projector, how images become tokens) with the defaults of its transformers 5.17 config
// class, and hands the decoder to parseText.

// textOf reads a composite config's decoder through parseDecoder (a decoder without known defaults reads as a
// generic one): text_config when present (model_type def unless it says otherwise), else the keys at the top
// level, as the older flat Qwen-VL files have them. tie_word_embeddings at the top level
// is what transformers 5 ties by (PreTrainedModel.tie_weights reads the composite config); older files kept it in
// text_config, read when the top level does not set it; tieDefault is the composite class's default.
func textOf(root object, def string, tieDefault bool) Model {
	text, nested := root.subIfPresent("text_config")
	modelType := def
	if nested {
		modelType = text.str("model_type", def)
	} else {
		text = root
	}
	// The composite classes name their own text config classes, which are their decoder's.
	switch modelType {
	case "qwen2_5_vl_text":
		modelType = "qwen2"
	case "qwen3_vl_text":
		modelType = "qwen3"
	case "qwen3_vl_moe_text":
		// Qwen3VLMoeTextConfig (transformers 5.x models/qwen3_vl_moe/configuration_qwen3_vl_moe.py) builds
		// Qwen3-MoE's decoder layers: the same keys, and the same fused experts.
		modelType = "qwen3_moe"
	}
	m := parseDecoder(text, modelType)
	m.Text.TiedEmbeddings = root.bool("tie_word_embeddings", text.bool("tie_word_embeddings", tieDefault))
	return m
}

// defaultIfMissing sets *dst to def when o does not have key: for composite configs whose text class has other
// defaults than the plain decoder class parseText takes them from.
func defaultIfMissing(o object, key string, dst *int, def int) {
	if _, ok := o.get(key); !ok {
		*dst = def
	}
}

// sideOf reads an image or patch size that is one number or a [height, width] pair (InternVL's and Pixtral's
// configs write both), taking the height.
func sideOf(o object, key string, def int) int {
	v, ok := o.get(key)
	if !ok {
		return def
	}
	if list, isList := v.([]any); isList {
		if len(list) != 2 {
			o.fail(key, "want a size or a [height, width] pair, got %d numbers", len(list))
			return def
		}
		sub := object{m: map[string]any{key: list[0]}, path: o.path, src: o.src, err: o.err}
		return sub.int(key, def)
	}
	return o.int(key, def)
}

// qwenVision reads the vision_config shared by Qwen2-VL, Qwen2.5-VL and Qwen3-VL (depth, num_heads, hidden_size
// of the tower, patch sizes) with the tower's arch and its class defaults.
func qwenVision(vis object, arch string, d VisionConfig) VisionConfig {
	v := d
	v.Arch = arch
	v.Hidden = vis.int("hidden_size", d.Hidden)
	v.Layers = vis.int("depth", d.Layers)
	v.Heads = vis.int("num_heads", d.Heads)
	v.Intermediate = vis.int("intermediate_size", d.Intermediate)
	v.PatchSize = vis.int("patch_size", d.PatchSize)
	v.TemporalPatchSize = vis.int("temporal_patch_size", 2)
	return v
}

// parseQwen25VL reads Qwen2_5_VLConfig (configuration_qwen2_5_vl.py, 5.17): the decoder is Qwen2's, flat at the
// top level in the released files; the tower has RMSNorm, a gated MLP and window attention in all layers but
// fullatt_block_indexes; the merger's output width is out_hidden_size (the decoder's width).
func parseQwen25VL(root object) Model {
	m := textOf(root, "qwen2", false)
	m.Text.Arch = "qwen2"
	vis := root.sub("vision_config")
	v := qwenVision(vis, "qwen2_5_vl", VisionConfig{Hidden: 3584, Layers: 32, Heads: 16, Intermediate: 3420, PatchSize: 14})
	v.WindowSize = vis.int("window_size", 112)
	v.FullAttentionLayers = 4 // (7, 15, 23, 31)
	if _, ok := vis.get("fullatt_block_indexes"); ok {
		v.FullAttentionLayers = vis.listLen("fullatt_block_indexes")
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "merger", Merge: vis.int("spatial_merge_size", 2)}
	return m
}

// parseQwen3VL reads Qwen3VLConfig (configuration_qwen3_vl.py, 5.17): a Qwen3 decoder (Qwen3-MoE for qwen3_vl_moe) under text_config and a
// tower with 16-pixel patches, a learned position table and deepstack mergers.
func parseQwen3VL(root object, textType string) Model {
	m := textOf(root, textType, false)
	vis := root.sub("vision_config")
	v := qwenVision(vis, "qwen3_vl", VisionConfig{Hidden: 1152, Layers: 27, Heads: 16, Intermediate: 4304, PatchSize: 16})
	v.PositionEmbeddings = vis.int("num_position_embeddings", 2304)
	v.Deepstack = 3 // (8, 16, 24)
	if _, ok := vis.get("deepstack_visual_indexes"); ok {
		v.Deepstack = vis.listLen("deepstack_visual_indexes")
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "merger", Merge: vis.int("spatial_merge_size", 2)}
	return m
}

// parseGemma3 reads Gemma3Config (configuration_gemma3.py, 5.17): a gemma3_text decoder, a SigLIP tower without
// head, and mm_tokens_per_image pooled tokens per image (256: 64×64 patches of 896 px averaged by 4×4).
func parseGemma3(root object) Model {
	m := textOf(root, "gemma3_text", true)
	vis := root.sub("vision_config")
	v := parseViT(vis, "siglip_vision_model")
	m.Vision = &v
	perSide := v.ImageSize / v.PatchSize
	tokens := root.int("mm_tokens_per_image", 256)
	side := int(math.Sqrt(float64(tokens)))
	if side == 0 || side*side != tokens || perSide%side != 0 {
		root.fail("mm_tokens_per_image", "%d is not a square whose side divides the %d patches per side", tokens, perSide)
		side = max(perSide, 1)
	}
	m.Projector = &Projector{Kind: "avgpool", Merge: max(perSide/side, 1)}
	return m
}

// parseLlavaNext reads LlavaNextConfig and LlavaOnevisionConfig (5.17): LLaVA's tower, projector and feature
// selection, plus the anyres grid. LLaVA-NeXT's towers are CLIP-336 and its decoders Llama-style; OneVision's are
// SigLIP-384 (features of the last layer, class-token-free "full") and Qwen2.
func parseLlavaNext(root object, onevision bool) Model {
	textDefault, towerDefault, strategy := "llama", "clip_vision_model", "default"
	if onevision {
		textDefault, towerDefault, strategy = "qwen2", "siglip_vision_model", "full"
	}
	m := textOf(root, textDefault, false)
	vis := root.sub("vision_config")
	v := parseViT(vis, vis.str("model_type", towerDefault))
	if onevision {
		if _, ok := vis.get("vision_use_head"); !ok {
			v.UseHead = false
		}
	}
	v.GridPinpoints = pinpoints(root, onevision)
	m.Vision = &v
	m.Projector = &Projector{
		Kind:           "mlp",
		FeatureLayers:  root.intOrListLen("vision_feature_layer"),
		NoBias:         !root.bool("multimodal_projector_bias", true),
		KeepClassToken: root.str("vision_feature_select_strategy", strategy) == "full",
	}
	m.Slicing = Slicing{Mode: "anyres", SliceSize: v.ImageSize}
	if onevision {
		ratio := root.str("vision_aspect_ratio", "anyres_max_9")
		n, err := strconv.Atoi(strings.TrimPrefix(ratio, "anyres_max_"))
		if err != nil || n <= 0 || n > 1<<10 {
			root.fail("vision_aspect_ratio", "want anyres_max_N, got %q", ratio)
		}
		m.Slicing.MaxSlices = n
	}
	return m
}

// pinpoints reads image_grid_pinpoints, or the class default: LLaVA-NeXT's five canvases of 336-px crops,
// OneVision's 36 of 384-px crops (1×1 to 6×6).
func pinpoints(root object, onevision bool) [][2]int {
	v, ok := root.get("image_grid_pinpoints")
	if !ok {
		if onevision {
			var out [][2]int
			for r := 1; r <= 6; r++ {
				for c := 1; c <= 6; c++ {
					out = append(out, [2]int{384 * r, 384 * c})
				}
			}
			return out
		}
		return [][2]int{{336, 672}, {672, 336}, {672, 672}, {1008, 336}, {336, 1008}}
	}
	list, isList := v.([]any)
	var out [][2]int
	for _, p := range list {
		pair, isPair := p.([]any)
		if !isPair || len(pair) != 2 {
			isList = false
			break
		}
		var hw [2]int
		for i, n := range pair {
			num, isNum := n.(json.Number)
			x, err := num.Int64()
			if !isNum || err != nil || x <= 0 || x > 1<<14 {
				isList = false
			}
			hw[i] = int(x)
		}
		out = append(out, hw)
	}
	if !isList || len(out) == 0 {
		root.fail("image_grid_pinpoints", "want a list of [height, width] pairs")
		return nil
	}
	return out
}

// parseInternVLHF reads transformers' InternVLConfig (configuration_internvl.py, 5.17): the HF-format InternVL
// 2.5/3/3.5 checkpoints (-hf), an internvl_vision tower, a decoder under text_config (Qwen2 by default) and pixel
// shuffle by downsample_ratio. Its processor (GotOcr2ImageProcessor with crop_to_patches) tiles like
// dynamic_preprocess: 448-px tiles, at most 12, plus a thumbnail.
func parseInternVLHF(root object) Model {
	m := textOf(root, "qwen2", true)
	vis := root.sub("vision_config")
	if mt := vis.str("model_type", "internvl_vision"); mt != "internvl_vision" {
		vis.fail("model_type", "unsupported vision tower %q; supported: internvl_vision", mt)
	}
	v := VisionConfig{
		Arch:         "internvl_vision",
		Hidden:       vis.int("hidden_size", 1024),
		Layers:       vis.int("num_hidden_layers", 24),
		Heads:        vis.int("num_attention_heads", 16),
		Intermediate: vis.int("intermediate_size", 4096),
		ImageSize:    sideOf(vis, "image_size", 448),
		PatchSize:    sideOf(vis, "patch_size", 14),
		QKVBias:      vis.bool("attention_bias", false),
		QKNorm:       vis.bool("use_qk_norm", false),
		RMSNorm:      vis.str("norm_type", "layer_norm") == "rms_norm",
	}
	if !vis.bool("use_mean_pooling", true) {
		vis.fail("use_mean_pooling", "false adds a final norm, which is not supported")
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "pixel-shuffle-mlp", Merge: mergeOf(root, "downsample_ratio")}
	m.Slicing = Slicing{Mode: "internvl", SliceSize: v.ImageSize, MaxSlices: 12, Overview: true}
	return m
}

// mergeOf reads a pixel-shuffle ratio (0.5) as patches per side merged (2).
func mergeOf(o object, key string) int {
	ratio := o.float(key, 0.5)
	if ratio <= 0 || ratio > 1 {
		o.fail(key, "must be in (0, 1], got %v", ratio)
		return 1
	}
	return int(math.Round(1 / ratio))
}

// parseMllama reads MllamaConfig (configuration_mllama.py, 5.17): Llama 3.2 Vision. The decoder's
// num_hidden_layers counts the cross-attention layers too (cross_attention_layers names them); the tower runs
// num_hidden_layers local and num_global_layers gated layers over max_num_tiles tiles, and its output is the last
// layer concatenated with intermediate_layers_indices (vision_output_dim = hidden × (1 + their number)).
func parseMllama(root object) Model {
	text := root.sub("text_config")
	m := Model{Text: parseText(text, "llama")}
	defaultIfMissing(text, "vocab_size", &m.Text.Vocab, 128256)
	defaultIfMissing(text, "hidden_size", &m.Text.Hidden, 4096)
	defaultIfMissing(text, "num_hidden_layers", &m.Text.Layers, 40)
	defaultIfMissing(text, "intermediate_size", &m.Text.Intermediate, 14336)
	defaultIfMissing(text, "num_key_value_heads", &m.Text.KVHeads, 8)
	m.Text.MaxPosition = text.int("max_position_embeddings", 131072)
	m.Text.TiedEmbeddings = root.bool("tie_word_embeddings", text.bool("tie_word_embeddings", false))
	vis := root.sub("vision_config")
	global := vis.int("num_global_layers", 8)
	tiles := vis.int("max_num_tiles", 4)
	v := VisionConfig{
		Arch:         "mllama_vision",
		Hidden:       vis.int("hidden_size", 1280),
		Layers:       vis.int("num_hidden_layers", 32) + global,
		GlobalLayers: global,
		Heads:        vis.int("attention_heads", 16),
		Intermediate: vis.int("intermediate_size", 5120),
		ImageSize:    sideOf(vis, "image_size", 448),
		PatchSize:    sideOf(vis, "patch_size", 14),
		Tiles:        tiles,
		AspectRatios: arrangements(tiles),
	}
	if _, ok := vis.get("supported_aspect_ratios"); ok {
		v.AspectRatios = vis.listLen("supported_aspect_ratios")
	}
	features := 5 // [3, 7, 15, 23, 30]
	if _, ok := vis.get("intermediate_layers_indices"); ok {
		features = vis.listLen("intermediate_layers_indices")
	}
	if out := vis.int("vision_output_dim", v.Hidden*(features+1)); out != v.Hidden*(features+1) {
		vis.fail("vision_output_dim", "%d is not hidden_size × (1 + len(intermediate_layers_indices)) = %d", out, v.Hidden*(features+1))
	}
	v.CrossAttentionLayers = 8 // [3, 8, 13, 18, 23, 28, 33, 38]
	if _, ok := text.get("cross_attention_layers"); ok {
		v.CrossAttentionLayers = text.listLen("cross_attention_layers")
	}
	v.CrossAttentionHeadDim = m.Text.Hidden / max(m.Text.Heads, 1)
	m.Vision = &v
	m.Projector = &Projector{Kind: "cross-attention", FeatureLayers: features + 1}
	return m
}

// arrangements counts the cols×rows grids of at most maxTiles tiles (Mllama's get_all_supported_aspect_ratios):
// 8 for 4 tiles.
func arrangements(maxTiles int) int {
	n := 0
	for c := 1; c <= maxTiles; c++ {
		n += maxTiles / c
	}
	return n
}

// parseMistral3 reads Mistral3Config (configuration_mistral3.py, 5.17): Mistral Small 3.1/3.2 with a Pixtral
// tower (1540-px longest edge, 14-px patches), the patch merger by spatial_merge_size and a bias-free projector.
func parseMistral3(root object) Model {
	m := textOf(root, "mistral", true)
	vis := root.sub("vision_config")
	if mt := vis.str("model_type", "pixtral"); mt != "pixtral" {
		vis.fail("model_type", "unsupported vision tower %q; supported: pixtral", mt)
	}
	v := pixtralTower(vis)
	m.Vision = &v
	m.Projector = &Projector{
		Kind:          "patch-merger-mlp",
		Merge:         root.int("spatial_merge_size", 2),
		FeatureLayers: root.intOrListLen("vision_feature_layer"),
		NoBias:        !root.bool("multimodal_projector_bias", false),
	}
	return m
}

// parseIdefics2 reads Idefics2Config (transformers 5.x models/idefics2/configuration_idefics2.py): a text_config
// that is Mistral's unless it says otherwise, untied embeddings by default, Idefics2VisionConfig (a SigLIP without
// head at any image size, Idefics2VisionTransformer) and Idefics2PerceiverConfig, whose defaults are idefics2-8b's
// perceiver (64 latents, 3 layers, 16 heads of 96, 4 key/value heads). The connector's modality_projection is as wide
// as the decoder's MLP (Idefics2Connector, modeling_idefics2.py), which projectorCount takes from the text config.
func parseIdefics2(root object) Model {
	m := textOf(root, "mistral", false)
	vis := root.sub("vision_config")
	v := VisionConfig{
		Arch:         "siglip_navit",
		Hidden:       vis.int("hidden_size", 768),
		Layers:       vis.int("num_hidden_layers", 12),
		Heads:        vis.int("num_attention_heads", 12),
		Intermediate: vis.int("intermediate_size", 3072),
		ImageSize:    vis.int("image_size", 224),
		PatchSize:    vis.int("patch_size", 32),
	}
	m.Vision = &v
	p := root.sub("perceiver_config")
	m.Projector = &Projector{
		Kind:    "perceiver",
		Queries: p.int("resampler_n_latents", 64),
		Depth:   p.int("resampler_depth", 3),
		Heads:   p.int("resampler_n_heads", 16),
		HeadDim: p.int("resampler_head_dim", 96),
		KVHeads: p.int("num_key_value_heads", 4),
	}
	return m
}

// parseIdefics3 reads Idefics3Config and SmolVLMConfig (5.17): a SigLIP tower without head, pixel shuffle by scale_factor into one Linear, and a Llama decoder (SmolLM2 for SmolVLM). The
// processor cuts images into image_size tiles after scaling the longest edge to 4 × image_size (the
// preprocessor_config.json of every released checkpoint: 1456 for 364-px towers, 1536 for 384, 2048 for 512).
func parseIdefics3(root object) Model {
	m := textOf(root, "llama", false)
	// The composite class builds its own vision config whatever the sub-config's model_type says (SmolVLM-Instruct
	// writes idefics3 there).
	vis := root.sub("vision_config")
	v := VisionConfig{
		Arch:         "siglip_vision_model",
		Hidden:       vis.int("hidden_size", 1152),
		Layers:       vis.int("num_hidden_layers", 32),
		Heads:        vis.int("num_attention_heads", 16),
		Intermediate: vis.int("intermediate_size", 3072),
		ImageSize:    vis.int("image_size", 224),
		PatchSize:    vis.int("patch_size", 32),
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "pixel-shuffle-linear", Merge: root.int("scale_factor", 2)}
	m.Slicing = Slicing{Mode: "idefics3", SliceSize: v.ImageSize, MaxSlices: 16, Overview: true}
	return m
}

// parseQwen reads QWenConfig (trust_remote_code): Qwen (v1) text models, and Qwen-VL when a visual sub-config is
// present (Qwen/Qwen-VL-Chat configuration_qwen.py and visual.py): a 448-px OpenCLIP ViT-bigG of width, layers,
// heads and mlp_ratio, whose Resampler (output_dim wide, 256 queries) gives 256 LLM tokens per image.
func parseQwen(root object) Model {
	m := Model{Text: parseText(root, "qwen")}
	vis, ok := root.subIfPresent("visual")
	if !ok {
		return m
	}
	width := vis.int("width", 1664)
	ratio := vis.float("mlp_ratio", 4.9231)
	if ratio <= 0 || ratio > 64 {
		vis.fail("mlp_ratio", "must be in (0, 64], got %v", ratio)
	}
	v := VisionConfig{
		Arch:         "qwen_vit",
		Hidden:       width,
		Layers:       vis.int("layers", 48),
		Heads:        vis.int("heads", 16),
		Intermediate: int(float64(width) * ratio),
		ImageSize:    vis.int("image_size", 448),
		PatchSize:    vis.int("patch_size", 14),
	}
	if out := vis.int("output_dim", m.Text.Hidden); out != m.Text.Hidden {
		vis.fail("output_dim", "%d differs from the decoder's hidden_size %d", out, m.Text.Hidden)
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "resampler", Queries: vis.int("n_queries", qwenVLPositions)}
	return m
}

// parseMiniCPMVAny reads MiniCPMVConfig of every version: 2.5 and 2.6 through parseMiniCPMV, and MiniCPM-V 2.0
// (openbmb/MiniCPM-V-2, no version key): a MiniCPM-2.4B decoder, whose layers have Llama's modules (scale_emb,
// dim_model_base and scale_depth scale activations and change no count), and the timm SigLIP-400M named by
// vision_encoder with its pooling head replaced by Identity (modeling_minicpmv.py init_vision_module), the last
// block dropped when drop_vision_last_layer. Its slicing settings sit at the top level.
func parseMiniCPMVAny(root object) Model {
	switch v := root.float("version", 2.0); v {
	case 2.5, 2.6, 4.5:
		return parseMiniCPMV(root)
	case 2.0:
	default:
		root.fail("version", "MiniCPM-V %v is not supported (2.0, 2.5, 2.6 and 4.5 are)", v)
		return Model{}
	}
	m := Model{Text: parseText(root, "llama")}
	m.Text.TiedEmbeddings = root.bool("tie_word_embeddings", false)
	encoder := root.str("vision_encoder", "vit_so400m_patch14_siglip_384.webli")
	if strings.TrimSuffix(encoder, ".webli") != "vit_so400m_patch14_siglip_384" {
		root.fail("vision_encoder", "unsupported timm encoder %q; supported: vit_so400m_patch14_siglip_384", encoder)
	}
	// timm's vit_so400m_patch14_siglip_384: width 1152, 27 blocks, 16 heads, MLP 4304, 384-px position table.
	v := VisionConfig{Arch: "siglip_timm", Hidden: 1152, Layers: 27, Heads: 16, Intermediate: 4304, ImageSize: 384, PatchSize: 14}
	if root.bool("drop_vision_last_layer", true) {
		v.Layers--
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "resampler", Queries: root.int("query_num", 64)}
	if root.bool("slice_mode", true) {
		m.Slicing = Slicing{
			Mode:      "minicpm",
			SliceSize: root.int("scale_resolution", 448),
			MaxSlices: root.int("max_slice_nums", 9),
			Overview:  true,
		}
	}
	return m
}

// parseMultiModality reads DeepSeek-VL's MultiModalityConfig (deepseek_vl/models/modeling_vlm.py, remote code):
// a Llama language_config, a HybridVisionTower vision_config (SAM-B at 1024 px for high resolution,
// siglip_large_patch16_384 for low resolution, each giving 576 tokens) and an aligner_config. The SigLIP-L tower
// (timm VisionTransformer with its attention-pool head, siglip_vit.py) is the one modelled; SAM-B's weights are
// counted with the projector, and its activations are not modelled.
func parseMultiModality(root object) Model {
	lang := root.sub("language_config")
	m := parseDecoder(lang, lang.str("model_type", "llama"))
	params := root.sub("vision_config").sub("params")
	high, low := params.sub("high_res_cfg"), params.sub("low_res_cfg")
	if name := high.str("model_name", "sam_b_downsample"); name != "sam_b_downsample" {
		high.fail("model_name", "unsupported high-resolution tower %q; supported: sam_b_downsample", name)
	}
	if name := low.str("model_name", "siglip_large_patch16_384"); name != "siglip_large_patch16_384" {
		low.fail("model_name", "unsupported low-resolution tower %q; supported: siglip_large_patch16_384", name)
	}
	aligner := root.sub("aligner_config").sub("params")
	if kind := aligner.str("projector_type", "low_high_hybrid_split_mlp_gelu"); kind != "low_high_hybrid_split_mlp_gelu" {
		aligner.fail("projector_type", "unsupported aligner %q; supported: low_high_hybrid_split_mlp_gelu", kind)
	}
	if depth := aligner.int("depth", 2); depth != 2 {
		aligner.fail("depth", "only 2 is supported, got %d", depth)
	}
	if n := aligner.int("n_embed", m.Text.Hidden); n != m.Text.Hidden {
		aligner.fail("n_embed", "%d differs from the decoder's hidden_size %d", n, m.Text.Hidden)
	}
	v := VisionConfig{Arch: "siglip_timm", Hidden: 1024, Layers: 24, Heads: 16, Intermediate: 4096,
		ImageSize: low.int("image_size", 384), PatchSize: 16, UseHead: true}
	m.Vision = &v
	m.Projector = &Projector{Kind: "hybrid-split-mlp"}
	return m
}

// pixtralTower reads PixtralVisionConfig (configuration_pixtral.py, 5.17), the tower of Mistral Small 3.x and
// Pixtral-12B, with its class's defaults.
func pixtralTower(vis object) VisionConfig {
	return VisionConfig{
		Arch:         "pixtral",
		Hidden:       vis.int("hidden_size", 1024),
		Layers:       vis.int("num_hidden_layers", 24),
		Heads:        vis.int("num_attention_heads", 16),
		Intermediate: vis.int("intermediate_size", 4096),
		ImageSize:    sideOf(vis, "image_size", 1024),
		PatchSize:    sideOf(vis, "patch_size", 16),
	}
}

// parseLlavaAny reads LlavaConfig: parseLlava's CLIP and SigLIP towers, and Pixtral (mistral-community/pixtral-12b,
// vision_config model_type pixtral: native resolution up to image_size, 16-px patches, a row break per patch row)
// under LLaVA's MLP projector.
func parseLlavaAny(root object) Model {
	vis, ok := root.subIfPresent("vision_config")
	if !ok || vis.str("model_type", "") != "pixtral" {
		return parseLlava(root)
	}
	m := textOf(root, "llama", false)
	v := pixtralTower(vis)
	m.Vision = &v
	m.Projector = &Projector{
		Kind:          "mlp",
		FeatureLayers: root.intOrListLen("vision_feature_layer"),
		NoBias:        !root.bool("multimodal_projector_bias", true),
	}
	return m
}

// parsePaliGemma reads PaliGemmaConfig (PaliGemma 1 and 2): a SigLIP-So400m tower at 224, 448 or 896 px, one
// Linear with bias to the decoder's width (multi_modal_projector.linear, projection_dim wide), every patch an LLM
// token, and a Gemma (1) or Gemma 2 decoder.
func parsePaliGemma(root object) Model {
	m := textOf(root, "gemma", true)
	vis := root.sub("vision_config")
	v := parseViT(vis, vis.str("model_type", "siglip_vision_model"))
	if v.Arch != "siglip_vision_model" {
		vis.fail("model_type", "unsupported vision tower %q; supported: siglip_vision_model", v.Arch)
	}
	if dim := vis.int("projection_dim", root.int("projection_dim", m.Text.Hidden)); dim != m.Text.Hidden {
		vis.fail("projection_dim", "%d differs from the decoder's hidden_size %d", dim, m.Text.Hidden)
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "linear"}
	return m
}
