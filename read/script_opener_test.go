package read

import (
	"os"
	"path/filepath"
	"testing"
)

func TestScriptOpener(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "scripts")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"scripts/env.sh": "X=1\n", "scripts/sub/more.sh": "Y=2\n", "outside.sh": "Z=3\n"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "outside.sh"), filepath.Join(dir, "link.sh")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	open := scriptOpener(filepath.Join(dir, "run.sh"))
	checkOpens(t, open, []openCase{
		{"env.sh", "X=1\n"},
		{"./sub/more.sh", "Y=2\n"},
		{"../outside.sh", ""},
		{filepath.Join(root, "outside.sh"), ""},
		{"link.sh", ""},
		{"missing.sh", ""},
		{"sub", ""},
	})
}

// TestScriptOpenerRepository: inside a git repository a name is also looked
// up from each folder above the script up to the repository root, as bash
// started from the root finds it, and nothing outside the root is read.
func TestScriptOpenerRepository(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "repo")
	dir := filepath.Join(root, "less", "scripts", "train")
	for _, d := range []string{dir, filepath.Join(root, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range map[string]string{"repo/less/scripts/train/base.sh": "X=1\n", "repo/common.sh": "Y=2\n", "secret.sh": "Z=3\n"} {
		if err := os.WriteFile(filepath.Join(top, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(top, "secret.sh"), filepath.Join(root, "link.sh")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	open := scriptOpener(filepath.Join(dir, "lora_train.sh"))
	checkOpens(t, open, []openCase{
		{"base.sh", "X=1\n"},
		{"less/scripts/train/base.sh", "X=1\n"},
		{"common.sh", "Y=2\n"},
		{"../../../common.sh", "Y=2\n"},
		{"../../../../secret.sh", ""},
		{filepath.Join(top, "secret.sh"), ""},
		{"link.sh", ""},
		{"missing.sh", ""},
	})
}

// openCase is a name a script's source or bash line gives and what opening
// it reads; want is "" when it must be refused.
type openCase struct {
	name string
	want string
}

func checkOpens(t *testing.T, open func(string) ([]byte, error), cases []openCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := open(tc.name)
			if tc.want == "" {
				if err == nil {
					t.Errorf("read %q, want it refused", got)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
