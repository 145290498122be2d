package estimate

import (
	"fmt"
	"slices"

	"github.com/trainlint/trainlint/plan"
)

// Estimate predicts the peak GPU memory of one rank and the host RAM of one
// node for the plan. It errs high where the plan leaves something open: each
// default it assumes is listed in Result.Assumptions. It reads the plan and
// never changes it; it fails only when the plan has no model or no GPU.
func Estimate(p *plan.Plan) (*Result, error) {
	e, err := start(p)
	if err != nil {
		return nil, err
	}
	return e.finish(), nil
}

// Bound is what an estimate's peak is known to be before the allocator
// replay runs: Peak is at most the Result.Peak that Estimate gives for the
// plan (equal when the peak takes no replay), Low is the Result's Low.
type Bound struct {
	Peak, Low float64
}

// PeakBound is a lower bound of Estimate(p).Peak for a fraction of its cost:
// the tensors of the peak phase with the allocator's reserve counted at its
// floor, which finish never goes below. A search that only needs to know
// that a plan does not fit, or does not beat a peak it has, asks this first
// and estimates in full only the plans the bound cannot settle. It fails
// when Estimate would.
func PeakBound(p *plan.Plan) (Bound, error) {
	q, err := Begin(p)
	if err != nil {
		return Bound{}, err
	}
	return q.Bound(), nil
}

// Pending is an estimate whose tensors are known and whose allocator
// replay has not run: its Bound is PeakBound's answer, and Finish
// completes it as Estimate would, so a caller that asks both for one plan
// works out the tensors once.
type Pending struct {
	e     *estimation
	bound Bound
}

// Begin starts the estimate of p; it fails when Estimate would.
func Begin(p *plan.Plan) (*Pending, error) {
	e, err := start(p)
	if err != nil {
		return nil, err
	}
	return &Pending{e: e, bound: Bound{Peak: e.peakBound(), Low: e.r.Low}}, nil
}

// Bound is PeakBound's answer for the plan.
func (q *Pending) Bound() Bound { return q.bound }

// Finish replays the allocator and returns what Estimate returns for the
// plan. Call it once: it completes the estimate in place.
func (q *Pending) Finish() *Result { return q.e.finish() }

// peakBound is the peak as finish adds it, with the replayed reserve
// replaced by its floor (allocatorReserve never returns less), so it is
// the same float sum as finish's or a smaller one.
func (e *estimation) peakBound() float64 {
	if e.noReplay || e.j.expandable {
		return e.allocated()
	}
	return e.allocated() + reserveFloor(e.j.logitsBlock())
}

// estimation is an estimate up to the caching allocator's reserve: the
// tensors of the peak phase are known, the replay that prices the reserve
// has not run. The reserve is never negative, so allocated over the card
// already means the job does not fit (FindLimits skips the replay then).
type estimation struct {
	p       *plan.Plan
	notes   *assumptions
	j       *job
	inv     inventory
	opt     optimizerSpec
	m       model
	r       *Result
	outside float64 // what the breakdown holds outside the allocator
	// noReplay is set when the peak is an RL phase outside the training
	// step, whose allocator reserve the replay does not model.
	noReplay bool
}

// allocated is the peak before the allocator's reserve.
func (e *estimation) allocated() float64 {
	total := 0.0
	for _, c := range e.r.Breakdown {
		total += c.Bytes
	}
	return total
}

func start(p *plan.Plan) (*estimation, error) {
	notes := &assumptions{}
	j, err := resolve(p, notes.add)
	if err != nil {
		return nil, err
	}
	inv := buildInventory(j)
	opt := optimizerFor(j.optimizer, notes.add)

	var s states
	switch {
	case j.deepspeed:
		s = zeroStates(j, inv, opt)
	case j.fsdp != "":
		s = fsdpStates(j, inv, opt)
	default:
		s = plainStates(j, inv, opt)
	}
	m := model{
		s:  s,
		a:  j.decoderActivations(inv.adapters.perLayer, inv.inputGrad(), towerTrains(inv), inv.adapters.vision),
		lg: j.lmLogits(),
		x:  j.autocastCopies(inv),
	}
	if j.eval.enabled {
		m.ev, m.evNote = j.evalLogits()
	}

	phases := m.phases(j.eval.enabled)
	rl := resolveRL(p, j, s)
	if rl != nil {
		phases = rl.extend(j, s, phases)
	}
	var best phase
	for _, ph := range phases {
		if best.name == "" || ph.total() > best.total() {
			best = ph
		}
	}
	r := &Result{
		GPU:       j.gpu,
		GPUs:      j.world,
		Capacity:  float64(j.gpu.MemoryMiB) * MiB,
		PeakPhase: best.name,
	}
	if opt.paged {
		r.Pageable = s.optimizer.bytes
	}
	gap, _ := archGapOf(j.model.Text)
	r.Low = gap.low
	r.Breakdown = fixedBuffers(j)
	fixed := 0.0
	for _, c := range r.Breakdown {
		fixed += c.Bytes
	}
	for _, ph := range phases {
		r.Phases = append(r.Phases, PhaseTotal{Name: ph.name, Bytes: fixed + ph.total()})
	}
	r.Breakdown = append(r.Breakdown, best.terms...)
	outside := 0.0
	for _, c := range r.Breakdown[:len(r.Breakdown)-len(best.terms)] {
		outside += c.Bytes
	}
	e := &estimation{p: p, notes: notes, j: j, inv: inv, opt: opt, m: m, r: r, outside: outside}
	if rl != nil {
		e.outside += rl.outside(best)
		e.noReplay = !trainingPhase(best.name)
	}
	return e, nil
}

// finish replays the step through the caching allocator for its reserve and
// completes the result.
func (e *estimation) finish() *Result {
	p, j, inv, opt, r := e.p, e.j, e.inv, e.opt, e.r
	if e.noReplay {
		// verl and NeMo-RL empty the caching allocator when they switch
		// from training to generation and scoring (verl v0.7.0
		// fsdp_workers.py rollout_mode: aggressive_empty_cache).
		j.assume("the training step's cached allocator blocks are released before the %s phase (empty_cache)", r.PeakPhase)
	} else if j.expandable {
		// Expandable segments map and unmap physical memory in pages as
		// blocks come and go, so freed blocks are not stranded in whole
		// segments (PyTorch docs, CUDA memory management: optimizing
		// memory usage with PYTORCH_CUDA_ALLOC_CONF).
		j.assume("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True: no cached blocks are counted beyond the allocated peak")
	} else {
		reserve, overflow := e.reserve(nil)
		res := allocatorReserve(reserve, j.logitsBlock(), overflow)
		tensors := 0.0
		for _, c := range r.Breakdown {
			tensors += c.Bytes
		}
		if overflow && tensors <= r.Capacity {
			r.Releasable = res.Bytes
		}
		r.Breakdown = append(r.Breakdown, res)
	}
	for _, c := range r.Breakdown {
		r.Peak += c.Bytes
	}

	r.CPUBreakdown = hostMemory(j, inv, opt)
	for _, c := range r.CPUBreakdown {
		r.CPUPeak += c.Bytes
	}
	r.CPUCapacity = j.cpuMemoryGiB * GiB
	r.Assumptions = append(slices.Clone(p.Assumptions), (*e.notes)...)
	return r
}

// reserve is the allocator's reserve beyond the allocated peak, from the
// replay on the card, and whether that replay ran out of room; enough is
// robustReserve's. A replay that ran out of room released cached segments
// to go on, so what it reserved depends on how far over the card the job
// is, not on the job: robustReserve then prices the cache the job would
// need on a card large enough, which variants of one job can be compared
// by.
func (e *estimation) reserve(enough func(float64) bool) (float64, bool) {
	return robustReserve(e.j, tracedParams(e.j, e.inv), e.inv, e.opt, e.m, e.r.Capacity-e.outside, enough)
}

// assumptions collects what the estimate had to assume, once each.
type assumptions []string

func (a *assumptions) add(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if !slices.Contains(*a, s) {
		*a = append(*a, s)
	}
}

// inputGrad reports whether anything before the first decoder layer trains.
func (inv inventory) inputGrad() bool {
	for _, g := range inv.groups {
		switch g.part {
		case partEmbeddings, partVision, partProjector:
			if g.trainable {
				return true
			}
		}
	}
	return false
}

// towerTrains reports whether the vision tower's own weights train.
func towerTrains(inv inventory) bool {
	for _, g := range inv.groups {
		if g.part == partVision && g.trainable {
			return true
		}
	}
	return false
}

// evalLogits is what evaluation adds on top of the resident states: the
// eval batch's logits with the loss's fp32 upcast and log-softmax, and, unless
// only the loss is kept, the logits gathered for metrics, which the Trainer
// keeps on the GPU until eval_accumulation_steps moves them to the host.
func (j *job) evalLogits() (float64, string) {
	elems := float64(j.eval.batch) * float64(j.seq+j.imageTokens) * float64(j.model.Text.Vocab)
	cb := j.compute.Bytes()
	b := elems * (cb + 8)
	note := fmt.Sprintf("eval batch %d: logits + fp32 upcast + log-softmax", j.eval.batch)
	if !j.eval.lossOnly {
		steps := max(j.eval.accumSteps, 1)
		b += elems * cb * float64(steps)
		note += fmt.Sprintf(" + predictions kept on the GPU for %d step(s)", steps)
		if j.eval.accumSteps == 0 {
			j.assume("eval predictions stay on the GPU for the whole eval set (eval_accumulation_steps unset); one step counted")
		}
	}
	return b, note
}
