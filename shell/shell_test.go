package shell

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/shell")

const testdataDir = "../testdata/shell"

// TestGolden parses every testdata/shell/*.sh and compares the rendering
// with the .golden file next to it; go test ./shell -update rewrites them.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(testdataDir, "*.sh"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in %s: %v", testdataDir, err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".sh")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			open := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(filepath.Dir(in), name)) }
			sc, err := ParseWith(in, src, open)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := []byte(render(sc))
			golden := strings.TrimSuffix(in, ".sh") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./shell -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rendering of %s differs from %s:\n%s", in, golden, diffLines(string(want), string(got)))
			}
		})
	}
}

// diffLines shows the first lines where two renderings part.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
			shown++
		}
	}
	return b.String()
}
