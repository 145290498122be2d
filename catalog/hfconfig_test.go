package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Real config.json files (ours in testdata/catalog, shared ones in testdata/models) must parse to exactly the
// architecture of the builtin entry their file name names, so the catalog and the parser check each other.
func TestHFConfigsMatchBuiltin(t *testing.T) {
	var files []string
	for _, dir := range []string{"catalog", "models"} {
		found, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		t.Fatal("no config.json files under testdata/catalog or testdata/models")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got, err := LoadHFConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if got.Source != path {
				t.Errorf("Source = %q, want %q", got.Source, path)
			}
			want, err := Builtin().Model(strings.TrimSuffix(filepath.Base(path), ".json"))
			if err != nil {
				t.Logf("not in the builtin catalog; counted %d params", got.Params().Total)
				return
			}
			if g, w := got.Params().Total, want.Params().Total; g != w {
				t.Errorf("Params().Total = %d, builtin %s has %d", g, want.ID, w)
			}
			// max_position differs between base and instruct releases and does not change any count.
			got.Text.MaxPosition, want.Text.MaxPosition = 0, 0
			if !reflect.DeepEqual(got.Text, want.Text) {
				t.Errorf("text:\n got %+v\nwant %+v", got.Text, want.Text)
			}
			if !reflect.DeepEqual(got.Vision, want.Vision) || !reflect.DeepEqual(got.Projector, want.Projector) ||
				got.Slicing != want.Slicing {
				t.Errorf("vision, projector, slicing:\n got %+v %+v %+v\nwant %+v %+v %+v", got.Vision, got.Projector,
					got.Slicing, want.Vision, want.Projector, want.Slicing)
			}
		})
	}
}

// The summary of every config under testdata/catalog, reviewed once and kept: a change in parsing shows up as a
// diff here even for models the builtin catalog does not hold.
func TestHFConfigGolden(t *testing.T) {
	var b strings.Builder
	fmt.Fprintln(&b, "# Models parsed from testdata/catalog/*.json (go test ./catalog -update rewrites this file).")
	err := fs.WalkDir(os.DirFS(filepath.Join("..", "testdata", "catalog")), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		m, err := LoadHFConfig(filepath.Join("..", "testdata", "catalog", path))
		if err != nil {
			return err
		}
		p := m.Params()
		fmt.Fprintf(&b, "%s: id=%s total=%d text=%+v\n", path, m.ID, p.Total, m.Text)
		if m.Vision != nil {
			fmt.Fprintf(&b, "  vision=%+v projector=%+v slicing=%+v\n", *m.Vision, *m.Projector, m.Slicing)
			fmt.Fprintf(&b, "  1344x1344: slices=%d vision_tokens=%d llm_tokens=%d\n",
				m.Slices(1344, 1344), m.VisionTokensPerImage(1344, 1344), m.LLMImageTokens(1344, 1344))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "hfconfig.golden", b.String())
}

// Keys a config leaves out take the transformers class defaults. Each of these classes defaults to a released
// model, so the expected totals are those models' published counts.
func TestHFConfigDefaults(t *testing.T) {
	tests := []struct {
		name, json string
		want       int64
	}{
		{"llama is Llama-2-7B", `{"model_type": "llama"}`, 6738415616},
		{"mistral is Mistral-7B", `{"model_type": "mistral"}`, 7241732096},
		{"mixtral is Mixtral-8x7B", `{"model_type": "mixtral"}`, 46702792704},
		{"gemma2 is Gemma-2-2B", `{"model_type": "gemma2"}`, 2614341888},
		{"phi3 is Phi-3-mini", `{"model_type": "phi3"}`, 3821079552},
		{"qwen2_moe is Qwen1.5-MoE-A2.7B", `{"model_type": "qwen2_moe"}`, 14315784192},
		{"qwen2_vl is Qwen2-VL-72B", `{"model_type": "qwen2_vl"}`, 73405560320},
		// gpt-oss-120b's model card: 116.83B.
		{"gpt_oss is gpt-oss-120b", `{"model_type": "gpt_oss"}`, 116829156672},
		// DeepSeek-V3 without the 14,848 e_score_correction_bias entries, which transformers keeps as buffers.
		{"deepseek_v3 is DeepSeek-V3", `{"model_type": "deepseek_v3"}`, 671026404352},
		{"glm4 is GLM-4-9B-0414", `{"model_type": "glm4"}`, 9400279040},
		// LlavaConfig without sub-configs: CLIP ViT-L/14-336 and a Llama-2-7B-sized decoder with 32000 tokens.
		{"llava", `{"model_type": "llava"}`, 6738415616 + 303507456 + 20979712},
		// num_key_value_heads and head_dim null mean "derive them", as Python's None does.
		{"nulls", `{"model_type": "llama", "num_key_value_heads": null, "head_dim": null}`, 6738415616},
		// Llama's attention_bias puts biases on q, k, v and o: 4 × 4096 per layer.
		{"llama attention_bias", `{"model_type": "llama", "attention_bias": true}`, 6738415616 + 32*4*4096},
		// A list vision_feature_layer concatenates layers, widening the projector's input.
		{"llava two feature layers", `{"model_type": "llava", "vision_feature_layer": [-2, -5]}`,
			6738415616 + 303507456 + 20979712 + 1024*4096},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseHFConfig([]byte(tt.json), "config.json")
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Params().Total; got != tt.want {
				t.Errorf("Params().Total = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestHFConfigErrors(t *testing.T) {
	tests := []struct {
		name, json string
		want       []string // all must appear in the error
	}{
		{"not json", `{"model_type": "llama",`, []string{"x/config.json", "not a JSON object"}},
		{"not an object", `[1, 2]`, []string{"x/config.json", "not a JSON object"}},
		{"no model_type", `{"hidden_size": 4096}`, []string{"x/config.json", `key "model_type"`, "missing"}},
		{"unknown model_type", `{"model_type": "bert"}`, []string{"x/config.json", `key "model_type"`, `"bert"`, "llama, mistral"}},
		{"string number", `{"model_type": "llama", "hidden_size": "4096"}`, []string{`key "hidden_size"`, `want an integer, got string "4096"`}},
		{"fraction", `{"model_type": "llama", "num_hidden_layers": 31.5}`, []string{`key "num_hidden_layers"`, "31.5"}},
		{"negative", `{"model_type": "llama", "vocab_size": -1}`, []string{`key "vocab_size"`}},
		{"bool as string", `{"model_type": "llama", "tie_word_embeddings": "false"}`, []string{`key "tie_word_embeddings"`, "true or false"}},
		{"nested key path", `{"model_type": "llava", "text_config": {"num_hidden_layers": []}}`, []string{`key "text_config.num_hidden_layers"`}},
		{"nested model_type", `{"model_type": "llava", "text_config": {"model_type": "t5"}}`, []string{`key "text_config.model_type"`, `"t5"`}},
		{"vision tower", `{"model_type": "llava", "vision_config": {"model_type": "dinov2"}}`, []string{`key "vision_config.model_type"`, `"dinov2"`}},
		{"sub-config not an object", `{"model_type": "llava", "vision_config": 3}`, []string{`key "vision_config"`, "want an object"}},
		{"heads", `{"model_type": "llama", "num_attention_heads": 32, "num_key_value_heads": 5}`, []string{"x/config.json", "multiple of kv_heads"}},
		{"sparse step", `{"model_type": "qwen2_moe", "decoder_sparse_step": 2}`, []string{`key "decoder_sparse_step"`}},
		{"dense among moe", `{"model_type": "qwen2_moe", "mlp_only_layers": [0]}`, []string{`key "mlp_only_layers"`}},
		{"minicpmv version", `{"model_type": "minicpmv", "version": 4.0}`, []string{`key "version"`, "2.6 and 4.5"}},
		{"internvl ratio", `{"model_type": "internvl_chat", "downsample_ratio": 0}`, []string{`key "downsample_ratio"`}},
		{"absurd size", `{"model_type": "llama", "hidden_size": 100000000}`, []string{"x/config.json", "hidden must be in"}},
		{"opt-350m projection", `{"model_type": "opt", "hidden_size": 1024, "word_embed_proj_dim": 512}`, []string{`key "word_embed_proj_dim"`, "project_in"}},
		{"gpt2 cross-attention", `{"model_type": "gpt2", "add_cross_attention": true}`, []string{`key "add_cross_attention"`}},
		{"opt post-norm", `{"model_type": "opt", "do_layer_norm_before": false}`, []string{`key "do_layer_norm_before"`}},
		{"phi qk norm", `{"model_type": "phi", "qk_layernorm": true}`, []string{`key "qk_layernorm"`}},
		{"stablelm qk norm", `{"model_type": "stablelm", "qk_layernorm": true}`, []string{`key "qk_layernorm"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHFConfig([]byte(tt.json), "x/config.json")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadHFConfig(t *testing.T) {
	dir := t.TempDir()
	config := `{"_name_or_path": "acme/tiny", "model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2,
		"num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 1000,
		"tie_word_embeddings": true}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, err := ParseHFConfig([]byte(`{"model_type": "llama"}`), "/models/Llama-2-7b/config.json"); err != nil || m.ID != "Llama-2-7b" {
		t.Errorf("without _name_or_path the ID is the folder's name: got %q, %v", m.ID, err)
	}
	for _, path := range []string{dir, filepath.Join(dir, "config.json")} {
		m, err := LoadHFConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		// embed 64000 + 2 × (q 64·64+64, k and v 64·32+32 each, o 64·64, MLP 3·64·128, norms 128) + norm 64
		if m.ID != "acme/tiny" || m.Source != filepath.Join(dir, "config.json") || m.Params().Total != 64000+2*(4160+2*2080+4096+24576+128)+64 {
			t.Errorf("LoadHFConfig(%s) = %s from %s with %d params", path, m.ID, m.Source, m.Params().Total)
		}
	}
	missing := filepath.Join(dir, "nope", "config.json")
	if _, err := LoadHFConfig(missing); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error %v should wrap fs.ErrNotExist and name %s", err, missing)
	}
	empty := t.TempDir()
	if _, err := LoadHFConfig(empty); err == nil || !strings.Contains(err.Error(), filepath.Join(empty, "config.json")) {
		t.Errorf("folder without config.json: error %v should name the file it looked for", err)
	}
}

// TestModelTypes: every listed model_type is read by its own parser (a
// config.json holding only the model_type is either read with the config
// class's defaults or refused for a missing key, never as unsupported or as a
// generic decoder).
func TestModelTypes(t *testing.T) {
	for _, mt := range ModelTypes {
		m, err := ParseHFConfig([]byte(`{"model_type": "`+mt+`"}`), mt+".json")
		if err != nil && (strings.Contains(err.Error(), "unsupported") || strings.Contains(err.Error(), "not a known model_type")) {
			t.Errorf("%s: %v", mt, err)
		}
		if err == nil && m.Text.Arch == "generic" {
			t.Errorf("%s is read as a generic decoder", mt)
		}
	}
}
