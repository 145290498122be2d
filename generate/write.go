package generate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/trainlint/trainlint/read"
)

// ErrChanged is returned by WriteFile when the file on disk is no longer the
// one the fix was computed from.
var ErrChanged = errors.New("the file changed on disk since it was read; run trainlint again")

// WriteFile replaces the file at path with data, atomically: data goes to a
// temporary file in the same folder, which is synced, given the original's
// permissions and renamed over the original. It refuses when the file on
// disk no longer equals original (edited since it was read) and when data
// does not parse as a config. On any error the original is left untouched
// and the temporary file removed. Writing data a second time is a no-op.
// A symbolic link is followed, so the link stays a link, but never out of
// the file's repository (read.Root): a checkout's link to a file outside
// it is refused.
func WriteFile(path string, data, original []byte) error {
	return writeFile(path, data, original, osFS{})
}

// fileSystem is what writeFile does to the disk, so tests can make it fail
// midway.
type fileSystem interface {
	// wrap wraps the temporary file's writer.
	wrap(w io.Writer) io.Writer
	rename(oldpath, newpath string) error
}

type osFS struct{}

func (osFS) wrap(w io.Writer) io.Writer           { return w }
func (osFS) rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

func writeFile(path string, data, original []byte, fsys fileSystem) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if root, ok := read.Root(path); ok {
		if real, outside := read.OutsideRoot(root, path); outside {
			return fmt.Errorf("write %s: it leads to %s, outside the repository root %s: nothing written", path, real, root)
		}
	}
	st, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("write %s: not a regular file", path)
	}
	cur, err := os.ReadFile(target)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if bytes.Equal(cur, data) {
		return nil
	}
	if !bytes.Equal(cur, original) {
		return fmt.Errorf("write %s: %w", path, ErrChanged)
	}
	if _, err := read.Parse(path, data); err != nil {
		return fmt.Errorf("write %s: the fixed file does not parse, nothing written: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".trainlint-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(fsys.wrap(tmp), bytes.NewReader(data)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		return fmt.Errorf("write %s: chmod: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := fsys.rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	syncDir(filepath.Dir(target))
	return nil
}

// syncDir makes a rename durable. Failure is ignored: the rename itself has
// succeeded, and some systems cannot sync a folder.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
