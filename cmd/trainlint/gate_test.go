package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

const (
	project8xA100 = `hardware:
  gpu: a100-80gb
  gpus_per_node: 8
  nodes: 1
  cpu_memory_gib: 1024
model: meta-llama/Meta-Llama-3-8B
`
	// zero3Auto leaves the batch to the Trainer, as most DeepSpeed files do.
	zero3Auto = `{
  "bf16": {"enabled": "auto"},
  "zero_optimization": {"stage": 3},
  "gradient_accumulation_steps": "auto",
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto"
}
`
	sftFits = `output_dir: out
model_name_or_path: meta-llama/Meta-Llama-3-8B
bf16: true
per_device_train_batch_size: 1
gradient_accumulation_steps: 8
gradient_checkpointing: true
max_seq_length: 2048
deepspeed: ds/z3.json
`
)

// TestHookChangedFileInItsJob: pre-commit passes only the changed files; a
// changed DeepSpeed file or project file is linted within the jobs that use
// it, found in the repository, not alone on invented batch sizes.
func TestHookChangedFileInItsJob(t *testing.T) {
	dir := tree(t, true, map[string]string{
		".trainlint.yaml":           project8xA100,
		"train.yaml":                sftFits,
		"ds/z3.json":                zero3Auto,
		"configs/sft.yaml":          strings.Replace(sftFits, "ds/z3.json", "ds/z2.json", 1),
		"ds/z2.json":                strings.Replace(zero3Auto, `"stage": 3`, `"stage": 2`, 1),
		"scripts/run.sh":            "#!/bin/bash\naccelerate launch --config_file accelerate/multi_gpu.yaml train.py configs/sft.yaml\n",
		"accelerate/multi_gpu.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_processes: 8\nmixed_precision: bf16\n",
		"package.json":              `{"name": "web"}`,
	})
	code, out, errs := runBin(t, dir, "", "lint", "train.yaml")
	if code != ExitOK || !strings.Contains(out, "1 job checked, no problems found") {
		t.Fatalf("lint train.yaml: exit %d\n%s%s", code, out, errs)
	}
	tests := []struct {
		name   string
		args   []string
		jobs   []string // the jobs estimate must show, by their primary file
		report string
	}{
		{"deepspeed file used by a Trainer file", []string{"ds/z3.json"}, []string{"train.yaml"}, "1 job checked, no problems found"},
		{"deepspeed file used through a launch script", []string{"ds/z2.json"}, []string{"scripts/run.sh"}, "1 job checked, no problems found"},
		{"accelerate file named by a launch script", []string{"accelerate/multi_gpu.yaml"}, []string{"scripts/run.sh"}, "1 job checked, no problems found"},
		{"Trainer file named by a launch script", []string{"configs/sft.yaml"}, []string{"scripts/run.sh"}, "1 job checked, no problems found"},
		{"project file", []string{".trainlint.yaml"}, []string{"scripts/run.sh", "train.yaml"}, "2 jobs checked, no problems found"},
		{"everything pre-commit passes", []string{".trainlint.yaml", "ds/z3.json", "ds/z2.json", "package.json"}, []string{"scripts/run.sh", "train.yaml"}, "2 jobs checked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runBin(t, dir, "", append([]string{"lint"}, tc.args...)...)
			if code != ExitOK || !strings.Contains(out, tc.report) || strings.Contains(out, "gpu-out-of-memory") {
				t.Errorf("lint %v: exit %d, want %d and %q\n%s%s", tc.args, code, ExitOK, tc.report, out, errs)
			}
			_, out, errs = runBin(t, dir, "", append([]string{"estimate"}, tc.args...)...)
			var jobs []string
			for _, line := range strings.Split(out, "\n") {
				if line != "" && !strings.HasPrefix(line, " ") {
					jobs = append(jobs, line)
				}
			}
			if strings.Join(jobs, ",") != strings.Join(tc.jobs, ",") {
				t.Errorf("estimate %v shows jobs %q, want %q\n%s", tc.args, jobs, tc.jobs, errs)
			}
		})
	}
}

// TestOutsideRoot: a pull request's config may name any path; files outside
// the repository are not read (nor printed) unless --allow-outside-root, and
// fix --write never writes outside it, even through a link.
func TestOutsideRoot(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "id_rsa")
	const secretText = "hunter2-private-key"
	if err := os.WriteFile(secret, []byte(`{"zero_optimization": {"stage": 2}, "`+secretText+`": `), 0o600); err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../../testdata/examples/llama3-8b-a100/train.yaml")
	if err != nil {
		t.Fatal(err)
	}
	outsideTrain := filepath.Join(outside, "train.yaml")
	if err := os.WriteFile(outsideTrain, example, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := tree(t, true, map[string]string{
		".trainlint.yaml": project8xA100,
		"abs.yaml":        strings.Replace(sftFits, "ds/z3.json", secret, 1),
		"via_link.yaml":   strings.Replace(sftFits, "ds/z3.json", "ds/link.json", 1),
		"run.sh":          "#!/bin/bash\ndeepspeed train.py --deepspeed " + secret + " --per_device_train_batch_size 1 --max_seq_length 2048\n",
		"ds_zero2.json":   strings.Replace(zero3Auto, `"stage": 3`, `"stage": 2`, 1),
	})
	for link, target := range map[string]string{"ds/link.json": secret, "secret.json": secret, "train.yaml": outsideTrain} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	for _, args := range [][]string{
		{"lint", "abs.yaml"},
		{"lint", "via_link.yaml"},
		{"lint", "secret.json"},
		// A script's unreadable reference is a warning (script-referenced-file-missing),
		// and so is a memory verdict estimated without the file it names.
		{"lint", "--fail-on", "warning", "run.sh"},
		{"lint", "."},
		{"estimate", "abs.yaml"},
		{"fix", "abs.yaml"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errs := runBin(t, dir, "", args...)
			if code == ExitOK || !strings.Contains(out+errs, "outside the repository root") || strings.Contains(out+errs, secretText) {
				t.Errorf("exit %d; want a failure naming the file outside the root, without its content:\n%s%s", code, out, errs)
			}
		})
	}
	t.Run("allowed", func(t *testing.T) {
		_, out, errs := runBin(t, dir, "", "lint", "--allow-outside-root", "abs.yaml")
		if strings.Contains(out+errs, "outside the repository root") {
			t.Errorf("--allow-outside-root still refuses:\n%s%s", out, errs)
		}
	})
	t.Run("fix --write through a link", func(t *testing.T) {
		code, out, errs := runBin(t, dir, "", "fix", "--write", "--allow-outside-root", "train.yaml")
		if code == ExitOK || !strings.Contains(errs, "outside the repository root") {
			t.Errorf("exit %d; want the write refused:\n%s%s", code, out, errs)
		}
		if now, err := os.ReadFile(outsideTrain); err != nil || !bytes.Equal(now, example) {
			t.Errorf("the file outside the repository changed (%v):\n%s", err, now)
		}
	})
}

// TestFixSharedFilesOnce: two jobs share one DeepSpeed file; fix prints
// that file once so the patch applies, applies the safe fixes the rules
// offer next to the memory fit, and lists the same edits in JSON.
func TestFixSharedFilesOnce(t *testing.T) {
	job := `output_dir: out
model_name_or_path: Qwen/Qwen2.5-14B
bf16: true
per_device_train_batch_size: 1
gradient_checkpointing: true
max_seq_length: %d
deepspeed: ds/z2.json
`
	dir := tree(t, true, map[string]string{
		".trainlint.yaml": "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 2\n  cpu_memory_gib: 1024\nmodel: Qwen/Qwen2.5-14B\n",
		"a.yaml":          fmt.Sprintf(job, 4096),
		"b.yaml":          fmt.Sprintf(job, 1024) + "use_cache: true\n",
		"ds/z2.json":      "{\n  \"bf16\": {\"enabled\": \"auto\"},\n  \"zero_optimization\": {\"stage\": 2},\n  \"train_micro_batch_size_per_gpu\": \"auto\"\n}\n",
	})
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "jobs")
	code, diff, errs := runBin(t, dir, "", "fix", ".")
	if code != ExitOK {
		t.Fatalf("fix: exit %d\n%s%s", code, diff, errs)
	}
	for file, n := range map[string]int{"ds/z2.json": 1, "b.yaml": 1, "a.yaml": 0} {
		if got := strings.Count(diff, "--- a/"+file+"\n"); got != n {
			t.Errorf("the diff names %s %d times, want %d:\n%s", file, got, n, diff)
		}
	}
	if !strings.Contains(diff, "+use_cache: false") {
		t.Errorf("the safe fix of gradient-checkpointing-with-use-cache is not applied:\n%s", diff)
	}
	patch := filepath.Join(t.TempDir(), "fix.diff")
	if err := os.WriteFile(patch, []byte(diff), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "apply", "--check", patch)

	code, out, errs := runBin(t, dir, "", "fix", "--format", "json", ".")
	var got struct {
		Edits []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			EndLine int    `json:"end_line"`
			Old     string `json:"old"`
			New     string `json:"new"`
		} `json:"edits"`
		Jobs []struct {
			Job  string `json:"job"`
			Fits bool   `json:"fits"`
		} `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != ExitOK {
		t.Fatalf("fix --format json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	if len(got.Jobs) != 2 || !got.Jobs[0].Fits || !got.Jobs[1].Fits {
		t.Errorf("jobs = %+v, want a.yaml and b.yaml, both fitting", got.Jobs)
	}
	// The edits, applied to the files by line, give what the diff gives.
	edited := map[string]bool{}
	for i := len(got.Edits) - 1; i >= 0; i-- {
		e := got.Edits[i]
		edited[e.File] = true
		src, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(src), "\n")
		if old := strings.Join(lines[e.Line-1:e.EndLine], ""); old != e.Old {
			t.Fatalf("edit %+v: lines %d-%d are %q", e, e.Line, e.EndLine, old)
		}
		out := strings.Join(lines[:e.Line-1], "") + e.New + strings.Join(lines[e.EndLine:], "")
		if err := os.WriteFile(filepath.Join(dir, e.File), []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(edited) != 2 {
		t.Errorf("edits touch %v, want ds/z2.json and b.yaml", edited)
	}
	git(t, dir, "apply", "--check", "-R", patch)
	if code, diff, errs := runBin(t, dir, "", "fix", "."); code != ExitOK || diff != "" {
		t.Errorf("fixing the fixed files: exit %d, diff:\n%s%s", code, diff, errs)
	}
}

// TestGenerateLintsClean: what generate writes lints clean (no finding at
// all) against the same hardware, whether the context comes from flags or
// from the project file; it names the model as given (a hub id) or by an
// absolute folder (a local config.json), and states the host RAM it needs.
func TestGenerateLintsClean(t *testing.T) {
	phi, err := os.ReadFile("../../testdata/catalog/phi-3-mini-4k-instruct.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := tree(t, true, map[string]string{
		"project/.trainlint.yaml":       "hardware:\n  gpu: h100-80gb\n  gpus_per_node: 8\n  cpu_memory_gib: 512\nmodel: Qwen/Qwen2.5-14B\ntraining:\n  seq_len: 4096\n",
		"models/phi-3-mini/config.json": string(phi),
	})
	tests := []struct {
		name string
		args []string
		want []string // in train.yaml
	}{
		{"llama 3 8b lora on one rtx 4090", []string{"--model", "meta-llama/Meta-Llama-3-8B", "--gpu", "rtx-4090", "--method", "lora", "--out", "g/lora4090"},
			[]string{"model_name_or_path: meta-llama/Meta-Llama-3-8B", "not declared, so not checked"}},
		{"mistral 7b full on 8 v100 with accelerate", []string{"--model", "mistralai/Mistral-7B-v0.1", "--gpu", "v100-32gb", "--gpus", "8", "--cpu-memory-gib", "768", "--accelerate", "--out", "g/v100"},
			[]string{"fp16: true", "GiB of 768 GiB"}},
		{"qwen 2.5 7b qlora on one t4", []string{"--model", "Qwen/Qwen2.5-7B", "--gpu", "t4-16gb", "--method", "qlora", "--seq-len", "1024", "--out", "g/t4"},
			[]string{"load_in_4bit: true"}},
		{"llama 3 8b full on 8 a100", []string{"--model", "meta-llama/Meta-Llama-3-8B", "--gpu", "a100-80gb", "--gpus", "8", "--global-batch", "64", "--seq-len", "4096", "--out", "g/a100"},
			[]string{"global batch 64"}},
		{"context from the project file", []string{"--out", "project"},
			[]string{"model_name_or_path: Qwen/Qwen2.5-14B", "8 × h100-80gb", "max_seq_length: 4096", "GiB of 512 GiB"}},
		{"a local config.json", []string{"--model", "models/phi-3-mini/config.json", "--gpu", "l4-24gb", "--method", "lora", "--out", "g/phi"},
			[]string{"model_name_or_path: " + filepath.Join(dir, "models", "phi-3-mini") + "\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runBin(t, dir, "", append([]string{"generate"}, tc.args...)...)
			if code != ExitOK || !strings.Contains(out, "host RAM needed per node") {
				t.Fatalf("generate: exit %d\n%s%s", code, out, errs)
			}
			folder := tc.args[len(tc.args)-1]
			train, err := os.ReadFile(filepath.Join(dir, folder, "train.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range append(tc.want, "# Host RAM needed per node: ") {
				if !strings.Contains(string(train), w) {
					t.Errorf("train.yaml lacks %q:\n%s", w, train)
				}
			}
			if acc, err := os.ReadFile(filepath.Join(dir, folder, "accelerate.yaml")); err == nil && strings.Contains(string(acc), "mixed_precision") {
				t.Errorf("accelerate.yaml sets mixed_precision next to deepspeed_config_file:\n%s", acc)
			}
			code, out, errs = runBin(t, dir, "", "lint", "--fail-on", "info", folder)
			if code != ExitOK || !strings.Contains(out, "1 job checked, no problems found") {
				t.Errorf("lint of the generated files: exit %d\n%s%s\n%s", code, out, errs, train)
			}
		})
	}
	project, err := os.ReadFile(filepath.Join(dir, "project", ".trainlint.yaml"))
	if err != nil || !strings.HasPrefix(string(project), "hardware:\n  gpu: h100-80gb") {
		t.Errorf("generate rewrote the project file it took the context from (%v):\n%s", err, project)
	}
}

// TestFixLoneDeepSpeed: a DeepSpeed file no job of the repository uses has
// no known micro batch; fix says so instead of fitting invented batch sizes.
func TestFixLoneDeepSpeed(t *testing.T) {
	dir := tree(t, true, map[string]string{".trainlint.yaml": project8xA100, "ds/lone.json": zero3Auto})
	code, out, errs := runBin(t, dir, "", "fix", "ds/lone.json")
	if code != ExitOK || out != "" || !strings.Contains(errs, "memory not checked: a DeepSpeed config linted alone") {
		t.Errorf("exit %d, diff %q, stderr:\n%s", code, out, errs)
	}
}
