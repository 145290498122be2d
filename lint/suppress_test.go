package lint_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

var updateHygiene = flag.Bool("update", false, "rewrite golden files")

// TestSuppressionHygiene: unknown rule ids in inline comments and in the
// project file, and inline suppressions that silenced nothing, are
// findings; a suppression that silenced something is not.
func TestSuppressionHygiene(t *testing.T) {
	rep := lint.Run([]string{"../testdata/suppress-hygiene"}, lint.Options{Rules: append(rules.All(), lint.DriverRules()...), Suppressions: true})
	var b strings.Builder
	for _, f := range rep.Findings {
		fmt.Fprintln(&b, f)
	}
	golden := "../testdata/suppress-hygiene/findings.golden"
	if *updateHygiene {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("missing golden (run with -update): %v", err)
	}
	if b.String() != string(want) {
		t.Errorf("--- got\n%s--- want\n%s", b.String(), want)
	}
	// Without the checks (a run with only some rules) nothing is added.
	rep = lint.Run([]string{"../testdata/suppress-hygiene"}, lint.Options{Rules: rules.All()})
	for _, f := range rep.Findings {
		if f.Rule == lint.UnknownRuleID.ID || f.Rule == lint.UnusedSuppression.ID {
			t.Errorf("suppression check without Suppressions: %s", f)
		}
	}
}

func TestParseSuppression(t *testing.T) {
	for _, tt := range []struct {
		line string
		want string // ids with their columns, or "-" for none
	}{
		{"bf16: true", "-"},
		{"bf16: true  # trainlint: ignore", ""},
		{"bf16: true  # trainlint:ignore[a]", "a@32"},
		{"x: 1 # trainlint: ignore[ a ,b]", "a@27 b@30"},
		{"x: 1 # trainlint: ignore[]", ""},
		{`x: "a#b" # note`, "-"},
	} {
		got := "-"
		if c, ok := lint.ParseSuppressionForTest(tt.line); ok {
			var parts []string
			for i, id := range c.IDs {
				parts = append(parts, fmt.Sprintf("%s@%d", id, c.Cols[i]))
			}
			got = strings.Join(parts, " ")
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.line, got, tt.want)
		}
	}
}
