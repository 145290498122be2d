package generate

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failingFS fails the write after n bytes, or the rename.
type failingFS struct {
	after      int
	failRename bool
}

type failingWriter struct {
	w    io.Writer
	left int
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.w.Write(p[:f.left])
		f.left = 0
		return n, errors.New("disk full")
	}
	f.left -= len(p)
	return f.w.Write(p)
}

func (f failingFS) wrap(w io.Writer) io.Writer {
	if f.after < 0 {
		return w
	}
	return &failingWriter{w: w, left: f.after}
}

func (f failingFS) rename(oldpath, newpath string) error {
	if f.failRename {
		return errors.New("rename refused")
	}
	return os.Rename(oldpath, newpath)
}

func TestWriteFile(t *testing.T) {
	const old = "output_dir: x\nper_device_train_batch_size: 8\n"
	const fixed = "output_dir: x\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 4\n"
	tests := []struct {
		name     string
		onDisk   string
		data     string
		fs       fileSystem
		wantErr  string
		wantDisk string
	}{
		{name: "writes", onDisk: old, data: fixed, fs: osFS{}, wantDisk: fixed},
		{name: "already written", onDisk: fixed, data: fixed, fs: osFS{}, wantDisk: fixed},
		{name: "changed since read", onDisk: old + "# edited\n", data: fixed, fs: osFS{}, wantErr: "changed on disk", wantDisk: old + "# edited\n"},
		{name: "does not parse", onDisk: old, data: "a: [1\n", fs: osFS{}, wantErr: "does not parse", wantDisk: old},
		{name: "write fails midway", onDisk: old, data: fixed, fs: failingFS{after: 10}, wantErr: "disk full", wantDisk: old},
		{name: "write fails at once", onDisk: old, data: fixed, fs: failingFS{after: 0}, wantErr: "disk full", wantDisk: old},
		{name: "rename fails", onDisk: old, data: fixed, fs: failingFS{after: -1, failRename: true}, wantErr: "rename refused", wantDisk: old},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.yaml")
			if err := os.WriteFile(path, []byte(tt.onDisk), 0o640); err != nil {
				t.Fatal(err)
			}
			err := writeFile(path, []byte(tt.data), []byte(old), tt.fs)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.wantDisk {
				t.Errorf("on disk:\n%s\nwant:\n%s", got, tt.wantDisk)
			}
			st, _ := os.Stat(path)
			if st.Mode().Perm() != 0o640 {
				t.Errorf("mode = %v, want 0640", st.Mode().Perm())
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("folder holds %v, want only train.yaml", names)
			}
		})
	}
}

func TestWriteFileFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "ds.json")
	old := `{"zero_optimization": {"stage": 2}, "train_batch_size": 8}`
	fixed := `{"zero_optimization": {"stage": 3}, "train_batch_size": 8}`
	if err := os.WriteFile(real, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", link); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := WriteFile(link, []byte(fixed), []byte(old)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(real); string(got) != fixed {
		t.Errorf("target holds %s", got)
	}
	if err := WriteFile(link, []byte(fixed), []byte(old)); err != nil {
		t.Errorf("second write: %v", err)
	}
}
