// Package gitignore decides which files a folder walk leaves out: the
// patterns of the .gitignore files of the git repository a path lies in
// (each folder's file applying below it, a deeper file overriding a
// shallower one) and extra patterns in the same syntax (--exclude).
//
// The pattern syntax follows git's gitignore documentation: blank lines and
// "#" comments are skipped, "!" negates, a trailing "/" matches folders
// only, a pattern with a "/" before its end is anchored to the folder of its
// file, "*" and "?" and "[...]" do not cross "/", and "**" matches across
// folders ("**/x", "x/**", "a/**/b").
//
// Ignored decides for one path on its own: a walk asks about each folder
// before it descends and does not descend into an ignored one, which is
// how a path inside an ignored folder stays ignored whatever a later
// negation says, as in git. A folder named as the walk's root is walked
// even when ignored, as ripgrep does.
package gitignore

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Pattern is one parsed line.
type Pattern struct {
	re      *regexp.Regexp
	negate  bool
	dirOnly bool
	// Most lines are a name ("__pycache__") or a name's suffix ("*.log")
	// anywhere below the file's folder; those match without the regular
	// expression: base holds the name, or the suffix when suffix is set.
	base   string
	suffix bool
}

// Parse reads one line of a .gitignore file; ok is false for blank lines,
// comments and patterns that cannot be read.
func Parse(line string) (p Pattern, ok bool) {
	line = strings.TrimRight(strings.TrimSuffix(line, "\r"), " \t")
	if strings.HasSuffix(line, "\\") && strings.HasSuffix(strings.TrimSuffix(line, "\\"), " ") {
		line += " "
	}
	if line == "" || strings.HasPrefix(line, "#") {
		return Pattern{}, false
	}
	if strings.HasPrefix(line, "!") {
		p.negate = true
		line = line[1:]
	} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return Pattern{}, false
	}
	if !strings.Contains(line, "/") {
		switch {
		case !strings.ContainsAny(line, `*?[\`):
			p.base = line
		case strings.HasPrefix(line, "*") && !strings.ContainsAny(line[1:], `*?[\`):
			p.base, p.suffix = line[1:], true
		}
		line = "**/" + line
	}
	line = strings.TrimPrefix(line, "/")
	re, err := regexp.Compile("^" + translate(line) + "$")
	if err != nil {
		// git skips a pattern it cannot read (an inverted range "[z-a]").
		return Pattern{}, false
	}
	p.re = re
	return p, true
}

// translate turns a glob into a regular expression over slash-separated
// paths relative to the pattern's folder.
func translate(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch {
		case strings.HasPrefix(glob[i:], "**/") && (i == 0 || glob[i-1] == '/'):
			b.WriteString("(?:.*/)?")
			i += 2
		case glob[i:] == "**" && i > 0 && glob[i-1] == '/':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
			for i+1 < len(glob) && glob[i+1] == '*' {
				i++
			}
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			end := strings.IndexByte(glob[i+1:], ']')
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := glob[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		case c == '\\' && i+1 < len(glob):
			i++
			b.WriteString(regexp.QuoteMeta(string(glob[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// matches reports whether the pattern matches rel. The shortcuts agree
// with the regular expression, whose "." stops at a newline.
func (p *Pattern) matches(rel string) bool {
	if p.base == "" || strings.IndexByte(rel, '\n') >= 0 {
		return p.re.MatchString(rel)
	}
	name := rel[strings.LastIndexByte(rel, '/')+1:]
	if p.suffix {
		return strings.HasSuffix(name, p.base)
	}
	return name == p.base
}

// match applies an ordered list of patterns to rel (slash-separated,
// relative to the patterns' folder): the last pattern that matches decides.
// decided is false when none matches.
func match(ps []Pattern, rel string, dir bool) (ignored, decided bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if p := &ps[i]; (!p.dirOnly || dir) && p.matches(rel) {
			return !p.negate, true
		}
	}
	return false, false
}

// Matcher answers Ignored for paths anywhere; it reads each .gitignore
// file once. It is not safe for concurrent use.
type Matcher struct {
	exclude []Pattern
	base    string               // the folder exclude patterns are relative to
	files   map[string][]Pattern // folder → its .gitignore patterns
	roots   map[string]string    // folder → repository root ("" when none)
	levels  map[string][]level   // folder → the .gitignore files that apply in it
	// listed holds what a walk's listing of a folder showed: a folder
	// listed without a .git or a .gitignore needs no look for it.
	listed map[string]listing
}

type listing struct{ git, gitignore bool }

// level is the .gitignore file of one folder, which has patterns.
type level struct {
	dir      string
	patterns []Pattern
}

// New returns a matcher honouring .gitignore files and the exclude
// patterns, which are relative to base (the working directory).
func New(base string, exclude []string) (*Matcher, error) {
	abs, err := filepath.Abs(base)
	if err != nil {
		return nil, err
	}
	m := &Matcher{base: abs, files: map[string][]Pattern{}, roots: map[string]string{}, levels: map[string][]level{}, listed: map[string]listing{}}
	for _, e := range exclude {
		if p, ok := Parse(e); ok {
			m.exclude = append(m.exclude, p)
		}
	}
	return m, nil
}

// Listed takes a walk's listing of the folder dir, so that Ignored does
// not look for the folder's .gitignore and .git itself.
func (m *Matcher) Listed(dir string, entries []fs.DirEntry) {
	var l listing
	for _, e := range entries {
		switch e.Name() {
		case ".git":
			l.git = true
		case ".gitignore":
			l.gitignore = true
		}
	}
	m.listed[m.abs(dir)] = l
}

// abs is filepath.Abs against the working directory New found, which
// saves two system calls a path (Abs asks for the working directory each
// time).
func (m *Matcher) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(m.base, path)
}

// Ignored reports whether a walk should leave out path (a folder when dir
// is set).
func (m *Matcher) Ignored(path string, dir bool) bool {
	abs := m.abs(path)
	if len(m.exclude) > 0 {
		if rel, err := filepath.Rel(m.base, abs); err == nil && !strings.HasPrefix(rel, "..") {
			if ig, _ := match(m.exclude, filepath.ToSlash(rel), dir); ig {
				return true
			}
		}
	}
	root := m.root(filepath.Dir(abs))
	if root == "" || abs == root {
		return false
	}
	return m.gitIgnored(abs, dir, root)
}

// gitIgnored applies the .gitignore files from the root down to abs's
// folder; a deeper file overrides a shallower one.
func (m *Matcher) gitIgnored(abs string, dir bool, root string) bool {
	ignored := false
	for _, lv := range m.levelsOf(filepath.Dir(abs), root) {
		// abs lies below lv.dir: its path relative to lv.dir, as
		// filepath.Rel gives it, is what follows the separator.
		rel := strings.TrimPrefix(abs[len(lv.dir):], string(filepath.Separator))
		if ig, ok := match(lv.patterns, filepath.ToSlash(rel), dir); ok {
			ignored = ig
		}
	}
	return ignored
}

// levelsOf returns, shallowest first, the .gitignore files with patterns in
// the folders from root (or the top of the file system) down to dir.
func (m *Matcher) levelsOf(dir, root string) []level {
	if lv, ok := m.levels[dir]; ok {
		return lv
	}
	var lv []level
	if parent := filepath.Dir(dir); dir != root && parent != dir {
		lv = m.levelsOf(parent, root)
	}
	if ps := m.patterns(dir); len(ps) > 0 {
		lv = append(lv[:len(lv):len(lv)], level{dir: dir, patterns: ps})
	}
	m.levels[dir] = lv
	return lv
}

// patterns reads a folder's .gitignore once.
func (m *Matcher) patterns(dir string) []Pattern {
	if ps, ok := m.files[dir]; ok {
		return ps
	}
	var ps []Pattern
	if l, ok := m.listed[dir]; ok && !l.gitignore {
		m.files[dir] = nil
		return nil
	}
	if src, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err == nil {
		for _, line := range strings.Split(string(src), "\n") {
			if p, ok := Parse(line); ok {
				ps = append(ps, p)
			}
		}
	}
	m.files[dir] = ps
	return ps
}

// root finds the repository root above dir: the nearest folder holding .git.
func (m *Matcher) root(dir string) string {
	if r, ok := m.roots[dir]; ok {
		return r
	}
	r := ""
	if hasGit(m.listed, dir) {
		r = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		r = m.root(parent)
	}
	m.roots[dir] = r
	return r
}

// hasGit reports whether the folder dir holds a .git (a link to one
// counts when it leads somewhere); a listing without one settles it.
func hasGit(listed map[string]listing, dir string) bool {
	if l, ok := listed[dir]; ok && !l.git {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}
