package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFrontendSwift compares `trainlint estimate --plan` on each case of
// testdata/frontends/swift (ms-swift command lines) and
// testdata/frontends/eval (evaluation scripts), testdata/frontends/trl
// (TRL's config-class defaults), and the LLaMA-Factory, axolotl, HF Trainer,
// MiniCPM-V, ShowUI and olmocr cases of testdata/frontends, all from public
// repositories (see each PROVENANCE), with its estimate.golden.
func TestFrontendSwift(t *testing.T) {
	// Model caches are looked up; keep the machine's own out of the output.
	t.Setenv("HF_HUB_CACHE", "/nonexistent/hf")
	t.Setenv("MODELSCOPE_CACHE", "/nonexistent/ms")
	dirs, _ := filepath.Glob("../../testdata/frontends/swift/*")
	for _, more := range []string{"eval", "trl", "llamafactory", "axolotl", "hf-trainer", "minicpmv", "showui", "olmocr"} {
		m, _ := filepath.Glob("../../testdata/frontends/" + more + "/*")
		dirs = append(dirs, m...)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			// A golden of TestScriptFrontendsGolden beside the cases.
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, out, errs := runCLI("estimate", "--plan", dir)
			got := strings.ReplaceAll(out+"stderr:\n"+errs, filepath.ToSlash(dir)+"/", "")
			golden := filepath.Join(dir, "estimate.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("estimate --plan mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}
