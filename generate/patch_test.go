package generate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TestMerge: a file two change sets edit is rewritten once; repeats are
// dropped, and of two different values for one key the first set's is kept
// with a note, whatever the order of the changes within a set.
func TestMerge(t *testing.T) {
	dir := t.TempDir()
	ds := filepath.Join(dir, "ds.json")
	if err := os.WriteFile(ds, []byte("{\n  \"zero_optimization\": {\"stage\": 2}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := read.Load([]string{ds}, read.Options{})
	if len(res.Jobs) != 1 {
		t.Fatalf("jobs %d, errors %v", len(res.Jobs), res.Errors)
	}
	job := res.Jobs[0]
	path := job.Primary.Path
	set := func(v any, keys ...string) lint.Change {
		return lint.Change{File: path, Path: keys, Op: lint.Set, Value: v}
	}
	p, err := Merge([]ChangeSet{
		{Job: job, From: "the fit of a.yaml", Changes: []lint.Change{set(3, "zero_optimization", "stage"), set(true, "zero_optimization", "overlap_comm")}},
		{Job: job, From: "the fit of b.yaml", Changes: []lint.Change{set(true, "zero_optimization", "overlap_comm"), set(1, "zero_optimization", "stage"), set(1.0, "gradient_clipping")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := string(p.Files[path])
	for _, want := range []string{`"stage": 3`, `"overlap_comm": true`, `"gradient_clipping": 1`} {
		if !strings.Contains(got, want) {
			t.Errorf("merged file lacks %s:\n%s", want, got)
		}
	}
	if strings.Count(got, "overlap_comm") != 1 || len(p.Files) != 1 || strings.Count(p.Diff(), "--- a/") != 1 {
		t.Errorf("merged file or diff repeats an edit:\n%s\n%s", got, p.Diff())
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "the fit of a.yaml sets `zero_optimization.stage` to 3, the fit of b.yaml sets `zero_optimization.stage` to 1; kept the first") {
		t.Errorf("notes = %q", p.Notes)
	}
	edits := p.Edits()
	if len(edits) != 1 || edits[0].Line != 2 || edits[0].EndLine != 2 || !strings.Contains(edits[0].Old, `{"stage": 2}`) {
		t.Errorf("edits = %+v", edits)
	}
}
