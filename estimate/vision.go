package estimate

import "github.com/trainlint/trainlint/catalog"

// visionLinears lists the linear modules of one vision-tower layer under the
// names PEFT matches: CLIP and SigLIP (also MiniCPM-V's navit SigLIP) have
// separate q/k/v/out projections; InternViT and Qwen2-VL's tower fuse q, k
// and v into one qkv projection.
func visionLinears(v catalog.VisionConfig) []catalog.Linear {
	h, in := v.Hidden, v.Intermediate
	lin := func(name, path string, i, o int) catalog.Linear {
		return catalog.Linear{Name: name, Path: path, In: i, Out: o, Bias: true, Count: 1}
	}
	mlp := []catalog.Linear{lin("fc1", "mlp.fc1", h, in), lin("fc2", "mlp.fc2", in, h)}
	switch v.Arch {
	case "intern_vit", "qwen2_vl":
		return append([]catalog.Linear{lin("qkv", "attn.qkv", h, 3*h), lin("proj", "attn.proj", h, h)}, mlp...)
	}
	return append([]catalog.Linear{
		lin("q_proj", "self_attn.q_proj", h, h), lin("k_proj", "self_attn.k_proj", h, h),
		lin("v_proj", "self_attn.v_proj", h, h), lin("out_proj", "self_attn.out_proj", h, h),
	}, mlp...)
}

// visionLinearParams counts the tower's linear weights and biases, the part
// bitsandbytes would quantize and autocast casts.
func visionLinearParams(v catalog.VisionConfig) int64 {
	var n int64
	for _, l := range visionLinears(v) {
		n += l.Params()
	}
	return n * int64(v.Layers)
}

// visionLayerTensors is what one trainable ViT layer keeps per token: its
// two LayerNorm inputs and outputs, q, k and v, the attention output and the
// MLP's two intermediate tensors (8h + 2I elements); eager attention adds the
// fp32 softmax and its 16-bit copy per head and key. visionActivationScale
// carries what the measurements show beyond these.
func (j *job) visionLayerTensors() []actTensor {
	v := j.model.Vision
	cb := j.compute.Bytes() * visionActivationScale
	h, in := float64(v.Hidden)*cb, float64(v.Intermediate)*cb
	out := make([]actTensor, 0, 11)
	for range 8 {
		out = append(out, actTensor{name: "vision hidden", perToken: h})
	}
	out = append(out, actTensor{name: "vision mlp", perToken: in}, actTensor{name: "vision mlp", perToken: in})
	if j.attention == "eager" {
		out = append(out, actTensor{name: "vision scores", perToken: eagerScoreBytes(j.compute.Bytes()) * float64(v.Heads) * float64(j.visionSliceTokens)})
	}
	return out
}

// visionActivations is what the vision tower and projector keep for backward
// in one micro batch. When nothing in the tower needs a gradient (frozen
// tower, no adapters in it) its forward saves nothing and only the
// projector's inputs are kept: its input and its two intermediate tensors
// per image token. Under checkpointing the tower keeps each layer's input
// plus one recomputed layer.
func visionActivations(j *job, trainableTower bool, adapters int64) float64 {
	v := j.model.Vision
	if v == nil || j.visionTokens == 0 {
		return 0
	}
	cb := j.compute.Bytes()
	tokens := float64(j.micro) * float64(j.visionTokens)
	h := float64(v.Hidden)
	var saved float64
	if trainableTower || adapters > 0 {
		perLayer := 0.0
		for _, t := range j.visionLayerTensors() {
			perLayer += t.perToken
		}
		layers := float64(v.Layers)
		if j.checkpointing {
			saved = tokens * (layers*h*cb + perLayer)
		} else {
			saved = tokens * layers * perLayer
		}
	}
	return saved + tokens*h*cb + float64(j.micro)*float64(j.imageTokens)*2*float64(j.model.Text.Hidden)*cb
}
