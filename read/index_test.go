package read

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// writeRepo writes files (slash paths → contents) under a new folder marked
// as a git repository and returns it.
func writeRepo(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

const (
	indexDS      = `{"zero_optimization": {"stage": 3}, "train_micro_batch_size_per_gpu": "auto"}`
	indexTrainer = "output_dir: out\nper_device_train_batch_size: 1\nmax_seq_length: 1024\ndeepspeed: %s\n"
)

// TestRelated: a named file is read within the jobs of its repository that
// use it; a DeepSpeed file no job uses stays alone, with a micro batch no
// file sets (the marker the memory verdict is withheld on).
func TestRelated(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".trainlint.yaml":          "hardware:\n  gpu: a100-80gb\nmodel: meta-llama/Meta-Llama-3-8B\n",
		"train.yaml":               fmt.Sprintf(indexTrainer, "ds/z3.json"),
		"ds/z3.json":               indexDS,
		"ds/lone.json":             indexDS,
		"ds/z2.json":               indexDS,
		"configs/sft.yaml":         fmt.Sprintf(indexTrainer, "ds/z2.json"),
		"scripts/run.sh":           "#!/bin/bash\ntorchrun --nproc_per_node 8 train.py configs/sft.yaml\n",
		"other/.trainlint.yaml":    "hardware:\n  gpu: h100-80gb\n",
		"other/train.yaml":         fmt.Sprintf(indexTrainer, "z3.json"),
		"other/z3.json":            indexDS,
		"node_modules/x/run.yaml":  fmt.Sprintf(indexTrainer, "ds/z3.json"),
		"data/samples.json":        `[{"text": "ds/z3.json"}]`,
		"notes/mentions-z3.yaml":   "comment: see ds/z3.json\n",
		"configs/unrelated.yaml":   fmt.Sprintf(indexTrainer, "ds/lone.json.bak"),
		"configs/ds/lone.json.bak": indexDS,
		"bare/.trainlint.yaml":     "model: meta-llama/Meta-Llama-3-8B\n",
		"bare/train.yaml":          "output_dir: out\nper_device_train_batch_size: 2\n",
	})
	tests := []struct {
		named []string
		jobs  []string // primary files, relative to the repository
	}{
		{[]string{"ds/z3.json"}, []string{"train.yaml"}},
		{[]string{"ds/z2.json"}, []string{"scripts/run.sh"}},
		{[]string{"configs/sft.yaml"}, []string{"scripts/run.sh"}},
		{[]string{"ds/lone.json"}, []string{"ds/lone.json"}},
		{[]string{".trainlint.yaml"}, []string{"configs/unrelated.yaml", "ds/lone.json", "scripts/run.sh", "train.yaml"}},
		{[]string{"other/.trainlint.yaml"}, []string{"other/train.yaml"}},
		{[]string{"bare/.trainlint.yaml"}, []string{"bare/train.yaml"}},
		{[]string{"other/z3.json", "ds/z3.json"}, []string{"other/train.yaml", "train.yaml"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.named, ","), func(t *testing.T) {
			var paths []string
			for _, n := range tc.named {
				paths = append(paths, filepath.Join(dir, n))
			}
			res := Load(paths, Options{})
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			var got []string
			for _, j := range res.Jobs {
				rel, _ := filepath.Rel(dir, j.Primary.Path)
				if abs, err := filepath.Abs(j.Primary.Path); err == nil {
					rel, _ = filepath.Rel(dir, abs)
				}
				got = append(got, filepath.ToSlash(rel))
				if j.Primary.Format == DeepSpeed && (j.Trainer != nil || j.Script != nil || j.Accelerate != nil || j.Plan.MicroBatch.From.Kind == plan.FromFile) {
					t.Errorf("the lone DeepSpeed job %s has a Trainer, launch or micro batch from a file: %s", rel, j.Plan.MicroBatch.From)
				}
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(tc.jobs, " ") {
				t.Errorf("jobs = %v, want %v", got, tc.jobs)
			}
		})
	}
}

// BenchmarkRelated times linting one changed DeepSpeed file in a
// repository of 2,000 dataset JSON files (100 KB each) and 500 configs: the
// cost pre-commit pays for reading the jobs around a changed file.
func BenchmarkRelated(b *testing.B) {
	files := map[string]string{
		"train.yaml": fmt.Sprintf(indexTrainer, "ds/z3.json"),
		"ds/z3.json": indexDS,
	}
	row := `[` + strings.Repeat(`{"instruction": "`+strings.Repeat("x", 200)+`", "output": "`+strings.Repeat("y", 300)+`"},`, 199) + `{}]`
	for i := 0; i < 2000; i++ {
		files[fmt.Sprintf("data/part%04d.json", i)] = row
	}
	for i := 0; i < 500; i++ {
		files[fmt.Sprintf("configs/exp%d/run%d.yaml", i/50, i)] = fmt.Sprintf("output_dir: out%d\nper_device_train_batch_size: 1\n", i)
	}
	dir := writeRepo(b, files)
	named := filepath.Join(dir, "ds", "z3.json")
	b.ResetTimer()
	for b.Loop() {
		if res := Load([]string{named}, Options{}); len(res.Jobs) != 1 || res.Jobs[0].Trainer == nil {
			b.Fatalf("jobs %d, errors %v", len(res.Jobs), res.Errors)
		}
	}
}

// BenchmarkRelatedThisRepo times reading one example of this repository
// within its jobs: the index walks the whole checkout (about 1 000 folders
// and 2 000 config files, most of them the testdata corpora), which is most
// of what `trainlint lint FILE` costs inside it.
func BenchmarkRelatedThisRepo(b *testing.B) {
	named := filepath.Join("..", "testdata", "examples", "llama3-8b-a100-fixed", "train.yaml")
	if _, ok := gitRoot(named); !ok {
		b.Skip("not in a git checkout")
	}
	for b.Loop() {
		if res := Load([]string{named}, Options{}); len(res.Jobs) != 1 {
			b.Fatalf("jobs %d, errors %v", len(res.Jobs), res.Errors)
		}
	}
}

// TestMentionsAny: the reference scan counts a name in values and commands,
// not on comment lines.
func TestMentionsAny(t *testing.T) {
	names := [][]byte{[]byte("train.yaml"), []byte("ds_z3.json")}
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"value", "deepspeed: ds_z3.json\n", true},
		{"command", "torchrun train.py train.yaml\n", true},
		{"comment line", "# oumi train -c configs/train.yaml\nmodel: x\n", false},
		{"indented comment line", "a:\n  \t# see ds_z3.json\n", false},
		{"comment then use", "# train.yaml\naccelerate launch train.py train.yaml\n", true},
		{"after a value on the same line", "deepspeed: ds.json  # not ds_z3.json\n", true},
		{"first line, no newline", "train.yaml", true},
		{"absent", "model: x\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mentionsAny([]byte(tc.src), names); got != tc.want {
				t.Errorf("mentionsAny(%q) = %v, want %v", tc.src, got, tc.want)
			}
		})
	}
}
