package estimate

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// Qwen2.5-VL's tower attends within 112-px windows (8×8 patches) in 28 of
// its 32 layers: under eager attention a 1344² image's 9216 tokens meet
// (4 × 9216 + 28 × 64) / 32 = 1208 keys in an average layer, not 9216.
// Its layer keeps, under bf16 autocast, the fp32 RMSNorm inputs (4h each),
// one cast for the fused qkv, two for gate and up (2h each), q, k, v, the
// rotated q and k, the attention output and its torch.cat copy (2h each)
// and the gated MLP's four intermediate tensors.
func TestQwen25VLTowerLayer(t *testing.T) {
	const h, inter = 1280, 3420
	j := testJob(t, testPlan(t, "vlm/qwen2.5-vl-7b-instruct", func(p *plan.Plan) {
		images(1344)(p)
		p.Attention = plan.Of("eager", testOrigin)
	}))
	if j.visionTokens != 9216 || j.imageTokens != 2304 {
		t.Fatalf("vision %d, LLM image %d tokens; want 9216, 2304", j.visionTokens, j.imageTokens)
	}
	if got := j.visionKeyLength(); got != 1208 {
		t.Errorf("average key length %v, want 1208", got)
	}
	var kept, softmax float64
	for _, ten := range j.visionLayerTensors(true, nil) {
		switch {
		case ten.name == "vision softmax":
			softmax = ten.perToken
		case !ten.transient:
			kept += ten.perToken
		}
	}
	if want := 28.0*h + 8*inter; kept != want {
		t.Errorf("%.0f B/token kept, want %.0f", kept, want)
	}
	if want := eagerScoreBytes(2) * 16 * 1208; softmax != want {
		t.Errorf("eager softmax %.0f B/token, want %.0f", softmax, want)
	}
}

// Every VLM config the catalog reads gets an estimate with its tower's
// activations, for a full fine-tune and for LoRA on the decoder, with the
// tower's own linear modules (PEFT's names) summing to its linear weights.
func TestVLMEstimates(t *testing.T) {
	files, err := filepath.Glob("../testdata/models/vlm/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no configs: %v", err)
	}
	for _, f := range files {
		name := "vlm/" + strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			m, err := catalog.LoadHFConfig(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, edit := range []func(*plan.Plan){images(1024), func(p *plan.Plan) { images(1024)(p); lora(16, "q_proj", "v_proj")(p) }} {
				p := testPlan(t, name, edit)
				r, err := Estimate(p)
				if err != nil {
					t.Fatal(err)
				}
				if v := r.Component("vision-activations"); v <= 0 || math.IsNaN(r.Peak) || r.Peak <= 0 {
					t.Errorf("vision activations %.0f, peak %.0f", v, r.Peak)
				}
			}
			var linear int64
			for _, l := range visionLinears(*m.Vision) {
				linear += l.Params()
			}
			if tower := m.Params().Vision; linear*int64(m.Vision.Layers) >= tower {
				t.Errorf("the tower's linears (%d per layer) exceed its %d params", linear, tower)
			}
		})
	}
}

// Mllama's images take one LLM token each, but its projector's output (6432
// vision tokens × 4096) stays for the 8 cross-attention layers, each of
// which keeps keys and values of 1024 per vision token.
func TestMllamaCrossAttentionStates(t *testing.T) {
	j := testJob(t, testPlan(t, "vlm/llama-3.2-11b-vision-instruct", images(1024)))
	if j.imageTokens != 1 || j.visionTokens != 6432 {
		t.Fatalf("LLM image %d, vision %d tokens; want 1, 6432", j.imageTokens, j.visionTokens)
	}
	if got, want := projectorOutputBytes(j), 4*6432*(4096+8*2*1024)*2.0; got != want {
		t.Errorf("projector output %.0f B, want %.0f", got, want)
	}
}
