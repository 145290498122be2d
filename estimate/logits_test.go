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

// TestFusedLoss: Liger's chunk for llama-3.2-1b (vocab 128256, hidden 2048)
// at 4×1024 tokens is 4096/ceil(128256/2048)=4096/63 → 66 → 128 rows; the
// forward holds that chunk in bf16 plus the hidden states' bf16 gradient, and
// the whole estimate drops by more than the logits it no longer holds.
func TestFusedLoss(t *testing.T) {
	liger := func(p *plan.Plan) { p.LossKernel = plan.Of(plan.LossLiger, testOrigin) }
	lg := testJob(t, testPlan(t, "llama-3.2-1b", liger)).lmLogits()
	gradIn := 4 * 1024 * 2048 * 2.0
	if want := 128*128256*2 + gradIn; lg.forward != want || lg.backward != gradIn {
		t.Errorf("liger: forward %.0f backward %.0f, want %.0f and %.0f", lg.forward, lg.backward, want, gradIn)
	}
	cce := testJob(t, testPlan(t, "llama-3.2-1b", func(p *plan.Plan) { p.LossKernel = plan.Of(plan.LossCCE, testOrigin) })).lmLogits()
	if cce.forward != 4*1024*4 {
		t.Errorf("cce: forward %.0f, want one fp32 log-sum-exp per token", cce.forward)
	}
	plain, err := Estimate(testPlan(t, "llama-3.2-1b", nil))
	if err != nil {
		t.Fatal(err)
	}
	fused, err := Estimate(testPlan(t, "llama-3.2-1b", liger))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("llama-3.2-1b b4 s1024: %.2f GiB plain, %.2f GiB with Liger", plain.Peak/GiB, fused.Peak/GiB)
	if fused.Peak >= plain.Peak-plain.Component("logits")/2 {
		t.Errorf("Liger saves too little: %.2f → %.2f GiB (logits %.2f GiB)", plain.Peak/GiB, fused.Peak/GiB, plain.Component("logits")/GiB)
	}
}
