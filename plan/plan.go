// Package plan defines the one normalized training plan every reader produces
// and the estimator, rules and fix search consume. It knows nothing of file
// formats: each field carries the Origin it came from instead.
package plan

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/catalog"
)

// OriginKind says what kind of source set a value.
type OriginKind int

// The kinds of origin, from most to least specific.
const (
	FromDefault OriginKind = iota // a library default (HF Trainer, DeepSpeed, trainlint)
	FromFile                      // written in a training config at File:Line:Column
	FromProject                   // declared in .trainlint.yaml
	FromFlag                      // given on the command line
	FromAuto                      // an "auto" value resolved the way the HF integration does
	FromDerived                   // computed from other values (e.g. DeepSpeed's batch arithmetic)
	FromCatalog                   // taken from the model or GPU catalog
)

// Origin records where a value came from.
type Origin struct {
	Kind   OriginKind
	File   string
	Line   int
	Column int
	Key    string // the key as written, e.g. "zero_optimization.stage" or "--per_device_train_batch_size"
	Note   string // how it was resolved, e.g. "from per_device_train_batch_size"
}

// At returns the origin of a value written in a file.
func At(file string, line, col int, key string) Origin {
	return Origin{Kind: FromFile, File: file, Line: line, Column: col, Key: key}
}

// Default returns the origin of a library default; note names whose default.
func Default(note string) Origin { return Origin{Kind: FromDefault, Note: note} }

// Declared returns the origin of a value declared in the project file.
func Declared(file, key string) Origin {
	return Origin{Kind: FromProject, File: file, Key: key}
}

// Flag returns the origin of a command-line flag.
func Flag(name string) Origin { return Origin{Kind: FromFlag, Key: "--" + name} }

// Auto returns the origin of an "auto" value resolved from another one.
func Auto(at Origin, note string) Origin {
	at.Kind = FromAuto
	at.Note = note
	return at
}

// Derived returns the origin of a computed value.
func Derived(note string) Origin { return Origin{Kind: FromDerived, Note: note} }

// Positioned reports whether the origin points into a file.
func (o Origin) Positioned() bool { return o.File != "" && o.Line > 0 }

func (o Origin) String() string {
	loc := ""
	if o.Positioned() {
		loc = fmt.Sprintf("%s:%d:%d", o.File, o.Line, o.Column)
	}
	switch o.Kind {
	case FromFile:
		return loc
	case FromProject:
		return "declared in " + o.File + " (" + o.Key + ")"
	case FromFlag:
		return "flag " + o.Key
	case FromAuto:
		return fmt.Sprintf("\"auto\" at %s, resolved %s", loc, o.Note)
	case FromDerived:
		return "derived: " + o.Note
	case FromCatalog:
		return "catalog: " + o.Note
	}
	return "default: " + o.Note
}

// Value is a setting with its origin. Set is false when nothing gave it a
// value (V is then the zero value, or a default the reader filled in with a
// FromDefault origin and Set true).
type Value[T any] struct {
	V    T
	Set  bool
	From Origin
}

// Of returns a set value.
func Of[T any](v T, from Origin) Value[T] { return Value[T]{V: v, Set: true, From: from} }

// Or returns the value, or def when it is not set.
func (v Value[T]) Or(def T) T {
	if v.Set {
		return v.V
	}
	return def
}

// Dtype is a tensor storage type.
type Dtype string

// The dtypes weights can be loaded in.
const (
	FP32 Dtype = "fp32"
	BF16 Dtype = "bf16"
	FP16 Dtype = "fp16"
)

// Bytes is the size of one element.
func (d Dtype) Bytes() float64 {
	if d == FP32 {
		return 4
	}
	return 2
}

// Quant is the quantization of frozen base weights.
type Quant string

// The quantizations bitsandbytes offers, and MXFP4, the format gpt-oss checkpoints store their experts in.
const (
	NoQuant Quant = ""
	Int8    Quant = "int8"
	NF4     Quant = "nf4"
	FP4     Quant = "fp4"
	MXFP4   Quant = "mxfp4"
)

// Offload is where DeepSpeed keeps offloaded tensors.
type Offload string

// The offload devices.
const (
	OffloadNone Offload = "none"
	OffloadCPU  Offload = "cpu"
	OffloadNVMe Offload = "nvme"
)

// Hardware is the declared machine.
type Hardware struct {
	GPU          Value[catalog.GPU]
	GPUsPerNode  Value[int]
	Nodes        Value[int]
	CPUMemoryGiB Value[float64] // host RAM per node
}

// World is the number of GPUs over all nodes (the data-parallel world).
func (h Hardware) World() int {
	return max(1, h.GPUsPerNode.Or(1)) * max(1, h.Nodes.Or(1))
}

// ZeRO is DeepSpeed's zero_optimization section (element counts, not bytes).
type ZeRO struct {
	Enabled                   bool // a DeepSpeed config is in use
	Stage                     Value[int]
	OffloadOptimizer          Value[Offload]
	OffloadParam              Value[Offload]
	NVMePath                  Value[string]
	PinMemory                 Value[bool]
	ReduceBucketSize          Value[int64]
	AllgatherBucketSize       Value[int64]
	OverlapComm               Value[bool]
	ContiguousGradients       Value[bool]
	SubGroupSize              Value[int64]
	MaxLiveParameters         Value[int64]
	MaxReuseDistance          Value[int64]
	PrefetchBucketSize        Value[int64]
	ParamPersistenceThreshold Value[int64]
	Gather16BitOnSave         Value[bool]
}

// FSDP is PyTorch FSDP as configured through the Trainer or Accelerate.
type FSDP struct {
	Mode       Value[string] // "" | full_shard | shard_grad_op | hybrid_shard | no_shard
	CPUOffload Value[bool]
}

// PEFT describes adapter training.
type PEFT struct {
	Method        Value[string] // none | lora | qlora
	R             Value[int]
	Alpha         Value[int]
	TargetModules Value[[]string] // module names; "all-linear" allowed
	TargetRegex   Value[string]   // a regex over module names (MiniCPM-V's lora_target_modules)
	ModulesToSave Value[[]string] // trained in full beside the adapters
	// KbitPrep is set when the framework runs PEFT's
	// prepare_model_for_kbit_training on the loaded model: every 16-bit
	// parameter bitsandbytes did not quantize becomes fp32.
	KbitPrep Value[bool]
	// Dropout is lora_dropout: above 0 every adapter runs nn.Dropout over
	// its own input.
	Dropout Value[float64]
}

// Images describes the images of one sample of a vision-language job.
type Images struct {
	Width     Value[int]
	Height    Value[int]
	PerSample Value[int]
	MaxSlices Value[int]
	// Overview says whether the whole image, downscaled, is encoded as one
	// more slice when the image is cut (InternVL's use_thumbnail); unset
	// leaves the model's own slicing to decide.
	Overview Value[bool]
	// SliceSize is the side in pixels of one slice the vision tower
	// encodes when the training script forces it (InternVL's
	// force_image_size); unset keeps the model's.
	SliceSize Value[int]
}

// Rollout is the generation engine of an RL job (verl's rollout, OpenRLHF's
// vLLM engines), which shares or takes GPUs next to the trained model.
type Rollout struct {
	Engine         Value[string] // vllm | sglang | hf
	TensorParallel Value[int]    // GPUs one engine spans
	// Engines is the number of engines when the job's config fixes it
	// (SkyRL generator.inference_engine.num_engines, OpenRLHF
	// --vllm_num_engines); unset when the framework tiles the GPUs with
	// them.
	Engines              Value[int]
	GPUMemoryUtilization Value[float64]
	// SameGPUs is true when every GPU of the job runs a share of the
	// engines (verl's hybrid engine), so TensorParallel must divide them.
	SameGPUs bool
	// Sleeps is true when a colocated engine frees its weights and KV cache
	// while the policy trains (verl rollout.free_cache_engine, OpenRLHF
	// --vllm_enable_sleep, NeMo-RL's colocated vLLM).
	Sleeps Value[bool]
	// UtilizationOfFree is true when GPUMemoryUtilization is the share of
	// the memory still free once the models are loaded that the engine's
	// KV cache takes (verl ≤ v0.2's vLLM 0.5.4/0.6.3 workers, SGLang's
	// mem_fraction_static), not the share of the whole card the engine
	// holds (vLLM ≥ 0.7).
	UtilizationOfFree Value[bool]
}

// Eval holds the evaluation settings that affect memory.
type Eval struct {
	Enabled               Value[bool]
	BatchSize             Value[int]
	AccumulationSteps     Value[int]
	PredictionLossOnly    Value[bool]
	HasLogitPreprocessing Value[bool]
}

// RecipeMiniCPMV is OpenBMB's MiniCPM-V finetune/finetune.py: its own
// tune_vision/tune_llm defaults, and LoRA that also trains the embeddings and
// the resampler (and the vision tower with tune_vision) in full.
const RecipeMiniCPMV = "minicpm-v"

// RecipeSkyRL and RecipeOat are the RL frameworks whose launch arguments
// are their own (SkyRL's Hydra overrides, oat's tyro flags), which the
// rules and the fix search name by the plan's Recipe.
const (
	RecipeSkyRL = "skyrl"
	RecipeOat   = "oat"
)

// RecipeVerl and RecipeOpenRLHF are the RL frameworks whose launch
// arguments are their own (verl's and EasyR1's Hydra overrides, OpenRLHF's
// argparse flags): a fix writes a setting there only in the framework's
// own key, and is not offered for a setting it has none for.
const (
	RecipeVerl     = "verl"
	RecipeOpenRLHF = "openrlhf"
)

// The loss kernels LossKernel names.
const (
	LossLiger = "liger"
	LossCCE   = "cce"
	// LossLogProb is an RL policy loss that takes the sampled tokens'
	// log-probabilities from compute-dtype logits with flash-attn's
	// cross-entropy, which writes the logits' gradient in place (verl);
	// LossLogProbEntropy adds the entropy bonus computed from a softmax of
	// the whole logits.
	LossLogProb        = "logprob"
	LossLogProbEntropy = "logprob+entropy"
	// LossSelective is TRL's selective_log_softmax on 16-bit logits: a
	// log-softmax per sequence in the logits' dtype, kept for backward.
	LossSelective = "selective-log-softmax"
)

// Plan is one training job, normalized.
type Plan struct {
	Name  string   // the job's primary file
	Files []string // every file that contributed

	ModelRef Value[string] // the name or path given for the model
	Model    Value[catalog.Model]
	// ModelGuess is set when Model was guessed from the family and size
	// words of a name no catalog entry matches (/model/yahma_llama_7b): it
	// says so, and a verdict that rests on it is a warning, not an error.
	ModelGuess string
	// Unread notes values a config writes that could not be read (a
	// shell variable the launch is given at run time, like DeepSpeed-Chat's
	// --zero_stage $ZERO_STAGE), each with what was assumed instead: a
	// verdict that rests on them is a warning, not an error.
	Unread []string

	LoadDtype Value[Dtype]
	Quant     Value[Quant]
	// DoubleQuant is bitsandbytes' bnb_4bit_use_double_quant: the 4-bit
	// blocks' fp32 scales are themselves quantized to 8 bits.
	DoubleQuant Value[bool]
	// QuantizeExperts is set when a mixture-of-experts model's fused expert
	// weights (transformers 5's 3-D parameters, which bitsandbytes leaves
	// alone) are quantized too: axolotl's quantize_moe_experts.
	QuantizeExperts Value[bool]
	Precision       Value[Dtype] // mixed precision compute dtype; FP32 when neither fp16 nor bf16
	TF32            Value[bool]
	FP8             Value[bool]

	MicroBatch  Value[int]
	GradAccum   Value[int]
	GlobalBatch Value[int] // DeepSpeed's train_batch_size when written
	SeqLen      Value[int]
	// SeqLenIs says what SeqLen stands for: the configs' cap every batch
	// is counted at, or the data's longest sample (training.seq_len_max).
	SeqLenIs string
	// PadToMax is pad_to_max_length: every batch is padded to the cap.
	PadToMax Value[bool]
	Packing  Value[bool]
	// PaddingFree is set when a micro batch's sequences are concatenated
	// without padding (verl use_remove_padding, EasyR1 and ms-swift
	// padding_free): its memory follows the tokens the data holds, which
	// the cap only bounds, so an estimate at the cap is a worst case.
	PaddingFree Value[bool]
	// TorchCompile is set when the model runs under torch.compile
	// (TrainingArguments.torch_compile, axolotl torch_compile, torchtune
	// compile): the estimate counts eager PyTorch's saved tensors, which
	// bounds a compiled run's peak from above.
	TorchCompile Value[bool]
	// NoPaddingMask is set when the model is given an all-ones attention
	// mask (or none) although its sequences are right-padded, so
	// transformers drops the mask and sdpa runs causal, keeping grouped
	// k and v as they are (NeMo-RL's DTensor policy worker).
	NoPaddingMask Value[bool]
	// ExpandableSegments is set when the framework runs its training
	// processes with PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True, so
	// the caching allocator strands no whole segments.
	ExpandableSegments Value[bool]
	// PadToLongest is set when batches are padded to their longest sample
	// and the cap only truncates (LLaVA's, qwen-vl-finetune's and
	// LLaMA-Factory's collators, InternVL's with group_by_length, NeMo-RL's
	// batches without sequence packing): its memory follows the longest
	// sample the data holds, so an estimate at the cap is a worst case.
	PadToLongest Value[bool]
	// DeepSpeedPin is the DeepSpeed release the job's repository pins
	// (deepspeed==X in a requirements.txt, setup.py or pyproject.toml in a
	// folder above its DeepSpeed config, up to the repository root); unset
	// when none pins one.
	DeepSpeedPin Value[string]
	// LossKernel is a loss that never holds the whole b×s×V logits tensor:
	// LossLiger (Liger's fused linear cross-entropy) or LossCCE (Cut
	// Cross-Entropy); unset for transformers' lm_head then cross_entropy.
	LossKernel Value[string]

	Hardware Hardware
	// SingleDevice is set when the program trains on one GPU whatever the
	// launch starts (olmocr's train.py moves the model to cuda and wraps it
	// in no DistributedDataParallel): the estimate counts a world of one,
	// with no DDP buckets and no NCCL buffers.
	SingleDevice Value[bool]
	// Processes is the world size the launcher starts (num_processes,
	// --num_gpus, --nproc_per_node × nnodes); compared with the declared one.
	Processes Value[int]

	ZeRO ZeRO
	FSDP FSDP

	Optimizer             Value[string] // HF optim names: adamw_torch, adamw_torch_fused, adafactor, sgd, adamw_bnb_8bit, paged_adamw_8bit, ...
	GradientCheckpointing Value[bool]
	// CheckpointOffload is set when the checkpointed layers' inputs are
	// copied to host memory in forward and back to the GPU when backward
	// recomputes the layer (LLaMA-Factory use_unsloth_gc, axolotl
	// activation_offloading, torchtune enable_activation_offloading): with
	// gradient checkpointing, the GPU then holds no stack of checkpoints.
	CheckpointOffload Value[bool]
	Attention         Value[string] // eager | sdpa | flash_attention_2
	UseCache          Value[bool]
	// ChunkedLoss is the number of token chunks a chunked cross-entropy
	// (torchtune's LinearCrossEntropyLoss) computes the logits in; 0 or
	// unset for a loss over the full logits.
	ChunkedLoss Value[int]

	PEFT PEFT
	// Freeze names the frozen parts: vision | llm | embeddings | resampler |
	// projector, or for a deep-fusion model (Llama 3.2 Vision) decoder (the
	// decoder but its cross-attention layers) | fusion (those layers and the
	// projector).
	Freeze Value[[]string]
	Images Images
	Eval   Eval
	// Rollout is set for RL jobs only.
	Rollout Rollout
	// RL is what an RL or preference job holds and generates beyond the
	// policy; the zero value for supervised fine-tuning.
	RL RL

	// Launcher is how the job starts: "hf-trainer", "accelerate",
	// "deepspeed" (a plain DeepSpeed engine, no HF integration) or "".
	Launcher Value[string]
	// Recipe names the fine-tune script whose own rules decide what trains
	// (RecipeMiniCPMV), or "" for the frameworks' general behaviour.
	Recipe Value[string]

	// NotTraining is set when the job evaluates, serves, converts or
	// prepares data instead of training ("evaluation: `python -m
	// llava.eval.model_vqa_loader`"): it takes no optimizer step, so it is
	// not checked for training memory.
	NotTraining Value[string]
	// OwnLoop is set when the launched program runs its own training loop
	// (accelerator.backward in a script of the repository) instead of the
	// Hugging Face Trainer, whose argument checks then do not apply.
	OwnLoop Value[string]

	// Assumptions lists what trainlint had to assume, in words.
	Assumptions []string
	// MemoryGaps lists why memory cannot be estimated for the job; empty
	// when it can. The reader records a missing or unreadable model or GPU
	// here instead of failing, so the job's other checks still run and the
	// memory-not-checked rule says what was skipped.
	MemoryGaps []MemoryGap
}

// MemoryGap is one reason memory is not estimated, with what would close it.
type MemoryGap struct {
	Kind   string // the cause in a few words, the same for every job it stops: "model unknown"
	What   string // the cause for this job: "model `acme/X` unknown"
	Detail string // why, in full
	Fix    string // the line to add to .trainlint.yaml, or the flag to pass
	At     Origin // where the cause is written, when not at the model's key
}

// Gap records a reason memory is not estimated.
func (p *Plan) Gap(g MemoryGap) { p.MemoryGaps = append(p.MemoryGaps, g) }

// Assume records an assumption once.
func (p *Plan) Assume(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for _, a := range p.Assumptions {
		if a == s {
			return
		}
	}
	p.Assumptions = append(p.Assumptions, s)
}

// World is the data-parallel world size.
func (p *Plan) World() int { return p.Hardware.World() }

// TrainingWorld is the number of GPUs the training step runs on: one for a
// program that trains on a single device (SingleDevice) whatever the
// hardware, else World.
func (p *Plan) TrainingWorld() int {
	if p.SingleDevice.Or(false) {
		return 1
	}
	return p.World()
}

// Frozen reports whether a part of the model is frozen.
func (p *Plan) Frozen(part string) bool {
	for _, f := range p.Freeze.V {
		if strings.EqualFold(f, part) {
			return true
		}
	}
	return false
}

// UsesPEFT reports whether adapters are trained instead of the full model.
func (p *Plan) UsesPEFT() bool {
	m := p.PEFT.Method.V
	return m == "lora" || m == "qlora"
}

// Clone returns a deep-enough copy for the fix search to change fields
// without touching the original.
func (p *Plan) Clone() *Plan {
	c := *p
	c.Files = append([]string(nil), p.Files...)
	c.Assumptions = append([]string(nil), p.Assumptions...)
	c.MemoryGaps = append([]MemoryGap(nil), p.MemoryGaps...)
	c.Freeze.V = append([]string(nil), p.Freeze.V...)
	c.PEFT.TargetModules.V = append([]string(nil), p.PEFT.TargetModules.V...)
	c.PEFT.ModulesToSave.V = append([]string(nil), p.PEFT.ModulesToSave.V...)
	c.RL.Companions = append([]Companion(nil), p.RL.Companions...)
	return &c
}
