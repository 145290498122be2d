package read

import (
	"testing"

	"github.com/trainlint/trainlint/shell"
)

func TestDetectTRL(t *testing.T) {
	word := func(s string) shell.Word { return shell.Word{Text: s, Known: true} }
	yamlJob := func(t *testing.T, src string) *Job {
		t.Helper()
		f, err := Parse("train.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return &Job{Primary: f, Trainer: f}
	}
	for _, c := range []struct {
		name    string
		job     func(t *testing.T) *Job
		trl     bool
		trainer string
		script  bool
	}{
		{"trl cli", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.TRL, Program: word("trl"), Args: []shell.Word{word("dpo"), word("--config"), word("dpo.yaml")}}}
		}, true, TRLDPO, true},
		{"module", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.Accelerate, Program: word("trl.scripts.grpo"), Module: true}}
		}, true, TRLGRPO, true},
		{"script file", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.Accelerate, Program: word("examples/scripts/sft.py")}}
		}, true, TRLSFT, true},
		{"unreachable command", func(*testing.T) *Job {
			return &Job{Command: &shell.Command{Launcher: shell.TRL, Program: word("trl"), Args: []shell.Word{word("sft")}, Unreachable: true}}
		}, false, "", false},
		{"sft keys", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nmax_length: 2048\npacking: true\n")
		}, true, TRLSFT, false},
		{"grpo keys", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nnum_generations: 8\n")
		}, true, TRLGRPO, false},
		{"use_peft alone", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nuse_peft: true\n")
		}, true, "", false},
		{"plain trainer file", func(t *testing.T) *Job {
			return yamlJob(t, "output_dir: out\nmodel_name_or_path: Qwen/Qwen2.5-0.5B\nper_device_train_batch_size: 4\nlearning_rate: 2.0e-5\n")
		}, false, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := DetectTRL(c.job(t))
			if ok != c.trl || got.Trainer != c.trainer || got.Script != c.script {
				t.Errorf("DetectTRL = %+v, %v; want trainer %q, script %v, %v", got, ok, c.trainer, c.script, c.trl)
			}
		})
	}
}

func TestTRLNumberDefault(t *testing.T) {
	for _, c := range []struct {
		trainer string
		want    float64
		ok      bool
		unknown bool
	}{
		{TRLSFT, 2e-5, true, false}, {TRLDPO, 1e-6, true, false}, {TRLReward, 1e-4, true, false}, {"", 0, false, true},
	} {
		v, ok, unknown := TRLNumberDefault(TRLJob{Trainer: c.trainer}, "learning_rate")
		if v != c.want || ok != c.ok || unknown != c.unknown {
			t.Errorf("%q: got %v %v %v, want %v %v %v", c.trainer, v, ok, unknown, c.want, c.ok, c.unknown)
		}
	}
	if _, ok, unknown := TRLNumberDefault(TRLJob{Trainer: TRLSFT}, "max_grad_norm"); ok || unknown {
		t.Error("max_grad_norm keeps the Trainer's default")
	}
}
