package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
)

func TestTorchtuneModel(t *testing.T) {
	for _, c := range []struct{ component, id, method string }{
		{"torchtune.models.llama3_1.lora_llama3_1_8b", "meta-llama/Llama-3.1-8B", "lora"},
		{"torchtune.models.llama3_1.qlora_llama3_1_405b", "meta-llama/Llama-3.1-405B", "qlora"},
		{"torchtune.models.llama3.llama3_8b", "meta-llama/Meta-Llama-3-8B", ""},
		{"torchtune.models.llama3_2_vision.qlora_llama3_2_vision_11b", "meta-llama/Llama-3.2-11B-Vision", "qlora"},
		{"torchtune.models.qwen2_5.lora_qwen2_5_14b_instruct", "Qwen/Qwen2.5-14B-Instruct", "lora"},
		{"torchtune.models.qwen2_5.qwen2_5_1_5b_instruct", "Qwen/Qwen2.5-1.5B-Instruct", ""},
		{"torchtune.models.qwen3.qwen3_0_6b_instruct", "Qwen/Qwen3-0.6B", ""},
		{"torchtune.models.llama2.llama2_13b", "meta-llama/Llama-2-13b-hf", ""},
		{"torchtune.models.gemma2.lora_gemma2_9b", "google/gemma-2-9b", "lora"},
		{"torchtune.models.llama3.qdora_llama3_8b", "meta-llama/Meta-Llama-3-8B", "qlora"},
		{"torchtune.models.llama4.llama4_scout_17b_16e", "", ""},
	} {
		id, method, ok := torchtuneModel(c.component)
		if id != c.id || method != c.method || ok != (c.id != "") {
			t.Errorf("%s: got %q %q %v, want %q %q", c.component, id, method, ok, c.id, c.method)
		}
	}
}

// TestNemoParents follows a defaults: chain and stops at a cycle with its reason.
func TestNemoParents(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"child.yaml":      "defaults: sub/parent.yaml\npolicy: {model_name: x}\n",
		"sub/parent.yaml": "defaults: ../loop.yaml\ncluster: {gpus_per_node: 8}\n",
		"loop.yaml":       "defaults: sub/parent.yaml\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "child.yaml")
	doc, err := document.Parse(path, []byte(files["child.yaml"]))
	if err != nil {
		t.Fatal(err)
	}
	chain, why := nemoParents(settings{file: &File{Path: path, Format: NemoRL, Doc: doc, Root: doc.Root}, root: doc.Root})
	if len(chain) != 3 || !strings.Contains(why, "cycle") {
		t.Fatalf("chain of %d files, reason %q; want 3 files and a cycle", len(chain), why)
	}
	if v := chain.integer("cluster.gpus_per_node"); v.V != 8 || !strings.HasSuffix(v.From.File, "parent.yaml") {
		t.Errorf("cluster.gpus_per_node = %v from %s, want 8 from parent.yaml", v.V, v.From.File)
	}
}
