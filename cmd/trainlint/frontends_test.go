package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFrontendsGolden runs `estimate --plan` and `lint` on the real recipes
// of testdata/frontends (each folder's PROVENANCE names its source) and
// compares their output with the folder's .golden files; -update rewrites
// them.
func TestFrontendsGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/frontends/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no frontend recipes: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, c := range []struct {
				golden string
				args   []string
			}{
				{"estimate.golden", []string{"estimate", "--plan", "--gpu", "h100-80gb", "--gpus", "8", dir}},
				{"lint.golden", []string{"lint", "--gpu", "h100-80gb", "--gpus", "8", dir}},
			} {
				_, out, errOut := runCLI(c.args...)
				got := out + errOut
				path := filepath.Join(dir, c.golden)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to write it)", err)
				}
				if got != string(want) {
					t.Errorf("%s: output differs from %s:\n%s", c.args[0], path, got)
				}
			}
		})
	}
}
