package read

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden loads each folder of testdata/read and compares every job's
// plan, with the origin of each value, against plan.golden.
func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/read/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Load([]string{dir}, Options{})
			var b strings.Builder
			for _, err := range res.Errors {
				b.WriteString("error: " + err.Error() + "\n")
			}
			for _, j := range res.Jobs {
				b.WriteString("job " + filepath.ToSlash(j.Primary.Path) + "\n")
				b.WriteString(j.Plan.Describe())
			}
			got := strings.ReplaceAll(b.String(), filepath.ToSlash(dir)+"/", "")
			golden := filepath.Join(dir, "plan.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("plan mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, src string
		want      Format
	}{
		{"deepspeed", `{"train_batch_size": 8, "zero_optimization": {"stage": 2}}`, DeepSpeed},
		{"deepspeed fragment", `{"zero_optimization": {"stage": 2, "overlap_comm": false}}`, DeepSpeed},
		{"zero config with a misplaced key", `{"zero_optimization": {"stage": 1}, "stage3_gather_16bit_weights_on_model_save": false}`, DeepSpeed},
		{"zero_optimization among other keys", `{"zero_optimization": {"stage": 1}, "name": "x", "version": "1.0.0"}`, Unknown},
		{"trainer json", `{"output_dir": "x", "per_device_train_batch_size": 2, "learning_rate": 1e-5}`, Trainer},
		{"accelerate", "distributed_type: MULTI_GPU\nnum_processes: 2\n", Accelerate},
		{"llamafactory", "stage: sft\nfinetuning_type: lora\ntemplate: llama3\ncutoff_len: 2048\n", LlamaFactory},
		{"llamafactory v1", "model: meta-llama/Llama-3.2-3B\nmodel_class: llm\npeft_config:\n  name: lora\n", LlamaFactory},
		// llm2vec's train_configs: model_class is its own ModelArguments field.
		{"model_class beside model_name_or_path", `{"model_name_or_path": "x", "model_class": "custom", "output_dir": "o", "learning_rate": 5e-4, "do_train": true}`, Trainer},
		{"axolotl", "base_model: x\nsequence_len: 2048\nmicro_batch_size: 2\nadapter: lora\n", Axolotl},
		{"project", "hardware: {gpu: v100-16gb}\nmodel: x\n", Project},
		{"package.json", `{"name": "x", "version": "1.0.0", "dependencies": {}}`, Unknown},
		{"list", "- a\n- b\n", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ext := ".yaml"
			if strings.HasPrefix(tt.src, "{") {
				ext = ".json"
			}
			f, err := Parse("x"+ext, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.want {
				t.Errorf("format = %q (%s), want %q", f.Format, f.Skip, tt.want)
			}
		})
	}
}

func TestTemplate(t *testing.T) {
	for _, src := range []string{`{"train_batch_size": CONFIG_BATCH_SIZE}`, `{"zero_optimization": {"stage": ${zero_stage}}}`} {
		f, err := Parse("t.json", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if f.Template == "" || f.Skip == "" {
			t.Errorf("%s: not recognized as a template", src)
		}
	}
	if _, err := Parse("t.json", []byte(`{"a": 1,,}`)); err == nil {
		t.Error("a real syntax error was taken for a template")
	}
}

func TestFileLine(t *testing.T) {
	for _, tt := range []struct{ path, src string }{
		{"run.sh", "#!/bin/bash\r\ntorchrun train.py --bf16 true\n"},
		{"ds.json", "{\n\"a\": 1}\n"},
	} {
		f, err := Parse(tt.path, []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Split(strings.ReplaceAll(tt.src, "\r", ""), "\n")[1]
		if got := f.Line(2); got != want {
			t.Errorf("%s: Line(2) = %q, want %q", tt.path, got, want)
		}
		if got := f.Line(99); got != "" {
			t.Errorf("%s: Line(99) = %q", tt.path, got)
		}
	}
}
