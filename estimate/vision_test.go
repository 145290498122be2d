package estimate

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func images(side int) func(p *plan.Plan) {
	return func(p *plan.Plan) {
		p.Images.Width = plan.Of(side, testOrigin)
		p.Images.Height = plan.Of(side, testOrigin)
		p.Images.PerSample = plan.Of(1, testOrigin)
	}
}

// TestVisionTokens: SigLIP at 384 px with 14 px patches gives 27² = 729
// tokens, all passed to the LLM (LLaVA "full" feature selection), on top of
// the text tokens.
func TestVisionTokens(t *testing.T) {
	j := testJob(t, testPlan(t, "llava-siglip-qwen2-0.5b", images(384)))
	if j.visionTokens != 729 || j.imageTokens != 729 || j.tokens() != 4*(1024+729) {
		t.Errorf("vision %d, LLM image %d, tokens %.0f", j.visionTokens, j.imageTokens, j.tokens())
	}
}

// TestVisionLayer: under bf16 autocast a SigLIP layer keeps 12h + 2I
// 16-bit elements per token (fp32 LayerNorm inputs, per-consumer casts), a
// frozen tower only its features for the projector.
func TestVisionLayer(t *testing.T) {
	const h, inter = 1152, 4304
	j := testJob(t, testPlan(t, "llava-siglip-qwen2-0.5b", images(384)))
	var kept float64
	for _, ten := range j.visionLayerTensors() {
		if !ten.transient {
			kept += ten.perToken
		}
	}
	if want := 2 * (12.0*h + 2*inter); kept != want {
		t.Errorf("%.0f B/token, want %.0f", kept, want)
	}
	tokens := 4 * 729.0
	projector := tokens*h*2 + tokens*2*896*2
	if got, _ := visionActivations(j, false, 0); got != projector {
		t.Errorf("frozen tower keeps %.0f B, want the projector's %.0f", got, projector)
	}
	if got, _ := visionActivations(j, true, 0); got != projector+tokens*27*kept {
		t.Errorf("trainable tower keeps %.0f B, want %.0f", got, projector+tokens*27*kept)
	}
}
