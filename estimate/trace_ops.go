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
	sizes   []int64 // scratch of overCapacity: each malloc's rounded size while it lives

	// hash is what key hashed, when hashed is set, for the trace as it was
	// then (hashOps ops in hashSteps steps): a trace only grows, so while
	// those counts hold, the hash holds, and a trace replayed on the card
	// and again without limit (robustReserve) is hashed once.
	hash               [2]uint64
	hashed             bool
	hashOps, hashSteps int
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
	o.ops, o.steps, o.mallocs, o.hashed = o.ops[:0], o.steps[:0], 0, false
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
		if k > 0 && a.done() {
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
func (o *traceOps) replayStep(a *cachingAllocator, k int) {
	to := len(o.ops)
	if k+1 < len(o.steps) {
		to = o.steps[k+1]
	}
	ops := o.ops[o.steps[k]:to]
	for i := 0; i < len(ops); i++ {
		switch op := ops[i]; {
		case op > 0:
			if i+1 < len(ops) && ops[i+1] == freeOp(len(a.ids)) && a.transient(op) {
				i++ // the free that follows it
				continue
			}
			a.malloc(op)
			if a.overflow {
				return
			}
		case op >= -streams:
			a.stream = int(-1 - op)
		default:
			a.free(int(-1 - streams - op))
		}
	}
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

// key identifies the trace (its steps' bounds and its ops) on a card of
// capacity bytes. The ops are hashed in place, as the bytes that hold them:
// copying them into a buffer word by word cost ten times the hashing, and
// the key is made once per estimate and neighbour. Byte order does not
// matter, as a key never leaves the process.
func (o *traceOps) key(capacity int64) replayKey {
	if !o.hashed || o.hashOps != len(o.ops) || o.hashSteps != len(o.steps) {
		var h [2]maphash.Hash
		for i := range h {
			h[i].SetSeed(traceSeeds[i])
			var n [8]byte
			for _, s := range o.steps {
				h[i].Write(binary.LittleEndian.AppendUint64(n[:0], uint64(s)))
			}
			h[i].Write(binary.LittleEndian.AppendUint64(n[:0], uint64(len(o.ops))))
			h[i].Write(int64Bytes(o.ops))
		}
		o.hash = [2]uint64{h[0].Sum64(), h[1].Sum64()}
		o.hashed, o.hashOps, o.hashSteps = true, len(o.ops), len(o.steps)
	}
	return replayKey{trace: o.hash, capacity: max(capacity, 0)}
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
	if res, ok := r.m[k]; ok {
		return res, true
	}
	unlimited := replayKey{trace: k.trace, prefix: k.prefix}
	if res, ok := r.m[unlimited]; ok && !res.unsettled && res.peakReserved <= k.capacity {
		return res, true
	}
	return replayResult{}, false
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
	if !res.limited && !res.unsettled {
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
	k := o.key(capacity)
	k.prefix = true
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
		if s > 0 && a.done() {
			break
		}
		o.replayStep(a, s)
	}
	if a.done() {
		res := a.finish()
		replays.put(k, res)
		return res
	}
	replays.put(k, replayResult{unsettled: true})
	last()
	for s := traced; s < len(o.steps); s++ {
		if s > traced && a.done() {
			break
		}
		o.replayStep(a, s)
	}
	res := a.finish()
	replays.put(o.key(capacity), res)
	return res
}
