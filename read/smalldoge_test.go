package read

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestSmallDogePT: a small-doge pretraining config is priced as the model
// pt.py builds from its model_init_kwargs (a DogeConfig over its defaults,
// in float32), not as the tokenizer it names nor as a TRL SFT job; an MoE
// one keeps a memory gap that names DogeCDMoE; a Trainer YAML whose
// model_init_kwargs carry no architecture is left to the Trainer reader.
func TestSmallDogePT(t *testing.T) {
	const pt = "model_init_kwargs:\n  vocab_size: 32768\n  hidden_size: 256\n  intermediate_size: 1024\n  num_hidden_layers: 8\n" +
		"  tie_word_embeddings: true\n  num_attention_heads: 2\n  num_key_value_heads: 1\n  attn_implementation: sdpa\n  torch_dtype: bfloat16\n" +
		"model_name_or_path: SmallDoge/Doge-tokenizer\ndatasets_and_ratios:\n  - d: 1.0\nmax_length: 4096\npacking: true\n" +
		"per_device_train_batch_size: 1\nbf16: true\n"
	tests := []struct {
		name, src string
		model     string // "" when a gap is expected
		gap       string // a substring of the gap's detail
	}{
		{name: "dense", src: pt, model: smallDogeModelID},
		{name: "moe", src: strings.Replace(pt, "  tie_word_embeddings: true\n", "  tie_word_embeddings: true\n  is_moe: true\n", 1), gap: "DogeCDMoE"},
		{name: "not pretraining", src: strings.Replace(pt, "datasets_and_ratios:\n  - d: 1.0\n", "", 1), gap: "not modelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := rlPlanOf(t, "config_full.yaml", tt.src)
			if tt.model != "" {
				if !p.Model.Set || p.Model.V.ID != tt.model || len(p.MemoryGaps) != 0 {
					t.Fatalf("model %q (set %v), gaps %+v; want %s and no gap", p.Model.V.ID, p.Model.Set, p.MemoryGaps, tt.model)
				}
				// 32768 × 256 tied embeddings, 8 layers (as catalog's TestDogeCounts): q 256², k and v 256 × 128,
				// dt_proj 128 × 1 and A of 1, o 256², q_norm and k_norm of 128, the MLP 3 × 256 × 1024, two
				// norms and two residual scales.
				layer := int64(256*256+2*256*128+128*1+1+256*256+2*128) + 3*256*1024 + 4*256
				if got, want := p.Model.V.Params().Total, int64(32768*256)+8*layer+256; got != want {
					t.Errorf("%d parameters, want %d", got, want)
				}
				if p.LoadDtype.V != plan.FP32 || p.Attention.V != "sdpa" || p.SeqLen.V != 4096 || p.PaddingFree.V {
					t.Errorf("load %q, attention %q, seq %d, padding-free %v; want fp32, sdpa, 4096, false",
						p.LoadDtype.V, p.Attention.V, p.SeqLen.V, p.PaddingFree.V)
				}
				return
			}
			if p.Model.Set || len(p.MemoryGaps) != 1 || !strings.Contains(p.MemoryGaps[0].What+" "+p.MemoryGaps[0].Detail, tt.gap) {
				t.Errorf("model %q (set %v), gaps %+v; want one gap saying %q", p.Model.V.ID, p.Model.Set, p.MemoryGaps, tt.gap)
			}
		})
	}
}
