package estimate

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestDeepFusionFreeze checks which parameters of Llama 3.2 Vision 11B
// train under torchtune's decoder_trainable, encoder_trainable and
// fusion_trainable (read as frozen decoder, vision and fusion parts): its
// 8 cross-attention layers are layers 3, 8, …, 38 of 40, and a frozen
// decoder keeps only them trainable, with the tower and projector.
func TestDeepFusionFreeze(t *testing.T) {
	base := testJob(t, testPlan(t, "vlm/llama-3.2-11b-vision-instruct", nil))
	m := base.model
	var fusionLayers int64
	for i := 3; i < m.Text.Layers; i += 5 {
		fusionLayers += m.LayerParams(i)
	}
	parts := m.Params()
	if m.Text.Layers != 40 || base.fusionLayers() != 8 {
		t.Fatalf("%d layers, %d cross-attention; want 40, 8", m.Text.Layers, base.fusionLayers())
	}
	tests := []struct {
		name   string
		freeze []string
		want   int64
	}{
		{"nothing frozen", nil, parts.Total},
		{"torchtune default: decoder frozen", []string{"decoder"}, fusionLayers + parts.Vision + parts.Projector},
		{"decoder and encoder frozen", []string{"decoder", "vision"}, fusionLayers + parts.Projector},
		{"fusion frozen", []string{"fusion"}, parts.Total - fusionLayers - parts.Projector},
		{"decoder and fusion frozen", []string{"decoder", "fusion"}, parts.Vision},
		{"language model frozen", []string{"llm"}, parts.Vision + parts.Projector},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := testJob(t, testPlan(t, "vlm/llama-3.2-11b-vision-instruct", func(p *plan.Plan) {
				if tt.freeze != nil {
					p.Freeze = plan.Of(tt.freeze, testOrigin)
				}
			}))
			inv := buildInventory(j)
			if got := inv.trainable(); got != tt.want {
				t.Errorf("%d trainable parameters, want %d", got, tt.want)
			}
			if got := inv.total(); got != parts.Total {
				t.Errorf("%d parameters in all, want %d", got, parts.Total)
			}
			var tensors int64
			for _, ten := range paramTensors(j, inv) {
				if ten.trainable {
					tensors += ten.elems
				}
			}
			if tensors != tt.want {
				t.Errorf("the parameter tensors hold %d trainable parameters, want %d", tensors, tt.want)
			}
		})
	}
}

// TestQuantizeExperts checks that a 4-bit load leaves transformers 5's fused
// experts of Qwen3-30B-A3B (every layer routed) in 16 bits unless the plan
// quantizes them (axolotl's quantize_moe_experts), which then stores every
// expert weight in NF4 beside the attention projections.
func TestQuantizeExperts(t *testing.T) {
	quantized := func(experts bool) int64 {
		return buildInventory(testJob(t, archPlan(t, "qwen3-30b-a3b.json", func(p *plan.Plan) {
			p.Quant = plan.Of(plan.NF4, testOrigin)
			p.QuantizeExperts = plan.Of(experts, testOrigin)
		}))).quantizedParams()
	}
	m := archPlan(t, "qwen3-30b-a3b.json", nil).Model.V
	var perLayer int64
	for _, l := range m.Linears() {
		if l.Fused && l.Count > 1 {
			perLayer += int64(l.In) * int64(l.Out) * int64(l.Count)
		}
	}
	if perLayer == 0 {
		t.Fatal("no fused experts in qwen3-30b-a3b.json")
	}
	plain, with := quantized(false), quantized(true)
	if plain <= 0 {
		t.Errorf("%d parameters quantized without the experts, want the attention projections", plain)
	}
	if want := perLayer * int64(m.Text.Layers); with-plain != want {
		t.Errorf("quantizing the experts adds %d quantized parameters, want %d (%d layers × %d)", with-plain, want, m.Text.Layers, perLayer)
	}
}
