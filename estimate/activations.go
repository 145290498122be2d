package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// actDtypes are the element sizes the decoder's tensors take.
type actDtypes struct {
	residual float64 // the residual stream: fp32 when fp32 weights run under autocast or in fp32
	compute  float64 // matmul outputs: the compute dtype
	// castEach is set when 16-bit autocast runs over fp32 activations: every
	// linear casts its fp32 input to 16 bits itself, so each consumer keeps
	// its own 16-bit copy instead of all sharing one tensor.
	castEach bool
	// adapterCopy is the size of the copy of its input each LoRA adapter
	// keeps: PEFT casts the input to the adapter's fp32 dtype, and autocast
	// casts that back to 16 bits for the matmul, which keeps the 16-bit one.
	adapterCopy float64
	// bnbLoRA is set for LoRA over bitsandbytes' quantized linears under
	// autocast. PEFT's bitsandbytes layer casts the input for the adapter
	// only when autocast is off (peft 0.21 tuners/lora/bnb.py
	// Linear4bit.forward), so lora_A keeps a 16-bit input itself, one
	// tensor for all the adapters that read it, and autocast's own 16-bit
	// copy of an fp32 one.
	bnbLoRA bool
	// quantOut is the element size of what a quantized linear returns for
	// an input of the residual stream's dtype: bitsandbytes' Linear4bit
	// returns its input's dtype (matmul_4bit(...).to(inp_dtype), bitsandbytes
	// 0.50.1 nn/modules.py), so fp32 when prepare_model_for_kbit_training
	// left fp32 norms in front of it; the compute dtype otherwise.
	quantOut float64
}

func (j *job) actDtypes() actDtypes {
	d := actDtypes{compute: j.compute.Bytes(), residual: j.compute.Bytes()}
	if j.autocast() {
		d.residual = 4
		d.castEach = true
	}
	if j.peft.enabled {
		d.adapterCopy = 4
		if j.amp() {
			d.adapterCopy = 2
		}
	}
	d.quantOut = d.compute
	if bnbQuant(j.quant) {
		d.bnbLoRA = j.peft.enabled && j.amp() && !j.ownLoRA
		if d.castEach {
			d.quantOut = d.residual
		}
	}
	return d
}

// bnbQuant reports the bitsandbytes storages, whose Linear4bit and Linear8bitLt
// modules replace the decoder's linears.
func bnbQuant(q plan.Quant) bool { return q == plan.NF4 || q == plan.FP4 || q == plan.Int8 }

// amp reports whether the forward runs inside a 16-bit autocast context: the
// Trainer (through Accelerate) enables it for bf16/fp16 unless DeepSpeed owns
// the precision.
func (j *job) amp() bool {
	return j.compute != plan.FP32 && !j.deepspeed
}

// layerSaved is what one decoder layer keeps for backward, as the tensors
// autograd holds, in bytes per token (and per token per key position for the
// attention scores of the eager and math kernels). Its tensor list is in
// forward order and also holds the transients in between, which the
// allocator trace replays and the sums leave out.
type layerSaved struct {
	tensors  []actTensor
	perToken float64
	scores   float64
}

// actTensor is one activation tensor of a layer's forward.
type actTensor struct {
	name     string
	perToken float64 // bytes per token
	perKey   float64 // bytes per token per key position
	mlp      bool    // belongs to the MLP half of the layer (freed first in backward)
	// transient tensors are freed once the tensor named until exists (the
	// next kept one when until is empty); layerTemp ones once the layer's
	// forward ends; instant ones as soon as they are made (an intermediate
	// reduced at once).
	transient, layerTemp, instant bool
	until                         string
}

func (l *layerSaved) addTensor(t actTensor, n int) {
	if n <= 0 || t.perToken+t.perKey <= 0 {
		return
	}
	for range n {
		l.tensors = append(l.tensors, t)
	}
	if t.transient || t.layerTemp || t.instant {
		return
	}
	l.perToken += float64(n) * t.perToken
	l.scores += float64(n) * t.perKey
}

// decoderLayer derives the saved tensors of one Llama-style decoder layer
// (RMSNorm → q/k/v → rotary → attention → o_proj → RMSNorm → gated MLP) from
// what each autograd node keeps (see kernel for the attention variants):
//
//   - RMSNorm upcasts its input to fp32 and keeps it (4h); its weight
//     multiply keeps the normalized tensor when the weight trains; its output
//     is kept by whichever following linear needs it.
//   - A linear keeps its input only when its weight trains; a LoRA adapter
//     keeps its own copy of the input and lora_A's r-wide output.
//   - The rotary multiply keeps only cos/sin, so q and k are kept once, by the
//     attention kernel, with the output and the logsumexp; k and v keep their
//     kv-head size only under native GQA. The eager and math paths also keep
//     the softmax per head and key.
//   - The gated MLP keeps the gate output (for the activation's backward),
//     the activation and up outputs (for the product's backward) and the
//     product when down_proj needs its input; an MLP with one fused GELU or
//     ReLU keeps less (mlpActivation).
//
// LayerNorm decoders and GPT-NeoX's fused q/k/v differ as layerNorms and
// valueViewsQKV say.
func (j *job) decoderLayer(adapters []catalog.Linear) layerSaved {
	attn := j.layerSaved(adapters, false)
	if len(j.model.Text.LinearAttention.Layers) == 0 {
		return attn
	}
	// Qwen3-Next and Qwen3.5 mix Gated DeltaNet layers with attention ones. One layer stands for all: the larger
	// of the two kinds, which is exact for the one layer that checkpointing recomputes, and prices every layer
	// of the smaller kind high when nothing is checkpointed.
	j.assume("the hybrid decoder's Gated DeltaNet and attention layers are each priced as the larger of the two " +
		"(flash-linear-attention's chunked kernel; the convolution and gated norm in torch ops, as transformers 5.17 runs them without the causal-conv1d package)")
	// calibrate/README.md, group p20: the same run peaked 5.9 GiB higher in nvidia-smi on a machine whose Triton
	// cache was cold than on a warm one, with the same reserve.
	j.assume("a first run whose Triton cache is cold (a fresh machine or container) held about 6 GiB more outside " +
		"PyTorch's allocator while flash-linear-attention's kernels compiled and autotuned (measured once on an H200); " +
		"the estimate is for a warm cache")
	linear := j.layerSaved(adapters, true)
	seq := j.rowLen()
	if linear.perToken+linear.scores*seq > attn.perToken+attn.scores*seq {
		return linear
	}
	return attn
}

// layerSaved is what decoderLayer describes, for an attention layer or, with
// linear set, a Gated DeltaNet one.
func (j *job) layerSaved(adapters []catalog.Linear, linear bool) layerSaved {
	t := j.model.Text
	d := j.actDtypes()
	h := float64(t.Hidden)
	qd := float64(t.Heads * t.HeadDim)
	kvd := float64(t.KVHeads * t.HeadDim)
	vd, od := valueDims(t, j.attention)
	heads := float64(t.Heads)
	inter := mlpWidth(t)
	trains := j.layersTrain()
	gemmaNorm := gemmaNorms(t.Arch)
	loraOut := 4.0 // lora_B's output: 16 bits under autocast
	if j.amp() {
		loraOut = 2
	}
	adapted := func(names ...string) (n int, in, out float64) {
		for _, l := range adapters {
			for _, name := range names {
				if l.Name == name || l.Path == name {
					n++
					in, out = float64(l.In), float64(l.Out)
				}
			}
		}
		return n, in, out
	}

	var l layerSaved
	mlp := false
	keep := func(name string, each float64, n int) {
		l.addTensor(actTensor{name: name, perToken: each, mlp: mlp}, n)
	}
	temp := func(name string, each float64, until string) {
		l.addTensor(actTensor{name: name, perToken: each, mlp: mlp, transient: true, until: until}, 1)
	}
	instant := func(name string, each float64) {
		l.addTensor(actTensor{name: name, perToken: each, mlp: mlp, instant: true}, 1)
	}
	// adapterInputs adds what n adapters over one input of in elements of
	// inBytes each keep; kept is set when something else keeps that input.
	// With lora_dropout above 0 each adapter's nn.Dropout keeps its bool
	// mask and hands lora_A a new tensor, which lora_A keeps (or autocast's
	// 16-bit copy of it).
	drop := j.peft.dropout
	adapterInputs := func(name string, n int, in, out, inBytes float64, kept bool) {
		if d.bnbLoRA && n > 0 && inBytes < 4 && !kept && !drop {
			keep(name+" adapters' shared input", inBytes*in, 1)
		}
		for range n {
			switch {
			case d.bnbLoRA && inBytes < 4:
				if drop {
					keep(name+" dropout mask", in, 1)
					keep(name+" dropout output", inBytes*in, 1)
				}
			case d.bnbLoRA:
				if drop {
					keep(name+" dropout mask", in, 1)
					temp(name+" dropout output", 4*in, "")
				}
				keep(name+" adapter input", 2*in, 1) // autocast's 16-bit copy of the fp32 input
			default:
				if d.adapterCopy < 4 {
					temp(name+" fp32 cast", 4*in, "") // PEFT casts the input to the adapter's fp32
				}
				if drop {
					keep(name+" dropout mask", in, 1)
					if d.adapterCopy < 4 {
						temp(name+" dropout output", 4*in, "")
					}
				}
				keep(name+" adapter input", d.adapterCopy*in, 1)
			}
			temp(name+" lora_B output", loraOut*out, "")
		}
	}
	// normalizedBytes is what an RMSNorm's weight multiply keeps: Gemma's
	// multiplies in fp32 and keeps the fp32 normalized tensor, Llama's casts
	// it back to the input dtype first.
	normalizedBytes := func(input float64) float64 {
		if gemmaNorm {
			return 4
		}
		return input
	}
	// The two RMSNorms: x.float() kept, pow(2) reduced at once, the fp32
	// normalized tensor until the 16-bit output exists, and the linears'
	// inputs. A LayerNorm keeps its input, mean and rstd instead (layerNorms).
	layerNorm := layerNorms(t.Arch)
	norm := func(name string, consumers int, adapterNames ...string) {
		n, in, out := adapted(adapterNames...)
		if layerNorm {
			keep(name+" input", j.layerNormInput(d)*h, 1)
			keep(name+" mean and rstd", 8, 1)
		} else {
			keep(name+" fp32 input", 4*h, 1)
			instant(name+" squared", 4*h)
		}
		if d.residual < 4 {
			temp(name+" fp32 normalized", 4*h, name+" output")
		}
		if trains && !layerNorm {
			keep(name+" normalized", normalizedBytes(d.residual)*h, 1)
		}
		switch {
		case d.castEach && trains:
			keep(name+" 16-bit cast", 2*h, consumers)
		case trains:
			keep(name+" output", d.residual*h, 1)
		case d.residual < 4 && !(d.bnbLoRA && n > 0 && !drop):
			// Frozen linears keep nothing; the output lives until the adapters and projections have read it.
			temp(name+" output", d.residual*h, "")
		}
		adapterInputs(name, n, in, out, d.residual, trains)
	}
	if linear {
		norm("attn norm", 4, "in_proj_qkvz", "in_proj_ba", "in_proj_qkv", "in_proj_z", "in_proj_b", "in_proj_a")
		j.gatedDeltaNet(d, trains, keep, temp)
		if n, in, out := adapted("out_proj"); n > 0 {
			adapterInputs("out_proj", n, in, out, d.compute, trains)
		}
		temp("out_proj output", d.compute*h, "attention residual")
	} else {
		norm("attn norm", 3, "q_proj", "k_proj", "v_proj", "qkv_proj", "wqkv", "c_attn", "query_key_value", "W_pack",
			"q_a_proj", "kv_a_proj_with_mqa")
	}
	if !linear && t.MLA.KVLoRARank > 0 {
		// DeepSeek's latent bottlenecks: q_a_layernorm and kv_a_layernorm
		// over the low-rank projections, whose outputs q_b_proj and
		// kv_b_proj keep when they train.
		for _, r := range []struct {
			name string
			dim  float64
		}{{"q_a_layernorm", float64(t.MLA.QLoRARank)}, {"kv_a_layernorm", float64(t.MLA.KVLoRARank)}} {
			if r.dim == 0 {
				continue
			}
			keep(r.name+" fp32 input", 4*r.dim, 1)
			if trains {
				keep(r.name+" normalized", d.compute*r.dim, 1)
				keep(r.name+" output", d.compute*r.dim, 1)
			}
		}
		if n, in, out := adapted("q_b_proj", "kv_b_proj"); n > 0 {
			adapterInputs("latent", n, in, out, d.compute, trains)
		}
	}
	if !linear {
		kv, v := kvd, vd
		if j.kernel != flashKernel {
			kv, v = qd, vd*qd/max(kvd, 1)
		}
		// q and k projections live until both are rotated; v is kept as it is.
		// With a q/k norm (Qwen3, Gemma 3: per head; OLMo 2: whole projection)
		// the projections die once normalized, and the norms keep their fp32
		// inputs (and the normalized tensors when their weights train).
		switch {
		case valueViewsQKV(t.Arch):
		case t.QKNorm == "":
			temp("q projection", d.compute*qd, "k rotary")
			temp("k projection", d.compute*kvd, "k rotary")
		default:
			for _, p := range []struct {
				name string
				dim  float64
			}{{"q norm", qd}, {"k norm", kvd}} {
				if d.compute < 4 {
					temp(p.name+" projection", d.compute*p.dim, p.name+" fp32 input")
				}
				keep(p.name+" fp32 input", 4*p.dim, 1)
				instant(p.name+" squared", 4*p.dim)
				if d.compute < 4 {
					temp(p.name+" fp32 normalized", 4*p.dim, p.name+" output")
				}
				if trains {
					keep(p.name+" normalized", normalizedBytes(d.compute)*p.dim, 1)
				}
				temp(p.name+" output", d.residual*p.dim, "k rotary")
			}
		}
		if valueViewsQKV(t.Arch) {
			keep("query_key_value output", d.compute*(qd+kvd+v), 1)
		} else {
			keep("v", d.compute*v, 1)
		}
		// Rotary: x·cos, -x2 (half), cat → rotate_half, ·sin, sum (kept).
		for _, r := range []struct {
			name string
			dim  float64
		}{{"q rotary", qd}, {"k rotary", kvd}} {
			temp(r.name+" cos", d.residual*r.dim, r.name)
			instant(r.name+" half", d.compute*r.dim/2)
			temp(r.name+" rotate_half", d.compute*r.dim, r.name+" sin")
			temp(r.name+" sin", d.residual*r.dim, r.name)
			dim := r.dim
			if r.name == "k rotary" {
				dim = kv
			}
			keep(r.name, d.compute*dim, 1)
		}
		switch j.kernel {
		case eagerKernel:
			l.addTensor(actTensor{name: "scores", perKey: d.compute * heads, transient: true}, 1)
			l.addTensor(actTensor{name: "masked scores", perKey: max(d.compute, d.residual) * heads, transient: true}, 1)
			l.addTensor(actTensor{name: "softmax fp32", perKey: 4 * heads}, 1)
			if d.compute < 4 {
				l.addTensor(actTensor{name: "softmax copy", perKey: d.compute * heads}, 1)
			}
			if t.AttnSoftcap {
				// Gemma 2's eager_attention_forward caps the scores as softcap·tanh(scores/softcap) before the
				// mask (models/gemma2/modeling_gemma2.py, transformers 5.17): tanh keeps its output for backward.
				// The two calibration runs with eager attention (group p14) lacked exactly this tensor.
				l.addTensor(actTensor{name: "softcapped scores", perKey: d.compute * heads}, 1)
			}
		case mathKernel:
			l.addTensor(actTensor{name: "scores", perKey: 4 * heads, transient: true}, 1)
			l.addTensor(actTensor{name: "softmax fp32", perKey: 4 * heads}, 1)
		}
		attnKept := j.kernel == flashKernel || j.kernel == repeatedKV || trains
		if attnKept {
			// Fused kernels keep their output; eager's output is kept by o_proj only when it trains.
			keep("attention output", d.compute*od+4*heads, 1)
		}
		switch {
		case t.Arch == "doge":
			// DogeAttention's dynamic mask, dt_states expanded over the queries and repeated to every head: kept
			// as the memory-efficient kernel's additive bias under sdpa, added to the scores and dropped under
			// eager.
			l.addTensor(actTensor{name: "dynamic mask", perKey: d.compute * heads, transient: j.kernel == eagerKernel}, 1)
			if trains {
				// DogeDecoderLayer scales the residual by input_residual and post_attention_residual (hidden-wide
				// parameters): each multiply keeps the residual it scales for its weight's gradient.
				keep("input_residual operand", d.residual*h, 1)
				l.addTensor(actTensor{name: "post_attention_residual operand", perToken: d.residual * h, mlp: true}, 1)
			}
		case j.sdpaMask:
			// PyTorch turns sdpa's boolean mask into an additive bias in the
			// query's dtype (convert_boolean_attn_mask, aten/src/ATen/native/
			// transformers/attention.cpp, torch 2.11) on every call, and the
			// memory-efficient kernel keeps it for its backward: rows × len² per
			// layer. Measured on one H100: +3.6 GiB for Llama-3.2-1B and +5.5 GiB
			// for Qwen3-0.6B at batch 4 × 4,096 once 64 tokens per sample are
			// padding (testdata/calibration/measurements.jsonl, "pad64" runs).
			l.addTensor(actTensor{name: "sdpa mask bias", perKey: d.compute}, 1)
		}
		if len(t.LinearAttention.Layers) > 0 {
			// Qwen3NextAttention's output gate: q_proj's second half through a
			// sigmoid (kept for its backward) multiplies the attention output,
			// and o_proj keeps the product when it trains.
			keep("output gate", d.compute*qd, 1)
			if trains {
				keep("gated attention output", d.compute*qd, 1)
			}
		}
		if n, in, out := adapted("o_proj", "wo", "dense", "attn.c_proj"); n > 0 {
			adapterInputs("o_proj", n, in, out, d.compute, attnKept)
		}
		temp("o_proj output", d.compute*h, "attention residual")
	}
	// Seed-OSS's residual dropout (SeedOssAttention.forward and SeedOssMLP.forward, transformers
	// models/seed_oss/modeling_seed_oss.py @8652eb2, nn.functional.dropout in training): each keeps a one-byte
	// mask of the output for backward.
	residualDrop := t.ResidualDropout > 0
	if residualDrop {
		keep("attention output dropout mask", h, 1)
	}
	// Gemma 2/3 and GLM-4 normalize the attention and MLP outputs again
	// before the residual add: each such norm keeps its fp32 input too.
	postNorm := func(name string) {
		if !hasPostNorms(t.Arch) {
			return
		}
		keep(name+" fp32 input", 4*h, 1)
		instant(name+" squared", 4*h)
		if trains {
			keep(name+" normalized", normalizedBytes(d.compute)*h, 1)
		}
	}
	postNorm("post-attention norm")
	l.addTensor(actTensor{name: "attention residual", perToken: d.residual * h, layerTemp: true}, 1)
	mlp = true
	norm("mlp norm", 2, "gate_proj", "up_proj", "gate_up_proj", "w1", "w3", "mlp.w2", "dense_h_to_4h")
	// The MLP's tensors take the dtype the up (and gate) projection returns.
	mo := d.quantOut
	downKept := trains
	switch mlpActivation(t) {
	case fusedGELU:
		// One fused GELU between two linears: the GELU keeps its input (the up
		// projection's output), and the down projection its output when it trains.
		keep("up output", mo*inter, 1)
		if trains {
			keep("down_proj input", mo*inter, 1)
		} else {
			temp("gelu output", mo*inter, "")
		}
	case fusedReLU:
		// ReLU keeps its output, which is also the down projection's input.
		temp("up output", mo*inter, "relu output")
		keep("relu output", mo*inter, 1)
		downKept = true
	default:
		keep("gate/act/up", mo*inter, 3)
		if trains {
			keep("down_proj input", mo*inter, 1)
		}
	}
	if n, in, out := adapted("down_proj", "feed_forward.w2", "block_sparse_moe.experts.*.w2", "dense_4h_to_h",
		"mlp.c_proj"); n > 0 {
		adapterInputs("down_proj", n, in, out, mo, downKept)
	}
	postNorm("post-MLP norm")
	if len(adapters) > 0 {
		keep("LoRA A output", float64(j.peft.r)*loraOut, len(adapters))
	}
	switch {
	case t.Experts > 0 && denseExperts(t):
		// Llama4TextMoe repeats every token to all experts and multiplies the copy by its sigmoid score, which
		// keeps the copy (the score needs its gradient); the experts' batched matmul keeps the scaled copy when
		// their weights train.
		keep("expert routing", float64(t.Experts)*d.compute*h+4*float64(t.Experts), 1)
		if trains {
			keep("scaled expert input", float64(t.Experts)*d.compute*h, 1)
		}
	case t.Experts > 0:
		// Each routed expert gathers its tokens' hidden states; the router keeps its logits.
		keep("expert routing", float64(t.ExpertsPerToken)*d.compute*h+4*float64(t.Experts), 1)
	}
	if residualDrop {
		keep("mlp output dropout mask", h, 1)
	}
	l.addTensor(actTensor{name: "down_proj output", perToken: mo * h, layerTemp: true}, 1)
	return l
}

// gatedDeltaNet adds what one Gated DeltaNet token mixer keeps, per token,
// after its input norm: Qwen3_5GatedDeltaNet.forward (transformers 5.17
// models/qwen3_5/modeling_qwen3_5.py; Qwen3NextGatedDeltaNet's is the same
// with fused projections) with flash-linear-attention's
// chunk_gated_delta_rule, which transformers takes when fla is installed
// (use_kernel_func_from_hub_with_fallback, integrations/hub_kernels.py),
// and the depthwise convolution and gated norm in torch ops. Measured on
// the H200 with fla 0.5.2 (group p20 of testdata/calibration).
//
//   - causal_conv1d_fn without the causal-conv1d package (its torch path
//     in the same file: F.conv1d, then SiLU) keeps its input, the q/k/v
//     projection (conv_dim wide), and the convolution's output for SiLU's
//     backward; SiLU's output dies once fla has copied q, k and v. With the
//     causal-conv1d CUDA package installed the kernel recomputes that
//     output instead, so a job there needs conv_dim × 2 bytes per token and
//     layer less than priced here.
//   - ChunkGatedDeltaRuleFunction.forward (fla v0.5.2
//     fla/ops/gated_delta_rule/chunk.py) saves the l2-normalized q and k
//     (priced at the value-head count, as when the forward repeats them)
//     with their fp32 rstd, v, the fp32 chunk-local cumsum of g, beta and
//     A, the 64-wide triangular inverse per token and head in q's dtype.
//   - beta = sigmoid(b) keeps its output; g = -exp(A_log)·softplus(a.float()
//   - dt_bias) keeps softplus's fp32 input and output.
//   - Qwen3_5RMSNormGated.forward (Qwen3NextRMSNormGated alike) runs in
//     torch ops: pow and the rsqrt multiply keep the fp32 copy of its input;
//     the weight multiply keeps the 16-bit normalized tensor when the
//     weight trains; the gate's multiply keeps the weighted 16-bit product
//     and the fp32 SiLU of the gate, whose input, the gate's fp32 copy,
//     SiLU keeps. out_proj keeps the norm's output when it trains.
func (j *job) gatedDeltaNet(d actDtypes, trains bool, keep func(string, float64, int), temp func(string, float64, string)) {
	a := j.model.Text.LinearAttention
	kd, vd := float64(a.KeyHeads*a.KeyDim), float64(a.ValueHeads*a.ValueDim)
	nv := float64(a.ValueHeads)
	qk := nv * float64(a.KeyDim) // q and k repeated to the value heads
	c := d.compute
	keep("conv input", c*(2*kd+vd), 1)
	keep("conv output before SiLU", c*(2*kd+vd), 1)
	temp("conv output", c*(2*kd+vd), "delta rule q")
	keep("delta rule q", c*qk, 1)
	keep("delta rule k", c*qk, 1)
	keep("delta rule q/k rstd", 4*2*nv, 1)
	keep("delta rule v", c*vd, 1)
	keep("beta", c*nv, 1)
	keep("softplus input and output", 4*2*nv, 1)
	keep("delta rule g", 4*nv, 1)
	keep("delta rule A", c*64*nv, 1)
	keep("gated norm fp32 input", 4*vd, 1)
	keep("gated norm rstd", 4*nv, 1)
	if trains {
		keep("gated norm normalized", c*vd, 1)
	}
	keep("gated norm weighted", c*vd, 1)
	keep("gate z fp32", 4*vd, 1)
	keep("gate SiLU fp32", 4*vd, 1)
	if trains {
		keep("out_proj input", c*vd, 1)
	}
}

// eagerScoreBytes is what eager attention keeps per head and key: the fp32
// softmax, plus its copy in the 16-bit compute dtype that multiplies V.
func eagerScoreBytes(compute float64) float64 {
	if compute < 4 {
		return 4 + compute
	}
	return 4
}

// valueDims is the width of the values attention keeps and of its output.
// DeepSeek's MLA values are v_head_dim wide per head, and transformers pads
// them to the query/key head dim for flash_attention_2
// (DeepseekV3Attention.forward, transformers 5.x); every other arch uses one
// head dim throughout.
func valueDims(t catalog.TextConfig, attention string) (v, out float64) {
	if t.MLA.VHeadDim == 0 {
		return float64(t.KVHeads * t.HeadDim), float64(t.Heads * t.HeadDim)
	}
	out = float64(t.Heads * t.MLA.VHeadDim)
	if attention == "flash_attention_2" {
		return float64(t.Heads * t.HeadDim), out
	}
	return out, out
}

// gemmaNorms reports Gemma's RMSNorm, which multiplies by (1 + weight) in
// fp32 and casts afterwards (Gemma3RMSNorm, transformers 5.x
// models/gemma3/modeling_gemma3.py; Gemma and Gemma 2 alike, and the
// zero-centered norms of Qwen3-Next and Qwen3.5).
func gemmaNorms(arch string) bool {
	// Qwen3NextRMSNorm is Gemma3RMSNorm (models/qwen3_next/modular_qwen3_next.py), and Qwen3.5's subclasses it.
	return arch == "gemma" || arch == "gemma2" || arch == "gemma3_text" || arch == "qwen3_next" || arch == "qwen3_5_text"
}

// layerNorms reports a decoder whose norms are LayerNorms (nn.LayerNorm, or
// OLMo's parameter-free F.layer_norm over x.float()): aten's
// native_layer_norm keeps its input with the fp32 mean and rstd per token
// (derivatives.yaml, native_layer_norm; torch 2.11), and the affine weight
// and bias are applied inside it, so no normalized tensor is kept where
// RMSNorm's weight multiply keeps one. The archs are those catalog/layout.go
// gives LayerNorm weights and biases (LayerVectors), and OLMo.
func layerNorms(arch string) bool {
	switch arch {
	case "phimoe", "gpt_neox", "starcoder2", "bloom", "falcon", "phi", "stablelm", "gpt2", "opt", "olmo":
		return true
	}
	return false
}

// layerNormInput is the element size of the input a LayerNorm keeps:
// autocast runs layer_norm in fp32 (its fp32 cast policy,
// aten/src/ATen/autocast_mode.cpp, torch 2.11), so the fp32 copy of the
// input is kept; OLMo casts to fp32 itself (OlmoLayerNorm, transformers
// 5.17 models/olmo/modeling_olmo.py). Without autocast the input is kept as
// it is.
func (j *job) layerNormInput(d actDtypes) float64 {
	if j.amp() || j.model.Text.Arch == "olmo" {
		return 4
	}
	return d.residual
}

// valueViewsQKV reports an attention that keeps the whole fused q/k/v
// projection for backward instead of v alone. It is sized by measurement:
// the p13 Pythia runs (1.4B full, 6.9B LoRA; testdata/calibration,
// torch 2.11, transformers 5.17) hold about 2·hidden per token per layer
// more than the layer model counts without it, and within 1% with it. The
// cause is not identified. GPTNeoXAttention.forward (models/gpt_neox/
// modeling_gpt_neox.py) chunks query_key_value's output into q, k and v,
// and a view v kept by sdpa would keep the projection; but
// calibrate/probe_qkv_view.py found v already contiguous at every sdpa
// call, and a contiguous copy of it left the peak unchanged (30 950.6 MiB
// allocated both ways), so that explanation does not hold as stated.
func valueViewsQKV(arch string) bool {
	return arch == "gpt_neox"
}

// hasPostNorms reports a layer that normalizes the attention and MLP
// outputs too, on top of the two pre-norms (Gemma2DecoderLayer,
// Gemma3DecoderLayer, Glm4DecoderLayer).
func hasPostNorms(arch string) bool {
	return arch == "gemma2" || arch == "gemma3_text" || arch == "glm4"
}

// mlpKind is what a dense MLP's activation keeps for its backward.
type mlpKind int

const (
	// gatedMLP is the Llama-style act(gate)·up (SwiGLU, GeGLU), and every MLP
	// not known to be otherwise: the gate output, the activation and up
	// outputs are kept.
	gatedMLP mlpKind = iota
	// fusedGELU is up → GELU → down with GELU as one PyTorch op
	// (torch.nn.functional.gelu, exact or approximate="tanh"): GeluBackward
	// keeps only its input (derivatives.yaml, gelu: self; torch 2.11).
	fusedGELU
	// fusedReLU is up → ReLU → down: ReLU's backward keeps its result
	// (derivatives.yaml, relu: result; torch 2.11), the tensor the down
	// projection reads.
	fusedReLU
)

// mlpActivation is the MLP kind of a text arch, from the activation its
// transformers 5.17 modeling code runs for the released configs:
//   - gpt_neox: GPTNeoXMLP with hidden_act "gelu" (Pythia, GPT-NeoX-20B), ACT2FN's GELUActivation, which calls
//     nn.functional.gelu (activations.py);
//   - falcon: FalconMLP applies nn.GELU() itself (models/falcon/modeling_falcon.py);
//   - starcoder2: Starcoder2MLP with hidden_act "gelu_pytorch_tanh" (StarCoder2's configs), ACT2FN's
//     PytorchGELUTanh, nn.functional.gelu(approximate="tanh");
//   - gpt_bigcode (read with GPT-2's layout, told apart by its single key/value head under multi_query, the
//     default): GPTBigCodeMLP with activation_function "gelu_pytorch_tanh", GPTBigCodeConfig's default and
//     StarCoder's, the same PytorchGELUTanh;
//   - opt: OPTDecoderLayer with activation_function "relu", nn.ReLU.
//
// GPT-2 (gelu_new) and Phi (gelu_new) run NewGELUActivation, tanh's formula in separate Python operations, and
// BLOOM its own bloom_gelu: they keep the gated set here, which their measured runs exceed (underEstimated).
func mlpActivation(t catalog.TextConfig) mlpKind {
	switch {
	case t.Arch == "gpt_neox" || t.Arch == "falcon" || t.Arch == "starcoder2" || bigCode(t):
		return fusedGELU
	case t.Arch == "opt":
		return fusedReLU
	}
	return gatedMLP
}

// mlpGrads is how many MLP-wide gradients one layer's MLP backward holds at
// once: those of the down projection's input, the activation's and the up
// projection's outputs and the gate's for a gated MLP; of the activation's
// output and input for one activation between two linears.
func mlpGrads(t catalog.TextConfig) float64 {
	if mlpActivation(t) == gatedMLP {
		return 3
	}
	return 2
}

// bigCode reports gpt_bigcode with multi-query attention (StarCoder, SantaCoder), which the catalog reads with
// GPT-2's layout: GPT-2 itself has a key and value per head.
func bigCode(t catalog.TextConfig) bool {
	return t.Arch == "gpt2" && t.KVHeads == 1 && t.Heads > 1
}

// denseExperts reports an MoE that runs every expert on every token and
// zeroes the unrouted ones by their score: Llama4TextMoe.forward repeats the
// tokens num_local_experts times (hidden_states.repeat) and Llama4TextExperts
// runs one batched matmul over all of them (models/llama4/modeling_llama4.py,
// transformers 5.17). Calibration group p15 (Llama 4 Scout's decoder, LoRA
// without checkpointing) measured 909 KB per token and layer beyond the
// top-1 pricing, about what the 16 experts' copies add.
func denseExperts(t catalog.TextConfig) bool {
	return t.Arch == "llama4"
}

// mlpWidth is the MLP width one token passes through: the dense width, or
// the experts it is routed to plus the shared expert (all the experts where
// they run dense, see denseExperts).
func mlpWidth(t catalog.TextConfig) float64 {
	if t.Experts == 0 {
		return float64(t.Intermediate)
	}
	w := t.ExpertIntermediate
	if w == 0 {
		w = t.Intermediate
	}
	routed := float64(t.ExpertsPerToken*w + t.SharedExpertIntermediate)
	if denseExperts(t) {
		routed = float64(t.Experts*w + t.SharedExpertIntermediate)
	}
	if len(t.DenseLayers) > 0 {
		// One layer stands for all: the wider of the dense and routed MLPs.
		return max(routed, float64(t.Intermediate))
	}
	return routed
}

// layersTrain reports whether the decoder layers' own weights train: all of
// them, or (a frozen decoder with trained cross-attention layers) some,
// whose saved inputs are then counted for every layer, an upper bound.
func (j *job) layersTrain() bool {
	if j.peft.enabled || j.frozen("llm") {
		return false
	}
	return !j.frozen("decoder") || j.fusionLayers() > 0 && !j.frozen(partFusion)
}

// activations is the decoder's activation memory for one micro batch.
type activations struct {
	saved  float64 // kept from forward to backward over all layers (checkpoints included)
	layer  float64 // one layer's full saved set, recomputed in backward under checkpointing
	work   float64 // the working set of one layer's backward
	mask   float64 // the 4-D causal mask eager attention materializes
	final  float64 // final norm and lm_head input
	vision float64 // vision tower and projector
	note   string
	// visionNote says what the vision term holds.
	visionNote string
	perLayer   float64 // bytes one layer keeps for the whole micro batch
	ckptLayer  float64 // bytes one checkpoint keeps
	// layerTensors, tokens and seq let the allocator trace replay the same
	// tensors one by one.
	layerTensors []actTensor
	tokens, seq  float64
	// inputGrad is set when something before the first decoder layer trains
	// (embeddings, vision tower, projector), so layer 0 keeps its input too.
	inputGrad bool
}

// decoderActivations sums the layer model over the micro batch.
//
// Without checkpointing every layer keeps its full set. With Hugging Face's
// gradient checkpointing each decoder layer keeps only its input, and
// backward recomputes one layer at a time, so one full layer set is alive on
// top of the checkpoints while that layer's backward runs. With the
// checkpoints offloaded to host memory (ckptOffload) the GPU holds only the
// one its layer runs or recomputes.
func (j *job) decoderActivations(adapters []catalog.Linear, inputGrad, trainableTower bool, towerAdapters []catalog.Linear) activations {
	t := j.model.Text
	d := j.actDtypes()
	tokens := j.tokens()
	seq := j.rowLen()
	ls := j.decoderLayer(adapters)
	perLayer := tokens * (ls.perToken + ls.scores*seq) * activationScale
	layers := float64(t.Layers)
	a := activations{perLayer: perLayer, layer: perLayer, layerTensors: ls.tensors, tokens: tokens, seq: seq, inputGrad: inputGrad}
	h := float64(t.Hidden)
	switch {
	case j.checkpointing:
		a.ckptLayer = j.checkpointBytes()
		a.saved = layers * a.ckptLayer
		if j.ckptOffload {
			a.saved = a.ckptLayer
		}
	default:
		a.saved = layers * perLayer
		if !inputGrad {
			// The embeddings' output needs no gradient: layer 0's norm keeps no fp32 copy of it.
			a.saved -= tokens * 4 * h
		}
	}
	if t.RouterLogits && t.Experts > 0 {
		// output_router_logits: each routed layer's router logits are a
		// model output, kept until the load-balancing loss whether or not
		// the layer is checkpointed.
		routed := float64(t.Layers - len(t.DenseLayers))
		a.saved += routed * tokens * d.compute * float64(t.Experts)
	}
	a.final = tokens * 4 * h
	if j.layersTrain() && !j.frozen("lm_head") {
		a.final += tokens * (d.residual*h + d.compute*h)
	}
	switch {
	case j.kernel == eagerKernel:
		a.mask = j.rows() * seq * seq * d.residual
	case j.sdpaMask:
		a.mask = j.rows() * seq * seq // the boolean mask, one byte per query and key
	}
	a.work = j.backwardWork(seq) * tokens
	a.vision, a.visionNote = visionActivations(j, trainableTower, towerAdapters)
	a.note = fmt.Sprintf("%d layers × %s per layer (%.0f B per token)", t.Layers, gib(perLayer), ls.perToken)
	switch {
	case j.ckptOffload:
		a.note = fmt.Sprintf("%d layer checkpoints of %s in host memory, one back on the GPU + one recomputed layer of %s", t.Layers, gib(a.ckptLayer), gib(perLayer))
	case j.checkpointing:
		a.note = fmt.Sprintf("%d layer checkpoints of %s + one recomputed layer of %s", t.Layers, gib(a.ckptLayer), gib(perLayer))
	}
	return a
}

// checkpointBytes is one layer checkpoint: the layer's input, the residual
// stream of the micro batch.
func (j *job) checkpointBytes() float64 {
	return j.tokens() * j.actDtypes().residual * float64(j.model.Text.Hidden)
}

// backwardWork is the largest transient, per token, of one layer's backward:
// the gradients of the MLP's three intermediate tensors at once, or the
// attention's q/k/v gradients with flash's fp32 dq accumulator, or for eager
// the gradients of the scores (16-bit, fp32 upcast and the softmax's), plus
// two residual-stream gradients.
func (j *job) backwardWork(seq float64) float64 {
	t := j.model.Text
	d := j.actDtypes()
	qd := float64(t.Heads * t.HeadDim)
	kvd := float64(t.KVHeads * t.HeadDim)
	mlp := mlpGrads(t) * d.compute * mlpWidth(t)
	attn := d.compute*(qd+2*kvd) + 4*qd
	if j.kernel == eagerKernel || j.kernel == mathKernel {
		attn = 2*d.compute*qd*2 + (2*d.compute+4)*float64(t.Heads)*seq
	}
	return max(mlp, attn)*backwardWorkScale + 2*d.residual*float64(t.Hidden)
}

// kernel is how attention runs, which decides what it keeps.
type kernel int

const (
	// flashKernel is a fused kernel (sdpa's flash or memory-efficient backend,
	// flash_attention_2) over k and v of kv-head size: no scores kept.
	flashKernel kernel = iota
	// repeatedKV is a fused kernel over k and v repeated to all heads: what
	// transformers' sdpa path does when a padding mask is passed, since
	// PyTorch's native GQA needs no mask.
	repeatedKV
	// mathKernel is sdpa's math fallback: PyTorch has no fused fp32 kernel
	// for grouped-query attention, so fp32 GQA materializes the fp32 softmax
	// per head and key over k and v repeated to all heads.
	mathKernel
	// eagerKernel is transformers' eager attention: repeated k and v, the
	// fp32 softmax and its copy in the compute dtype.
	eagerKernel
)

// attentionKernel picks the kernel. Padding is assumed unless the plan packs
// samples or passes no padding mask, because padded batches are the
// Trainer's usual input and cost more under sdpa.
func (j *job) attentionKernel() kernel {
	t := j.model.Text
	gqa := t.KVHeads < t.Heads
	if t.Arch == "doge" {
		// DogeModel builds the causal mask with allow_is_causal_skip=False and DogeAttention adds its dynamic
		// mask to it, repeated to every head, in every layer (transformers 5.x models/doge/modeling_doge.py
		// @00ca1ab, DogeAttention.forward and prepare_dynamic_mask); DogePreTrainedModel sets
		// _supports_flash_attn = False, so the choice is sdpa or eager.
		j.sdpaMask = true
		if j.attention == "eager" {
			return eagerKernel
		}
		j.assume("Doge hands sdpa its dynamic mask (batch × %d heads × seq² in the compute dtype) in every layer, "+
			"which the memory-efficient kernel keeps for backward", t.Heads)
		if gqa {
			return repeatedKV
		}
		return flashKernel
	}
	switch j.attention {
	case "eager":
		return eagerKernel
	case "flash_attention_2", "flash_attention_3", "kernels-community/flash-attn":
		return flashKernel
	}
	if t.Arch == "gpt_oss" {
		// GptOssPreTrainedModel sets _supports_sdpa = False (transformers
		// 5.x models/gpt_oss/modeling_gpt_oss.py): its attention sinks need
		// eager attention or a flash kernel that takes them.
		j.assume("gpt-oss has no sdpa attention; it runs eager attention, which keeps the softmax per head and key")
		return eagerKernel
	}
	if (!j.packed || j.paddingFree) && !j.noMask {
		// transformers passes sdpa no mask only when the batch has no
		// padding and no packed boundaries (sdpa_mask's is_causal skip and
		// find_packed_sequence_indices, masking_utils.py, transformers
		// 5.17); with a mask, PyTorch's native grouped-query attention does
		// not apply (use_gqa_in_sdpa, integrations/sdpa_attention.py), so k
		// and v are repeated to all heads.
		j.sdpaMask = true
		if j.paddingFree {
			j.assume("the padding-free row of %d tokens reaches sdpa with a block-diagonal mask that PyTorch keeps as a %s additive bias in every layer", int(j.tokens()), gib(j.tokens()*j.tokens()*2))
		} else {
			j.assume("batches are padded (no packing), so sdpa gets a padding mask that PyTorch keeps as an additive bias in every layer (batch × seq²)")
		}
		if gqa {
			j.assume("with a mask, sdpa repeats k and v to all %d heads", t.Heads)
			return repeatedKV
		}
		return flashKernel
	}
	if gqa && j.compute == plan.FP32 {
		j.assume("fp32 grouped-query attention runs sdpa's math kernel, which keeps the softmax per head and key")
		return mathKernel
	}
	return flashKernel
}
