package estimate

import (
	"slices"
	"testing"

	"github.com/trainlint/trainlint/catalog"
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
	for _, ten := range j.visionLayerTensors(true, nil) {
		if !ten.transient {
			kept += ten.perToken
		}
	}
	if want := 2 * (12.0*h + 2*inter); kept != want {
		t.Errorf("%.0f B/token, want %.0f", kept, want)
	}
	tokens := 4 * 729.0
	projector := tokens*h*2 + tokens*2*896*2
	if got, _ := visionActivations(j, false, nil); got != projector {
		t.Errorf("frozen tower keeps %.0f B, want the projector's %.0f", got, projector)
	}
	if got, _ := visionActivations(j, true, nil); got != projector+tokens*27*kept {
		t.Errorf("trainable tower keeps %.0f B, want %.0f", got, projector+tokens*27*kept)
	}
}

// TestVisionLayerAdapters: the decoder's LoRA targets reach a frozen SigLIP
// tower's q_proj, k_proj and v_proj only (its other linears are out_proj,
// fc1 and fc2), and such a layer keeps 11h + I 16-bit elements per token
// under autocast (fp32 LayerNorm inputs, the adapters' 16-bit inputs, q, k,
// v, the attention output, fc1's output) plus lora_A's three r-wide outputs:
// the frozen casts and the GELU output that fc2 reads are not kept.
func TestVisionLayerAdapters(t *testing.T) {
	const h, inter, r = 1152, 4304, 16
	p := testPlan(t, "llava-siglip-qwen2-0.5b", images(384))
	lora(r, "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")(p)
	j := testJob(t, p)
	inv := buildInventory(j)
	var names []string
	for _, l := range inv.adapters.vision {
		names = append(names, l.Name)
	}
	if !slices.Equal(names, []string{"q_proj", "k_proj", "v_proj"}) {
		t.Fatalf("tower adapters %q, want q_proj, k_proj, v_proj", names)
	}
	var kept float64
	for _, ten := range j.visionLayerTensors(false, inv.adapters.vision) {
		if !ten.transient {
			kept += ten.perToken
		}
	}
	if want := 2 * (11.0*h + inter + 3*r); kept != want {
		t.Errorf("%.0f B/token, want %.0f", kept, want)
	}
}

// TestImagesOverview: InternVL's use_thumbnail, given by the training
// script, overrides the model's own thumbnail: 448×896 cuts into two tiles
// of 256 tokens, plus the thumbnail only with it on.
func TestImagesOverview(t *testing.T) {
	m, err := catalog.Builtin().Model("OpenGVLab/InternVL2_5-8B")
	if err != nil {
		t.Fatal(err)
	}
	tokens := func(overview *bool) int {
		p := testPlan(t, "llava-siglip-qwen2-0.5b", func(p *plan.Plan) {
			p.Model = plan.Of(m, testOrigin)
			p.Images.Width = plan.Of(896, testOrigin)
			p.Images.Height = plan.Of(448, testOrigin)
			p.Images.PerSample = plan.Of(1, testOrigin)
			if overview != nil {
				p.Images.Overview = plan.Of(*overview, testOrigin)
			}
		})
		return testJob(t, p).imageTokens
	}
	on, off := true, false
	if own, with, without := tokens(nil), tokens(&on), tokens(&off); with != 3*256 || without != 2*256 || own != with {
		t.Errorf("image tokens: model's own %d, use_thumbnail true %d, false %d; want 768, 768, 512", own, with, without)
	}
}

// TestImagesSliceSize: InternVL's force_image_size, given by the training
// script, overrides the model's 448-pixel tile: one 224-pixel tile is
// (224/14)² = 256 patches for the tower and 64 tokens after pixel shuffle,
// a quarter of a 448-pixel one.
func TestImagesSliceSize(t *testing.T) {
	m, err := catalog.Builtin().Model("OpenGVLab/InternVL2_5-8B")
	if err != nil {
		t.Fatal(err)
	}
	cls := 0
	if m.Vision.HasClassToken {
		cls = 1
	}
	for _, c := range []struct {
		name               string
		side               int
		llm, towerPerSlice int
	}{
		{"the model's tile", 0, 256, 1024 + cls},
		{"forced to 224", 224, 64, 256 + cls},
		{"forced to 448", 448, 256, 1024 + cls},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := testPlan(t, "llava-siglip-qwen2-0.5b", func(p *plan.Plan) {
				p.Model = plan.Of(m, testOrigin)
				p.Images.Width = plan.Of(448, testOrigin)
				p.Images.Height = plan.Of(448, testOrigin)
				p.Images.PerSample = plan.Of(1, testOrigin)
				p.Images.MaxSlices = plan.Of(1, testOrigin)
				if c.side > 0 {
					p.Images.SliceSize = plan.Of(c.side, testOrigin)
				}
			})
			j := testJob(t, p)
			if j.imageTokens != c.llm || j.visionSliceTokens != c.towerPerSlice {
				t.Errorf("image tokens %d, tower tokens per tile %d; want %d and %d", j.imageTokens, j.visionSliceTokens, c.llm, c.towerPerSlice)
			}
		})
	}
}
