package read

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/project"
)

// indexSizeLimit is the largest file the reference scan reads: configs and
// launch scripts are a few KiB, and a larger JSON or YAML file in a
// repository is data (a dataset, a tokenizer, an index of shards), not a
// config that names another config.
const indexSizeLimit = 256 << 10

// related finds the files that start the jobs the named files belong to, so
// that a pre-commit hook passing only the changed files still lints whole
// jobs: the Trainer, Accelerate and launch files that name a changed
// DeepSpeed file, the launch scripts that name a changed Trainer or
// Accelerate file, and every config a changed project file governs. It
// walks each repository once, reads candidate files only as far as a
// textual search for the named files' base names, and parses only the
// files that mention one.
func (l *loader) related(named []*File) []*File {
	byRoot := map[string][]*File{}
	var roots []string
	for _, f := range named {
		if f.Skip != "" || f.Format == Unknown || f.Format == Script {
			continue
		}
		root := indexRoot(f.Path)
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], f)
	}
	var out []*File
	for _, root := range roots {
		out = append(out, l.relatedIn(root, byRoot[root])...)
	}
	return out
}

// relatedIn does related's work for the named files of one repository.
func (l *loader) relatedIn(root string, named []*File) []*File {
	targets := map[*File]bool{}
	var projects []string // absolute paths of named project files
	for _, f := range named {
		if f.Format == Project {
			if abs, err := filepath.Abs(f.Path); err == nil {
				projects = append(projects, abs)
			}
			continue
		}
		targets[f] = true
	}
	var found []*File
	added := map[*File]bool{}
	add := func(f *File) {
		if !added[f] && !targets[f] {
			added[f] = true
			found = append(found, f)
		}
	}
	governs := projectGoverns(projects)
	var ignored []error
	var names [][]byte
	for t := range targets {
		names = append(names, []byte(filepath.Base(t.Path)))
	}
	paths, scans := walkScan(root, l.opts.Ignore, l.opts.Listed, &ignored, names)
	var scripts []int // indices in paths of the launch scripts, for the second round
	for i, path := range paths {
		if governs(path) {
			if f, err := l.file(path); err == nil && f.Skip == "" && f.Format != Unknown && f.Format != Project {
				add(f)
			}
		}
		if scans == nil {
			continue
		}
		sc := scans[i]
		if sc.script {
			scripts = append(scripts, i)
			continue
		}
		if sc.mentions {
			if f := l.referrer(path, targets); f != nil {
				add(f)
			}
		}
	}
	// A launch script names the Trainer or Accelerate file that names the
	// DeepSpeed file: the files found so far are targets too. The scan
	// already knows which scripts name the first targets; only the names
	// the found files add are searched for, in the scripts again, read a
	// second time rather than kept: a repository's scripts are megabytes,
	// and holding them costs a page fault per page.
	var more [][]byte
	for _, f := range found {
		if f.Format != DeepSpeed {
			targets[f] = true
			if n := []byte(filepath.Base(f.Path)); !slices.ContainsFunc(names, func(m []byte) bool { return bytes.Equal(m, n) }) {
				more = append(more, n)
			}
		}
	}
	var buf []byte
	for _, i := range scripts {
		mentions := scans[i].mentions
		if !mentions && len(more) > 0 {
			if src, err := readCandidate(paths[i], buf); err == nil && src != nil {
				buf = src
				mentions = mentionsAny(src, more)
			}
		}
		if mentions {
			if f := l.referrer(paths[i], targets); f != nil {
				add(f)
			}
		}
	}
	return found
}

// scan is what the reference scan learnt of one file without parsing it.
type scan struct {
	script   bool // a launch script (by name or #! line)
	mentions bool // its text names a target
}

// walkScan walks root (see walk) and, when names are given, reads the
// files it finds on parallel goroutines while the walk goes on: a
// repository holds hundreds of folders and config files, and listing the
// ones and reading the others is most of the index's time. Of each file it
// says whether it is a launch script and whether it names one of the
// targets' base names; a file that cannot be read, is too large or holds
// data is neither. Without names the scans are nil.
func walkScan(root string, ignore func(string, bool) bool, listed func(string, []fs.DirEntry), errs *[]error, names [][]byte) ([]string, []scan) {
	if len(names) == 0 {
		return walk(root, ignore, listed, errs), nil
	}
	type batch struct {
		paths []string
		scans []scan
	}
	var batches []*batch
	todo := make(chan *batch, 256)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One buffer per reader: no text is kept, and fresh memory
			// costs a page fault per page touched.
			var buf []byte
			for b := range todo {
				b.scans = make([]scan, len(b.paths))
				for i, path := range b.paths {
					src, err := readCandidate(path, buf)
					if err != nil || src == nil {
						continue
					}
					buf = src
					b.scans[i] = scan{script: isScript(path, src), mentions: mentionsAny(src, names)}
				}
			}
		}()
	}
	walkBatches(root, ignore, listed, errs, func(paths []string) {
		b := &batch{paths: paths}
		batches = append(batches, b)
		todo <- b
	})
	close(todo)
	wg.Wait()
	var paths []string
	var scans []scan
	for _, b := range batches {
		paths = append(paths, b.paths...)
		scans = append(scans, b.scans...)
	}
	return paths, scans
}

// mentionsAny reports whether src holds one of the names outside a line
// that is a comment (its first non-blank byte is #). A config or script
// names the files it uses in values and commands, never in a comment
// line, where YAML, shell and HJSON put usage notes: the recipes of oumi
// (testdata/wild2) each quote their own path, `oumi train -c
// …/train.yaml`, which made every one of them a file to parse and resolve
// when a train.yaml changed.
func mentionsAny(src []byte, names [][]byte) bool {
	for _, n := range names {
		for rest, off := src, 0; ; {
			i := bytes.Index(rest, n)
			if i < 0 {
				break
			}
			if !commentLine(src, off+i) {
				return true
			}
			rest, off = rest[i+len(n):], off+i+len(n)
		}
	}
	return false
}

// commentLine reports whether the byte at i lies on a line whose first
// non-blank byte is #.
func commentLine(src []byte, i int) bool {
	line := src[bytes.LastIndexByte(src[:i], '\n')+1 : i]
	line = bytes.TrimLeft(line, " \t")
	return len(line) > 0 && line[0] == '#'
}

// referrer returns the file at path, whose text names one of the targets,
// when one of the jobs it starts uses one of the targets.
func (l *loader) referrer(path string, targets map[*File]bool) *File {
	f, err := l.file(path)
	if err != nil || f.Skip != "" || targets[f] {
		return nil
	}
	switch f.Format {
	case Unknown, Project, DeepSpeed:
		return nil
	}
	jobs, err := l.jobsFor(f)
	if err != nil {
		return nil
	}
	for _, j := range jobs {
		for _, jf := range j.Files() {
			if targets[jf] {
				return f
			}
		}
	}
	return nil
}

// projectGoverns returns a test for whether a config at a path takes its
// context from one of the named project files (its nearest project file).
func projectGoverns(projects []string) func(path string) bool {
	if len(projects) == 0 {
		return func(string) bool { return false }
	}
	nearest := map[string]string{} // folder → its nearest project file
	return func(path string) bool {
		dir := filepath.Dir(path)
		p, ok := nearest[dir]
		if !ok {
			p, _ = project.Find(dir)
			nearest[dir] = p
		}
		for _, want := range projects {
			if p == want {
				return true
			}
		}
		return false
	}
}

// readCandidate reads a file for the reference scan into buf; nil for a
// file too large to be a config or one that opens with a JSON array (data).
func readCandidate(path string, buf []byte) ([]byte, error) {
	src, err := readSmall(path, indexSizeLimit, buf)
	if err != nil || src == nil {
		return nil, err
	}
	if t := bytes.TrimLeft(src[:min(len(src), 512)], " \t\r\n\ufeff"); len(t) > 0 && t[0] == '[' {
		return nil, nil
	}
	return src, nil
}

// indexRoot is the folder searched for the jobs a named file belongs to:
// its git repository; outside one, the folder of its nearest project file;
// else its own folder (never a home folder walked whole).
func indexRoot(path string) string {
	if root, ok := gitRoot(path); ok {
		return root
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Dir(path)
	}
	if p, ok := project.Find(filepath.Dir(abs)); ok {
		return filepath.Dir(p)
	}
	return filepath.Dir(abs)
}

// gitRoot returns the absolute folder holding the .git of the repository a
// path lies in.
func gitRoot(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	dir := abs
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// within reports whether path lies in the folder root (both absolute and
// clean).
func within(root, path string) bool {
	if root == path {
		return true
	}
	return strings.HasPrefix(path, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator))
}

// Root returns the folder that the files a config names may be read from,
// for a file at path: its git repository, or the working directory when it
// lies in no repository but below the working directory. A file in neither
// has no root (ok false): the user named it outside any checkout.
// Symbolic links in the root are resolved.
func Root(path string) (root string, ok bool) {
	root, ok = gitRoot(path)
	if !ok {
		wd, err := os.Getwd()
		abs, aerr := filepath.Abs(path)
		if err != nil || aerr != nil || !within(wd, abs) {
			return "", false
		}
		root, ok = wd, true
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	return root, true
}

// OutsideRoot reports whether the file at path, after its symbolic links
// are followed, lies outside root (see Root), and where it leads.
func OutsideRoot(root, path string) (real string, outside bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path, false
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	return real, !within(root, real)
}

// checkRoot refuses a file outside the root of the file that names it
// (from; itself for a file named on the command line), unless
// Options.AllowOutsideRoot: a pull request's config may name any path
// (a key in the home folder, a link out of the checkout), and its content
// must not end up read or printed by the CI job that lints it.
func (l *loader) checkRoot(from, path string) error {
	if l.opts.AllowOutsideRoot {
		return nil
	}
	root, ok := Root(from)
	if !ok {
		return nil
	}
	real, outside := OutsideRoot(root, path)
	if !outside {
		return nil
	}
	where := "lies"
	if abs, err := filepath.Abs(path); err == nil && abs != real {
		where = "is a link to " + real + ","
	}
	return fmt.Errorf("%s outside the repository root %s and is not read (pass --allow-outside-root to read it)", where, root)
}
