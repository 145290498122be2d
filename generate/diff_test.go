package generate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	long := ""
	for i := 1; i <= 30; i++ {
		long += fmt.Sprintf("line %d\n", i)
	}
	tests := []struct {
		name, old, new string
		want           string // the expected diff; "" to check only the round trip
	}{
		{name: "equal", old: "a\n", new: "a\n", want: ""},
		{
			name: "one line",
			old:  "a\nb\nc\n",
			new:  "a\nB\nc\n",
			want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
		},
		{
			name: "two hunks",
			old:  long,
			new:  strings.Replace(strings.Replace(long, "line 2\n", "line two\n", 1), "line 25\n", "line 25\nline 25.5\n", 1),
			want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n" +
				"@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n" +
				"@@ -23,6 +23,7 @@\n line 23\n line 24\n line 25\n+line 25.5\n line 26\n line 27\n line 28\n",
		},
		{
			name: "close changes share a hunk",
			old:  long,
			new:  strings.Replace(strings.Replace(long, "line 5\n", "", 1), "line 12\n", "line twelve\n", 1),
		},
		{
			name: "no newline at end, changed",
			old:  "a\nb",
			new:  "a\nc",
			want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		},
		{
			name: "newline added at end",
			old:  "a\nb",
			new:  "a\nb\nc\n",
			want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n",
		},
		{
			name: "context without newline at end",
			old:  "a\nb\nc\nd",
			new:  "a\nB\nc\nd",
			want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n\\ No newline at end of file\n",
		},
		{name: "from empty", old: "", new: "a\nb\n", want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{name: "to empty", old: "a\n", new: "", want: "--- a/cfg/x.yaml\n+++ b/cfg/x.yaml\n@@ -1 +0,0 @@\n-a\n"},
		{name: "crlf", old: "a\r\nb\r\n", new: "a\r\nc\r\nb\r\n"},
		{name: "repeated lines", old: "}\n}\n}\n", new: "}\n},\n}\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff("cfg/x.yaml", []byte(tt.old), []byte(tt.new))
			if tt.want != "" || tt.old == tt.new {
				if got != tt.want {
					t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
				}
			}
			if tt.old == tt.new {
				return
			}
			applied, err := applyUnified(tt.old, got)
			if err != nil {
				t.Fatalf("%v\n%s", err, got)
			}
			if applied != tt.new {
				t.Fatalf("applying the diff gave\n%q\nwant\n%q", applied, tt.new)
			}
			gitApplyCheck(t, "cfg/x.yaml", tt.old, tt.new, got)
		})
	}
}

func TestDisplayPath(t *testing.T) {
	wd, _ := os.Getwd()
	for in, want := range map[string]string{
		filepath.Join(wd, "a", "b.json"): "a/b.json",
		"./x/../y.yaml":                  "y.yaml",
		"ds.json":                        "ds.json",
	} {
		if got := displayPath(in); got != want {
			t.Errorf("displayPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// gitApplyCheck writes old into a scratch git repository and checks that
// `patch -p1` and `git apply` accept the diff and that git produces new. It
// is skipped without git.
func gitApplyCheck(t *testing.T, path, old, new, diff string) {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Log("git not found; skipping the git apply check")
		return
	}
	dir := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s\n%s", strings.Join(args, " "), err, out, diff)
		}
		return string(out)
	}
	run("init", "-q")
	file := filepath.Join(dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	patch := filepath.Join(dir, "fix.patch")
	if err := os.WriteFile(patch, []byte(diff), 0o644); err != nil {
		t.Fatal(err)
	}
	if patch, err := exec.LookPath("patch"); err == nil {
		cmd := exec.Command(patch, "-p1", "--dry-run", "-s", "-i", "fix.patch")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("patch -p1 rejects the diff: %v\n%s", err, out)
		}
	}
	run("apply", "--check", "fix.patch")
	run("apply", "fix.patch")
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != new {
		t.Errorf("git apply gave\n%q\nwant\n%q", got, new)
	}
}

// applyUnified applies a one-file unified diff to old, checking every
// context and removed line.
func applyUnified(old, diff string) (string, error) {
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- a/") || !strings.HasPrefix(lines[1], "+++ b/") {
		return "", fmt.Errorf("bad headers")
	}
	src := splitLines(old)
	var out []string
	pos := 0 // next unread line of src
	var last *[]string
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if l == "" {
			continue
		}
		switch l[0] {
		case '@':
			var a, b int
			hdr := strings.Fields(l)
			if len(hdr) < 4 {
				return "", fmt.Errorf("bad hunk header %q", l)
			}
			a, _ = strconv.Atoi(strings.Split(strings.TrimPrefix(hdr[1], "-"), ",")[0])
			b = 1
			if parts := strings.Split(hdr[1], ","); len(parts) == 2 {
				b, _ = strconv.Atoi(parts[1])
			}
			start := a - 1
			if b == 0 {
				start = a
			}
			if start < pos {
				return "", fmt.Errorf("hunks overlap at %q", l)
			}
			out = append(out, src[pos:start]...)
			pos = start
		case ' ', '-':
			text := l[1:]
			if pos >= len(src) || strings.TrimSuffix(src[pos], "\n") != strings.TrimSuffix(text, "\n") {
				return "", fmt.Errorf("line %d: context %q does not match %q", pos+1, text, at(src, pos))
			}
			if l[0] == ' ' {
				out = append(out, src[pos])
				last = &out
			} else {
				last = nil
			}
			pos++
		case '+':
			out = append(out, l[1:])
			last = &out
		case '\\':
			if last != nil {
				o := *last
				o[len(o)-1] = strings.TrimSuffix(o[len(o)-1], "\n")
			}
		default:
			return "", fmt.Errorf("unexpected line %q", l)
		}
	}
	out = append(out, src[pos:]...)
	return strings.Join(out, ""), nil
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "end of file"
}
