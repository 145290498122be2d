package estimate

import (
	"slices"
)

// The caching allocator's constants (c10/cuda/CUDACachingAllocator.cpp).
const (
	kMinBlockSize  = 512      // every request is rounded up to a multiple of this
	kSmallSize     = 1 << 20  // requests up to 1 MiB use the small pool
	kSmallBuffer   = 2 << 20  // small-pool segments are 2 MiB
	kLargeBuffer   = 20 << 20 // large requests under 10 MiB get a 20 MiB segment
	kMinLargeAlloc = 10 << 20 // from here segments are the request rounded to 2 MiB
	kRoundLarge    = 2 << 20  // the rounding of large segments
	noBlock        = -1
)

// cachingAllocator replays a trace of tensor allocations through a model of
// PyTorch's CUDA caching allocator, to learn how much memory it reserves
// beyond what is allocated. Freed blocks stay cached in their segment and
// merge with free neighbours; a request takes the smallest cached block that
// fits (best fit), splitting off the rest when the rest is large enough to be
// useful; only when nothing fits does it reserve a new segment. When a new
// segment would exceed the device, it first releases the segments that are
// entirely free, as PyTorch does before it reports out of memory.
type cachingAllocator struct {
	capacity    int64 // bytes the allocator may reserve; 0 for no limit
	segments    []*segment
	nextSegment int
	blocks      []*block // by id; nil once freed
	// freeIdx holds the cached blocks of each (stream, pool): a block freed
	// on one CUDA stream is only reused by allocations on that stream.
	freeIdx [streams * 2][]*block
	stream  int // the stream allocations are made on now
	// newerFirst breaks best-fit ties towards newer segments (lower
	// addresses when the driver hands them out downwards).
	newerFirst bool

	allocated, reserved         int64
	peakAllocated, peakReserved int64
	// overflow is set when the trace needed more than capacity even after
	// releasing every free segment: the job runs out of memory.
	overflow bool
}

type segment struct {
	id     int // creation order, standing in for the address cudaMalloc returned
	size   int64
	blocks []*block // in address order, covering the segment
	small  bool
	stream int
}

// streams is how many CUDA streams the trace uses (see trace.go).
const streams = 3

// pool indexes freeIdx by stream and pool.
func pool(stream int, small bool) int {
	if small {
		return 2 * stream
	}
	return 2*stream + 1
}

type block struct {
	seg    *segment
	offset int64
	size   int64
	free   bool
}

func newAllocator(capacity int64) *cachingAllocator {
	return &cachingAllocator{capacity: capacity}
}

func roundSize(n int64) int64 {
	if n < kMinBlockSize {
		return kMinBlockSize
	}
	return (n + kMinBlockSize - 1) / kMinBlockSize * kMinBlockSize
}

func segmentSize(n int64) int64 {
	switch {
	case n <= kSmallSize:
		return kSmallBuffer
	case n < kMinLargeAlloc:
		return kLargeBuffer
	}
	return (n + kRoundLarge - 1) / kRoundLarge * kRoundLarge
}

// malloc allocates n bytes and returns the block's id.
func (a *cachingAllocator) malloc(n int64) int {
	size := roundSize(n)
	small := size <= kSmallSize
	b := a.bestFit(size, small)
	if b == nil {
		b = a.newSegment(segmentSize(size), small)
	}
	a.removeFree(b)
	if rest := b.size - size; (small && rest >= kMinBlockSize) || (!small && rest > kSmallSize) {
		tail := &block{seg: b.seg, offset: b.offset + size, size: rest, free: true}
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
func (a *cachingAllocator) free(id int) {
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

func (a *cachingAllocator) bestFit(size int64, small bool) *block {
	list := a.freeIdx[pool(a.stream, small)]
	i, _ := slices.BinarySearchFunc(list, size, func(b *block, n int64) int {
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

func (a *cachingAllocator) addFree(b *block) {
	p := pool(b.seg.stream, b.seg.small)
	i, _ := slices.BinarySearchFunc(a.freeIdx[p], b, a.cmpBlock)
	a.freeIdx[p] = slices.Insert(a.freeIdx[p], i, b)
}

func (a *cachingAllocator) removeFree(b *block) {
	p := pool(b.seg.stream, b.seg.small)
	if i, ok := slices.BinarySearchFunc(a.freeIdx[p], b, a.cmpBlock); ok {
		a.freeIdx[p] = slices.Delete(a.freeIdx[p], i, i+1)
	}
}

// cmpBlock orders free blocks by size, then by address, as PyTorch's block
// set does.
func (a *cachingAllocator) cmpBlock(x, y *block) int {
	switch {
	case x.size != y.size:
		return cmpInt(x.size, y.size)
	case x.seg != y.seg && a.newerFirst:
		return cmpInt(int64(y.seg.id), int64(x.seg.id))
	case x.seg != y.seg:
		return cmpInt(int64(x.seg.id), int64(y.seg.id))
	}
	return cmpInt(x.offset, y.offset)
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

func (a *cachingAllocator) newSegment(size int64, small bool) *block {
	if a.capacity > 0 && a.reserved+size > a.capacity {
		a.releaseFreeSegments()
		if a.reserved+size > a.capacity {
			a.overflow = true
		}
	}
	s := &segment{id: a.nextSegment, size: size, small: small, stream: a.stream}
	a.nextSegment++
	b := &block{seg: s, size: size, free: true}
	s.blocks = []*block{b}
	a.segments = append(a.segments, s)
	a.reserved += size
	a.peakReserved = max(a.peakReserved, a.reserved)
	a.addFree(b)
	return b
}

// releaseFreeSegments gives back every segment with nothing allocated in it.
func (a *cachingAllocator) releaseFreeSegments() {
	a.segments = slices.DeleteFunc(a.segments, func(s *segment) bool {
		if len(s.blocks) != 1 || !s.blocks[0].free {
			return false
		}
		a.removeFree(s.blocks[0])
		a.reserved -= s.size
		return true
	})
}
