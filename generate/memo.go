package generate

import (
	"math"
	"reflect"
	"sort"
	"strconv"
	"sync"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/plan"
)

// Estimates prices plans for the fix search, each plan once, by the
// plan's values: the search prices the same plan many times (each knob
// alone for the safe search, again for the unsafe one, again in Suggest),
// asks the peak bound of most plans before it estimates them, and the
// estimator is a pure function of the plan. Give the same Estimates to Fit
// and Suggest of one job, through Options.Estimate and Options.Bound. Its
// methods are safe for concurrent use; the results they return are
// shared, never change them.
type Estimates struct {
	est   func(*plan.Plan) (*estimate.Result, error) // nil: estimate.Begin, then Finish
	mu    sync.Mutex
	cache map[string]*memoEntry
}

// memoEntry is one plan's bound and estimate, each worked out once.
type memoEntry struct {
	begin   sync.Once
	pending *estimate.Pending // what Bound and Estimate share, until Estimate finishes it
	bound   estimate.Bound
	berr    error

	finish sync.Once
	res    *estimate.Result
	err    error
}

// NewEstimates returns an empty Estimates that prices plans with est, or,
// when est is nil, as estimate.Estimate does with the bound of
// estimate.PeakBound, the two sharing the work they have in common. A
// non-nil est (a test's stand-in; every caller in the program passes nil)
// shares nothing with the bound, which is then worked out apart. known
// and res, when set, seed it with an estimate the caller already has (the
// job's own).
func NewEstimates(est func(*plan.Plan) (*estimate.Result, error), known *plan.Plan, res *estimate.Result) *Estimates {
	m := &Estimates{est: est, cache: map[string]*memoEntry{}}
	if known != nil && res != nil {
		e := &memoEntry{res: res}
		e.finish.Do(func() {})
		m.cache[planKey(known)] = e
	}
	return m
}

func (m *Estimates) entry(p *plan.Plan) *memoEntry {
	k := planKey(p)
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.cache[k]
	if !ok {
		e = &memoEntry{}
		m.cache[k] = e
	}
	return e
}

// start begins the plan's estimate for its bound, once.
func (e *memoEntry) start(p *plan.Plan) {
	e.begin.Do(func() {
		e.pending, e.berr = estimate.Begin(p)
		if e.berr == nil {
			e.bound = e.pending.Bound()
		}
	})
}

// Estimate is the plan's estimate.
func (m *Estimates) Estimate(p *plan.Plan) (*estimate.Result, error) {
	e := m.entry(p)
	e.finish.Do(func() {
		if m.est != nil {
			e.res, e.err = m.est(p)
			return
		}
		e.start(p)
		if e.err = e.berr; e.err == nil {
			e.res = e.pending.Finish()
			e.pending = nil
		}
	})
	return e.res, e.err
}

// Bound is estimate.PeakBound's answer for the plan.
func (m *Estimates) Bound(p *plan.Plan) (estimate.Bound, error) {
	e := m.entry(p)
	e.start(p)
	return e.bound, e.berr
}

// planKey writes every value of a plan, origins and assumptions included,
// so two plans share a key only when they are equal.
func planKey(p *plan.Plan) string {
	b := make([]byte, 0, 4096)
	return string(appendValue(b, reflect.ValueOf(p).Elem(), 0))
}

// appendValue writes v in a form that differs whenever the value differs:
// every field in order, strings length-prefixed, maps in key order,
// pointers followed.
func appendValue(b []byte, v reflect.Value, depth int) []byte {
	if depth > 32 {
		return append(b, '!')
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 't')
		}
		return append(b, 'f')
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return append(strconv.AppendInt(b, v.Int(), 10), ';')
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return append(strconv.AppendUint(b, v.Uint(), 10), ';')
	case reflect.Float32, reflect.Float64:
		return append(strconv.AppendUint(b, math.Float64bits(v.Float()), 16), ';')
	case reflect.String:
		s := v.String()
		return append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, 'n')
		}
		return appendValue(append(b, '*'), v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		b = append(strconv.AppendInt(append(b, '['), int64(v.Len()), 10), ':')
		for i := range v.Len() {
			b = appendValue(b, v.Index(i), depth+1)
		}
		return append(b, ']')
	case reflect.Map:
		keys := v.MapKeys()
		sorted := make([]string, len(keys))
		byKey := make(map[string]reflect.Value, len(keys))
		for i, k := range keys {
			sorted[i] = string(appendValue(nil, k, depth+1))
			byKey[sorted[i]] = k
		}
		sort.Strings(sorted)
		b = append(strconv.AppendInt(append(b, '{'), int64(len(keys)), 10), ':')
		for _, k := range sorted {
			b = appendValue(append(b, k...), v.MapIndex(byKey[k]), depth+1)
		}
		return append(b, '}')
	case reflect.Struct:
		b = append(b, '(')
		for i := range v.NumField() {
			b = appendValue(b, v.Field(i), depth+1)
		}
		return append(b, ')')
	}
	// Funcs and channels have no value to compare; a plan holds none.
	return append(b, '?')
}
