package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// corpusDir holds real configs from public repositories (shared with the
// developers and CI, not shipped).
const corpusDir = "../../shared/corpus"

// realMistake is an error the corpus is known to contain: the file really
// crashes (or would, on the tool versions the rule describes) as reported.
type realMistake struct {
	file, rule, why string
}

// realMistakes lists the corpus errors that are real mistakes in the
// source repositories, not false alarms.
var realMistakes = []realMistake{}

func corpusFiles(t *testing.T) []string {
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if cols := strings.Split(sc.Text(), "\t"); len(cols) >= 6 {
			out = append(out, cols[0])
		}
	}
	return out
}

// TestCorpusNoFalseErrors lints every corpus file on its own, as a
// pre-commit hook would, and fails on any error-severity finding that is not
// a known real mistake. Counts per rule are logged.
func TestCorpusNoFalseErrors(t *testing.T) {
	files := corpusFiles(t)
	allowed := map[[2]string]bool{}
	for _, m := range realMistakes {
		allowed[[2]string{m.file, m.rule}] = true
	}
	used := map[[2]string]bool{}
	counts := map[string]int{}
	for _, rel := range files {
		path := filepath.Join(corpusDir, rel)
		rep := lint.Run([]string{path}, lint.Options{Rules: rules.All(), Workers: 1})
		for _, f := range rep.Findings {
			counts[fmt.Sprintf("%-7s %s", f.Severity, f.Rule)]++
			if f.Severity != lint.Error {
				continue
			}
			file, err := filepath.Rel(corpusDir, f.File)
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
	for _, m := range realMistakes {
		if !used[[2]string{m.file, m.rule}] {
			t.Errorf("allow-list entry no longer fires: %s [%s]", m.file, m.rule)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%5d  %s", counts[k], k)
	}
}
