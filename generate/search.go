package generate

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// DefaultMargin is the share of a GPU's memory Fit and Generate keep free,
// for what the estimate cannot see (allocator fragmentation spikes, longer
// samples, other processes). It is the one margin policy: lint's
// gpu-memory-headroom-low reports a peak that leaves less than this share,
// so what fix and generate write lints clean.
const DefaultMargin = 0.10

// Options configure Suggest and Fit.
type Options struct {
	// Margin is the share of the GPU kept free (0 means DefaultMargin); a
	// plan fits when its peak is at most (1 - Margin) × capacity.
	Margin float64
	// Unsafe lets Fit use knobs that change what is trained or the data.
	Unsafe bool
	// MaxKnobs bounds the knobs in one combination (0 means 5).
	MaxKnobs int
	// Estimate prices a plan; nil means the Estimate of a new Estimates
	// for the one call. Pass one Estimates' methods to Fit and Suggest of
	// a job to share it.
	Estimate func(*plan.Plan) (*estimate.Result, error)
	// Bound is a lower bound of Estimate's peak for a fraction of its
	// cost, which lets the search pass over plans the bound shows it has
	// no use for (they cannot fit and cannot beat what it has): nil means
	// that Estimates' Bound when Estimate is nil, else no bound. The
	// results are the same with or without it.
	Bound func(*plan.Plan) (estimate.Bound, error)
}

func (o Options) margin() float64 {
	if o.Margin <= 0 || o.Margin >= 1 {
		return DefaultMargin
	}
	return o.Margin
}

func (o Options) maxKnobs() int {
	if o.MaxKnobs <= 0 {
		return 5
	}
	return o.MaxKnobs
}

// Suggestion is one knob on its own with its predicted effect.
type Suggestion struct {
	Knob *Knob
	// Fix carries the knob's title, safety, cost and changes, with the
	// predicted peak after it and whether that fits with the margin.
	Fix lint.Fix
	// SavedGiB is the predicted drop of the per-GPU peak.
	SavedGiB float64
}

// minSaving is the smallest drop worth suggesting.
const minSaving = 0.01 * estimate.GiB

// Suggest prices each knob that applies to the job on its own and returns
// those that lower the peak, lowest predicted peak first. Of a knob's
// variants (micro batch 4, 2, 1) only the mildest that fits is kept, or the
// strongest when none fits. Safe and unsafe knobs and advice (more GPUs)
// are all returned, labelled; the caller shows what it wants.
func Suggest(job *read.Job, opts Options) ([]Suggestion, error) {
	s, err := newSearch(job, opts)
	if err != nil {
		return nil, err
	}
	var cands []*Knob
	for _, k := range s.knobs {
		// A knob whose key the job's parser rejects is not suggested, not
		// even as advice; one with changes the parser takes (newSearch's
		// s.changes) is not refused.
		if _, ok := k.Apply(job.Plan); ok && (len(s.changes[k]) > 0 || !k.refused(job)) {
			cands = append(cands, k)
		}
	}
	// A knob whose bound already saves too little is dropped below, as its
	// estimate would be.
	results := estimateUnless(s, cands, func(k *Knob) *plan.Plan { p, _ := k.Apply(job.Plan); return p },
		func(_ int, b estimate.Bound) bool { return s.base.Peak-b.Peak < minSaving })
	best := map[string]int{} // group → index in out
	var out []Suggestion
	for i, k := range cands {
		r := results[i]
		if r.err != nil || r.skipped || s.base.Peak-r.res.Peak < minSaving {
			continue
		}
		sg := Suggestion{Knob: k, Fix: k.Fix(job, r.res.Peak/estimate.GiB, s.fits(r.res)), SavedGiB: (s.base.Peak - r.res.Peak) / estimate.GiB}
		if j, ok := best[k.Group]; ok {
			prev := out[j]
			// Knobs of a group come mildest first: keep the first that
			// fits, else the strongest.
			if !prev.Fix.Fits && (sg.Fix.Fits || sg.SavedGiB > prev.SavedGiB) {
				out[j] = sg
			}
			continue
		}
		best[k.Group] = len(out)
		out = append(out, sg)
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Fix.PeakAfterGiB != out[b].Fix.PeakAfterGiB {
			return out[a].Fix.PeakAfterGiB < out[b].Fix.PeakAfterGiB
		}
		return out[a].Knob.Rank < out[b].Knob.Rank
	})
	return out, nil
}

// Result is what Fit chose.
type Result struct {
	Job *read.Job
	// Fixes are the chosen knobs, cheapest first, each with its changes.
	Fixes []lint.Fix
	// Knobs are the chosen knobs, in the order of Fixes.
	Knobs []*Knob
	// Files holds the new content of each file that changes, by path;
	// Original holds what was read.
	Files    map[string][]byte
	Original map[string][]byte
	// BeforeGiB and AfterGiB are the predicted per-GPU peaks; LimitGiB is
	// the capacity less the margin, CapacityGiB the GPU's memory.
	BeforeGiB, AfterGiB, LimitGiB, CapacityGiB float64
	// Fits is whether the job fits after the fixes (also true when it fit
	// already and nothing changed).
	Fits bool
	// Unsafe is set when no safe combination fits and unsafe knobs were not
	// allowed: the cheapest unsafe combination that would fit, as one fix.
	Unsafe *lint.Fix
	// Advice is set when nothing the files can express fits but more GPUs,
	// on top of the best combination found, would.
	Advice *lint.Fix
	// Note says in words what happened.
	Note string
}

// Diff is the unified diff of every changed file, in path order.
func (r *Result) Diff() string {
	var b strings.Builder
	for _, p := range sortedPaths(r.Files) {
		b.WriteString(Diff(p, r.Original[p], r.Files[p]))
	}
	return b.String()
}

// Write writes every changed file with WriteFile, stopping at the first
// error (files already written stay written; each write is atomic).
func (r *Result) Write() error {
	for _, p := range sortedPaths(r.Files) {
		if err := WriteFile(p, r.Files[p], r.Original[p]); err != nil {
			return err
		}
	}
	return nil
}

func sortedPaths(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Fit finds the cheapest combination of knobs after which the job fits its
// GPU with the margin: safe knobs only unless opts.Unsafe, lowest step-time
// cost first (unsafe knobs count as dearer than any safe one), then fewest
// changed lines, then lowest peak. The search prices every knob alone, ranks
// combinations by an additive prediction of their savings, and confirms them
// with the estimator in order of cost, within a fixed budget of estimates,
// so it stays bounded however many knobs apply. A job that already fits is
// left alone, so fixing a fixed job changes nothing.
func Fit(job *read.Job, opts Options) (*Result, error) {
	s, err := newSearch(job, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Job:         job,
		Files:       map[string][]byte{},
		Original:    map[string][]byte{},
		BeforeGiB:   s.base.Peak / estimate.GiB,
		AfterGiB:    s.base.Peak / estimate.GiB,
		LimitGiB:    s.limit / estimate.GiB,
		CapacityGiB: s.base.Capacity / estimate.GiB,
	}
	if s.fits(s.base) {
		res.Fits = true
		res.Note = fmt.Sprintf("fits already: %.2f GiB of %.2f GiB (limit %.2f GiB with the %.0f%% margin)", res.BeforeGiB, res.CapacityGiB, res.LimitGiB, 100*s.opts.margin())
		return res, nil
	}
	best, bestEffort := s.fit(opts.Unsafe, true)
	if best == nil {
		res.Note = fmt.Sprintf("no combination of safe knobs fits: %.2f GiB predicted, limit %.2f GiB", res.BeforeGiB, res.LimitGiB)
		if opts.Unsafe {
			res.Note = fmt.Sprintf("no combination of knobs fits: %.2f GiB predicted, limit %.2f GiB", res.BeforeGiB, res.LimitGiB)
		} else if u, _ := s.fit(true, false); u != nil {
			fix := s.combined(u)
			res.Unsafe = &fix
			res.Note += fmt.Sprintf("; with unsafe fixes (--unsafe): %s → %.2f GiB", fix.Title, fix.PeakAfterGiB)
		}
		if a := s.advice(bestEffort); a != nil {
			res.Advice = a
			res.Note += fmt.Sprintf("; or %s → %.2f GiB", strings.ToLower(res.Advice.Title[:1])+res.Advice.Title[1:], res.Advice.PeakAfterGiB)
		}
		return res, nil
	}
	for _, k := range best.knobs {
		res.Knobs = append(res.Knobs, k)
		res.Fixes = append(res.Fixes, k.Fix(job, best.res.Peak/estimate.GiB, true))
	}
	res.Files, res.Original = best.files, best.original
	res.AfterGiB = best.res.Peak / estimate.GiB
	res.Fits = true
	var titles []string
	for _, f := range res.Fixes {
		titles = append(titles, f.Title)
	}
	res.Note = fmt.Sprintf("%.2f GiB → %.2f GiB of %.2f GiB: %s", res.BeforeGiB, res.AfterGiB, res.CapacityGiB, strings.Join(titles, "; "))
	return res, nil
}

// search holds one job's knobs and estimates.
type search struct {
	job   *read.Job
	opts  Options
	est   func(*plan.Plan) (*estimate.Result, error)
	bound func(*plan.Plan) (estimate.Bound, error) // nil: none
	base  *estimate.Result
	limit float64
	knobs []*Knob
	// changes caches each knob's file changes.
	changes map[*Knob][]lint.Change
}

// ErrNoEstimate is returned when the job cannot be estimated (no model or
// no GPU), so there is nothing to fit against.
var ErrNoEstimate = errors.New("cannot estimate the job")

func newSearch(job *read.Job, opts Options) (*search, error) {
	if job == nil || job.Plan == nil {
		return nil, fmt.Errorf("%w: no plan", ErrNoEstimate)
	}
	est, bound := opts.Estimate, opts.Bound
	if est == nil {
		m := NewEstimates(nil, nil, nil)
		est = m.Estimate
		if bound == nil {
			bound = m.Bound
		}
	}
	base, err := est(job.Plan)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNoEstimate, job.Primary.Path, err)
	}
	s := &search{job: job, opts: opts, est: est, bound: bound, base: base, knobs: Knobs(job.Plan), changes: map[*Knob][]lint.Change{}}
	s.limit = base.Capacity * (1 - opts.margin())
	for _, k := range s.knobs {
		s.changes[k] = k.Changes(job)
	}
	return s, nil
}

// fits reports whether an estimate fits the GPU with the margin, and the
// host RAM when it is declared. An architecture whose measured run peaked
// above its estimate (Result.Low) needs that much more room, as the
// headroom rule asks, so what fix writes lints clean.
func (s *search) fits(r *estimate.Result) bool {
	return r.Peak*(1+r.Low) <= s.limit && (r.CPUCapacity <= 0 || r.CPUPeak <= r.CPUCapacity)
}

type estimated struct {
	res *estimate.Result
	err error
	// skipped is set, with neither res nor err, for a plan that
	// estimateUnless passed over.
	skipped bool
}

// estimateAll prices the plan each item gives, in parallel; the estimator
// is a pure function, and results come back in the items' order.
func estimateAll[T any](s *search, items []T, planOf func(T) *plan.Plan) []estimated {
	return estimateWith(s.est, items, planOf, nil)
}

// estimateWith prices the plan of each item, in parallel, except those
// skip (when set) passes over.
func estimateWith[T any](est func(*plan.Plan) (*estimate.Result, error), items []T, planOf func(T) *plan.Plan, skip func(int, *plan.Plan) bool) []estimated {
	out := make([]estimated, len(items))
	sem := make(chan struct{}, max(1, min(runtime.GOMAXPROCS(0), 8)))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := planOf(it)
			if skip != nil && skip(i, p) {
				out[i] = estimated{skipped: true}
				return
			}
			r, err := est(p)
			out[i] = estimated{res: r, err: err}
		}()
	}
	wg.Wait()
	return out
}

// estimateUnless is estimateAll for a caller that has no use for the
// estimate of some plans: skip is asked with the item's index and the
// plan's bound (when the search has one and it is known), and a true answer
// passes over the plan. skip must answer true only where the estimate,
// whose peak is at least the bound's, would be passed over too.
func estimateUnless[T any](s *search, items []T, planOf func(T) *plan.Plan, skip func(int, estimate.Bound) bool) []estimated {
	var byBound func(int, *plan.Plan) bool
	if s.bound != nil {
		byBound = func(i int, p *plan.Plan) bool {
			b, err := s.bound(p)
			return err == nil && skip(i, b)
		}
	}
	return estimateWith(s.est, items, planOf, byBound)
}

// over reports that a bound rules out a fit: the peak, at least the
// bound's, is over the limit.
func (s *search) over(b estimate.Bound) bool { return b.Peak*(1+b.Low) > s.limit }

// combo is a set of knobs, one per group, applied in order.
type combo struct {
	knobs     []*Knob
	rank      int
	predicted float64 // additive prediction of the peak
	plan      *plan.Plan
	res       *estimate.Result
	files     map[string][]byte
	original  map[string][]byte
	lines     int
}

// unsafePenalty makes any unsafe knob dearer than every safe combination.
const unsafePenalty = 1000

// verifyBudget bounds the estimates spent confirming combinations.
const verifyBudget = 48

// fit returns the best fitting combination, or nil and the combination with
// the lowest peak it saw; a caller that will not use the latter says so
// with effort false, and the search then estimates no combination that
// cannot fit (bestEffort is then not the lowest peak).
func (s *search) fit(unsafe, effort bool) (best, bestEffort *combo) {
	var usable []*Knob
	for _, k := range s.knobs {
		if k.Advice || len(s.changes[k]) == 0 || (k.Safety == lint.Unsafe && !unsafe) {
			continue
		}
		usable = append(usable, k)
	}
	// Price each knob alone; a knob that needs another (parameter offload
	// needs ZeRO-3) is priced on top of the first knob of that group that
	// enables it.
	type single struct {
		knob   *Knob
		pre    *Knob
		saving float64
	}
	var singles []single
	var plans []*plan.Plan
	var bases []*plan.Plan
	for _, k := range usable {
		if p, ok := k.Apply(s.job.Plan); ok {
			singles = append(singles, single{knob: k})
			plans = append(plans, p)
			bases = append(bases, nil)
			continue
		}
		if k.Requires == "" {
			continue
		}
		for _, pre := range usable {
			if pre.Group != k.Requires {
				continue
			}
			pp, ok := pre.Apply(s.job.Plan)
			if !ok {
				continue
			}
			if p, ok := k.Apply(pp); ok {
				singles = append(singles, single{knob: k, pre: pre})
				plans = append(plans, p)
				bases = append(bases, pp)
				break
			}
		}
	}
	all := append([]*plan.Plan(nil), plans...)
	baseAt := map[int]int{} // single → index of its prerequisite's estimate
	for i, b := range bases {
		if b != nil {
			baseAt[i] = len(all)
			all = append(all, b)
		}
	}
	// A knob alone whose bound already saves too little goes to late, as
	// its estimate would send it; prerequisites and the knobs priced on
	// them are estimated.
	res := estimateUnless(s, all, func(p *plan.Plan) *plan.Plan { return p }, func(i int, b estimate.Bound) bool {
		return i < len(singles) && singles[i].pre == nil && s.base.Peak-b.Peak < minSaving
	})
	priced := map[*Knob]float64{}
	var keep, late []*Knob
	for i, sg := range singles {
		r := res[i]
		if r.skipped {
			late = append(late, sg.knob)
			continue
		}
		if r.err != nil {
			continue
		}
		from := s.base.Peak
		if sg.pre != nil {
			b := res[baseAt[i]]
			if b.err != nil || b.res == nil {
				continue
			}
			from = b.res.Peak
		}
		saving := from - r.res.Peak
		if saving < minSaving {
			if sg.pre == nil {
				late = append(late, sg.knob)
			}
			continue
		}
		priced[sg.knob] = saving
		keep = append(keep, sg.knob)
		c := &combo{knobs: []*Knob{sg.knob}, plan: plans[i], res: r.res}
		if sg.pre == nil && (bestEffort == nil || r.res.Peak < bestEffort.res.Peak) {
			bestEffort = c
		}
	}
	keep = append(keep, s.priceLate(late, bestEffort, priced)...)
	// Enumerate combinations, one knob per group, and predict each.
	var combos []*combo
	var grow func(start int, cur []*Knob, groups map[string]bool)
	grow = func(start int, cur []*Knob, groups map[string]bool) {
		if len(cur) > 0 {
			c := &combo{knobs: append([]*Knob(nil), cur...), predicted: s.base.Peak}
			for _, k := range cur {
				c.rank += k.Rank
				if k.Safety == lint.Unsafe {
					c.rank += unsafePenalty
				}
				c.predicted -= priced[k]
			}
			combos = append(combos, c)
		}
		if len(cur) == s.opts.maxKnobs() {
			return
		}
		for i := start; i < len(keep); i++ {
			k := keep[i]
			if groups[k.Group] {
				continue
			}
			groups[k.Group] = true
			grow(i+1, append(cur, k), groups)
			delete(groups, k.Group)
		}
	}
	grow(0, nil, map[string]bool{})
	// Additive savings overstate overlapping knobs and understate ones that
	// need another; a tolerance keeps near misses in the running.
	tolerance := 0.1 * s.base.Capacity
	var cands []*combo
	for _, c := range combos {
		if c.predicted <= s.limit+tolerance && s.applies(c) {
			cands = append(cands, c)
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].rank != cands[b].rank {
			return cands[a].rank < cands[b].rank
		}
		if len(cands[a].knobs) != len(cands[b].knobs) {
			return len(cands[a].knobs) < len(cands[b].knobs)
		}
		return cands[a].predicted < cands[b].predicted
	})
	// Confirm in order of cost, a batch at a time; once a batch confirms a
	// fit, the rest of its cost class is checked and the search stops.
	spent := 0
	var fitting []*combo
	stopRank := -1
	for i := 0; i < len(cands) && spent < verifyBudget; {
		n := min(len(cands)-i, 8, verifyBudget-spent)
		batch := cands[i : i+n]
		if stopRank >= 0 {
			var same []*combo
			for _, c := range batch {
				if c.rank == stopRank {
					same = append(same, c)
				}
			}
			if len(same) == 0 {
				break
			}
			batch = same
		}
		// A combination that cannot fit changes nothing below unless it
		// beats the best peak seen before the batch (and the caller wants
		// that peak); it still counts as spent.
		var beat *estimate.Result
		if bestEffort != nil {
			beat = bestEffort.res
		}
		rs := estimateUnless(s, batch, func(c *combo) *plan.Plan { return c.plan }, func(_ int, b estimate.Bound) bool {
			return s.over(b) && (!effort || beat != nil && b.Peak >= beat.Peak)
		})
		spent += len(batch)
		for j, c := range batch {
			if rs[j].err != nil || rs[j].skipped {
				continue
			}
			c.res = rs[j].res
			if bestEffort == nil || c.res.Peak < bestEffort.res.Peak {
				bestEffort = c
			}
			if s.fits(c.res) {
				fitting = append(fitting, c)
				if stopRank < 0 {
					stopRank = c.rank
				}
			}
		}
		i += n
	}
	if len(fitting) == 0 {
		return s.greedy(keep, priced, bestEffort)
	}
	return s.pick(fitting), bestEffort
}

// priceLate prices the knobs that save nothing alone on top of the single
// knob that saves the most: LoRA adds adapter activations, so on a job whose
// activations dominate it raises the peak alone, yet once a smaller micro
// batch has cut the activations its smaller optimizer state is what fits.
// A knob that saves there is kept with that saving.
func (s *search) priceLate(late []*Knob, best *combo, priced map[*Knob]float64) []*Knob {
	if best == nil || len(best.knobs) != 1 || len(late) == 0 {
		return nil
	}
	var cands []*Knob
	var plans []*plan.Plan
	for _, k := range late {
		if k.Group == best.knobs[0].Group {
			continue
		}
		if p, ok := k.Apply(best.plan); ok {
			cands = append(cands, k)
			plans = append(plans, p)
		}
	}
	rs := estimateUnless(s, plans, func(p *plan.Plan) *plan.Plan { return p }, func(_ int, b estimate.Bound) bool {
		return best.res.Peak-b.Peak < minSaving
	})
	var out []*Knob
	for i, k := range cands {
		if rs[i].err != nil || rs[i].skipped {
			continue
		}
		if saving := best.res.Peak - rs[i].res.Peak; saving >= minSaving {
			priced[k] = saving
			out = append(out, k)
		}
	}
	return out
}

// applies applies the combination's knobs in order to a clone of the plan,
// and reports whether each applied.
func (s *search) applies(c *combo) bool {
	p := s.job.Plan
	pending := append([]*Knob(nil), c.knobs...)
	// Knobs that need another go after it.
	sort.SliceStable(pending, func(a, b int) bool { return pending[a].Requires == "" && pending[b].Requires != "" })
	for _, k := range pending {
		q, ok := k.Apply(p)
		if !ok {
			return false
		}
		p = q
	}
	c.knobs, c.plan = pending, p
	return true
}

// greedy is the fallback when no predicted combination fits: add the knob
// that saves the most per unit of cost until the plan fits or nothing
// helps.
func (s *search) greedy(keep []*Knob, priced map[*Knob]float64, bestEffort *combo) (*combo, *combo) {
	order := append([]*Knob(nil), keep...)
	sort.SliceStable(order, func(a, b int) bool {
		return priced[order[a]]/float64(order[a].Rank+1) > priced[order[b]]/float64(order[b].Rank+1)
	})
	cur := &combo{plan: s.job.Plan, res: s.base}
	groups := map[string]bool{}
	for len(cur.knobs) < s.opts.maxKnobs()+2 {
		var tries []*combo
		for _, k := range order {
			if groups[k.Group] {
				continue
			}
			if p, ok := k.Apply(cur.plan); ok {
				tries = append(tries, &combo{knobs: append(append([]*Knob(nil), cur.knobs...), k), plan: p})
			}
			if len(tries) == 4 {
				break
			}
		}
		if len(tries) == 0 {
			break
		}
		enough := cur.res.Peak - minSaving
		rs := s.fittingOrLowest(tries, enough)
		var next *combo
		for i, c := range tries {
			if rs[i].err != nil || rs[i].skipped {
				continue
			}
			c.res = rs[i].res
			for _, k := range c.knobs {
				c.rank += k.Rank
			}
			if s.fits(c.res) {
				return s.pick([]*combo{c}), c
			}
			if next == nil || c.res.Peak < next.res.Peak {
				next = c
			}
		}
		if next == nil || next.res.Peak >= enough {
			break
		}
		cur = next
		groups[cur.knobs[len(cur.knobs)-1].Group] = true
		if bestEffort == nil || cur.res.Peak < bestEffort.res.Peak {
			bestEffort = cur
		}
	}
	return nil, bestEffort
}

// fittingOrLowest estimates what a round of greedy reads of its tries:
// whether one fits, else the first with the lowest peak, which it keeps
// only below enough. Every try the peak bound leaves a chance to fit is
// estimated; of the others, taken from the lowest bound up, only those
// whose bound is not above the lowest peak found so far and is below
// enough, as no try past them can be kept. The tries not estimated come
// back skipped (all of the bound's once one fits).
func (s *search) fittingOrLowest(tries []*combo, enough float64) []estimated {
	planOf := func(c *combo) *plan.Plan { return c.plan }
	if s.bound == nil {
		return estimateAll(s, tries, planOf)
	}
	out := make([]estimated, len(tries))
	bounds := make([]float64, len(tries))
	var open, over []int // indices in tries
	for i, c := range tries {
		if b, err := s.bound(c.plan); err == nil && s.over(b) {
			bounds[i] = b.Peak
			over = append(over, i)
			out[i] = estimated{skipped: true}
			continue
		}
		open = append(open, i)
	}
	lowest := math.Inf(1)
	rs := estimateAll(s, open, func(i int) *plan.Plan { return tries[i].plan })
	for k, i := range open {
		out[i] = rs[k]
	}
	for k := range open {
		if rs[k].err != nil {
			continue
		}
		if s.fits(rs[k].res) {
			return out
		}
		lowest = min(lowest, rs[k].res.Peak)
	}
	sort.SliceStable(over, func(a, b int) bool { return bounds[over[a]] < bounds[over[b]] })
	for _, i := range over {
		if bounds[i] >= enough || bounds[i] > lowest {
			break
		}
		r, err := s.est(planOf(tries[i]))
		out[i] = estimated{res: r, err: err}
		if err == nil {
			lowest = min(lowest, r.Peak)
		}
	}
	return out
}

// pick renders the fitting combinations of the cheapest cost class and
// returns the one that changes the fewest lines (then the lowest peak).
func (s *search) pick(fitting []*combo) *combo {
	sort.SliceStable(fitting, func(a, b int) bool { return fitting[a].rank < fitting[b].rank })
	var best *combo
	for _, c := range fitting {
		if best != nil && c.rank > best.rank {
			break
		}
		files, original, lines, err := s.render(c.knobs)
		if err != nil {
			continue
		}
		c.files, c.original, c.lines = files, original, lines
		if best == nil || c.lines < best.lines || (c.lines == best.lines && c.res.Peak < best.res.Peak) {
			best = c
		}
	}
	return best
}

// render applies the knobs' changes to the job's files and counts the
// changed lines.
func (s *search) render(knobs []*Knob) (files, original map[string][]byte, lines int, err error) {
	var changes []lint.Change
	for _, k := range knobs {
		changes = append(changes, s.changes[k]...)
	}
	files, original, err = ApplyJob(s.job, changes)
	if err != nil {
		return nil, nil, 0, err
	}
	for p, b := range files {
		for _, l := range diffLines(string(original[p]), string(b)) {
			if l.op != ' ' {
				lines++
			}
		}
	}
	return files, original, lines, nil
}

// combined is a combination as one fix.
func (s *search) combined(c *combo) lint.Fix {
	fix := lint.Fix{Safety: lint.Safe, Fits: true}
	if c.res != nil {
		fix.PeakAfterGiB = c.res.Peak / estimate.GiB
		fix.Fits = s.fits(c.res)
	}
	var titles, costs []string
	for _, k := range c.knobs {
		titles = append(titles, k.titleOf(s.job, s.changes[k]))
		costs = append(costs, k.Cost)
		fix.Changes = append(fix.Changes, s.changes[k]...)
		if k.Safety == lint.Unsafe {
			fix.Safety = lint.Unsafe
		}
	}
	fix.Title = strings.Join(titles, "; ")
	fix.Cost = strings.Join(costs, "; ")
	return fix
}

// advice prices more GPUs on top of the best combination found, and
// returns that advice when it fits (nil otherwise: a plan the peak bound
// shows cannot fit is not estimated).
func (s *search) advice(bestEffort *combo) *lint.Fix {
	from := s.job.Plan
	if bestEffort != nil && bestEffort.plan != nil {
		from = bestEffort.plan
	}
	for _, k := range moreGPUKnobs(from) {
		p, ok := k.Apply(from)
		if !ok {
			continue
		}
		if s.bound != nil {
			if b, err := s.bound(p); err == nil && s.over(b) {
				return nil
			}
		}
		r, err := s.est(p)
		if err != nil || !s.fits(r) {
			return nil
		}
		title := k.titleOf(s.job, nil)
		if bestEffort != nil && len(bestEffort.knobs) > 0 {
			title += " with " + s.combined(bestEffort).Title
		}
		return &lint.Fix{Title: title, Safety: lint.Safe, Cost: k.Cost, PeakAfterGiB: r.Peak / estimate.GiB, Fits: true}
	}
	return nil
}

// ApplyJob applies changes to the job's files (and its project file),
// grouped by file in the order given, and returns the new content of each
// file that changed, with the content it had.
func ApplyJob(job *read.Job, changes []lint.Change) (files, original map[string][]byte, err error) {
	files, original = map[string][]byte{}, map[string][]byte{}
	var order []string
	byFile := map[string][]lint.Change{}
	for _, c := range changes {
		if _, ok := byFile[c.File]; !ok {
			order = append(order, c.File)
		}
		byFile[c.File] = append(byFile[c.File], c)
	}
	for _, path := range order {
		var src, out []byte
		switch f := job.File(path); {
		case f != nil && f.Script != nil:
			src = f.Script.Src
			out, err = ApplyScript(src, path, byFile[path])
		case f != nil && f.Doc != nil:
			src = f.Doc.Src
			out, err = Apply(f.Doc, byFile[path])
		case job.Project != nil && job.Project.Path == path && job.Project.Doc != nil:
			src = job.Project.Doc.Src
			out, err = Apply(job.Project.Doc, byFile[path])
		default:
			return nil, nil, fmt.Errorf("%s: not a file of this job", path)
		}
		if err != nil {
			return nil, nil, err
		}
		if string(out) != string(src) {
			files[path], original[path] = out, src
		}
	}
	return files, original, nil
}
