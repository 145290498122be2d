package estimate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// resultsPath keeps every figure Estimate produces for a broad set of plans,
// bit for bit, so that work on the estimator's speed cannot move a number.
// `go test ./estimate -run TestResultsUnchanged -update` rewrites it.
var resultsPath = filepath.Join("..", "testdata", "estimate", "results.golden")

// resultsCase is one plan of the results golden file.
type resultsCase struct {
	name string
	plan *plan.Plan
}

// resultsCases are every calibration row, the breakdown golden plans, and a
// matrix of the calibrated models under each parallelism, optimizer and
// precision path the allocator trace takes.
func resultsCases(tb testing.TB) []resultsCase {
	var cases []resultsCase
	for i, m := range loadMeasurements(tb) {
		if m.Case.Model == "" {
			continue
		}
		p, err := m.plan()
		if err != nil {
			tb.Fatalf("%s: %v", m.ID, err)
		}
		cases = append(cases, resultsCase{fmt.Sprintf("calibration/%02d/%s", i, m.ID), p})
	}
	golden := goldenPlans(tb)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range golden {
			if !yield(k) {
				return
			}
		}
	}) {
		cases = append(cases, resultsCase{"golden/" + name, golden[name]})
	}
	models, err := filepath.Glob(filepath.Join("..", "testdata", "models", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, path := range models {
		model := strings.TrimSuffix(filepath.Base(path), ".json")
		for _, v := range resultsVariants {
			p := testPlan(tb, model, v.edit)
			if p.Model.V.Vision != nil && !p.Images.Width.Set {
				images(384)(p)
			}
			cases = append(cases, resultsCase{"matrix/" + model + "/" + v.name, p})
		}
	}
	return cases
}

var resultsVariants = []struct {
	name string
	edit func(p *plan.Plan)
}{
	{"single", nil},
	{"single-gc-ga2", func(p *plan.Plan) {
		p.GradientCheckpointing = plan.Of(true, testOrigin)
		p.GradAccum = plan.Of(2, testOrigin)
	}},
	{"ddp2-adafactor", func(p *plan.Plan) {
		p.Hardware.GPUsPerNode = plan.Of(2, testOrigin)
		p.Optimizer = plan.Of("adafactor", testOrigin)
	}},
	{"ddp4-fused-eager", func(p *plan.Plan) {
		p.Hardware.GPUsPerNode = plan.Of(4, testOrigin)
		p.Optimizer = plan.Of("adamw_torch_fused", testOrigin)
		p.Attention = plan.Of("eager", testOrigin)
	}},
	{"zero1-8", zero(1, 8, nil)},
	{"zero2-8-ga2-8bit", func(p *plan.Plan) {
		zero(2, 8, nil)(p)
		p.GradAccum = plan.Of(2, testOrigin)
		p.Optimizer = plan.Of("adamw_8bit", testOrigin)
	}},
	{"zero3-8-gc", func(p *plan.Plan) {
		zero(3, 8, nil)(p)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
	}},
	{"zero3-8-offload", zero(3, 8, func(z *plan.ZeRO) {
		z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin)
		z.OffloadParam = plan.Of(plan.OffloadCPU, testOrigin)
	})},
	{"zero3-4-subgroup1000-fp16", func(p *plan.Plan) {
		zero(3, 4, func(z *plan.ZeRO) { z.SubGroupSize = plan.Of(int64(1000), testOrigin) })(p)
		p.Precision = plan.Of(plan.FP16, testOrigin)
		p.LoadDtype = plan.Of(plan.FP32, testOrigin)
	}},
	{"zero3-2-subgroup1e7-adagrad", func(p *plan.Plan) {
		zero(3, 2, func(z *plan.ZeRO) { z.SubGroupSize = plan.Of(int64(1e7), testOrigin) })(p)
		p.Optimizer = plan.Of("adagrad", testOrigin)
	}},
	{"fsdp-full-2", fsdp("full_shard", 2, 1)},
	{"fsdp-full-2-fp32-gc", func(p *plan.Plan) {
		fsdp("full_shard", 2, 1)(p)
		p.LoadDtype = plan.Of(plan.FP32, testOrigin)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
	}},
	{"fsdp-sgo-4-ga2", func(p *plan.Plan) {
		fsdp("shard_grad_op", 4, 1)(p)
		p.GradAccum = plan.Of(2, testOrigin)
	}},
	{"fsdp-hybrid-2x2-adafactor", func(p *plan.Plan) {
		fsdp("hybrid_shard", 2, 2)(p)
		p.Optimizer = plan.Of("adafactor", testOrigin)
	}},
	{"fsdp-hybrid-zero2-2x2-eager", func(p *plan.Plan) {
		fsdp("_hybrid_shard_zero2", 2, 2)(p)
		p.Attention = plan.Of("eager", testOrigin)
	}},
	{"fsdp-full-2-cpu-offload", func(p *plan.Plan) {
		fsdp("full_shard", 2, 1)(p)
		p.FSDP.CPUOffload = plan.Of(true, testOrigin)
	}},
	{"lora-all-eager-ga4", func(p *plan.Plan) {
		lora(16, "all-linear")(p)
		p.Attention = plan.Of("eager", testOrigin)
		p.GradAccum = plan.Of(4, testOrigin)
	}},
	{"qlora-nf4-paged-gc", func(p *plan.Plan) {
		lora(64, "all-linear")(p)
		p.PEFT.Method = plan.Of("qlora", testOrigin)
		p.Quant = plan.Of(plan.NF4, testOrigin)
		p.Optimizer = plan.Of("paged_adamw_8bit", testOrigin)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
	}},
	{"fp32-load-fp16-lion8bit", func(p *plan.Plan) {
		p.LoadDtype = plan.Of(plan.FP32, testOrigin)
		p.Precision = plan.Of(plan.FP16, testOrigin)
		p.Optimizer = plan.Of("lion_8bit", testOrigin)
	}},
	{"fp32-4bit-adam", func(p *plan.Plan) {
		p.LoadDtype = plan.Of(plan.FP32, testOrigin)
		p.Precision = plan.Of(plan.FP32, testOrigin)
		p.Optimizer = plan.Of("adamw_torch_4bit", testOrigin)
	}},
	{"paged32-sgd-eval", func(p *plan.Plan) {
		p.Optimizer = plan.Of("paged_adamw_32bit", testOrigin)
		p.Eval.Enabled = plan.Of(true, testOrigin)
	}},
	{"freeze-sgd-b8-s2048", func(p *plan.Plan) {
		p.Optimizer = plan.Of("sgd", testOrigin)
		p.MicroBatch = plan.Of(8, testOrigin)
		p.SeqLen = plan.Of(2048, testOrigin)
		p.Freeze = plan.Of([]string{"embeddings"}, testOrigin)
	}},
	{"24gib-card-b8", func(p *plan.Plan) {
		// A small card makes the allocator release free segments and overflow.
		g := p.Hardware.GPU.V
		g.MemoryMiB = 24 << 10
		p.Hardware.GPU = plan.Of(g, testOrigin)
		p.MicroBatch = plan.Of(8, testOrigin)
	}},
}

// renderResult writes every figure of a result in a form that round-trips
// (strconv's shortest representation of a float64 is exact).
func renderResult(r *Result) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	var b strings.Builder
	fmt.Fprintf(&b, "peak=%s phase=%q cpu=%s gpu:", f(r.Peak), r.PeakPhase, f(r.CPUPeak))
	for _, c := range r.Breakdown {
		b.WriteString(" " + f(c.Bytes))
	}
	b.WriteString(" host:")
	for _, c := range r.CPUBreakdown {
		b.WriteString(" " + f(c.Bytes))
	}
	return b.String()
}

// TestResultsUnchanged holds Estimate to the figures in resultsPath, bit for
// bit. Components are kept by position, not name, so a renamed component
// does not fail it; a changed number does.
func TestResultsUnchanged(t *testing.T) {
	var b strings.Builder
	for _, c := range resultsCases(t) {
		r, err := Estimate(c.plan)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		fmt.Fprintf(&b, "%s\t%s\n", c.name, renderResult(r))
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(resultsPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(resultsPath)
	if err != nil {
		t.Fatalf("%v (run go test ./estimate -run TestResultsUnchanged -update)", err)
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	if len(gotLines) != len(wantLines) {
		t.Errorf("%d results, %s holds %d", len(gotLines)-1, resultsPath, len(wantLines)-1)
	}
	for i := range min(len(gotLines), len(wantLines)) {
		if gotLines[i] != wantLines[i] {
			t.Errorf("result differs from %s:\n got: %s\nwant: %s", resultsPath, gotLines[i], wantLines[i])
		}
	}
}

// TestEstimateConcurrent runs estimates at once, as the lint driver's
// workers do, and expects each to equal the same estimate run alone: the
// allocators they reuse share nothing while in use.
func TestEstimateConcurrent(t *testing.T) {
	var cases []resultsCase
	for i, c := range resultsCases(t) {
		if i%5 == 0 {
			cases = append(cases, c)
		}
	}
	want := make([]string, len(cases))
	for i, c := range cases {
		r, err := Estimate(c.plan)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want[i] = renderResult(r)
	}
	const workers = 4
	got := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		got[w] = make([]string, len(cases))
		wg.Go(func() {
			for k := range cases {
				i := (k + w*len(cases)/workers) % len(cases) // each worker starts elsewhere
				if r, err := Estimate(cases[i].plan); err == nil {
					got[w][i] = renderResult(r)
				}
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i, c := range cases {
			if got[w][i] != want[i] {
				t.Errorf("%s, worker %d: %s, alone %s", c.name, w, got[w][i], want[i])
			}
		}
	}
}
