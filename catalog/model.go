package catalog

import (
	"errors"
	"fmt"
	"slices"
)

// TextConfig is the decoder LLM's architecture.
type TextConfig struct {
	// Arch is the Hugging Face model_type of the decoder: llama, mistral, mixtral, qwen2, qwen2_moe, gemma, gemma2,
	// phi3 or internlm2. It decides module names, fused projections and norms per layer.
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
	// Experts and ExpertsPerToken describe a mixture-of-experts MLP (mixtral, qwen2_moe); 0 when dense.
	Experts         int `yaml:"experts,omitempty"`
	ExpertsPerToken int `yaml:"experts_per_token,omitempty"`
	// ExpertIntermediate is one expert's width when it differs from Intermediate (qwen2_moe moe_intermediate_size).
	ExpertIntermediate int `yaml:"expert_intermediate,omitempty"`
	// SharedExpertIntermediate is the width of qwen2_moe's always-on shared expert.
	SharedExpertIntermediate int `yaml:"shared_expert_intermediate,omitempty"`
	MaxPosition              int `yaml:"max_position,omitempty"`
}

// Projector connects vision and text.
type Projector struct {
	// Kind is mlp (LLaVA), resampler (MiniCPM-V perceiver), pixel-shuffle-mlp (InternVL) or merger (Qwen2-VL).
	Kind string `yaml:"kind"`
	// Queries is the resampler's learned queries, i.e. LLM tokens per image slice; 0 for the other kinds.
	Queries int `yaml:"queries,omitempty"`
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
	// Mode picks the grid rule: "minicpm" (MiniCPM-V's log-ratio grid over area-scaled slices) or "internvl"
	// (InternVL's closest aspect ratio over SliceSize tiles).
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
	// (bitsandbytes 4-bit, as in OpenBMB's -int4 checkpoints) or "int8"; empty for 16/32-bit checkpoints.
	// Loading such a checkpoint quantizes the model without any flag of the training config.
	Quantization string `yaml:"quantization,omitempty"`
	// SourceConfig is the Hugging Face repo whose config.json the architecture was copied from ("Qwen/Qwen2.5-7B"),
	// so a reader can check every dimension against the upstream file; every builtin entry names one.
	SourceConfig string `yaml:"source_config,omitempty"`
	// Source is "builtin" or the config.json path the model came from.
	Source string `yaml:"-"`
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
		Layers:     int64(t.Layers) * m.LayerParams(),
		Norm:       int64(t.Hidden),
	}
	if !t.TiedEmbeddings {
		p.LMHead = int64(t.Vocab) * int64(t.Hidden)
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

// LayerParams counts one decoder layer: its linear modules plus its RMSNorm weights.
func (m Model) LayerParams() int64 {
	m = m.normalized()
	var n int64
	for _, l := range m.Linears() {
		n += l.Params()
	}
	return n + int64(normsPerLayer(m.Text.Arch))*int64(m.Text.Hidden)
}

// normsPerLayer is 4 for Gemma 2 (pre and post norms around both attention and MLP), else 2.
func normsPerLayer(arch string) int {
	if arch == "gemma2" {
		return 4
	}
	return 2
}

// LargestLayerParams is the largest single module DeepSpeed ZeRO-3 gathers whole before running it: usually the
// embedding or lm_head matrix (vocab×hidden), else the widest linear. ZeRO-3 allocates this on top of the
// partitioned state, so it bounds the gather buffer (stage3_max_live_parameters must be at least this).
func (m Model) LargestLayerParams() int64 {
	m = m.normalized()
	largest := int64(m.Text.Vocab) * int64(m.Text.Hidden)
	for _, l := range m.Linears() {
		largest = max(largest, l.Params()/int64(max(l.Count, 1)))
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

// Linears lists the linear modules of one decoder layer under their Hugging Face names.
func (m Model) Linears() []Linear {
	t := m.normalized().Text
	h := t.Hidden
	q := t.Heads * t.HeadDim
	kv := t.KVHeads * t.HeadDim
	lin := func(name, path string, in, out int, bias bool, count int) Linear {
		return Linear{Name: name, Path: path, In: in, Out: out, Bias: bias, Count: count}
	}
	switch t.Arch {
	case "phi3":
		return []Linear{
			lin("qkv_proj", "self_attn.qkv_proj", h, q+2*kv, t.AttentionBias, 1),
			lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
			lin("gate_up_proj", "mlp.gate_up_proj", h, 2*t.Intermediate, t.MLPBias, 1),
			lin("down_proj", "mlp.down_proj", t.Intermediate, h, t.MLPBias, 1),
		}
	case "internlm2":
		return []Linear{
			lin("wqkv", "attention.wqkv", h, q+2*kv, t.AttentionBias, 1),
			lin("wo", "attention.wo", q, h, t.OutputBias, 1),
			lin("w1", "feed_forward.w1", h, t.Intermediate, t.MLPBias, 1),
			lin("w3", "feed_forward.w3", h, t.Intermediate, t.MLPBias, 1),
			lin("w2", "feed_forward.w2", t.Intermediate, h, t.MLPBias, 1),
		}
	}
	out := []Linear{
		lin("q_proj", "self_attn.q_proj", h, q, t.AttentionBias, 1),
		lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
		lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
		lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
	}
	ei := t.expertIntermediate()
	switch t.Arch {
	case "mixtral":
		return append(out,
			lin("gate", "block_sparse_moe.gate", h, t.Experts, false, 1),
			lin("w1", "block_sparse_moe.experts.*.w1", h, ei, false, t.Experts),
			lin("w3", "block_sparse_moe.experts.*.w3", h, ei, false, t.Experts),
			lin("w2", "block_sparse_moe.experts.*.w2", ei, h, false, t.Experts),
		)
	case "qwen2_moe":
		si := t.SharedExpertIntermediate
		return append(out,
			lin("gate", "mlp.gate", h, t.Experts, false, 1),
			lin("gate_proj", "mlp.experts.*.gate_proj", h, ei, false, t.Experts),
			lin("up_proj", "mlp.experts.*.up_proj", h, ei, false, t.Experts),
			lin("down_proj", "mlp.experts.*.down_proj", ei, h, false, t.Experts),
			lin("gate_proj", "mlp.shared_expert.gate_proj", h, si, false, 1),
			lin("up_proj", "mlp.shared_expert.up_proj", h, si, false, 1),
			lin("down_proj", "mlp.shared_expert.down_proj", si, h, false, 1),
			lin("shared_expert_gate", "mlp.shared_expert_gate", h, 1, false, 1),
		)
	}
	return append(out,
		lin("gate_proj", "mlp.gate_proj", h, t.Intermediate, t.MLPBias, 1),
		lin("up_proj", "mlp.up_proj", h, t.Intermediate, t.MLPBias, 1),
		lin("down_proj", "mlp.down_proj", t.Intermediate, h, t.MLPBias, 1),
	)
}

func (t TextConfig) expertIntermediate() int {
	if t.ExpertIntermediate > 0 {
		return t.ExpertIntermediate
	}
	return t.Intermediate
}

// textArchs are the decoder architectures Linears knows the module layout of.
const textArchs = "gemma, gemma2, internlm2, llama, mistral, mixtral, phi3, qwen2, qwen2_moe"

func knownTextArch(arch string) bool {
	switch arch {
	case "gemma", "gemma2", "internlm2", "llama", "mistral", "mixtral", "phi3", "qwen2", "qwen2_moe":
		return true
	}
	return false
}

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
	case "", "nf4", "fp4", "int8":
	default:
		return fmt.Errorf("model %q: quantization %q is not one of nf4, fp4, int8", m.ID, m.Quantization)
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
	if !knownTextArch(t.Arch) {
		return fmt.Errorf("arch %q is not one of %s", t.Arch, textArchs)
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
	if t.Heads%t.KVHeads != 0 {
		return fmt.Errorf("heads (%d) must be a multiple of kv_heads (%d)", t.Heads, t.KVHeads)
	}
	moe := t.Arch == "mixtral" || t.Arch == "qwen2_moe"
	if moe != (t.Experts > 0) {
		return fmt.Errorf("arch %q: experts must be set exactly for mixture-of-experts archs (mixtral, qwen2_moe), got %d",
			t.Arch, t.Experts)
	}
	if t.Experts > maxExperts || t.ExpertIntermediate < 0 || t.ExpertIntermediate > maxWidth ||
		t.SharedExpertIntermediate < 0 || t.SharedExpertIntermediate > maxWidth {
		return fmt.Errorf("experts (%d) or expert widths out of range", t.Experts)
	}
	if moe && (t.ExpertsPerToken < 1 || t.ExpertsPerToken > t.Experts) {
		return fmt.Errorf("experts_per_token must be in 1..%d, got %d", t.Experts, t.ExpertsPerToken)
	}
	if t.Arch == "qwen2_moe" && t.SharedExpertIntermediate <= 0 {
		return errors.New("qwen2_moe needs shared_expert_intermediate")
	}
	return nil
}

// normalized fills in the values Hugging Face derives when a config leaves them out, so every consumer sees
// the same complete architecture, including a Model built by hand. It copies what it changes through pointers:
// the catalog is shared and never mutated.
func (m Model) normalized() Model {
	t := &m.Text
	if t.KVHeads == 0 {
		t.KVHeads = t.Heads
	}
	if t.HeadDim == 0 && t.Heads > 0 {
		t.HeadDim = t.Hidden / t.Heads
	}
	if t.Arch == "qwen2" || t.Arch == "qwen2_moe" {
		// Qwen2Attention hard-codes bias=True on q/k/v; no config key turns it off.
		t.AttentionBias = true
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
			if n, _, ok := projectorCount(p, *m.Vision, m.Text.Hidden); ok {
				p.Params = n
			}
		}
		m.Projector = &p
	}
	return m
}

// clone copies m deeply enough that the caller can change it without touching the catalog.
func (m Model) clone() Model {
	m.Aliases = slices.Clone(m.Aliases)
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
