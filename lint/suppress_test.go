package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// TestSuppression: an inline comment silences the rule on its line, the
// project file's ignore globs silence rules under a path, and its rules
// section turns a rule off or changes its severity.
func TestSuppression(t *testing.T) {
	rep := lint.Run([]string{"../testdata/suppress"}, lint.Options{Rules: rules.All()})
	if len(rep.Errors) > 0 {
		t.Fatal(rep.Errors)
	}
	got := map[string]int{}
	for _, f := range rep.Findings {
		got[filepath.ToSlash(f.File)+" "+f.Rule]++
		if f.Rule == "bf16-unsupported-gpu" && f.Severity != lint.Warning {
			t.Errorf("severity override ignored: %s", f)
		}
		if f.Rule == "tf32-unsupported-gpu" {
			t.Errorf("rule turned off in .trainlint.yaml still reported: %s", f)
		}
	}
	for _, tt := range []struct {
		key  string
		want int
	}{
		{"../testdata/suppress/train.yaml bf16-unsupported-gpu", 0},        // inline comment
		{"../testdata/suppress/legacy/train.yaml bf16-unsupported-gpu", 0}, // ignore glob
		{"../testdata/suppress/loud.yaml bf16-unsupported-gpu", 1},         // not suppressed
	} {
		if got[tt.key] != tt.want {
			t.Errorf("%s: %d findings, want %d (all: %v)", tt.key, got[tt.key], tt.want, got)
		}
	}
}
