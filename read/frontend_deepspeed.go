package read

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// deepSpeedKeys are the top-level keys of a DeepSpeed config
// (deepspeed/runtime/config.py DeepSpeedConfig), by which Detect knows one.
var deepSpeedKeys = keySet(`train_batch_size train_micro_batch_size_per_gpu gradient_accumulation_steps
		zero_optimization fp16 bf16 bfloat16 optimizer scheduler steps_per_print gradient_clipping
		wall_clock_breakdown zero_allow_untested_optimizer activation_checkpointing amp prescale_gradients
		gradient_predivide_factor communication_data_type flops_profiler tensorboard wandb csv_monitor
		elasticity aio pipeline data_types checkpoint zero_force_ds_cpu_optimizer dump_state
		memory_breakdown sparse_attention compression_training data_efficiency curriculum_learning
		hybrid_engine comms_logger autotuning nebula sequence_parallel_size torch_autocast
		fp16_master_weights_and_grads seq_parallel_communication_data_type compile timers
		disable_allgather sparse_gradients train_steps zero_grad_hooks tensor_parallel`)

// deepSpeed is a DeepSpeed config (a file, or an inline deepspeed mapping),
// read once the training arguments and the world size are known: its
// defaults are DeepSpeedZeroConfig's (deepspeed/runtime/zero/config.py),
// its "auto" values are what the HF integration fills in
// (transformers integrations/deepspeed.py HfTrainerDeepSpeedConfig), and a
// plain DeepSpeed job derives its batch as the engine does
// (deepspeed/runtime/config.py _configure_train_batch_size).
var deepSpeed = frontend{
	name:  "DeepSpeed",
	reads: "DeepSpeed JSON (zero_optimization, train_micro_batch_size_per_gpu, ...) named by a Trainer, Accelerate or a deepspeed launch",
	role:  engineRole,
	config: func(p *plan.Plan, j *Job) {
		if j.DeepSpeedRoot != nil && j.DeepSpeed != nil {
			applyDeepSpeed(p, settings{file: j.DeepSpeed, root: j.DeepSpeedRoot}, j.Trainer != nil || j.Args != nil || j.Accelerate != nil)
		}
	},
}

// applyDeepSpeed reads a DeepSpeed config. Under the HF integration (hf is
// true) an explicit value never overrides the Trainer argument it mirrors
// (a disagreement is a finding, not a plan value); "auto" values are
// resolved later by resolveDeepSpeedAuto.
func applyDeepSpeed(p *plan.Plan, s settings, hf bool) {
	z := &p.ZeRO
	z.Enabled = true
	z.Stage = plan.Of(0, plan.Default("DeepSpeed zero_optimization.stage"))
	z.OverlapComm = plan.Of(false, plan.Default("DeepSpeed overlap_comm (true under ZeRO-3)"))
	z.ContiguousGradients = plan.Of(true, plan.Default("DeepSpeed contiguous_gradients"))
	z.ReduceBucketSize = plan.Of(int64(5e8), plan.Default("DeepSpeed reduce_bucket_size"))
	z.AllgatherBucketSize = plan.Of(int64(5e8), plan.Default("DeepSpeed allgather_bucket_size"))
	z.SubGroupSize = plan.Of(int64(1e9), plan.Default("DeepSpeed sub_group_size"))
	z.MaxLiveParameters = plan.Of(int64(1e9), plan.Default("DeepSpeed stage3_max_live_parameters"))
	z.MaxReuseDistance = plan.Of(int64(1e9), plan.Default("DeepSpeed stage3_max_reuse_distance"))
	z.PrefetchBucketSize = plan.Of(int64(5e7), plan.Default("DeepSpeed stage3_prefetch_bucket_size"))
	z.ParamPersistenceThreshold = plan.Of(int64(1e5), plan.Default("DeepSpeed stage3_param_persistence_threshold"))
	z.OffloadOptimizer = plan.Of(plan.OffloadNone, plan.Default("DeepSpeed offload_optimizer"))
	z.OffloadParam = plan.Of(plan.OffloadNone, plan.Default("DeepSpeed offload_param"))
	z.PinMemory = plan.Of(true, plan.Default("DeepSpeed pin_memory"))
	z.Gather16BitOnSave = plan.Of(false, plan.Default("DeepSpeed stage3_gather_16bit_weights_on_model_save"))

	if st, _ := s.integer("zero_optimization.stage"); st.Set {
		z.Stage = st
	}
	if z.Stage.V == 3 {
		z.OverlapComm = plan.Of(true, plan.Default("DeepSpeed overlap_comm under ZeRO-3"))
	}
	set(&z.OverlapComm, first(s.boolean("zero_optimization.overlap_comm")))
	set(&z.ContiguousGradients, first(s.boolean("zero_optimization.contiguous_gradients")))
	set(&z.ReduceBucketSize, first(s.int64("zero_optimization.reduce_bucket_size")))
	set(&z.AllgatherBucketSize, first(s.int64("zero_optimization.allgather_bucket_size")))
	set(&z.SubGroupSize, first(s.int64("zero_optimization.sub_group_size")))
	set(&z.MaxLiveParameters, first(s.int64("zero_optimization.stage3_max_live_parameters", "zero_optimization.max_live_parameters")))
	set(&z.MaxReuseDistance, first(s.int64("zero_optimization.stage3_max_reuse_distance", "zero_optimization.max_reuse_distance")))
	set(&z.PrefetchBucketSize, first(s.int64("zero_optimization.stage3_prefetch_bucket_size", "zero_optimization.prefetch_bucket_size")))
	set(&z.ParamPersistenceThreshold, first(s.int64("zero_optimization.stage3_param_persistence_threshold", "zero_optimization.param_persistence_threshold")))
	set(&z.Gather16BitOnSave, first(s.boolean("zero_optimization.stage3_gather_16bit_weights_on_model_save", "zero_optimization.gather_16bit_weights_on_model_save", "zero_optimization.stage3_gather_fp16_weights_on_model_save")))
	z.OffloadOptimizer = offload(s, z.OffloadOptimizer, "zero_optimization.offload_optimizer", "zero_optimization.cpu_offload")
	z.OffloadParam = offload(s, z.OffloadParam, "zero_optimization.offload_param", "zero_optimization.cpu_offload_param", "zero_optimization.cpu_offload_params")
	if v, _ := s.str("zero_optimization.offload_param.nvme_path", "zero_optimization.offload_optimizer.nvme_path"); v.Set {
		z.NVMePath = v
	}
	if v, _ := s.boolean("zero_optimization.offload_optimizer.pin_memory", "zero_optimization.offload_param.pin_memory"); v.Set {
		z.PinMemory = v
	}

	// Precision, batch and optimizer: explicit numbers count when no Trainer
	// argument already set them (a plain DeepSpeed job, or a value the
	// Trainer left at its default).
	fp16, _ := s.boolean("fp16.enabled")
	bf16, _ := s.boolean("bf16.enabled", "bfloat16.enabled")
	if p.Precision.From.Kind == plan.FromDefault || !hf {
		switch {
		case bf16.Set && bf16.V:
			p.Precision = plan.Of(plan.BF16, bf16.From)
		case fp16.Set && fp16.V:
			p.Precision = plan.Of(plan.FP16, fp16.From)
		}
	}
	if mb, _ := s.integer("train_micro_batch_size_per_gpu"); mb.Set && (!hf || p.MicroBatch.From.Kind == plan.FromDefault) {
		p.MicroBatch = mb
	}
	if ga, _ := s.integer("gradient_accumulation_steps"); ga.Set && (!hf || p.GradAccum.From.Kind == plan.FromDefault) {
		p.GradAccum = ga
	}
	if tb, _ := s.integer("train_batch_size"); tb.Set {
		p.GlobalBatch = tb
	}
	if !hf {
		deriveBatch(p, s)
	}
	if v, _ := s.str("optimizer.type"); v.Set {
		name := strings.ToLower(v.V)
		if name == "adam" || name == "adamw" {
			// DeepSpeed builds FusedAdam (DeepSpeedCPUAdam when offloading):
			// one fused kernel, no foreach temporaries.
			name = "adamw_torch_fused"
		}
		p.Optimizer = plan.Of(name, v.From)
	} else if z.OffloadOptimizer.V != plan.OffloadNone {
		p.Optimizer = plan.Of("adamw_torch_fused", plan.Derived("DeepSpeedCPUAdam runs the offloaded optimizer step on the CPU"))
	}
}

func first[T any](v plan.Value[T], _ *yaml.Node) plan.Value[T] { return v }

// offload reads an offload section (`{"device": "cpu"}`) or the legacy
// boolean key that preceded it.
func offload(s settings, def plan.Value[plan.Offload], section string, legacy ...string) plan.Value[plan.Offload] {
	if v, n := s.str(section + ".device"); v.Set && n != nil {
		switch strings.ToLower(v.V) {
		case "cpu":
			return plan.Of(plan.OffloadCPU, v.From)
		case "nvme":
			return plan.Of(plan.OffloadNVMe, v.From)
		case "none":
			return plan.Of(plan.OffloadNone, v.From)
		}
		return def
	}
	if v, _ := s.boolean(legacy...); v.Set && v.V {
		return plan.Of(plan.OffloadCPU, v.From)
	}
	return def
}

// deriveBatch applies DeepSpeed's own batch arithmetic for a plain
// DeepSpeed job: any two of train_batch_size, micro batch and accumulation
// give the third (with integer division, as DeepSpeed does).
func deriveBatch(p *plan.Plan, s settings) {
	tb, _ := s.integer("train_batch_size")
	mb, _ := s.integer("train_micro_batch_size_per_gpu")
	ga, _ := s.integer("gradient_accumulation_steps")
	world := p.World()
	switch {
	case tb.Set && mb.Set && !ga.Set && mb.V > 0 && world > 0:
		p.GradAccum = plan.Of(max(1, tb.V/mb.V/world), plan.Derived(fmt.Sprintf("train_batch_size %d // micro %d // world %d", tb.V, mb.V, world)))
	case tb.Set && ga.Set && !mb.Set && ga.V > 0 && world > 0:
		p.MicroBatch = plan.Of(max(1, tb.V/world/ga.V), plan.Derived(fmt.Sprintf("train_batch_size %d // world %d // accumulation %d", tb.V, world, ga.V)))
	case tb.Set && !mb.Set && !ga.Set && world > 0:
		p.MicroBatch = plan.Of(max(1, tb.V/world), plan.Derived(fmt.Sprintf("train_batch_size %d // world %d", tb.V, world)))
		p.GradAccum = plan.Of(1, plan.Derived("only train_batch_size given"))
	}
}

// resolveDeepSpeedAuto records, for each "auto" value of the DeepSpeed
// config, what the HF integration fills in and from where. Bucket sizes
// come from the model's hidden size (reduce_bucket_size = h², prefetch =
// 0.9·h², persistence threshold = 10·h).
func resolveDeepSpeedAuto(p *plan.Plan, j *Job) {
	if j.DeepSpeedRoot == nil || j.DeepSpeed == nil {
		return
	}
	s := settings{file: j.DeepSpeed, root: j.DeepSpeedRoot}
	autoAt := func(key string) (plan.Origin, bool) {
		k, v := document.Lookup(s.root, strings.Split(key, ".")...)
		if v == nil || !document.IsAuto(v) {
			return plan.Origin{}, false
		}
		return plan.At(s.file.Path, k.Line, k.Column, key), true
	}
	from := func(v plan.Origin) string {
		if v.Positioned() {
			return fmt.Sprintf("from %s (%s)", v.Key, v.String())
		}
		return "from " + v.String()
	}
	if o, ok := autoAt("train_micro_batch_size_per_gpu"); ok {
		p.MicroBatch = plan.Of(p.MicroBatch.V, plan.Auto(o, from(p.MicroBatch.From)))
	}
	if o, ok := autoAt("gradient_accumulation_steps"); ok {
		p.GradAccum = plan.Of(p.GradAccum.V, plan.Auto(o, from(p.GradAccum.From)))
	}
	if o, ok := autoAt("train_batch_size"); ok {
		p.GlobalBatch = plan.Of(p.MicroBatch.V*p.GradAccum.V*p.World(), plan.Auto(o, "as micro batch × gradient accumulation × world size"))
	}
	for _, key := range []string{"fp16.enabled", "bf16.enabled"} {
		if o, ok := autoAt(key); ok && p.Precision.From.Kind != plan.FromAuto {
			p.Precision = plan.Of(p.Precision.V, plan.Auto(o, from(p.Precision.From)))
		}
	}
	h := int64(0)
	if p.Model.Set {
		h = int64(p.Model.V.Text.Hidden)
	}
	for _, b := range []struct {
		key  string
		dst  *plan.Value[int64]
		size int64
		rule string
	}{
		{"zero_optimization.reduce_bucket_size", &p.ZeRO.ReduceBucketSize, h * h, "hidden_size²"},
		{"zero_optimization.stage3_prefetch_bucket_size", &p.ZeRO.PrefetchBucketSize, h * h * 9 / 10, "0.9 × hidden_size²"},
		{"zero_optimization.stage3_param_persistence_threshold", &p.ZeRO.ParamPersistenceThreshold, 10 * h, "10 × hidden_size"},
	} {
		o, ok := autoAt(b.key)
		if !ok {
			continue
		}
		if h == 0 {
			p.Assume("%s is \"auto\" but the model's hidden size is unknown; DeepSpeed's default is assumed", b.key)
			continue
		}
		*b.dst = plan.Of(b.size, plan.Auto(o, fmt.Sprintf("as %s = %d", b.rule, b.size)))
	}
}

// dsPreset is a DeepSpeed config that a framework ships with it and names
// by a word or a fixed path (ms-swift's --deepspeed zero2, axolotl's
// deepspeed_configs/zero3_bf16.json), known by the zero_optimization values
// the estimate reads. set lists the keys the file itself sets; the others
// are DeepSpeed's defaults. A ZeRO-3 preset with autoBuckets leaves
// reduce_bucket_size, stage3_prefetch_bucket_size and
// stage3_param_persistence_threshold "auto", which sizeAutoBuckets sizes
// once the model is known.
type dsPreset struct {
	stage                       int
	offOpt, offPar              plan.Offload
	pinMemory, overlapComm      bool
	contiguous, gather16        bool
	subGroup, maxLive, maxReuse int64
	reduceBucket                int64
	allgatherBucket             int64
	autoBuckets                 bool
	set                         string
}

// applyDeepSpeedPreset reads a bundled DeepSpeed config from its preset.
// Its values are Derived, not FromFile: they are in the framework's file,
// not at the word that names it, so a fix cannot edit them there.
func applyDeepSpeedPreset(p *plan.Plan, pre dsPreset, at plan.Origin, name string) {
	derived := func(what string) plan.Origin {
		o := at
		o.Kind = plan.FromDerived
		o.Note = name + ", " + what
		return o
	}
	sets := strings.Fields(pre.set)
	note := func(key string) plan.Origin {
		if key != "zero_optimization.stage" && !slices.Contains(sets, key) {
			return plan.Default("DeepSpeed " + key)
		}
		return derived(key)
	}
	z := &p.ZeRO
	z.Enabled = true
	z.Stage = plan.Of(pre.stage, note("zero_optimization.stage"))
	z.OffloadOptimizer = plan.Of(pre.offOpt, note("offload_optimizer.device"))
	z.OffloadParam = plan.Of(pre.offPar, note("offload_param.device"))
	z.PinMemory = plan.Of(pre.pinMemory, note("pin_memory"))
	z.OverlapComm = plan.Of(pre.overlapComm, note("overlap_comm"))
	z.ContiguousGradients = plan.Of(pre.contiguous, note("contiguous_gradients"))
	z.SubGroupSize = plan.Of(pre.subGroup, note("sub_group_size"))
	z.MaxLiveParameters = plan.Of(pre.maxLive, note("stage3_max_live_parameters"))
	z.MaxReuseDistance = plan.Of(pre.maxReuse, note("stage3_max_reuse_distance"))
	z.Gather16BitOnSave = plan.Of(pre.gather16, note("stage3_gather_16bit_weights_on_model_save"))
	z.ReduceBucketSize = plan.Of(pre.reduceBucket, note("reduce_bucket_size"))
	z.AllgatherBucketSize = plan.Of(pre.allgatherBucket, note("allgather_bucket_size"))
	if !pre.autoBuckets {
		return
	}
	z.ReduceBucketSize = plan.Of(pre.reduceBucket, derived("reduce_bucket_size \"auto\""))
	z.PrefetchBucketSize = plan.Of(int64(5e7), derived("stage3_prefetch_bucket_size \"auto\""))
	z.ParamPersistenceThreshold = plan.Of(int64(1e5), derived("stage3_param_persistence_threshold \"auto\""))
}

// sizeAutoBuckets sizes a bundled ZeRO-3 preset's "auto" buckets from the
// model's hidden size, as the HF integration does (transformers
// integrations/deepspeed.py HfTrainerDeepSpeedConfig.trainer_config_finalize,
// and resolveDeepSpeedAuto for a file): reduce h², prefetch 0.9·h²,
// persistence 10·h.
func sizeAutoBuckets(p *plan.Plan) {
	if !p.Model.Set || p.ZeRO.Stage.V != 3 {
		return
	}
	h := int64(p.Model.V.Text.Hidden)
	if h == 0 {
		return
	}
	o := p.ZeRO.ReduceBucketSize.From
	p.ZeRO.ReduceBucketSize = plan.Of(h*h, plan.Auto(o, "as hidden_size²"))
	p.ZeRO.PrefetchBucketSize = plan.Of(h*h*9/10, plan.Auto(o, "as 0.9 × hidden_size²"))
	p.ZeRO.ParamPersistenceThreshold = plan.Of(10*h, plan.Auto(o, "as 10 × hidden_size"))
}
