package estimate

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// benchPlan is Llama-3-8B with ZeRO-3 on 8 H100s, batch 1 × 4096 with
// gradient checkpointing: the plan BenchmarkEstimate times.
func benchPlan(tb testing.TB) *plan.Plan {
	return testPlan(tb, "llama-3-8b", func(p *plan.Plan) {
		zero(3, 8, nil)(p)
		p.MicroBatch = plan.Of(1, testOrigin)
		p.SeqLen = plan.Of(4096, testOrigin)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
	})
}

func BenchmarkEstimate(b *testing.B) {
	p := benchPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		forgetReplays() // time the replays, not the memo
		if _, err := Estimate(p); err != nil {
			b.Fatal(err)
		}
	}
}

// benchTrace is the whole trace of benchPlan's job, every step traced.
func benchTrace(b *testing.B) *traceOps {
	e, err := start(benchPlan(b))
	if err != nil {
		b.Fatal(err)
	}
	t := newTracer(e.j, tracedParams(e.j, e.inv), e.inv, e.opt, e.m)
	for k := range traceSteps {
		t.traceStep(k)
	}
	return t.ops
}

// BenchmarkReplay times one replay of benchPlan's trace through the
// allocator model, without limit and on the card, without the memo.
func BenchmarkReplay(b *testing.B) {
	o := benchTrace(b)
	for _, c := range []struct {
		name     string
		capacity int64
	}{{"unlimited", 0}, {"h100", 80 << 30}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o.replay(c.capacity)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(o.ops)), "ns/traced-op")
		})
	}
}
