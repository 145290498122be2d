package estimate

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

func TestEstimateErrors(t *testing.T) {
	tests := []struct {
		name string
		p    *plan.Plan
		want string
	}{
		{"nil plan", nil, "no plan"},
		{"no model", &plan.Plan{}, "names no model"},
		{"unknown model", &plan.Plan{ModelRef: plan.Of("acme/secret-7b", testOrigin)}, `"acme/secret-7b" is not in the catalog`},
		{"no GPU", func() *plan.Plan {
			p := testPlan(t, "qwen2-0.5b", nil)
			p.Hardware.GPU = plan.Value[catalog.GPU]{}
			return p
		}(), "declares no GPU"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Estimate(tt.p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestEstimateContract checks what every Result promises: the breakdown sums
// to the peak, the phase is named, the plan is not changed, the fixed terms
// are present, assumptions are recorded once.
func TestEstimateContract(t *testing.T) {
	plans := map[string]*plan.Plan{
		"full":  testPlan(t, "llama-3.2-1b", nil),
		"lora":  testPlan(t, "llama-3-8b", lora(16, "all-linear")),
		"zero3": testPlan(t, "llama-3-8b", zero(3, 8, nil)),
		"fsdp":  testPlan(t, "llama-3.2-3b", fsdp("full_shard", 2, 1)),
		"vlm":   testPlan(t, "llava-siglip-qwen2-0.5b", images(448)),
		"defaults": func() *plan.Plan {
			p := testPlan(t, "qwen2-0.5b", nil)
			p.MicroBatch, p.SeqLen, p.Optimizer, p.Attention = plan.Value[int]{}, plan.Value[int]{}, plan.Value[string]{}, plan.Value[string]{}
			p.LoadDtype, p.Eval = plan.Value[plan.Dtype]{}, plan.Eval{}
			p.Assumptions = []string{"from the reader"}
			return p
		}(),
	}
	for name, p := range plans {
		t.Run(name, func(t *testing.T) {
			before := p.Clone()
			r, err := Estimate(p)
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for _, c := range r.Breakdown {
				if c.Bytes < 0 || c.Name == "" || c.Note == "" {
					t.Errorf("component %+v", c)
				}
				sum += c.Bytes
			}
			if math.Abs(sum-r.Peak) > 1 {
				t.Errorf("breakdown sums to %.0f, peak is %.0f", sum, r.Peak)
			}
			if !slices.Contains([]string{PhaseForward, PhaseBackward, PhaseStep, PhaseEval}, r.PeakPhase) {
				t.Errorf("phase %q", r.PeakPhase)
			}
			if r.Component("cuda-context") == 0 || r.Component("allocator-reserve") == 0 {
				t.Error("context or allocator reserve missing")
			}
			if !reflect.DeepEqual(before.Assumptions, p.Assumptions) || before.MicroBatch != p.MicroBatch {
				t.Error("Estimate changed the plan")
			}
			seen := map[string]bool{}
			for _, a := range r.Assumptions {
				if seen[a] {
					t.Errorf("assumption %q twice", a)
				}
				seen[a] = true
			}
			if name == "defaults" && (len(r.Assumptions) < 5 || r.Assumptions[0] != "from the reader") {
				t.Errorf("assumptions %q", r.Assumptions)
			}
		})
	}
}

// TestMoreGPUsLessMemory: sharding over more GPUs never raises the peak.
func TestMoreGPUsLessMemory(t *testing.T) {
	prev := math.Inf(1)
	for _, n := range []int{2, 4, 8, 16} {
		r, err := Estimate(testPlan(t, "llama-3-8b", zero(3, n, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if r.Peak > prev {
			t.Errorf("%d GPUs: %s, more than with fewer", n, gib(r.Peak))
		}
		prev = r.Peak
	}
}

// TestPeakBound holds PeakBound to its promise on every measured plan
// (training and RL) on its own card and on a 16 GiB one, where most run out
// and the replay takes its overflow path, and with expandable segments,
// where the bound is the peak: never above Estimate's peak, the same Low.
func TestPeakBound(t *testing.T) {
	var plans []*plan.Plan
	for _, m := range loadMeasurements(t) {
		if p, err := m.plan(); err == nil && m.usable() {
			plans = append(plans, p)
		}
	}
	for _, m := range loadRLMeasurements(t) {
		plans = append(plans, rlPlan(t, m))
	}
	v100, err := catalog.Builtin().GPU("v100-16gb")
	if err != nil {
		t.Fatal(err)
	}
	exact := 0
	for _, p := range plans {
		small := p.Clone()
		small.Hardware.GPU = plan.Of(v100, testOrigin)
		expandable := p.Clone()
		expandable.ExpandableSegments = plan.Of(true, testOrigin)
		for _, c := range []struct {
			name string
			p    *plan.Plan
		}{{"own card", p}, {"v100", small}, {"expandable", expandable}} {
			r, err := Estimate(c.p)
			if err != nil {
				t.Fatalf("%s (%s): %v", p.Name, c.name, err)
			}
			b, err := PeakBound(c.p)
			if err != nil {
				t.Fatalf("%s (%s): %v", p.Name, c.name, err)
			}
			if b.Peak > r.Peak || b.Low != r.Low {
				t.Errorf("%s (%s): bound %v, estimate peak %v low %v", p.Name, c.name, b, r.Peak, r.Low)
			}
			if c.name == "expandable" && b.Peak != r.Peak {
				t.Errorf("%s: with expandable segments the bound %v is not the peak %v", p.Name, b.Peak, r.Peak)
			}
			if b.Peak == r.Peak {
				exact++
			}
		}
	}
	if len(plans) < 50 || exact < len(plans) {
		t.Errorf("%d plans, %d bounds equal to the peak", len(plans), exact)
	}
	if _, err := PeakBound(&plan.Plan{}); err == nil {
		t.Error("a plan without a model is bounded")
	}
}
