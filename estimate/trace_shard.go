package estimate

// unit is one FSDP unit or ZeRO-3 fetch: the root (everything outside the
// decoder layers) or one decoder layer.
type unit struct {
	bytes, elems          float64 // stored size and parameter count
	trainBytes, trainElem float64 // of which trainable (bytes in the gradient dtype)
}

func makeUnits(params []paramTensor, layers int) []unit {
	us := make([]unit, 1+layers)
	for _, p := range params {
		u := &us[p.layer+1]
		u.bytes += p.bytes
		u.elems += float64(p.elems)
		if p.trainable {
			u.trainBytes += float64(p.elems) * p.dtype
			u.trainElem += float64(p.elems)
		}
	}
	return us
}

// shardedParams reports whether parameters are gathered per unit for
// compute (FSDP, ZeRO-3) instead of living whole on the GPU.
func (t *tracer) shardedParams() bool {
	return t.j.fsdp != "" || (t.j.deepspeed && t.j.zero.stage >= 3)
}

// keepGathered reports whether gathered parameters stay from forward to
// backward (shard_grad_op) instead of being freed and gathered again.
func (t *tracer) keepGathered() bool {
	return t.j.fsdp == "shard_grad_op" || t.j.fsdp == "_hybrid_shard_zero2"
}

// The CUDA streams FSDP works on; the caching allocator keeps each
// stream's cached blocks apart.
const (
	defaultStream      = 0
	unshardStream      = 1 // FSDP's all-gathers (and the mixed-precision shard cast before them)
	postBackwardStream = 2 // FSDP's reduce-scatters and the sharded gradients they produce
)

// gather all-gathers one decoder layer's parameters in the compute dtype
// (on FSDP's unshard stream, after casting the local shard).
func (t *tracer) gather() int {
	if !t.shardedParams() {
		return noBlock
	}
	return t.gatherUnit(t.units[1])
}

func (t *tracer) gatherUnit(u unit) int {
	cb := t.j.compute.Bytes()
	if t.j.fsdp == "" {
		return t.alloc(u.elems * cb)
	}
	t.ops.setStream(unshardStream)
	defer t.ops.setStream(defaultStream)
	mp := noBlock
	if u.bytes/u.elems > cb {
		mp = t.alloc(u.elems * cb / t.shards())
	}
	id := t.alloc(u.elems * cb)
	t.free(mp)
	return id
}

// reduceScatter turns a unit's unsharded gradient into its shard: FSDP
// reduce-scatters into a new shard in the reduce dtype on its post-backward
// stream and casts it to the parameter's dtype there.
func (t *tracer) reduceScatter(unsharded int, u unit, first bool) {
	if t.j.fsdp != "" {
		t.ops.setStream(postBackwardStream)
		defer t.ops.setStream(defaultStream)
	}
	shard := t.alloc(u.trainElem * t.j.compute.Bytes() / t.shards())
	if first {
		t.grads = append(t.grads, t.alloc(u.trainBytes/t.shards()))
	}
	t.free(shard, unsharded)
}
