package project

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trainlint/trainlint/catalog"
)

// addSeeds adds every project file under the repository's testdata, and
// a few written here, as seeds.
func addSeeds(f *testing.F) {
	_ = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) == FileName {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
		return nil
	})
	for _, s := range []string{
		"",
		"hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n  nodes: 2\nmodel: meta-llama/Meta-Llama-3-8B\n",
		"hardware:\n  gpu: {name: my-gpu, memory_gib: 24, compute_capability: \"8.9\", fp8: true}\n",
		"gpus:\n  - name: x\n    memory_gib: 1e400\nhardware: {gpu: x, cpu_memory_gib: .nan}\n",
		"training:\n  seq_len: 4096\n  micro_batch: 0\n  peft: {method: lora, r: -1, target_modules: q_proj}\n  images: {width: 448}\n",
		"rules:\n  zero3-offload: off\n  other: {severity: warning}\nignore:\n  - path: \"**/x.json\"\n    rules: [a]\n  - path: legacy/\n",
		"hardware: [1, 2]\n", "- a\n", "hardware:\n  gpu: &g v100\nmodel: *g\n",
	} {
		f.Add([]byte(s))
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	base := catalog.Builtin()
	f.Fuzz(func(t *testing.T, src []byte) {
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("no result after 10s for %q", src)) })
		defer watchdog.Stop()
		pf, err := Parse(FileName, src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), FileName+":") {
				t.Fatalf("error %q does not start with the file name", err)
			}
			return
		}
		// What the readers and the driver do with a project file must not
		// fail on any value the schema lets through.
		pf.Catalog(base)
		for _, ig := range pf.Ignores {
			pf.Ignored(ig.Path, "x")
		}
		pf.Ignored("a/b/c.json", "x")
	})
}
