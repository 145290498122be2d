package generate

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// fuzzCorpusDir holds real configs from public repositories; the fuzz seeds
// use it when it is present.
const fuzzCorpusDir = "../../shared/corpus"

// addConfigSeeds adds every JSON and YAML file under the repository's
// testdata and the shared corpus as a seed, with the other arguments.
func addConfigSeeds(f *testing.F, args ...any) {
	_ = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error { return addSeed(f, p, d, err, args) })
	_ = filepath.WalkDir(fuzzCorpusDir, func(p string, d fs.DirEntry, err error) error { return addSeed(f, p, d, err, args) })
}

func addSeed(f *testing.F, p string, d fs.DirEntry, err error, args []any) error {
	if err != nil || d.IsDir() {
		return nil
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json", ".yaml", ".yml", ".conf":
	default:
		return nil
	}
	if src, err := os.ReadFile(p); err == nil && len(src) < 64<<10 {
		f.Add(append([]any{src}, args...)...)
	}
	return nil
}

// leaf is a scalar reached from the root through mapping keys only.
type leaf struct {
	path []string
	key  *yaml.Node
	node *yaml.Node
}

// leaves lists the scalars a key path can name: mapping values, not list
// items, aliases, merge keys or keys written twice in one mapping.
func leaves(n *yaml.Node, path []string, out []leaf, depth int) []leaf {
	if n == nil || n.Kind != yaml.MappingNode || depth > 50 {
		return out
	}
	count := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		count[n.Content[i].Value]++
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if count[k.Value] > 1 || k.Value == "<<" || k.Kind != yaml.ScalarNode {
			continue
		}
		p := append(append([]string(nil), path...), k.Value)
		switch v.Kind {
		case yaml.ScalarNode:
			out = append(out, leaf{p, k, v})
		case yaml.MappingNode:
			out = leaves(v, p, out, depth+1)
		}
	}
	return out
}

func parseAs(like *document.Document, src []byte) (*document.Document, error) {
	if like.Format == document.JSON {
		return document.ParseJSON(like.Path, src)
	}
	return document.ParseYAML(like.Path, src)
}

// FuzzApplyNoop checks that applying no change, or setting a key to the
// value it already holds, gives back the file byte for byte.
func FuzzApplyNoop(f *testing.F) {
	addConfigSeeds(f)
	f.Add([]byte("a: 1\nb: true\nc: x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := document.Parse("fuzz.cfg", src)
		if err != nil {
			return
		}
		out, err := Apply(doc, nil)
		if err != nil || string(out) != string(src) {
			t.Fatalf("no-op Apply changed the file: %v\n%q\n%q", err, src, out)
		}
		var same []lint.Change
		for _, l := range leaves(doc.Root, nil, nil, 0) {
			if b, ok := document.Bool(l.node, false); ok && l.node.Tag == "!!bool" {
				same = append(same, lint.Change{Path: l.path, Op: lint.Set, Value: b})
			} else if n, ok := document.Int(l.node, false); ok && l.node.Tag == "!!int" {
				same = append(same, lint.Change{Path: l.path, Op: lint.Set, Value: n})
			} else if l.node.Tag == "!!str" {
				same = append(same, lint.Change{Path: l.path, Op: lint.Set, Value: l.node.Value})
			}
		}
		out, err = Apply(doc, same)
		if err != nil || string(out) != string(src) {
			t.Fatalf("setting keys to their own values changed the file: %v\n%q\n%q", err, src, out)
		}
	})
}

// FuzzApplySet sets one existing scalar key to a new value: the result
// parses, the key holds the new value, and every other key keeps its own.
func FuzzApplySet(f *testing.F) {
	addConfigSeeds(f, uint16(0), uint8(0), int64(3), "auto")
	f.Add([]byte("a: &x 1\nb: !!str 2\nc: |\n  x\nd: 'q'\n"), uint16(2), uint8(1), int64(0), "new: value # not a comment")
	f.Add([]byte("{\"a\": {\"b\": null}, \"c\": [1]}"), uint16(0), uint8(2), int64(1), "")
	f.Fuzz(func(t *testing.T, src []byte, pick uint16, kind uint8, n int64, s string) {
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("no result after 10s for %q", src)) })
		defer watchdog.Stop()
		doc, err := document.Parse("fuzz.cfg", src)
		if err != nil {
			return
		}
		ls := leaves(doc.Root, nil, nil, 0)
		if len(ls) == 0 {
			return
		}
		target := ls[int(pick)%len(ls)]
		var val any
		switch kind % 3 {
		case 0:
			val = n % 1e15
		case 1:
			// Apply refuses a string with control characters (its YAML
			// does not parse); no rule writes one.
			if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' }) >= 0 {
				return
			}
			val = s
		case 2:
			val = n%2 == 0
		}
		out, err := Apply(doc, []lint.Change{{Path: target.path, Op: lint.Set, Value: val}})
		if err != nil {
			t.Fatalf("set %s to %#v: %v\n%q", strings.Join(target.path, "."), val, err, src)
		}
		got, err := parseAs(doc, out)
		if err != nil {
			t.Fatalf("set %s to %#v: result does not parse: %v\n%q\n%q", strings.Join(target.path, "."), val, err, src, out)
		}
		_, v := document.Lookup(got.Root, target.path...)
		if !holds(v, val) {
			t.Fatalf("set %s to %#v: reads back as %s %q\n%q\n%q", strings.Join(target.path, "."), val, document.Kind(v), value(v), src, out)
		}
		key := strings.Join(target.path, "\x00")
		for _, l := range ls {
			if strings.Join(l.path, "\x00") == key {
				continue
			}
			_, v := document.Lookup(got.Root, l.path...)
			if v == nil || v.Value != l.node.Value || v.Tag != l.node.Tag {
				t.Fatalf("set %s to %#v changed %s from %q to %q\n%q\n%q", strings.Join(target.path, "."), val, strings.Join(l.path, "."), l.node.Value, value(v), src, out)
			}
		}
	})
}

func holds(n *yaml.Node, val any) bool {
	switch x := val.(type) {
	case int64:
		got, ok := document.Int(n, false)
		return ok && got == x
	case bool:
		got, ok := document.Bool(n, false)
		return ok && got == x && n.Tag == "!!bool"
	case string:
		return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value == x
	}
	return false
}

func value(n *yaml.Node) string {
	if n == nil {
		return "<missing>"
	}
	return n.Value
}
