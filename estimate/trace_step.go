package estimate

// step is the optimizer step and zero_grad: the optimizer state appears on
// the first step, parameter by parameter in optimizer-group order (weights
// first, then biases and norms), then the step's temporaries come and go,
// then the gradients are freed.
func (t *tracer) step() {
	j := t.j
	switch {
	case j.deepspeed:
		t.zeroStep()
	case j.fsdp != "":
		if !j.fsdpCPU {
			// use_orig_params: the optimizer steps each parameter's view into
			// its unit's shard, so state and temporaries are per parameter.
			t.paramStep(t.shards())
		}
	default:
		t.paramStep(1)
	}
	t.states = true
	t.free(t.grads...)
	t.grads = t.grads[:0]
}

// paramStep steps the trainable parameters (each 1/shards of its size) in
// the Trainer's optimizer groups: weights with decay first, then biases and
// norms, each group's state created on the first step and its temporaries
// allocated at once.
func (t *tracer) paramStep(shards float64) {
	for _, decay := range [2]bool{true, false} {
		group := t.group[:0]
		for _, p := range t.params {
			if p.trainable && p.decay == decay {
				group = append(group, p)
			}
		}
		t.group = group
		for _, p := range group {
			t.stateTensors(float64(p.elems)*p.dtype/shards, float64(p.elems)/shards)
		}
		t.foreachTemps(func(f func(bytes, elems float64)) {
			for _, p := range group {
				f(float64(p.elems)*p.dtype/shards, float64(p.elems)/shards)
			}
		})
	}
}

// stateTensors allocates the optimizer state of one tensor (of the given
// bytes and elements) on the first step.
func (t *tracer) stateTensors(bytes, elems float64) {
	if t.states {
		return
	}
	switch t.opt.kind {
	case adamForeach, adamFused:
		t.alloc(bytes)
		t.alloc(bytes)
	case adamFP32States:
		t.alloc(4 * elems)
		t.alloc(4 * elems)
	case adam8bit:
		t.alloc(elems)
		t.alloc(elems)
	case adam4bit:
		t.alloc(elems)
	case oneState:
		t.alloc(bytes)
	case oneState8bit:
		t.alloc(elems)
	}
}

// foreachTemps allocates the step's temporaries: foreach AdamW's sqrt(v) for
// a whole group at once, or Adafactor's fp32 copies tensor by tensor.
func (t *tracer) foreachTemps(each func(f func(bytes, elems float64))) {
	switch t.opt.kind {
	case adamForeach:
		var tmp []int
		each(func(b, _ float64) { tmp = append(tmp, t.alloc(b*foreachTempFactor)) })
		t.free(tmp...)
	case factored:
		prev := noBlock // the previous tensor's update stays bound until the next one is computed
		each(func(bytes, elems float64) {
			// transformers' Adafactor.step for one tensor: fp32 views of the
			// gradient and parameter (copies when they are 16-bit), grad²+eps,
			// the factored update that replaces it, -update for the add.
			var up []int
			if bytes/elems < 4 {
				up = []int{t.alloc(4 * elems), t.alloc(4 * elems)}
			}
			sq := t.alloc(4 * elems)
			upd := t.alloc(4 * elems)
			t.free(sq, prev)
			approx := t.alloc(4 * elems)
			t.free(upd)
			neg := t.alloc(4 * elems)
			t.free(neg)
			t.free(up...)
			prev = approx
		})
		t.free(prev)
	}
}

// maxSubGroupSteps bounds the sub-groups zeroStep replays one by one.
const maxSubGroupSteps = 256

// zeroStep is DeepSpeed's step: the fp32 gradient partition (per sub-group
// at stage 3), the optimizer state over the fp32 master partition on the
// first step, the updated partition's all-gather (stages 1–2); ZeRO-2 with
// its own gradient layout steps as zeroStage2Step does.
func (t *tracer) zeroStep() {
	z := t.j.zero
	if z.offloadOptimizer {
		return
	}
	part := float64(t.inv.trainable()) / float64(t.j.world)
	if t.zeroGrads() {
		t.zeroStage2Step(part)
		return
	}
	sub := part
	if z.stage >= 3 {
		sub = min(part, float64(z.subGroup))
	}
	if sub <= 0 {
		// sub_group_size 0 makes every parameter tensor its own sub-group:
		// the largest flatten is the largest tensor's partition.
		sub = min(part, float64(t.j.model.LargestLayerParams())/float64(t.j.world))
	}
	// The optimizer states are allocated in at most maxSubGroupSteps
	// slices, so a tiny sub_group_size cannot make the replay loop for
	// ever; the flatten buffer keeps the sub-group's own size.
	chunk := max(sub, part/maxSubGroupSteps)
	for done := 0.0; done < part; done += chunk {
		n := min(chunk, part-done)
		flat := t.alloc((t.j.compute.Bytes() + 4) * min(sub, n))
		if !t.states {
			per := dsOptimizerBytes(t.opt, t.inv) / 2
			t.alloc(per * n)
			t.alloc(per * n)
		}
		t.free(flat)
	}
	// The post-step all-gather of ZeRO-1/2 runs in place
	// (all_gather_into_tensor, see zeroStates): no bucket to replay.
}

// zeroGrads reports whether the trace follows ZeRO-2's own gradient and
// optimizer-state layout (zeroInit, zeroGrad, zeroIPG, zeroStage2Step):
// stage 2 with its 16-bit module, the optimizer on the GPU and
// contiguous_gradients. The allocation order below is read from DeepSpeed
// v0.14.2 (the release of May 2024) and edaa7221 (0.19.6.dev after v0.19.5),
// deepspeed/runtime/zero/stage_1_and_2.py, DeepSpeedZeroOptimizer; both
// versions allocate the same tensors in the same order.
func (t *tracer) zeroGrads() bool {
	z := t.j.zero
	return t.j.deepspeed && z.stage == 2 && !z.offloadOptimizer && z.contiguousGrads && t.j.compute.Bytes() < 4
}

// zeroInit is DeepSpeedZeroOptimizer.__init__ before the first forward: the
// fp32 master partition is a 16-bit clone of the local partition upcast with
// float(), the clone dropped; initialize_optimizer_states then hangs an fp32
// zero gradient on the master partition, runs one optimizer step to create
// the state (exp_avg, exp_avg_sq for Adam) and drops the gradient. The two
// dropped tensors stay cached in segments of their own.
func (t *tracer) zeroInit() {
	part := float64(t.inv.trainable()) / t.shards()
	clone := t.alloc(t.j.compute.Bytes() * part)
	t.alloc(4 * part)
	t.free(clone)
	grad := t.alloc(4 * part)
	per := dsOptimizerBytes(t.opt, t.inv) / 2
	t.alloc(per * part)
	t.alloc(per * part)
	t.free(grad)
	t.states = true
}

// zeroIPG allocates the contiguous reduce buffers DeepSpeedZeroOptimizer.backward
// creates before each backward (a second one with overlap_comm);
// independent_gradient_partition_epilogue releases them (_release_ipg_buffers)
// when backward ends.
func (t *tracer) zeroIPG() []int {
	if !t.zeroGrads() {
		return nil
	}
	z := t.j.zero
	b := float64(z.reduceBucket) * t.j.compute.Bytes()
	ids := []int{t.alloc(b)}
	if z.overlapComm {
		ids = append(ids, t.alloc(b))
	}
	return ids
}

// zeroGrad is one parameter's gradient under ZeRO-2: autograd allocates it
// whole, the hook (reduce_independent_p_g_buckets_and_remove_grads) copies
// it into the reduce buffer, or reduces it in place when it outgrows the
// buffer, and frees it; copy_grads_in_partition keeps the local partition's
// share in one contiguous 16-bit buffer, allocated at the first copy and
// alive until the step.
func (t *tracer) zeroGrad(bytes float64) {
	t.free(t.alloc(bytes))
	if !t.partGrad {
		t.partGrad = true
		part := float64(t.inv.trainable()) / t.shards()
		t.grads = append(t.grads, t.alloc(t.j.compute.Bytes()*part))
	}
}

// zeroStage2Step is DeepSpeedZeroOptimizer.step without offload: the
// gradient partition flattened (a 16-bit copy) and upcast to fp32 as a
// second tensor, the flat copy and the 16-bit partition dropped before the
// optimizer runs, the fp32 gradient dropped after it.
func (t *tracer) zeroStage2Step(part float64) {
	flat := t.alloc(t.j.compute.Bytes() * part)
	fp32 := t.alloc(4 * part)
	t.free(flat)
	t.free(t.grads...)
	t.grads = t.grads[:0]
	t.partGrad = false
	t.free(fp32)
}
