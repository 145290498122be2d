package shell

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// FuzzParse checks that no input makes Parse or the Command methods panic,
// and that every position reported lies inside the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdataDir, "*.sh"))
	for _, p := range seeds {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := Parse("fuzz.sh", src)
		if err != nil {
			return
		}
		lines := lineLengths(src)
		check := func(what string, p document.Pos) {
			if p.Line < 1 || p.Line > len(lines) || p.Column < 1 || p.Column > lines[p.Line-1]+1 {
				t.Fatalf("%s at %s lies outside the file (%d lines)", what, p, len(lines))
			}
		}
		word := func(what string, w Word) {
			check(what+" "+w.Text, w.Pos)
			if w.Origin != (document.Pos{}) {
				check(what+" origin "+w.Text, w.Origin)
			}
			for _, sg := range w.segs {
				if sg.span == 0 {
					continue
				}
				check(what+" piece "+sg.text, sg.origin)
				want := string([]rune(sg.text)[:sg.span])
				if got := textAt(src, sg.origin, sg.span); got != want {
					t.Fatalf("%s %q: piece %q said to be written at %s, where the script has %q", what, w.Text, want, sg.origin, got)
				}
			}
		}
		for _, c := range sc.Commands {
			check("command", c.Pos)
			for _, a := range c.Env {
				check("env "+a.Name, a.Pos)
				word("env value", a.Value)
			}
			for _, wr := range c.Wrappers {
				check("wrapper", wr.Pos)
				for _, w := range wr.Args {
					word("wrapper arg", w)
				}
			}
			for _, ws := range [][]Word{c.Interpreter, c.LauncherArgs, c.Args, {c.Program}} {
				for _, w := range ws {
					word("word", w)
				}
			}
			for _, p := range c.ArgPairs() {
				word("key", p.Key)
				word("value", p.Value)
				c.Flag(p.Key.Text)
			}
			for _, name := range []string{"num_gpus", "include", "nproc_per_node", "nnodes", "num_processes", "ntasks", "nodes"} {
				if k, v, ok := c.LauncherFlag(name); ok {
					word("launcher key", k)
					word("launcher value", v)
				}
			}
			c.WorldSize()
		}
		for name, v := range sc.Vars {
			word("var "+name, v)
		}
		for _, n := range sc.Notes {
			check("note", n.Pos)
		}
		again, _ := Parse("fuzz.sh", src)
		if render(again) != render(sc) {
			t.Fatal("parsing the same script twice gave different results")
		}
	})
}

// textAt returns n characters of src from a position, counting characters
// as positions do (a leading byte order mark is not counted).
func textAt(src []byte, p document.Pos, n int) string {
	s := string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))
	lines := strings.SplitAfter(s, "\n")
	if p.Line > len(lines) {
		return ""
	}
	line := []rune(lines[p.Line-1])
	rest := []rune(strings.Join(lines[p.Line:], ""))
	if p.Column-1 > len(line) {
		return ""
	}
	all := append(line[p.Column-1:], rest...)
	return string(all[:min(n, len(all))])
}

// lineLengths returns the length of each line in characters, counted the
// way positions count them.
func lineLengths(src []byte) []int {
	var out []int
	for _, line := range bytes.Split(src, []byte("\n")) {
		out = append(out, utf8.RuneCount(line))
	}
	return out
}

// FuzzParseEmbedded checks that a script handed to ParseEmbedded as one
// piece written at the start of its file reads exactly as Parse reads the
// file, so a job spec's command is read as a launch script is.
func FuzzParseEmbedded(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdataDir, "*.sh"))
	for _, p := range seeds {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if bytes.Contains(src, []byte("#SBATCH")) || !utf8.Valid(src) {
			return
		}
		file, err := Parse("fuzz.sh", src)
		if err != nil {
			return
		}
		emb, err := ParseEmbedded("fuzz.sh", Embedded{Text: []Piece{{Text: string(src), Pos: document.Pos{Line: 1, Column: 1}, Exact: true}}}, nil)
		if err != nil {
			t.Fatalf("ParseEmbedded failed where Parse did not: %v", err)
		}
		if got, want := render(emb), render(file); got != want {
			t.Fatalf("embedded reads differently from the file:\n--- embedded\n%s--- file\n%s", got, want)
		}
	})
}
