package generate

import (
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// TestBoundKeepsResults: the peak bound only saves estimates. Fit and
// Suggest give the same results with estimate.PeakBound as
// without a bound, for every job of testdata/generate on its own GPU and on
// cards small enough that the search runs to its end (nothing fits), with
// fewer estimates in all.
func TestBoundKeepsResults(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/generate/*/in")
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata/generate")
	}
	var with, without atomic.Int64
	counted := func(n *atomic.Int64) func(*plan.Plan) (*estimate.Result, error) {
		return NewEstimates(func(p *plan.Plan) (*estimate.Result, error) {
			n.Add(1)
			return estimate.Estimate(p)
		}, nil, nil).Estimate
	}
	for _, hw := range []read.Overrides{{}, {GPU: "v100-16gb", GPUsPerNode: 1}} {
		for _, dir := range dirs {
			res := read.Load([]string{dir}, read.Options{Overrides: hw})
			for _, job := range res.Jobs {
				name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(job.Primary.Path) + "@" + hw.GPU
				// Fit without --unsafe searches the unsafe knobs too when no
				// safe combination fits.
				plain := Options{Estimate: counted(&without)}
				bounded := Options{Estimate: counted(&with), Bound: estimate.PeakBound}
				want, wantErr := Fit(job, plain)
				got, gotErr := Fit(job, bounded)
				if (wantErr != nil) != (gotErr != nil) || !reflect.DeepEqual(knobless(got), knobless(want)) {
					t.Errorf("%s: Fit with the bound differs:\n%+v (%v)\nwant\n%+v (%v)", name, got, gotErr, want, wantErr)
				}
				wantS, wantErr := Suggest(job, plain)
				gotS, gotErr := Suggest(job, bounded)
				if (wantErr != nil) != (gotErr != nil) || !reflect.DeepEqual(knoblessAll(gotS), knoblessAll(wantS)) {
					t.Errorf("%s: Suggest with the bound differs:\n%+v\nwant\n%+v", name, gotS, wantS)
				}
			}
		}
	}
	t.Logf("%d estimates with the bound, %d without", with.Load(), without.Load())
	if with.Load() >= without.Load() {
		t.Errorf("the bound saved no estimate: %d with it, %d without", with.Load(), without.Load())
	}
}

// knobless is a Result with its knobs' ids for the knobs, which hold
// functions that reflect.DeepEqual does not compare.
func knobless(r *Result) any {
	if r == nil {
		return nil
	}
	ids := make([]string, len(r.Knobs))
	for i, k := range r.Knobs {
		ids[i] = k.ID
	}
	c := *r
	c.Knobs = nil
	return struct {
		R   Result
		IDs []string
	}{c, ids}
}

// knoblessAll is suggestions with their knobs' ids for the knobs.
func knoblessAll(sgs []Suggestion) any {
	type knobless struct {
		ID    string
		Fix   any
		Saved float64
	}
	out := make([]knobless, len(sgs))
	for i, s := range sgs {
		out[i] = knobless{s.Knob.ID, s.Fix, s.SavedGiB}
	}
	return out
}
