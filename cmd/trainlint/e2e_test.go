package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// binary is the trainlint executable TestMain builds once: the end-to-end
// tests run it as users and CI do, in temporary folders and repositories.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "trainlint-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "trainlint")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building trainlint: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBin runs the built binary in dir with stdin and returns its exit code
// and streams.
func runBin(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// tree writes files (slash paths → content) under a new temporary folder;
// with repo set, the folder is a git repository.
func tree(t *testing.T, repo bool, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if repo {
		if err := exec.Command("git", "init", "-q", dir).Run(); err != nil {
			if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	cleanDS    = `{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "zero_optimization": {"stage": 2}}` + "\n"
	brokenDS   = `{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "fp16": {"enabled": true}, "bf16": {"enabled": true}}` + "\n"
	truncated  = "{\n  \"train_micro_batch_size_per_gpu\": 1,\n  \"zero_optimization\": {\"stage\": 2}\n"
	warningsDS = `{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "zero_optimization": {"stage": 2, "offload_param": {"device": "cpu"}}}` + "\n"
)

// TestBinaryExitCodes holds the documented contract: 0 nothing at or above
// --fail-on, 1 findings (a file that cannot be read included), 2 usage.
func TestBinaryExitCodes(t *testing.T) {
	dir := tree(t, false, map[string]string{"ds_clean.json": cleanDS, "ds_broken.json": brokenDS, "ds_truncated.json": truncated, "ds_warn.json": warningsDS})
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"lint", "ds_clean.json"}, 0},
		{[]string{"lint", "ds_broken.json"}, 1},
		{[]string{"lint", "ds_truncated.json"}, 1},
		{[]string{"lint", "missing.json"}, 1},
		{[]string{"lint", "ds_warn.json"}, 0},
		{[]string{"lint", "--fail-on", "warning", "ds_warn.json"}, 1},
		{[]string{"lint", "--exit-zero", "ds_broken.json", "ds_truncated.json"}, 0},
		{[]string{"lint", "--format", "xml", "ds_clean.json"}, 2},
		{[]string{"lint", "--exit-zero", "--format", "xml", "ds_broken.json"}, 2},
		{[]string{"lint", "--no-such-flag", "ds_clean.json"}, 2},
		{[]string{"lint", "--gpu", "v1000", "ds_clean.json"}, 2},
		// A model trainlint cannot find is a memory-not-checked warning, not a usage error.
		{[]string{"lint", "--gpu", "a100-80gb", "--model", "nosuch/model", "ds_clean.json"}, 0},
		{[]string{"lint", "--fail-on", "warning", "--gpu", "a100-80gb", "--model", "nosuch/model", "ds_clean.json"}, 1},
		{[]string{"lint", "--fail-on", "fatal", "ds_clean.json"}, 2},
		{[]string{"no-such-command"}, 2},
		{[]string{"estimate"}, 2},
		{[]string{"estimate", "-"}, 2},
		{[]string{"fix", "--gpu", "a100-80gb", "-"}, 2},
		{[]string{"estimate", "--gpu", "a100-80gb", "--model", "meta-llama/Meta-Llama-3-8B", "ds_truncated.json"}, 1},
	} {
		code, out, errs := runBin(t, dir, "", tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out, errs)
		}
		if code == 2 && strings.TrimSpace(errs) == "" {
			t.Errorf("%v: exit 2 without a message on stderr", tt.args)
		}
		if code == 2 && out != "" {
			t.Errorf("%v: a usage error printed on stdout, where a report reader expects a report:\n%s", tt.args, out)
		}
	}
}

// TestBinaryInputErrorEveryFormat: a syntax error is an input-error finding
// with file, line and column in every output format.
func TestBinaryInputErrorEveryFormat(t *testing.T) {
	dir := tree(t, false, map[string]string{"ds_truncated.json": truncated})
	want := map[string]*regexp.Regexp{
		"text":     regexp.MustCompile(`(?m)^ds_truncated\.json:4:1: error: unexpected end of file.* \[input-error\]$`),
		"json":     regexp.MustCompile(`"file": "ds_truncated\.json",\s+"line": 4,\s+"column": 1,\s+"rule": "input-error",\s+"severity": "error"`),
		"sarif":    regexp.MustCompile(`"ruleId": "input-error"`),
		"github":   regexp.MustCompile(`(?m)^::error file=ds_truncated\.json,line=4,col=1,title=trainlint \(input-error\)::`),
		"markdown": regexp.MustCompile("(?m)^\\| error \\| `ds_truncated\\.json:4:1` \\| unexpected end of file.*\\[input-error\\]"),
	}
	for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
		code, out, errs := runBin(t, dir, "", "lint", "--format", format, "ds_truncated.json")
		if code != 1 || !want[format].MatchString(out) {
			t.Errorf("--format %s: exit %d, want 1 and %s\nstdout:\n%s\nstderr:\n%s", format, code, want[format], out, errs)
		}
	}
}

// TestBinaryConventions: flags after files, --version, no paths means the
// current folder, --quiet.
func TestBinaryConventions(t *testing.T) {
	dir := tree(t, false, map[string]string{"ds_broken.json": brokenDS, "-odd.json": brokenDS})
	code, out, _ := runBin(t, dir, "", "lint", "ds_broken.json", "--format", "json", "--fail-on=info")
	var fs []map[string]any
	if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 1 || len(fs) == 0 {
		t.Errorf("flags after the file: exit %d, %v\n%s", code, err, out)
	}
	if code, out, _ := runBin(t, dir, "", "lint", "-f", "github", "--", "-odd.json"); code != 1 || !strings.Contains(out, "file=-odd.json") {
		t.Errorf("a file after --: exit %d\n%s", code, out)
	}
	for _, flag := range []string{"--version", "-V"} {
		if code, out, _ := runBin(t, dir, "", flag); code != 0 || !strings.HasPrefix(out, "trainlint ") {
			t.Errorf("%s: exit %d, %q", flag, code, out)
		}
	}
	code, out, _ = runBin(t, dir, "", "lint")
	if code != 1 || !strings.Contains(out, "ds_broken.json:1:") {
		t.Errorf("lint with no paths does not lint the current folder: exit %d\n%s", code, out)
	}
	_, loud, _ := runBin(t, dir, "", "lint", "ds_broken.json")
	_, quiet, _ := runBin(t, dir, "", "lint", "-q", "ds_broken.json")
	if !strings.Contains(loud, "1 job checked") || strings.Contains(quiet, "1 job checked") || !strings.Contains(quiet, "[fp16-bf16-both-enabled]") {
		t.Errorf("--quiet: want the findings without the summary\nloud:\n%s\nquiet:\n%s", loud, quiet)
	}
	_, quietJSON, _ := runBin(t, dir, "", "lint", "-q", "--format", "json", "ds_broken.json")
	_, loudJSON, _ := runBin(t, dir, "", "lint", "--format", "json", "ds_broken.json")
	if quietJSON != loudJSON {
		t.Errorf("--quiet changed the JSON output")
	}
}

// TestBinaryStdin: "-" reads standard input; --stdin-filename decides the
// format, the folder references resolve from and the path reported.
func TestBinaryStdin(t *testing.T) {
	dir := tree(t, false, map[string]string{"sub/ds.json": cleanDS})
	train := "deepspeed: ds.json\noutput_dir: out\nper_device_train_batch_size: 1\nbf16: true\nfp16: true\n"
	code, out, errs := runBin(t, dir, train, "lint", "-", "--stdin-filename", "sub/train.yaml")
	if code != 1 || !strings.Contains(out, "sub/train.yaml:4:1: error:") || strings.Contains(out, "input-error") {
		t.Errorf("stdin as sub/train.yaml: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runBin(t, dir, "deepspeed: nothere.json\noutput_dir: out\n", "lint", "-", "--stdin-filename", "sub/train.yaml")
	if code != 1 || !strings.Contains(out, "sub/train.yaml:1:12: error: deepspeed: file \"nothere.json\" not found") {
		t.Errorf("missing reference from stdin: exit %d\n%s", code, out)
	}
	if code, out, _ = runBin(t, dir, brokenDS, "lint", "-"); code != 1 || !strings.Contains(out, "<stdin>:1:") {
		t.Errorf("stdin without a name: exit %d\n%s", code, out)
	}
	if code, _, _ = runBin(t, dir, "", "lint", "--stdin-filename", "x.json", "sub/ds.json"); code != 2 {
		t.Errorf("--stdin-filename without -: exit %d, want 2", code)
	}
}

// TestBinaryIgnoredFiles: folder walks leave out what .gitignore files
// (nested ones included, negation honoured) and --exclude name; a file or
// folder named on the command line is always linted.
func TestBinaryIgnoredFiles(t *testing.T) {
	dir := tree(t, true, map[string]string{
		".gitignore":                 "out/\n*.local.json\n/scratch\n",
		"configs/.gitignore":         "!ds_keep.local.json\nds_tmp_*.json\n",
		"configs/ds_main.json":       brokenDS,
		"configs/ds_keep.local.json": brokenDS,
		"configs/ds_mine.local.json": brokenDS,
		"configs/ds_tmp_1.json":      brokenDS,
		"out/ds_run.json":            brokenDS,
		"scratch/ds_a.json":          brokenDS,
		"legacy/ds_old.json":         brokenDS,
		"sub/scratch/ds_b.json":      brokenDS,
	})
	_, out, errs := runBin(t, dir, "", "lint", "--format", "json", "--exclude", "legacy/")
	var fs []struct{ File string }
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("%v\n%s%s", err, out, errs)
	}
	var got []string
	for _, f := range fs {
		if p := filepath.ToSlash(f.File); len(got) == 0 || got[len(got)-1] != p {
			got = append(got, p)
		}
	}
	want := []string{"configs/ds_keep.local.json", "configs/ds_main.json", "sub/scratch/ds_b.json"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("linted %v, want %v", got, want)
	}
	if code, out, _ := runBin(t, dir, "", "lint", "out/ds_run.json"); code != 1 || !strings.Contains(out, "out/ds_run.json") {
		t.Errorf("an ignored file named explicitly is not linted: exit %d\n%s", code, out)
	}
	if code, out, _ := runBin(t, dir, "", "lint", "out"); code != 1 || !strings.Contains(out, "out/ds_run.json") {
		t.Errorf("an ignored folder named explicitly is not walked: exit %d\n%s", code, out)
	}
}

// TestBinaryCompletion: the completion scripts print, and bash completes
// command names through the binary.
func TestBinaryCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, shell := range []string{"bash", "zsh", "fish"} {
		if code, out, errs := runBin(t, dir, "", "completion", shell); code != 0 || !strings.Contains(out, "trainlint") {
			t.Errorf("completion %s: exit %d\n%s%s", shell, code, out, errs)
		}
	}
	if code, _, _ := runBin(t, dir, "", "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
	if _, out, _ := runBin(t, dir, "", "lint", "--f", "--generate-bash-completion"); !strings.Contains(out, "--format") {
		t.Errorf("flag candidates lack --format:\n%s", out)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := `source <("$BIN" completion bash); COMP_WORDS=(trainlint li); COMP_CWORD=1; _trainlint_complete; echo "${COMPREPLY[@]}"`
	cmd := exec.Command(bash, "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+binary, "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "lint" {
		t.Errorf("bash completion of 'li': %v %q", err, out)
	}
}

// TestUsageText: flag help shows placeholders, never Markdown: urfave/cli
// reads the first `quoted` word of a usage as the value's name.
func TestUsageText(t *testing.T) {
	placeholder := regexp.MustCompile("`([^`]*)`")
	app := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range app.Commands {
		for _, f := range c.Flags {
			for _, m := range placeholder.FindAllStringSubmatch(f.String(), -1) {
				if m[1] != strings.ToUpper(m[1]) {
					t.Errorf("%s %s: backticks around %q would render as a placeholder", c.Name, f.Names()[0], m[1])
				}
			}
		}
	}
	_, out, _ := runBin(t, t.TempDir(), "", "lint", "--help")
	if !strings.Contains(out, "--gpu NAME") || strings.Contains(out, "`") {
		t.Errorf("lint --help:\n%s", out)
	}
}

// TestBinarySARIFSchema validates the SARIF of a real run (every rule's
// documentation, rule findings and an input error) against the official
// SARIF 2.1.0 schema, and checks paths are relative to the repository.
func TestBinarySARIFSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	schema, err := c.Compile("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := tree(t, true, map[string]string{"configs/ds_broken.json": brokenDS, "configs/ds_truncated.json": truncated})
	code, out, errs := runBin(t, filepath.Join(dir, "configs"), "", "lint", "--format", "sarif", ".")
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, errs)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%#v", err)
	}
	for _, want := range []string{`"uri": "configs/ds_broken.json"`, `"uriBaseId": "%SRCROOT%"`, `"ruleId": "input-error"`, `"ruleId": "fp16-bf16-both-enabled"`, `"primaryLocationLineHash"`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
}

// TestBinarySuppressionHygiene: unknown ids and unused suppressions are
// findings; the project file can turn the unused check off.
func TestBinarySuppressionHygiene(t *testing.T) {
	train := "output_dir: out\nper_device_train_batch_size: 1\nbf16: true  # trainlint: ignore[bf16-unsupported-gpu]\nlearning_rate: 2.0e-5  # trainlint: ignore[bf16-unsuported-gpu]\nseed: 1  # trainlint: ignore\n"
	dir := tree(t, true, map[string]string{".trainlint.yaml": "hardware: {gpu: v100-32gb}\n", "train.yaml": train})
	code, out, errs := runBin(t, dir, "", "lint", "--fail-on", "warning", "train.yaml")
	for _, want := range []string{
		`train.yaml:4:44: warning: no rule is named "bf16-unsuported-gpu"; did you mean "bf16-unsupported-gpu"? [unknown-rule-id]`,
		`train.yaml:5:12: warning: this "trainlint: ignore" comment silenced no finding on its line; delete it [unused-suppression]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %s", want)
		}
	}
	if code != 1 || strings.Contains(out, "train.yaml:3:") {
		t.Errorf("exit %d (want 1), and the used suppression on line 3 must not be reported:\n%s%s", code, out, errs)
	}
	dir = tree(t, true, map[string]string{".trainlint.yaml": "hardware: {gpu: v100-32gb}\nrules: {unused-suppression: off}\n", "train.yaml": train})
	if _, out, _ := runBin(t, dir, "", "lint", "train.yaml"); strings.Contains(out, "unused-suppression") || !strings.Contains(out, "unknown-rule-id") {
		t.Errorf("unused-suppression: off in the project file:\n%s", out)
	}
}

// TestBinaryMarkdown: the summary of a job that does not fit shows the
// peak against the card as a bar, the verdict and the findings with fixes.
func TestBinaryMarkdown(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{".trainlint.yaml", "train.yaml", "ds_zero2.json"} {
		src, err := os.ReadFile("../../testdata/examples/llama3-8b-a100/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(src)
	}
	dir := tree(t, true, files)
	code, out, errs := runBin(t, dir, "", "lint", "--format", "markdown")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile("(?m)^## trainlint$"),
		regexp.MustCompile("(?m)^### `train.yaml`$"),
		regexp.MustCompile("`█{10} [0-9]+%` of 80.0 GiB \\| \\*\\*does not fit\\*\\* \\|"),
		regexp.MustCompile(`(?m)^\| error \| ` + "`train.yaml:[0-9]+:[0-9]+`" + ` \| .*\[gpu-out-of-memory\]\(https://github.com/trainlint/trainlint/blob/main/docs/rules/gpu-out-of-memory.md\) \| (safe|unsafe): `),
	} {
		if !want.MatchString(out) {
			t.Errorf("markdown lacks %s", want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s%s", code, out, errs)
	}
}

// sharedDir holds the real-world corpora (absent outside the project's
// workspace: the test skips).
const sharedDir = "../../../shared"

// TestBinaryCorpusFormats lints each real-world corpus in every format:
// the SARIF validates against the official schema, and JSON, SARIF and
// github output carry the same number of findings.
func TestBinaryCorpusFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"corpus", "corpus2"} {
		dir, err := filepath.Abs(filepath.Join(sharedDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("%s absent", dir)
		}
		_, js, errs := runBin(t, dir, "", "lint", "--format", "json", ".")
		var fs []map[string]any
		if err := json.Unmarshal([]byte(js), &fs); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, errs)
		}
		_, sarif, _ := runBin(t, dir, "", "lint", "--format", "sarif", ".")
		var v any
		if err := json.Unmarshal([]byte(sarif), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: SARIF: %#v", name, err)
		}
		_, gh, _ := runBin(t, dir, "", "lint", "--format", "github", ".")
		results, annotations := strings.Count(sarif, `"ruleId"`), strings.Count("\n"+gh, "\n::")
		if results != len(fs) || annotations != len(fs) {
			t.Errorf("%s: %d JSON findings, %d SARIF results, %d annotations", name, len(fs), results, annotations)
		}
	}
}
