package catalog

import (
	"reflect"
	"testing"
)

// TestBuiltinMatchesParse checks the lazily decoded builtin catalog against the eager parse of the same data:
// the same entries in the same order, every key the scan read equal to the decoded entry's.
func TestBuiltinMatchesParse(t *testing.T) {
	eager, err := parse([]byte(gpusYAML), []byte(modelsYAML))
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := indexBuiltin(gpusYAML, modelsYAML)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lazy.gpuKeys, eager.gpuKeys) || !reflect.DeepEqual(lazy.modelKeys, eager.modelKeys) {
		t.Error("the scanned names and aliases differ from the decoded ones")
	}
	for i, g := range lazy.gpuList() {
		if d := lazy.gpu(i); g.Name != d.Name || !reflect.DeepEqual(g.Aliases, d.Aliases) {
			t.Errorf("GPU %d: scanned %q %q, decoded %q %q", i, g.Name, g.Aliases, d.Name, d.Aliases)
		}
	}
	for i, m := range lazy.modelList() {
		if d := lazy.model(i); m.ID != d.ID || !reflect.DeepEqual(m.Aliases, d.Aliases) {
			t.Errorf("model %d: scanned %q %q, decoded %q %q", i, m.ID, m.Aliases, d.ID, d.Aliases)
		}
	}
	if !reflect.DeepEqual(lazy.GPUs(), eager.GPUs()) {
		t.Error("GPUs differ from the eager parse")
	}
	if !reflect.DeepEqual(lazy.Models(), eager.Models()) {
		t.Error("models differ from the eager parse")
	}
}

// TestScanKeys covers the forms the scan reads and those it leaves to the decoder.
func TestScanKeys(t *testing.T) {
	for _, tt := range []struct {
		src     string
		name    string
		aliases []string
		ok      bool
	}{
		{"- id: a/b\n  aliases: [x, \"y z\", 'w']\n  text: {arch: llama}\n", "a/b", []string{"x", "y z", "w"}, true},
		{"- id: a/b\n  text:\n    aliases: [nested]\n", "a/b", nil, true},
		{"- id: \"a/b\"\n", "a/b", nil, true},
		{"- id: a/b\n  aliases:\n    - x\n", "", nil, false},
		{"- id: a/b\n  aliases: [\"x\\ty\"]\n", "", nil, false},
		{"- id: a/b  # comment\n", "", nil, false},
		{"- id: 7\n", "", nil, false},
		{"- id: 2024-01-02\n", "", nil, false},
		{"- id: 01-ai/Yi-1.5-6B\n  aliases: [01-ai/Yi-1.5-6B-Chat, 1.5e3]\n", "", nil, false},
		{"- id: 01-ai/Yi-1.5-6B\n  aliases: [yi-1.5-6b, 01-ai/Yi-1.5-6B-Chat]\n", "01-ai/Yi-1.5-6B", []string{"yi-1.5-6b", "01-ai/Yi-1.5-6B-Chat"}, true},
		{"- id: yes\n", "", nil, false},
		{"- {id: a/b}\n", "", nil, false},
	} {
		name, aliases, ok := scanKeys(tt.src, "id")
		if name != tt.name || !reflect.DeepEqual(aliases, tt.aliases) || ok != tt.ok {
			t.Errorf("scanKeys(%q) = %q %q %v, want %q %q %v", tt.src, name, aliases, ok, tt.name, tt.aliases, tt.ok)
		}
	}
}

// TestIndexDecodesWhatItCannotScan: an entry in flow style is decoded while indexing, and found.
func TestIndexDecodesWhatItCannotScan(t *testing.T) {
	gpus := "- {name: x-1gb, aliases: [ex], vendor: nvidia, memory_mib: 1000, compute_capability: \"7.0\"}\n"
	models := "- id: a/b\n  aliases:\n    - bee\n  text: {arch: llama, hidden: 8, layers: 1, heads: 2, intermediate: 8, vocab: 10}\n"
	c, err := indexBuiltin(gpus, models)
	if err != nil {
		t.Fatal(err)
	}
	if g, err := c.GPU("EX"); err != nil || g.MemoryMiB != 1000 {
		t.Errorf("GPU = %+v, %v", g, err)
	}
	if m, err := c.Model("bee"); err != nil || m.ID != "a/b" || m.Source != "builtin" {
		t.Errorf("model = %+v, %v", m, err)
	}
}

// BenchmarkFirstLookup is what a run pays for the catalog: building it from the generated index of the
// embedded data, then decoding the one GPU and the one model it looks up.
func BenchmarkFirstLookup(b *testing.B) {
	for b.Loop() {
		c, err := newBuiltin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.GPU("a100-80gb"); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Model("meta-llama/Meta-Llama-3-8B"); err != nil {
			b.Fatal(err)
		}
	}
}
