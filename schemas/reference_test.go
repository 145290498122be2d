package schemas

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/internal/corpus"
)

// TestAgreesWithReference checks the validator against a general JSON
// Schema 2020-12 implementation (santhosh-tekuri/jsonschema, a test-only
// dependency): every mapping of every config in testdata and the shared
// corpora, as written and mutated into wrong types and ranges, validated
// against every schema, gives the same violations both ways.
func TestAgreesWithReference(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: validates thousands of mappings twice")
	}
	ref := map[string]*jsonschema.Schema{}
	for _, name := range Names() {
		src, _ := Source(name)
		comp := jsonschema.NewCompiler()
		comp.Draft = jsonschema.Draft2020
		u := "trainlint://" + name + ".schema.json"
		if err := comp.AddResource(u, strings.NewReader(string(src))); err != nil {
			t.Fatal(err)
		}
		s, err := comp.Compile(u)
		if err != nil {
			t.Fatal(err)
		}
		ref[name] = s
	}
	var roots []*yaml.Node
	for _, p := range configFiles(t) {
		src, err := os.ReadFile(p)
		if err != nil || len(src) > 1<<20 {
			continue
		}
		d, err := document.Parse(p, src)
		if err != nil || d.Root == nil {
			continue
		}
		roots = append(roots, mappings(d.Root, 0)...)
	}
	if len(roots) < 100 {
		t.Fatalf("only %d mappings to compare", len(roots))
	}
	// Every mapping once, as written; a spread of them mutated.
	const mutated = 500
	step := max(1, len(roots)/mutated)
	compared, failing := 0, 0
	for i, root := range roots {
		variants := []*yaml.Node{root}
		if i%step == 0 {
			variants = append(variants, mutate(root, "bogus"), mutate(root, "-1"), mutate(root, ""))
		}
		for _, variant := range variants {
			for _, name := range Names() {
				for _, py := range []bool{false, true} {
					got, err := validate(name, variant, py)
					if err != nil {
						t.Fatal(err)
					}
					want := referenceViolations(t, ref[name], name, variant, py)
					compared++
					if len(want) > 0 {
						failing++
					}
					if g, w := describeAll(got), describeAll(want); !slices.Equal(g, w) {
						t.Fatalf("%s (python %v) at line %d:\ngot\n%s\nwant\n%s", name, py, root.Line,
							strings.Join(g, "\n"), strings.Join(w, "\n"))
					}
				}
			}
		}
	}
	t.Logf("%d mappings, %d validations compared, %d with violations", len(roots), compared, failing)
}

// configFiles lists the configs in testdata and, when present, the corpora.
func configFiles(t *testing.T) []string {
	var out []string
	_ = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(".json.yaml.yml.conf", filepath.Ext(p)) && filepath.Ext(p) != "" {
			out = append(out, p)
		}
		return nil
	})
	for _, dir := range []string{"../../shared/corpus", "../../shared/corpus2"} {
		files, err := corpus.Manifest(dir)
		if err != nil {
			t.Logf("skipping %s: %v", dir, err)
			continue
		}
		for _, f := range files {
			if f.Format != "launch-script" {
				out = append(out, f.Path)
			}
		}
	}
	return out
}

// mappings returns n's mapping nodes, n's own first.
func mappings(n *yaml.Node, depth int) []*yaml.Node {
	if n == nil || depth > 64 {
		return nil
	}
	var out []*yaml.Node
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return mappings(n.Content[0], depth+1)
	}
	if n.Kind == yaml.MappingNode {
		out = append(out, n)
	}
	for _, c := range n.Content {
		out = append(out, mappings(c, depth+1)...)
	}
	return out
}

// mutate copies n with every scalar value replaced by a plain scalar of
// the given text ("" keeps strings and turns numbers negative and booleans
// into strings).
func mutate(n *yaml.Node, text string) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			c.Content[i] = x
			continue
		}
		c.Content[i] = mutate(x, text)
	}
	if n.Kind != yaml.ScalarNode {
		return &c
	}
	switch {
	case text != "":
		c.Value, c.Tag, c.Style = text, "", 0
		if _, err := strconv.ParseFloat(text, 64); err == nil {
			c.Tag = "!!int"
		} else {
			c.Tag = "!!str"
		}
	case c.Tag == "!!int" || c.Tag == "!!float":
		c.Value = "-" + strings.TrimPrefix(c.Value, "-")
	case c.Tag == "!!bool":
		c.Tag, c.Value = "!!str", "maybe"
	}
	return &c
}

func describeAll(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		n := at(v)
		line, col := 0, 0
		if n != nil {
			line, col = n.Line, n.Column
		}
		out = append(out, strconv.Itoa(line)+":"+strconv.Itoa(col)+" "+v.Key+" ["+v.Keyword+"] "+v.Message+" "+strings.Join(v.Allowed, ","))
	}
	slices.Sort(out)
	return out
}

// referenceViolations validates with the reference implementation and
// turns its error tree into violations through the same collection code.
func referenceViolations(t *testing.T, s *jsonschema.Schema, name string, root *yaml.Node, py bool) []Violation {
	c, err := get(name)
	if err != nil {
		t.Fatal(err)
	}
	inst := toValue(root, 0, py)
	err = s.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		t.Fatal(err)
	}
	v := &validation{c: c, root: root, inst: inst, seen: map[string]bool{}}
	v.collect(fromReference(ve))
	return v.out
}

func fromReference(e *jsonschema.ValidationError) *failure {
	kw := e.KeywordLocation
	if i := strings.LastIndexByte(kw, '/'); i >= 0 {
		kw = kw[i+1:]
	}
	if _, err := strconv.Atoi(kw); err == nil || len(e.Causes) > 0 && kw != "anyOf" && kw != "oneOf" {
		kw = ""
	}
	_, frag, _ := strings.Cut(e.AbsoluteKeywordLocation, "#")
	inst, err := url.PathUnescape(e.InstanceLocation)
	if err != nil {
		inst = e.InstanceLocation
	}
	f := &failure{keyword: kw, schemaLoc: frag, instLoc: inst, message: strings.TrimPrefix(e.Message, "jsonschema: ")}
	for _, c := range e.Causes {
		f.causes = append(f.causes, fromReference(c))
	}
	return f
}
