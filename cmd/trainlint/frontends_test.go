package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFrontendsGolden runs `estimate --plan` on the real recipe configs of
// testdata/frontends/<framework>/ (torchtune, LitGPT, NeMo-RL; see each
// PROVENANCE) and compares it with FILE.golden, or rewrites it with -update.
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
		if !fw.IsDir() {
			continue
		}
		dir := filepath.Join(root, fw.Name())
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
