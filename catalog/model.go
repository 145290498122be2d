package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// TextConfig is the decoder LLM's architecture.
type TextConfig struct {
	// Arch is the Hugging Face model_type of the decoder (one of textArchs), or "generic" for a model_type trainlint
	// does not know, read as a Llama-style decoder from the standard keys. It decides module names, fused
	// projections and norms per layer.
	Arch         string `yaml:"arch"`
	Hidden       int    `yaml:"hidden"`
	Layers       int    `yaml:"layers"`
	Heads        int    `yaml:"heads"`
	KVHeads      int    `yaml:"kv_heads,omitempty"` // 0 means Heads (no GQA)
	HeadDim      int    `yaml:"head_dim,omitempty"` // 0 means Hidden/Heads
	Intermediate int    `yaml:"intermediate"`
	Vocab        int    `yaml:"vocab"`
	// TiedEmbeddings shares the lm_head matrix with the input embedding, so it is stored (and gathered) once.
	TiedEmbeddings bool `yaml:"tied_embeddings,omitempty"`
	// AttentionBias is the q/k/v projection bias (always on for qwen2 and qwen2_moe).
	AttentionBias bool `yaml:"attention_bias,omitempty"`
	// OutputBias is the o_proj bias (llama with attention_bias, internlm2 with bias).
	OutputBias bool `yaml:"output_bias,omitempty"`
	// MLPBias is the bias of the gate/up/down projections (llama mlp_bias).
	MLPBias bool `yaml:"mlp_bias,omitempty"`
	// ResidualDropout is Seed-OSS's dropout on the attention and MLP outputs before each residual add
	// (residual_dropout; SeedOssConfig's default 0.1, 0.0 in the released checkpoints).
	ResidualDropout float64 `yaml:"residual_dropout,omitempty"`
	// LMHeadBias is a bias on the output projection (Phi-3.5-MoE lm_head_bias).
	LMHeadBias bool `yaml:"lm_head_bias,omitempty"`
	// QKNorm is the RMSNorm on queries and keys before the rotary embedding: "head" normalizes each head over
	// head_dim (qwen3, gemma3), "full" the whole projection (olmo2); empty for none.
	QKNorm string `yaml:"qk_norm,omitempty"`
	// MLA is DeepSeek's multi-head latent attention (and MiniCPM3's); zero for every other arch.
	MLA MLA `yaml:"mla,omitempty"`
	// LinearAttention is the Gated DeltaNet token mixer of the hybrid archs (qwen3_next, qwen3_5_text) and the
	// layers that use it in place of attention; zero for every other arch.
	LinearAttention LinearAttention `yaml:"linear_attention,omitempty"`
	// LogitSoftcap is set when the logits pass through cap·tanh(logits/cap) (Gemma 2 and 3
	// final_logit_softcapping), which keeps one more logits-sized tensor for backward.
	LogitSoftcap bool `yaml:"logit_softcap,omitempty"`
	// AttnSoftcap is set when eager attention caps its scores the same way (Gemma 2's attn_logit_softcapping):
	// the tanh keeps its output, one more score-sized tensor per layer.
	AttnSoftcap bool `yaml:"attn_softcap,omitempty"`
	// Experts and ExpertsPerToken describe a mixture-of-experts MLP; 0 when dense.
	Experts         int `yaml:"experts,omitempty"`
	ExpertsPerToken int `yaml:"experts_per_token,omitempty"`
	// ExpertIntermediate is one expert's width when it differs from Intermediate (moe_intermediate_size).
	ExpertIntermediate int `yaml:"expert_intermediate,omitempty"`
	// SharedExpertIntermediate is the width of the always-on shared expert MLP (qwen2_moe
	// shared_expert_intermediate_size, DeepSeek n_shared_experts × moe_intermediate_size); 0 for none.
	SharedExpertIntermediate int `yaml:"shared_expert_intermediate,omitempty"`
	// RouterLogits is set when the model returns every layer's router logits for the load-balancing loss
	// (output_router_logits), which keeps them alive until the loss.
	RouterLogits bool `yaml:"router_logits,omitempty"`
	// DenseLayers lists, in a mixture-of-experts model, the layers whose MLP is a dense one Intermediate wide
	// (DeepSeek's first_k_dense_replace, qwen3_moe's mlp_only_layers and decoder_sparse_step).
	DenseLayers []int `yaml:"dense_layers,omitempty,flow"`
	// ParallelBlock is set when attention and MLP read the output of one shared norm and add to the residual
	// together (Falcon's parallel_attn, StableLM's use_parallel_residual; always on for phi): a layer holds
	// one input norm instead of two.
	ParallelBlock bool `yaml:"parallel_block,omitempty"`
	MaxPosition   int  `yaml:"max_position,omitempty"`
}

// MLA is the shape of DeepSeek-V2/V3 multi-head latent attention: queries through an optional low-rank
// bottleneck, keys and values through a shared compressed latent plus one rotary key per token.
type MLA struct {
	// QLoRARank is the query bottleneck (q_a_proj → q_a_layernorm → q_b_proj); 0 projects queries directly.
	QLoRARank   int `yaml:"q_lora_rank,omitempty"`
	KVLoRARank  int `yaml:"kv_lora_rank,omitempty"`
	RopeHeadDim int `yaml:"qk_rope_head_dim,omitempty"`
	NopeHeadDim int `yaml:"qk_nope_head_dim,omitempty"`
	VHeadDim    int `yaml:"v_head_dim,omitempty"`
}

// LinearAttention is the shape of a Gated DeltaNet layer (transformers 5.x models/qwen3_next/modeling_qwen3_next.py
// Qwen3NextGatedDeltaNet; Qwen3_5GatedDeltaNet in models/qwen3_5): key and value heads of their own widths, a
// depthwise causal convolution over q, k and v, per-head decay and step parameters, a gated RMSNorm over each value
// head.
type LinearAttention struct {
	// Layers lists the decoder layers that are linear attention (layer_types "linear_attention").
	Layers     []int `yaml:"layers,flow"`
	KeyHeads   int   `yaml:"key_heads"`   // linear_num_key_heads
	ValueHeads int   `yaml:"value_heads"` // linear_num_value_heads
	KeyDim     int   `yaml:"key_dim"`     // linear_key_head_dim
	ValueDim   int   `yaml:"value_dim"`   // linear_value_head_dim
	ConvKernel int   `yaml:"conv_kernel"` // linear_conv_kernel_dim
}

// Linear reports whether decoder layer i is a linear-attention layer.
func (t TextConfig) Linear(i int) bool { return slices.Contains(t.LinearAttention.Layers, i) }

// hybrid reports a decoder whose layers differ in their token mixer, which then counts layer by layer.
func (t TextConfig) hybrid() bool { return len(t.LinearAttention.Layers) > 0 }

// Projector connects vision and text.
type Projector struct {
	// Kind is mlp (LLaVA), resampler (MiniCPM-V, Qwen-VL), perceiver (Idefics2), pixel-shuffle-mlp (InternVL), merger (Qwen2/2.5/3-VL),
	// avgpool (Gemma 3), patch-merger-mlp (Mistral 3), pixel-shuffle-linear (Idefics3, SmolVLM), query-attention
	// (Aria), hd-mlp (Phi-3-vision) or cross-attention (Mllama); projectorCount in vision.go says what each holds.
	Kind string `yaml:"kind"`
	// Queries is the resampler's or perceiver's learned queries, i.e. LLM tokens per image slice (Aria's most
	// queries, taken by a 980 px image); 0 for the other kinds.
	Queries int `yaml:"queries,omitempty"`
	// Depth, Heads, HeadDim and KVHeads shape the perceiver's layers (Idefics2's perceiver_config:
	// resampler_depth, resampler_n_heads, resampler_head_dim, num_key_value_heads); 0 for the other kinds.
	Depth   int `yaml:"depth,omitempty"`
	Heads   int `yaml:"heads,omitempty"`
	HeadDim int `yaml:"head_dim,omitempty"`
	KVHeads int `yaml:"kv_heads,omitempty"`
	// Params is the projector's parameter count. It is computed for the known kinds; a user-defined model with
	// another kind states it.
	Params int64 `yaml:"params,omitempty"`
	// Merge is how many patches per side become one LLM token (pixel shuffle, Qwen2-VL merger): 2 means 2×2.
	Merge int `yaml:"merge,omitempty"`
	// FeatureLayers is how many vision layers' outputs LLaVA concatenates (a list vision_feature_layer); 0 means 1.
	FeatureLayers int `yaml:"feature_layers,omitempty"`
	// NoBias drops the MLP projector's biases (LLaVA multimodal_projector_bias: false).
	NoBias bool `yaml:"no_bias,omitempty"`
	// KeepClassToken passes the class token to the LLM too (LLaVA vision_feature_select_strategy: full).
	KeepClassToken bool `yaml:"keep_class_token,omitempty"`
}

// Slicing describes how an image is cut into fixed-size slices (MiniCPM-V, InternVL dynamic res, LLaVA-NeXT); zero
// when the model takes one fixed-size image.
type Slicing struct {
	// Mode picks the grid rule: minicpm, internvl, anyres (LLaVA-NeXT, OneVision), idefics3 (Idefics3, SmolVLM) or
	// phi3v (Phi-3-vision); slicingModes in vision.go describes each.
	Mode      string `yaml:"mode,omitempty"`
	SliceSize int    `yaml:"slice_size,omitempty"`
	MaxSlices int    `yaml:"max_slices,omitempty"`
	// Overview adds the whole image, downscaled, as one more slice whenever the image is cut.
	Overview bool `yaml:"overview,omitempty"`
}

// Linear is one nn.Linear inside a decoder layer, for LoRA sizing and the largest-layer gather.
type Linear struct {
	// Name is the module's own name, the one LoRA target_modules match ("q_proj", "w1").
	Name string
	// Path is where it sits inside a decoder layer ("self_attn.q_proj", "block_sparse_moe.experts.*.w1").
	Path    string
	In, Out int
	Bias    bool
	// Count is how many such modules one layer holds: 1, or the number of experts.
	Count int
	// Fused marks a weight that is a bare parameter rather than an nn.Linear: transformers 5.x stores a layer's
	// experts as one 3-D tensor per projection (Count × Out × In) and its routers as bare weights. LoRA's
	// target_modules and bitsandbytes both act on nn.Linear modules only, so neither touches it, and ZeRO-3
	// gathers it whole.
	Fused bool
}

// Vector is a one-dimensional parameter of a decoder layer outside its linears: a norm's weight (or bias),
// gpt-oss's attention sinks. Vectors are never quantized and go in the optimizer's no-decay group.
type Vector struct {
	Name string
	Size int
}

// Params is the parameter count of the module: weights and bias, times Count.
func (l Linear) Params() int64 {
	p := int64(l.In) * int64(l.Out)
	if l.Bias {
		p += int64(l.Out)
	}
	return p * int64(l.Count)
}

// Parts counts parameters per part of the model.
type Parts struct {
	Embeddings, Layers, Norm, LMHead, Vision, Projector, Total int64
}

// Model is one model's architecture, enough to count its parameters exactly and size its activations.
type Model struct {
	// ID is the Hugging Face hub id, e.g. "meta-llama/Meta-Llama-3-8B".
	ID        string        `yaml:"id"`
	Aliases   []string      `yaml:"aliases,omitempty"`
	Text      TextConfig    `yaml:"text"`
	Vision    *VisionConfig `yaml:"vision,omitempty"` // nil for text-only
	Projector *Projector    `yaml:"projector,omitempty"`
	Slicing   Slicing       `yaml:"slicing,omitempty"`
	// PublishedParams is the total the model card or safetensors metadata states; 0 if unknown.
	PublishedParams int64 `yaml:"published_params,omitempty"`
	// PublishedPrecision is 0 when PublishedParams is exact, else the unit it was rounded to (10000000 for "8.54B").
	PublishedPrecision int64 `yaml:"published_precision,omitempty"`
	// Quantization is how a pre-quantized checkpoint stores the decoder's Linear weights: "nf4" or "fp4"
	// (bitsandbytes 4-bit, as in OpenBMB's -int4 checkpoints) or "int8"; "mxfp4" (gpt-oss) stores only the
	// routed experts' fused tensors in 4-bit blocks of 32 with an 8-bit scale; empty for 16/32-bit checkpoints.
	// Loading such a checkpoint quantizes the model without any flag of the training config.
	Quantization string `yaml:"quantization,omitempty"`
	// SourceConfig is the Hugging Face repo whose config.json the architecture was copied from ("Qwen/Qwen2.5-7B"),
	// so a reader can check every dimension against the upstream file; every builtin entry names one.
	SourceConfig string `yaml:"source_config,omitempty"`
	// Source is "builtin" or the config.json path the model came from.
	Source string `yaml:"-"`
	// Assumptions is what reading the model's config.json had to assume (an unknown model_type read as a generic
	// decoder, a part left out); the estimate lists them among its own assumptions.
	Assumptions []string `yaml:"-"`
}

// Limits keep every count inside int64 whatever a user writes (the largest product, experts × layers × hidden ×
// intermediate, stays under 2^61), and catch unit mistakes; real models are far below them.
const (
	maxHidden  = 1 << 17
	maxWidth   = 1 << 19 // intermediate sizes, resampler queries
	maxHeads   = 1 << 12 // also head_dim
	maxLayers  = 1 << 12
	maxExperts = 1 << 10
	maxVocab   = 1 << 23
)

// Params counts the parameters of each part exactly from the architecture.
func (m Model) Params() Parts {
	m = m.normalized()
	t := m.Text
	p := Parts{
		Embeddings: int64(t.Vocab) * int64(t.Hidden),
		Norm:       int64(t.Hidden) * int64(t.finalNormVectors()),
	}
	if t.Arch == "opt" {
		// OPTLearnedPositionalEmbedding is an nn.Embedding of max_position_embeddings + 2 rows (an offset of 2
		// kept from fairseq), transformers 5.x models/opt/modeling_opt.py.
		p.Embeddings += int64(t.MaxPosition+2) * int64(t.Hidden)
	}
	if t.Arch == "bloom" {
		// BloomModel.word_embeddings_layernorm: a LayerNorm (weight and bias) right after the token embedding.
		p.Embeddings += 2 * int64(t.Hidden)
	}
	if t.Arch == "gpt2" {
		// GPT2Model.wpe, the learned position table: an nn.Embedding of max_position_embeddings (n_positions)
		// rows. Each GPT2Attention's causal-mask "bias" is a non-persistent buffer, not a parameter.
		p.Embeddings += int64(t.MaxPosition) * int64(t.Hidden)
	}
	if t.hybrid() {
		// A hybrid decoder's layers differ in their token mixer too: count each.
		for i := range t.Layers {
			p.Layers += m.LayerParams(i)
		}
	} else {
		// Layers differ only in whether their MLP is dense or routed: count one of each kind.
		dense := t.denseLayerCount()
		for _, kind := range []struct {
			dense bool
			n     int
		}{{true, dense}, {false, t.Layers - dense}} {
			if kind.n > 0 {
				p.Layers += int64(kind.n) * m.LayerParams(t.firstLayer(kind.dense))
			}
		}
	}
	if !t.TiedEmbeddings {
		p.LMHead = int64(t.Vocab) * int64(t.Hidden)
	}
	if t.LMHeadBias {
		p.LMHead += int64(t.Vocab)
	}
	if m.Vision != nil {
		p.Vision, _ = m.Vision.count()
	}
	if m.Projector != nil {
		p.Projector = m.Projector.Params
	}
	p.Total = p.Embeddings + p.Layers + p.Norm + p.LMHead + p.Vision + p.Projector
	return p
}

// LayerParams counts decoder layer i: its linear modules plus its norm weights and other vectors.
func (m Model) LayerParams(i int) int64 {
	m = m.normalized()
	var n int64
	for _, l := range m.LayerLinears(i) {
		n += l.Params()
	}
	for _, v := range m.LayerVectors(i) {
		n += int64(v.Size)
	}
	return n
}

// LargestLayerParams is the largest single module DeepSpeed ZeRO-3 gathers whole before running it: usually the
// embedding or lm_head matrix (vocab×hidden), else the widest linear or a fused expert tensor. ZeRO-3 allocates
// this on top of the partitioned state, so it bounds the gather buffer (stage3_max_live_parameters must be at
// least this).
func (m Model) LargestLayerParams() int64 {
	m = m.normalized()
	largest := int64(m.Text.Vocab) * int64(m.Text.Hidden)
	if m.Text.hybrid() {
		for i := range m.Text.Layers {
			for _, l := range m.LayerLinears(i) {
				largest = max(largest, l.Gathered())
			}
		}
	}
	for _, dense := range []bool{true, false} {
		if i := m.Text.firstLayer(dense); i >= 0 {
			for _, l := range m.LayerLinears(i) {
				largest = max(largest, l.Gathered())
			}
		}
	}
	if m.Vision != nil {
		_, tower := m.Vision.count()
		largest = max(largest, tower)
	}
	if m.Projector != nil {
		largest = max(largest, m.largestProjectorModule())
	}
	return largest
}

// Gathered is the largest single parameter tensor of l: one module's weight, or all experts' for a fused one.
func (l Linear) Gathered() int64 {
	if l.Fused {
		return l.Params()
	}
	return l.Params() / int64(max(l.Count, 1))
}

// Linears lists the linear modules of a typical decoder layer under their Hugging Face names: a routed layer of
// a mixture-of-experts model (the dense ones differ only in their MLP), else any layer. Counting uses
// LayerLinears, which knows each layer.
func (m Model) Linears() []Linear {
	t := m.Text.normalized()
	i := t.firstLayer(false)
	if i < 0 {
		i = t.firstLayer(true)
	}
	return m.LayerLinears(max(i, 0))
}

// DenseLayer reports whether decoder layer i has a dense MLP: every layer of a dense model, and the layers a
// mixture-of-experts model lists in DenseLayers.
func (t TextConfig) DenseLayer(i int) bool {
	return t.Experts == 0 || slices.Contains(t.DenseLayers, i)
}

// denseLayerCount is how many layers DenseLayer holds for.
func (t TextConfig) denseLayerCount() int {
	if t.Experts == 0 {
		return t.Layers
	}
	n := 0
	for i := range t.Layers {
		if slices.Contains(t.DenseLayers, i) {
			n++
		}
	}
	return n
}

// firstLayer is the first dense (or routed) layer, -1 when there is none.
func (t TextConfig) firstLayer(dense bool) int {
	for i := range t.Layers {
		if t.DenseLayer(i) == dense {
			return i
		}
	}
	return -1
}

func (t TextConfig) expertIntermediate() int {
	if t.ExpertIntermediate > 0 {
		return t.ExpertIntermediate
	}
	return t.Intermediate
}

// textArchs are the decoder architectures LayerLinears knows the module layout of.
var textArchs = []string{
	"baichuan", "bloom", "chatglm", "dbrx", "deepseek_v2", "deepseek_v3", "doge", "falcon", "gemma", "gemma2", "gemma3_text", "generic", "glm4",
	"glm4_moe", "gpt2", "gpt_neox", "gpt_oss", "granite", "internlm2", "internlm3", "llama", "llama4", "minicpm3", "mistral", "mixtral", "olmo", "olmo2",
	"opt", "phi", "phi3", "phimoe", "qwen", "qwen2", "qwen2_moe", "qwen3", "qwen3_5_text", "qwen3_moe", "qwen3_next", "seed_oss",
	"stablelm", "starcoder2",
}

// linearAttentionArchs are the hybrid archs whose layers are Gated DeltaNet or gated attention.
var linearAttentionArchs = []string{"qwen3_5_text", "qwen3_next"}

// ungatedArchs have a two-matrix MLP (up, activation, down) rather than a gated one: the estimator prices every
// MLP as gated (three intermediate-wide tensors kept per token), one more than these keep.
var ungatedArchs = []string{"bloom", "falcon", "gpt2", "gpt_neox", "opt", "phi", "starcoder2"}

// ungatedNote is the assumption an estimate of an ungated arch states.
func ungatedNote(arch string) string {
	return fmt.Sprintf("`%s` has an ungated MLP (up, activation, down); its activations are priced as a gated MLP's, "+
		"one intermediate-wide tensor per token and layer more than it keeps", arch)
}

// moeArchs are the archs whose MLP is a mixture of experts ("generic" may be either).
var moeArchs = []string{"dbrx", "deepseek_v2", "deepseek_v3", "glm4_moe", "gpt_oss", "llama4", "mixtral", "phimoe", "qwen2_moe", "qwen3_moe",
	"qwen3_next"}

// qwen35VisionNote is stated for every Qwen3.5 decoder: read from a config.json (hfconfig.go) or from a catalog
// entry of a hub checkpoint (normalized).
const qwen35VisionNote = "a Qwen3.5 checkpoint is counted as its decoder, Qwen3_5ForCausalLM, which AutoModelForCausalLM " +
	"loads; Qwen3_5ForConditionalGeneration adds the vision tower of its vision_config, which is not counted"

// llama4Note is the assumption an estimate of a Llama 4 decoder states.
const llama4Note = "Llama 4's vision tower and projector, which Llama4ForConditionalGeneration loads with the decoder " +
	"(871,932,416 parameters in Scout and Maverick), are not counted; and transformers' Llama4TextMoe runs every expert " +
	"on every token (models/llama4/modeling_llama4.py), where the estimate prices the configured top-k routing that " +
	"grouped-GEMM implementations (torchtune, Megatron) run"

// Validate reports the first thing that makes m impossible to count, so a user-defined model fails with a message
// that names the field instead of producing a nonsense estimate. Fields Hugging Face derives (kv_heads, head_dim) may be left zero.
func (m Model) Validate() error {
	m = m.normalized()
	if m.ID == "" {
		return errors.New("model: id is empty")
	}
	if m.PublishedParams < 0 || m.PublishedPrecision < 0 {
		return fmt.Errorf("model %q: published_params and published_precision must not be negative", m.ID)
	}
	if err := m.Text.validate(); err != nil {
		return fmt.Errorf("model %q: text: %w", m.ID, err)
	}
	switch m.Quantization {
	case "", "nf4", "fp4", "int8", "mxfp4":
	default:
		return fmt.Errorf("model %q: quantization %q is not one of nf4, fp4, int8, mxfp4", m.ID, m.Quantization)
	}
	if (m.Vision == nil) != (m.Projector == nil) {
		return fmt.Errorf("model %q: vision and projector come together: a vision tower needs a projector", m.ID)
	}
	if m.Vision == nil {
		if m.Slicing != (Slicing{}) {
			return fmt.Errorf("model %q: slicing without a vision tower", m.ID)
		}
		return nil
	}
	if err := m.Vision.validate(); err != nil {
		return fmt.Errorf("model %q: vision: %w", m.ID, err)
	}
	if err := m.Projector.validate(); err != nil {
		return fmt.Errorf("model %q: projector: %w", m.ID, err)
	}
	if err := m.Slicing.validate(); err != nil {
		return fmt.Errorf("model %q: slicing: %w", m.ID, err)
	}
	return nil
}

func (t TextConfig) validate() error {
	if !slices.Contains(textArchs, t.Arch) {
		return fmt.Errorf("arch %q is not one of %s", t.Arch, strings.Join(textArchs, ", "))
	}
	for _, f := range []struct {
		name     string
		v, limit int
	}{
		{"hidden", t.Hidden, maxHidden}, {"layers", t.Layers, maxLayers}, {"heads", t.Heads, maxHeads},
		{"kv_heads", t.KVHeads, t.Heads}, {"head_dim", t.HeadDim, maxHeads},
		{"intermediate", t.Intermediate, maxWidth}, {"vocab", t.Vocab, maxVocab},
	} {
		if f.v <= 0 || f.v > f.limit {
			return fmt.Errorf("%s must be in 1..%d, got %d", f.name, f.limit, f.v)
		}
	}
	if t.Arch == "opt" && t.MaxPosition <= 0 {
		return errors.New("opt needs max_position: its learned position table has max_position + 2 rows")
	}
	if t.Arch == "gpt2" && t.MaxPosition <= 0 {
		return errors.New("gpt2 needs max_position: its learned position table (wpe) has max_position rows")
	}
	if t.Heads%t.KVHeads != 0 {
		return fmt.Errorf("heads (%d) must be a multiple of kv_heads (%d)", t.Heads, t.KVHeads)
	}
	moe := slices.Contains(moeArchs, t.Arch)
	if t.Arch != "generic" && moe != (t.Experts > 0) {
		return fmt.Errorf("arch %q: experts must be set exactly for mixture-of-experts archs (%s), got %d",
			t.Arch, strings.Join(moeArchs, ", "), t.Experts)
	}
	if t.Experts > maxExperts || t.ExpertIntermediate < 0 || t.ExpertIntermediate > maxWidth ||
		t.SharedExpertIntermediate < 0 || t.SharedExpertIntermediate > maxWidth {
		return fmt.Errorf("experts (%d) or expert widths out of range", t.Experts)
	}
	if t.Experts > 0 && (t.ExpertsPerToken < 1 || t.ExpertsPerToken > t.Experts) {
		return fmt.Errorf("experts_per_token must be in 1..%d, got %d", t.Experts, t.ExpertsPerToken)
	}
	if t.Arch == "qwen2_moe" && t.SharedExpertIntermediate <= 0 {
		return errors.New("qwen2_moe needs shared_expert_intermediate")
	}
	for _, i := range t.DenseLayers {
		if i < 0 || i >= t.Layers || t.Experts == 0 {
			return fmt.Errorf("dense_layers holds %d, which is not a layer of a mixture-of-experts model with %d layers", i, t.Layers)
		}
	}
	if err := t.LinearAttention.validate(t.Layers, slices.Contains(linearAttentionArchs, t.Arch)); err != nil {
		return err
	}
	switch t.QKNorm {
	case "", "head", "full":
	default:
		return fmt.Errorf("qk_norm %q is not one of head, full", t.QKNorm)
	}
	return t.MLA.validate(t.Arch == "deepseek_v2" || t.Arch == "deepseek_v3" || t.Arch == "minicpm3")
}

func (a LinearAttention) validate(layers int, allowed bool) error {
	if len(a.Layers) == 0 {
		return nil
	}
	if !allowed {
		return errors.New("linear_attention is set for an arch without Gated DeltaNet layers (qwen3_next, qwen3_5_text)")
	}
	for _, i := range a.Layers {
		if i < 0 || i >= layers {
			return fmt.Errorf("linear_attention: layers holds %d, which is not one of the %d layers", i, layers)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"key_heads", a.KeyHeads}, {"value_heads", a.ValueHeads}, {"key_dim", a.KeyDim}, {"value_dim", a.ValueDim},
		{"conv_kernel", a.ConvKernel}} {
		if f.v <= 0 || f.v > maxHeads {
			return fmt.Errorf("linear_attention: %s must be in 1..%d, got %d", f.name, maxHeads, f.v)
		}
	}
	if a.ValueHeads%a.KeyHeads != 0 {
		return fmt.Errorf("linear_attention: value_heads (%d) must be a multiple of key_heads (%d)", a.ValueHeads, a.KeyHeads)
	}
	return nil
}

func (a MLA) validate(needed bool) error {
	if !needed {
		if a != (MLA{}) {
			return errors.New("mla is set for an arch without multi-head latent attention")
		}
		return nil
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"kv_lora_rank", a.KVLoRARank}, {"qk_rope_head_dim", a.RopeHeadDim}, {"qk_nope_head_dim", a.NopeHeadDim},
		{"v_head_dim", a.VHeadDim}} {
		if f.v <= 0 || f.v > maxWidth {
			return fmt.Errorf("mla: %s must be in 1..%d, got %d", f.name, maxWidth, f.v)
		}
	}
	if a.QLoRARank < 0 || a.QLoRARank > maxWidth {
		return fmt.Errorf("mla: q_lora_rank must be in 0..%d, got %d", maxWidth, a.QLoRARank)
	}
	return nil
}

// normalized fills in the values Hugging Face derives when a config leaves them out, so every consumer sees
// the same complete architecture, including a Model built by hand. It copies what it changes through pointers:
// the catalog is shared and never mutated.
func (m Model) normalized() Model {
	m.Text = m.Text.normalized()
	t := &m.Text
	if slices.Contains(ungatedArchs, t.Arch) {
		if note := ungatedNote(t.Arch); !slices.Contains(m.Assumptions, note) {
			m.Assumptions = append(slices.Clone(m.Assumptions), note)
		}
	}
	if t.Arch == "llama4" && !slices.Contains(m.Assumptions, llama4Note) {
		m.Assumptions = append(slices.Clone(m.Assumptions), llama4Note)
	}
	// The hub's Qwen3.5 checkpoints are Qwen3_5ForConditionalGeneration; the catalog counts their decoder.
	if t.Arch == "qwen3_5_text" && strings.HasPrefix(m.SourceConfig, "Qwen/Qwen3.5-") && !slices.Contains(m.Assumptions, qwen35VisionNote) {
		m.Assumptions = append(slices.Clone(m.Assumptions), qwen35VisionNote)
	}
	if m.Vision != nil {
		v := m.Vision.normalized()
		m.Vision = &v
	}
	if m.Projector != nil {
		p := *m.Projector
		if p.Kind == "mlp" && p.FeatureLayers == 0 {
			p.FeatureLayers = 1
		}
		if m.Vision != nil {
			if n, _, ok := projectorCount(p, *m.Vision, m.Text); ok {
				p.Params = n
			}
		}
		m.Projector = &p
	}
	return m
}

// normalized is the text half of Model.normalized: the values Hugging Face derives for the decoder, which
// LayerLinears needs without the rest of the model.
func (t TextConfig) normalized() TextConfig {
	if t.KVHeads == 0 {
		t.KVHeads = t.Heads
	}
	if t.HeadDim == 0 && t.Heads > 0 {
		t.HeadDim = t.Hidden / t.Heads
	}
	switch t.Arch {
	case "qwen2", "qwen2_moe":
		// Qwen2Attention hard-codes bias=True on q/k/v; no config key turns it off.
		t.AttentionBias = true
	case "gemma2":
		// Gemma2Config defaults final_logit_softcapping to 30 and attn_logit_softcapping to 50, and every
		// released Gemma 2 keeps both (models/gemma2/configuration_gemma2.py, transformers 5.17).
		t.LogitSoftcap = true
		t.AttnSoftcap = true
	case "qwen3", "qwen3_moe", "gemma3_text", "qwen3_next", "qwen3_5_text", "doge":
		// Qwen3Attention and Gemma3Attention always build q_norm and k_norm over head_dim, and so does
		// Qwen3NextAttention (a Qwen3MoeAttention) in the full-attention layers of Qwen3-Next and Qwen3.5, and
		// DogeAttention (transformers 5.x models/doge/modeling_doge.py @00ca1ab).
		t.QKNorm = "head"
	case "olmo2":
		// Olmo2Attention normalizes the whole q and k projections.
		t.QKNorm = "full"
	case "phi":
		// PhiDecoderLayer (transformers 5.x models/phi/modeling_phi.py) feeds input_layernorm's output to both
		// self_attn and mlp and adds both to the residual.
		t.ParallelBlock = true
		// PhiAttention, PhiMLP and PhiForCausalLM's lm_head hard-code bias=True.
		t.AttentionBias, t.OutputBias, t.MLPBias, t.LMHeadBias = true, true, true, true
	case "gpt_neox":
		// GPTNeoXMLP's dense_h_to_4h and dense_4h_to_h always have a bias.
		t.MLPBias = true
	case "deepseek_v2", "deepseek_v3", "minicpm3":
		// Every head gets its own key from the latent: no grouping, and a query/key head of nope + rope dims.
		t.KVHeads = t.Heads
		t.HeadDim = t.MLA.NopeHeadDim + t.MLA.RopeHeadDim
	}
	return t
}

// clone copies m deeply enough that the caller can change it without touching the catalog.
func (m Model) clone() Model {
	m.Aliases = slices.Clone(m.Aliases)
	m.Assumptions = slices.Clone(m.Assumptions)
	m.Text.DenseLayers = slices.Clone(m.Text.DenseLayers)
	m.Text.LinearAttention.Layers = slices.Clone(m.Text.LinearAttention.Layers)
	if m.Vision != nil {
		v := *m.Vision
		m.Vision = &v
	}
	if m.Projector != nil {
		p := *m.Projector
		m.Projector = &p
	}
	return m
}
