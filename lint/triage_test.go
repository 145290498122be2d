package lint_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// triageFile holds the verdict on every error-severity finding trainlint
// reports on the shared corpora and the held-out corpus at 8 × h100-80gb.
const triageFile = "../testdata/triage/errors.tsv"

// triageRoots names each corpus by the prefix its rows carry.
var triageRoots = map[string]string{"corpus": corpusDir, "corpus2": "../../shared/corpus2", "wild": wildDir, "wild2": wild2Dir, "wild3": wild3Dir, "wild4": wild4Dir, "wild5": wild5Dir, "wild6": wild6Dir, "wild7": wild7Dir, "wild8": wild8Dir, "wild9": wild9Dir, "wild10": wild10Dir}

// triageRow is one row of the triage table: a finding of a rule on a file,
// and whether it is a true one (the job would fail so) or a false alarm
// trainlint owes a fix.
type triageRow struct {
	line   int
	isTrue bool
	reason string
}

type triageKey struct{ file, rule string }

func readTriage(t *testing.T) map[triageKey]triageRow {
	t.Helper()
	f, err := os.Open(triageFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[triageKey]triageRow{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 4 || cols[3] == "" {
			t.Fatalf("%s:%d: want file, rule, verdict and reason separated by tabs", triageFile, n)
		}
		k := triageKey{cols[0], cols[1]}
		if _, dup := rows[k]; dup {
			t.Fatalf("%s:%d: %s %s listed twice", triageFile, n, k.file, k.rule)
		}
		if root, _, _ := strings.Cut(k.file, "/"); triageRoots[root] == "" {
			t.Fatalf("%s:%d: %q is in none of the corpora %v", triageFile, n, k.file, sortedKeys(triageRoots))
		}
		switch cols[2] {
		case "true", "false":
		default:
			t.Fatalf("%s:%d: verdict %q is neither true nor false", triageFile, n, cols[2])
		}
		rows[k] = triageRow{line: n, isTrue: cols[2] == "true", reason: cols[3]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestTriage lints the shared corpora on 8 × h100-80gb, the hardware their
// recipes document, and checks their error-severity findings against the
// triage table (TestWild does the same for the held-out corpus it lints).
// It skips when ../shared is absent.
func TestTriage(t *testing.T) {
	var dirs, names []string
	for _, name := range []string{"corpus", "corpus2"} {
		if _, err := corpus.Manifest(triageRoots[name]); err != nil {
			t.Skip(err)
		}
		dirs, names = append(dirs, triageRoots[name]), append(names, name)
	}
	rep := lint.Run(dirs, lint.Options{Rules: rules.All(), Read: read.Options{Overrides: read.Overrides{GPU: "h100-80gb", GPUsPerNode: 8}}})
	checkTriage(t, rep, names...)
}

// checkTriage checks every error-severity finding of a lint of the named
// corpora against the triage table: one not listed fails (triage it: true
// with the upstream code that shows the failure, or fix the false alarm),
// and so does a row of those corpora no longer reported (remove it). A
// finding listed as false is a false alarm owed a fix; it is logged.
func checkTriage(t *testing.T, rep *lint.Report, names ...string) {
	t.Helper()
	rows := readTriage(t)
	seen := map[triageKey]bool{}
	var trues, falses int
	for _, f := range rep.Findings {
		if f.Severity != lint.Error {
			continue
		}
		k := triageKey{triageName(f.File), f.Rule}
		row, ok := rows[k]
		switch {
		case !ok:
			t.Errorf("%s:%d: error finding not in %s (add it with a verdict and the reason, or fix the false alarm): %s", k.file, f.Line, triageFile, f)
		case row.isTrue:
			trues++
		default:
			falses++
			t.Logf("false alarm owed a fix (%s): %s", row.reason, f)
		}
		seen[k] = true
	}
	for k, row := range rows {
		root, _, _ := strings.Cut(k.file, "/")
		if slices.Contains(names, root) && !seen[k] {
			t.Errorf("%s:%d: %s %s is no longer reported as an error: remove the row", triageFile, row.line, k.file, k.rule)
		}
	}
	t.Logf("error findings on %v: %d true, %d false alarms owed a fix", names, trues, falses)
}

// triageName is a linted path as the triage table writes it: the corpus's
// name, then the path inside it.
func triageName(path string) string {
	p := filepath.ToSlash(filepath.Clean(path))
	for name, dir := range triageRoots {
		if rest, ok := strings.CutPrefix(p, filepath.ToSlash(filepath.Clean(dir))+"/"); ok {
			return name + "/" + rest
		}
	}
	return p
}
