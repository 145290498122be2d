package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// TestDSUnknownKeyPinnedDeepSpeed: the torch.compile keys that DeepSpeed
// 0.16.6 replaced are an error unless the repository pins an older
// DeepSpeed, which reads them; then they are a warning.
func TestDSUnknownKeyPinnedDeepSpeed(t *testing.T) {
	const ds = `{"compile": {"enabled": true, "backend": "inductor"}, "zero_optimization": {"stage": 2}}`
	for _, c := range []struct {
		name, pinFile, pin string
		want               lint.Severity
	}{
		{"no pin", "", "", lint.Error},
		{"requirements.txt pins 0.15.4", "requirements.txt", "torch==2.4.0\ndeepspeed==0.15.4\n", lint.Warning},
		{"setup.py pins 0.14.0", "setup.py", "install_requires=[\n    \"deepspeed==0.14.0\",\n]\n", lint.Warning},
		{"requirements.txt pins 0.17.1", "requirements.txt", "deepspeed==0.17.1\n", lint.Error},
		{"a lower bound is no pin", "requirements.txt", "deepspeed>=0.15.0\n", lint.Error},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(root, "scripts", "zero_configs")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "zero2.json")
			if err := os.WriteFile(path, []byte(ds), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.pinFile != "" {
				if err := os.WriteFile(filepath.Join(root, c.pinFile), []byte(c.pin), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rep := lint.Run([]string{path}, lint.Options{Rules: rules.All(), Workers: 1})
			n := 0
			for _, f := range rep.Findings {
				if f.Rule != "ds-unknown-key" {
					continue
				}
				n++
				if f.Severity != c.want {
					t.Errorf("%s: severity %s, want %s", f.Message, f.Severity, c.want)
				}
			}
			if n != 2 {
				t.Errorf("%d ds-unknown-key findings, want 2 (enabled, backend)", n)
			}
		})
	}
}
