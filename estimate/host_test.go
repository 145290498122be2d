package estimate

import (
	"math"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func hostTerm(r *Result, name string) float64 {
	for _, c := range r.CPUBreakdown {
		if c.Name == name {
			return c.Bytes
		}
	}
	return 0
}

// TestHostMemory checks the host side per node: DeepSpeed's offload
// accounting (×1.5 as its estimator does), zero.Init's partitioned loading,
// every rank loading the whole model otherwise.
func TestHostMemory(t *testing.T) {
	const p = 8030261248.0
	tests := []struct {
		name           string
		edit           func(p *plan.Plan)
		offload, loads float64
	}{
		{"zero3 offload both", zero(3, 8, func(z *plan.ZeRO) {
			z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin)
			z.OffloadParam = plan.Of(plan.OffloadCPU, testOrigin)
		}), 18 * p * 1.5, 2 * p},
		{"zero2 offload optimizer", zero(2, 8, func(z *plan.ZeRO) {
			z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin)
		}), 16 * p * 1.5, 8 * 2 * p},
		{"plain DDP", func(p *plan.Plan) { p.Hardware.GPUsPerNode = plan.Of(8, testOrigin) }, 0, 8 * 2 * p},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Estimate(testPlan(t, "llama-3-8b", tt.edit))
			if err != nil {
				t.Fatal(err)
			}
			if got := hostTerm(r, "offload"); math.Abs(got-tt.offload) > 1 {
				t.Errorf("offload %.4g B, want %.4g", got, tt.offload)
			}
			if got := hostTerm(r, "model-loading"); math.Abs(got-tt.loads) > 1 {
				t.Errorf("model loading %.4g B, want %.4g", got, tt.loads)
			}
		})
	}
}
