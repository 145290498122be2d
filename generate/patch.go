package generate

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// ChangeSet is one source of edits for a patch: the fitting combination
// Fit chose for a job, or a rule's fix.
type ChangeSet struct {
	Job     *read.Job // a job holding the files the changes edit
	From    string    // what proposes the changes, for notes: "the fit of train.yaml", "fix of rule x at f:3"
	Changes []lint.Change
}

// Patch is the edits of several change sets merged so that each file is
// rewritten once, however many jobs share it: a patch that names a file
// twice does not apply.
type Patch struct {
	Files    map[string][]byte // new content by path
	Original map[string][]byte // content as read
	// Notes say which changes were left out because an earlier set edits
	// the same key differently.
	Notes []string
}

// accepted is a change kept in a patch, with the set it came from.
type accepted struct {
	change lint.Change
	from   string
}

// Merge combines change sets, earlier sets first: a change equal to one
// already kept is dropped as a repeat, one that edits the same key (or a
// key above or below it) differently is dropped with a note naming both,
// so the result does not depend on map order and each key has one value.
func Merge(sets []ChangeSet) (*Patch, error) {
	p := &Patch{Files: map[string][]byte{}, Original: map[string][]byte{}}
	kept := map[string][]accepted{} // by file
	holder := map[string]*read.Job{}
	var order []string
	for _, set := range sets {
	changes:
		for _, c := range set.Changes {
			for _, k := range kept[c.File] {
				if !overlaps(k.change.Path, c.Path) {
					continue
				}
				if sameChange(k.change, c) {
					continue changes
				}
				p.Notes = append(p.Notes, fmt.Sprintf("%s: %s %s, %s %s; kept the first (fix again once this patch is applied)",
					c.File, k.from, describeChange(k.change), set.From, describeChange(c)))
				continue changes
			}
			if _, ok := holder[c.File]; !ok {
				holder[c.File] = set.Job
				order = append(order, c.File)
			}
			kept[c.File] = append(kept[c.File], accepted{c, set.From})
		}
	}
	for _, path := range order {
		var changes []lint.Change
		for _, k := range kept[path] {
			changes = append(changes, k.change)
		}
		files, original, err := ApplyJob(holder[path], changes)
		if err != nil {
			return nil, err
		}
		for f, b := range files {
			p.Files[f], p.Original[f] = b, original[f]
		}
	}
	return p, nil
}

// overlaps reports whether two key paths name the same setting or one
// holds the other.
func overlaps(a, b []string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameChange(a, b lint.Change) bool {
	return a.File == b.File && a.Op == b.Op && a.NewKey == b.NewKey &&
		strings.Join(a.Path, "\x00") == strings.Join(b.Path, "\x00") && reflect.DeepEqual(a.Value, b.Value)
}

func describeChange(c lint.Change) string {
	key := strings.Join(c.Path, ".")
	switch c.Op {
	case lint.Delete:
		return fmt.Sprintf("deletes `%s`", key)
	case lint.Rename:
		return fmt.Sprintf("renames `%s` to `%s`", key, c.NewKey)
	}
	return fmt.Sprintf("sets `%s` to %v", key, yamlInline(c.Value))
}

// Diff is the unified diff of every changed file, each once, in path order.
func (p *Patch) Diff() string {
	var b strings.Builder
	for _, path := range sortedPaths(p.Files) {
		b.WriteString(Diff(path, p.Original[path], p.Files[path]))
	}
	return b.String()
}

// Write writes every changed file with WriteFile, stopping at the first
// error (files already written stay written; each write is atomic).
func (p *Patch) Write() error {
	for _, path := range sortedPaths(p.Files) {
		if err := WriteFile(path, p.Files[path], p.Original[path]); err != nil {
			return err
		}
	}
	return nil
}

// Edit is one changed stretch of a file: lines Line to EndLine of the
// original (1-based, inclusive; EndLine is Line-1 for a pure insertion
// before Line) become New. Old and New are whole lines with their line
// ends.
type Edit struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
	Old     string `json:"old"`
	New     string `json:"new"`
}

// Edits lists every changed stretch of every file, in path and line order.
func (p *Patch) Edits() []Edit {
	var out []Edit
	for _, path := range sortedPaths(p.Files) {
		lines := diffLines(string(p.Original[path]), string(p.Files[path]))
		for i := 0; i < len(lines); {
			if lines[i].op == ' ' {
				i++
				continue
			}
			e := Edit{File: displayPath(path), Line: lines[i].old}
			var old, new strings.Builder
			for ; i < len(lines) && lines[i].op != ' '; i++ {
				if lines[i].op == '-' {
					old.WriteString(lines[i].text)
				} else {
					new.WriteString(lines[i].text)
				}
			}
			e.Old, e.New = old.String(), new.String()
			e.EndLine = e.Line + strings.Count(e.Old, "\n") - 1
			if e.Old != "" && !strings.HasSuffix(e.Old, "\n") {
				e.EndLine++
			}
			out = append(out, e)
		}
	}
	return out
}
