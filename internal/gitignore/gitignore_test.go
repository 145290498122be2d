package gitignore

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern string
		path    string
		dir     bool
		want    bool // ignored
		decided bool
	}{
		{"*.log", "a.log", false, true, true},
		{"*.log", "deep/er/a.log", false, true, true},
		{"*.log", "a.log.txt", false, false, false},
		{"build/", "build", true, true, true},
		{"build/", "build", false, false, false}, // dir-only
		{"build/", "src/build", true, true, true},
		{"/build", "build", true, true, true}, // anchored
		{"/build", "src/build", true, false, false},
		{"doc/frotz", "doc/frotz", true, true, true},
		{"doc/frotz", "a/doc/frotz", true, false, false}, // a middle slash anchors
		{"**/cache", "x/y/cache", true, true, true},
		{"logs/**", "logs/a/b.json", false, true, true},
		{"a/**/b", "a/b", false, true, true},
		{"a/**/b", "a/x/y/b", false, true, true},
		{"a/*/b", "a/x/y/b", false, false, false},
		{"ds_?.json", "ds_1.json", false, true, true},
		{"ds_[0-9].json", "ds_7.json", false, true, true},
		{"ds_[!0-9].json", "ds_7.json", false, false, false},
		{`\#hash`, "#hash", false, true, true},
		{"!keep.json", "keep.json", false, false, true},
		{"# comment", "# comment", false, false, false},
		{"[z-a]", "z", false, false, false}, // unreadable: skipped
	}
	for _, tt := range tests {
		var ps []Pattern
		if p, ok := Parse(tt.pattern); ok {
			ps = append(ps, p)
		}
		ig, dec := match(ps, tt.path, tt.dir)
		if ig != tt.want || dec != tt.decided {
			t.Errorf("%q on %q (dir %v): ignored %v decided %v, want %v %v", tt.pattern, tt.path, tt.dir, ig, dec, tt.want, tt.decided)
		}
	}
}

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRepository: nested files override the root's, negation re-includes,
// and nothing above the repository root applies.
func TestRepository(t *testing.T) {
	outer := t.TempDir()
	repo := filepath.Join(outer, "repo")
	write(t, outer, map[string]string{
		".gitignore":              "*.json\n", // above the repository: not applied
		"repo/.git/HEAD":          "ref: refs/heads/main\n",
		"repo/.gitignore":         "*.tmp.json\nout/\n/runs\n!keep.tmp.json\n",
		"repo/configs/.gitignore": "local_*.yaml\n!local_shared.yaml\n",
	})
	m, err := New(repo, []string{"legacy/", "configs/old_*.json"})
	if err != nil {
		t.Fatal(err)
	}
	// The same answers when a walk tells the matcher each folder's listing
	// (a folder listed without a .gitignore is not looked into again).
	listed, err := New(repo, []string{"legacy/", "configs/old_*.json"})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{outer, repo, filepath.Join(repo, "configs")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		listed.Listed(dir, entries)
	}
	for _, tt := range []struct {
		path string
		dir  bool
		want bool
	}{
		{"ds.json", false, false},
		{"a.tmp.json", false, true},
		{"sub/a.tmp.json", false, true},
		{"keep.tmp.json", false, false},
		{"out", true, true},
		{"sub/out", true, true},
		{"logs/x.json", false, false},
		{"runs", true, true},
		{"sub/runs", true, false},
		{"configs/local_a.yaml", false, true},
		{"configs/local_shared.yaml", false, false},
		{"local_a.yaml", false, false}, // the nested file applies only below it
		{"legacy", true, true},         // --exclude
		{"configs/old_1.json", false, true},
		{"configs/new.json", false, false},
	} {
		path := filepath.Join(repo, filepath.FromSlash(tt.path))
		if got := m.Ignored(path, tt.dir); got != tt.want {
			t.Errorf("%s: ignored %v, want %v", tt.path, got, tt.want)
		}
		if got := listed.Ignored(path, tt.dir); got != tt.want {
			t.Errorf("%s with listings: ignored %v, want %v", tt.path, got, tt.want)
		}
	}
	// Outside any repository, only --exclude applies.
	m2, _ := New(outer, nil)
	if m2.Ignored(filepath.Join(outer, "x.json"), false) {
		t.Error(".gitignore applied outside a repository")
	}
}

// TestShortcutsAgreeWithRegexp checks the name and suffix shortcuts against
// the regular expression each pattern compiles to.
func TestShortcutsAgreeWithRegexp(t *testing.T) {
	patterns := []string{"__pycache__", "*.log", "*.tar.gz", "wandb", "*~", "output", ".env"}
	paths := []string{"__pycache__", "a/__pycache__", "a/__pycache__/x", "x__pycache__", "run.log", "a/b/run.log",
		"run.log/x", "log", "a.tar.gz", "b/tar.gz", "wandb", "wandb/run", "src/wandb", "file~", "a/output", "outputs",
		".env", "a/.env.local", "a\nb/run.log", "a\nb/wandb", ""}
	for _, pat := range patterns {
		p, ok := Parse(pat)
		if !ok || p.base == "" {
			t.Fatalf("%q: no shortcut", pat)
		}
		for _, path := range paths {
			if got, want := p.matches(path), p.re.MatchString(path); got != want {
				t.Errorf("%q on %q: shortcut says %v, the regular expression %v", pat, path, got, want)
			}
		}
	}
}
