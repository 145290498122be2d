package lint_test

import (
	"os"
	"path/filepath"
	"strings"
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

// TestReadIntoNoJobSaid: in a folder, a script that runs a program trainlint
// does not read as a launch, and a YAML file named like a training config
// that is none of its formats, are said (not-a-training-config, the script's
// message naming the program); a setup script running only chores, and the
// files a job reads, are not.
func TestReadIntoNoJobSaid(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"run.sh":         "#!/bin/bash\ntorchrun --nproc_per_node=8 train.py --model_name_or_path meta-llama/Llama-2-7b-hf --deepspeed ds.json --output_dir out\n",
		"ds.json":        `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 2}}`,
		"wrapper.sh":     "#!/bin/bash\nexport MODEL_PATH=Qwen/Qwen2-7B\nmkdir -p out\nautoalign-cli sft --model_name_or_path $MODEL_PATH\n",
		"setup.sh":       "#!/bin/bash\npip install -r requirements.txt\nmkdir -p data\n",
		"train_cfg.yaml": "integrations:\n  - integration_type: git_repo\ncommand: composer train.py\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := lint.Run([]string{dir}, lint.Options{Rules: rules.All()})
	said := map[string]string{}
	for _, f := range rep.Findings {
		if f.Rule == lint.NotConfig.ID {
			said[filepath.Base(f.File)] = f.Message
		}
	}
	for name, want := range map[string]string{"wrapper.sh": "it runs `autoalign-cli`", "train_cfg.yaml": "not a training config"} {
		if !strings.Contains(said[name], want) {
			t.Errorf("%s: message %q, want one containing %q", name, said[name], want)
		}
	}
	for _, name := range []string{"run.sh", "ds.json", "setup.sh"} {
		if msg, ok := said[name]; ok {
			t.Errorf("%s: said %q, want nothing", name, msg)
		}
	}
	if len(rep.Jobs) != 1 {
		t.Errorf("%d jobs, want 1 (run.sh with ds.json)", len(rep.Jobs))
	}
}
