package estimate

import (
	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// paramTensor is one parameter tensor as PyTorch stores it.
type paramTensor struct {
	elems     int64
	bytes     float64 // storage (quantized where bitsandbytes stores it)
	dtype     float64 // bytes per element of its gradient and optimizer state
	trainable bool
	// decay is set for weights, which the Trainer puts in the weight-decay
	// group the optimizer steps first; biases and norms go in the second.
	decay  bool
	layer  int    // decoder layer, -1 outside the decoder layers
	vlayer int    // vision-tower layer, -1 outside them
	part   string // the inventory part it belongs to
}

// paramTensors lists the model's parameters in named_parameters order
// (vision tower, projector, embeddings, decoder layers, final norm, lm_head,
// then PEFT's adapters, which are created after the model is on the GPU),
// with the trainability and dtypes of the inventory.
func paramTensors(j *job, inv inventory) []paramTensor {
	trains := map[string]bool{}
	for _, g := range inv.groups {
		if !g.copied {
			trains[g.part] = g.trainable
		}
	}
	dt := j.load.Bytes()
	var out []paramTensor
	vlayer := -1
	add := func(part string, elems int64, decay bool, layer int, quantized bool) {
		b := float64(elems) * dt
		if quantized {
			b = float64(elems) * quantBytes(j.quant, j.doubleQuant)
		}
		out = append(out, paramTensor{elems: elems, bytes: b, dtype: dt, trainable: trains[part], decay: decay,
			layer: layer, vlayer: vlayer, part: part})
	}
	m := j.model
	if v := m.Vision; v != nil {
		h := int64(v.Hidden)
		add(partVision, int64(v.PatchSize)*int64(v.PatchSize)*3*h, true, -1, false)
		linears := visionLinears(*v)
		for i := range v.Layers {
			vlayer = i
			for _, l := range linears {
				add(partVision, int64(l.In)*int64(l.Out), true, -1, false)
				add(partVision, int64(l.Out), false, -1, false)
			}
			for range 4 { // two LayerNorms, weight and bias
				add(partVision, h, false, -1, false)
			}
		}
		vlayer = -1
		if rest := inv.partCount(partVision) - sumElems(out); rest > 0 {
			add(partVision, rest, true, -1, false) // position embeddings, final norm, head
		}
		add(partProjector, inv.partCount(partProjector), true, -1, false)
	}
	t := m.Text
	add(partEmbeddings, inv.partCount(partEmbeddings), true, -1, false)
	for i := range t.Layers {
		part := partLayers
		if j.fusionApart(i) {
			part = partFusion
		}
		for _, l := range j.linears[i] {
			add(part, int64(l.In)*int64(l.Out)*int64(max(l.Count, 1)), true, i, quantizedLinear(l, j.quant, j.quantExperts))
			if l.Bias {
				add(part, int64(l.Out)*int64(max(l.Count, 1)), false, i, false)
			}
		}
		for _, v := range m.LayerVectors(i) {
			add(part, int64(v.Size), false, i, false)
		}
	}
	add(partNorm, inv.partCount(partNorm), false, -1, false)
	if !t.TiedEmbeddings || t.LMHeadBias {
		add(partLMHead, inv.partCount(partLMHead), true, -1, false)
	}
	for _, g := range inv.groups {
		if g.part != partAdapters && !g.copied {
			continue
		}
		if g.part == partAdapters {
			out = append(out, adapterTensors(j, m)...)
			continue
		}
		out = append(out, paramTensor{elems: g.count, bytes: float64(g.count) * g.dtype, dtype: g.dtype, trainable: true, decay: true,
			layer: -1, vlayer: -1, part: g.part})
	}
	return out
}

// adapterTensors lists lora_A and lora_B of every adapted module, fp32.
func adapterTensors(j *job, m catalog.Model) []paramTensor {
	var out []paramTensor
	r := int64(j.peft.r)
	ab := func(in, outDim, count int64, layer int) {
		out = append(out,
			paramTensor{elems: r * in * count, bytes: 4 * float64(r*in*count), dtype: 4, trainable: true, decay: true,
				layer: layer, vlayer: -1, part: partAdapters},
			paramTensor{elems: r * outDim * count, bytes: 4 * float64(r*outDim*count), dtype: 4, trainable: true, decay: true,
				layer: layer, vlayer: -1, part: partAdapters})
	}
	if v := m.Vision; v != nil {
		linears := visionLinears(*v)
		for i := range v.Layers {
			for _, l := range linears {
				if j.peft.adapts(l, i, true) {
					ab(int64(l.In), int64(l.Out), 1, -1)
				}
			}
		}
	}
	for i := range m.Text.Layers {
		// Per layer: a hybrid decoder's Gated DeltaNet and attention layers, and an MoE's dense and routed
		// layers, hold different linears.
		for _, l := range j.linears[i] {
			if j.peft.adapts(l, i, false) {
				ab(int64(l.In), int64(l.Out), int64(max(l.Count, 1)), i)
			}
		}
	}
	return out
}

// quantizedLinear reports whether a decoder weight is stored quantized: bitsandbytes replaces nn.Linear modules
// only (transformers integrations/bitsandbytes.py replace_with_bnb_linear), so it leaves fused expert tensors and
// bare router weights in 16 bits; an MXFP4 checkpoint quantizes exactly the routed experts' fused tensors
// (gpt-oss's quantization_config modules_to_not_convert keeps attention, router, embeddings and lm_head).
func quantizedLinear(l catalog.Linear, q plan.Quant, experts bool) bool {
	switch q {
	case plan.NoQuant:
		return false
	case plan.MXFP4:
		return l.Fused && l.Count > 1
	}
	if l.Fused && l.Count > 1 {
		return experts // fused experts: quantized only when asked (plan.QuantizeExperts)
	}
	return !l.Fused
}

func sumElems(ts []paramTensor) int64 {
	var n int64
	for _, t := range ts {
		n += t.elems
	}
	return n
}

// partCount is the parameter count of one part (originals, not PEFT copies).
func (inv inventory) partCount(part string) int64 {
	for _, g := range inv.groups {
		if g.part == part && !g.copied {
			return g.count
		}
	}
	return 0
}
