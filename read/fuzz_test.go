package read

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzCorpusDir holds real configs from public repositories; the fuzz seeds
// use it when it is present.
const fuzzCorpusDir = "../../shared/corpus"

// addSeeds adds the testdata and corpus files whose extension is one of
// exts as seeds.
func addSeeds(f *testing.F, exts ...string) {
	for _, root := range []string{"../testdata", fuzzCorpusDir} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(p))
			for _, e := range exts {
				if ext == e {
					if src, err := os.ReadFile(p); err == nil && len(src) < 256<<10 {
						f.Add(src)
					}
				}
			}
			return nil
		})
	}
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f, ".json", ".conf")
	f.Add([]byte(`{"train_batch_size": CONFIG_BATCH_SIZE}`))
	f.Add([]byte(`{"zero_optimization": {"stage": ${zero_stage}}}`))
	f.Add([]byte(`{"train_micro_batch_size_per_gpu": 0, "zero_optimization": {"stage": "three"}, "gradient_accumulation_steps": NaN}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) { checkRead(t, dir, "ds_config.json", src) })
}

func FuzzParseYAML(f *testing.F) {
	addSeeds(f, ".yaml", ".yml")
	f.Add([]byte("output_dir: x\nper_device_train_batch_size: -1\ndeepspeed: ds.json\n"))
	f.Add([]byte("training_args:\n  output_dir: x\n  bf16: yes\n  learning_rate: 1e-5\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) { checkRead(t, dir, "train.yaml", src) })
}

func FuzzParseScript(f *testing.F) {
	addSeeds(f, ".sh", ".slurm", ".bash")
	f.Add([]byte("deepspeed --num_gpus 8 train.py --deepspeed ds.json --per_device_train_batch_size 4\n"))
	f.Add([]byte("torchrun --nproc_per_node=$N train.py \\\n  --bf16 True $(echo x) \"${A:-b}\"\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) { checkRead(t, dir, "train.sh", src) })
}

// checkRead parses src as the file name, then loads it from dir: neither
// panics, errors name the file, and recognition is deterministic.
func checkRead(t *testing.T, dir, name string, src []byte) {
	// A hang must fail with its input rather than stall the fuzzer.
	watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("%s: no result after 10s for %q", name, src)) })
	defer watchdog.Stop()
	file, err := Parse(name, src)
	if err != nil {
		if !strings.HasPrefix(err.Error(), name+":") {
			t.Fatalf("error %q does not start with %s", err, name)
		}
		return
	}
	if file.Doc != nil {
		f1, why1 := Detect(file.Doc)
		f2, why2 := Detect(file.Doc)
		if f1 != f2 || why1 != why2 || f1 != file.Format {
			t.Fatalf("Detect is not deterministic: %q/%q, %q/%q, Parse said %q", f1, why1, f2, why2, file.Format)
		}
	}
	again, err := Parse(name, src)
	if err != nil || again.Format != file.Format || again.Skip != file.Skip {
		t.Fatalf("second Parse differs: %v, %+v vs %+v", err, again, file)
	}
	// Loading builds the plan too: the readers of every format run on
	// whatever values the file holds. Inputs run one at a time per
	// process, so they share the folder.
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{path}, Options{})
	for _, err := range res.Errors {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("load error %q does not name %s", err, name)
		}
	}
	for _, j := range res.Jobs {
		if j.Plan != nil {
			j.Plan.Describe()
		}
	}
}

// TestModelRefErrors is a regression test: an empty model reference named
// the config's own folder, and a bad config.json gave an error that named
// neither the file nor the key that pointed at it.
func TestModelRefErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("m/config.json", "{bad")
	for src, want := range map[string]string{
		"output_dir: x\nlearning_rate: 1e-5\nmodel_name_or_path: \"\"\n": "",
		"output_dir: x\nlearning_rate: 1e-5\nmodel_name_or_path: ./m\n":  "train.yaml:3:1: model_name_or_path: ",
	} {
		res := Load([]string{write("train.yaml", src)}, Options{})
		got := ""
		for _, err := range res.Errors {
			got += err.Error()
		}
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%q: errors %q, want %q", src, got, want)
		}
	}
}

// TestDeviceFiles is a regression test: a file's reported size was trusted,
// so naming /dev/zero (on the command line, as a DeepSpeed reference or as
// the model's config.json) read forever.
func TestDeviceFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct{ path, want string }{
		{"/dev/zero", "/dev/zero: is not a regular file"},
		{write("ds.yaml", "output_dir: x\nlearning_rate: 1e-5\ndeepspeed: /dev/zero\n"), `ds.yaml:3:12: deepspeed: "/dev/zero" is not a regular file`},
		{write("model.yaml", "output_dir: x\nlearning_rate: 1e-5\nmodel_name_or_path: /dev/zero\n"), ""},
	} {
		res := Load([]string{tt.path}, Options{})
		switch {
		case tt.want == "" && len(res.Errors) > 0:
			t.Errorf("%s: errors %v", tt.path, res.Errors)
		case tt.want != "" && (len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), tt.want)):
			t.Errorf("%s: errors %v, want %q", tt.path, res.Errors, tt.want)
		}
	}
}
