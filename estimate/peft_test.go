package estimate

import (
	"slices"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// TestAdapterCounts compares LoRA parameter counts with the trainable
// parameters PEFT reported in the calibration runs.
func TestAdapterCounts(t *testing.T) {
	all := []string{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
	tests := []struct {
		name    string
		model   string
		r       int
		targets []string
		want    int64
	}{
		{"qwen2-0.5b r8 q,v", "qwen2-0.5b", 8, []string{"q_proj", "v_proj"}, 540672},
		{"llama-3-8b r8 q,v", "llama-3-8b", 8, []string{"q_proj", "v_proj"}, 3407872},
		{"llama-3-8b r64 all", "llama-3-8b", 64, all, 167772160},
		{"llama-3-8b r256 all", "llama-3-8b", 256, all, 671088640},
		{"all-linear is the same as every projection", "llama-3-8b", 64, []string{"all-linear"}, 167772160},
		{"a dotted path matches by suffix", "llama-3-8b", 8, []string{"self_attn.q_proj", "v_proj"}, 3407872},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := testJob(t, testPlan(t, tt.model, lora(tt.r, tt.targets...)))
			if got := j.peft.count(j.model, j.linears).params; got != tt.want {
				t.Errorf("%d adapter parameters, PEFT reported %d", got, tt.want)
			}
		})
	}
}

func TestAdaptsRegex(t *testing.T) {
	q := catalog.Linear{Name: "q_proj", Path: "self_attn.q_proj"}
	gate := catalog.Linear{Name: "gate_proj", Path: "mlp.gate_proj"}
	tests := []struct {
		name, regex string
		l           catalog.Linear
		layer       int
		want        bool
	}{
		{"MiniCPM-V attention regex", `llm\..*layers\.\d+\.self_attn\.(q_proj|k_proj|v_proj|o_proj)`, q, 3, true},
		{"MiniCPM-V regex skips the MLP", `llm\..*layers\.\d+\.self_attn\.(q_proj|k_proj|v_proj|o_proj)`, gate, 3, false},
		{"layer-restricted regex, in range", `model\.layers\.(0|1)\.self_attn\.q_proj`, q, 1, true},
		{"layer-restricted regex, out of range", `model\.layers\.(0|1)\.self_attn\.q_proj`, q, 2, false},
		{"Mantis's Idefics2 regex reaches text_model", `.*(text_model|modality_projection|perceiver_resampler).*(down_proj|gate_proj|up_proj|k_proj|q_proj|v_proj|o_proj).*$`, gate, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, "llama-3-8b", func(p *plan.Plan) {
				p.PEFT.Method = plan.Of("lora", testOrigin)
				p.PEFT.TargetRegex = plan.Of(tt.regex, testOrigin)
			})
			if got := testJob(t, p).peft.adapts(tt.l, tt.layer, false); got != tt.want {
				t.Errorf("adapts = %t, want %t", got, tt.want)
			}
		})
	}
}

// TestPEFTFallbacks checks the defaults and the safe fallback for a regex
// only Python's engine understands.
func TestPEFTFallbacks(t *testing.T) {
	var notes assumptions
	p := testPlan(t, "llama-3-8b", func(p *plan.Plan) {
		p.PEFT.Method = plan.Of("lora", testOrigin)
		p.PEFT.TargetRegex = plan.Of(`(?!lm_head).*proj`, testOrigin)
		p.PEFT.ModulesToSave = plan.Of([]string{"embed_tokens", "mystery"}, testOrigin)
	})
	c := resolvePEFT(p, p.Model.V, notes.add)
	if !c.all || c.r != defaultLoRARank {
		t.Errorf("all=%t r=%d, want every linear at rank %d", c.all, c.r, defaultLoRARank)
	}
	if !slices.Equal(c.save, []string{partEmbeddings}) {
		t.Errorf("modules_to_save parts %v, want [embeddings]", c.save)
	}
	if len(notes) < 3 {
		t.Errorf("assumptions %q: want the rank, the regex and the unknown module noted", notes)
	}
}

// TestAdapterTensorsMatchCount holds the adapter tensors the estimate
// allocates to the parameters PEFT would add, layer by layer, for every
// catalog model: an MoE whose first layers are dense (DeepSeek-V3's
// first_k_dense_replace) or a hybrid decoder adapts different linears per
// layer.
func TestAdapterTensorsMatchCount(t *testing.T) {
	for _, m := range catalog.Builtin().Models() {
		t.Run(m.ID, func(t *testing.T) {
			p := testPlan(t, "llama-3-8b", lora(8, "all-linear"))
			p.Model = plan.Of(m, testOrigin)
			j := testJob(t, p)
			want := j.peft.count(j.model, j.linears).params
			if got := sumElems(adapterTensors(j, j.model)); got != want {
				t.Errorf("adapter tensors hold %d parameters, PEFT adds %d", got, want)
			}
		})
	}
}
