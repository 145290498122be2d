package estimate

import (
	"math"
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/trainlint/trainlint/plan"
)

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
	ops    *traceOps
	inv    inventory
	opt    optimizerSpec
	act    activations
	x      autocastCopies
	params []paramTensor
	units  []unit

	grads        []int // live gradient blocks
	headGradSlot int   // where lm_head's (or the tied embeddings') gradient is in grads
	partGrad     bool  // ZeRO-2's contiguous gradient partition is in grads (see zeroGrads)
	states       bool  // the optimizer state exists

	// trainable[layerStart[i]:layerStart[i+1]] are the indices in params of
	// decoder layer i's trainable parameters, in order.
	trainable, layerStart []int

	// A layer's forward, worked out once (see layerSchedule).
	layerOps            []layerOp
	layerBytes          []float64 // of each tensor
	layerMLP, layerAttn []int     // the tensors saved for backward
	layerIDs            []int     // each tensor's block in the layer running now

	// Scratch reused from one micro step to the next, so the replay
	// allocates little once the first step has sized it.
	layerStates            []layerState
	saved                  []int // holds the slices of the micro step's layerStates
	ckpts, cached, dropped []int
	group                  []paramTensor // one optimizer group in paramStep
	visionLayer            []actTensor   // a vision tower layer's tensors, worked out once
}

// tracedParams are the job's parameter tensors as the trace allocates
// them, which the sequence length does not change: robustReserve works them
// out once for its three replays.
func tracedParams(j *job, inv inventory) []paramTensor {
	params := paramTensors(j, inv)
	if j.deepspeed {
		// DeepSpeed runs the module, and its gradients, in its 16-bit dtype.
		pb := j.compute.Bytes()
		for k := range params {
			params[k].dtype = pb
			params[k].bytes = float64(params[k].elems) * pb
		}
	}
	return params
}

// allocatorReserveBytes replays the job through the allocator model on a
// card of capacity bytes and returns how much the allocator reserves beyond
// its allocated peak, and whether the run overflowed capacity. When it does
// and reprice is set, the reserve returned is the same trace's replayed on a
// card without limit (see estimation.reserve), traced once for both. params
// are tracedParams(j, inv), which the tracer only reads.
func allocatorReserveBytes(j *job, params []paramTensor, inv inventory, opt optimizerSpec, m model, capacity float64, reprice bool) (float64, bool) {
	t := newTracer(j, params, inv, opt, m)
	for k := range traceSteps - 1 {
		t.traceStep(k)
	}
	// The last step is traced only when a replay reaches it.
	last := func() { t.traceStep(traceSteps - 1) }
	r := t.ops.replayedLazily(int64(capacity), last)
	overflow := r.overflow
	if overflow && reprice {
		if len(t.ops.steps) == traceSteps { // the last step was traced
			r = t.ops.replayed(0)
		} else {
			r = t.ops.replayedLazily(0, last)
		}
	}
	t.ops.release()
	return float64(r.reserve), overflow
}

// newTracer returns a tracer of the job whose trace holds the allocations
// made before the first step (build).
func newTracer(j *job, params []paramTensor, inv inventory, opt optimizerSpec, m model) *tracer {
	t := &tracer{j: j, ops: newTraceOps(), inv: inv, opt: opt, act: m.a, x: m.x, params: params}
	t.units = makeUnits(t.params, j.model.Text.Layers)
	t.indexTrainable(j.model.Text.Layers)
	t.ops.startStep()
	t.build()
	return t
}

// traceStep traces optimizer step k: its micro steps and the optimizer
// step. Step 0's ops follow build's.
func (t *tracer) traceStep(k int) {
	if k > 0 {
		t.ops.startStep()
	}
	for i := range min(t.j.accum, traceMicroSteps) {
		t.forwardBackward(i == 0)
	}
	t.step()
}

// robustReserve is the reserve the replay finds for the job and for the same
// job with sequences 1% shorter and 1% longer, whichever is least. Whether a
// replay strands a whole logits-sized segment flips with a few MiB of tensor
// sizes: qwen3-0.6b at batch 2 strands one at 4096 tokens and none at 4608,
// and the measured runs of that shape disagree with the replay both ways
// (testdata/calibration: qwen2-0.5b b2 s4096 on the H100 keeps 5.2 GiB
// reserved beyond its allocated peak, qwen3-0.6b b2 s4096 on the H200 only
// 0.2 GiB, where the replay says 0.8 and 4.9). A stranding that a 1% change
// of the sequence undoes is an accident of exact sizes, which neither the
// replay nor a user can predict: it is priced by the floor in
// allocatorReserve, not taken from one replay.
//
// enough, when set, is asked after each replay with the least reserve so
// far, and a true answer ends the search early: the limit search only
// needs to know that the reserve is small enough, and more replays can only
// lower it. The reserve returned is then an upper bound.
//
// When the job's own replay runs out of room on the card, the reserve is
// priced on a card without limit, the neighbours too, and overflow is
// reported (see estimation.reserve).
func robustReserve(j *job, params []paramTensor, inv inventory, opt optimizerSpec, m model, capacity float64, enough func(float64) bool) (float64, bool) {
	inFlight.Add(1)
	defer inFlight.Add(-1)
	reserve, overflow := allocatorReserveBytes(j, params, inv, opt, m, capacity, true)
	if overflow {
		capacity = 0
	}
	step := j.seq / 100
	if step == 0 || reserve <= reserveFloor(j.logitsBlock()) || (enough != nil && enough(reserve)) {
		// Below the floor the neighbours cannot change the result.
		return reserve, overflow
	}
	neighbour := func(d int) (float64, bool) {
		n := *j
		n.seq += d
		n.assume = func(string, ...any) {}
		nm := m
		nm.a = n.decoderActivations(inv.adapters.perLayer, inv.inputGrad(), towerTrains(inv), inv.adapters.vision)
		return allocatorReserveBytes(&n, params, inv, opt, nm, capacity, false)
	}
	if enough == nil && inFlight.Load() < int64(runtime.GOMAXPROCS(0)) {
		// The neighbours are independent and both needed: while fewer
		// estimates run than there are cores (a lint of one job), the
		// shorter one is traced and replayed on another goroutine. When
		// every core has an estimate already, it would only cost memory.
		inFlight.Add(1)
		defer inFlight.Add(-1)
		var short struct {
			r    float64
			over bool
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			short.r, short.over = neighbour(-step)
		}()
		long, longOver := neighbour(step)
		<-done
		if !short.over {
			reserve = min(reserve, short.r)
		}
		if !longOver {
			reserve = min(reserve, long)
		}
		return reserve, overflow
	}
	for _, d := range [...]int{-step, step} {
		if r, over := neighbour(d); !over {
			reserve = min(reserve, r)
			if enough != nil && enough(reserve) {
				break
			}
		}
	}
	return reserve, overflow
}

// inFlight counts the replays under way in robustReserve, so that it runs
// a neighbour on another goroutine only when a core is left for it.
var inFlight atomic.Int64

func (t *tracer) alloc(bytes float64) int {
	if bytes < 1 {
		return noBlock
	}
	return t.ops.malloc(int64(math.Ceil(bytes)))
}

func (t *tracer) free(ids ...int) {
	for _, id := range ids {
		t.ops.free(id)
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
			if t.zeroGrads() {
				t.zeroInit()
			} else {
				t.alloc(4 * float64(t.inv.trainable()) / t.shards()) // fp32 master partition
			}
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
	cached := t.cached[:0] // autocast's cache of trainable weights, dropped when forward ends
	stream := t.alloc(a.tokens * d.residual * h)
	mask := t.alloc(a.mask)
	t.saved = t.saved[:0]
	states := slices.Grow(t.layerStates[:0], layers)[:layers]
	clear(states)
	t.layerStates = states
	ckpts := t.ckpts[:0]
	for i := range layers {
		st := &states[i]
		gather := t.gather()
		dropped := t.dropped[:0]
		start := len(t.saved)
		for _, c := range t.x.layer {
			id := t.alloc(c)
			switch {
			case !j.checkpointing:
				t.saved = append(t.saved, id)
			case t.x.trainedCached:
				cached = append(cached, id)
			default:
				dropped = append(dropped, id)
			}
		}
		st.copies = t.savedSince(start)
		t.dropped = dropped
		st.mlp, st.attn = t.layerForward()
		next := t.alloc(a.tokens * d.residual * h)
		if j.checkpointing {
			t.free(st.mlp...)
			t.free(st.attn...)
			st.mlp, st.attn = nil, nil
		}
		if j.checkpointing && !j.ckptOffload {
			ckpts = append(ckpts, stream)
		} else {
			t.free(stream) // an offloaded checkpoint leaves for the host
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

	// The loss: logits, their fp32 upcast and the saved log-softmax. An RL
	// log-prob loss keeps the logits alone and writes their gradient into
	// them (logProbLoss).
	inplace := j.inplaceLogProb() || j.lossKernel == plan.LossSelective
	f32 := 4.0
	if inplace {
		f32 = 0
	}
	elems := j.lossElems(j.logitTokens())
	logits := t.alloc(elems * cb)
	upcast := noBlock
	if cb < 4 {
		upcast = t.alloc(elems * f32)
	}
	logSoftmax := t.alloc(elems * f32)
	t.free(upcast)
	t.free(cached...)
	t.cached, t.ckpts = cached, ckpts
	// Accelerate's convert_outputs_to_fp32 hands the Trainer an fp32 copy of
	// the 16-bit logits, dropped with the outputs when compute_loss returns.
	converted := noBlock
	if j.amp() && cb < 4 {
		converted = t.alloc(elems * f32)
	}
	if !inplace {
		t.free(logits, converted)
	}

	// Backward of the loss and lm_head.
	ipg := t.zeroIPG()
	nll := t.alloc(elems * f32)
	gradLogits := t.alloc(elems * f32)
	t.free(logSoftmax, nll)
	switch {
	case inplace:
		gradLogits = logits
	case cb < 4:
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
		input := noBlock
		if j.ckptOffload {
			input = t.alloc(a.tokens * d.residual * h) // the checkpoint copied back from the host
		}
		if j.checkpointing {
			start := len(t.saved)
			for _, c := range t.x.layer {
				t.saved = append(t.saved, t.alloc(c))
			}
			st.copies = t.savedSince(start)
			st.mlp, st.attn = t.layerForward()
		}
		t.layerBackward(i, st, first)
		next := t.alloc(a.tokens * d.residual * h)
		t.free(gradStream)
		gradStream = next
		switch {
		case j.ckptOffload:
			t.free(input)
		case j.checkpointing:
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
		if t.zeroGrads() {
			t.free(sum) // the hook copies it out like any other gradient
		} else {
			t.replaceGrad(sum)
		}
	}
	t.free(ipg...)
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
// saved blocks of its MLP and attention halves. Every layer runs the same
// schedule, which layerSchedule works out once.
func (t *tracer) layerForward() (mlp, attn []int) {
	if t.layerOps == nil {
		t.layerSchedule()
	}
	ids := t.layerIDs
	for _, op := range t.layerOps {
		if op.free {
			t.free(ids[op.k])
		} else {
			ids[op.k] = t.alloc(t.layerBytes[op.k])
		}
	}
	start := len(t.saved)
	for _, k := range t.layerMLP {
		t.saved = append(t.saved, ids[k])
	}
	mlp = t.savedSince(start)
	start = len(t.saved)
	for _, k := range t.layerAttn {
		t.saved = append(t.saved, ids[k])
	}
	return mlp, t.savedSince(start)
}

// layerOp is one step of a layer's forward: the allocation of its tensor k,
// or the release of tensor k's block.
type layerOp struct {
	k    int
	free bool
}

// layerSchedule works out the order in which a layer's forward allocates and
// frees its tensors (by index in the activations' layerTensors), and which
// tensors it saves for backward.
func (t *tracer) layerSchedule() {
	a := t.act
	n := len(a.layerTensors)
	t.layerOps = make([]layerOp, 0, 2*n)
	t.layerBytes = make([]float64, n)
	t.layerIDs = make([]int, n)
	var waiting, layerTemps []int
	for k, ten := range a.layerTensors {
		t.layerBytes[k] = a.tokens * (ten.perToken + ten.perKey*a.seq) * activationScale
		t.layerOps = append(t.layerOps, layerOp{k: k})
		kept := !ten.instant && !ten.transient && !ten.layerTemp
		// This tensor exists now: free the transients that were waiting for it.
		still := waiting[:0]
		for _, w := range waiting {
			if until := a.layerTensors[w].until; (until != "" && until == ten.name) || (until == "" && kept) {
				t.layerOps = append(t.layerOps, layerOp{k: w, free: true})
			} else {
				still = append(still, w)
			}
		}
		waiting = still
		switch {
		case ten.instant:
			t.layerOps = append(t.layerOps, layerOp{k: k, free: true})
		case ten.transient:
			waiting = append(waiting, k)
		case ten.layerTemp:
			layerTemps = append(layerTemps, k)
		case ten.mlp:
			t.layerMLP = append(t.layerMLP, k)
		default:
			t.layerAttn = append(t.layerAttn, k)
		}
	}
	for _, k := range append(waiting, layerTemps...) {
		t.layerOps = append(t.layerOps, layerOp{k: k, free: true})
	}
}

// savedSince returns the blocks appended to t.saved from start on, capped so
// that later appends cannot write into them.
func (t *tracer) savedSince(start int) []int {
	return t.saved[start:len(t.saved):len(t.saved)]
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
	var work []int
	for range int(mlpGrads(tm)) {
		work = append(work, t.alloc(a.tokens*d.compute*inter*backwardWorkScale))
	}
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
	idx := t.trainable[t.layerStart[layer]:t.layerStart[layer+1]]
	n := len(idx)
	lo, hi := n/2, n
	if !mlpHalf {
		lo, hi = 0, n/2
	}
	for k := hi - 1; k >= lo; k-- {
		t.paramGrad(idx[k])
	}
}

// indexTrainable fills trainable and layerStart.
func (t *tracer) indexTrainable(layers int) {
	t.layerStart = make([]int, layers+1)
	for _, p := range t.params {
		if p.layer >= 0 && p.trainable {
			t.layerStart[p.layer+1]++
		}
	}
	for i := range layers {
		t.layerStart[i+1] += t.layerStart[i]
	}
	t.trainable = make([]int, t.layerStart[layers])
	next := slices.Clone(t.layerStart[:layers])
	for k, p := range t.params {
		if p.layer >= 0 && p.trainable {
			t.trainable[next[p.layer]] = k
			next[p.layer]++
		}
	}
}

func (t *tracer) paramGrad(k int) {
	p := t.params[k]
	if t.zeroGrads() {
		t.zeroGrad(float64(p.elems) * p.dtype)
		return
	}
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
