package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/lint/report"
)

func readYAML(t *testing.T, path string, out any) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(src)
}

// TestGoReleaser checks .goreleaser.yaml: it builds this command for the
// three systems and two architectures, with the version in the variable
// main.version that `trainlint version` prints, and publishes checksums.
func TestGoReleaser(t *testing.T) {
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Binary  string   `yaml:"binary"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Ldflags []string `yaml:"ldflags"`
			Env     []string `yaml:"env"`
		} `yaml:"builds"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
		} `yaml:"checksum"`
	}
	readYAML(t, "../../.goreleaser.yaml", &cfg)
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("want a version 2 config with one build, got %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/trainlint" || b.Binary != "trainlint" {
		t.Errorf("build main %q binary %q", b.Main, b.Binary)
	}
	if _, err := os.Stat("../../" + b.Main + "/main.go"); err != nil {
		t.Errorf("the build's main package: %v", err)
	}
	for _, want := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, want) {
			t.Errorf("goos lacks %s", want)
		}
	}
	for _, want := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, want) {
			t.Errorf("goarch lacks %s", want)
		}
	}
	if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{.Version}}") {
		t.Errorf("ldflags %q do not set main.version", b.Ldflags)
	}
	checkVersionVariable(t)
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Error("release binaries should be static (CGO_ENABLED=0)")
	}
	if cfg.Checksum.NameTemplate == "" {
		t.Error("no checksums file")
	}
}

// checkVersionVariable makes sure main.version, which -X sets, still exists
// as a string variable (-X silently does nothing otherwise).
func checkVersionVariable(t *testing.T) {
	t.Helper()
	var v any = version
	if _, ok := v.(string); !ok {
		t.Error("main.version is not a string")
	}
	src, err := os.ReadFile("app.go")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^var version = "`).Match(src) {
		t.Error("app.go no longer declares `var version = \"...\"`, which -X main.version sets")
	}
}

// TestAction checks action.yml: a composite action whose inputs are the
// ones its steps read, which builds this command with the version set, and
// whose formats are ones lint has.
func TestAction(t *testing.T) {
	var action struct {
		Name   string `yaml:"name"`
		Inputs map[string]struct {
			Description string `yaml:"description"`
			Default     *string
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				If   string            `yaml:"if"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	src := readYAML(t, "../../action.yml", &action)
	if action.Name == "" || action.Runs.Using != "composite" {
		t.Fatalf("want a named composite action, got %q %q", action.Name, action.Runs.Using)
	}
	for _, want := range []string{"paths", "format", "fail-on", "gpu", "gpus", "config", "upload-sarif", "summary"} {
		in, ok := action.Inputs[want]
		if !ok || in.Description == "" {
			t.Errorf("input %q missing or undocumented", want)
		}
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(src, -1) {
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("a step reads inputs.%s, which is not declared", m[1])
		}
	}
	var build, uploads bool
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "go build") {
			build = strings.Contains(s.Run, "./cmd/trainlint") && strings.Contains(s.Run, "-X main.version=")
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			uploads = strings.Contains(s.If, "sarif")
		}
	}
	if !build {
		t.Error("no step builds ./cmd/trainlint with -X main.version")
	}
	checkVersionVariable(t)
	if !uploads {
		t.Error("no conditional SARIF upload step")
	}
	for _, f := range regexp.MustCompile(`(github|sarif|text|json) `).FindAllStringSubmatch(action.Inputs["format"].Description, -1) {
		if !slices.Contains(report.Formats, f[1]) {
			t.Errorf("the format input offers %s, which lint lacks (%v)", f[1], report.Formats)
		}
	}
}
