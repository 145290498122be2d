package rules_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

var update = flag.Bool("update", false, "rewrite the expected findings of testdata/rules/*/bad*.out")

const goldenDir = "../testdata/rules"

// estimated are the rules whose messages quote the estimator's figures;
// their goldens keep the wording and positions but not the numbers, so a
// recalibration of the estimator does not rewrite them.
var estimated = map[string]bool{
	"gpu-out-of-memory": true, "gpu-memory-headroom-low": true, "host-memory-offload-too-small": true,
	"zero3-save-gathers-full-model": true, "eval-accumulates-logits": true,
}

var (
	gibFigure = regexp.MustCompile(`\d+(\.\d+)? GiB`)
	percent   = regexp.MustCompile(`\d+%`)
	steps     = regexp.MustCompile(`after \d+ eval steps`)
)

func normalizeEstimate(msg string) string {
	msg = gibFigure.ReplaceAllString(msg, "N GiB")
	msg = percent.ReplaceAllString(msg, "N%")
	return steps.ReplaceAllString(msg, "after N eval steps")
}

// goldenCase is one input of a rule's golden folder: a config file, or a
// folder holding a job's files (and its own .trainlint.yaml) that is linted
// as a whole.
type goldenCase struct {
	name string // file or folder name, e.g. "bad-zero2.json"
	path string
	bad  bool
}

func (c goldenCase) out() string {
	base := strings.TrimSuffix(c.path, filepath.Ext(c.path))
	if fi, err := os.Stat(c.path); err == nil && fi.IsDir() {
		base = c.path
	}
	return base + ".out"
}

func goldenCases(t *testing.T, id string) []goldenCase {
	t.Helper()
	dir := filepath.Join(goldenDir, id)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("rule %s has no golden folder %s: %v", id, dir, err)
	}
	var out []goldenCase
	for _, e := range entries {
		name := e.Name()
		bad, ok := strings.HasPrefix(name, "bad"), strings.HasPrefix(name, "ok")
		if !bad && !ok {
			continue
		}
		if !e.IsDir() {
			switch filepath.Ext(name) {
			case ".json", ".yaml", ".yml", ".sh", ".conf":
			default:
				continue
			}
		}
		out = append(out, goldenCase{name: name, path: filepath.Join(dir, name), bad: bad})
	}
	return out
}

// lintCase lints one case and returns the rule's findings with paths
// relative to the rule's golden folder.
func lintCase(t *testing.T, id string, c goldenCase) []lint.Finding {
	t.Helper()
	rep := lint.Run([]string{c.path}, lint.Options{Rules: rules.All(), Workers: 1})
	for _, err := range rep.Errors {
		t.Errorf("%s: input error: %v", c.name, err)
	}
	var out []lint.Finding
	base := filepath.Join(goldenDir, id) + string(filepath.Separator)
	for _, f := range rep.Findings {
		if f.Rule != id {
			continue
		}
		f.File = filepath.ToSlash(strings.TrimPrefix(f.File, base))
		f.Message = strings.ReplaceAll(f.Message, base, "")
		if estimated[id] {
			f.Message = normalizeEstimate(f.Message)
		}
		out = append(out, f)
	}
	return out
}

// TestGolden lints every rule's golden inputs: each bad case must produce
// exactly the findings in its .out file, each ok case none of the rule's.
func TestGolden(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			cases := goldenCases(t, r.ID)
			outs := map[string]string{}
			for _, c := range cases {
				if other, dup := outs[c.out()]; dup && c.bad {
					t.Fatalf("%s and %s would share %s; rename one", other, c.name, filepath.Base(c.out()))
				}
				if c.bad {
					outs[c.out()] = c.name
				}
			}
			var nbad, nok int
			for _, c := range cases {
				got := lintCase(t, r.ID, c)
				if !c.bad {
					nok++
					for _, f := range got {
						t.Errorf("%s must not fire the rule: %s", c.name, f)
					}
					continue
				}
				nbad++
				var lines []string
				for _, f := range got {
					lines = append(lines, f.String())
				}
				text := strings.Join(lines, "\n") + "\n"
				if *update {
					if err := os.WriteFile(c.out(), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(c.out())
				if err != nil {
					t.Errorf("%s: %v (run go test ./rules/ -run TestGolden -update)", c.name, err)
					continue
				}
				if len(got) == 0 {
					t.Errorf("%s: the rule did not fire", c.name)
				}
				if string(want) != text {
					t.Errorf("%s: findings differ\n--- want\n%s--- got\n%s", c.name, want, text)
				}
			}
			if nbad == 0 || nok == 0 {
				t.Errorf("golden folder needs at least one bad and one ok case (has %d bad, %d ok)", nbad, nok)
			}
		})
	}
}

// TestFixes applies the first fix of each finding of a fixable rule on its
// bad cases with the generate package's rewriter: the result re-parses, no
// longer fires the rule, and applying the fix again changes nothing.
func TestFixes(t *testing.T) {
	for _, r := range rules.All() {
		if !r.Fixable {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			fixed := 0
			for _, c := range goldenCases(t, r.ID) {
				if !c.bad {
					continue
				}
				fixed += checkFix(t, r.ID, c)
			}
			if fixed == 0 {
				t.Error("no bad case offers a fix")
			}
		})
	}
}

func checkFix(t *testing.T, id string, c goldenCase) int {
	t.Helper()
	// Work on a copy so the golden inputs stay as they are.
	tmp := t.TempDir()
	if err := os.Mkdir(filepath.Join(tmp, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := c.path
	isDir := false
	if fi, err := os.Stat(src); err == nil && fi.IsDir() {
		isDir = true
	} else {
		src = filepath.Dir(src)
	}
	copyDir(t, src, tmp, isDir, c.name)
	if isDir {
		// The rule folder's project file applies to its case folders too.
		if b, err := os.ReadFile(filepath.Join(filepath.Dir(c.path), project.FileName)); err == nil {
			if err := os.WriteFile(filepath.Join(tmp, project.FileName), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	target := filepath.Join(tmp, c.name)
	if !isDir {
		// Keep referenced files next to a single-file case.
		target = filepath.Join(tmp, c.name)
	}
	rep := lint.Run([]string{target}, lint.Options{Rules: rules.All(), Workers: 1})
	changes := map[string][]lint.Change{}
	unfixable := 0
	for _, f := range rep.Findings {
		if f.Rule != id {
			continue
		}
		if len(f.Fixes) == 0 {
			unfixable++
			continue
		}
		for _, ch := range f.Fixes[0].Changes {
			changes[ch.File] = append(changes[ch.File], ch)
		}
	}
	if len(changes) == 0 {
		return 0
	}
	for _, file := range sortedKeys(changes) {
		once := apply(t, c.name, file, changes[file])
		if once == nil {
			return 0
		}
		if err := os.WriteFile(file, once, 0o644); err != nil {
			t.Fatal(err)
		}
		if twice := apply(t, c.name, file, changes[file]); twice != nil && string(twice) != string(once) {
			t.Errorf("%s: applying the fix to %s again changed it:\n%s", c.name, filepath.Base(file), generate.Diff(file, once, twice))
		}
	}
	after := lint.Run([]string{target}, lint.Options{Rules: rules.All(), Workers: 1})
	for _, err := range after.Errors {
		t.Errorf("%s: the fixed files do not read back: %v", c.name, err)
	}
	var left []string
	for _, f := range after.Findings {
		if f.Rule == id {
			left = append(left, f.String())
		}
	}
	if len(left) > unfixable {
		t.Errorf("%s: %d finding(s) without a fix before, %d after the fixes:\n%s", c.name, unfixable, len(left), strings.Join(left, "\n"))
	}
	return 1
}

// apply rewrites one file (a config or a launch script) with changes.
func apply(t *testing.T, name, file string, changes []lint.Change) []byte {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := read.Parse(file, src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []byte
	switch {
	case f.Script != nil:
		out, err = generate.ApplyScript(src, file, changes)
	case f.Doc != nil:
		out, err = generate.Apply(f.Doc, changes)
	default:
		return nil
	}
	if err != nil {
		t.Errorf("%s: applying %v: %v", name, changes, err)
		return nil
	}
	return out
}

func copyDir(t *testing.T, src, dst string, whole bool, name string) {
	t.Helper()
	root := src
	if whole {
		root = src
		dst = filepath.Join(dst, name)
	}
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if fi.IsDir() {
			if !whole && rel != "." {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
