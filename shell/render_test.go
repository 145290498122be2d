package shell

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// render prints a parsed script in the form the golden files hold: every
// command with its words and positions, its world size, then the variables
// and notes.
func render(sc *Script) string {
	var b strings.Builder
	for i, c := range sc.Commands {
		fmt.Fprintf(&b, "command %d at %s: %s\n", i+1, c.Pos, c.Launcher)
		if c.Unreachable {
			b.WriteString("  unreachable\n")
		}
		if c.Dir != "" {
			fmt.Fprintf(&b, "  dir: %s\n", c.Dir)
		}
		for _, a := range c.Env {
			kind := "exported"
			if a.Prefix {
				kind = "prefix"
			}
			fmt.Fprintf(&b, "  env %s %s at %s = %s\n", kind, a.Name, a.Pos, renderWord(a.Value))
		}
		for _, w := range c.Wrappers {
			fmt.Fprintf(&b, "  wrapper %s at %s\n", w.Name, w.Pos)
			renderWords(&b, "    ", w.Args)
		}
		if len(c.Interpreter) > 0 {
			b.WriteString("  interpreter:\n")
			renderWords(&b, "    ", c.Interpreter)
		}
		if len(c.LauncherArgs) > 0 {
			b.WriteString("  launcher args:\n")
			renderWords(&b, "    ", c.LauncherArgs)
		}
		kind := "program"
		if c.Module {
			kind = "module"
		}
		fmt.Fprintf(&b, "  %s: %s\n", kind, renderWord(c.Program))
		if len(c.Args) > 0 {
			b.WriteString("  args:\n")
			renderWords(&b, "    ", c.Args)
		}
		if n, how, ok := c.WorldSize(); ok {
			fmt.Fprintf(&b, "  world size: %d (%s)\n", n, how)
		} else {
			fmt.Fprintf(&b, "  world size: unknown (%s)\n", how)
		}
	}
	names := make([]string, 0, len(sc.Vars))
	for n := range sc.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 {
		b.WriteString("vars:\n")
	}
	for _, n := range names {
		fmt.Fprintf(&b, "  %s = %s\n", n, renderWord(sc.Vars[n]))
	}
	for _, n := range sc.Notes {
		fmt.Fprintf(&b, "note at %s: %s\n", n.Pos, n.Msg)
	}
	return b.String()
}

func renderWords(b *strings.Builder, indent string, ws []Word) {
	for _, w := range ws {
		b.WriteString(indent + renderWord(w) + "\n")
	}
}

func renderWord(w Word) string {
	s := fmt.Sprintf("%s %q", w.Pos, w.Text)
	if w.Raw != w.Text {
		s += fmt.Sprintf(" raw=%q", w.Raw)
	}
	if w.Origin != (document.Pos{}) && !within(w.Origin, w) {
		s += " from " + w.Origin.String()
	}
	if !w.Known {
		s += " unknown[" + strings.Join(w.Unknown, ", ") + "]"
	}
	if len(w.Defaulted) > 0 {
		s += " defaulted[" + strings.Join(w.Defaulted, ", ") + "]"
	}
	return s
}

// within reports whether p lies inside the word as written, where an origin
// is no news.
func within(p document.Pos, w Word) bool {
	end := advancePos(w.Pos, w.Raw)
	before := p.Line < w.Pos.Line || (p.Line == w.Pos.Line && p.Column < w.Pos.Column)
	after := p.Line > end.Line || (p.Line == end.Line && p.Column >= end.Column)
	return !before && !after && utf8.ValidString(w.Raw)
}
