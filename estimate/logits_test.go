package estimate

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLogits: 2 + 4 + 4 B per element while a 16-bit model computes the
// loss (logits, .float() upcast, log-softmax), 4 + 4 for an fp32 model (no
// upcast copy), and three fp32 tensors at the start of backward.
func TestLogits(t *testing.T) {
	const elems = 4 * 1024 * 128256.0
	tests := []struct {
		name     string
		edit     func(p *plan.Plan)
		fwd, bwd float64
	}{
		{"bf16", nil, 10 * elems, 12 * elems},
		{"fp32 weights under bf16 autocast", func(p *plan.Plan) { p.LoadDtype = plan.Of(plan.FP32, testOrigin) }, 10 * elems, 12 * elems},
		{"fp32", func(p *plan.Plan) {
			p.LoadDtype = plan.Of(plan.FP32, testOrigin)
			p.Precision = plan.Of(plan.FP32, testOrigin)
		}, 8 * elems, 12 * elems},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := testJob(t, testPlan(t, "llama-3.2-1b", tt.edit)).lmLogits()
			if lg.forward != tt.fwd || lg.backward != tt.bwd {
				t.Errorf("forward %.0f backward %.0f, want %.0f and %.0f", lg.forward, lg.backward, tt.fwd, tt.bwd)
			}
		})
	}
}
