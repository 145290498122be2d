package estimate

import "math"

// The trace replays three optimizer steps: the first creates the optimizer
// state inside the cache the first forward and backward left behind, the
// second runs with the state in place (usually the allocated peak), the
// third shows whether the cache has settled. Gradient accumulation repeats
// the same micro step, so two micro steps show its effect.
const (
	traceSteps      = 3
	traceMicroSteps = 2
)

// tracer emits the tensors of a training run, in the order the Trainer
// allocates and frees them, into the caching-allocator model.
type tracer struct {
	j      *job
	a      *cachingAllocator
	inv    inventory
	opt    optimizerSpec
	act    activations
	x      autocastCopies
	params []paramTensor
	units  []unit

	grads        []int // live gradient blocks
	headGradSlot int   // where lm_head's (or the tied embeddings') gradient is in grads
	states       bool  // the optimizer state exists
}

// allocatorReserveBytes replays the job through the allocator model and
// returns how much the allocator reserves beyond its allocated peak, and
// whether the run overflowed capacity.
func allocatorReserveBytes(j *job, inv inventory, opt optimizerSpec, m model, capacity float64) (float64, bool) {
	t := &tracer{j: j, a: newAllocator(int64(capacity)), inv: inv, opt: opt, act: m.a, x: m.x,
		params: paramTensors(j, inv)}
	if j.deepspeed {
		// DeepSpeed runs the module, and its gradients, in its 16-bit dtype.
		pb := j.compute.Bytes()
		for k := range t.params {
			t.params[k].dtype = pb
			t.params[k].bytes = float64(t.params[k].elems) * pb
		}
	}
	t.units = makeUnits(t.params, j.model.Text.Layers)
	t.build()
	micro := min(j.accum, traceMicroSteps)
	for range traceSteps {
		for i := range micro {
			t.forwardBackward(i == 0)
		}
		t.step()
	}
	return float64(t.a.peakReserved - t.a.peakAllocated), t.a.overflow
}

func (t *tracer) alloc(bytes float64) int {
	if bytes < 1 {
		return noBlock
	}
	return t.a.malloc(int64(math.Ceil(bytes)))
}

func (t *tracer) free(ids ...int) {
	for _, id := range ids {
		t.a.free(id)
	}
}

func (t *tracer) shards() float64 {
	switch {
	case t.j.fsdp != "":
		return t.j.fsdpShards()
	case t.j.deepspeed:
		return float64(t.j.world)
	}
	return 1
}

// build allocates what lives for the whole run: the workspaces, the weights
// (whole, or the local shard of each FSDP unit / DeepSpeed partition),
// DeepSpeed's fp32 master partition and contiguous gradient buffers, DDP's
// buckets.
func (t *tracer) build() {
	t.alloc(workspaceMiB * MiB)
	j := t.j
	switch {
	case j.deepspeed:
		z := j.zero
		pb := j.compute.Bytes()
		if z.stage >= 3 {
			if !z.offloadParam {
				t.alloc(pb * float64(t.inv.total()) / t.shards())
			}
		} else {
			for _, p := range t.params {
				t.alloc(float64(p.elems) * pb)
			}
		}
		if !z.offloadOptimizer && pb < 4 {
			t.alloc(4 * float64(t.inv.trainable()) / t.shards()) // fp32 master partition
		}
	case j.fsdp != "":
		if !j.fsdpCPU {
			for _, u := range t.units {
				t.alloc(u.bytes / t.shards())
			}
		}
	default:
		for _, p := range t.params {
			t.alloc(p.bytes)
		}
		if j.world > 1 {
			const bucket = 25 * MiB
			for left := t.inv.gradBytes(); left > 0; left -= bucket {
				t.alloc(min(left, bucket))
			}
		}
	}
}

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

// layerState is what one decoder layer holds between its forward and its
// backward.
type layerState struct {
	mlp, attn []int // saved activations of each half
	copies    []int // autocast's 16-bit weight copies autograd keeps
	gathered  int   // FSDP / ZeRO-3 gathered parameters kept to backward
}

// forwardBackward is one micro step: the forward with the loss, then the
// backward, allocating gradients on the first micro step of each optimizer
// step.
func (t *tracer) forwardBackward(first bool) {
	j, a := t.j, t.act
	d := j.actDtypes()
	h := float64(j.model.Text.Hidden)
	cb := j.compute.Bytes()
	layers := j.model.Text.Layers
	sharded := t.shardedParams()
	root := noBlock
	if sharded {
		root = t.gatherUnit(t.units[0])
	}
	vision := t.visionForward()
	var cached []int // autocast's cache of trainable weights, dropped when forward ends
	stream := t.alloc(a.tokens * d.residual * h)
	mask := t.alloc(a.mask)
	states := make([]layerState, layers)
	ckpts := make([]int, 0, layers)
	for i := range layers {
		st := &states[i]
		gather := t.gather()
		var dropped []int
		for _, c := range t.x.layer {
			id := t.alloc(c)
			switch {
			case !j.checkpointing:
				st.copies = append(st.copies, id)
			case t.x.trainedCached:
				cached = append(cached, id)
			default:
				dropped = append(dropped, id)
			}
		}
		st.mlp, st.attn = t.layerForward()
		next := t.alloc(a.tokens * d.residual * h)
		if j.checkpointing {
			t.free(st.mlp...)
			t.free(st.attn...)
			st.mlp, st.attn = nil, nil
			ckpts = append(ckpts, stream)
		} else {
			t.free(stream)
		}
		t.free(dropped...)
		stream = next
		if t.keepGathered() {
			st.gathered = gather
		} else {
			t.free(gather)
		}
	}
	final := t.alloc(a.final)
	t.free(stream)

	// The loss: logits, their fp32 upcast and the saved log-softmax.
	elems := a.tokens * float64(j.model.Text.Vocab)
	logits := t.alloc(elems * cb)
	upcast := noBlock
	if cb < 4 {
		upcast = t.alloc(elems * 4)
	}
	logSoftmax := t.alloc(elems * 4)
	t.free(upcast)
	t.free(cached...)
	// Accelerate's convert_outputs_to_fp32 hands the Trainer an fp32 copy of
	// the 16-bit logits, dropped with the outputs when compute_loss returns.
	converted := noBlock
	if j.amp() && cb < 4 {
		converted = t.alloc(elems * 4)
	}
	t.free(logits, converted)

	// Backward of the loss and lm_head.
	nll := t.alloc(elems * 4)
	gradLogits := t.alloc(elems * 4)
	t.free(logSoftmax, nll)
	if cb < 4 {
		g16 := t.alloc(elems * cb)
		t.free(gradLogits)
		gradLogits = g16
	}
	gradStream := t.alloc(a.tokens * d.residual * h)
	rootGrad := noBlock
	switch {
	case sharded:
		rootGrad = t.alloc(t.units[0].trainElem * cb)
	case first:
		t.headGrad()
	}
	t.free(gradLogits, final)

	for i := layers - 1; i >= 0; i-- {
		st := &states[i]
		if !t.keepGathered() {
			st.gathered = t.gather()
		}
		if j.checkpointing {
			for _, c := range t.x.layer {
				st.copies = append(st.copies, t.alloc(c))
			}
			st.mlp, st.attn = t.layerForward()
		}
		t.layerBackward(i, st, first)
		next := t.alloc(a.tokens * d.residual * h)
		t.free(gradStream)
		gradStream = next
		if j.checkpointing {
			t.free(ckpts[i])
		}
		t.free(st.gathered)
	}
	t.free(gradStream, mask)
	t.visionBackward(vision, first)
	switch {
	case sharded:
		t.reduceScatter(rootGrad, t.units[0], first)
		t.free(root)
	case first:
		t.restGrads()
	}
	if k := t.headIndex(); !sharded && k >= 0 && t.params[k].trainable && t.j.model.Text.TiedEmbeddings {
		// The embeddings' own gradient, and AccumulateGrad's out-of-place sum replacing .grad.
		b := float64(t.params[k].elems) * t.params[k].dtype
		own := t.alloc(b)
		sum := t.alloc(b)
		t.free(own)
		t.replaceGrad(sum)
	}
}

// replaceGrad makes id the lm_head/embedding gradient in place of the one
// allocated first.
func (t *tracer) replaceGrad(id int) {
	if len(t.grads) == 0 {
		t.free(id)
		return
	}
	t.free(t.grads[t.headGradSlot])
	t.grads[t.headGradSlot] = id
}

// layerForward allocates one decoder layer's tensors in forward order,
// freeing each transient once the tensor it fed exists, and returns the
// saved blocks of its MLP and attention halves.
func (t *tracer) layerForward() (mlp, attn []int) {
	a := t.act
	type pending struct {
		id    int
		until string
	}
	var waiting []pending
	var layerTemps []int
	for _, ten := range a.layerTensors {
		id := t.alloc(a.tokens * (ten.perToken + ten.perKey*a.seq) * activationScale)
		kept := !ten.instant && !ten.transient && !ten.layerTemp
		// This tensor exists now: free the transients that were waiting for it.
		still := waiting[:0]
		for _, w := range waiting {
			if (w.until != "" && w.until == ten.name) || (w.until == "" && kept) {
				t.free(w.id)
			} else {
				still = append(still, w)
			}
		}
		waiting = still
		switch {
		case ten.instant:
			t.free(id)
		case ten.transient:
			waiting = append(waiting, pending{id, ten.until})
		case ten.layerTemp:
			layerTemps = append(layerTemps, id)
		case ten.mlp:
			mlp = append(mlp, id)
		default:
			attn = append(attn, id)
		}
	}
	for _, w := range waiting {
		t.free(w.id)
	}
	t.free(layerTemps...)
	return mlp, attn
}

// layerBackward runs one layer's backward: its parameter gradients, the
// gradients of its intermediate tensors, and the release of what it saved.
func (t *tracer) layerBackward(i int, st *layerState, first bool) {
	j, a := t.j, t.act
	d := j.actDtypes()
	tm := j.model.Text
	inter := mlpWidth(tm)
	unsharded := noBlock
	if t.shardedParams() {
		unsharded = t.alloc(t.units[i+1].trainElem * j.compute.Bytes())
	} else if first {
		t.layerGrads(i, true)
	}
	work := []int{t.alloc(a.tokens * d.compute * inter * backwardWorkScale), t.alloc(a.tokens * d.compute * inter * backwardWorkScale),
		t.alloc(a.tokens * d.compute * inter * backwardWorkScale)}
	t.free(work...)
	t.free(st.mlp...)
	if !t.shardedParams() && first {
		t.layerGrads(i, false)
	}
	qd := float64(tm.Heads * tm.HeadDim)
	kvd := float64(tm.KVHeads * tm.HeadDim)
	work = []int{t.alloc(a.tokens * 4 * qd), t.alloc(a.tokens * d.compute * qd), t.alloc(a.tokens * d.compute * kvd),
		t.alloc(a.tokens * d.compute * kvd)}
	if j.kernel == eagerKernel || j.kernel == mathKernel {
		work = append(work, t.alloc(a.tokens*a.seq*float64(tm.Heads)*d.compute), t.alloc(a.tokens*a.seq*float64(tm.Heads)*4))
	}
	t.free(work...)
	t.free(st.attn...)
	t.free(st.copies...)
	if t.shardedParams() {
		t.reduceScatter(unsharded, t.units[i+1], first)
	}
}

// layerGrads allocates the .grad of one layer's trainable parameters the
// first time backward reaches them, in reverse order: the MLP half first,
// then the attention half.
func (t *tracer) layerGrads(layer int, mlpHalf bool) {
	var idx []int
	for k, p := range t.params {
		if p.layer == layer && p.trainable {
			idx = append(idx, k)
		}
	}
	n := len(idx)
	lo, hi := n/2, n
	if !mlpHalf {
		lo, hi = 0, n/2
	}
	for k := hi - 1; k >= lo; k-- {
		t.paramGrad(idx[k])
	}
}

func (t *tracer) paramGrad(k int) {
	p := t.params[k]
	t.grads = append(t.grads, t.alloc(float64(p.elems)*p.dtype))
}

// headGrad allocates the lm_head's gradient (the embeddings' when tied),
// the first gradient of backward.
func (t *tracer) headGrad() {
	if k := t.headIndex(); k >= 0 && t.params[k].trainable {
		t.headGradSlot = len(t.grads)
		t.paramGrad(k)
	}
}

// restGrads allocates, at the end of backward, the gradients of the trainable
// parameters outside the decoder layers that headGrad did not.
func (t *tracer) restGrads() {
	head := t.headIndex()
	for k := len(t.params) - 1; k >= 0; k-- {
		if p := t.params[k]; p.layer == -1 && p.vlayer == -1 && p.trainable && k != head {
			t.paramGrad(k)
		}
	}
}

func (t *tracer) headIndex() int {
	want := partLMHead
	if t.j.model.Text.TiedEmbeddings {
		want = partEmbeddings
	}
	for k, p := range t.params {
		if p.part == want {
			return k
		}
	}
	return -1
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
	t.a.stream = unshardStream
	defer func() { t.a.stream = defaultStream }()
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
		t.a.stream = postBackwardStream
		defer func() { t.a.stream = defaultStream }()
	}
	shard := t.alloc(u.trainElem * t.j.compute.Bytes() / t.shards())
	if first {
		t.grads = append(t.grads, t.alloc(u.trainBytes/t.shards()))
	}
	t.free(shard, unsharded)
}

// visionForward runs the vision tower and projector and returns, per tower
// layer, what it keeps for backward (the last entry is the projector's).
// A tower that needs no gradient keeps nothing but every layer's output,
// collected for the feature layer until the projector has run.
func (t *tracer) visionForward() [][]int {
	j := t.j
	v := j.model.Vision
	if v == nil || j.visionTokens == 0 {
		return nil
	}
	tokens := float64(j.micro) * float64(j.visionTokens)
	cb := j.compute.Bytes()
	trains := towerTrains(t.inv) || t.inv.adapters.vision > 0
	kept := make([][]int, v.Layers+1)
	var hidden []int
	for i := range v.Layers {
		var layer, pending []int
		for _, ten := range j.visionLayerTensors() {
			id := t.alloc(tokens * ten.perToken)
			if ten.transient {
				pending = append(pending, id)
				continue
			}
			layer = append(layer, id)
			t.free(pending...)
			pending = pending[:0]
		}
		t.free(pending...)
		if trains && !j.checkpointing {
			kept[i] = layer
			continue
		}
		t.free(layer...)
		hidden = append(hidden, t.alloc(tokens*float64(v.Hidden)*cb))
	}
	kept[v.Layers] = []int{t.alloc(tokens * float64(v.Hidden) * cb),
		t.alloc(float64(j.micro) * float64(j.imageTokens) * 2 * float64(j.model.Text.Hidden) * cb)}
	if !trains {
		t.free(hidden...)
	} else {
		kept[v.Layers] = append(kept[v.Layers], hidden...)
	}
	return kept
}

// visionBackward runs the projector's and then the tower's backward, layer
// by layer from the top: each layer's parameter gradients appear (on the
// first micro step) as its saved tensors go.
func (t *tracer) visionBackward(kept [][]int, first bool) {
	if len(kept) == 0 {
		return
	}
	j := t.j
	v := j.model.Vision
	tokens := float64(j.micro) * float64(j.visionTokens)
	cb := j.compute.Bytes()
	t.free(kept[len(kept)-1]...)
	for i := len(kept) - 2; i >= 0; i-- {
		if first && !t.shardedParams() {
			for k := len(t.params) - 1; k >= 0; k-- {
				if p := t.params[k]; p.vlayer == i && p.trainable {
					t.paramGrad(k)
				}
			}
		}
		if kept[i] == nil {
			continue
		}
		work := []int{t.alloc(tokens * float64(v.Intermediate) * cb), t.alloc(tokens * float64(v.Intermediate) * cb)}
		t.free(work...)
		t.free(kept[i]...)
	}
}

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
	for _, decay := range []bool{true, false} {
		var group []paramTensor
		for _, p := range t.params {
			if p.trainable && p.decay == decay {
				group = append(group, p)
			}
		}
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
	for done := 0.0; done < part; done += sub {
		n := min(sub, part-done)
		flat := t.alloc((t.j.compute.Bytes() + 4) * n)
		if !t.states {
			per := dsOptimizerBytes(t.opt, t.inv) / 2
			t.alloc(per * n)
			t.alloc(per * n)
		}
		t.free(flat)
	}
	if z.stage < 3 {
		tmp := t.alloc(float64(z.allgatherBucket) * t.j.compute.Bytes())
		t.free(tmp)
	}
}
