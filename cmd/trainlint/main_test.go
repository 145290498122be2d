package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"trainlint"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	example := "../../testdata/examples/llama3-8b-a100/train.yaml"
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"version", []string{"version"}, ExitOK, "trainlint "},
		{"gpus", []string{"gpus"}, ExitOK, "v100-16gb"},
		{"gpus flash-attn 3 column", []string{"gpus"}, ExitOK, "FA2  FA3  FP8"},
		{"models", []string{"models"}, ExitOK, "openbmb/MiniCPM-Llama3-V-2_5"},
		{"models config column", []string{"models"}, ExitOK, "VISION  CONFIG"},
		{"estimate", []string{"estimate", example}, ExitOK, "peak per GPU"},
		{"estimate json", []string{"estimate", "--format", "json", example}, ExitOK, `"capacity_gib"`},
		{"estimate plan", []string{"estimate", "--plan", example}, ExitOK, "resolved from per_device_train_batch_size"},
		{"estimate flag gpu", []string{"estimate", "--gpu", "h100-80gb", example}, ExitOK, "h100-80gb"},
		{"unknown gpu", []string{"estimate", "--gpu", "v1000", example}, ExitUsage, ""},
		{"unknown format", []string{"lint", "--format", "xml", example}, ExitUsage, ""},
		{"unknown fail-on", []string{"lint", "--fail-on", "fatal", example}, ExitUsage, ""},
		{"no inputs", []string{"estimate"}, ExitUsage, ""},
		{"missing file", []string{"lint", "no/such/file.json"}, ExitFindings, "no/such/file.json:1:1: error: cannot read: no such file or directory [input-error]"},
		{"missing file json", []string{"lint", "--format", "json", "no/such/file.json"}, ExitFindings, `"rule": "input-error"`},
		{"missing file exit-zero", []string{"lint", "--exit-zero", "no/such/file.json"}, ExitOK, "[input-error]"},
		{"explain input-error", []string{"explain", "input-error"}, ExitOK, "## What it does"},
		{"rules lists input-error", []string{"rules"}, ExitOK, "input-error"},
		{"version flag", []string{"--version"}, ExitOK, "trainlint "},
		{"version short flag", []string{"-V"}, ExitOK, "trainlint "},
		{"schema", []string{"schema", "project"}, ExitOK, `"hardware"`},
		{"unknown schema", []string{"schema", "nope"}, ExitUsage, ""},
		{"explain unknown", []string{"explain", "no-such-rule"}, ExitUsage, ""},
		{"help", []string{"lint", "--help"}, ExitOK, "--fail-on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if !strings.Contains(out, tt.contains) {
				t.Errorf("stdout lacks %q:\n%s", tt.contains, out)
			}
			if tt.code == ExitUsage && strings.TrimSpace(errs) == "" {
				t.Errorf("exit 2 without a message on stderr")
			}
		})
	}
}

// TestEstimateNeedsContext: without a declared GPU the estimate cannot be
// made, which is an input error naming the file.
func TestEstimateNeedsContext(t *testing.T) {
	code, _, errs := runCLI("estimate", "../../testdata/format/ds_config.json")
	if code != ExitUsage || !strings.Contains(errs, "ds_config.json: memory not checked: ") || !strings.Contains(errs, "no GPU declared") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// TestEstimateJSONIsArray checks the estimate contract's outer shape.
func TestEstimateJSONIsArray(t *testing.T) {
	_, out, _ := runCLI("estimate", "--format", "json", "../../testdata/examples/llama3-8b-a100/train.yaml")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("not a one-element array: %v\n%s", err, out)
	}
}

// TestPreCommitHook checks the hook definition pre-commit installs: the
// files it passes take the configs training repositories hold, wherever they
// are and however they are named, and leave out well-known non-training
// JSON and YAML.
func TestPreCommitHook(t *testing.T) {
	src, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID       string `yaml:"id"`
		Entry    string `yaml:"entry"`
		Language string `yaml:"language"`
		Files    string `yaml:"files"`
		Exclude  string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(src, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	h := hooks[0]
	if h.Language != "golang" || !strings.HasPrefix(h.Entry, "trainlint ") {
		t.Errorf("language %q entry %q: want golang and the trainlint binary built from cmd/trainlint", h.Language, h.Entry)
	}
	files, exclude := verbosePattern(t, h.Files), verbosePattern(t, h.Exclude)
	for _, path := range []string{
		"configs/llama.yaml", "accelerate/multi_gpu.yaml", "ds/z3.json", "scripts/run.sh", "launch.bash",
		"configs/ds_config_zero3.json", "deepspeed/zero2.json", "accelerate/default_config.yaml",
		"recipes/zephyr/sft/config_full.yaml", "scripts/finetune_lora.sh", "train_args.yml", "hostfile.conf",
		".trainlint.yaml", "sub/project/.trainlint.yaml", "examples/deepspeed/ds_z3_config.json", "Configs/Qwen.YAML",
	} {
		if !files.MatchString(path) || exclude.MatchString(path) {
			t.Errorf("hook does not pass %s", path)
		}
	}
	for _, path := range []string{
		"package.json", "web/package-lock.json", "tsconfig.json", "tsconfig.build.json", "jsconfig.json",
		"models/llama/tokenizer_config.json", "tokenizer.json", "special_tokens_map.json", "generation_config.json",
		"checkpoints/llama-3-8b/config.json", "out/adapter_config.json", "data/dataset_info.json", "out/trainer_state.json",
		".github/workflows/ci.yml", ".github/dependabot.yml", ".pre-commit-config.yaml", "docker-compose.yml",
		"deploy/docker-compose.gpu.yaml", "compose.yaml", ".readthedocs.yaml", "docs/mkdocs.yml", "mkdocs.yml",
		"environment.yml", "envs/environment-cuda.yaml", "conda-recipe/meta.yaml", "recipe/build.sh", ".vscode/settings.json",
		"README.md", "train.py", "data/train.jsonl",
	} {
		if files.MatchString(path) && !exclude.MatchString(path) {
			t.Errorf("hook passes %s", path)
		}
	}
}

// verbosePattern compiles a pattern written for Python's re in verbose mode
// ((?x): whitespace and # comments are not part of it), which Go's regexp
// does not have. The pattern must not need x's exceptions (escaped or
// bracketed spaces and #), so dropping comments and whitespace is exact.
func verbosePattern(t *testing.T, src string) *regexp.Regexp {
	t.Helper()
	if !strings.HasPrefix(src, "(?ix)") {
		t.Fatalf("pattern %q: want (?ix) first", src)
	}
	if strings.Contains(src, `\ `) || strings.Contains(src, `\#`) || regexp.MustCompile(`\[[^\]]*[ #]`).MatchString(src) {
		t.Fatalf("pattern %q escapes or brackets a space or #: stripping (?x) would change it", src)
	}
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		b.WriteString(strings.Join(strings.Fields(line), ""))
	}
	re, err := regexp.Compile("(?i)" + strings.TrimPrefix(b.String(), "(?ix)"))
	if err != nil {
		t.Fatal(err)
	}
	return re
}

// TestGenerateThenLint: generated files lint clean of errors and fit.
func TestGenerateThenLint(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI("generate", "--model", "meta-llama/Meta-Llama-3-8B", "--gpu", "a100-80gb", "--gpus", "8", "--global-batch", "64", "--seq-len", "4096", "--out", dir)
	if code != ExitOK {
		t.Fatalf("generate exit %d: %s %s", code, out, errs)
	}
	code, out, errs = runCLI("lint", dir)
	if code != ExitOK {
		t.Fatalf("lint of generated files exit %d:\n%s%s", code, out, errs)
	}
	code, _, _ = runCLI("generate", "--model", "meta-llama/Meta-Llama-3-8B", "--gpu", "a100-80gb", "--out", dir)
	if code != ExitUsage {
		t.Errorf("overwriting without --force: exit %d, want %d", code, ExitUsage)
	}
}

// TestFixWrite copies a job that does not fit, fixes it in place, and
// checks the result fits and a second fix changes nothing.
func TestFixWrite(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"train.yaml", "ds_zero2.json", ".trainlint.yaml"} {
		src, err := os.ReadFile("../../testdata/examples/llama3-8b-a100/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+name, src, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	train := dir + "/train.yaml"
	code, diff, errs := runCLI("fix", train)
	if code != ExitOK || !strings.Contains(diff, "--- a/") || !strings.Contains(diff, "+++ b/") {
		t.Fatalf("fix exit %d, diff:\n%s\nstderr: %s", code, diff, errs)
	}
	if code, _, errs = runCLI("fix", "--write", train); code != ExitOK {
		t.Fatalf("fix --write exit %d: %s", code, errs)
	}
	st, err := os.Stat(train)
	if err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("mode after write = %v, %v; want 0640 kept", st.Mode(), err)
	}
	code, out, _ := runCLI("estimate", "--format", "json", train)
	if code != ExitOK || !strings.Contains(out, `"fits": true`) {
		t.Fatalf("after fix: exit %d\n%s", code, out)
	}
	if code, diff, _ = runCLI("fix", train); code != ExitOK || diff != "" {
		t.Errorf("fixing a fixed file: exit %d, diff %q", code, diff)
	}
}

// TestFlagNames: reorder's flagNames gives every flag of every command the
// names urfave/cli gives it.
func TestFlagNames(t *testing.T) {
	app := newApp(nil, io.Discard, io.Discard)
	flags := app.Flags
	for _, cmd := range app.Commands {
		flags = append(flags, cmd.Flags...)
	}
	for _, f := range flags {
		if got, want := flagNames(f), f.Names(); !slices.Equal(got, want) {
			t.Errorf("flagNames = %q, Names = %q", got, want)
		}
	}
}
