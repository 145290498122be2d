package estimate

import (
	"fmt"
	"math"

	"github.com/trainlint/trainlint/catalog"
)

// visionLinears lists the linear modules of one vision-tower layer under the
// names PEFT matches (transformers 5.17 modeling files): CLIP, SigLIP (also
// MiniCPM-V's navit SigLIP, Gemma 3's, Idefics3's) and Mllama's tower have
// separate q/k/v/out projections; InternViT (remote code) and the Qwen-VL
// towers fuse q, k and v into one qkv; transformers' InternVL keeps them
// apart; Qwen2.5-VL and Pixtral have gated MLPs.
func visionLinears(v catalog.VisionConfig) []catalog.Linear {
	h, in := v.Hidden, v.Intermediate
	lin := func(name, path string, i, o int, bias bool) catalog.Linear {
		return catalog.Linear{Name: name, Path: path, In: i, Out: o, Bias: bias, Count: 1}
	}
	mlp := []catalog.Linear{lin("fc1", "mlp.fc1", h, in, true), lin("fc2", "mlp.fc2", in, h, true)}
	gated := func(prefix string, bias bool) []catalog.Linear {
		return []catalog.Linear{lin("gate_proj", prefix+".gate_proj", h, in, bias), lin("up_proj", prefix+".up_proj", h, in, bias),
			lin("down_proj", prefix+".down_proj", in, h, bias)}
	}
	separate := func(prefix, out string, qkvBias, outBias bool) []catalog.Linear {
		return []catalog.Linear{lin("q_proj", prefix+".q_proj", h, h, qkvBias), lin("k_proj", prefix+".k_proj", h, h, qkvBias),
			lin("v_proj", prefix+".v_proj", h, h, qkvBias), lin(out, prefix+"."+out, h, h, outBias)}
	}
	fused := []catalog.Linear{lin("qkv", "attn.qkv", h, 3*h, true), lin("proj", "attn.proj", h, h, true)}
	switch v.Arch {
	case "intern_vit", "qwen2_vl", "siglip_timm":
		return append(fused, mlp...)
	case "qwen2_5_vl":
		return append(fused, gated("mlp", true)...)
	case "qwen3_vl":
		return append(fused, lin("linear_fc1", "mlp.linear_fc1", h, in, true), lin("linear_fc2", "mlp.linear_fc2", in, h, true))
	case "internvl_vision":
		return append(separate("attention", "projection_layer", v.QKVBias, true), mlp...)
	case "pixtral":
		return append(separate("attention", "o_proj", false, false), gated("feed_forward", false)...)
	case "mllama_vision":
		return append(separate("self_attn", "o_proj", false, false), mlp...)
	case "qwen_vit":
		return []catalog.Linear{lin("in_proj", "attn.in_proj", h, 3*h, true), lin("out_proj", "attn.out_proj", h, h, true),
			lin("c_fc", "mlp.c_fc", h, in, true), lin("c_proj", "mlp.c_proj", in, h, true)}
	}
	return append(separate("self_attn", "out_proj", true, true), mlp...)
}

// fusedVisionQKV reports whether one qkv projection reads the first norm's
// output.
func fusedVisionQKV(v catalog.VisionConfig) bool {
	switch v.Arch {
	case "intern_vit", "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen_vit", "siglip_timm":
		return true
	}
	return false
}

// gatedVisionMLP reports whether the tower's MLP is gated (gate, up, down).
func gatedVisionMLP(v catalog.VisionConfig) bool {
	return v.Arch == "qwen2_5_vl" || v.Arch == "pixtral"
}

// visionKeyLength is how many keys each vision token attends to in an
// average layer. Qwen2.5-VL attends within windows of WindowSize pixels
// (8×8 patches for 112 px) in all but FullAttentionLayers layers, running
// eager and sdpa attention window by window (Qwen2_5_VLVisionAttention,
// modeling_qwen2_5_vl.py, 5.17); other towers attend over the whole slice.
func (j *job) visionKeyLength() float64 {
	v := j.model.Vision
	full := float64(j.visionSliceTokens)
	if v.WindowSize <= 0 || v.Layers <= 0 {
		return full
	}
	side := float64(v.WindowSize / v.PatchSize)
	window := math.Min(side*side, full)
	fullLayers := float64(v.FullAttentionLayers)
	return (fullLayers*full + (float64(v.Layers)-fullLayers)*window) / float64(v.Layers)
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

// visionLayerTensors is one ViT layer's forward (CLIP/SigLIP: LayerNorm →
// q/k/v → attention → out_proj → LayerNorm → fc1 → GELU → fc2) as the
// tensors a layer keeps per token, in order, with the transients between
// them; trains says whether the tower's weights train, adapters which of its
// linears carry LoRA adapters. LayerNorm is on autocast's fp32 list: under
// bf16/fp16 autocast it keeps an fp32 copy of its input and returns fp32,
// which each following Linear casts to 16 bits on its own (three casts for
// q, k and v). A trainable layer keeps the LayerNorm inputs, the casts, q,
// k, v, the attention output and the MLP's two intermediate tensors (12h +
// 2I 16-bit elements under autocast, as an allocator trace of the LLaVA
// calibration run shows; 8h + 2I without it); eager attention adds the fp32
// softmax and its 16-bit copy per head and key, after the 16-bit scores they
// are computed from.
//
// A frozen layer that gradients pass through (LoRA adapters in the tower)
// keeps what its ops need for the input's gradient alone, as the decoder's
// layers do (layerSaved): a frozen Linear keeps nothing, so the casts, the
// attention output of an eager kernel and the activation's output that fc2
// (or down_proj) reads are transients; LayerNorm still keeps its input, the
// attention kernel q, k and v, and the activation its input. Each adapter
// keeps its 16-bit input and lora_A's r-wide output. The decoder's usual
// targets (q_proj … down_proj) reach a SigLIP tower's q_proj, k_proj and
// v_proj only: transformers 5.17 names its other linears out_proj, fc1 and
// fc2 (SmolVLMVisionAttention, SmolVLMVisionMLP in modeling_smolvlm.py;
// Idefics3's, CLIP's and SigLIP's are the same). Such a layer keeps 11h +
// I + 3r 16-bit elements per token under autocast instead of a trained
// layer's 12h + 2I: SmolVLM2-2.2B's 27 layers at batch 4 with 17 tiles per
// image were priced 13.5 GiB high before (calibration group p12,
// max_memory_allocated 74.4 GiB).
func (j *job) visionLayerTensors(trains bool, adapters []catalog.Linear) []actTensor {
	v := j.model.Vision
	cb := j.compute.Bytes()
	h, in := float64(v.Hidden), float64(v.Intermediate)
	d := j.actDtypes()
	keep := func(name string, b float64) actTensor { return actTensor{name: name, perToken: b} }
	temp := func(name string, b float64) actTensor { return actTensor{name: name, perToken: b, transient: true} }
	loraOut := 4.0 // lora_B's output: 16 bits under autocast
	if j.amp() {
		loraOut = 2
	}
	adapted := func(names ...string) (n int, width float64) {
		for _, l := range adapters {
			for _, name := range names {
				if l.Name == name {
					n++
					width = float64(l.Out)
				}
			}
		}
		return n, width
	}
	// adapter is what n adapters reading a width-wide input keep: PEFT
	// casts the input to the adapter's fp32 (a new tensor unless the input
	// already is fp32), lora_A keeps its 16-bit cast under autocast, and
	// lora_B's output lives until it is added to the frozen output.
	adapter := func(name string, n int, width, out float64, fp32Input bool) []actTensor {
		var ts []actTensor
		for range n {
			if !fp32Input && d.adapterCopy < 4 {
				ts = append(ts, temp(name+" fp32 cast", 4*width))
			}
			ts = append(ts, keep(name+" adapter input", d.adapterCopy*width), temp(name+" lora_B output", loraOut*out))
		}
		return ts
	}
	fp32Norm := j.amp() && cb < 4
	norm := func(consumers int, names ...string) []actTensor {
		n, out := adapted(names...)
		var ts []actTensor
		switch {
		case !fp32Norm && trains:
			ts = []actTensor{keep("layernorm input", cb*h), keep("layernorm output", cb*h)}
		case !fp32Norm:
			ts = []actTensor{keep("layernorm input", cb*h), temp("layernorm output", cb*h)}
		case trains:
			ts = []actTensor{keep("layernorm fp32 input", 4*h), temp("layernorm fp32 output", 4*h)}
			for range consumers {
				ts = append(ts, keep("16-bit cast", 2*h))
			}
		default:
			// Each frozen linear's 16-bit cast dies with its matmul.
			ts = []actTensor{keep("layernorm fp32 input", 4*h), temp("layernorm fp32 output", 4*h), temp("16-bit cast", 2*h)}
		}
		return append(ts, adapter("layernorm", n, h, out, fp32Norm)...)
	}
	consumers := 3 // q, k and v each cast the norm's output
	if fusedVisionQKV(*v) {
		consumers = 1
	}
	out := append(norm(consumers, "q_proj", "k_proj", "v_proj", "qkv", "in_proj"), keep("q", cb*h), keep("k", cb*h), keep("v", cb*h))
	qwenVL := qwenVisionAttention(*v)
	if qwenVL {
		// apply_rotary_pos_emb_vision rotates q and k in fp32 and casts the
		// results back: two new 16-bit tensors the attention keeps, while
		// v stays a view that keeps the whole fused qkv output alive.
		out = append(out, keep("rotated q", cb*h), keep("rotated k", cb*h))
	}
	if j.visionKernel == eagerKernel {
		perKey := float64(v.Heads) * j.visionKeyLength()
		out = append(out, temp("vision scores", cb*perKey),
			actTensor{name: "vision softmax", perToken: eagerScoreBytes(cb) * perKey})
	}
	// Fused kernels keep their output for backward; eager's is kept by a trained out_proj only.
	if j.visionKernel != eagerKernel || trains {
		out = append(out, keep("attention output", cb*h))
	} else {
		out = append(out, temp("attention output", cb*h))
	}
	if qwenVL && j.attention != "flash_attention_2" {
		// Without flash_attention_2 the attention runs image by image and
		// torch.cat joins the outputs: proj keeps the joined copy while the
		// attention keeps its own outputs.
		if trains {
			out = append(out, keep("joined attention output", cb*h))
		} else {
			out = append(out, temp("joined attention output", cb*h))
		}
	}
	n, width := adapted("out_proj", "o_proj", "proj", "projection_layer")
	out = append(out, adapter("out_proj", n, h, width, false)...)
	out = append(out, temp("out_proj output", cb*h))
	// kept16 is a 16-bit tensor that only a trained linear after it keeps.
	kept16 := func(name string, b float64) actTensor {
		if trains {
			return keep(name, b)
		}
		return temp(name, b)
	}
	var mlp []actTensor
	var down string
	if gatedVisionMLP(*v) {
		// The gate and up outputs, the activation's output and their product, down_proj's input.
		mlp = append(norm(2, "gate_proj", "up_proj"), keep("gate output", cb*in), keep("up output", cb*in), keep("act output", cb*in),
			kept16("down_proj input", cb*in))
		down = "down_proj"
	} else {
		mlp = append(norm(1, "fc1", "linear_fc1", "c_fc"), keep("fc1 output", cb*in))
		if quickGELUVision(*v) {
			// QuickGELU is x * sigmoid(1.702 x) in three ops: the product keeps
			// x and the sigmoid's output, and fc2 keeps the product.
			mlp = append(mlp, keep("sigmoid output", cb*in), kept16("quick_gelu output", cb*in))
		} else {
			mlp = append(mlp, kept16("gelu output", cb*in))
		}
		down = "fc2"
	}
	out = append(out, mlp...)
	n, width = adapted(down, "linear_fc2", "c_proj")
	out = append(out, adapter(down, n, in, width, false)...)
	if len(adapters) > 0 {
		out = append(out, keep("LoRA A output", float64(j.peft.r)*loraOut*float64(len(adapters))))
	}
	return append(out, temp(down+" output", cb*h))
}

// qwenVisionAttention reports whether the tower's attention is the Qwen-VL
// towers' (Qwen2VisionAttention / Qwen2_5_VLVisionAttention /
// Qwen3VLVisionAttention, transformers 5.17 modeling_qwen2_vl.py,
// modeling_qwen2_5_vl.py, modeling_qwen3_vl.py): rotary positions applied in
// fp32 by apply_rotary_pos_emb_vision, and, unless the model runs
// flash_attention_2, one attention call per image ("Other implementations:
// Process each chunk separately") whose outputs torch.cat joins before proj.
func qwenVisionAttention(v catalog.VisionConfig) bool {
	switch v.Arch {
	case "qwen2_vl", "qwen2_5_vl", "qwen3_vl":
		return true
	}
	return false
}

// quickGELUVision reports whether the tower's MLP activation is QuickGELU
// (transformers 5.17 activations.py QuickGELUActivation: input *
// torch.sigmoid(1.702 * input), three autograd ops): Qwen2-VL's tower
// (vision_config.hidden_act "quick_gelu", Qwen2VLVisionConfig) and OpenAI's
// CLIP towers (openai/clip-vit-large-patch14-336 config.json hidden_act
// "quick_gelu") that LLaVA uses.
func quickGELUVision(v catalog.VisionConfig) bool {
	return v.Arch == "qwen2_vl" || v.Arch == "clip_vision_model"
}

// visionKernelFor is how the vision tower's attention runs. MiniCPM-V's
// remote code builds its SigLIP NaViT tower with flash_attention_2 when the
// model asks for it and with eager attention otherwise ("not suport sdpa",
// modeling_minicpmv.py init_vision_module), so on a GPU without
// FlashAttention-2, such as a V100, every slice materializes its scores.
// Other towers follow the model's attn_implementation, Idefics2's SigLIP
// NaViT among them (transformers modeling_idefics2.py: its vision
// attention dispatches through ALL_ATTENTION_FUNCTIONS).
func (j *job) visionKernelFor() kernel {
	v := j.model.Vision
	if v == nil || j.visionTokens == 0 {
		return flashKernel
	}
	switch {
	case j.attention == "eager":
		return eagerKernel
	case v.Arch == "siglip_navit" && j.model.Projector.Kind == "resampler" && j.attention != "flash_attention_2":
		j.assume("the %s vision tower runs eager attention (MiniCPM-V's vpm takes flash_attention_2 or eager, not %s): "+
			"each slice keeps %d heads × %d² scores per layer", v.Arch, j.attention, v.Heads, j.visionSliceTokens)
		return eagerKernel
	}
	return flashKernel
}

// visionActivations is what the vision tower and projector keep for backward
// in one micro batch, and its note. When nothing in the tower needs a
// gradient (frozen tower, no adapters in it) its forward saves nothing and
// only the projector's inputs are kept: its input and its two intermediate
// tensors per image token. Under checkpointing the tower keeps each layer's
// input plus one recomputed layer.
func visionActivations(j *job, trainableTower bool, adapters []catalog.Linear) (float64, string) {
	v := j.model.Vision
	if v == nil || j.visionTokens == 0 {
		return 0, ""
	}
	cb := j.compute.Bytes()
	tokens := float64(j.micro) * float64(j.visionTokens)
	h := float64(v.Hidden)
	var saved float64
	note := fmt.Sprintf("%.0f vision tokens: the projector's input only (the tower needs no gradient)", tokens)
	if trainableTower || len(adapters) > 0 {
		perLayer := 0.0
		for _, t := range j.visionLayerTensors(trainableTower, adapters) {
			if !t.transient {
				perLayer += t.perToken
			}
		}
		layers := float64(v.Layers)
		if j.checkpointing {
			saved = tokens * (layers*h*cb + perLayer)
			note = fmt.Sprintf("%.0f vision tokens × (%d layer checkpoints + one recomputed layer of %.0f B per token)", tokens, v.Layers, perLayer)
		} else {
			saved = tokens * layers * perLayer
			note = fmt.Sprintf("%.0f vision tokens × %d layers × %.0f B per token", tokens, v.Layers, perLayer)
		}
		if j.visionKernel == eagerKernel {
			note += ", eager attention scores included"
		}
	}
	return saved + tokens*h*cb + projectorOutputBytes(j), note
}

// projectorOutputBytes is what the projector keeps per micro batch past its
// input: its intermediate and output tensors, two text-width vectors per
// LLM image token. Idefics2's connector works on every vision token before
// its perceiver reduces them to the latents (modeling_idefics2.py
// Idefics2Connector): its gated modality_projection keeps the gate and up
// outputs and their product at the decoder's MLP width and its text-width
// output, and each perceiver layer keeps the normed context and the keys
// and values it projects from it. Mllama's images take one LLM token each; instead its
// projector's output (one text-width vector per vision token) feeds every
// cross-attention layer, and each of those keeps the keys and values it
// projects from it (MllamaTextCrossAttention, modeling_mllama.py, 5.17).
func projectorOutputBytes(j *job) float64 {
	cb := j.compute.Bytes()
	t := j.model.Text
	micro := float64(j.micro)
	if p := j.model.Projector; p.Kind == "perceiver" {
		kv := float64(p.KVHeads * p.HeadDim)
		perToken := 3*float64(t.Intermediate) + float64(t.Hidden) + float64(p.Depth)*(float64(t.Hidden)+2*kv)
		return micro*float64(j.visionTokens)*perToken*cb + micro*float64(j.imageTokens)*2*float64(t.Hidden)*cb
	}
	if j.model.Projector.Kind == "cross-attention" {
		kv := float64(t.Hidden)
		for _, l := range j.model.Linears() {
			if l.Name == "k_proj" {
				kv = float64(l.Out) // the cross-attention layers have the self-attention layers' shapes
			}
		}
		vision := micro * float64(j.visionTokens)
		return vision*float64(t.Hidden)*cb + vision*float64(j.model.Vision.CrossAttentionLayers)*2*kv*cb
	}
	return micro * float64(j.imageTokens) * 2 * float64(t.Hidden) * cb
}
