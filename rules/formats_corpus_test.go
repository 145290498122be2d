package rules_test

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// formatsCorpus holds real configs from public repositories (shared with
// the developers and CI, not shipped); MANIFEST.tsv names each file's
// format in its last column.
const formatsCorpus = "../../shared/corpus"

// formatsOf are the manifest formats the LLaMA-Factory, axolotl and
// launch-script rules read.
var formatsOf = map[string]bool{"llamafactory-yaml": true, "axolotl-yaml": true, "launch-script": true}

// formatRule reports whether a rule id belongs to the LLaMA-Factory,
// axolotl or launch-script rules.
func formatRule(id string) bool {
	return strings.HasPrefix(id, "llamafactory-") || strings.HasPrefix(id, "axolotl-") || strings.HasPrefix(id, "script-")
}

// formatsMistakes are the errors these rules find in the corpus that are
// real mistakes in the source repositories: the file, the rule, and why.
var formatsMistakes = []struct{ file, rule, why string }{}

func formatsCorpusFiles(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(formatsCorpus, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 2 && formatsOf[cols[len(cols)-1]] {
			out = append(out, cols[0])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFormatsCorpus lints every LLaMA-Factory, axolotl and launch-script
// file of the corpus on its own and fails on an error from these rules
// that is not a known real mistake. Counts per rule are logged.
func TestFormatsCorpus(t *testing.T) {
	files := formatsCorpusFiles(t)
	allowed := map[[2]string]bool{}
	for _, m := range formatsMistakes {
		allowed[[2]string{m.file, m.rule}] = true
	}
	used := map[[2]string]bool{}
	counts := map[string]int{}
	for _, rel := range files {
		rep := lint.Run([]string{filepath.Join(formatsCorpus, rel)}, lint.Options{Rules: rules.All(), Workers: 1})
		for _, f := range rep.Findings {
			if !formatRule(f.Rule) {
				continue
			}
			counts[f.Severity.String()+" "+f.Rule]++
			if f.Severity != lint.Error {
				continue
			}
			file, err := filepath.Rel(formatsCorpus, f.File)
			if err != nil {
				file = f.File
			}
			key := [2]string{filepath.ToSlash(file), f.Rule}
			if allowed[key] {
				used[key] = true
				continue
			}
			t.Errorf("unexpected error: %s", f)
		}
	}
	for _, m := range formatsMistakes {
		if !used[[2]string{m.file, m.rule}] {
			t.Errorf("allow-list entry no longer fires: %s [%s]", m.file, m.rule)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d files", len(files))
	for _, k := range keys {
		t.Logf("%5d  %s", counts[k], k)
	}
}
