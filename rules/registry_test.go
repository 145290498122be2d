package rules_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/rules"
)

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// TestRegistry checks the whole registry: unique kebab-case ids, a summary
// and every documentation section, and a fix safety note for fixable rules.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{lint.NotConfig.ID: true, lint.ConfigTemplate.ID: true}
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			if !kebab.MatchString(r.ID) {
				t.Errorf("id %q is not kebab-case", r.ID)
			}
			if seen[r.ID] {
				t.Errorf("id %q registered twice", r.ID)
			}
			seen[r.ID] = true
			if r.Check == nil {
				t.Error("no Check")
			}
			if r.Summary == "" || strings.HasSuffix(r.Summary, ".") || r.Summary != strings.ToLower(r.Summary[:1])+r.Summary[1:] {
				t.Errorf("summary %q: want one lowercase line without a final period", r.Summary)
			}
			d := r.Doc
			for name, s := range map[string]string{"What": d.What, "Why": d.Why, "Example": d.Example, "UseInstead": d.UseInstead} {
				if strings.TrimSpace(s) == "" {
					t.Errorf("Doc.%s is empty", name)
				}
			}
			if len(d.References) == 0 {
				t.Error("Doc.References is empty")
			}
			if r.Fixable && strings.TrimSpace(d.FixSafety) == "" {
				t.Error("fixable rule without Doc.FixSafety")
			}
			if len(r.Example.Files) == 0 {
				t.Error("no Example files")
			}
		})
	}
}

// TestExamples lints each rule's example through the real reader and driver
// and expects the rule to fire on it.
func TestExamples(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			dir := writeExample(t, r.Example)
			names := sortedNames(r.Example.Files)
			rep := lint.Run([]string{filepath.Join(dir, names[0])}, lint.Options{Rules: rules.All(), Workers: 1})
			for _, err := range rep.Errors {
				t.Errorf("input error: %v", err)
			}
			fired := false
			for _, f := range rep.Findings {
				if f.Rule == r.ID {
					fired = true
					if f.Severity == lint.Info && r.Severity != lint.Info {
						t.Errorf("finding has severity info, rule default is %s", r.Severity)
					}
				}
			}
			if !fired {
				var got []string
				for _, f := range rep.Findings {
					got = append(got, f.String())
				}
				t.Errorf("rule did not fire on its example; findings:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

func writeExample(t *testing.T, ex lint.Example) string {
	t.Helper()
	dir := t.TempDir()
	// A .git folder stops the project file search at the example.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range ex.Files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if ex.Project != "" {
		if err := os.WriteFile(filepath.Join(dir, project.FileName), []byte(ex.Project), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sortedNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
