// Package schemas holds the JSON Schemas trainlint validates configs against
// (embedded, compiled once) and maps each violation back to the YAML node of
// the offending key, down to the leaf cause.
package schemas

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

//go:embed *.schema.json
var files embed.FS

// Names lists the embedded schemas ("project", "deepspeed", ...).
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".schema.json"))
	}
	sort.Strings(names)
	return names
}

// Source returns the text of a schema, for `trainlint schema NAME`.
func Source(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".schema.json")
	if err != nil {
		return nil, fmt.Errorf("no schema named %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

var compiled sync.Map // name → *compiledSchema

type compiledSchema struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

func get(name string) (*jsonschema.Schema, error) {
	v, _ := compiled.LoadOrStore(name, &compiledSchema{})
	c := v.(*compiledSchema)
	c.once.Do(func() {
		src, err := Source(name)
		if err != nil {
			c.err = err
			return
		}
		comp := jsonschema.NewCompiler()
		comp.Draft = jsonschema.Draft2020
		url := "trainlint://" + name + ".schema.json"
		if err := comp.AddResource(url, strings.NewReader(string(src))); err != nil {
			c.err = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		c.schema, c.err = comp.Compile(url)
	})
	return c.schema, c.err
}

// Violation is one leaf schema error, located at a node of the document.
type Violation struct {
	Pointer string     // JSON pointer of the instance, e.g. "/zero_optimization/stage"
	Key     string     // the dotted key path, e.g. "zero_optimization.stage"
	Node    *yaml.Node // the value node (or the mapping holding a missing key)
	KeyNode *yaml.Node // the key node when the value sits under a key
	Message string
}

// Validate checks root against the named schema and returns the leaf causes,
// sorted by position.
func Validate(name string, root *yaml.Node) ([]Violation, error) {
	s, err := get(name)
	if err != nil {
		return nil, err
	}
	err = s.Validate(ToValue(root))
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	var out []Violation
	seen := map[string]bool{}
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				leaves(c)
			}
			return
		}
		id := e.InstanceLocation + "\x00" + e.Message
		if seen[id] {
			return
		}
		seen[id] = true
		k, n := resolve(root, e.InstanceLocation)
		out = append(out, Violation{Pointer: e.InstanceLocation, Key: dotted(e.InstanceLocation), Node: n, KeyNode: k, Message: e.Message})
	}
	leaves(ve)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Node, out[j].Node
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out, nil
}

func dotted(pointer string) string {
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return strings.Join(parts, ".")
}

// resolve walks a JSON pointer down the node tree, returning the deepest
// node reached (and its key node).
func resolve(root *yaml.Node, pointer string) (key, val *yaml.Node) {
	val = root
	if pointer == "" || pointer == "/" {
		return nil, root
	}
	for _, part := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch val.Kind {
		case yaml.MappingNode:
			k, v := document.Get(val, part)
			if v == nil {
				return key, val
			}
			key, val = k, v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(val.Content) {
				return key, val
			}
			key, val = nil, val.Content[i]
		default:
			return key, val
		}
	}
	return key, val
}

// ToValue converts a node tree to the Go values a JSON decoder would give
// (numbers as json.Number), so YAML and JSON validate alike.
func ToValue(n *yaml.Node) any {
	return toValue(n, 0)
}

func toValue(n *yaml.Node, depth int) any {
	if n == nil || depth > document.MaxDepth {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return toValue(n.Content[0], depth+1)
		}
		return nil
	case yaml.AliasNode:
		return toValue(n.Alias, depth+1)
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range document.Pairs(n) {
			m[p.Key.Value] = toValue(p.Value, depth+1)
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			l = append(l, toValue(c, depth+1))
		}
		return l
	}
	if document.IsString(n) {
		return n.Value
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := document.Bool(n, false)
		return b
	case "!!int", "!!float":
		f, ok := document.Float(n, false)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return n.Value
		}
		if n.Tag == "!!int" {
			if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				return json.Number(strconv.FormatInt(i, 10))
			}
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return n.Value
}
