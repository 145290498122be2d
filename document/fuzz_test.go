package document

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fuzzCorpusDir holds real configs from public repositories; the fuzz seeds
// use it when it is present.
const fuzzCorpusDir = "../../shared/corpus"

// addSeeds adds every config-like file under the repository's testdata and
// the shared corpus as a seed.
func addSeeds(f *testing.F) {
	for _, root := range []string{"../testdata", fuzzCorpusDir} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".json", ".yaml", ".yml", ".conf":
			default:
				return nil
			}
			if src, err := os.ReadFile(p); err == nil && len(src) < 256<<10 {
				f.Add(src)
			}
			return nil
		})
	}
	for _, s := range []string{
		"", "{}", "[]", "a: 1\n", "{\"a\": NaN, \"b\": -Infinity, // c\n}",
		"a: &x [1, 2]\nb: *x\n", "\xef\xbb\xbf{\"a\": 1}", "\xef\xbb\xbfa: 1\n", "a:\r\n  b: 'x'\r\n",
		"{\"a\": \"\\u00e9\", \"a\": 1,}", "- [\n", "a: |\n  x\n  y\n",
	} {
		f.Add([]byte(s))
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz.cfg", src)
		checkParse(t, "fuzz.cfg", src, d, err)
	})
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseJSON("fuzz.json", src)
		checkParse(t, "fuzz.json", src, d, err)
	})
}

func FuzzParseYAML(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseYAML("fuzz.yaml", src)
		checkParse(t, "fuzz.yaml", src, d, err)
	})
}

// checkParse holds the properties every parse must have: an error is a
// *Error naming the file; a document's nodes all sit inside the file and
// every scalar's span is a valid byte range.
func checkParse(t *testing.T, path string, src []byte, d *Document, err error) {
	t.Helper()
	if err != nil {
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("error %T %q is not a *document.Error", err, err)
		}
		if de.Path != path || !strings.HasPrefix(err.Error(), path+":") {
			t.Fatalf("error %q does not name %s", err, path)
		}
		if de.hasPos {
			checkPos(t, src, de.Pos, "error")
		}
		return
	}
	if d == nil || d.Root == nil {
		t.Fatal("nil document or root without an error")
	}
	seen := map[*yaml.Node]bool{}
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n == nil || seen[n] {
			return
		}
		if depth > MaxDepth+2 {
			t.Fatalf("tree deeper than MaxDepth (%d)", MaxDepth)
		}
		seen[n] = true
		checkPos(t, src, NodePos(n), "node "+n.Tag+" "+quote(n.Value))
		if n.Kind == yaml.ScalarNode {
			start, end := d.Span(n)
			if start < 0 || end < start || end > len(src) {
				t.Fatalf("span [%d,%d) of %q out of bounds (len %d)", start, end, n.Value, len(src))
			}
			if d.Format == JSON {
				checkJSONSpan(t, d, n, start, end)
			} else {
				checkYAMLSpan(t, d, n, start, end)
			}
		}
		// The helpers readers use on every node must not fail either.
		Float(n, true)
		Int(n, false)
		Bool(n, true)
		IsNull(n)
		Kind(n)
		for _, c := range n.Content {
			visit(c, depth+1)
		}
		if n.Alias != nil {
			visit(n.Alias, depth+1)
		}
	}
	visit(d.Root, 0)
	for _, c := range d.Comments {
		visit(c, 0)
	}
	for _, dup := range d.Duplicates {
		checkPos(t, src, dup.First, "duplicate")
		checkPos(t, src, dup.Second, "duplicate")
	}
	for _, e := range d.Extensions {
		checkPos(t, src, e.Pos, "extension "+e.What)
	}
	Walk(d.Root, func(string, *yaml.Node, *yaml.Node) {})
	d.Line(0)
	d.Line(1 << 30)
}

// checkJSONSpan checks that a JSON scalar's span starts where its position
// says and holds its literal text.
func checkJSONSpan(t *testing.T, d *Document, n *yaml.Node, start, end int) {
	t.Helper()
	if off := d.Offset(NodePos(n)); off != start {
		t.Fatalf("scalar %q at %s: offset %d, span starts at %d", n.Value, NodePos(n), off, start)
	}
	text := string(d.Src[start:end])
	if n.Tag == "!!str" {
		if len(text) < 2 || text[0] != '"' || text[len(text)-1] != '"' {
			t.Fatalf("string %q spans %q", n.Value, text)
		}
	} else if text != n.Value {
		t.Fatalf("scalar %q spans %q", n.Value, text)
	}
}

// checkYAMLSpan checks that a YAML scalar's span starts with what its
// style says: a quote, or the first character of a plain value.
func checkYAMLSpan(t *testing.T, d *Document, n *yaml.Node, start, end int) {
	t.Helper()
	text := string(d.Src[start:end])
	if strings.HasPrefix(text, "!") {
		// The span keeps a tag; the value follows it.
		i := strings.IndexAny(text, " \t\r\n")
		if i < 0 {
			i = len(text)
		}
		text = strings.TrimLeft(text[i:], " \t\r\n")
	}
	var want string
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		want = `"`
	case n.Style&yaml.SingleQuotedStyle != 0:
		want = "'"
	case n.Style == 0 && n.Value != "" && n.Line > 0:
		want = n.Value[:1]
	}
	if !strings.HasPrefix(text, want) {
		t.Fatalf("scalar %q (style %d) at %s spans %q", n.Value, n.Style, NodePos(n), text)
	}
	if n.Style&^yaml.TaggedStyle == 0 && n.Value != "" && strings.Join(asciiFields(text), " ") != strings.Join(asciiFields(n.Value), " ") {
		t.Fatalf("plain scalar %q at %s spans %q", n.Value, NodePos(n), text)
	}
}

func asciiFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

// TestSpanOfFoldedPlain is a regression test: the span of a plain scalar
// written over several lines ended at its first line, so a rewrite left the
// other lines behind as part of the new value.
func TestSpanOfFoldedPlain(t *testing.T) {
	src := "a: one\n  two   three\n\n  four # c\nb: 1\n"
	d, err := Parse("folded.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, v := Get(d.Root, "a")
	if start, end := d.Span(v); src[start:end] != "one\n  two   three\n\n  four" {
		t.Errorf("span %q", src[start:end])
	}
}

// TestSpanAfterBOM is a regression test: Offset counted a byte order mark
// as a column, so every span on line 1 was one character early.
func TestSpanAfterBOM(t *testing.T) {
	for _, src := range []string{"\ufeffab: 1\ncd: 2\n", "\ufeff{\"ab\": 1}"} {
		d, err := Parse("bom", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		k, v := Get(d.Root, "ab")
		for _, n := range []*yaml.Node{k, v} {
			start, end := d.Span(n)
			if got := strings.Trim(src[start:end], `"`); got != n.Value {
				t.Errorf("%q: span of %q is %q", src, n.Value, got)
			}
		}
	}
}

// TestSpanAfterProperties is a regression test: the span of a scalar with
// an anchor began at the anchor, so rewriting the value dropped it. A tag
// stays in the span, so a rewrite replaces the value's type with it.
func TestSpanAfterProperties(t *testing.T) {
	src := "a: &x 5\nb: !!str 6\nc: &y !!int\n  7\nd: *x\ne: !!str &z 8\nf: &w:v\n"
	d, err := Parse("props.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"a": "5", "b": "!!str 6", "c": "!!int\n  7", "e": "8", "f": ":v"} {
		_, v := Get(d.Root, key)
		if start, end := d.Span(v); src[start:end] != want {
			t.Errorf("span of %s is %q, want %q", key, src[start:end], want)
		}
	}
}

// TestSpanOfEmptyValue is a regression test: yaml.v3 puts an empty value
// at the next token, so its span was that token ("}") or the rest of the
// line (a comment); it is now empty, right after the colon.
func TestSpanOfEmptyValue(t *testing.T) {
	for src, want := range map[string]int{"a:\n": 2, "a: # c\n": 2, "x: {a: }\n": 6, "x: [a: ]\n": 6, "x: {a: , b: 1}\n": 6, "- a:\n  b: 2\n": 4} {
		d, err := Parse("empty.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var v *yaml.Node
		Walk(d.Root, func(path string, k, n *yaml.Node) {
			if k.Value == "a" {
				v = n
			}
		})
		if start, end := d.Span(v); start != want || end != want {
			t.Errorf("%q: span [%d,%d), want [%d,%d)", src, start, end, want, want)
		}
	}
	src := "a: !!null\n"
	d, _ := Parse("empty.yaml", []byte(src))
	_, v := Get(d.Root, "a")
	if start, end := d.Span(v); src[start:end] != "!!null" {
		t.Errorf("%q: span %q, want the tag", src, src[start:end])
	}
}

// TestPositionsWithOddBreaks is a regression test: yaml.v3 starts a new line
// at a lone '\r' (and NEL, LS, PS), so its positions pointed past the end of
// a file whose lines Offset counts by '\n'.
func TestPositionsWithOddBreaks(t *testing.T) {
	src := "a: 1\rb: 2\r\nc: \"x\u2028 y\"\nd: [\n"
	d, err := ParseYAML("cr.yaml", []byte(src[:len(src)-5]))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]Pos{"a": {1, 1}, "b": {1, 6}, "c": {2, 1}} {
		k, v := Get(d.Root, key)
		if NodePos(k) != want {
			t.Errorf("%s at %s, want %s", key, NodePos(k), want)
		}
		if start, end := d.Span(v); !strings.HasPrefix(strings.TrimLeft(src[start:end], `"`), v.Value[:1]) {
			t.Errorf("span of %s is %q", key, src[start:end])
		}
	}
	_, err = ParseYAML("cr.yaml", []byte("a: 1\rb: [\r"))
	if err == nil || !strings.HasPrefix(err.Error(), "cr.yaml:1:") {
		t.Errorf("error %v, want it on line 1", err)
	}
}

// checkPos checks that p names a character of src, or the end of a line.
// Columns count characters; line 1 does not count a byte order mark.
func checkPos(t *testing.T, src []byte, p Pos, what string) {
	t.Helper()
	lines := strings.Split(strings.TrimPrefix(string(src), "\ufeff"), "\n")
	if p.Line < 1 || p.Line > len(lines) {
		t.Fatalf("%s at %s: line outside the file's %d lines", what, p, len(lines))
	}
	if n := utf8.RuneCountInString(lines[p.Line-1]); p.Column < 1 || p.Column > n+1 {
		t.Fatalf("%s at %s: column outside line %d's %d characters", what, p, p.Line, n)
	}
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

// TestDeepBlockNesting checks that block nesting too deep for yaml.v3 is
// reported with the document limit, in bounded time.
func TestDeepBlockNesting(t *testing.T) {
	for _, src := range []string{strings.Repeat("- ", 200000) + "x\n", strings.Repeat("- ", MaxDepth+10) + "x\n"} {
		_, err := Parse("deep.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), "document is nested deeper than 1000 levels") {
			t.Errorf("error %v, want the depth limit", err)
		}
	}
}

// TestTabPosition is a regression test: a tab in indentation was reported
// at the line where yaml.v3's token began (often the line before), and
// every "cannot start any token" error blamed tabs.
func TestTabPosition(t *testing.T) {
	for src, want := range map[string]string{
		"a: 1\nb: 2.0\n\tc: 3\n": "t.yaml:3:1: invalid YAML: found a tab character that violates indentation",
		"a:\n  b: 1\n \tc: 2\n":  "t.yaml:3:2: invalid YAML: found a tab character that violates indentation",
		"a:\n\tb: 1\n":           "t.yaml:2:1: invalid YAML: found character that cannot start any token; YAML does not allow tabs for indentation",
		"- a\n-\tb\n":            "t.yaml:2:2: invalid YAML: found character that cannot start any token; YAML does not allow tabs for indentation",
		"a: 1\nb: @x\n":          "t.yaml:2:1: invalid YAML: found character that cannot start any token",
		"a: |\n  x\n\ty\n":       "t.yaml:3:1: invalid YAML: found a tab character where an indentation space is expected",
		"a:\n  - 1\n\t- 2\n":     "t.yaml:3:1: invalid YAML: found a tab character that violates indentation",
	} {
		_, err := ParseYAML("t.yaml", []byte(src))
		if err == nil || err.Error() != want {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}

// TestTooManyNodes checks the limit on keys and values, which bounds the
// memory a parse takes (a 60 MB JSON list of numbers took 10 GB).
func TestTooManyNodes(t *testing.T) {
	n := MaxNodes + 10
	for name, src := range map[string]string{
		"json list":     "[" + strings.Repeat("1,", n) + "1]",
		"json mapping":  "{" + strings.Repeat(`"a": 1, `, n/2) + `"b": 2}`,
		"yaml block":    "a:\n" + strings.Repeat("- 1\n", n),
		"yaml flow":     "a: [" + strings.Repeat("1,", n) + "1]\n",
		"yaml flow map": "a: {" + strings.Repeat("k: v, ", n/2) + "z: 1}\n",
	} {
		_, err := Parse("big", []byte(src))
		if err == nil || !strings.Contains(err.Error(), "document holds more than 200000 keys and values, over the limit for a config file") {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := Parse("ok.yaml", []byte("a:\n"+strings.Repeat("- 1\n", MaxNodes/2))); err != nil {
		t.Errorf("a document under the limit: %v", err)
	}
}

// TestMergeKeys is a regression test: keys merged in with "<<: *anchor"
// were invisible, so a config that set its batch size through a merge was
// read with the default; "<<" itself looked like a setting.
func TestMergeKeys(t *testing.T) {
	src := "base: &b {bs: 4, lr: 1}\nmore: &m {lr: 2, wd: 3}\ncfg:\n  <<: [*b, *m]\n  lr: 5\n"
	d, err := Parse("merge.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, cfg := Get(d.Root, "cfg")
	got := map[string]string{}
	for _, p := range Pairs(cfg) {
		got[p.Key.Value] = p.Value.Value
	}
	want := map[string]string{"lr": "5", "bs": "4", "wd": "3"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Pairs = %v, want %v", got, want)
	}
	for key, val := range want {
		if _, v := Get(cfg, key); v == nil || v.Value != val {
			t.Errorf("Get(%s) = %v, want %s", key, v, val)
		}
	}
}
