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
