package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
)

// The parts of a model a plan can freeze, save or shard separately.
const (
	partEmbeddings = "embeddings"
	partLayers     = "layers"
	partNorm       = "norm"
	partLMHead     = "lm_head"
	partVision     = "vision"
	partProjector  = "projector"
	// partFusion is the cross-attention layers of a deep-fusion decoder
	// (Llama 3.2 Vision), kept apart from the other layers only when the
	// plan trains one and freezes the other (torchtune's
	// decoder_trainable/fusion_trainable).
	partFusion   = "fusion"
	partAdapters = "lora"
)

// paramGroup is a set of parameters that share storage dtype, trainability
// and quantization.
type paramGroup struct {
	part      string
	count     int64   // parameters
	linear    int64   // of which nn.Linear weights and biases: what autocast casts to 16 bits per use
	quantized int64   // of which stored quantized (Linear weights of the decoder layers under bitsandbytes)
	dtype     float64 // bytes per element of the stored, unquantized parameters
	trainable bool
	copied    bool // a PEFT modules_to_save copy beside the frozen original
	// rowsCols is, for Adafactor, the factored second-moment size: rows +
	// columns of each matrix plus the full size of each vector.
	rowsCols int64
}

// bytes is the group's weight memory.
func (g paramGroup) bytes(q plan.Quant, double bool) float64 {
	return float64(g.count-g.quantized)*g.dtype + float64(g.quantized)*quantBytes(q, double)
}

// Bytes per parameter of bitsandbytes storage: NF4/FP4 is 4 bits plus one
// fp32 absmax per block of 64 (0.5 bit) without double quantization, 0.127
// bit with it (QLoRA paper, §3); LLM.int8 stores one byte (row scales are
// negligible).
const (
	bnb4BitBytes       = (4 + 32.0/64) / 8
	bnb4BitDoubleBytes = (4 + 8.0/64 + 32.0/(64*256)) / 8
	bnb8BitBytes       = 1
	// mxfp4Bytes is OCP MXFP4 as gpt-oss stores its experts: 4-bit E2M1 values with one 8-bit E8M0 scale per
	// block of 32 (transformers integrations/mxfp4.py keeps *_blocks and *_scales tensors), 4.25 bits.
	mxfp4Bytes = (4 + 8.0/32) / 8
)

// quantBytes is the storage of one quantized weight; double is
// bnb_4bit_use_double_quant, off by default in transformers'
// BitsAndBytesConfig (the larger size).
func quantBytes(q plan.Quant, double bool) float64 {
	switch q {
	case plan.NF4, plan.FP4:
		if double {
			return bnb4BitDoubleBytes
		}
		return bnb4BitBytes
	case plan.Int8:
		return bnb8BitBytes
	case plan.MXFP4:
		return mxfp4Bytes
	}
	return 0
}

// inventory is every parameter of the job, grouped.
type inventory struct {
	groups []paramGroup
	quant  plan.Quant
	// doubleQuant is bnb_4bit_use_double_quant.
	doubleQuant bool
	adapters    adapterCount
	// largestTrainable is the largest single trainable tensor, which per-tensor
	// optimizers (Adafactor) upcast to fp32 at the step, and largestDtype its
	// element size.
	largestTrainable int64
	largestDtype     float64
}

// buildInventory splits the model into groups. Full fine-tuning trains
// everything the plan does not freeze; PEFT freezes the base model and trains
// the adapters (fp32, PEFT's autocast_adapter_dtype default) and full copies
// of modules_to_save. Quantization applies to the decoder's Linear weights
// only (see quantizedLinear): embeddings, norms, lm_head, the vision tower and
// biases stay 16-bit. Layers are summed one by one, as a mixture-of-experts
// model may keep dense MLPs in some of them.
func buildInventory(j *job) inventory {
	m := j.model
	t := m.Text
	parts := m.Params()
	dt := j.load.Bytes()
	full := !j.peft.enabled
	h, v := int64(t.Hidden), int64(t.Vocab)

	// layer sums the decoder layers; fusion the cross-attention layers
	// when they are kept apart.
	type sums struct{ count, linear, weights, rowsCols, quantized int64 }
	var layer, fusion sums
	for i := range t.Layers {
		s := &layer
		if j.fusionApart(i) {
			s = &fusion
			s.count += m.LayerParams(i)
		}
		for _, l := range j.linears[i] {
			c := int64(max(l.Count, 1))
			s.linear += l.Params()
			s.weights += int64(l.In) * int64(l.Out) * c
			s.rowsCols += int64(l.In+l.Out) * c
			if quantizedLinear(l, j.quant, j.quantExperts) {
				s.quantized += int64(l.In) * int64(l.Out) * c
			}
		}
	}
	for _, a := range m.Assumptions {
		j.assume("%s", a)
	}
	if j.quant == plan.MXFP4 {
		// transformers 5.x integrations/mxfp4.py: Mxfp4Config(dequantize=True), the usual fine-tuning setting,
		// or a GPU without the triton MXFP4 kernels loads them in bf16 instead.
		j.assume("the MXFP4 experts stay quantized (%s); dequantized to bf16 they take %s more",
			gib(float64(layer.quantized+fusion.quantized)*mxfp4Bytes), gib(float64(layer.quantized+fusion.quantized)*(2-mxfp4Bytes)))
	}
	llm := full && !j.frozen("llm") && !j.frozen("decoder")
	fusionTrains := full && !j.frozen("llm") && !j.frozen(partFusion)
	inv := inventory{quant: j.quant, doubleQuant: j.doubleQuant}
	add := func(g paramGroup) {
		if g.count > 0 {
			inv.groups = append(inv.groups, g)
		}
	}
	add(paramGroup{part: partEmbeddings, count: parts.Embeddings, dtype: dt, rowsCols: v + h,
		trainable: llm && !j.frozen(partEmbeddings)})
	layer.count = parts.Layers - fusion.count
	add(paramGroup{part: partLayers, count: layer.count, linear: layer.linear, quantized: layer.quantized, dtype: dt,
		rowsCols: layer.rowsCols + layer.count - layer.weights, trainable: llm})
	add(paramGroup{part: partFusion, count: fusion.count, linear: fusion.linear, quantized: fusion.quantized, dtype: dt,
		rowsCols: fusion.rowsCols + fusion.count - fusion.weights, trainable: fusionTrains})
	add(paramGroup{part: partNorm, count: parts.Norm, dtype: dt, rowsCols: parts.Norm, trainable: llm})
	add(paramGroup{part: partLMHead, count: parts.LMHead, linear: parts.LMHead, dtype: dt, rowsCols: v + h,
		trainable: llm && !j.frozen(partLMHead)})
	if m.Vision != nil {
		vis := *m.Vision
		add(paramGroup{part: partVision, count: parts.Vision, linear: visionLinearParams(vis), dtype: dt,
			rowsCols: 2 * parts.Vision / int64(max(vis.Hidden, 1)), trainable: full && !j.frozen(partVision)})
		add(paramGroup{part: partProjector, count: parts.Projector, linear: parts.Projector, dtype: dt,
			rowsCols:  2 * parts.Projector / h,
			trainable: full && !j.frozen("resampler") && !j.frozen(partProjector) && !(j.fusionLayers() > 0 && j.frozen(partFusion))})
	}
	if j.peft.enabled {
		inv.adapters = j.peft.count(m, j.linears)
		add(paramGroup{part: partAdapters, count: inv.adapters.params, linear: inv.adapters.params, dtype: 4,
			rowsCols: inv.adapters.params / int64(max(j.peft.r, 1)), trainable: true})
		for _, s := range j.peft.save {
			for _, g := range inv.groups {
				if g.part == s || (s == partLMHead && g.part == partEmbeddings && t.TiedEmbeddings) {
					add(paramGroup{part: s, count: g.count, linear: g.linear, dtype: dt, rowsCols: g.rowsCols,
						trainable: true, copied: true})
					break
				}
			}
		}
	}
	for _, g := range inv.groups {
		if !g.trainable {
			continue
		}
		largest := min(g.count, v*h)
		switch g.part {
		case partEmbeddings, partLMHead:
			largest = v * h
		case partLayers, partFusion:
			largest = 0
			for _, l := range m.Linears() {
				w := int64(l.In) * int64(l.Out)
				if l.Fused {
					w *= int64(max(l.Count, 1)) // one tensor holds every expert
				}
				largest = max(largest, w)
			}
		}
		if largest > inv.largestTrainable {
			inv.largestTrainable, inv.largestDtype = largest, g.dtype
		}
	}
	return inv
}

// total counts every parameter once (modules_to_save copies included, as
// PEFT keeps both).
func (inv inventory) total() int64 {
	var n int64
	for _, g := range inv.groups {
		n += g.count
	}
	return n
}

// quantizedParams counts the parameters stored quantized.
func (inv inventory) quantizedParams() int64 {
	var n int64
	for _, g := range inv.groups {
		n += g.quantized
	}
	return n
}

// trainable counts the parameters that get gradients and optimizer state.
func (inv inventory) trainable() int64 {
	var n int64
	for _, g := range inv.groups {
		if g.trainable {
			n += g.count
		}
	}
	return n
}

// weightBytes is every parameter's storage.
func (inv inventory) weightBytes() float64 {
	var b float64
	for _, g := range inv.groups {
		b += g.bytes(inv.quant, inv.doubleQuant)
	}
	return b
}

// gradBytes is one gradient per trainable parameter in its own dtype, as
// PyTorch allocates .grad.
func (inv inventory) gradBytes() float64 {
	var b float64
	for _, g := range inv.groups {
		if g.trainable {
			b += float64(g.count) * g.dtype
		}
	}
	return b
}

// linearBytes16 is the 16-bit size of the fp32 Linear weights of the
// trainable or frozen groups: what autocast's casts allocate.
func (inv inventory) linearBytes16(trainable bool) float64 {
	var n int64
	for _, g := range inv.groups {
		if g.trainable == trainable && g.dtype == 4 && g.quantized == 0 {
			n += g.linear
		}
	}
	return 2 * float64(n)
}

// lmHeadParams is the output projection's size (tied or not).
func (j *job) lmHeadParams() int64 {
	return int64(j.model.Text.Vocab) * int64(j.model.Text.Hidden)
}

func (inv inventory) weightsNote() string {
	s := ""
	for _, g := range inv.groups {
		if s != "" {
			s += ", "
		}
		state := "frozen"
		if g.trainable {
			state = "trained"
		}
		s += fmt.Sprintf("%s %s %s", g.part, count(g.count), state)
		if g.quantized > 0 {
			s += fmt.Sprintf(" (%s %s)", count(g.quantized), inv.quant)
		}
	}
	return s
}

// count prints a parameter count the way model cards do.
func count(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2fB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fK", float64(n)/1e3)
	}
	return fmt.Sprintf("%d", n)
}

// gib prints bytes in GiB.
func gib(b float64) string { return fmt.Sprintf("%.2f GiB", b/GiB) }
