package estimate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// job is the plan resolved into the numbers the memory terms need, with every
// default applied once, so the term functions never look at plan.Value
// origins and never disagree about a default.
type job struct {
	model catalog.Model
	gpu   catalog.GPU

	world, gpusPerNode, nodes int

	load    plan.Dtype // dtype the weights are stored in on the GPU
	ownLoRA bool       // the framework's own LoRA layers, not PEFT's (ownModules)
	loaded  plan.Dtype // dtype the checkpoint is loaded in (before any upcast)
	compute plan.Dtype // dtype matmuls run in (the mixed-precision dtype, or fp32)
	quant   plan.Quant
	// doubleQuant is bnb_4bit_use_double_quant (off by default in
	// transformers' BitsAndBytesConfig).
	doubleQuant bool
	// quantExperts is set when fused expert weights are quantized too
	// (plan.QuantizeExperts).
	quantExperts bool

	micro, accum, seq int // micro batch, gradient accumulation, text tokens per sample
	imageTokens       int // LLM positions the images of one sample take
	visionTokens      int // vision-tower tokens of one sample (all images, all slices)
	visionSliceTokens int // vision-tower tokens of one slice, the length its attention is square in

	checkpointing bool
	ckptOffload   bool   // checkpointing whose layer inputs wait in host memory (use_unsloth_gc, activation offloading)
	attention     string // eager | sdpa | flash_attention_2
	kernel        kernel // what the attention implementation runs as for this job
	visionKernel  kernel // what the vision tower's attention runs as
	packed        bool   // samples fill the sequence: no padding mask
	paddingFree   bool   // a micro batch's samples are concatenated into one row
	sdpaMask      bool   // sdpa is given a 4-D mask (padding, or a padding-free row's boundaries)
	expandable    bool   // PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True: no stranded segments
	noMask        bool   // the model gets an all-ones mask although sequences are padded
	lossChunks    int    // chunks of a chunked cross-entropy; 0 for the full-logits loss
	lossKernel    string // plan.LossLiger, plan.LossCCE or "" (full logits)
	keep          int    // positions per sequence the lm_head computes (0: all)
	optimizer     string

	zero      zeroConfig
	fsdp      string // "" or the FSDP sharding strategy
	fsdpCPU   bool
	deepspeed bool // a DeepSpeed engine owns the model states

	peft   peftConfig
	freeze map[string]bool

	// linears are the model's DecoderLinears, worked out once per estimate
	// by resolve for the layer loops that read them (peft.count, weights,
	// largestTensor, adapterTensors).
	linears [][]catalog.Linear

	eval evalConfig

	cpuMemoryGiB float64

	assume func(format string, args ...any)
}

// evalConfig is the evaluation loop, when one runs during training.
type evalConfig struct {
	enabled    bool
	batch      int
	accumSteps int  // eval_accumulation_steps; 0 keeps every prediction on the GPU
	lossOnly   bool // prediction_loss_only, or logits reduced by preprocess_logits_for_metrics
}

// Hugging Face defaults the estimate falls back to when a plan leaves a value
// unset: TrainingArguments.per_device_train_batch_size and
// per_device_eval_batch_size are 8 and the optimizer is AdamW; the sequence
// length has no library default, so a common model_max_length stands in.
const (
	defaultMicroBatch = 8
	defaultEvalBatch  = 8
	defaultSeqLen     = 2048
	defaultOptimizer  = "adamw_torch"
	defaultAttention  = "sdpa"
)

// resolve checks that the plan can be estimated and fills in defaults,
// recording each default it had to assume through assume.
func resolve(p *plan.Plan, assume func(string, ...any)) (*job, error) {
	if p == nil {
		return nil, errors.New("estimate: no plan")
	}
	if !p.Model.Set {
		ref := p.ModelRef.Or("")
		if ref != "" {
			return nil, fmt.Errorf("estimate: model %q is not in the catalog and no config.json was given for it; "+
				"declare it in .trainlint.yaml (models:) or point model_name_or_path at a local directory", ref)
		}
		return nil, errors.New("estimate: the plan names no model; set model_name_or_path or declare the model in .trainlint.yaml")
	}
	if !p.Hardware.GPU.Set || p.Hardware.GPU.V.MemoryMiB <= 0 {
		return nil, errors.New("estimate: the plan declares no GPU; set hardware.gpu in .trainlint.yaml or pass --gpu (e.g. h100-80gb)")
	}
	m := normalizeModel(p.Model.V)
	t := m.Text
	if t.Hidden <= 0 || t.Layers <= 0 || t.Heads <= 0 || t.Vocab <= 0 || t.Intermediate <= 0 {
		return nil, fmt.Errorf("estimate: model %q lacks hidden size, layers, heads, intermediate size or vocabulary", m.ID)
	}
	j := &job{
		model:        m,
		gpu:          p.Hardware.GPU.V,
		world:        p.TrainingWorld(),
		gpusPerNode:  max(1, p.Hardware.GPUsPerNode.Or(1)),
		nodes:        max(1, p.Hardware.Nodes.Or(1)),
		quant:        p.Quant.Or(plan.NoQuant),
		doubleQuant:  p.DoubleQuant.Or(false),
		quantExperts: p.QuantizeExperts.Or(false),
		accum:        max(1, p.GradAccum.Or(1)),
		assume:       assume,
		freeze:       map[string]bool{},
	}
	if p.SingleDevice.Or(false) {
		// The one device is the job's whole node and cluster.
		j.gpusPerNode, j.nodes = 1, 1
	}
	if g := p.RL.PolicyGPUs; g.Set && g.V > 0 && g.V < j.world {
		// The policy trains on a group of the cluster's GPUs; the other
		// models and the engines take the rest, so its ZeRO or FSDP shards
		// over its own processes, and fewer of them share a node's host.
		j.world = g.V
		j.gpusPerNode = min(j.gpusPerNode, j.world)
	}
	for _, f := range p.Freeze.V {
		j.freeze[strings.ToLower(f)] = true
	}
	if (j.quant == plan.NF4 || j.quant == plan.FP4) && !p.DoubleQuant.Set {
		j.assume("4-bit weights carry 0.5 bit of quantization constants per parameter (no double quantization)")
	}
	j.resolveSharding(p)
	j.resolveDtypes(p)
	j.resolveBatch(p)
	j.resolveImages(p)
	j.resolveTraining(p)
	j.peft = resolvePEFT(p, m, j.assume)
	j.eval = resolveEval(p, j.assume)
	j.cpuMemoryGiB = p.Hardware.CPUMemoryGiB.Or(0)
	j.linears = j.model.DecoderLinears()
	return j, nil
}

// normalizeModel fills the values Hugging Face derives when a config leaves
// them out (kv heads = heads, head dim = hidden / heads), so a model built by
// hand in a test or a project file sizes the same as one the catalog loaded.
func normalizeModel(m catalog.Model) catalog.Model {
	t := &m.Text
	if t.KVHeads <= 0 {
		t.KVHeads = t.Heads
	}
	if t.HeadDim <= 0 && t.Heads > 0 {
		t.HeadDim = t.Hidden / t.Heads
	}
	return m
}

func (j *job) resolveDtypes(p *plan.Plan) {
	j.compute = p.Precision.Or(plan.FP32)
	if p.FP8.Or(false) {
		j.assume("fp8 training is costed as bf16 (Transformer Engine keeps 16-bit copies and fp8 casts beside them)")
	}
	switch {
	case p.LoadDtype.Set:
		j.loaded = p.LoadDtype.V
	case p.ZeRO.Enabled:
		j.loaded = j.compute
	default:
		j.loaded = plan.FP32
		j.assume("weights are loaded in fp32 (no torch_dtype given; transformers 4.x loads fp32 by default)")
	}
	j.load = j.loaded
	j.ownLoRA = ownModules(p.Launcher.V)
	switch {
	case j.deepspeed:
		// DeepSpeed casts the module to its own fp16/bf16 dtype whatever it was loaded in.
		j.load = j.compute
	case j.fsdp != "" && j.compute != plan.FP32 && !ownModules(p.Launcher.V):
		// Accelerate upcasts FSDP's parameters to fp32 when mixed precision is on ("Upcasted low
		// precision parameters ... because mixed precision turned on in FSDP"); the policy casts
		// the gathered copies back to the compute dtype.
		if j.load != plan.FP32 {
			j.assume("FSDP with %s mixed precision keeps fp32 parameters (Accelerate upcasts them)", j.compute)
		}
		j.load = plan.FP32
	case p.PEFT.KbitPrep.Or(false) && j.fsdp == "":
		// peft's prepare_model_for_kbit_training casts every fp16/bf16 parameter that is not a bitsandbytes
		// Params4bit to fp32 (src/peft/utils/other.py, huggingface/peft v0.20.0): the embeddings, norms,
		// lm_head and vision tower of a quantized model, all of an unquantized one. DeepSpeed casts them back
		// (the case above). The 16-bit precision flags then run the forward under autocast.
		if j.load != plan.FP32 {
			j.assume("prepare_model_for_kbit_training casts the %s parameters that are not quantized to fp32", j.load)
		}
		j.load = plan.FP32
	case j.load != plan.FP32:
		// A model loaded in 16 bits computes in 16 bits whatever the precision flags say.
		j.compute = j.load
	}
}

// ownModules reports the frameworks that build their own modules instead of
// going through Accelerate and PEFT, torchtune and LitGPT:
//   - their FSDP keeps parameters in the dtype the model was built in, with
//     no fp32 upcast (torchtune's training.shard_model calls fully_shard
//     without a MixedPrecisionPolicy, torchtune/training/_distributed.py,
//     pytorch/torchtune bd2a0fc; LitGPT's Fabric converts the module to a
//     "-true" precision's dtype, and its "-mixed" precisions load fp32
//     already);
//   - their LoRA layers are their own, not PEFT's (torchtune's LoRALinear,
//     torchtune/modules/peft/lora.py; LitGPT's LoRALinear, litgpt/lora.py).
func ownModules(launcher string) bool { return launcher == "torchtune" || launcher == "litgpt" }

func (j *job) resolveBatch(p *plan.Plan) {
	j.micro = p.MicroBatch.Or(0)
	if j.micro <= 0 {
		j.micro = defaultMicroBatch
		j.assume("micro batch is %d (per_device_train_batch_size default)", defaultMicroBatch)
	}
	j.seq = p.SeqLen.Or(0)
	if j.seq <= 0 {
		j.seq = defaultSeqLen
		j.assume("sequence length is %d tokens (none given)", defaultSeqLen)
	}
}

func (j *job) resolveImages(p *plan.Plan) {
	if j.model.Vision == nil {
		return
	}
	if n := p.Images.MaxSlices.Or(0); n > 0 && j.model.Slicing.Mode != "" {
		// max_slice_nums overrides the model's slice budget (MiniCPM-V's --max_slice_nums).
		j.model.Slicing.MaxSlices = n
	}
	if o := p.Images.Overview; o.Set && j.model.Slicing.Mode != "" {
		// The training script's thumbnail switch overrides the model's
		// (InternVL's use_thumbnail, which it also writes into the config).
		j.model.Slicing.Overview = o.V
	}
	if n := p.Images.SliceSize.Or(0); n > 0 && j.model.Slicing.Mode != "" {
		// The training script's tile side overrides the model's (InternVL's
		// force_image_size, to which it resizes the tower's position
		// embeddings): tokens per tile and the tower's activations follow it.
		j.model.Slicing.SliceSize = n
	}
	w, h := p.Images.Width.Or(0), p.Images.Height.Or(0)
	if w <= 0 || h <= 0 {
		side := j.model.Vision.ImageSize
		if side <= 0 {
			side = 448
		}
		w, h = side, side
		j.assume("images are %d×%d (no image size given)", w, h)
	}
	per := p.Images.PerSample.Or(1)
	if !p.Images.PerSample.Set {
		j.assume("one image per sample")
	}
	j.imageTokens = per * j.model.LLMImageTokens(w, h)
	perImage := j.model.VisionTokensPerImage(w, h)
	j.visionTokens = per * perImage
	j.visionSliceTokens = perImage / max(1, j.model.Slices(w, h))
	j.assume("image tokens (%d per sample) come on top of the %d text tokens of the sequence length", j.imageTokens, j.seq)
}

// noSDPA are the architectures transformers 5.17 builds without an sdpa
// attention path: BloomPreTrainedModel (models/bloom/modeling_bloom.py)
// does not set _supports_sdpa, so PreTrainedModel._sdpa_can_dispatch
// (modeling_utils.py) raises "does not support an attention implementation
// through torch.nn.functional.scaled_dot_product_attention" when sdpa is
// asked for, and the model is built eager when nothing is asked (both
// measured, calibrate group p11).
var noSDPA = map[string]bool{"bloom": true}

func (j *job) resolveTraining(p *plan.Plan) {
	j.checkpointing = p.GradientCheckpointing.Or(false)
	j.ckptOffload = j.checkpointing && p.CheckpointOffload.Or(false)
	j.attention = strings.ToLower(p.Attention.Or(""))
	switch {
	case noSDPA[j.model.Text.Arch] && (j.attention == "" || j.attention == "sdpa"):
		if j.attention == "sdpa" && p.Attention.From.Kind != plan.FromDefault {
			j.assume("attn_implementation sdpa is asked for, which transformers 5.17 refuses for %s (\"does not support an attention implementation through torch.nn.functional.scaled_dot_product_attention\"); estimated as eager", j.model.Text.Arch)
		} else {
			j.assume("activations assume eager attention: transformers 5.17 has no sdpa path for %s, and picks eager when no attn_implementation is given", j.model.Text.Arch)
		}
		j.attention = "eager"
	case j.attention == "":
		j.attention = defaultAttention
		j.assume("activations assume %s attention (no attn_implementation given)", defaultAttention)
	}
	j.packed = p.Packing.Or(false) || p.NoPaddingMask.Or(false)
	j.noMask = p.NoPaddingMask.Or(false)
	j.expandable = p.ExpandableSegments.Or(false)
	j.paddingFree = p.PaddingFree.Or(false)
	if p.TorchCompile.Or(false) {
		j.assume("torch.compile is not modelled: activations are counted as eager PyTorch keeps them, an upper bound (compiled runs peaked %.0f–%.0f%% lower on one H200, calibrate group p6)", 100*CompileSavingMin, 100*CompileSavingMax)
	}
	if g, ok := archGapOf(j.model.Text); ok {
		j.assume("%s's layers are modelled with the Llama-style activation set, which misses %s: a measured run (%s, one H200) peaked %.0f%% above the estimate, so \"fits\" is said only with that much room",
			j.model.Text.Arch, g.why, g.run, 100*g.low)
	}
	j.lossChunks = max(0, p.ChunkedLoss.Or(0))
	j.lossKernel = p.LossKernel.Or("")
	if k := p.RL.LogitsToKeep.Or(0); k > 0 && k < j.seq+j.imageTokens {
		j.keep = k
	}
	j.kernel = j.attentionKernel()
	j.visionKernel = j.visionKernelFor()
	j.optimizer = strings.ToLower(p.Optimizer.Or(""))
	if j.optimizer == "" {
		j.optimizer = defaultOptimizer
		j.assume("optimizer is %s (no optim given)", defaultOptimizer)
	}
}

func (j *job) resolveSharding(p *plan.Plan) {
	if p.ZeRO.Enabled {
		j.deepspeed = true
		j.zero = resolveZeRO(p.ZeRO)
	}
	if mode := strings.ToLower(p.FSDP.Mode.Or("")); mode != "" && mode != "no_shard" && !j.deepspeed {
		j.fsdp = mode
		j.fsdpCPU = p.FSDP.CPUOffload.Or(false)
	}
}

func resolveEval(p *plan.Plan, assume func(string, ...any)) evalConfig {
	e := evalConfig{enabled: p.Eval.Enabled.Or(false)}
	if !e.enabled {
		assume("no evaluation during training")
		return e
	}
	e.batch = p.Eval.BatchSize.Or(0)
	if e.batch <= 0 {
		e.batch = defaultEvalBatch
		assume("eval batch is %d (per_device_eval_batch_size default)", defaultEvalBatch)
	}
	e.accumSteps = p.Eval.AccumulationSteps.Or(0)
	e.lossOnly = p.Eval.PredictionLossOnly.Or(false) || p.Eval.HasLogitPreprocessing.Or(false)
	return e
}

// rows and rowLen are the shape of a micro batch as attention sees it:
// micro rows of one sample each, or one row of all of them when the batch
// is padding-free.
func (j *job) rows() float64 {
	if j.paddingFree {
		return 1
	}
	return float64(j.micro)
}

func (j *job) rowLen() float64 {
	return j.tokens() / j.rows()
}

// tokens is the number of LLM positions in one micro batch.
func (j *job) tokens() float64 {
	return float64(j.micro) * float64(j.seq+j.imageTokens)
}

// logitTokens is the number of positions of a micro batch the lm_head
// computes logits for.
func (j *job) logitTokens() float64 {
	if j.keep > 0 {
		return float64(j.micro) * float64(j.keep)
	}
	return j.tokens()
}

// frozen reports whether a named part of the model is frozen by the plan.
func (j *job) frozen(part string) bool { return j.freeze[part] }

// fusionLayers counts the decoder's cross-attention layers (Llama 3.2
// Vision's), 0 for other models.
func (j *job) fusionLayers() int {
	if v := j.model.Vision; v != nil && j.model.Projector != nil && j.model.Projector.Kind == "cross-attention" {
		return v.CrossAttentionLayers
	}
	return 0
}

// fusionApart reports whether decoder layer i is a cross-attention layer
// that the plan trains or freezes apart from the rest of the decoder
// (torchtune's DeepFusionModel: decoder_trainable covers the decoder but
// its fusion params, fusion_trainable those: the cross-attention layers, the
// added embedding rows and the encoder's projection head,
// torchtune/modules/model_fusion/_deep_fusion.py DeepFusionModel.__init__,
// pytorch/torchtune bd2a0fc). Mllama's cross_attention_layers are every
// k-th layer from k-2, k = num_hidden_layers / their number ([3, 8, …, 38]
// of 40 for 11B, [3, 8, …, 98] of 100 for 90B: the models' config.json).
func (j *job) fusionApart(i int) bool {
	n := j.fusionLayers()
	if n <= 0 || j.frozen("decoder") == j.frozen(partFusion) {
		return false
	}
	k := j.model.Text.Layers / n
	return k >= 2 && i%k == k-2
}

// autocast reports whether fp32 weights compute under a 16-bit autocast: the
// Trainer's bf16/fp16 flags on a model loaded in fp32, outside DeepSpeed
// (which casts the module itself) and FSDP (whose mixed-precision policy
// casts the gathered parameters).
func (j *job) autocast() bool {
	return j.load == plan.FP32 && j.compute != plan.FP32 && !j.deepspeed && j.fsdp == ""
}
