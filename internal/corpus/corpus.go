// Package corpus lists the shared corpus of real training configs that sits
// beside the checkout for the developers and CI (../shared/corpus) and is
// absent for users: tests use it when it is there and skip when it is not.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// File is one row of the corpus manifest.
type File struct {
	Path   string // the file, joined to the corpus folder
	Rel    string // relative to the corpus folder, slash-separated
	Format string // the manifest's format column (deepspeed-json, launch-script, ...)
	// Hardware is the optional seventh column, documented_hardware: what the
	// source repository says the file runs on, in its words.
	Hardware string
}

// Manifest reads dir/MANIFEST.tsv (header row, then local_path, source_repo,
// source_path, commit, license_of_repo, format, and optionally
// documented_hardware).
func Manifest(dir string) ([]File, error) {
	src, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		return nil, fmt.Errorf("corpus not present: %w", err)
	}
	var out []File
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	for _, line := range lines[1:] {
		cols := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(cols) < 6 {
			continue
		}
		f := File{Path: filepath.Join(dir, cols[0]), Rel: cols[0], Format: cols[5]}
		if len(cols) > 6 {
			f.Hardware = cols[6]
		}
		out = append(out, f)
	}
	return out, nil
}
