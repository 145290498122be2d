package estimate

import (
	"encoding/binary"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"unsafe"
)

// traceOps is a trace as data: the allocations, frees and stream switches
// the tracer emitted, step by step, for the allocator model to replay.
//
// The tracer never reads the allocator back (a malloc's id is the count of
// mallocs before it, whatever the allocator does), so a trace can be
// written whole first and replayed after. That split lets a replay be
// skipped: the same trace on the same card gives the same reserve, and the
// lint of one repository prices the same trace many times (the limit
// search's probes, the fix search's variants, jobs that share a model and
// a DeepSpeed config).
type traceOps struct {
	ops     []int64 // see the op encoding below
	steps   []int   // ops[steps[k]:steps[k+1]] is optimizer step k
	mallocs int
	sizes   []int64 // scratch of overCapacity and boundAllocated: each malloc's rounded size while it lives
	bound   []int64 // scratch of replayedBelow: see boundAllocated
	// hash holds the two hashes of ops[:hashed] (see keys), when hashed
	// is more than 0.
	hash   [2]maphash.Hash
	hashed int
}

// An op is one int64: a positive value is a malloc of that many bytes, -1-s
// for s < streams switches to CUDA stream s, and -1-streams-id frees the
// block of malloc id.
func streamOp(s int) int64 { return int64(-1 - s) }
func freeOp(id int) int64  { return int64(-1 - streams - id) }

func (o *traceOps) malloc(n int64) int {
	o.ops = append(o.ops, n)
	o.mallocs++
	return o.mallocs - 1
}

func (o *traceOps) free(id int) {
	if id != noBlock {
		o.ops = append(o.ops, freeOp(id))
	}
}

func (o *traceOps) setStream(s int) { o.ops = append(o.ops, streamOp(s)) }

// startStep marks where the next optimizer step's ops begin.
func (o *traceOps) startStep() { o.steps = append(o.steps, len(o.ops)) }

var traceOpsPool = sync.Pool{New: func() any { return new(traceOps) }}

// traceSize is the largest trace released so far, in ops and mallocs: a
// trace or replay that finds no buffers in the pools (a job linted beside
// another one, or after a collection emptied the pools) sizes them once
// from it instead of growing them, which in a fresh process costs a page
// fault per page of every size it grows through.
var traceSize struct{ ops, mallocs atomic.Int64 }

// firstTrace is the capacity, in ops and mallocs, of the buffers of a
// process's first trace and replay, before traceSize knows better. It is
// address space more than memory: a fresh allocation this large is not
// cleared, so only the pages the trace writes are touched, where growing
// from nothing leaves a copy behind at every doubling (about 80 of a
// single-job lint's 1 250 page faults). A decoder layer takes about 380
// ops (Llama-3-8B's 32 layers: 12 067 ops, 6 181 mallocs), so these cover
// some 170 layers; a longer trace grows from them.
var firstTrace = struct{ ops, mallocs int }{1 << 16, 1 << 15}

func newTraceOps() *traceOps {
	o := traceOpsPool.Get().(*traceOps)
	n := int(traceSize.ops.Load())
	if n == 0 {
		n = firstTrace.ops
	}
	if cap(o.ops) < n {
		o.ops = make([]int64, 0, n)
	}
	return o
}

func (o *traceOps) release() {
	storeMax(&traceSize.ops, int64(len(o.ops)))
	storeMax(&traceSize.mallocs, int64(o.mallocs))
	o.ops, o.steps, o.mallocs, o.hashed = o.ops[:0], o.steps[:0], 0, 0
	traceOpsPool.Put(o)
}

// storeMax raises v to n when n is more.
func storeMax(v *atomic.Int64, n int64) {
	for {
		old := v.Load()
		if n <= old || v.CompareAndSwap(old, n) {
			return
		}
	}
}

// replayResult is what a replay tells: the bytes reserved beyond the
// allocated peak, the reserved peak, whether the trace ran out of capacity,
// and whether capacity ever mattered (a segment was released, or the run
// overflowed, to stay under it). unsettled marks what the memo holds for
// the first steps of a trace that did not settle in them (see
// replayedLazily), which is no result.
type replayResult struct {
	reserve, peakReserved int64
	overflow, limited     bool
	unsettled             bool
	// atLeast marks a replay replayedBelow cut short: reserve is then
	// only a lower bound of the replay's.
	atLeast bool
}

// replay runs the trace through the allocator model on a card of capacity
// bytes (0 for no limit). Every step after the first starts from the
// layout the one before it left, so once the optimizer state exists (the
// first step made it) a step that starts from the layout the previous one
// started from makes the same choices again and cannot move a peak: the
// cache has settled and the remaining steps are skipped. A replay that
// runs out of room stops there (see replayStep).
func (o *traceOps) replay(capacity int64) replayResult {
	a := newAllocator(capacity)
	for k := range o.steps {
		if k > 0 && (a.overflow || a.settled()) {
			break
		}
		o.replayStep(a, k)
	}
	return a.finish()
}

// replayStep runs the ops of step k through a, and stops at the first
// malloc that runs out of room: the run is then known to overflow, which
// no later op can undo, and an estimate reads nothing else of a replay
// that overflows (see replayed).
func (o *traceOps) replayStep(a *cachingAllocator, k int) { o.replayStepBelow(a, k, nil, 0, nil) }

// replayStepBelow is replayStep that, given bound (see boundAllocated),
// also stops, reporting true, once the replay's reserve is known to be at
// least bar: from the reserved peak so far and the most the allocated
// peak can still become. kept sums what the blocks replayed so far that
// the trace never frees hold less than bound counts for them: they are
// live until the end, so every later allocated total is that much under
// the bound.
func (o *traceOps) replayStepBelow(a *cachingAllocator, k int, bound []int64, bar int64, kept *int64) bool {
	from, to := o.steps[k], len(o.ops)
	if k+1 < len(o.steps) {
		to = o.steps[k+1]
	}
	for i, op := range o.ops[from:to] {
		switch {
		case op > 0:
			id := a.malloc(op)
			if a.overflow {
				return false
			}
			if bound != nil {
				if b := o.sizes[id]; b != 0 {
					*kept += b - a.blocks[a.ids[id]].size
				}
			}
		case op >= -streams:
			a.stream = int(-1 - op)
		default:
			a.free(int(-1 - streams - op))
		}
		// The reserved peak grows and the bound falls slowly: a look
		// every 64 ops costs nothing and stops soon enough.
		if bound != nil && i%64 == 63 && a.peakReserved-max(a.peakAllocated, bound[from+i+1]-*kept) >= bar {
			return true
		}
	}
	return false
}

// finish returns what the replay on a found, and gives a back.
func (a *cachingAllocator) finish() replayResult {
	r := replayResult{reserve: a.peakReserved - a.peakAllocated, peakReserved: a.peakReserved, overflow: a.overflow, limited: a.limited}
	a.release()
	return r
}

// replays remembers what replays gave, by trace and capacity. The replay is
// a pure function of the two, so remembering changes no result; it is
// bounded, and forgets everything when full.
var replays = replayMemo{m: map[replayKey]replayResult{}}

// replayMemoSize bounds the memo: an entry is a few dozen bytes.
const replayMemoSize = 1 << 16

type replayKey struct {
	trace    [2]uint64 // two independent 64-bit hashes of the trace
	capacity int64
	// prefix is set for the key of a trace's first steps, whose last step
	// is not traced yet (see replayedLazily).
	prefix bool
}

type replayMemo struct {
	mu sync.Mutex
	m  map[replayKey]replayResult
}

// traceSeeds seed the two hashes of a trace.
var traceSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// key identifies the trace (its ops and its steps' bounds) on a card of
// capacity bytes. The ops are hashed in place, as the bytes that hold them:
// copying them into a buffer word by word cost ten times the hashing, and
// the key is made once per estimate and neighbour. Byte order does not
// matter, as a key never leaves the process.
func (o *traceOps) key(capacity int64) replayKey {
	_, k := o.keys(capacity)
	return k
}

// keys returns the key of the trace's first traceSteps-1 steps, as key
// gives it while they are all that is traced (with prefix set), and of the
// whole trace. The ops of the first steps are hashed once per trace: the
// hash of a trace whose last step is traced later (replayedLazily) goes on
// from the state their hash left, which a Hash, a value, keeps in a copy.
func (o *traceOps) keys(capacity int64) (prefix, whole replayKey) {
	steps, end := o.steps, len(o.ops)
	if len(steps) > traceSteps-1 {
		steps, end = steps[:traceSteps-1], o.steps[traceSteps-1]
	}
	if o.hashed != end {
		for i := range o.hash {
			o.hash[i].SetSeed(traceSeeds[i])
			o.hash[i].Write(int64Bytes(o.ops[:end]))
		}
		o.hashed = end
	}
	for i := range o.hash {
		p := o.hash[i]
		prefix.trace[i] = sumTrace(&p, steps, end)
		w := o.hash[i]
		w.Write(int64Bytes(o.ops[end:]))
		whole.trace[i] = sumTrace(&w, o.steps, len(o.ops))
	}
	capacity = max(capacity, 0)
	prefix.capacity, prefix.prefix, whole.capacity = capacity, true, capacity
	return prefix, whole
}

// sumTrace ends the hash of a trace's ops with its steps' bounds and
// length.
func sumTrace(h *maphash.Hash, steps []int, n int) uint64 {
	var b [8]byte
	for _, s := range steps {
		h.Write(binary.LittleEndian.AppendUint64(b[:0], uint64(s)))
	}
	h.Write(binary.LittleEndian.AppendUint64(b[:0], uint64(n)))
	return h.Sum64()
}

// int64Bytes is the memory of s as bytes, without a copy.
func int64Bytes(s []int64) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*8)
}

// get returns the result remembered for the key: the one replayed at its
// capacity, or the one replayed without limit when that never reserved more
// than the capacity (the limit then never came into play).
func (r *replayMemo) get(k replayKey) (replayResult, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res, ok := r.m[k]; ok && !res.atLeast {
		return res, true
	}
	unlimited := replayKey{trace: k.trace, prefix: k.prefix}
	if res, ok := r.m[unlimited]; ok && !res.unsettled && !res.atLeast && res.peakReserved <= k.capacity {
		return res, true
	}
	return replayResult{}, false
}

// lowerBound returns the lower bound of the reserve that replayedBelow
// remembered for the key, if it did.
func (r *replayMemo) lowerBound(k replayKey) (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res, ok := r.m[k]
	return res.reserve, ok && res.atLeast
}

// put remembers a result; one that capacity never limited is also what the
// replay without limit gives.
func (r *replayMemo) put(k replayKey, res replayResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.m) >= replayMemoSize {
		clear(r.m)
	}
	r.m[k] = res
	if !res.limited && !res.unsettled && !res.atLeast {
		r.m[replayKey{trace: k.trace, prefix: k.prefix}] = res
	}
}

// overCapacity reports whether the trace's live allocations, each rounded
// as the allocator rounds it, exceed capacity (when set) during the first
// two steps, which every replay runs. The allocator's blocks are never
// smaller than the rounded request and its segments hold every live block,
// so the replay would reserve more than capacity: it runs out of room.
func (o *traceOps) overCapacity(capacity int64) bool {
	if capacity <= 0 {
		return false
	}
	end := len(o.ops)
	if len(o.steps) > 2 {
		end = o.steps[2]
	}
	sizes := o.sizes[:0]
	if cap(sizes) < o.mallocs {
		sizes = make([]int64, 0, o.mallocs)
	}
	live := int64(0)
	over := false
	for _, op := range o.ops[:end] {
		switch {
		case op > 0:
			n := roundSize(op)
			sizes = append(sizes, n)
			live += n
		case op >= -streams:
		default:
			id := int(-1 - streams - op)
			live -= sizes[id]
			sizes[id] = 0 // a second free of a block frees nothing
		}
		if live > capacity {
			over = true
			break
		}
	}
	o.sizes = sizes
	return over
}

// replayed replays the trace on a card of capacity bytes, or returns what
// an earlier replay of the same trace gave. A replay that runs out of room
// is only known to overflow: its reserve is not worked out, as no estimate
// uses it (see estimation.reserve).
func (o *traceOps) replayed(capacity int64) replayResult {
	if o.overCapacity(capacity) {
		return replayResult{overflow: true, limited: true}
	}
	k := o.key(capacity)
	if res, ok := replays.get(k); ok {
		return res
	}
	res := o.replay(capacity)
	replays.put(k, res)
	return res
}

// replayedLazily is replayed for a trace whose last step is not traced yet;
// last traces it. Whether the replay runs the last step depends only on the
// steps before it (replay stops when they leave the cache as they found
// it), and so does its result when it stops: the trace's first steps are
// keyed on their own, and the last step is traced only for a trace whose
// first steps do not settle, which the memo remembers so that the next
// such trace is traced whole and keyed as replayed keys it. overCapacity
// looks at the first two steps only, which is all it needs.
func (o *traceOps) replayedLazily(capacity int64, last func()) replayResult {
	if o.overCapacity(capacity) {
		return replayResult{overflow: true, limited: true}
	}
	k, _ := o.keys(capacity)
	if res, ok := replays.get(k); ok {
		if !res.unsettled {
			return res
		}
		last()
		return o.replayed(capacity)
	}
	a := newAllocator(capacity)
	traced := len(o.steps)
	for s := range traced {
		if s > 0 && (a.overflow || a.settled()) {
			break
		}
		o.replayStep(a, s)
	}
	if a.overflow || a.settled() {
		res := a.finish()
		replays.put(k, res)
		return res
	}
	replays.put(k, replayResult{unsettled: true})
	last()
	for s := traced; s < len(o.steps); s++ {
		if s > traced && (a.overflow || a.settled()) {
			break
		}
		o.replayStep(a, s)
	}
	res := a.finish()
	replays.put(o.key(capacity), res)
	return res
}

// largeSlack is the most a large block can hold beyond its rounded
// request: the allocator splits a block only when the rest is over
// kSmallSize (a small block is split down to its request).
const largeSlack = kSmallSize

// boundAllocated fills o.bound so that bound[p], for p from 0 to len(ops),
// is at least the bytes allocated after any number of ops from p on, and
// returns it. A live block holds its rounded request, and a large one at
// most largeSlack more; the allocated peak a replay reaches after p ops
// is then at most max(the peak so far, bound[p]). It leaves in o.sizes
// what it counted for each block the trace never frees, and 0 for the
// others.
func (o *traceOps) boundAllocated() []int64 {
	n := len(o.ops)
	bound := o.bound[:0]
	if cap(bound) < n+1 {
		bound = make([]int64, 0, n+1)
	}
	sizes := o.sizes[:0]
	if cap(sizes) < o.mallocs {
		sizes = make([]int64, 0, o.mallocs)
	}
	live := int64(0)
	bound = append(bound, 0)
	for _, op := range o.ops {
		switch {
		case op > 0:
			b := roundSize(op)
			if b > kSmallSize {
				b += largeSlack
			}
			sizes = append(sizes, b)
			live += b
		case op >= -streams:
		default:
			id := int(-1 - streams - op)
			live -= sizes[id]
			sizes[id] = 0 // a second free of a block frees nothing
		}
		bound = append(bound, live)
	}
	for p := n - 1; p >= 0; p-- {
		bound[p] = max(bound[p], bound[p+1])
	}
	o.bound, o.sizes = bound, sizes
	return bound
}

// replayedBelow is replayed for a caller that has no use for a reserve of
// bar bytes or more (robustReserve's neighbours, which only count when
// they lower the least reserve found): once the replay shows its reserve
// reaches bar, it stops and reports below false. The trace must be whole.
// A result remembered for the trace, or for its first two steps, is used
// as replayed and replayedLazily would, and a replay cut short is
// remembered as a lower bound, which answers a later caller whose bar is
// no higher.
func (o *traceOps) replayedBelow(capacity, bar int64) (res replayResult, below bool) {
	if o.overCapacity(capacity) {
		return replayResult{overflow: true, limited: true}, false
	}
	prefix, whole := o.keys(capacity)
	if res, ok := replays.get(whole); ok {
		return res, !res.overflow && res.reserve < bar
	}
	if res, ok := replays.get(prefix); ok && !res.unsettled {
		return res, !res.overflow && res.reserve < bar
	}
	if r, ok := replays.lowerBound(whole); ok && r >= bar {
		return replayResult{}, false
	}
	bound := o.boundAllocated()
	a := newAllocator(capacity)
	kept := int64(0)
	last := false // whether the replay reached the last step
	for k := range o.steps {
		if k > 0 && (a.overflow || a.settled()) {
			break
		}
		if k == traceSteps-1 {
			// The first steps did not settle, as replayedLazily
			// remembers for a trace whose last step it has not traced.
			last = true
			replays.put(prefix, replayResult{unsettled: true})
		}
		if o.replayStepBelow(a, k, bound, bar, &kept) {
			a.release()
			replays.put(whole, replayResult{reserve: bar, atLeast: true})
			return replayResult{}, false
		}
	}
	res = a.finish()
	replays.put(whole, res)
	if !last {
		// The replay stopped within the first steps, as the one
		// replayedLazily makes of them would have.
		replays.put(prefix, res)
	}
	return res, !res.overflow && res.reserve < bar
}
