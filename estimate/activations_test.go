package estimate

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// TestDecoderLayerBytes pins the per-token bytes one Qwen2-0.5B layer keeps
// (h 896, q 896, kv 128, MLP 4864), derived by hand from the autograd
// nodes of the layer (see decoderLayer).
func TestDecoderLayerBytes(t *testing.T) {
	const h, kv, inter, heads = 896, 128, 4864, 14
	norm := 4.0*h + 2*h + 2*h // fp32 input, normalized, output
	attn := 2.0*kv + 2*h + 2*kv + 2*h + 4*heads
	mlp := 4 * 2.0 * inter
	tests := []struct {
		name   string
		edit   func(p *plan.Plan)
		want   float64
		scores float64 // bytes per token per key
	}{
		{"bf16 sdpa full fine-tune", nil, 2*norm + attn + mlp, 0},
		{"fp32 weights under bf16 autocast", func(p *plan.Plan) { p.LoadDtype = plan.Of(plan.FP32, testOrigin) },
			2*(4*h+4*h) + 3*2*h + 2*2*h + attn + mlp, 0},
		{"eager repeats k and v and keeps both softmaxes", func(p *plan.Plan) { p.Attention = plan.Of("eager", testOrigin) },
			2*norm + 2*h + 2*h + 2*h + 2*h + 4*heads + mlp, 6 * heads},
		{"padded batches repeat k and v and keep the mask as a bias", func(p *plan.Plan) { p.Packing = plan.Of(false, testOrigin) },
			2*norm + 2*h + 2*h + 2*h + 2*h + 4*heads + mlp, 2},
		{"fp32 GQA falls back to the math kernel", func(p *plan.Plan) {
			p.LoadDtype = plan.Of(plan.FP32, testOrigin)
			p.Precision = plan.Of(plan.FP32, testOrigin)
		}, 2*(4*h+4*h+4*h) + 4*h*4 + 4*heads + 4*4*inter, 4 * heads},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := testJob(t, testPlan(t, "qwen2-0.5b", tt.edit)).decoderLayer(nil)
			if l.perToken != tt.want || l.scores != tt.scores {
				t.Errorf("%.0f B/token + %.0f B/token/key, want %.0f + %.0f (%v)", l.perToken, l.scores, tt.want, tt.scores, l.tensors)
			}
		})
	}
}

// TestLoRALayerBytes: frozen base linears keep nothing; each adapter keeps
// a 16-bit copy of its input and its r-wide lora_A output.
func TestLoRALayerBytes(t *testing.T) {
	const h, kv, inter, heads, r = 896, 128, 4864, 14, 8
	j := testJob(t, testPlan(t, "qwen2-0.5b", lora(r, "q_proj", "v_proj")))
	inv := buildInventory(j)
	l := j.decoderLayer(inv.adapters.perLayer)
	want := 4.0*h + 2*(2*h) + // attention norm fp32 input, two adapter input copies
		2*kv + 2*h + 2*kv + 2*h + 4*heads + // v, q, k, attention output
		4.0*h + 3*2*inter + // MLP norm fp32 input, gate/act/up
		2*r*2 // lora_A outputs
	if l.perToken != want {
		t.Errorf("%.0f B/token, want %.0f (%v)", l.perToken, want, l.tensors)
	}
}

// TestCheckpointing: each layer keeps only its input, one layer is
// recomputed in backward.
func TestCheckpointing(t *testing.T) {
	j := testJob(t, testPlan(t, "qwen2-0.5b", func(p *plan.Plan) { p.GradientCheckpointing = plan.Of(true, testOrigin) }))
	a := j.decoderActivations(nil, true, false, nil)
	tokens := 4.0 * 1024
	if want := 24 * tokens * 2 * 896; a.saved != want {
		t.Errorf("checkpoints %.0f B, want %.0f", a.saved, want)
	}
	if a.layer != a.perLayer || a.layer <= a.ckptLayer {
		t.Errorf("recomputed layer %.0f B, per layer %.0f, checkpoint %.0f", a.layer, a.perLayer, a.ckptLayer)
	}
}

func TestAttentionKernel(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *plan.Plan)
		want kernel
	}{
		{"packed sdpa runs native GQA", nil, flashKernel},
		{"padded sdpa repeats k/v", func(p *plan.Plan) { p.Packing = plan.Of(false, testOrigin) }, repeatedKV},
		{"flash_attention_2 unpads, native GQA", func(p *plan.Plan) {
			p.Packing = plan.Of(false, testOrigin)
			p.Attention = plan.Of("flash_attention_2", testOrigin)
		}, flashKernel},
		{"eager", func(p *plan.Plan) { p.Attention = plan.Of("eager", testOrigin) }, eagerKernel},
		{"fp32 GQA", func(p *plan.Plan) {
			p.LoadDtype = plan.Of(plan.FP32, testOrigin)
			p.Precision = plan.Of(plan.FP32, testOrigin)
		}, mathKernel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testJob(t, testPlan(t, "qwen2-0.5b", tt.edit)).kernel; got != tt.want {
				t.Errorf("kernel %d, want %d", got, tt.want)
			}
		})
	}
}

// TestDogeDynamicMask: Doge passes a per-head mask to attention in every layer, packed or not, so sdpa repeats
// k and v and the memory-efficient kernel keeps the bf16 mask (2 bytes × heads per token and key); eager adds
// it to the scores and keeps only its own softmaxes.
func TestDogeDynamicMask(t *testing.T) {
	const cfg = `{"model_type": "doge", "vocab_size": 32768, "hidden_size": 768, "intermediate_size": 1536,
		"num_hidden_layers": 24, "num_attention_heads": 6, "num_key_value_heads": 3, "tie_word_embeddings": true}`
	m, err := catalog.ParseHFConfig([]byte(cfg), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	const heads = 6
	tests := []struct {
		name   string
		edit   func(p *plan.Plan)
		kernel kernel
		scores float64 // bytes per token per key
	}{
		{"packed sdpa keeps the mask per head", nil, repeatedKV, 2 * heads},
		{"eager adds it to the scores", func(p *plan.Plan) { p.Attention = plan.Of("eager", testOrigin) }, eagerKernel, 6 * heads},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, "qwen2-0.5b", func(p *plan.Plan) {
				p.Model = plan.Of(m, testOrigin)
				if tt.edit != nil {
					tt.edit(p)
				}
			})
			j := testJob(t, p)
			if j.kernel != tt.kernel || !j.sdpaMask {
				t.Errorf("kernel %d (mask %t), want %d with the causal mask materialized", j.kernel, j.sdpaMask, tt.kernel)
			}
			l := j.decoderLayer(nil)
			if l.scores != tt.scores {
				t.Errorf("%.0f B/token/key, want %.0f (%v)", l.scores, tt.scores, l.tensors)
			}
			// The two residual scales each keep the bf16 residual they multiply.
			var scaled float64
			for _, x := range l.tensors {
				if strings.HasSuffix(x.name, "residual operand") {
					scaled += x.perToken
				}
			}
			if scaled != 2*2*768 {
				t.Errorf("residual scales keep %.0f B/token, want %d", scaled, 2*2*768)
			}
		})
	}
}
