package estimate

import (
	"fmt"
	"strconv"

	"github.com/trainlint/trainlint/plan"
)

// The limit search's bounds: the longest sequence it tries when the model
// declares no context length, and the largest micro batch. Each bisection
// takes at most about 20 estimates (0.25 ms each, see ACCURACY.md).
const (
	maxSearchSeq   = 1 << 20
	maxSearchBatch = 1024
)

// Limits is how far a plan can go on its GPU: the longest sequence that
// fits at its micro batch and the largest micro batch that fits at its
// sequence length, by the estimate against the GPU's capacity.
type Limits struct {
	MicroBatch int // the plan's micro batch, at which MaxSeqLen holds
	SeqLen     int // the plan's sequence length, at which MaxMicroBatch holds
	// MaxSeqLen is the longest sequence per sample that fits at MicroBatch
	// (0 when not even one token does: the model states alone are over).
	MaxSeqLen int
	// MaxMicroBatch is the largest micro batch that fits at SeqLen (0 when
	// not even one sample does).
	MaxMicroBatch int
	// SeqCapped and BatchCapped report that the search stopped at its
	// bound (the model's context length, or 1,048,576 tokens; micro batch
	// 1,024): at least that much fits.
	SeqCapped, BatchCapped bool
	// AtContext reports that the sequence search's bound is the model's
	// context length (max_position_embeddings).
	AtContext bool
}

// FindLimits bisects over the estimate for the plan's limits. It clones the
// plan and never changes it.
func FindLimits(p *plan.Plan) (Limits, error) {
	l := Limits{MicroBatch: max(1, p.MicroBatch.V), SeqLen: max(1, p.SeqLen.V)}
	fits := func(edit func(*plan.Plan)) (bool, error) {
		c := p.Clone()
		edit(c)
		e, err := start(c)
		if err != nil {
			return false, err
		}
		return e.fits(), nil
	}
	seqCap := maxSearchSeq
	if n := p.Model.V.Text.MaxPosition; p.Model.Set && n > 0 {
		seqCap = n
		l.AtContext = n >= l.SeqLen
	}
	seqCap = max(seqCap, l.SeqLen)
	var err error
	l.MaxSeqLen, l.SeqCapped, err = largest(seqCap, func(n int) (bool, error) {
		return fits(func(c *plan.Plan) { c.SeqLen = plan.Of(n, plan.Derived("limit search")) })
	})
	if err != nil {
		return Limits{}, err
	}
	l.MaxMicroBatch, l.BatchCapped, err = largest(max(maxSearchBatch, l.MicroBatch), func(n int) (bool, error) {
		return fits(func(c *plan.Plan) { c.MicroBatch = plan.Of(n, plan.Derived("limit search")) })
	})
	if err != nil {
		return Limits{}, err
	}
	return l, nil
}

// fits reports whether the estimate's peak, allocated and reserve (see
// finish), is within the card, replaying no more than the answer needs: the
// reserve counts at least its floor, so a job whose allocated peak and floor
// are over the card does not fit whatever the replay says, and each replay
// of robustReserve can only lower the reserve, so the first one under the
// room left settles that the job fits.
func (e *estimation) fits() bool {
	if e.noReplay || e.j.expandable {
		// An RL phase outside the training step: finish adds no reserve.
		return e.allocated() <= e.r.Capacity
	}
	allocated, floor := e.allocated(), reserveFloor(e.j.logitsBlock())
	if allocated+floor > e.r.Capacity {
		return false
	}
	// The peak as finish adds it: the reserve's component is the replayed
	// reserve, or the floor when that is more.
	within := func(reserve float64) bool {
		return allocated+allocatorReserve(reserve, e.j.logitsBlock(), false).Bytes <= e.r.Capacity
	}
	reserve, _ := e.reserve(within)
	return within(reserve)
}

// largest finds the largest n in [1, hi] for which ok holds, assuming ok
// holds up to some n and fails above it; 0 when ok(1) fails. capped reports
// that ok(hi) holds.
func largest(hi int, ok func(int) (bool, error)) (n int, capped bool, err error) {
	if good, err := ok(hi); err != nil || good {
		return hi, good, err
	}
	lo := 0 // ok(lo) holds (0 stands for "nothing fits")
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		good, err := ok(mid)
		if err != nil {
			return 0, false, err
		}
		if good {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, false, nil
}

// String says the limits in one line: "fits up to 1,850 tokens per sample
// at micro batch 16; up to micro batch 3 at 4,096 tokens".
func (l Limits) String() string {
	if l.MaxSeqLen == 0 && l.MicroBatch == 1 {
		return "nothing fits, not even 1 token per sample at micro batch 1: what does not depend on the batch is over the card"
	}
	if l.MaxSeqLen == 0 && l.MaxMicroBatch == 0 {
		return fmt.Sprintf("no sequence length fits at micro batch %s, nor micro batch 1 at %s tokens",
			thousands(l.MicroBatch), thousands(l.SeqLen))
	}
	var seq, batch string
	switch {
	case l.MaxSeqLen == 0:
		seq = fmt.Sprintf("no sequence length fits at micro batch %s", thousands(l.MicroBatch))
	case l.SeqCapped && l.AtContext:
		seq = fmt.Sprintf("fits the model's whole context, %s tokens per sample, at micro batch %s", thousands(l.MaxSeqLen), thousands(l.MicroBatch))
	case l.SeqCapped:
		seq = fmt.Sprintf("fits at least %s tokens per sample (the search's bound) at micro batch %s", thousands(l.MaxSeqLen), thousands(l.MicroBatch))
	default:
		seq = fmt.Sprintf("fits up to %s tokens per sample at micro batch %s", thousands(l.MaxSeqLen), thousands(l.MicroBatch))
	}
	switch {
	case l.MaxMicroBatch == 0:
		batch = fmt.Sprintf("not even micro batch 1 at %s tokens", thousands(l.SeqLen))
	case l.BatchCapped:
		batch = fmt.Sprintf("at least micro batch %s at %s tokens", thousands(l.MaxMicroBatch), thousands(l.SeqLen))
	default:
		batch = fmt.Sprintf("up to micro batch %s at %s tokens", thousands(l.MaxMicroBatch), thousands(l.SeqLen))
	}
	return seq + "; " + batch
}

// thousands writes n with comma separators: 4096 → "4,096".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
