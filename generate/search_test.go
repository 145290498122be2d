package generate

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// fakeModel prices a plan with a few round numbers (GiB), so the search's
// choices can be predicted by hand: activations scale with the micro batch
// and shrink to a third with checkpointing; states shrink with the ZeRO
// stage and offload; LoRA leaves little of them; offload costs host RAM.
type fakeModel struct {
	actPerSample float64 // GiB per sample of the micro batch
	states       float64 // GiB of weights, gradients and optimizer at ZeRO-2
	capacity     float64
	cpuCapacity  float64
}

func (f fakeModel) estimate(p *plan.Plan) (*estimate.Result, error) {
	act := f.actPerSample * float64(p.MicroBatch.V)
	if p.GradientCheckpointing.V {
		act /= 3
	}
	states := f.states
	if p.ZeRO.Stage.V >= 3 {
		states /= 2
	}
	cpu := 0.0
	if p.ZeRO.OffloadOptimizer.V == plan.OffloadCPU {
		states /= 4
		cpu = 100
	}
	if p.UsesPEFT() {
		states /= 10
	}
	if p.Optimizer.V == "adamw_torch_fused" {
		states -= 0.5
	}
	return &estimate.Result{
		Peak:        (act + states) * estimate.GiB,
		Capacity:    f.capacity * estimate.GiB,
		CPUPeak:     cpu * estimate.GiB,
		CPUCapacity: f.cpuCapacity * estimate.GiB,
	}, nil
}

func TestFitChoices(t *testing.T) {
	// The checkpointing case: 8 × A100-80GB, micro batch 8, accumulation 2,
	// ZeRO-2, no checkpointing.
	job := loadJob(t, "../testdata/generate/checkpointing/in", "")
	tests := []struct {
		name      string
		model     fakeModel
		unsafe    bool
		margin    float64
		wantKnobs []string // ids of the chosen knobs, in order; nil when nothing changes
		wantFits  bool
		wantNote  string
		wantAlt   string // a knob id the unsafe alternative must name
	}{
		{
			// 8×8+20 = 84: micro 4 gives 52 (rank 4), checkpointing 41 (rank 30).
			name: "mildest micro batch beats checkpointing", model: fakeModel{actPerSample: 8, states: 20, capacity: 80},
			wantKnobs: []string{"micro-batch-4"}, wantFits: true,
		},
		{
			// 80+70 = 150 on a limit of 76: no knob alone fits (micro 1: 80,
			// checkpointing: 96.7, ZeRO-3: 115). Micro 4 with ZeRO-3 gives
			// 75 at rank 4+25, cheaper than checkpointing with micro 1
			// (73.3 at rank 30+12).
			name: "a combination", model: fakeModel{actPerSample: 10, states: 70, capacity: 80},
			wantKnobs: []string{"micro-batch-4", "zero-stage-3"}, wantFits: true,
		},
		{
			name: "fits already", model: fakeModel{actPerSample: 1, states: 10, capacity: 80},
			wantFits: true, wantNote: "fits already",
		},
		{
			// 8+70.5 = 78.5: under 80 but over the 5% margin (76); micro 4
			// gives 74.5.
			name: "margin counts", model: fakeModel{actPerSample: 1, states: 70.5, capacity: 80},
			wantKnobs: []string{"micro-batch-4"}, wantFits: true,
		},
		{
			// A limit of 64: micro 1 (71.5) is not enough; ZeRO-3 (43.25) is.
			name: "a wider margin asks for more", model: fakeModel{actPerSample: 1, states: 70.5, capacity: 80}, margin: 0.2,
			wantKnobs: []string{"zero-stage-3"}, wantFits: true,
		},
		{
			// States of 400 GiB need offload (÷4 → 100, ÷8 with ZeRO-3 → 50),
			// but the host has 64 GiB: only LoRA fits, and it is unsafe.
			name: "host RAM rules out offload; unsafe named", model: fakeModel{actPerSample: 1, states: 400, capacity: 80, cpuCapacity: 64},
			wantFits: false, wantAlt: "lora", wantNote: "no combination of safe knobs fits",
		},
		{
			name: "unsafe allowed", model: fakeModel{actPerSample: 1, states: 400, capacity: 80, cpuCapacity: 64}, unsafe: true,
			wantKnobs: []string{"lora"}, wantFits: true,
		},
		{
			name: "with host RAM, offload", model: fakeModel{actPerSample: 1, states: 400, capacity: 80, cpuCapacity: 1024},
			wantKnobs: []string{"zero-stage-3", "offload-optimizer"}, wantFits: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			margin := tt.margin
			if margin == 0 {
				margin = goldenMargin
			}
			res, err := Fit(job, Options{Estimate: tt.model.estimate, Unsafe: tt.unsafe, Margin: margin})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, k := range res.Knobs {
				got = append(got, k.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.wantKnobs, " ") {
				t.Errorf("knobs = %v, want %v (%s)", got, tt.wantKnobs, res.Note)
			}
			if res.Fits != tt.wantFits {
				t.Errorf("fits = %v, want %v (%s)", res.Fits, tt.wantFits, res.Note)
			}
			if !strings.Contains(res.Note, tt.wantNote) {
				t.Errorf("note %q lacks %q", res.Note, tt.wantNote)
			}
			if tt.wantAlt != "" && (res.Unsafe == nil || res.Unsafe.Safety != lint.Unsafe || !strings.Contains(res.Unsafe.Title, "LoRA")) {
				t.Errorf("unsafe alternative = %+v, want one naming %s", res.Unsafe, tt.wantAlt)
			}
			if (len(res.Files) > 0) != (len(tt.wantKnobs) > 0) {
				t.Errorf("%d files change, want changes only with knobs", len(res.Files))
			}
			for _, f := range res.Fixes {
				if f.Safety == lint.Unsafe && !tt.unsafe {
					t.Errorf("an unsafe fix was applied without Unsafe: %s", f.Title)
				}
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	job := loadJob(t, "../testdata/generate/checkpointing/in", "")
	// 8×8+20 = 84 GiB on 80: micro 4 fits, micro 2 and 1 too; only the
	// mildest (4) is kept.
	got, err := Suggest(job, Options{Estimate: fakeModel{actPerSample: 8, states: 20, capacity: 80}.estimate})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	last := 0.0
	for _, s := range got {
		if seen[s.Knob.Group] {
			t.Errorf("group %s suggested twice", s.Knob.Group)
		}
		seen[s.Knob.Group] = true
		if s.Fix.PeakAfterGiB < last {
			t.Errorf("not sorted by peak: %.2f after %.2f", s.Fix.PeakAfterGiB, last)
		}
		last = s.Fix.PeakAfterGiB
		if s.SavedGiB <= 0 || s.Fix.Cost == "" || s.Fix.Title == "" {
			t.Errorf("suggestion %+v lacks a saving, cost or title", s)
		}
		if s.Knob.Group == "micro-batch" && s.Knob.ID != "micro-batch-4" {
			t.Errorf("micro batch suggestion %s, want the mildest that fits (micro-batch-4)", s.Knob.ID)
		}
		if s.Knob.ID == "more-gpus" && len(s.Fix.Changes) > 0 {
			t.Error("more GPUs is advice, with no changes")
		}
	}
	for _, id := range []string{"micro-batch", "gradient-checkpointing", "zero-stage", "peft"} {
		if !seen[id] {
			t.Errorf("no %s suggestion among %d", id, len(got))
		}
	}
}

// TestSuggestSpelled: for a verl job every suggestion but advice carries
// changes in verl's keys, and the knobs verl's parser has no key for (an
// 8-bit optimizer, LoRA) are not suggested at all.
func TestSuggestSpelled(t *testing.T) {
	job := loadJob(t, "../testdata/generate/verl-rollout-memory/in", "")
	got, err := Suggest(job, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range got {
		seen[s.Knob.Group] = true
		if s.Knob.Advice {
			continue
		}
		if len(s.Fix.Changes) == 0 {
			t.Errorf("%s is suggested with no change", s.Knob.ID)
		}
		for _, c := range s.Fix.Changes {
			if k := keyName(c); !strings.HasPrefix(k, "actor_rollout_ref.") {
				t.Errorf("%s writes %q, not a verl key", s.Knob.ID, k)
			}
		}
	}
	for _, g := range []string{"micro-batch"} {
		if !seen[g] {
			t.Errorf("no %s suggestion among %d", g, len(got))
		}
	}
	for _, g := range []string{"optimizer", "peft"} {
		if seen[g] {
			t.Errorf("%s is suggested, but verl has no key for it", g)
		}
	}
}

// TestMicroBatchKeepsGlobalBatch checks every micro-batch knob of a range of
// batches keeps micro × accumulation × world exactly.
func TestMicroBatchKeepsGlobalBatch(t *testing.T) {
	for _, mb := range []int{1, 2, 3, 6, 8, 12, 16, 64} {
		for _, ga := range []int{1, 3, 8} {
			p := &plan.Plan{MicroBatch: plan.Of(mb, plan.Origin{}), GradAccum: plan.Of(ga, plan.Origin{})}
			p.Hardware.GPUsPerNode = plan.Of(8, plan.Origin{})
			n := 0
			for _, k := range microBatchKnobs(p) {
				q, ok := k.Apply(p)
				if !ok {
					t.Fatalf("%s does not apply to its own plan", k.ID)
				}
				if q.MicroBatch.V*q.GradAccum.V != mb*ga || mb%q.MicroBatch.V != 0 || q.MicroBatch.V >= mb {
					t.Errorf("micro %d × accum %d → %s gives %d × %d", mb, ga, k.ID, q.MicroBatch.V, q.GradAccum.V)
				}
				if p.MicroBatch.V != mb {
					t.Error("Apply changed the original plan")
				}
				if _, again := k.Apply(q); again {
					t.Errorf("%s applies twice", k.ID)
				}
				n++
			}
			divisors := 0
			for d := 1; d < mb; d++ {
				if mb%d == 0 {
					divisors++
				}
			}
			if n != divisors {
				t.Errorf("micro %d: %d knobs, want one per proper divisor (%d)", mb, n, divisors)
			}
		}
	}
}

// BenchmarkFit separates the search's own cost (with a constant-time
// estimator) from the estimator's: go test ./generate -bench Fit -run X.
func BenchmarkFit(b *testing.B) {
	job := loadJobB(b, "../testdata/generate/fit-llama3-a100/in")
	for _, bc := range []struct {
		name string
		est  func(*plan.Plan) (*estimate.Result, error)
	}{
		{"fake-estimator", fakeModel{actPerSample: 10, states: 70, capacity: 80}.estimate},
		{"estimator", estimate.Estimate},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Fit(job, Options{Estimate: bc.est}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func loadJobB(b *testing.B, dir string) *read.Job {
	res := read.Load([]string{dir}, read.Options{})
	if len(res.Errors) > 0 || len(res.Jobs) == 0 {
		b.Fatalf("load %s: %v", dir, res.Errors)
	}
	return res.Jobs[0]
}
