package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// TestLaunchNotRead: a script whose launch trainlint cannot read is reported
// at the line that looks like one, named alone or found in a folder; a
// script with nothing that looks like a launch stays an info when named and
// is passed over in a folder, as before.
func TestLaunchNotRead(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"run.sh":   "#!/bin/bash\nNNODE=4\nsrun -n${NNODE} --gres=gpu:8 bash torchrun.sh \\\n  --nproc_per_node=8 tasks/train_pt.py cfg.py\n",
		"setup.sh": "#!/bin/bash\npip install -r requirements.txt\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name  string
		paths []string
		want  map[string]string // file name → rule of its one finding, "" for none
	}{
		{"folder", []string{dir}, map[string]string{"run.sh": lint.LaunchNotRead.ID, "setup.sh": ""}},
		{"named", []string{filepath.Join(dir, "run.sh"), filepath.Join(dir, "setup.sh")},
			map[string]string{"run.sh": lint.LaunchNotRead.ID, "setup.sh": lint.NotConfig.ID}},
	} {
		rep := lint.Run(c.paths, lint.Options{Rules: rules.All()})
		got := map[string]string{}
		for _, f := range rep.Findings {
			got[filepath.Base(f.File)] = f.Rule
			if f.Rule == lint.LaunchNotRead.ID && (f.Line != 3 || f.Severity != lint.Warning) {
				t.Errorf("%s: %s at line %d (%v), want line 3, warning", c.name, f.Rule, f.Line, f.Severity)
			}
		}
		for name, rule := range c.want {
			if got[name] != rule {
				t.Errorf("%s: %s has %q, want %q", c.name, name, got[name], rule)
			}
		}
		if len(rep.Jobs) != 0 {
			t.Errorf("%s: %d jobs, want 0", c.name, len(rep.Jobs))
		}
	}
}
