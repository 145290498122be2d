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

// Memo returns est (estimate.Estimate when nil) with a cache keyed by the
// plan's values: the fix search prices the same plan many times (each knob
// alone for the safe search, again for the unsafe one, again in Suggest),
// and the estimator is a pure function of the plan. known and res, when
// set, seed the cache with an estimate the caller already has (the job's
// own). Give the same Memo to Fit and Suggest of one job. The function is
// safe for concurrent use; the results it returns are shared, never change
// them.
func Memo(est func(*plan.Plan) (*estimate.Result, error), known *plan.Plan, res *estimate.Result) func(*plan.Plan) (*estimate.Result, error) {
	if est == nil {
		est = estimate.Estimate
	}
	type entry struct {
		once sync.Once
		res  *estimate.Result
		err  error
	}
	var mu sync.Mutex
	cache := map[string]*entry{}
	if known != nil && res != nil {
		e := &entry{res: res}
		e.once.Do(func() {})
		cache[planKey(known)] = e
	}
	return func(p *plan.Plan) (*estimate.Result, error) {
		k := planKey(p)
		mu.Lock()
		e, ok := cache[k]
		if !ok {
			e = &entry{}
			cache[k] = e
		}
		mu.Unlock()
		e.once.Do(func() { e.res, e.err = est(p) })
		return e.res, e.err
	}
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
