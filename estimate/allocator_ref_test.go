package estimate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// refAllocator is the caching-allocator model as first written: a sorted
// slice of block pointers per pool. The faster cachingAllocator must make
// exactly its choices, which TestAllocatorMatchesReference checks.
type refAllocator struct {
	capacity    int64 // bytes the allocator may reserve; 0 for no limit
	segments    []*refSegment
	nextSegment int
	blocks      []*refBlock // by id; nil once freed
	// freeIdx holds the cached blocks of each (stream, pool): a block freed
	// on one CUDA stream is only reused by allocations on that stream.
	freeIdx [streams * 2][]*refBlock
	stream  int // the stream allocations are made on now

	allocated, reserved         int64
	peakAllocated, peakReserved int64
	// overflow is set when the trace needed more than capacity even after
	// releasing every free segment: the job runs out of memory.
	overflow bool
}

type refSegment struct {
	id     int // creation order, standing in for the address cudaMalloc returned
	size   int64
	blocks []*refBlock // in address order, covering the segment
	small  bool
	stream int
}

type refBlock struct {
	seg    *refSegment
	offset int64
	size   int64
	free   bool
}

func newRefAllocator(capacity int64) *refAllocator {
	return &refAllocator{capacity: capacity}
}

// malloc allocates n bytes and returns the block's id.
func (a *refAllocator) malloc(n int64) int {
	size := roundSize(n)
	small := size <= kSmallSize
	b := a.bestFit(size, small)
	if b == nil {
		b = a.newSegment(segmentSize(size), small)
	}
	a.removeFree(b)
	if rest := b.size - size; (small && rest >= kMinBlockSize) || (!small && rest > kSmallSize) {
		tail := &refBlock{seg: b.seg, offset: b.offset + size, size: rest, free: true}
		i := slices.Index(b.seg.blocks, b)
		b.seg.blocks = slices.Insert(b.seg.blocks, i+1, tail)
		b.size = size
		a.addFree(tail)
	}
	b.free = false
	a.allocated += b.size
	a.peakAllocated = max(a.peakAllocated, a.allocated)
	a.blocks = append(a.blocks, b)
	return len(a.blocks) - 1
}

// free returns a block to its segment's cache, merging free neighbours.
func (a *refAllocator) free(id int) {
	if id == noBlock || a.blocks[id] == nil {
		return
	}
	b := a.blocks[id]
	a.blocks[id] = nil
	a.allocated -= b.size
	b.free = true
	s := b.seg
	i := slices.Index(s.blocks, b)
	if i+1 < len(s.blocks) && s.blocks[i+1].free {
		next := s.blocks[i+1]
		a.removeFree(next)
		b.size += next.size
		s.blocks = slices.Delete(s.blocks, i+1, i+2)
	}
	if i > 0 && s.blocks[i-1].free {
		prev := s.blocks[i-1]
		a.removeFree(prev)
		prev.size += b.size
		s.blocks = slices.Delete(s.blocks, i, i+1)
		b = prev
	}
	a.addFree(b)
}

func (a *refAllocator) bestFit(size int64, small bool) *refBlock {
	list := a.freeIdx[pool(a.stream, small)]
	i, _ := slices.BinarySearchFunc(list, size, func(b *refBlock, n int64) int {
		switch {
		case b.size < n:
			return -1
		case b.size > n:
			return 1
		}
		return 0
	})
	if i < len(list) {
		return list[i]
	}
	return nil
}

func (a *refAllocator) addFree(b *refBlock) {
	p := pool(b.seg.stream, b.seg.small)
	i, _ := slices.BinarySearchFunc(a.freeIdx[p], b, a.cmpBlock)
	a.freeIdx[p] = slices.Insert(a.freeIdx[p], i, b)
}

func (a *refAllocator) removeFree(b *refBlock) {
	p := pool(b.seg.stream, b.seg.small)
	if i, ok := slices.BinarySearchFunc(a.freeIdx[p], b, a.cmpBlock); ok {
		a.freeIdx[p] = slices.Delete(a.freeIdx[p], i, i+1)
	}
}

// cmpBlock orders free blocks by size, then by address, as PyTorch's block
// set does.
func (a *refAllocator) cmpBlock(x, y *refBlock) int {
	switch {
	case x.size != y.size:
		return cmpInt(x.size, y.size)
	case x.seg != y.seg:
		return cmpInt(int64(x.seg.id), int64(y.seg.id))
	}
	return cmpInt(x.offset, y.offset)
}

func (a *refAllocator) newSegment(size int64, small bool) *refBlock {
	if a.capacity > 0 && a.reserved+size > a.capacity {
		a.releaseFreeSegments()
		if a.reserved+size > a.capacity {
			a.overflow = true
		}
	}
	s := &refSegment{id: a.nextSegment, size: size, small: small, stream: a.stream}
	a.nextSegment++
	b := &refBlock{seg: s, size: size, free: true}
	s.blocks = []*refBlock{b}
	a.segments = append(a.segments, s)
	a.reserved += size
	a.peakReserved = max(a.peakReserved, a.reserved)
	a.addFree(b)
	return b
}

// releaseFreeSegments gives back every segment with nothing allocated in it.
func (a *refAllocator) releaseFreeSegments() {
	a.segments = slices.DeleteFunc(a.segments, func(s *refSegment) bool {
		if len(s.blocks) != 1 || !s.blocks[0].free {
			return false
		}
		a.removeFree(s.blocks[0])
		a.reserved -= s.size
		return true
	})
}

// TestAllocatorMatchesReference replays random traces through both models:
// every block must land in the same segment at the same offset, and the
// counters must agree after every call.
func TestAllocatorMatchesReference(t *testing.T) {
	const mib = 1 << 20
	sizes := []int64{100, 512, 4000, 300 << 10, 1 * mib, 1*mib + 1, 3 * mib, 9 * mib, 12*mib + 7, 64 * mib, 700 * mib, 2 << 30}
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			capacity := int64(0)
			if seed%2 == 1 {
				capacity = int64(4+seed%5) << 30
			}
			got, want := newAllocator(capacity), newRefAllocator(capacity)
			defer got.release()
			var live, dead []int
			for op := range 4000 {
				switch r := rng.IntN(100); {
				case r < 3:
					s := rng.IntN(streams)
					got.stream, want.stream = s, s
				case r < 50 || len(live) == 0:
					n := sizes[rng.IntN(len(sizes))]
					if rng.IntN(3) == 0 {
						n = 1 + rng.Int64N(n)
					}
					id := got.malloc(n)
					if wid := want.malloc(n); wid != id {
						t.Fatalf("op %d: malloc id %d, reference %d", op, id, wid)
					}
					live = append(live, id)
				case r < 52:
					got.free(noBlock)
					want.free(noBlock)
				case r < 55 && len(dead) > 0: // freeing twice changes nothing
					id := dead[rng.IntN(len(dead))]
					got.free(id)
					want.free(id)
				default:
					k := rng.IntN(len(live))
					id := live[k]
					live = slices.Delete(live, k, k+1)
					dead = append(dead, id)
					got.free(id)
					want.free(id)
				}
				if g, w := [4]int64{got.allocated, got.reserved, got.peakAllocated, got.peakReserved},
					[4]int64{want.allocated, want.reserved, want.peakAllocated, want.peakReserved}; g != w || got.overflow != want.overflow {
					t.Fatalf("op %d: allocated, reserved, peaks %v overflow %t; reference %v %t", op, g, got.overflow, w, want.overflow)
				}
				for _, id := range live {
					b, w := got.blocks[got.ids[id]], want.blocks[id]
					if int(b.seg) != w.seg.id || b.offset != w.offset || b.size != w.size {
						t.Fatalf("op %d: block %d at segment %d offset %d size %d; reference %d %d %d", op, id, b.seg, b.offset,
							b.size, w.seg.id, w.offset, w.size)
					}
				}
			}
		})
	}
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// TestReplayShortcuts replays random traces, rich in allocations freed at
// once, through replay (which takes its shortcuts) and through malloc and
// free op by op: the results, and the layout each leaves, must agree.
func TestReplayShortcuts(t *testing.T) {
	const mib = 1 << 20
	sizes := []int64{100, 512, 4000, 300 << 10, 1 * mib, 1*mib + 1, 3 * mib, 9 * mib, 12*mib + 7, 64 * mib, 700 * mib, 2 << 30}
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			capacity := int64(0)
			if seed%2 == 1 {
				capacity = int64(4+seed%5) << 30
			}
			o := newTraceOps()
			defer o.release()
			var live []int
			for step := range 3 {
				o.startStep()
				for range 1500 + 500*step {
					switch r := rng.IntN(100); {
					case r < 3:
						o.setStream(rng.IntN(streams))
					case r < 50 || len(live) == 0:
						n := sizes[rng.IntN(len(sizes))]
						transient := rng.IntN(3) == 0
						switch {
						case transient && n > kSmallBuffer:
							// a little under a size freed before: a cached
							// block the request takes whole
							n -= rng.Int64N(kSmallSize)
						case rng.IntN(3) == 0:
							n = 1 + rng.Int64N(n)
						}
						id := o.malloc(n)
						if transient {
							o.free(id)
						} else {
							live = append(live, id)
						}
					case len(live) < 12 && r < 80:
						// few live blocks, so that the transient ones set the peaks
					default:
						k := rng.IntN(len(live))
						o.free(live[k])
						live = slices.Delete(live, k, k+1)
					}
				}
			}
			got := newAllocator(capacity)
			want := newAllocator(capacity)
			for k := range o.steps {
				// Each step's own peaks, so that one missed anywhere shows.
				for _, a := range []*cachingAllocator{got, want} {
					a.peakAllocated, a.peakReserved = a.allocated, a.reserved
				}
				o.replayStep(got, k)
				end := len(o.ops)
				if k+1 < len(o.steps) {
					end = o.steps[k+1]
				}
				for _, op := range o.ops[o.steps[k]:end] {
					if want.overflow {
						break
					}
					switch {
					case op > 0:
						want.malloc(op)
					case op >= -streams:
						want.stream = int(-1 - op)
					default:
						want.free(int(-1 - streams - op))
					}
				}
				got.settled()
				want.settled()
				if !slices.Equal(got.layouts[0], want.layouts[0]) {
					t.Fatalf("step %d: the layouts differ", k)
				}
				if g, w := [2]int64{got.peakAllocated, got.peakReserved}, [2]int64{want.peakAllocated, want.peakReserved}; g != w {
					t.Fatalf("step %d: peaks allocated, reserved %v, op by op %v", k, g, w)
				}
				if got.overflow {
					break
				}
			}
			if g, w := got.finish(), want.finish(); g != w {
				t.Fatalf("replay %+v, op by op %+v", g, w)
			}
		})
	}
}
