package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRLRecipesGolden runs `estimate --plan` and `lint` on the RL recipes of
// testdata/rl (each folder's PROVENANCE names its source, its args file the
// hardware the recipe documents) and compares the output with the folder's
// .golden files; -update rewrites them. The plan shows the world size, the
// models and their placement and the lengths; the estimate the memory of
// each phase. No official recipe may read as out of memory on its
// documented hardware.
func TestRLRecipesGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/rl/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no RL recipes: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			hw := strings.Fields(string(raw))
			for _, c := range []struct {
				golden string
				args   []string
			}{
				{"estimate.golden", append(append([]string{"estimate", "--plan"}, hw...), dir)},
				{"lint.golden", append(append([]string{"lint"}, hw...), dir)},
			} {
				_, out, errOut := runCLI(c.args...)
				got := out + errOut
				if strings.Contains(got, "[gpu-out-of-memory]") && strings.Contains(got, "error:") {
					t.Errorf("%s: an official recipe reads as out of memory on its documented hardware:\n%s", c.args[0], got)
				}
				if c.golden == "estimate.golden" && strings.Contains(got, "memory not checked") {
					t.Errorf("estimate: memory not checked:\n%s", got)
				}
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
