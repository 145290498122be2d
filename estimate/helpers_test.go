package estimate

import (
	"flag"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// update rewrites the golden files and ACCURACY.md from the current model.
var update = flag.Bool("update", false, "rewrite testdata/estimate/*.golden and ACCURACY.md")

var testOrigin = plan.Default("test")

// loadModel reads one of the model configs the calibration runs used.
func loadModel(tb testing.TB, name string) catalog.Model {
	tb.Helper()
	m, err := catalog.LoadHFConfig("../testdata/models/" + name + ".json")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func h100(tb testing.TB) catalog.GPU {
	tb.Helper()
	g, err := catalog.Builtin().GPU("h100-80gb")
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// testPlan is a single-H100, bf16, packed, sdpa, AdamW plan for the named
// model; edit changes it further.
func testPlan(tb testing.TB, model string, edit func(p *plan.Plan)) *plan.Plan {
	tb.Helper()
	d := testOrigin
	p := &plan.Plan{Name: model}
	p.Model = plan.Of(loadModel(tb, model), d)
	p.Hardware.GPU = plan.Of(h100(tb), d)
	p.Hardware.GPUsPerNode = plan.Of(1, d)
	p.Hardware.Nodes = plan.Of(1, d)
	p.LoadDtype = plan.Of(plan.BF16, d)
	p.Precision = plan.Of(plan.BF16, d)
	p.MicroBatch = plan.Of(4, d)
	p.SeqLen = plan.Of(1024, d)
	p.GradAccum = plan.Of(1, d)
	p.Optimizer = plan.Of("adamw_torch", d)
	p.Attention = plan.Of("sdpa", d)
	p.Packing = plan.Of(true, d)
	p.Eval.Enabled = plan.Of(false, d)
	if edit != nil {
		edit(p)
	}
	return p
}

// testJob resolves a plan as Estimate does, discarding the assumptions.
func testJob(tb testing.TB, p *plan.Plan) *job {
	tb.Helper()
	j, err := resolve(p, func(string, ...any) {})
	if err != nil {
		tb.Fatal(err)
	}
	return j
}

func lora(r int, targets ...string) func(p *plan.Plan) {
	return func(p *plan.Plan) {
		p.PEFT.Method = plan.Of("lora", testOrigin)
		p.PEFT.R = plan.Of(r, testOrigin)
		p.PEFT.TargetModules = plan.Of(targets, testOrigin)
	}
}

// forgetReplays empties the replay memo, so that a benchmark times the
// replays themselves.
func forgetReplays() {
	replays.mu.Lock()
	clear(replays.m)
	replays.mu.Unlock()
}
