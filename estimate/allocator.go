package estimate

import (
	"math/bits"
	"slices"
	"sync"
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
//
// An estimate replays tens of thousands of allocations, so the model holds
// no pointers: blocks live in one arena and refer to each other and to their
// segment by index, which keeps the garbage collector and its write barriers
// out of the replay, and the arenas are reused from one estimate to the next.
type cachingAllocator struct {
	capacity int64     // bytes the allocator may reserve; 0 for no limit
	segments []segment // by id
	blocks   []block   // the arena; a block merged into its neighbour is recycled through spare
	spare    []int32
	ids      []int32 // the block of each malloc id; noBlock once freed
	// freeIdx holds the cached blocks of each (stream, pool): a block freed
	// on one CUDA stream is only reused by allocations on that stream.
	freeIdx [streams * 2]freeList
	stream  int // the stream allocations are made on now
	// idle counts the segments that are one free block, which a release
	// would give back.
	idle int
	// layouts are the last two layouts settled took.
	layouts [2][]int64

	allocated, reserved         int64
	peakAllocated, peakReserved int64
	// overflow is set when the trace needed more than capacity even after
	// releasing every free segment: the job runs out of memory.
	overflow bool
	// limited is set when a new segment would have exceeded capacity: the
	// replay then took a path that one without limit would not.
	limited bool
}

// segment is one cudaMalloc. Its id, the index in segments, is the creation
// order, standing in for the address cudaMalloc returned.
type segment struct {
	size     int64
	first    int32 // the block at offset 0, which no merge removes
	stream   int
	small    bool
	released bool
}

// block is a span of a segment; the blocks of a segment form a list in
// address order that covers it.
type block struct {
	offset, size int64
	seg          int32
	prev, next   int32 // address-order neighbours; noBlock at the segment's ends
	pool         uint8 // the segment's free list
	free         bool
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

var allocators = sync.Pool{New: func() any { return new(cachingAllocator) }}

// newAllocator returns an empty allocator, reusing the arenas of one that
// release gave back.
func newAllocator(capacity int64) *cachingAllocator {
	a := allocators.Get().(*cachingAllocator)
	a.capacity = capacity
	n := int(traceSize.mallocs.Load())
	if n == 0 {
		n = firstTrace.mallocs
	}
	if cap(a.ids) < n {
		a.ids = make([]int32, 0, n) // see traceSize and firstTrace
	}
	return a
}

// release empties the allocator and keeps it for the next estimate; a must
// not be used after.
func (a *cachingAllocator) release() {
	*a = cachingAllocator{segments: a.segments[:0], blocks: a.blocks[:0], spare: a.spare[:0], ids: a.ids[:0],
		freeIdx: a.freeIdx, layouts: [2][]int64{a.layouts[0][:0], a.layouts[1][:0]}}
	for p := range a.freeIdx {
		a.freeIdx[p].reset()
	}
	allocators.Put(a)
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
	fl := &a.freeIdx[pool(a.stream, small)]
	var bi int32
	if c, i, ok := fl.bestFit(size); ok {
		bi = fl.bins[c].e[i].block
		fl.removeAt(c, i)
		if b := &a.blocks[bi]; b.prev == noBlock && b.next == noBlock {
			a.idle--
		}
	} else {
		bi = a.newSegment(segmentSize(size), small)
	}
	if rest := a.blocks[bi].size - size; (small && rest >= kMinBlockSize) || (!small && rest > kSmallSize) {
		ti := a.newBlock()
		b := &a.blocks[bi]
		a.blocks[ti] = block{seg: b.seg, offset: b.offset + size, size: rest, prev: bi, next: b.next, pool: b.pool, free: true}
		if b.next != noBlock {
			a.blocks[b.next].prev = ti
		}
		b.next = ti
		b.size = size
		a.addFree(ti)
	}
	b := &a.blocks[bi]
	b.free = false
	a.allocated += b.size
	a.peakAllocated = max(a.peakAllocated, a.allocated)
	a.ids = append(a.ids, bi)
	return len(a.ids) - 1
}

// transient is a malloc of n bytes freed before anything else happens,
// when a cached block serves it: the block is split and merged back, which
// leaves every segment and free list as it was (no two free blocks are ever
// neighbours, so the free merges exactly what the split made), and only the
// allocated peak and the id count move. It reports false, doing nothing,
// when no cached block fits: a new segment is not given back by the free.
func (a *cachingAllocator) transient(n int64) bool {
	size := roundSize(n)
	small := size <= kSmallSize
	fl := &a.freeIdx[pool(a.stream, small)]
	c, i, ok := fl.bestFit(size)
	if !ok {
		return false
	}
	if rest := fl.bins[c].e[i].size - size; !(small && rest >= kMinBlockSize) && !(!small && rest > kSmallSize) {
		size += rest // malloc takes the whole block
	}
	a.peakAllocated = max(a.peakAllocated, a.allocated+size)
	a.ids = append(a.ids, noBlock)
	return true
}

// free returns a block to its segment's cache, merging free neighbours.
func (a *cachingAllocator) free(id int) {
	if id == noBlock || a.ids[id] == noBlock {
		return
	}
	bi := a.ids[id]
	a.ids[id] = noBlock
	b := &a.blocks[bi]
	a.allocated -= b.size
	b.free = true
	if ni := b.next; ni != noBlock && a.blocks[ni].free {
		a.removeFree(ni)
		next := &a.blocks[ni]
		b.size += next.size
		a.unlink(ni)
	}
	if pi := b.prev; pi != noBlock && a.blocks[pi].free {
		a.removeFree(pi)
		a.blocks[pi].size += b.size
		a.unlink(bi)
		bi = pi
	}
	if b := &a.blocks[bi]; b.prev == noBlock && b.next == noBlock {
		a.idle++
	}
	a.addFree(bi)
}

// unlink drops block i, whose span its previous block has taken over, from
// its segment's list and recycles it.
func (a *cachingAllocator) unlink(i int32) {
	b := &a.blocks[i]
	a.blocks[b.prev].next = b.next
	if b.next != noBlock {
		a.blocks[b.next].prev = b.prev
	}
	a.spare = append(a.spare, i)
}

func (a *cachingAllocator) newBlock() int32 {
	if n := len(a.spare); n > 0 {
		i := a.spare[n-1]
		a.spare = a.spare[:n-1]
		return i
	}
	a.blocks = append(a.blocks, block{})
	return int32(len(a.blocks) - 1)
}

func (a *cachingAllocator) entry(i int32) freeEntry {
	b := &a.blocks[i]
	return freeEntry{size: b.size, seg: b.seg, offset: b.offset, block: i}
}

func (a *cachingAllocator) listOf(i int32) *freeList {
	return &a.freeIdx[a.blocks[i].pool]
}

func (a *cachingAllocator) addFree(i int32) { a.listOf(i).insert(a.entry(i)) }

func (a *cachingAllocator) removeFree(i int32) { a.listOf(i).remove(a.entry(i)) }

// newSegment reserves a segment of size bytes and returns its one block,
// which is free but not in the free lists: the caller takes it at once.
func (a *cachingAllocator) newSegment(size int64, small bool) int32 {
	if a.capacity > 0 && a.reserved+size > a.capacity {
		a.limited = true
		a.releaseFreeSegments()
		if a.reserved+size > a.capacity {
			a.overflow = true
		}
	}
	bi := a.newBlock()
	a.blocks[bi] = block{seg: int32(len(a.segments)), size: size, prev: noBlock, next: noBlock,
		pool: uint8(pool(a.stream, small)), free: true}
	a.segments = append(a.segments, segment{size: size, first: bi, small: small, stream: a.stream})
	a.reserved += size
	a.peakReserved = max(a.peakReserved, a.reserved)
	return bi
}

// releaseFreeSegments gives back every segment with nothing allocated in it.
func (a *cachingAllocator) releaseFreeSegments() {
	if a.idle == 0 {
		return
	}
	a.idle = 0
	for k := range a.segments {
		s := &a.segments[k]
		if s.released {
			continue
		}
		if b := &a.blocks[s.first]; b.next != noBlock || !b.free {
			continue
		}
		a.removeFree(s.first)
		a.spare = append(a.spare, s.first)
		s.released = true
		a.reserved -= s.size
	}
}

// freeEntry is a cached block in a free list, with the key the list is
// sorted by: size, then address (segment, offset), as PyTorch's block set.
type freeEntry struct {
	size, offset int64
	seg, block   int32
}

func (e freeEntry) less(f freeEntry) bool {
	switch {
	case e.size != f.size:
		return e.size < f.size
	case e.seg != f.seg:
		return e.seg < f.seg
	}
	return e.offset < f.offset
}

// freeList is one pool's cached blocks in key order. The order is kept in
// bins of size classes (eight per doubling of the size) and a bitmap of the
// bins that hold a block: best fit looks in the request's class and then
// takes the smallest block of the next class that has one. Each bin is
// sorted from the largest key down, so that taking its smallest block moves
// nothing, and no insertion or removal moves more than one bin's entries.
// A bin's slice spans its whole storage and n counts its entries, so that
// inserting and removing write no slice header: a header holds a pointer,
// and writing one costs a write barrier whenever the collector runs. The
// count sits beside its storage, so that reaching a bin is one bounds
// check and one cache line.
type freeList struct {
	bins []freeBin // by sizeClass
	used []uint64  // bit c is set when bins[c] holds a block
}

// freeBin is one size class: e[:n] are its entries.
type freeBin struct {
	e []freeEntry
	n int
}

// bin returns the entries of class c, which must be below len(l.bins).
func (l *freeList) bin(c int) []freeEntry { b := &l.bins[c]; return b.e[:b.n] }

const subClasses = 8 // size classes per doubling of the size; a power of two

// sizeClass maps a size (a multiple of kMinBlockSize) to its bin; it never
// decreases as the size grows.
func sizeClass(size int64) int {
	u := uint64(size) / kMinBlockSize
	e := bits.Len64(u) - 1
	if e < 3 {
		return int(u)
	}
	return (e-2)*subClasses + int(u>>(e-3)&(subClasses-1))
}

// bestFit returns the bin and index of the smallest block of at least size
// bytes (the lowest address among equals), or ok false when none is.
func (l *freeList) bestFit(size int64) (c, i int, ok bool) {
	c = sizeClass(size)
	if c < len(l.bins) {
		// The blocks of at least size bytes come first; the last of them is
		// the best fit.
		bin := l.bin(c)
		lo, hi := 0, len(bin)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if bin[m].size >= size {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo > 0 {
			return c, lo - 1, true
		}
	}
	for w := (c + 1) / 64; w < len(l.used); w++ {
		set := l.used[w]
		if w == (c+1)/64 {
			set &^= 1<<((c+1)%64) - 1
		}
		if set != 0 {
			c = w*64 + bits.TrailingZeros64(set)
			return c, l.bins[c].n - 1, true
		}
	}
	return 0, 0, false
}

// search returns the bin of e and the index of the first entry in it not
// above e.
func (l *freeList) search(e freeEntry) (c, i int) {
	c = sizeClass(e.size)
	if c >= len(l.bins) {
		return c, 0
	}
	bin := l.bin(c)
	lo, hi := 0, len(bin)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if e.less(bin[m]) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return c, lo
}

func (l *freeList) insert(e freeEntry) {
	c, i := l.search(e)
	if c >= len(l.bins) {
		l.bins = append(l.bins, make([]freeBin, c+1-len(l.bins))...)
		l.used = append(l.used, make([]uint64, c/64+1-len(l.used))...)
	}
	b := &l.bins[c]
	k := b.n
	if k == len(b.e) {
		b.e = append(b.e, freeEntry{})
		b.e = b.e[:cap(b.e)]
	}
	bin := b.e[:k+1]
	for j := k; j > i; j-- { // a bin holds a few blocks: a loop beats memmove's call
		bin[j] = bin[j-1]
	}
	bin[i] = e
	b.n++
	l.used[c/64] |= 1 << (c % 64)
}

func (l *freeList) remove(e freeEntry) {
	if c, i := l.search(e); c < len(l.bins) && i < l.bins[c].n && l.bins[c].e[i].block == e.block {
		l.removeAt(c, i)
	}
}

func (l *freeList) removeAt(c, i int) {
	b := &l.bins[c]
	bin := b.e[:b.n]
	for j := i + 1; j < len(bin); j++ {
		bin[j-1] = bin[j]
	}
	b.n--
	if b.n == 0 {
		l.used[c/64] &^= 1 << (c % 64)
	}
}

// reset empties the list, keeping its bins' storage.
func (l *freeList) reset() {
	for c := range l.bins {
		l.bins[c].n = 0
	}
	clear(l.used)
}

// done reports whether a replay can stop: it ran out of room, or its layout
// repeats (settled, checked only while it has room, as it records the
// layout).
func (a *cachingAllocator) done() bool { return a.overflow || a.settled() }

// settled takes the layout of the allocator, what decides its future (the
// live segments in creation order with their blocks, and the bytes allocated
// and reserved), and reports whether it equals the layout the previous call
// took: from equal layouts every trace makes the same choices.
func (a *cachingAllocator) settled() bool {
	// Sized once for every segment and block (those of released segments
	// and recycled ones included): grown by appends, the buffers would
	// leave copies behind, fresh memory that costs a fault a page. make,
	// not slices.Grow, which clears the whole capacity and copies the old
	// one: a fresh allocation is touched only where the layout is written.
	prev, buf := a.layouts[0], a.layouts[1][:0]
	if n := 3 + 4*len(a.segments) + 3*len(a.blocks); cap(buf) < n {
		buf = make([]int64, 0, n)
	}
	buf = append(buf, a.allocated, a.reserved, int64(a.stream))
	for k := range a.segments {
		s := &a.segments[k]
		if s.released {
			continue
		}
		small := int64(0)
		if s.small {
			small = 1
		}
		buf = append(buf, -1, s.size, int64(s.stream), small)
		for i := s.first; i != noBlock; i = a.blocks[i].next {
			b := &a.blocks[i]
			free := int64(0)
			if b.free {
				free = 1
			}
			buf = append(buf, b.offset, b.size, free)
		}
	}
	a.layouts = [2][]int64{buf, prev}
	return len(prev) > 0 && slices.Equal(buf, prev)
}
