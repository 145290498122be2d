package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
)

// zeroConfig is DeepSpeed's zero_optimization with the code defaults applied
// (deepspeed/runtime/zero/config.py, DeepSpeedZeroConfig, at DeepSpeed
// edaa7221, 0.19.6.dev after v0.19.5; the same values since 0.10). Sizes are
// element counts.
type zeroConfig struct {
	stage            int
	offloadOptimizer bool
	offloadParam     bool
	nvme             bool // offloaded state goes to NVMe: host RAM holds only staging buffers
	reduceBucket     int64
	overlapComm      bool
	contiguousGrads  bool
	subGroup         int64
	maxLive          int64
	prefetch         int64
	persistence      int64
}

// DeepSpeed's code defaults; the Hugging Face integration replaces "auto"
// bucket sizes with hidden², 0.9·hidden² and 10·hidden before the reader
// hands them over, so an unset value here is a DeepSpeed default.
const (
	// reduce_bucket_size (DeepSpeedZeroConfig); allgather_bucket_size allocates nothing (zeroStates).
	dsBucketDefault      = 5e8
	dsSubGroupDefault    = 1e9
	dsMaxLiveDefault     = 1e9
	dsPrefetchDefault    = 5e7
	dsPersistenceDefault = 1e5
	// dsAdditionalBufferFactor is the factor DeepSpeed's estimators put on
	// host memory for pinned and temporary buffers.
	dsAdditionalBufferFactor = 1.5
	// dsNVMeBuffers is offload_param's buffer_count × buffer_size default (5 × 1e8 elements).
	dsNVMeBuffers = 5 * 1e8
)

func resolveZeRO(z plan.ZeRO) zeroConfig {
	c := zeroConfig{
		stage:            z.Stage.Or(0),
		offloadOptimizer: z.OffloadOptimizer.Or(plan.OffloadNone) != plan.OffloadNone,
		offloadParam:     z.OffloadParam.Or(plan.OffloadNone) != plan.OffloadNone,
		reduceBucket:     z.ReduceBucketSize.Or(dsBucketDefault),
		contiguousGrads:  z.ContiguousGradients.Or(true),
		subGroup:         z.SubGroupSize.Or(dsSubGroupDefault),
		maxLive:          z.MaxLiveParameters.Or(dsMaxLiveDefault),
		prefetch:         z.PrefetchBucketSize.Or(dsPrefetchDefault),
		persistence:      z.ParamPersistenceThreshold.Or(dsPersistenceDefault),
		nvme:             z.OffloadOptimizer.Or(plan.OffloadNone) == plan.OffloadNVMe || z.OffloadParam.Or(plan.OffloadNone) == plan.OffloadNVMe,
	}
	// overlap_comm's default depends on the stage: true at stage 3, false
	// below (DeepSpeedZeroConfig.overlap_comm_valid).
	c.overlapComm = z.OverlapComm.Or(c.stage == 3)
	if c.stage < 3 {
		// Parameter offload is a stage-3 feature; DeepSpeed ignores it below.
		c.offloadParam = false
	}
	return c
}

// states is the per-GPU memory of weights, gradients and optimizer, split by
// when each part is alive.
type states struct {
	weights   component // resident parameters
	grads     component // gradients at the end of backward
	optimizer component // optimizer state (and fp32 master copies under DeepSpeed)
	stepTemp  component // allocated only during the optimizer step
	// gathered is parameters materialized for compute (ZeRO-3 gathers,
	// FSDP unsharded units), alive in forward and backward but not at the step.
	gathered component
	// gradBuffers are reduction buffers alive during backward (and the step
	// for ZeRO-1/2's contiguous IPG buffer).
	gradBuffers component
	// buffersPersist is set when the gradient buffers outlive backward:
	// DDP's buckets and DeepSpeed's contiguous IPG buffers stay allocated,
	// FSDP's unsharded gradients do not.
	buffersPersist bool
	// buffersAtLoss is set when transient gradient buffers already exist
	// while the loss's backward runs (ZeRO-2 allocates them as backward
	// starts, before the first gradient).
	buffersAtLoss bool
	// accumGrads is the part of grads alive through forward when gradients
	// accumulate over several micro batches.
	accumGrads float64
	// lmHeadGrad is the first gradient backward allocates.
	lmHeadGrad float64
	// tiedAccum is the end-of-backward transient of tied embeddings: the
	// embedding's own gradient arrives after lm_head's, and AccumulateGrad
	// adds the two out of place, so two more V×h gradients exist at once.
	tiedAccum float64
}

// component is a memory term with its explanation.
type component struct {
	bytes float64
	note  string
}

// zeroStates splits model states the way DeepSpeed's engine holds them with
// bf16/fp16: 16-bit parameters (partitioned at stage 3), 16-bit gradients
// (partitioned from stage 2), fp32 master weights and the optimizer's fp32
// states partitioned from stage 1; offloaded parts live in host RAM. The
// fp32 gradients exist only during the step: the 16-bit gradient partition
// is flattened and upcast (per sub-group at stage 3) and dropped after it;
// DeepSpeed's estimator (ModelStates) counts them for the whole run. On top:
// the contiguous-gradient IPG buffers (doubled by overlap_comm at stages
// 1–2) and ZeRO-3's gathered parameters (the largest layer gathered with its
// gradient, the prefetch bucket, small persisted parameters).
//
// The code each term follows is DeepSpeed edaa7221 (0.19.6.dev, after
// v0.19.5), deepspeed/runtime/zero/; the function is named beside the term.
func zeroStates(j *job, inv inventory, opt optimizerSpec) states {
	z := j.zero
	n := float64(j.world)
	p := float64(inv.total())
	pt := float64(inv.trainable())
	pb := j.compute.Bytes() // DeepSpeed's module dtype
	s := states{buffersPersist: true}

	optPerParam := dsOptimizerBytes(opt, inv)
	fp32Part := (4 + optPerParam) * pt // fp32 master weights + optimizer state
	if pb == 4 {
		fp32Part = optPerParam * pt // fp32 training keeps no separate master copy
	}

	paramShard := 1.0
	if z.stage >= 3 {
		paramShard = n
	}
	gradShard := 1.0
	if z.stage >= 2 {
		gradShard = n
	}
	optShard := 1.0
	if z.stage >= 1 {
		optShard = n
	}

	switch q := inv.quantizedParams(); {
	case z.offloadParam:
		s.weights.note = "16-bit parameters offloaded to host memory"
	case q > 0:
		// DeepSpeed casts the module to its 16-bit dtype; bitsandbytes'
		// packed uint8 weights are not floating point and keep their size.
		s.weights = component{(pb*(p-float64(q)) + float64(q)*quantBytes(inv.quant, inv.doubleQuant)) / paramShard,
			fmt.Sprintf("%s params × %.0f B, of which %s %s / %.0f GPUs", count(inv.total()), pb, count(q), inv.quant, paramShard)}
	default:
		s.weights = component{pb * p / paramShard, fmt.Sprintf("%s params × %.0f B / %.0f GPUs", count(inv.total()), pb, paramShard)}
	}
	if !z.offloadOptimizer {
		s.grads = component{pb * pt / gradShard, fmt.Sprintf("%s trainable × %.0f B / %.0f GPUs", count(inv.trainable()), pb, gradShard)}
		s.optimizer = component{fp32Part / optShard,
			fmt.Sprintf("fp32 master + %.0f B state per trainable param / %.0f GPUs", optPerParam, optShard)}
	} else {
		s.optimizer.note = "optimizer state and fp32 master weights offloaded to host memory"
	}
	if j.accum > 1 {
		s.accumGrads = s.grads.bytes
	}

	bucket := func(elems int64) float64 { return float64(elems) * pb }
	switch {
	case z.stage == 1 || z.stage == 2:
		// stage_1_and_2.py setup_buckets: one reduce_bucket_size buffer in
		// the module dtype with contiguous_gradients, a second one with
		// overlap_comm.
		ipg := 0.0
		if z.contiguousGrads {
			ipg = bucket(z.reduceBucket)
			if z.overlapComm {
				ipg *= 2
			}
		}
		note := fmt.Sprintf("IPG buffer: reduce_bucket_size %s × %.0f B", count(z.reduceBucket), pb)
		if z.overlapComm {
			note += " × 2 (overlap_comm)"
		}
		s.gradBuffers = component{ipg, note}
		// Stage 2 frees them when backward ends: DeepSpeedZeroOptimizer.
		// independent_gradient_partition_epilogue calls _release_ipg_buffers
		// (stage_1_and_2.py, v0.14.2 and edaa7221), and the next backward
		// allocates them again (DeepSpeedZeroOptimizer.backward at v0.14.2,
		// setup_buckets at the first gradient hook at edaa7221).
		s.buffersPersist = z.stage != 2
		s.buffersAtLoss = z.stage == 2
		// The post-step broadcast of the updated 16-bit partitions
		// (utils.py all_gather_dp_groups) gathers in place into the flat
		// parameter buffer through all_gather_into_tensor, which every
		// supported torch has: allgather_bucket_size allocates nothing.
		if !z.offloadOptimizer {
			// stage_1_and_2.py step: the gradient partition flattened (a
			// 16-bit copy) and upcast to fp32 for the optimizer. Before it,
			// scaled_global_norm → get_grad_norm_direct takes each gradient
			// piece of the partition to float64 one at a time; whichever is
			// larger is the step's transient.
			//
			// Issue #16: the MiniCPM-V ZeRO-2 table (OpenBMB/MiniCPM-V
			// f592fed, finetune/readme.md; full fine-tune 75.0 GiB on 4 and
			// 51.2 GiB on 8 A100s) grows by about 25 B per trainable
			// parameter over the GPUs, where this step holds 20 (16-bit
			// gradient partition 2, the flat copy 2, its fp32 upcast 4,
			// master 4, AdamW 8), and its constant part is ~8 GiB above this
			// model's. Read for it, at v0.14.2 and edaa7221, and found to
			// allocate nothing more per parameter: __init__ (flatten on the
			// CPU, the master's 16-bit clone, initialize_optimizer_states),
			// reduce_independent_p_g_buckets_and_remove_grads,
			// copy_grads_in_partition, average_tensor, the epilogue, step
			// (bf16 skips check_overflow), get_grad_norm_direct,
			// all_gather_dp_groups; engine._configure_basic_optimizer gives
			// "AdamW" FusedAdam, whose state is two fp32 tensors. The
			// blocks __init__ leaves cached (zeroInit in trace_step.go) add
			// 2.7 and 2.3 GiB of reserve on 4 and 8 GPUs; the rest of the
			// gap (about 16 and 11 GiB) is unexplained.
			part := pt / n
			flat := (pb + 4) * part
			norm := 8 * min(float64(largestTensor(j)), part)
			s.stepTemp = component{max(flat, norm),
				fmt.Sprintf("the gradient partition flattened and upcast to fp32: (%.0f + 4) B × partition", pb)}
			if norm > flat {
				s.stepTemp.note = "the gradient norm's float64 copy of the largest gradient piece in the partition"
			}
		}
	case z.stage >= 3:
		// The live set of gathered parameters: DeepSpeed's own estimator
		// (stage3.py estimate_zero3_model_states_mem_needs) allows 4 B per
		// parameter of the largest layer (its 16-bit copy and gradient); the
		// prefetch bucket (partitioned_param_coordinator.py
		// PartitionedParameterCoordinator.fetch_sub_module) runs ahead of it,
		// and stage3_max_live_parameters caps what stays gathered.
		ll := float64(j.model.LargestLayerParams())
		persisted := 0.0
		if t := j.model.Text; int64(t.Hidden) < z.persistence {
			// RMSNorm weights under the persistence threshold stay whole on every GPU.
			persisted = bucket(int64(t.Hidden)) * float64(2*t.Layers+1)
		}
		live := min(4*ll+bucket(z.prefetch), max(4*ll, bucket(z.maxLive))) + persisted
		s.gathered = component{live, fmt.Sprintf("4 × largest layer (%s) + prefetch bucket %s, capped by stage3_max_live_parameters",
			count(int64(ll)), count(z.prefetch))}
		// stage3.py: one ipg bucket buffer of reduce_bucket_size per
		// communication dtype (overlap_comm adds a stream, not a buffer).
		s.gradBuffers = component{bucket(z.reduceBucket), fmt.Sprintf("reduce_bucket_size %s × %.0f B", count(z.reduceBucket), pb)}
		if !z.offloadOptimizer {
			// stage3.py step: each sub-group's gradient flattened and upcast
			// to fp32 (_prepare_fp32_grad_for_sub_group), one at a time.
			sub := min(float64(z.subGroup), pt/n)
			s.stepTemp = component{(pb + 4) * sub,
				fmt.Sprintf("sub-group flatten: (%.0f + 4) B × min(sub_group_size %s, partition)", pb, count(z.subGroup))}
		}
	}
	// Autograd hands ZeRO's gradient hook each parameter's whole 16-bit
	// gradient; the hook copies it into the reduce bucket, or reduces it from
	// param.grad itself when it outgrows the bucket, and only then frees it
	// (DeepSpeed edaa7221, 0.19.6.dev after v0.19.5: stage3.py
	// create_reduce_and_remove_grad_hooks and __add_grad_to_ipg_bucket;
	// stage_1_and_2.py reduce_independent_p_g_buckets_and_remove_grads). So
	// lm_head's gradient, the first and largest of backward, is whole on
	// every GPU at every stage, offload or not, when lm_head trains.
	for _, g := range inv.groups {
		if g.trainable && (g.part == partLMHead || (g.part == partEmbeddings && j.model.Text.TiedEmbeddings)) {
			s.lmHeadGrad = pb * float64(j.lmHeadParams())
		}
	}
	return s
}

func factoredRowsCols(inv inventory) int64 {
	var n int64
	for _, g := range inv.groups {
		if g.trainable {
			n += g.rowsCols
		}
	}
	return n
}

// dsOptimizerBytes is the optimizer state per trainable parameter DeepSpeed
// keeps beside its fp32 master weights: AdamW's two fp32 states (8 B), or
// the optimizer's own.
func dsOptimizerBytes(opt optimizerSpec, inv inventory) float64 {
	switch opt.kind {
	case adam8bit:
		return 2
	case adam4bit, oneState8bit:
		return 1
	case oneState:
		return 4
	case stateless:
		return 0
	case factored:
		return 4 * float64(factoredRowsCols(inv)) / float64(max(inv.trainable(), 1))
	}
	return 8
}

// largestTensor is the largest single parameter tensor of the language
// model: lm_head or the embedding (vocab × hidden), else the widest linear or
// a fused experts tensor.
func largestTensor(j *job) int64 {
	t := j.model.Text
	largest := int64(t.Vocab) * int64(t.Hidden)
	seen := map[bool]bool{} // one layer of each kind, dense and mixture of experts
	for i := range t.Layers {
		if seen[t.DenseLayer(i)] {
			continue
		}
		seen[t.DenseLayer(i)] = true
		for _, l := range j.linears[i] {
			largest = max(largest, l.Gathered())
		}
	}
	return largest
}
