package document

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite golden files")

// dump renders every key and scalar with its position, the form the golden
// files hold.
func dump(d *Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s\n", d.Format)
	Walk(d.Root, func(path string, k, v *yaml.Node) {
		val := ""
		if v.Kind == yaml.ScalarNode {
			start, end := d.Span(v)
			val = fmt.Sprintf(" = %s %q span=%q", v.Tag, v.Value, d.Src[start:end])
		}
		fmt.Fprintf(&b, "%d:%d %s%s\n", k.Line, k.Column, path, val)
	})
	for _, dup := range d.Duplicates {
		fmt.Fprintf(&b, "duplicate %s first %s second %s\n", dup.Key, dup.First, dup.Second)
	}
	for _, e := range d.Extensions {
		fmt.Fprintf(&b, "extension %s at %s\n", e.What, e.Pos)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("../testdata/document/*.*")
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			d, err := Parse(filepath.Base(in), src)
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = dump(d)
			}
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("mismatch for %s\n--- got\n%s--- want\n%s", in, got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"truncated", `{"a": 1,`, "x.json:1:9: unexpected end of file: the object opened at 1:1 is not closed"},
		{"single quotes", `{'a': 1}`, "x.json:1:2: unexpected '\\'': expected a double-quoted key or '}'"},
		{"bad number", `{"a": 01}`, `x.json:1:7: invalid number "01"`},
		{"trailing garbage", `{"a": 1} x`, `x.json:1:10: unexpected 'x' after the end of the JSON document`},
		{"binary", "{\x00}", "x.json: file holds binary data (a NUL byte), not a text config"},
		{"yaml tab", "a:\n\tb: 1\n", "x.json:2:1: invalid YAML: found character that cannot start any token; YAML does not allow tabs for indentation"},
		{"deep json", strings.Repeat("[", MaxDepth+5), "document is nested deeper than 1000 levels"},
		{"deep yaml flow", "a: " + strings.Repeat("[", MaxDepth+5), "document is nested deeper than 1000 levels"},
		{"empty json", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(tt.src))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestAliasBomb(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := 0; i < 9; i++ {
		name := fmt.Sprintf("l%d", i)
		src += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	_, err := Parse("bomb.yaml", []byte(src))
	if err == nil {
		t.Fatal("alias bomb accepted")
	}
}

func TestScalars(t *testing.T) {
	d, err := Parse("x.json", []byte(`{"a": 5e8, "b": "auto", "c": true, "d": "4", "e": 1.5}`))
	if err != nil {
		t.Fatal(err)
	}
	get := func(k string) *yaml.Node { _, v := Get(d.Root, k); return v }
	if v, ok := Int(get("a"), false); !ok || v != 500000000 {
		t.Errorf("Int(5e8) = %v, %v", v, ok)
	}
	if !IsAuto(get("b")) {
		t.Error("IsAuto(\"auto\") = false")
	}
	if v, ok := Bool(get("c"), false); !ok || !v {
		t.Errorf("Bool(true) = %v, %v", v, ok)
	}
	if _, ok := Int(get("d"), false); ok {
		t.Error("a quoted number read as a number without lenient")
	}
	if v, ok := Int(get("d"), true); !ok || v != 4 {
		t.Errorf("lenient Int(\"4\") = %v, %v", v, ok)
	}
	if _, ok := Int(get("e"), false); ok {
		t.Error("1.5 read as an integer")
	}
}

// TestSelfAlias: an alias inside its own anchor must not recurse forever.
func TestSelfAlias(t *testing.T) {
	for _, src := range []string{"a: &a [*a]\n", "a: &a {b: *a}\n", "- &x [*x, *x]\n"} {
		d, err := Parse("x.yaml", []byte(src))
		if err == nil {
			Walk(d.Root, func(string, *yaml.Node, *yaml.Node) {})
		}
	}
}
