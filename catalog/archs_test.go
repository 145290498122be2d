package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// archCounts is testdata/archs/counts.json.
type archCounts struct {
	Models []struct {
		File      string `json:"file"`
		Repo      string `json:"repo"`
		Published int64  `json:"published"`
		Precision int64  `json:"precision"`
	} `json:"models"`
}

// Every decoder config of testdata/archs parses and counts to the total published for its model.
func TestArchCounts(t *testing.T) {
	dir := filepath.Join("..", "testdata", "archs")
	data, err := os.ReadFile(filepath.Join(dir, "counts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c archCounts
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"counts.json": true, "transformers_counts.json": true}
	for _, m := range c.Models {
		listed[m.File] = true
		t.Run(m.File, func(t *testing.T) {
			got, err := LoadHFConfig(filepath.Join(dir, m.File))
			if err != nil {
				t.Fatal(err)
			}
			total := got.Params().Total
			if diff := total - m.Published; 2*max(diff, -diff) > m.Precision {
				t.Errorf("%s: counted %d, published %d ± %d (off by %d)", m.Repo, total, m.Published, m.Precision/2, diff)
			}
		})
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s has no entry in counts.json", f)
		}
	}
}

// calibrate/count_params.py's output, when the lead has saved it, must equal the catalog's counts exactly: it is
// what transformers itself builds from each config.json.
func TestArchCountsMatchTransformers(t *testing.T) {
	dir := filepath.Join("..", "testdata", "archs")
	data, err := os.ReadFile(filepath.Join(dir, "transformers_counts.json"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no transformers_counts.json yet (run calibrate/count_params.py on a machine with transformers)")
	}
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		File   string `json:"file"`
		Params int64  `json:"params"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Run(filepath.Base(r.File), func(t *testing.T) {
			if r.Error != "" {
				t.Skipf("transformers could not build it: %s", r.Error)
			}
			m, err := LoadHFConfig(filepath.Join(dir, filepath.Base(r.File)))
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Params().Total; got != r.Params {
				t.Errorf("catalog counts %d, transformers %d (off by %d)", got, r.Params, got-r.Params)
			}
		})
	}
}

func TestArchLayouts(t *testing.T) {
	load := func(t *testing.T, name string) Model {
		t.Helper()
		m, err := LoadHFConfig(filepath.Join("..", "testdata", "archs", name))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	t.Run("qwen3 norms q and k per head", func(t *testing.T) {
		m := load(t, "qwen3-8b.json")
		var names []string
		for _, v := range m.LayerVectors(0) {
			names = append(names, v.Name)
			if (v.Name == "q_norm" || v.Name == "k_norm") && v.Size != 128 {
				t.Errorf("%s is %d wide, want head_dim 128", v.Name, v.Size)
			}
		}
		if got := strings.Join(names, " "); got != "input_layernorm post_attention_layernorm q_norm k_norm" {
			t.Errorf("vectors %q", got)
		}
	})
	t.Run("deepseek mixes dense and routed layers", func(t *testing.T) {
		m := load(t, "deepseek-v3.json")
		if !m.Text.DenseLayer(2) || m.Text.DenseLayer(3) {
			t.Errorf("first_k_dense_replace 3: layer 2 dense %t, layer 3 dense %t", m.Text.DenseLayer(2), m.Text.DenseLayer(3))
		}
		if d, r := m.LayerParams(0), m.LayerParams(60); d >= r {
			t.Errorf("dense layer %d params, routed %d", d, r)
		}
		var fusedExperts int
		for _, l := range m.Linears() {
			if l.Fused && l.Count == 256 {
				fusedExperts++
			}
		}
		if fusedExperts != 2 {
			t.Errorf("want gate_up_proj and down_proj fused over 256 experts, got %d such tensors", fusedExperts)
		}
	})
	t.Run("minicpm3 is latent attention over a dense MLP", func(t *testing.T) {
		m := load(t, "minicpm3-4b.json")
		var names []string
		for _, l := range m.LayerLinears(0) {
			names = append(names, fmt.Sprintf("%s %dx%d", l.Name, l.In, l.Out))
		}
		want := "q_a_proj 2560x768 q_b_proj 768x3840 kv_a_proj_with_mqa 2560x288 kv_b_proj 256x5120 o_proj 2560x2560 " +
			"gate_proj 2560x6400 up_proj 2560x6400 down_proj 6400x2560"
		if got := strings.Join(names, " "); got != want {
			t.Errorf("linears %q, want %q", got, want)
		}
		if !m.Text.TiedEmbeddings || m.Text.Vocab != 73448 {
			t.Errorf("tied %t vocab %d: want MiniCPM3Config's tied 73448", m.Text.TiedEmbeddings, m.Text.Vocab)
		}
	})
	t.Run("minicpm config without model_type is read by its architecture", func(t *testing.T) {
		m := load(t, "minicpm-2b-sft-bf16.json")
		if m.Text.Arch != "llama" || !m.Text.TiedEmbeddings || len(m.Assumptions) != 0 {
			t.Errorf("arch %q tied %t assumptions %v: want MiniCPM read as Llama's layout, tied, nothing assumed",
				m.Text.Arch, m.Text.TiedEmbeddings, m.Assumptions)
		}
	})
	t.Run("fused experts are gathered whole", func(t *testing.T) {
		m := load(t, "qwen3-30b-a3b.json")
		if got, want := m.LargestLayerParams(), int64(128*2*768*2048); got != want {
			t.Errorf("LargestLayerParams = %d, want gate_up_proj's %d", got, want)
		}
	})
	t.Run("gpt-oss", func(t *testing.T) {
		m := load(t, "gpt-oss-20b.json")
		if m.Quantization != "mxfp4" {
			t.Errorf("quantization %q, want mxfp4", m.Quantization)
		}
		var sinks int
		for _, v := range m.LayerVectors(0) {
			if v.Name == "sinks" {
				sinks = v.Size
			}
		}
		if sinks != 64 {
			t.Errorf("sinks %d, want one per head (64)", sinks)
		}
	})
	t.Run("gemma3 soft-capping follows the config", func(t *testing.T) {
		if m := load(t, "gemma-3-1b-it.json"); m.Text.LogitSoftcap {
			t.Error("final_logit_softcapping null: no soft-capping")
		}
	})
}

func TestGenericFallback(t *testing.T) {
	tests := []struct {
		name, json string
		want       int64  // 0 when an error is expected
		note, err  string // substrings of the first assumption, or of the error
	}{
		{"dense", `{"model_type": "foo", "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16,
			"num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 128256, "tie_word_embeddings": true}`,
			1235814400, "model_type `foo` is not known; estimated as a generic Llama-style decoder from its config.json keys", ""},
		// Qwen3-30B-A3B's shape without its q/k norms (2 × 128 per layer) under an unknown name.
		{"moe", `{"model_type": "bar_moe", "hidden_size": 2048, "intermediate_size": 6144, "num_hidden_layers": 48,
			"num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128, "vocab_size": 151936,
			"tie_word_embeddings": false, "num_experts": 128, "num_experts_per_tok": 8, "moe_intermediate_size": 768}`,
			30532122624 - 48*2*128, "`bar_moe` is not known", ""},
		{"nested known decoder", `{"model_type": "newvlm", "text_config": {"model_type": "qwen3", "hidden_size": 4096,
			"intermediate_size": 12288, "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8,
			"head_dim": 128, "vocab_size": 151936}}`, 8190735360, "only its text_config (`qwen3`) is counted", ""},
		{"nested unknown decoder", `{"model_type": "newvlm", "llm_config": {"model_type": "newlm", "hidden_size": 2048,
			"intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
			"head_dim": 64, "vocab_size": 128256, "tie_word_embeddings": true}}`, 1235814400, "from the keys of its llm_config", ""},
		// Phi-3-vision's config.json read by a name the catalog does not parse: its decoder only, and a note naming the
		// tower left out (the catalog's own entry counts the tower).
		{"img_processor", `{"model_type": "phi3_v", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
			"num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32064, "tie_word_embeddings": false,
			"img_processor": {"image_dim_out": 1024, "name": "clip_vision_model"}}`, 3821079552, "`phi3_v` is not known", ""},
		{"missing keys", `{"model_type": "baz", "hidden_size": 2048}`, 0, "",
			`"baz" is not a known model_type, and its config.json lacks num_hidden_layers, num_attention_heads, vocab_size, intermediate_size`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseHFConfig([]byte(tt.json), "config.json")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Params().Total; got != tt.want {
				t.Errorf("Params().Total = %d, want %d", got, tt.want)
			}
			if len(m.Assumptions) == 0 || !strings.Contains(m.Assumptions[0], tt.note) {
				t.Errorf("assumptions %q, want the first to contain %q", m.Assumptions, tt.note)
			}
		})
	}
}

// A VLM wrapper reads its text decoder through parseDecoder too, so a decoder the catalog does not know is
// counted as a generic one instead of failing the whole config.
func TestVLMTextGeneric(t *testing.T) {
	m, err := ParseHFConfig([]byte(`{"model_type": "llava", "text_config": {"model_type": "foo", "hidden_size": 2048,
		"intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
		"head_dim": 64, "vocab_size": 128256, "tie_word_embeddings": true}}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if m.Text.Arch != "generic" || len(m.Assumptions) == 0 || !strings.Contains(m.Assumptions[0], "model_type `foo`") {
		t.Errorf("arch %q, assumptions %q", m.Text.Arch, m.Assumptions)
	}
}

// A generic config that carries state-space or linear-attention keys says the reading may be off.
func TestGenericHybridWarning(t *testing.T) {
	m, err := ParseHFConfig([]byte(`{"model_type": "hybridlm", "hidden_size": 1024, "intermediate_size": 4096,
		"num_hidden_layers": 4, "num_attention_heads": 8, "vocab_size": 1000, "tie_word_embeddings": true,
		"mamba_d_state": 128, "layer_types": ["mamba", "full_attention", "mamba", "full_attention"]}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Assumptions, "\n"); !strings.Contains(got, "(layer_types: mamba, mamba_d_state)") {
		t.Errorf("assumptions %q", got)
	}
}

// A wrapper that keeps its decoder's keys at the top level beside a vision_config (CogVLM2's layout) is read as
// its decoder, and the estimate says the tower is not counted.
func TestGenericTopLevelTower(t *testing.T) {
	m, err := ParseHFConfig([]byte(`{"model_type": "cogvlm2", "hidden_size": 4096, "intermediate_size": 14336,
		"num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 128256, "tie_word_embeddings": false,
		"vision_config": {"hidden_size": 1792, "num_hidden_layers": 63}}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Assumptions, "\n"); !strings.Contains(got, "has a vision_config that is not counted") {
		t.Errorf("assumptions %q", got)
	}
}

// CogVLM2's own config.json (remote code; testdata/catalog/cogvlm2-llama3-chinese-chat-19b.json holds the values of
// THUDM/cogvlm2-llama3-chinese-chat-19B@19e72b3's) sets no model_type, only auto_map and architectures: it is read as the
// generic decoder named by its architectures entry, with the tower beside it not counted, and a config with neither
// a model_type nor auto_map is still refused.
func TestUntypedRemoteConfig(t *testing.T) {
	m, err := LoadHFConfig(filepath.Join("..", "testdata", "catalog", "cogvlm2-llama3-chinese-chat-19b.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Text.Arch != "generic" || m.Text.Hidden != 4096 || m.Text.Layers != 32 || m.Text.Vocab != 128256 {
		t.Errorf("text %+v", m.Text)
	}
	got := strings.Join(m.Assumptions, "\n")
	for _, want := range []string{"sets no model_type", "`CogVLMForCausalLM`", "has a vision_config that is not counted"} {
		if !strings.Contains(got, want) {
			t.Errorf("assumptions %q lack %q", got, want)
		}
	}
	_, err = ParseHFConfig([]byte(`{"architectures": ["CogVLMForCausalLM"], "hidden_size": 4096, "intermediate_size": 14336,
		"num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 128256}`), "config.json")
	if err == nil || !strings.Contains(err.Error(), "model_type") {
		t.Errorf("no model_type and no auto_map: got %v, want an error naming model_type", err)
	}
}

// OLMo 3 is OLMo 2's layout: the same count for the same shape.
func TestOlmo3IsOlmo2(t *testing.T) {
	m, err := ParseHFConfig([]byte(`{"model_type": "olmo3", "hidden_size": 4096, "intermediate_size": 11008,
		"num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 100352, "sliding_window": 4096}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Params().Total; got != 7298617344 {
		t.Errorf("Params().Total = %d, want OLMo-2-1124-7B's 7298617344", got)
	}
}

// TestOlderArchConfigs reads the spellings of the Falcon, DBRX and Llama 4 configs that the vendored files do not
// show: Falcon-7B's first remote-code config, Falcon's new decoder architecture and a non-parallel block, DBRX's
// class defaults, and Llama 4's moe_layers given outright.
func TestOlderArchConfigs(t *testing.T) {
	parse := func(t *testing.T, js string) Model {
		t.Helper()
		m, err := ParseHFConfig([]byte(js), "x/config.json")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	falcon7b, err := LoadHFConfig(filepath.Join("..", "testdata", "archs", "falcon-7b.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("RefinedWebModel", func(t *testing.T) {
		m := parse(t, `{"model_type": "RefinedWebModel", "hidden_size": 4544, "n_head": 71, "n_layer": 32, "multi_query": true,
			"parallel_attn": true, "bias": false, "vocab_size": 65024}`)
		if m.Params().Total != falcon7b.Params().Total {
			t.Errorf("counted %d, Falcon-7B's falcon config %d", m.Params().Total, falcon7b.Params().Total)
		}
	})
	t.Run("falcon new decoder", func(t *testing.T) {
		m := parse(t, `{"model_type": "falcon", "hidden_size": 8192, "num_attention_heads": 128, "num_kv_heads": 8,
			"num_hidden_layers": 2, "new_decoder_architecture": true, "parallel_attn": true}`)
		if m.Text.KVHeads != 8 || m.Text.ParallelBlock || len(m.LayerVectors(0)) != 4 {
			t.Errorf("kv heads %d, parallel block %v, %d norm vectors; want 8, false (ln_attn and ln_mlp), 4",
				m.Text.KVHeads, m.Text.ParallelBlock, len(m.LayerVectors(0)))
		}
	})
	t.Run("falcon sequential", func(t *testing.T) {
		m := parse(t, `{"model_type": "falcon", "multi_query": false, "parallel_attn": false, "num_hidden_layers": 2}`)
		if m.Text.KVHeads != m.Text.Heads || m.Text.ParallelBlock {
			t.Errorf("kv heads %d of %d, parallel block %v", m.Text.KVHeads, m.Text.Heads, m.Text.ParallelBlock)
		}
	})
	t.Run("gpt2 n_inner", func(t *testing.T) {
		// n_inner null is 4 × n_embd; a number sets the MLP width. The position table counts n_positions rows.
		m := parse(t, `{"model_type": "gpt2", "n_embd": 64, "n_head": 4, "n_layer": 2, "n_positions": 32, "n_inner": null, "vocab_size": 100}`)
		if tc := m.Text; tc.Intermediate != 256 || tc.MaxPosition != 32 || m.Params().Embeddings != 100*64+32*64 {
			t.Errorf("%+v, embeddings %d", tc, m.Params().Embeddings)
		}
		m = parse(t, `{"model_type": "gpt2", "n_embd": 64, "n_head": 4, "n_layer": 2, "n_inner": 100}`)
		if m.Text.Intermediate != 100 {
			t.Errorf("intermediate %d, want n_inner's 100", m.Text.Intermediate)
		}
	})
	t.Run("bloom hidden_size or n_embed", func(t *testing.T) {
		// bloom-7b1 writes hidden_size, bloomz-560m the older n_embed; the embedding LayerNorm adds 2 × hidden.
		a := parse(t, `{"model_type": "bloom", "hidden_size": 64, "n_layer": 2, "n_head": 4, "vocab_size": 100}`)
		b := parse(t, `{"model_type": "bloom", "n_embed": 64, "n_layer": 2, "num_attention_heads": 4, "vocab_size": 100}`)
		if a.Params() != b.Params() || a.Text.Intermediate != 256 || a.Params().Embeddings != 100*64+2*64 || a.Text.MaxPosition != 0 {
			t.Errorf("%+v %+v; %+v", a.Params(), b.Params(), a.Text)
		}
	})
	t.Run("dbrx defaults", func(t *testing.T) {
		m := parse(t, `{"model_type": "dbrx"}`)
		if tc := m.Text; tc.Hidden != 2048 || tc.KVHeads != 1 || tc.Experts != 4 || tc.ExpertsPerToken != 1 || tc.Intermediate != 3584 {
			t.Errorf("%+v", tc)
		}
	})
	t.Run("llama4 moe_layers", func(t *testing.T) {
		m := parse(t, `{"model_type": "llama4", "text_config": {"model_type": "llama4_text", "num_hidden_layers": 4,
			"moe_layers": [1, 3], "num_local_experts": 4}}`)
		if tc := m.Text; !slices.Equal(tc.DenseLayers, []int{0, 2}) || tc.Arch != "llama4" || tc.Intermediate != 16384 || tc.ExpertIntermediate != 8192 {
			t.Errorf("%+v", tc)
		}
		if !slices.Contains(m.Assumptions, llama4Note) {
			t.Errorf("assumptions %q lack the note on the vision tower", m.Assumptions)
		}
	})
}

// TestHybridLayers counts Qwen3.5's and Qwen3-Next's two kinds of layer module by module, as
// Qwen3_5DecoderLayer and Qwen3NextDecoderLayer build them (transformers 5.x models/qwen3_5/modular_qwen3_5.py,
// models/qwen3_next/modular_qwen3_next.py). The config is written for the test at Qwen3.5's smallest published
// shape; the counts are worked out by hand below.
func TestHybridLayers(t *testing.T) {
	const qwen35 = `{"model_type": "qwen3_5", "tie_word_embeddings": true,
		"vision_config": {"depth": 12, "hidden_size": 768},
		"text_config": {"model_type": "qwen3_5_text", "hidden_size": 1024, "intermediate_size": 3584,
			"num_hidden_layers": 24, "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 256,
			"vocab_size": 248320, "full_attention_interval": 4, "linear_num_key_heads": 16,
			"linear_num_value_heads": 16, "linear_key_head_dim": 128, "linear_value_head_dim": 128,
			"linear_conv_kernel_dim": 4}}`
	m, err := ParseHFConfig([]byte(qwen35), "qwen3.5/config.json")
	if err != nil {
		t.Fatal(err)
	}
	// Gated DeltaNet: in_proj_qkv 1024×(2·2048+2048), in_proj_z 1024×2048, in_proj_b and in_proj_a 1024×16,
	// out_proj 2048×1024, conv1d 6144×4, dt_bias and A_log 16, the gated norm 128; the MLP 3·1024·3584; two norms.
	linear := int64(1024*6144+1024*2048+2*1024*16+2048*1024) + 6144*4 + 16 + 16 + 128 + 3*1024*3584 + 2*1024
	// Gated attention: q_proj 1024×2·8·256 (query and output gate), k and v 1024×2·256, o_proj 2048×1024,
	// q_norm and k_norm 256; the same MLP and norms.
	full := int64(1024*4096+2*1024*512+2048*1024) + 2*256 + 3*1024*3584 + 2*1024
	if got := m.LayerParams(0); got != linear {
		t.Errorf("layer 0 (linear attention) %d parameters, want %d", got, linear)
	}
	if got := m.LayerParams(3); got != full {
		t.Errorf("layer 3 (full attention) %d parameters, want %d", got, full)
	}
	if got, want := m.Params().Total, 18*linear+6*full+248320*1024+1024; got != want {
		t.Errorf("total %d, want 18 linear and 6 full layers, tied embeddings and the final norm: %d", got, want)
	}
	if !slices.Contains(m.Assumptions, qwen35VisionNote) {
		t.Errorf("assumptions %q do not say the vision tower is left out", m.Assumptions)
	}

	const next = `{"model_type": "qwen3_next", "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 4,
		"num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100,
		"layer_types": ["linear_attention", "linear_attention", "full_attention", "linear_attention"],
		"linear_num_key_heads": 2, "linear_num_value_heads": 4, "linear_key_head_dim": 8, "linear_value_head_dim": 8,
		"linear_conv_kernel_dim": 4, "num_experts": 8, "num_experts_per_tok": 2, "moe_intermediate_size": 32,
		"shared_expert_intermediate_size": 48}`
	n, err := ParseHFConfig([]byte(next), "qwen3-next/config.json")
	if err != nil {
		t.Fatal(err)
	}
	// Qwen2MoeSparseMoeBlock: router 64×8, experts 8·(64·64 + 32·64), shared expert 3·64·48, its gate 64×1.
	moe := int64(64*8+8*(64*64+32*64)+3*64*48+64) + 2*64
	// in_proj_qkvz 64×(2·16+2·32), in_proj_ba 64×2·4, out_proj 32×64, conv1d (2·16+32)×4, dt_bias, A_log, norm 8.
	nextLinear := int64(64*96+64*8+32*64) + 64*4 + 4 + 4 + 8 + moe
	if got := n.LayerParams(3); got != nextLinear {
		t.Errorf("qwen3_next layer 3 (linear attention) %d parameters, want %d", got, nextLinear)
	}
	if n.Text.Linear(2) || !n.Text.Linear(3) {
		t.Error("layer_types: layer 2 is full attention and layer 3 linear")
	}

	bad := strings.Replace(next, `"full_attention", "linear_attention"]`, `"sliding_attention", "linear_attention"]`, 1)
	if _, err := ParseHFConfig([]byte(bad), "bad/config.json"); err == nil || !strings.Contains(err.Error(), "layer_types") {
		t.Errorf("an unknown layer type parsed (error %v)", err)
	}
}

// gpt_bigcode is read with GPT-2's keys and layout: multi_query (GPTBigCodeConfig's default) gives c_attn one key
// and one value head, and multi_query false one per head, as GPT-2's c_attn has.
func TestGPTBigCodeMultiQuery(t *testing.T) {
	for _, tt := range []struct {
		name, json string
		kvHeads    int
		cAttnOut   int
	}{
		{"default multi-query", `{"model_type": "gpt_bigcode", "n_embd": 2048, "n_layer": 2, "n_head": 16, "n_positions": 2048, "vocab_size": 49280}`, 1, 2048 + 2*128},
		{"multi-head", `{"model_type": "gpt_bigcode", "n_embd": 2048, "n_layer": 2, "n_head": 16, "n_positions": 2048, "vocab_size": 49280, "multi_query": false}`, 16, 3 * 2048},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseHFConfig([]byte(tt.json), "config.json")
			if err != nil {
				t.Fatal(err)
			}
			if m.Text.Arch != "gpt2" || m.normalized().Text.KVHeads != tt.kvHeads {
				t.Errorf("arch %q with %d key/value heads, want gpt2 with %d", m.Text.Arch, m.normalized().Text.KVHeads, tt.kvHeads)
			}
			if l := m.LayerLinears(0)[0]; l.Name != "c_attn" || l.Out != tt.cAttnOut || !l.Bias {
				t.Errorf("first linear %s %d wide (bias %t), want c_attn %d wide with a bias", l.Name, l.Out, l.Bias, tt.cAttnOut)
			}
		})
	}
}

// A phi3_v config.json read as a generic decoder says its img_processor tower is left out.
func TestGenericNamesImgProcessor(t *testing.T) {
	m, err := ParseHFConfig([]byte(`{"model_type": "phi3_v", "hidden_size": 3072, "intermediate_size": 8192,
		"num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32064, "tie_word_embeddings": false,
		"img_processor": {"image_dim_out": 1024}}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(m.Assumptions, func(a string) bool { return strings.Contains(a, "has a img_processor that is not counted") }) {
		t.Errorf("assumptions %q do not say the img_processor tower is left out", m.Assumptions)
	}
}

// Doge counts as transformers 5.x builds it (models/doge/modeling_doge.py @00ca1ab), on Doge-160M's dimensions
// (SmallDoges/small-doge recipes/doge/Doge-160M/config_full.yaml @324286f): per layer q 768², k and v 768 × 384,
// dt_proj 384 × 3, o 768², the MLP 3 × 768 × 1536, two RMSNorms and two residual scales of 768, A of 3 and
// q_norm and k_norm of 128; the 32768 × 768 embedding is tied, and the final norm adds 768.
func TestDogeCounts(t *testing.T) {
	const cfg = `{"model_type": "doge", "vocab_size": 32768, "hidden_size": 768, "intermediate_size": 1536,
		"num_hidden_layers": 24, "num_attention_heads": 6, "num_key_value_heads": 3, "tie_word_embeddings": true,
		"max_position_embeddings": 2048}`
	m, err := ParseHFConfig([]byte(cfg), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	const layer = 768*768 + 2*768*384 + 384*3 + 768*768 + 3*768*1536 + 4*768 + 3 + 2*128
	if got, want := m.Params().Total, int64(32768*768+24*layer+768); got != want {
		t.Errorf("counted %d, want %d", got, want)
	}
	var names []string
	for _, l := range m.LayerLinears(0) {
		names = append(names, l.Name)
	}
	if got := strings.Join(names, " "); got != "q_proj k_proj v_proj dt_proj o_proj gate_proj up_proj down_proj" {
		t.Errorf("linears %q", got)
	}
	moe := strings.Replace(cfg, `"model_type": "doge"`, `"model_type": "doge", "is_moe": true`, 1)
	if _, err := ParseHFConfig([]byte(moe), "config.json"); err == nil || !strings.Contains(err.Error(), "is_moe") {
		t.Errorf("is_moe: got %v, want an error naming is_moe", err)
	}
}

// TestDecoderLinears: the layers DecoderLinears shares one slice between
// hold what LayerLinears gives each of them, for every built-in model
// (hybrid attention and dense-plus-routed MLP layers among them).
func TestDecoderLinears(t *testing.T) {
	for _, m := range Builtin().Models() {
		t.Run(m.ID, func(t *testing.T) {
			got := m.DecoderLinears()
			if len(got) != m.Text.Layers {
				t.Fatalf("%d layers, want %d", len(got), m.Text.Layers)
			}
			for i := range got {
				if want := m.LayerLinears(i); !reflect.DeepEqual(got[i], want) {
					t.Errorf("layer %d: %v, want %v", i, got[i], want)
				}
			}
		})
	}
}

// TestQwen35CatalogNote: the catalog's Qwen3.5 entries count the decoder of checkpoints the hub stores as
// Qwen3_5ForConditionalGeneration, and say so; a qwen3_5_text config.json (a decoder alone) does not.
func TestQwen35CatalogNote(t *testing.T) {
	m, err := Builtin().Model("Qwen/Qwen3.5-9B")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(m.Assumptions, qwen35VisionNote) {
		t.Errorf("Qwen/Qwen3.5-9B assumptions %q lack the note on the vision tower", m.Assumptions)
	}
	text, err := ParseHFConfig([]byte(`{"model_type": "qwen3_5_text", "hidden_size": 1024, "num_hidden_layers": 4}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(text.Assumptions, qwen35VisionNote) {
		t.Errorf("a qwen3_5_text config.json says %q", qwen35VisionNote)
	}
}
