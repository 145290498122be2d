package shell

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the shared corpus of real training setups, next to the repository.
const corpusDir = "../../shared/corpus"

// corpusScripts returns every *.sh of the corpus, skipping the test when the
// corpus is not there.
func corpusScripts(t testing.TB) []string {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var paths []string
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".sh" {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", corpusDir, err)
	}
	return paths
}

// TestCorpus parses every launch script of the shared corpus: none may fail
// or panic, and the launches known to be there must be found.
func TestCorpus(t *testing.T) {
	scripts := corpusScripts(t)
	parsed := map[string]*Script{}
	commands, sized := 0, 0
	for _, p := range scripts {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Parse(p, src)
		if err != nil {
			t.Errorf("Parse(%s): %v", p, err)
			continue
		}
		rel, _ := filepath.Rel(corpusDir, p)
		parsed[filepath.ToSlash(rel)] = sc
		known := 0
		for _, c := range sc.Commands {
			n, how, ok := c.WorldSize()
			if ok {
				known++
			}
			t.Logf("  %s:%s %s %s → %d %q ok=%v", rel, c.Pos, c.Launcher, c.Program.Text, n, how, ok)
		}
		commands += len(sc.Commands)
		sized += known
		t.Logf("%s: %d launch commands, %d with a known world size", rel, len(sc.Commands), known)
	}
	t.Logf("corpus: %d scripts, %d launch commands, %d with a statically known world size", len(scripts), commands, sized)
}
