package estimate

import (
	"fmt"
	"testing"
)

// wholeTrace traces every step of the plan's job, as robustReserve traces a
// neighbour.
func wholeTrace(tb testing.TB, e *estimation) *traceOps {
	tb.Helper()
	t := newTracer(e.j, tracedParams(e.j, e.inv), e.inv, e.opt, e.m)
	for k := range traceSteps {
		t.traceStep(k)
	}
	return t.ops
}

// TestBoundAllocated replays traces op by op and expects the bytes
// allocated never to exceed what boundAllocated allows from that op on,
// less what the blocks that are never freed were counted above their size.
func TestBoundAllocated(t *testing.T) {
	for i, c := range resultsCases(t) {
		if i%3 != 0 {
			continue
		}
		e, err := start(c.plan)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		o := wholeTrace(t, e)
		bound := o.boundAllocated()
		a := newAllocator(0)
		kept := int64(0)
		for p, op := range o.ops {
			switch {
			case op > 0:
				id := a.malloc(op)
				if b := o.sizes[id]; b != 0 {
					kept += b - a.blocks[a.ids[id]].size
				}
			case op >= -streams:
				a.stream = int(-1 - op)
			default:
				a.free(int(-1 - streams - op))
			}
			if a.allocated > bound[p+1]-kept {
				t.Fatalf("%s: after op %d, %d bytes allocated, bound %d less %d kept", c.name, p, a.allocated, bound[p+1], kept)
			}
		}
		if kept < 0 {
			t.Errorf("%s: kept %d", c.name, kept)
		}
		a.release()
		o.release()
	}
}

// TestReplayedBelow expects replayedBelow to answer as the whole replay
// does for every bar, with the memo empty and after it remembered a replay
// cut short, and to cut short the replay of some trace whose reserve is
// well above the bar.
func TestReplayedBelow(t *testing.T) {
	cut := 0
	for i, c := range resultsCases(t) {
		if i%3 != 0 {
			continue
		}
		e, err := start(c.plan)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, capacity := range []int64{0, int64(e.r.Capacity - e.outside)} {
			o := wholeTrace(t, e)
			want := o.replay(capacity)
			for _, bar := range []int64{0, want.reserve / 2, want.reserve, want.reserve + 1, 2*want.reserve + 1} {
				for _, memo := range []string{"empty", "again"} {
					name := fmt.Sprintf("%s capacity %d bar %d, memo %s", c.name, capacity, bar, memo)
					if memo == "empty" {
						forgetReplays()
					}
					res, below := o.replayedBelow(capacity, bar)
					if wantBelow := !want.overflow && want.reserve < bar; below != wantBelow {
						t.Errorf("%s: below %v, the whole replay's reserve %d (overflow %v)", name, below, want.reserve, want.overflow)
					}
					if below && res.reserve != want.reserve {
						t.Errorf("%s: reserve %d, the whole replay's %d", name, res.reserve, want.reserve)
					}
					if r, ok := replays.lowerBound(o.key(capacity)); ok && memo == "empty" && bar <= want.reserve/2 {
						cut++
						if r > want.reserve {
							t.Errorf("%s: lower bound %d above the reserve %d", name, r, want.reserve)
						}
					}
				}
			}
			o.release()
		}
	}
	if cut == 0 {
		t.Error("no replay was cut short")
	}
	forgetReplays()
}
