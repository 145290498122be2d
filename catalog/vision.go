package catalog

import (
	"errors"
	"fmt"
	"math"
)

// VisionConfig is a ViT-style vision tower (CLIP, SigLIP, InternViT, the Qwen-VL towers, Pixtral, Mllama's).
type VisionConfig struct {
	// Arch is one of:
	//   clip_vision_model    CLIP ViT (LLaVA): class token, bias-free patch conv, pre and post layernorm
	//   siglip_vision_model  SigLIP as transformers builds it: no class token, optional attention-pooling head
	//   siglip_navit         SigLIP without head taking any image size (MiniCPM-V's vpm, Idefics2's tower)
	//   intern_vit           InternViT (InternVL remote code): class token, fused qkv, layer scale, no final norm
	//   internvl_vision      InternViT as transformers' internvl builds it: the same weights, q/k/v apart
	//   qwen2_vl             Qwen2-VL's tower: 3-D patch conv, rotary positions, native resolution
	//   qwen2_5_vl           Qwen2.5-VL's: RMSNorm, gated MLP, window attention but in FullAttentionLayers
	//   qwen3_vl             Qwen3-VL's: learned positions too, deepstack mergers, 16 px patches
	//   pixtral              Pixtral (Mistral 3): RMSNorm, gated MLP, 2-D rotary positions, native resolution
	//   mllama_vision        Llama 3.2 Vision: tiles with tile embeddings, GlobalLayers gated layers on top
	//   siglip_timm          timm's SigLIP ViT without its pooling head (MiniCPM-V 2.0): fused qkv, sdpa, any size
	//   qwen_vit             Qwen-VL (v1, remote code): OpenCLIP ViT-bigG with a 256-row position table, fused qkv
	Arch         string `yaml:"arch"`
	Hidden       int    `yaml:"hidden"`
	Layers       int    `yaml:"layers"`
	Heads        int    `yaml:"heads"`
	Intermediate int    `yaml:"intermediate"`
	// ImageSize is the side the position embeddings are trained for (and the input side of fixed-size towers);
	// for pixtral the longest edge its processor resizes to.
	ImageSize int `yaml:"image_size,omitempty"`
	PatchSize int `yaml:"patch_size"`
	// HasClassToken follows from Arch (CLIP, InternViT and Mllama's tower prepend one); it is set when the model is
	// loaded.
	HasClassToken bool `yaml:"-"`
	// UseHead keeps siglip_vision_model's attention-pooling head (transformers' vision_use_head, default true).
	UseHead bool `yaml:"use_head,omitempty"`
	// QKVBias, QKNorm and RMSNorm describe intern_vit and internvl_vision variants (InternViT-300M: qkv bias,
	// layer norm; InternViT-6B: qk norm, RMS norm). Other archs' biases and norms follow from Arch.
	QKVBias bool `yaml:"qkv_bias,omitempty"`
	QKNorm  bool `yaml:"qk_norm,omitempty"`
	RMSNorm bool `yaml:"rms_norm,omitempty"`
	// TemporalPatchSize, MinPixels and MaxPixels describe the Qwen-VL towers: frames per patch (images are repeated
	// to fill it) and the pixel budget their processor resizes every image into.
	TemporalPatchSize int `yaml:"temporal_patch_size,omitempty"`
	MinPixels         int `yaml:"min_pixels,omitempty"`
	MaxPixels         int `yaml:"max_pixels,omitempty"`
	// WindowSize (pixels) and FullAttentionLayers describe qwen2_5_vl: all layers but FullAttentionLayers attend
	// only within WindowSize×WindowSize windows (fullatt_block_indexes names the others).
	WindowSize          int `yaml:"window_size,omitempty"`
	FullAttentionLayers int `yaml:"full_attention_layers,omitempty"`
	// PositionEmbeddings is qwen3_vl's learned position table (num_position_embeddings), interpolated per image.
	PositionEmbeddings int `yaml:"position_embeddings,omitempty"`
	// Deepstack is how many of qwen3_vl's layers feed the decoder through mergers of their own
	// (deepstack_visual_indexes).
	Deepstack int `yaml:"deepstack,omitempty"`
	// GlobalLayers is how many of mllama_vision's Layers are its gated global encoder; AspectRatios its
	// supported tile arrangements, each with its own tile embeddings.
	GlobalLayers int `yaml:"global_layers,omitempty"`
	AspectRatios int `yaml:"aspect_ratios,omitempty"`
	// Tiles is mllama_vision's max_num_tiles: its processor pads every image to that many tiles of ImageSize,
	// and the tower attends over all of them as one sequence.
	Tiles int `yaml:"tiles,omitempty"`
	// CrossAttentionLayers and CrossAttentionHeadDim describe mllama's decoder: that many of its layers attend to
	// this tower's output, each with a q and k norm over one head and two gates more than a self-attention layer.
	CrossAttentionLayers  int `yaml:"cross_attention_layers,omitempty"`
	CrossAttentionHeadDim int `yaml:"cross_attention_head_dim,omitempty"`
	// GridPinpoints are the height×width canvases LLaVA-NeXT's anyres slicing picks from (image_grid_pinpoints).
	GridPinpoints [][2]int `yaml:"grid_pinpoints,omitempty"`
}

// qwenVLPositions is the rows of Qwen-VL's position table, interpolated to the 32×32 patch grid of a 448-px image.
const qwenVLPositions = 256

// The image processors' pixel budgets (preprocessor_config.json of the released checkpoints): Qwen2-VL and
// Qwen2.5-VL resize into 4 to 16384 merged tokens of 28×28 pixels, Qwen3-VL into 64 to 16384 of 32×32.
const (
	qwen2VLMinPixels = 56 * 56
	qwen2VLMaxPixels = 28 * 28 * 16384
	qwen3VLMinPixels = 65536
	qwen3VLMaxPixels = 16777216
)

const visionArchs = "clip_vision_model, intern_vit, internvl_vision, mllama_vision, pixtral, qwen2_5_vl, qwen2_vl, " +
	"qwen3_vl, qwen_vit, siglip_navit, siglip_timm, siglip_vision_model"

// qwenVL reports whether arch is one of the Qwen-VL towers, which take any image size through smart_resize.
func qwenVL(arch string) bool {
	return arch == "qwen2_vl" || arch == "qwen2_5_vl" || arch == "qwen3_vl"
}

func (v VisionConfig) normalized() VisionConfig {
	switch v.Arch {
	case "clip_vision_model", "intern_vit", "internvl_vision", "mllama_vision":
		v.HasClassToken = true
	}
	if qwenVL(v.Arch) {
		if v.TemporalPatchSize == 0 {
			v.TemporalPatchSize = 2
		}
		minPixels, maxPixels := qwen2VLMinPixels, qwen2VLMaxPixels
		if v.Arch == "qwen3_vl" {
			minPixels, maxPixels = qwen3VLMinPixels, qwen3VLMaxPixels
		}
		if v.MinPixels == 0 {
			v.MinPixels = minPixels
		}
		if v.MaxPixels == 0 {
			v.MaxPixels = maxPixels
		}
	}
	return v
}

func (v VisionConfig) validate() error {
	switch v.Arch {
	case "clip_vision_model", "intern_vit", "internvl_vision", "mllama_vision", "pixtral", "qwen2_5_vl", "qwen2_vl",
		"qwen3_vl", "qwen_vit", "siglip_navit", "siglip_timm", "siglip_vision_model":
	default:
		return fmt.Errorf("arch %q is not one of %s", v.Arch, visionArchs)
	}
	for _, f := range []struct {
		name     string
		v, limit int
	}{
		{"hidden", v.Hidden, maxHidden}, {"layers", v.Layers, maxLayers}, {"heads", v.Heads, maxHeads},
		{"intermediate", v.Intermediate, maxWidth}, {"patch_size", v.PatchSize, 1 << 10},
	} {
		if f.v <= 0 || f.v > f.limit {
			return fmt.Errorf("%s must be in 1..%d, got %d", f.name, f.limit, f.v)
		}
	}
	for _, f := range []struct {
		name     string
		v, limit int
	}{
		{"window_size", v.WindowSize, 1 << 14}, {"full_attention_layers", v.FullAttentionLayers, v.Layers},
		{"position_embeddings", v.PositionEmbeddings, 1 << 20}, {"deepstack", v.Deepstack, v.Layers},
		{"global_layers", v.GlobalLayers, v.Layers}, {"aspect_ratios", v.AspectRatios, 1 << 10},
		{"tiles", v.Tiles, 1 << 6},
		{"cross_attention_layers", v.CrossAttentionLayers, maxLayers},
		{"cross_attention_head_dim", v.CrossAttentionHeadDim, maxHeads},
	} {
		if f.v < 0 || f.v > f.limit {
			return fmt.Errorf("%s must be in 0..%d, got %d", f.name, f.limit, f.v)
		}
	}
	for _, p := range v.GridPinpoints {
		if p[0] < v.ImageSize || p[1] < v.ImageSize || p[0] > 1<<14 || p[1] > 1<<14 {
			return fmt.Errorf("grid_pinpoints: %d×%d must be at least image_size (%d) and at most %d", p[0], p[1],
				v.ImageSize, 1<<14)
		}
	}
	if qwenVL(v.Arch) {
		if v.TemporalPatchSize <= 0 || v.TemporalPatchSize > 16 || v.MinPixels <= 0 || v.MaxPixels < v.MinPixels {
			return fmt.Errorf("%s needs temporal_patch_size in 1..16 and 0 < min_pixels <= max_pixels", v.Arch)
		}
		return nil
	}
	if v.ImageSize < v.PatchSize || v.ImageSize > 1<<14 {
		return fmt.Errorf("image_size must be in %d..%d, got %d", v.PatchSize, 1<<14, v.ImageSize)
	}
	return nil
}

// positions is the number of learned position embeddings: one per patch of ImageSize, plus the class token;
// qwen3_vl's table has its own size, and the rotary towers have none.
func (v VisionConfig) positions() int64 {
	switch v.Arch {
	case "qwen2_vl", "qwen2_5_vl", "pixtral":
		return 0
	case "qwen3_vl":
		return int64(v.PositionEmbeddings)
	case "qwen_vit":
		return qwenVLPositions
	}
	n := int64(v.ImageSize/v.PatchSize) * int64(v.ImageSize/v.PatchSize)
	if v.HasClassToken {
		n++
	}
	return n
}

// count counts the tower exactly, and finds the largest module ZeRO-3 gathers from it.
func (v VisionConfig) count() (total, largest int64) {
	h, in, p := int64(v.Hidden), int64(v.Intermediate), int64(v.PatchSize)
	layerNorm := 2 * h          // weight and bias
	mlp := h*in + in + in*h + h // fc1 and fc2 with biases
	attn := 4 * (h*h + h)       // q, k, v and out projections with biases
	conv := 3 * p * p * h       // RGB patch embedding
	pos := v.positions() * h
	layers := int64(v.Layers)
	largest = max(h*in+in, 3*h*h+3*h, pos)
	switch v.Arch {
	case "clip_vision_model":
		// Class embedding, bias-free conv, positions, pre_layrnorm, layers, post_layernorm. LLaVA reads
		// vision_feature_layer -2, but the last layer and post_layernorm are still in the checkpoint.
		total = h + conv + pos + layerNorm + layers*(attn+mlp+2*layerNorm) + layerNorm
	case "siglip_vision_model", "siglip_navit", "siglip_timm":
		// timm's VisionTransformer holds the same tensors as transformers' SigLIP (qkv fused, norm for
		// post_layernorm).
		conv += h
		total = conv + pos + layers*(attn+mlp+2*layerNorm) + layerNorm
		if v.UseHead {
			// probe, nn.MultiheadAttention (packed in_proj + out_proj), layernorm, MLP
			total += h + 3*h*h + 3*h + h*h + h + layerNorm + mlp
		}
	case "intern_vit", "internvl_vision":
		// transformers' InternVLVisionModel (models/internvl/modeling_internvl.py, 5.17) holds the remote
		// InternVisionModel's tensors under other names; with use_mean_pooling (every released config) it has no
		// final norm either.
		conv += h
		norm := layerNorm
		if v.RMSNorm {
			norm = h
		}
		qkv := 3 * h * h
		if v.QKVBias {
			qkv += 3 * h
		}
		layer := qkv + h*h + h + mlp + 2*norm + 2*h // + layer scales ls1, ls2 (lambda_1, lambda_2)
		if v.QKNorm {
			layer += 2 * h // q_norm, k_norm are RMS norms over all heads
		}
		total = h + conv + pos + layers*layer
	case "qwen2_vl":
		conv *= int64(v.TemporalPatchSize) // Conv3d, no bias
		total = conv + layers*(2*layerNorm+3*h*h+3*h+h*h+h+mlp)
	case "qwen2_5_vl":
		// modeling_qwen2_5_vl.py (5.17): Conv3d without bias, RMSNorm norm1/norm2, qkv and proj with biases,
		// Qwen2_5_VLMLP(bias=True): gate_proj, up_proj, down_proj.
		conv *= int64(v.TemporalPatchSize)
		gated := 2*(h*in+in) + in*h + h
		total = conv + layers*(2*h+3*h*h+3*h+h*h+h+gated)
		largest = max(largest, h*in+in)
	case "qwen3_vl":
		// modeling_qwen3_vl.py (5.17): Conv3d with bias, pos_embed table, LayerNorm norm1/norm2, qkv and proj with
		// biases, linear_fc1/linear_fc2 with biases. The mergers are the projector's.
		conv = conv*int64(v.TemporalPatchSize) + h
		total = conv + pos + layers*(2*layerNorm+3*h*h+3*h+h*h+h+mlp)
	case "qwen_vit":
		// Qwen-VL's visual.py (Qwen/Qwen-VL-Chat) VisionTransformer up to its transformer: bias-free conv1,
		// positional_embedding, ln_pre, then resblocks of ln_1, in_proj (fused qkv) and out_proj with biases, ln_2,
		// c_fc and c_proj with biases. attn_pool, ln_post and proj are the projector's.
		total = conv + pos + layerNorm + layers*(attn+mlp+2*layerNorm)
	case "pixtral":
		// modeling_pixtral.py (5.17): bias-free patch_conv, ln_pre, then per layer attention_norm, q/k/v/o without
		// biases, ffn_norm and a bias-free gated MLP.
		total = conv + h + layers*(2*h+4*h*h+3*h*in)
		largest = max(h*in, 4*h*h)
	case "mllama_vision":
		// modeling_mllama.py (5.17) MllamaVisionModel: bias-free patch conv, class embedding, gated position
		// embedding with a tile embedding per aspect ratio (max_num_tiles × (patches+1) × hidden each), gated
		// pre- and post-tile embeddings, layernorm_pre/post, bias-free attention, fc1/fc2 with biases, and two
		// gates in each global layer.
		tiles := int64(v.Tiles)
		ratios := int64(v.AspectRatios) + 1 // nn.Embedding(max_aspect_ratio_id + 1, …)
		tileEmb := ratios * tiles * pos
		total = conv + h + pos + 1 + tileEmb + 2*(ratios*tiles*h+1) + 2*layerNorm +
			layers*(4*h*h+mlp+2*layerNorm) + 2*int64(v.GlobalLayers)
		largest = max(largest, tileEmb)
	}
	return total, max(largest, conv)
}

// projectorCount counts the known projector kinds exactly, and their largest module; ok is false for a kind
// this package does not know, whose count the user states.
func projectorCount(p Projector, v VisionConfig, t TextConfig) (total, largest int64, ok bool) {
	vh, th := int64(v.Hidden), int64(t.Hidden)
	var b int64 // the text-side biases of an MLP projector
	if !p.NoBias {
		b = th
	}
	merged := vh * int64(p.Merge) * int64(p.Merge)
	switch p.Kind {
	case "mlp":
		// LLaVA: linear_1 (vision → text), GELU, linear_2 (text → text). LLaVA-NeXT and OneVision add
		// image_newline, one text-width vector, when they cut images on the anyres grid.
		in := vh * int64(max(p.FeatureLayers, 1))
		total = in*th + th*th + 2*b
		if len(v.GridPinpoints) > 0 {
			total += th
		}
		return total, max(in*th, th*th) + b, true
	case "resampler":
		// MiniCPM-V resampler.py: query, kv_proj (only when widths differ), nn.MultiheadAttention, ln_q, ln_kv,
		// ln_post, proj. Its 2-D sin-cos position embedding is a non-persistent buffer, not a parameter.
		e := th
		kv := int64(0)
		if vh != e {
			kv = vh * e
		}
		mha := 3*e*e + 3*e + e*e + e
		total = int64(p.Queries)*e + kv + mha + 3*2*e + e*e
		if v.Arch == "qwen_vit" {
			// Qwen-VL's Resampler (visual.py) keeps its 2-D sin-cos pos_embed as a frozen nn.Parameter, so it is in
			// the checkpoint; ln_post and proj follow it as in MiniCPM-V.
			total += int64(p.Queries) * e
		}
		return total, max(mha, kv), true
	case "perceiver":
		// Idefics2Connector (transformers modeling_idefics2.py): modality_projection, a bias-free gated MLP from
		// the vision width through the text model's intermediate width to the text width; then
		// Idefics2PerceiverResampler: Queries learned latents, Depth layers (RMSNorms over the latents, the
		// context and after attention; bias-free q from the latents, k and v from context and latents with
		// KVHeads, o; a gated MLP four times the text width wide) and a final RMSNorm.
		ti := int64(t.Intermediate)
		proj := 2*vh*ti + ti*th
		q, kv := int64(p.Heads*p.HeadDim), int64(p.KVHeads*p.HeadDim)
		attn := th*q + 2*th*kv + q*th
		mlp := 3 * th * 4 * th
		total = proj + int64(p.Queries)*th + int64(p.Depth)*(3*th+attn+mlp) + th
		return total, max(vh*ti, ti*th, 4*th*th), true
	case "pixel-shuffle-mlp":
		// InternVL mlp1 (and transformers' InternVLMultiModalProjector): LayerNorm, Linear, GELU, Linear over
		// Merge×Merge patches folded into channels.
		return 2*merged + merged*th + th + th*th + th, merged*th + th, true
	case "merger":
		// The Qwen-VL PatchMerger: a norm over the vision width (LayerNorm in Qwen2-VL and Qwen3-VL, RMSNorm in
		// Qwen2.5-VL), then an MLP over Merge×Merge patches. Qwen3-VL adds a deepstack merger per deepstack layer,
		// whose LayerNorm runs after the shuffle, over the merged width.
		mlp := merged*merged + merged + merged*th + th
		norm := 2 * vh
		if v.Arch == "qwen2_5_vl" {
			norm = vh
		}
		return norm + mlp + int64(v.Deepstack)*(2*merged+mlp), max(merged*merged+merged, merged*th+th), true
	case "avgpool":
		// Gemma 3 (modeling_gemma3.py, 5.17): average pooling by Merge×Merge, mm_soft_emb_norm (an RMSNorm over
		// the vision width) and the bias-free mm_input_projection_weight.
		return vh + vh*th, vh * th, true
	case "patch-merger-mlp":
		// Mistral 3 (modeling_mistral3.py, 5.17): RMSNorm over the vision width, the bias-free merging_layer over
		// Merge×Merge patches, then linear_1 and linear_2 with multimodal_projector_bias.
		in := vh * int64(max(p.FeatureLayers, 1))
		return vh + merged*vh + in*th + th*th + 2*b, max(merged*vh, in*th, th*th), true
	case "pixel-shuffle-linear":
		// Idefics3 and SmolVLM's connector: pixel shuffle by Merge, then one bias-free Linear.
		return merged * th, merged * th, true
	case "linear":
		// PaliGemma (modeling_paligemma.py): one Linear with bias from the vision width to the text width.
		return vh*th + th, vh*th + th, true
	case "hybrid-split-mlp":
		// DeepSeek-VL (deepseek_vl/models, remote code): the second, high-resolution tower (SAM-B, sam.py) and
		// HybridVisionTower's two output LayerNorms are counted here with the aligner (projector.py
		// low_high_hybrid_split_mlp_gelu: high_up_proj and low_up_proj to half the text width each, GELU, a
		// text-width Linear). The tower in Vision is the low-resolution SigLIP.
		half := th / 2
		aligner := 2*(1024*half+half) + th*th + th
		return samBDownsampleParams + 2*2*1024 + aligner, max(th*th, 1024*half), true
	case "hd-mlp":
		// Phi-3-vision (image_embedding_phi3_v.py Phi3ImageEmbedding, remote code): glb_GN and sub_GN, the learned
		// separators at the merged width (4 × the tower's), and img_projection, Linear (merged → text) with a bias,
		// GELU, Linear (text → text) with a bias, over 2×2 patches folded into channels.
		return 2*merged + merged*th + th + th*th + th, max(merged*th, th*th) + th, true
	case "query-attention":
		// Aria (transformers 5.x models/aria/modeling_aria.py AriaProjector; rhymes-ai/Aria @9b25fec
		// aria/model/projector.py): Queries learned queries at the vision width; AriaCrossAttention's bias-free
		// q_proj, k_proj and v_proj, an nn.MultiheadAttention (in_proj and out_proj with biases), a biased linear,
		// layer_norm and layer_norm_kv; the projector's own layer_norm; AriaProjectorMLP's bias-free linear_in
		// (vision → text width) and linear_out (text → text).
		e := vh
		attn := 3*e*e + (3*e*e + 3*e) + (e*e + e) + (e*e + e) + 2*2*e
		total = int64(p.Queries)*e + attn + 2*e + e*th + th*th
		return total, max(3*e*e, e*th, th*th), true
	case "cross-attention":
		// Mllama: multi_modal_projector (Linear with bias from the concatenated FeatureLayers outputs to the text
		// width). Its decoder's cross-attention layers have the shapes of its self-attention layers plus a q and
		// k norm over one head and two gates, and embed_tokens holds 8 rows more than vocab_size
		// (modeling_mllama.py, 5.17): those are counted here, as what the decoder holds for the images.
		in := vh * int64(max(p.FeatureLayers, 1))
		extra := int64(v.CrossAttentionLayers)*(2*int64(v.CrossAttentionHeadDim)+2) + mllamaExtraTokens*th
		return in*th + th + extra, in*th + th, true
	}
	return 0, 0, false
}

const projectorKinds = "mlp, resampler, perceiver, pixel-shuffle-mlp, merger, avgpool, patch-merger-mlp, pixel-shuffle-linear, " +
	"cross-attention, query-attention, hd-mlp, hybrid-split-mlp, linear"

// samBDownsampleParams counts DeepSeek-VL's sam_b_downsample (sam.py create_sam_vit, ImageEncoderViT at 1024 px):
// patch conv with bias, a 64×64 position table, 12 blocks of width 768 (LayerNorms, qkv and proj with biases,
// relative positions over 14×14 windows, 64×64 in the global blocks 2, 5, 8 and 11, a 3072-wide MLP), the neck
// (1×1 and 3×3 convs with LayerNorm2d), its copy neck_hd with hd_alpha_downsamples (sam_hd is always on), and
// the bias-free 3×3 downsampling convs to 512 and 1024 channels. Its 1024-wide output tokens feed high_up_proj.
const samBDownsampleParams = (3*16*16*768 + 768) + 64*64*768 +
	12*(2*2*768+(768*3*768+3*768)+(768*768+768)+(768*3072+3072)+(3072*768+768)) +
	8*2*(2*14-1)*64 + 4*2*(2*64-1)*64 +
	2*(768*256+2*256+256*256*9+2*256) + 1 +
	256*512*9 + 512*1024*9

// mllamaExtraTokens is how many rows MllamaTextModel's embed_tokens has beyond vocab_size.
const mllamaExtraTokens = 8

func (m Model) largestProjectorModule() int64 {
	if m.Vision == nil {
		return m.Projector.Params
	}
	_, largest, ok := projectorCount(*m.Projector, *m.Vision, m.Text)
	if !ok {
		return m.Projector.Params
	}
	return largest
}

func (p Projector) validate() error {
	switch p.Kind {
	case "mlp", "cross-attention":
		if p.FeatureLayers < 0 || p.FeatureLayers > maxLayers {
			return fmt.Errorf("feature_layers must be in 0..%d, got %d", maxLayers, p.FeatureLayers)
		}
	case "resampler", "query-attention":
		if p.Queries <= 0 || p.Queries > maxWidth {
			return fmt.Errorf("%s needs queries in 1..%d, got %d", p.Kind, maxWidth, p.Queries)
		}
	case "perceiver":
		if p.Queries <= 0 || p.Queries > maxWidth {
			return fmt.Errorf("perceiver needs queries in 1..%d, got %d", maxWidth, p.Queries)
		}
		if p.Depth <= 0 || p.Depth > maxLayers || p.Heads <= 0 || p.HeadDim <= 0 || p.KVHeads <= 0 || p.Heads%p.KVHeads != 0 {
			return fmt.Errorf("perceiver needs depth in 1..%d and heads, head_dim and kv_heads above 0, heads a multiple of kv_heads; got %d, %d, %d, %d",
				maxLayers, p.Depth, p.Heads, p.HeadDim, p.KVHeads)
		}
	case "pixel-shuffle-mlp", "merger", "avgpool", "patch-merger-mlp", "pixel-shuffle-linear", "hd-mlp":
		if p.Merge <= 0 || p.Merge > 16 {
			return fmt.Errorf("%s needs merge in 1..16, got %d", p.Kind, p.Merge)
		}
	case "":
		return errors.New("kind is empty")
	default:
		if p.Params <= 0 {
			return fmt.Errorf("kind %q is not one of %s, so params must be stated", p.Kind, projectorKinds)
		}
	}
	return nil
}

// The slicing modes: how an image is cut into tiles the tower encodes one by one.
//
//	minicpm   MiniCPM-V's log-ratio grid over area-scaled slices, plus the overview
//	internvl  InternVL's closest aspect ratio over SliceSize tiles (max_dynamic_patch), plus the thumbnail
//	anyres    LLaVA-NeXT and OneVision: the best-fitting canvas among Vision.GridPinpoints, cut into SliceSize
//	          crops, plus the whole image; MaxSlices is OneVision's anyres_max_N (0 for LLaVA-NeXT)
//	idefics3  Idefics3 and SmolVLM: the longest edge scaled to sqrt(MaxSlices)·SliceSize, cut into SliceSize
//	          squares, plus the whole image
//	phi3v     Phi-3-vision's HD transform: the image scaled onto a grid of at most MaxSlices (num_crops)
//	          SliceSize crops, plus the whole image; the processor pads every image to MaxSlices + 1 crops, and the
//	          tower encodes them all
const slicingModes = "minicpm, internvl, anyres, idefics3, phi3v"

func (s Slicing) validate() error {
	switch s.Mode {
	case "":
		if s != (Slicing{}) {
			return fmt.Errorf("slice_size, max_slices and overview need a mode (%s)", slicingModes)
		}
		return nil
	case "minicpm", "internvl", "idefics3", "phi3v":
	case "anyres":
		if s.SliceSize <= 0 || s.SliceSize > 1<<14 || s.MaxSlices < 0 || s.MaxSlices > 1<<10 {
			return fmt.Errorf("anyres needs slice_size in 1..%d and max_slices in 0..%d", 1<<14, 1<<10)
		}
		return nil
	default:
		return fmt.Errorf("mode %q is not one of %s", s.Mode, slicingModes)
	}
	if s.SliceSize <= 0 || s.SliceSize > 1<<14 || s.MaxSlices <= 0 || s.MaxSlices > 1<<10 {
		return fmt.Errorf("slice_size (%d) and max_slices (%d) must be positive", s.SliceSize, s.MaxSlices)
	}
	return nil
}

// imageSide bounds the image sizes the token functions accept, so float and int math stay exact.
const imageSide = 1 << 16

func validImage(width, height int) bool {
	return width > 0 && height > 0 && width <= imageSide && height <= imageSide
}

// Slices is how many images the vision tower encodes for one width×height image: the slices plus the overview
// when the model cuts it, 1 when it does not (Mllama's padded tiles are one sequence to its tower), 0 for a
// text-only model or a size outside 1..65536.
func (m Model) Slices(width, height int) int {
	m = m.normalized()
	if m.Vision == nil || !validImage(width, height) {
		return 0
	}
	switch m.Slicing.Mode {
	case "minicpm":
		return len(m.minicpmSlices(width, height))
	case "internvl":
		cols, rows := internvlGrid(width, height, m.Slicing.MaxSlices, m.Slicing.SliceSize)
		if n := cols * rows; n > 1 {
			if m.Slicing.Overview {
				n++
			}
			return n
		}
		return 1
	case "anyres":
		h, w := bestResolution(height, width, m.Vision.GridPinpoints)
		return 1 + (h/m.Slicing.SliceSize)*(w/m.Slicing.SliceSize)
	case "idefics3":
		cols, rows := idefics3Grid(width, height, m.Slicing)
		if cols*rows == 0 {
			return 1
		}
		return cols*rows + 1
	case "phi3v":
		// Phi3VImageProcessor.preprocess pads each image's crops to num_crops + 1 (pad_to_max_num_crops_tensor), and
		// Phi3ImageEmbedding runs the tower over all of them, padding included.
		return m.Slicing.MaxSlices + 1
	}
	return 1
}

// VisionTokensPerImage is the sequence length the vision tower runs over for one image, summed over slices and
// the overview, class tokens included: the activation size of the tower scales with it.
func (m Model) VisionTokensPerImage(width, height int) int {
	m = m.normalized()
	n := m.Slices(width, height)
	if n == 0 {
		return 0
	}
	v := m.Vision
	switch {
	case m.Slicing.Mode == "minicpm":
		total := 0
		for _, s := range m.minicpmSlices(width, height) {
			total += (s[0] / v.PatchSize) * (s[1] / v.PatchSize)
		}
		return total
	case m.Slicing.Mode != "":
		return n * v.tokensAt(m.Slicing.SliceSize)
	case qwenVL(v.Arch):
		factor := v.PatchSize * max(m.Projector.Merge, 1)
		h, w := smartResize(height, width, factor, v.MinPixels, v.MaxPixels)
		return (h / v.PatchSize) * (w / v.PatchSize)
	case v.Arch == "pixtral":
		h, w := pixtralResize(height, width, v.ImageSize, v.PatchSize*max(m.Projector.Merge, 1))
		return (h / v.PatchSize) * (w / v.PatchSize)
	case v.Arch == "mllama_vision":
		// Each tile's patches and class token are padded to a multiple of 8 (MllamaVisionModel.forward).
		return v.Tiles * ((v.tokensAt(v.ImageSize) + 7) / 8 * 8)
	}
	return v.tokensAt(v.ImageSize)
}

// tokensAt is the tower's sequence length for one square input of the given side.
func (v VisionConfig) tokensAt(side int) int {
	n := (side / v.PatchSize) * (side / v.PatchSize)
	if v.HasClassToken {
		n++
	}
	return n
}

// LLMImageTokens is how many positions one image takes in the LLM's sequence: queries per slice for a
// resampler or perceiver, merged patches for pixel shuffle, pooling and the Qwen-VL merger, patches for an MLP projector
// (LLaVA-NeXT: the unpadded grid with a newline per row), patches and row breaks for Mistral 3, and Mllama's one
// <|image|> token (its decoder reads the tower's output through cross-attention instead).
func (m Model) LLMImageTokens(width, height int) int {
	m = m.normalized()
	n := m.Slices(width, height)
	if n == 0 {
		return 0
	}
	v, p := m.Vision, m.Projector
	merge := max(p.Merge, 1)
	side := v.ImageSize
	if m.Slicing.SliceSize > 0 {
		side = m.Slicing.SliceSize
	}
	patches := (side / v.PatchSize) * (side / v.PatchSize)
	switch p.Kind {
	case "resampler", "perceiver":
		return n * p.Queries
	case "query-attention":
		return n * ariaQueries(patches, p.Queries)
	case "hd-mlp":
		return phi3vTokens(width, height, m.Slicing, v.PatchSize*merge)
	case "pixel-shuffle-mlp", "pixel-shuffle-linear", "avgpool":
		return n * patches / (merge * merge)
	case "merger":
		return m.VisionTokensPerImage(width, height) / (merge * merge)
	case "patch-merger-mlp":
		return pixtralTokens(height, width, v, merge)
	case "cross-attention":
		return 1
	case "mlp":
		if m.Slicing.Mode == "anyres" {
			return m.anyresTokens(width, height)
		}
		if v.Arch == "pixtral" {
			return pixtralTokens(height, width, v, 1)
		}
		if p.KeepClassToken && v.HasClassToken {
			patches++
		}
		return n * patches
	}
	return m.VisionTokensPerImage(width, height)
}

// phi3vTokens is Phi3VImageProcessor.calc_num_image_tokens_from_image_size (Phi-3-vision's remote
// image_processing_phi3_v.py, as vendored in 2U1/Phi3-Vision-Finetune @9e1a5e6 src/model/Phi3_vision): the HD-transformed
// crops and the global image at g×g merged patches each (g = crop / (patch × 2), 12 for 336-px crops), a separator,
// and a newline per merged row of the crops and of the global image.
func phi3vTokens(width, height int, s Slicing, unit int) int {
	w, h := phi3vHDSize(width, height, s.MaxSlices, s.SliceSize)
	g := s.SliceSize / max(unit, 1)
	rows, cols := h/s.SliceSize, w/s.SliceSize
	return (rows*cols+1)*g*g + 1 + (rows+1)*g
}

// phi3vHDSize is calc_hd_transform_size of the same file: the wider side scaled to the most crops whose grid fits
// hdNum (scale·ceil(scale/ratio) ≤ hdNum), the other side by the aspect ratio, then padded up to whole crops.
func phi3vHDSize(width, height, hdNum, side int) (w, h int) {
	transposed := width < height
	if transposed {
		width, height = height, width
	}
	ratio := float64(width) / float64(height)
	scale := 1
	for float64(scale)*math.Ceil(float64(scale)/ratio) <= float64(hdNum) {
		scale++
	}
	scale--
	w = scale * side
	h = int(float64(w) / ratio)
	h = int(math.Ceil(float64(h)/float64(side))) * side
	if transposed {
		w, h = h, w
	}
	return w, h
}

// ariaQueries is how many of Aria's learned queries an image of the given patch count takes: AriaConfig's
// projector_patch_to_query_dict (transformers 5.x models/aria/configuration_aria.py: {1225: 128, 4900: 256}, the
// 490 px and 980 px images AriaImageProcessor pads to), else all of them.
func ariaQueries(patches, queries int) int {
	if patches == 35*35 {
		return min(128, queries)
	}
	return queries
}

// anyresTokens is LLaVA-NeXT's and OneVision's _get_number_of_features (processing_llava_next.py and
// processing_llava_onevision.py, 5.17): the base image's patches, then the grid's patch rows with the padding
// of the letterboxed image taken off and a newline token after each row; OneVision scales a grid with more than
// 1.1² × anyres_max_N crops' patches back down to about that many.
func (m Model) anyresTokens(width, height int) int {
	v, s := m.Vision, m.Slicing
	bh, bw := bestResolution(height, width, v.GridPinpoints)
	side := s.SliceSize / v.PatchSize
	curH, curW := side*(bh/s.SliceSize), side*(bw/s.SliceSize)
	if float64(width)/float64(height) > float64(curW)/float64(curH) {
		newH := int(roundTo7(float64(height) * (float64(curW) / float64(width))))
		curH -= (curH - newH) / 2 * 2
	} else {
		newW := int(roundTo7(float64(width) * (float64(curH) / float64(height))))
		curW -= (curW - newW) / 2 * 2
	}
	grid, newlines := curH*curW, curH
	if s.MaxSlices > 0 {
		if ratio := math.Sqrt(float64(curH*curW) / float64(s.MaxSlices*side*side)); ratio > 1.1 {
			rows := int(math.Floor(float64(curH) / ratio))
			grid, newlines = rows*int(math.Floor(float64(curW)/ratio)), rows
		}
	}
	base := side * side
	if m.Projector.KeepClassToken && v.HasClassToken {
		base++
	}
	return grid + newlines + base
}

// roundTo7 is Python's round(x, 7), which the anyres token count applies before truncating.
func roundTo7(x float64) float64 { return math.RoundToEven(x*1e7) / 1e7 }

// bestResolution is select_best_resolution (image_processing_utils.py, 5.17): the height×width canvas that keeps
// the most of the image's pixels when it is scaled to fit, the least wasted canvas breaking ties.
func bestResolution(height, width int, canvases [][2]int) (int, int) {
	bestH, bestW := 0, 0
	maxEffective, minWasted := 0, math.MaxInt
	for _, c := range canvases {
		scale := math.Min(float64(c[1])/float64(width), float64(c[0])/float64(height))
		dw, dh := int(float64(width)*scale), int(float64(height)*scale)
		effective := min(dw*dh, width*height)
		wasted := c[0]*c[1] - effective
		if effective > maxEffective || (effective == maxEffective && wasted < minWasted) {
			maxEffective, minWasted, bestH, bestW = effective, wasted, c[0], c[1]
		}
	}
	return bestH, bestW
}

// idefics3Grid is Idefics3's get_number_of_image_patches (image_processing_idefics3.py, 5.17) with the processor
// defaults the released checkpoints keep (longest_edge = 4 × max_image_size): the longest edge is scaled to
// sqrt(MaxSlices)·SliceSize (up or down), both sides rounded up to SliceSize, and an image larger than one tile is
// cut into cols×rows tiles; 0×0 when it is not cut.
func idefics3Grid(width, height int, s Slicing) (cols, rows int) {
	longest := int(math.Round(math.Sqrt(float64(s.MaxSlices)))) * s.SliceSize
	h, w := idefics3Resize(height, width, longest)
	tile := s.SliceSize
	// The processor rounds the height from the width's aspect ratio, then overwrites it with the height rounded up.
	rh := (h + tile - 1) / tile * tile
	rw := (w + tile - 1) / tile * tile
	if rh > tile || rw > tile {
		return rw / tile, rh / tile
	}
	return 0, 0
}

// idefics3Resize is _resize_output_size_rescale_to_max_len followed by _resize_output_size_scale_below_upper_bound
// with the 4096 px cap: the longest edge becomes maxLen, the other keeps the aspect ratio, rounded up to even.
func idefics3Resize(height, width, maxLen int) (int, int) {
	aspect := float64(width) / float64(height)
	if width >= height {
		width = maxLen
		height = int(float64(width) / aspect)
		if height%2 != 0 {
			height++
		}
	} else {
		height = maxLen
		width = int(float64(height) * aspect)
		if width%2 != 0 {
			width++
		}
	}
	height, width = max(height, 1), max(width, 1)
	const capSide = 4096
	aspect = float64(width) / float64(height)
	switch {
	case width >= height && width > capSide:
		width = capSide
		height = int(float64(width) / aspect)
	case height > width && height > capSide:
		height = capSide
		width = int(float64(height) * aspect)
	}
	return max(height, 1), max(width, 1)
}

// pixtralTokens is the LLM tokens of a Pixtral image after merging merge×merge patches: one per merged patch and
// an [IMG_BREAK] after each row, the last one replaced by [IMG_END] (processing_pixtral.py, 5.17).
func pixtralTokens(height, width int, v *VisionConfig, merge int) int {
	h, w := pixtralResize(height, width, v.ImageSize, v.PatchSize*merge)
	rows, cols := h/(v.PatchSize*merge), w/(v.PatchSize*merge)
	return rows * (cols + 1)
}

// pixtralResize is Pixtral's get_resize_output_image_size (image_processing_pixtral.py, 5.17): an image whose
// longer side passes longest is scaled down (floored) to fit, then both sides are rounded up to the patch, which
// Mistral 3's processor sets to patch_size × spatial_merge_size.
func pixtralResize(height, width, longest, patch int) (int, int) {
	if ratio := math.Max(float64(height)/float64(longest), float64(width)/float64(longest)); ratio > 1 {
		height = int(math.Floor(float64(height) / ratio))
		width = int(math.Floor(float64(width) / ratio))
	}
	return (height-1)/patch*patch + patch, (width-1)/patch*patch + patch
}

// minicpmSlices lists the width×height of every image MiniCPM-V's slice_image feeds the tower: the source image
// (upscaled to about SliceSize² pixels when the image is not cut, downscaled otherwise), then the grid slices,
// all equal. Sizes are multiples of the patch size, as the model's processor makes them.
func (m Model) minicpmSlices(width, height int) [][2]int {
	s, patch := m.Slicing, m.Vision.PatchSize
	cols, rows, split := minicpmGrid(width, height, s.MaxSlices, s.SliceSize)
	if !split {
		w, h := minicpmResize(float64(width), float64(height), s.SliceSize, patch, true)
		return [][2]int{{w, h}}
	}
	var out [][2]int
	if s.Overview {
		w, h := minicpmResize(float64(width), float64(height), s.SliceSize, patch, false)
		out = append(out, [2]int{w, h})
	}
	// get_refine_size: round the image to the grid, then resize one cell like an uncut image.
	cellW := float64(ensureDivide(float64(width), cols)) / float64(cols)
	cellH := float64(ensureDivide(float64(height), rows)) / float64(rows)
	w, h := minicpmResize(cellW, cellH, s.SliceSize, patch, true)
	for range cols * rows {
		out = append(out, [2]int{w, h})
	}
	return out
}

// minicpmGrid is MiniCPM-V's get_sliced_grid: split is false when the image's area fits in about one slice;
// otherwise cols×rows is the factorisation of a slice count near area/SliceSize² (one less, equal or one more,
// capped at maxSlices) whose log aspect ratio is closest to the image's, the first one found winning ties.
func minicpmGrid(width, height, maxSlices, sliceSize int) (cols, rows int, split bool) {
	logRatio := math.Log(float64(width) / float64(height))
	ratio := float64(width) * float64(height) / (float64(sliceSize) * float64(sliceSize))
	multiple := int(math.Min(math.Ceil(ratio), float64(maxSlices)))
	if multiple <= 1 {
		return 0, 0, false
	}
	cols, rows = 1, 1
	minErr := math.Inf(1)
	for _, n := range []int{multiple - 1, multiple, multiple + 1} {
		if n == 1 || n > maxSlices {
			continue
		}
		for c := 1; c <= n; c++ {
			if n%c != 0 {
				continue
			}
			if e := math.Abs(logRatio - math.Log(float64(c)/float64(n/c))); e < minErr {
				cols, rows, minErr = c, n/c, e
			}
		}
	}
	return cols, rows, true
}

// minicpmResize is MiniCPM-V's find_best_resize: scale to about side² pixels keeping the aspect ratio (only
// down, unless upscale), then round both sides to a multiple of the patch size. Truncations and Python's
// round-half-to-even are kept so sizes match the model's processor exactly.
func minicpmResize(width, height float64, side, patch int, upscale bool) (int, int) {
	if width*height > float64(side)*float64(side) || upscale {
		r := width / height
		height = math.Trunc(float64(side) / math.Sqrt(r))
		width = math.Trunc(height * r)
	}
	return ensureDivide(width, patch), ensureDivide(height, patch)
}

func ensureDivide(length float64, patch int) int {
	return max(int(math.RoundToEven(length/float64(patch)))*patch, patch)
}

// internvlGrid is InternVL's dynamic_preprocess choice of tiles: among cols×rows with 1 <= cols·rows <= maxTiles,
// taken in order of tile count, the one whose aspect ratio is closest to the image's; on a tie a later (larger)
// grid wins when the image has more than half its pixels. Python orders grids of equal count by set iteration;
// here they go by cols, which only matters for exact ties between different grids of one count.
func internvlGrid(width, height, maxTiles, tile int) (cols, rows int) {
	aspect := float64(width) / float64(height)
	area := float64(width) * float64(height)
	cols, rows = 1, 1
	best := math.Inf(1)
	for n := 1; n <= maxTiles; n++ {
		for c := 1; c <= n; c++ {
			if n%c != 0 {
				continue
			}
			r := n / c
			diff := math.Abs(aspect - float64(c)/float64(r))
			switch {
			case diff < best:
				best, cols, rows = diff, c, r
			case diff == best && area > 0.5*float64(tile)*float64(tile)*float64(n):
				cols, rows = c, r
			}
		}
	}
	return cols, rows
}

// smartResize is Qwen2-VL's smart_resize (image_processing_qwen2_vl.py, 5.17): round both sides to the merge
// factor (28 px; 32 for Qwen3-VL), then scale into [minPixels, maxPixels] keeping the aspect ratio. A side that
// rounds to zero is scaled up by the min_pixels branch.
func smartResize(height, width, factor, minPixels, maxPixels int) (int, int) {
	f := float64(factor)
	h := int(math.RoundToEven(float64(height)/f)) * factor
	w := int(math.RoundToEven(float64(width)/f)) * factor
	switch {
	case h*w > maxPixels:
		beta := math.Sqrt(float64(height) * float64(width) / float64(maxPixels))
		h = max(factor, int(math.Floor(float64(height)/beta/f))*factor)
		w = max(factor, int(math.Floor(float64(width)/beta/f))*factor)
	case h*w < minPixels:
		beta := math.Sqrt(float64(minPixels) / (float64(height) * float64(width)))
		h = int(math.Ceil(float64(height)*beta/f)) * factor
		w = int(math.Ceil(float64(width)*beta/f)) * factor
	}
	return h, w
}
