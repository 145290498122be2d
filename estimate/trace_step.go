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
// first step, the updated partition's all-gather (stages 1–2).
func (t *tracer) zeroStep() {
	z := t.j.zero
	if z.offloadOptimizer {
		return
	}
	part := float64(t.inv.trainable()) / float64(t.j.world)
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
