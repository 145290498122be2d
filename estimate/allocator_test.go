package estimate

import "testing"

func TestSizes(t *testing.T) {
	tests := []struct {
		name           string
		n, round, segm int64
	}{
		{"tiny", 1, 512, kSmallBuffer},
		{"one MiB is small", 1 << 20, 1 << 20, kSmallBuffer},
		{"just over the small pool", 1<<20 + 1, 1<<20 + 512, kLargeBuffer},
		{"under 10 MiB shares a 20 MiB segment", 9 << 20, 9 << 20, kLargeBuffer},
		{"large rounds to 2 MiB", 11<<20 + 3, 11<<20 + 512, 12 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roundSize(tt.n); got != tt.round {
				t.Errorf("roundSize(%d) = %d, want %d", tt.n, got, tt.round)
			}
			if got := segmentSize(roundSize(tt.n)); got != tt.segm {
				t.Errorf("segmentSize = %d, want %d", got, tt.segm)
			}
		})
	}
}

// TestAllocatorBehaviour replays small scenarios whose outcome the caching
// allocator's rules decide.
func TestAllocatorBehaviour(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name         string
		run          func(a *cachingAllocator)
		reserved     int64
		peakAllocted int64
	}{
		{"a freed block is reused", func(a *cachingAllocator) {
			a.free(a.malloc(100 * mib))
			a.malloc(100 * mib)
		}, 100 * mib, 100 * mib},
		{"best fit takes the smaller cached block", func(a *cachingAllocator) {
			big, small := a.malloc(400*mib), a.malloc(100*mib)
			a.free(big)
			a.free(small)
			a.malloc(90 * mib) // splits the 100 MiB block, leaving the 400 MiB one whole
			a.malloc(400 * mib)
		}, 500 * mib, 500 * mib},
		{"a larger request cannot use smaller holes", func(a *cachingAllocator) {
			x, y := a.malloc(100*mib), a.malloc(100*mib)
			a.malloc(50 * mib)
			a.free(x)
			a.free(y)
			a.malloc(150 * mib)
		}, 400 * mib, 250 * mib},
		{"neighbours merge when freed", func(a *cachingAllocator) {
			x := a.malloc(200 * mib)
			a.free(x)
			p, q := a.malloc(100*mib), a.malloc(100*mib)
			a.free(p)
			a.free(q)
			a.malloc(200 * mib)
		}, 200 * mib, 200 * mib},
		{"streams do not share cached blocks", func(a *cachingAllocator) {
			a.free(a.malloc(100 * mib))
			a.stream = 1
			a.malloc(100 * mib)
		}, 200 * mib, 100 * mib},
		{"small requests share a 2 MiB segment", func(a *cachingAllocator) {
			for range 4 {
				a.malloc(256 << 10)
			}
		}, kSmallBuffer, 1 * mib},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAllocator(0)
			tt.run(a)
			if a.reserved != tt.reserved {
				t.Errorf("reserved %d MiB, want %d MiB", a.reserved/mib, tt.reserved/mib)
			}
			if a.peakAllocated != tt.peakAllocted {
				t.Errorf("peak allocated %d MiB, want %d MiB", a.peakAllocated/mib, tt.peakAllocted/mib)
			}
		})
	}
}

// TestAllocatorCapacity checks that free segments are released before the
// device is declared full, and that a real shortage is reported.
func TestAllocatorCapacity(t *testing.T) {
	const mib = 1 << 20
	a := newAllocator(300 * mib)
	a.free(a.malloc(200 * mib))
	a.malloc(250 * mib)
	if a.overflow || a.reserved != 250*mib {
		t.Errorf("after release: reserved %d MiB, overflow %t; want 250 MiB, false", a.reserved/mib, a.overflow)
	}
	a.malloc(100 * mib)
	if !a.overflow {
		t.Error("350 MiB on a 300 MiB device did not overflow")
	}
}
