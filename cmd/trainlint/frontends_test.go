package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFrontendsGolden runs `estimate --plan` on the real configs of
// testdata/frontends/<framework>/ (torchtune, LitGPT, NeMo-RL; see each
// PROVENANCE) and compares it with FILE.golden, or rewrites it with -update.
// Folders of one launch recipe (isRecipeFolder) are TestFrontendRecipesGolden's.
// It runs inside each framework's folder so the goldens hold short paths.
func TestFrontendsGolden(t *testing.T) {
	root, err := filepath.Abs("../../testdata/frontends")
	if err != nil {
		t.Fatal(err)
	}
	frameworks, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, fw := range frameworks {
		dir := filepath.Join(root, fw.Name())
		if !fw.IsDir() || isRecipeFolder(dir) {
			continue
		}
		var configs []string
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				rel, _ := filepath.Rel(dir, path)
				configs = append(configs, filepath.ToSlash(rel))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fw.Name(), func(t *testing.T) {
			t.Chdir(dir)
			for _, c := range configs {
				_, out, errs := runCLI("estimate", "--plan", "--gpu", "a100-80gb", "--gpus", "8", c)
				got := out + errs
				golden := c + ".golden"
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/trainlint -run TestFrontendsGolden -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s/%s: output differs from %s (run with -update and review the diff):\n%s", fw.Name(), c, golden, got)
				}
			}
		})
	}
}

// TestFrontendRecipesGolden runs `estimate --plan` and `lint` on the real recipes
// of testdata/frontends (each folder's PROVENANCE names its source) and
// compares their output with the folder's .golden files; -update rewrites
// them.
func TestFrontendRecipesGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/frontends/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no frontend recipes: %v", err)
	}
	for _, dir := range dirs {
		if !isRecipeFolder(dir) {
			continue
		}
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

// isRecipeFolder reports whether a testdata/frontends folder holds one launch
// recipe with its whole-folder estimate.golden and lint.golden.
func isRecipeFolder(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "estimate.golden"))
	return err == nil
}
