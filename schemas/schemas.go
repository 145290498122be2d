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

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

//go:embed *.schema.json
var files embed.FS

// Names lists the embedded schemas ("accelerate", "deepspeed", "project", "trainer").
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
	once sync.Once
	root *node
	src  []byte
	err  error
	// raw is the whole schema document, parsed on first need (spans.go), to
	// describe what a failing keyword expects.
	rawOnce sync.Once
	raw     any
}

// doc returns the parsed schema document.
func (c *compiledSchema) doc() any {
	c.rawOnce.Do(func() {
		// The source parsed already, level by level, when it compiled.
		_ = json.Unmarshal(c.src, &c.raw)
	})
	return c.raw
}

// get compiles a schema on its first use only: a run that reads no
// Accelerate config never pays for the Accelerate schema.
func get(name string) (*compiledSchema, error) {
	v, _ := compiled.LoadOrStore(name, &compiledSchema{})
	c := v.(*compiledSchema)
	c.once.Do(func() { c.root, c.src, c.err = compile(name) })
	return c, c.err
}

// compile parses and compiles one embedded schema; get caches the result,
// so a process pays this once per schema.
func compile(name string) (*node, []byte, error) {
	src, err := Source(name)
	if err != nil {
		return nil, nil, err
	}
	top, err := topLevel(src)
	if err != nil {
		return nil, nil, fmt.Errorf("schema %s: %w", name, err)
	}
	root, err := compileSchema(name, top)
	return root, src, err
}

// Violation is one leaf schema error, located at a node of the document.
type Violation struct {
	Pointer string     // JSON pointer of the instance, e.g. "/zero_optimization/stage"
	Key     string     // the dotted key path, e.g. "zero_optimization.stage"
	Node    *yaml.Node // the value node (or the mapping holding a missing key)
	KeyNode *yaml.Node // the key node when the value sits under a key
	// Keyword is the schema keyword that failed: "type", "enum", "const",
	// "minimum", "required", "additionalProperties", ... ("anyOf" when no
	// alternative matched the value's type).
	Keyword string
	// Allowed lists the keys allowed beside an unknown key
	// (additionalProperties), or the values an enum allows.
	Allowed []string
	Message string // lowercase, without the key: "expected an integer or \"auto\", found string \"two\""
}

// Validate checks root against the named schema and returns the leaf causes,
// sorted by position. Scalars are typed as yaml.v3 reads them (YAML 1.2).
func Validate(name string, root *yaml.Node) ([]Violation, error) {
	return validate(name, root, false)
}

// ValidatePython checks root as Python's yaml.safe_load (YAML 1.1), which
// every tool trainlint lints reads YAML with, would type it: a plain yes,
// no, on or off is a boolean there, not a string.
func ValidatePython(name string, root *yaml.Node) ([]Violation, error) {
	return validate(name, root, true)
}

func validate(name string, root *yaml.Node, py bool) ([]Violation, error) {
	c, err := get(name)
	if err != nil {
		return nil, err
	}
	inst := toValue(root, 0, py)
	f := c.root.validate(inst, "", 0)
	if f == nil {
		return nil, nil
	}
	v := &validation{c: c, root: root, inst: inst, seen: map[string]bool{}}
	v.collect(&failure{causes: ungroup(f)})
	out := v.out
	sort.SliceStable(out, func(i, j int) bool {
		a, b := at(out[i]), at(out[j])
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out, nil
}

func at(v Violation) *yaml.Node {
	if v.KeyNode != nil {
		return v.KeyNode
	}
	return v.Node
}

// validation turns the validator's failure tree into leaf violations.
type validation struct {
	c    *compiledSchema
	root *yaml.Node
	inst any
	seen map[string]bool
	out  []Violation
}

// collect walks the error tree. An anyOf or oneOf whose alternatives all
// fail on the value's type becomes one violation naming every alternative;
// otherwise only the alternatives the value's type matched are followed.
func (v *validation) collect(e *failure) {
	switch e.keyword {
	case "anyOf", "oneOf":
		var matched []*failure
		for _, c := range e.causes {
			if !typeMismatch(c, e.instLoc) {
				matched = append(matched, c)
			}
		}
		if len(matched) == 0 {
			val := valueAt(v.inst, e.instLoc)
			v.add(e, "anyOf", "expected "+v.describe(v.schemaAt(parentLoc(e.schemaLoc)))+", found "+found(val), nil)
			return
		}
		for _, c := range matched {
			v.collect(c)
		}
		return
	}
	if len(e.causes) > 0 {
		for _, c := range e.causes {
			v.collect(c)
		}
		return
	}
	v.leaf(e)
}

// typeMismatch reports whether an alternative failed only because the value
// at loc has another type or value than the alternative allows.
func typeMismatch(e *failure, loc string) bool {
	if len(e.causes) == 0 {
		if e.instLoc != loc {
			return false
		}
		switch e.keyword {
		case "type", "const", "enum", "pattern":
			return true
		}
		return false
	}
	for _, c := range e.causes {
		if !typeMismatch(c, loc) {
			return false
		}
	}
	return true
}

func (v *validation) leaf(e *failure) {
	kw := e.keyword
	sch := v.schemaAt(e.schemaLoc)
	parent, _ := v.schemaAt(parentLoc(e.schemaLoc)).(map[string]any)
	val := valueAt(v.inst, e.instLoc)
	switch kw {
	case "type", "const", "enum", "pattern":
		msg := "expected " + v.describe(parent)
		var allowed []string
		if kw == "enum" {
			for _, x := range asList(sch) {
				allowed = append(allowed, plain(x))
			}
		}
		v.add(e, kw, msg+", found "+found(val), allowed)
	case "additionalProperties":
		obj, _ := val.(map[string]any)
		allowed := v.properties(parent)
		names := make([]string, 0, len(obj))
		for k := range obj {
			if !contains(allowed, k) {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		for _, k := range names {
			ptr := e.instLoc + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			v.addAt(ptr, kw, fmt.Sprintf("unknown key %q", k), allowed)
		}
	case "required":
		obj, _ := val.(map[string]any)
		for _, k := range asStrings(sch) {
			if _, ok := obj[k]; !ok {
				v.addAt(e.instLoc, kw, fmt.Sprintf("missing required key %q", k), nil)
			}
		}
	case "minimum":
		v.add(e, kw, fmt.Sprintf("must be at least %s, found %s", plain(sch), found(val)), nil)
	case "exclusiveMinimum":
		v.add(e, kw, fmt.Sprintf("must be greater than %s, found %s", plain(sch), found(val)), nil)
	case "maximum":
		v.add(e, kw, fmt.Sprintf("must be at most %s, found %s", plain(sch), found(val)), nil)
	case "exclusiveMaximum":
		v.add(e, kw, fmt.Sprintf("must be less than %s, found %s", plain(sch), found(val)), nil)
	case "minItems", "maxItems":
		n := 0
		if l, ok := val.([]any); ok {
			n = len(l)
		}
		lo, hi := parent["minItems"], parent["maxItems"]
		want := ""
		switch {
		case lo != nil && hi != nil && plain(lo) == plain(hi):
			want = plain(lo)
		case kw == "minItems":
			want = "at least " + plain(lo)
		default:
			want = "at most " + plain(hi)
		}
		v.add(e, kw, fmt.Sprintf("expected %s items, found %d", want, n), nil)
	default:
		v.add(e, kw, e.message, nil)
	}
}

func (v *validation) add(e *failure, kw, msg string, allowed []string) {
	v.addAt(e.instLoc, kw, msg, allowed)
}

func (v *validation) addAt(ptr, kw, msg string, allowed []string) {
	id := ptr + "\x00" + msg
	if v.seen[id] {
		return
	}
	v.seen[id] = true
	k, n := resolve(v.root, ptr)
	v.out = append(v.out, Violation{Pointer: ptr, Key: dotted(ptr), Node: n, KeyNode: k, Keyword: kw, Allowed: allowed, Message: msg})
}

// schemaAt returns the schema value at a keyword location
// ("/properties/a/type").
func (v *validation) schemaAt(loc string) any {
	return pointer(v.c.doc(), loc)
}

func parentLoc(loc string) string {
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		return loc[:i]
	}
	return loc
}

func pointer(doc any, ptr string) any {
	cur := doc
	if ptr == "" || ptr == "/" {
		return cur
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// maxListed is the most enum values a message lists; longer lists are
// named by count (the rule suggests the closest one).
const maxListed = 16

// describe says in words what a schema accepts: "an integer or \"auto\"",
// "one of 0, 1, 2, 3".
func (v *validation) describe(s any) string {
	m, ok := s.(map[string]any)
	if !ok {
		return "a valid value"
	}
	if ref, ok := m["$ref"].(string); ok && strings.HasPrefix(ref, "#") {
		return v.describe(pointer(v.c.doc(), strings.TrimPrefix(ref, "#")))
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		if alts, ok := m[k].([]any); ok {
			var parts []string
			for _, a := range alts {
				if m, ok := a.(map[string]any); ok && m["const"] == false && len(alts) > 1 {
					// false is how PyYAML reads a plain NO, accepted beside
					// the names; it is not a choice to offer.
					continue
				}
				if m, ok := a.(map[string]any); ok && m["type"] == "null" && len(alts) > 1 {
					// null reads as the key left out; like a null type
					// elsewhere, it is not a choice to offer.
					continue
				}
				d := v.describe(a)
				if !contains(parts, d) {
					parts = append(parts, d)
				}
			}
			return joinOr(parts)
		}
	}
	if c, ok := m["const"]; ok {
		return plain(c)
	}
	if e, ok := m["enum"].([]any); ok {
		var vals []string
		seen := map[string]bool{}
		for _, x := range e {
			// Spellings that differ only in case are one choice to a reader
			// that lower-cases the value.
			if p := plain(x); x != nil && !seen[strings.ToLower(p)] {
				seen[strings.ToLower(p)] = true
				vals = append(vals, p)
			}
		}
		switch {
		case len(vals) == 1:
			return vals[0]
		case len(vals) > maxListed:
			return fmt.Sprintf("one of %d names", len(vals))
		}
		return "one of " + strings.Join(vals, ", ")
	}
	types := asStrings(m["type"])
	if t, ok := m["type"].(string); ok {
		types = []string{t}
	}
	if _, ok := m["pattern"]; ok && len(types) > 1 {
		// A string form of another type, as argparse-style readers accept.
		var rest []string
		for _, t := range types {
			if t != "string" {
				rest = append(rest, t)
			}
		}
		types = rest
	}
	var parts []string
	for _, t := range types {
		if t != "null" {
			parts = append(parts, article(t))
		}
	}
	if len(parts) == 0 {
		return "a valid value"
	}
	return joinOr(parts)
}

// properties lists the keys an object schema names.
func (v *validation) properties(s map[string]any) []string {
	var out []string
	if p, ok := s["properties"].(map[string]any); ok {
		for k := range p {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Properties lists the keys the named schema declares for the object at
// path (keys from the document root), following alternatives, references
// and if/then/else branches. It returns nil for an unknown schema or path.
func Properties(name string, path ...string) []string {
	c, err := get(name)
	if err != nil {
		return nil
	}
	set := map[string]bool{}
	var walk func(n *node, path []string, depth int)
	walk = func(n *node, path []string, depth int) {
		if n == nil || depth > 32 {
			return
		}
		n.ensure()
		walk(n.ref, path, depth+1)
		for _, alt := range append(append([]*node(nil), n.anyOf...), n.oneOf...) {
			walk(alt, path, depth+1)
		}
		walk(n.thenS, path, depth+1)
		walk(n.elseS, path, depth+1)
		if len(path) == 0 {
			for _, k := range n.propNames {
				set[k] = true
			}
			return
		}
		walk(n.properties[path[0]], path[1:], depth+1)
	}
	walk(c.root, path, 0)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func article(t string) string {
	switch t {
	case "integer":
		return "an integer"
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	}
	return "a " + t
}

func joinOr(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// found describes an instance value: `string "two"`, `4`, `a mapping`.
func found(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case json.Number:
		return x.String()
	case string:
		return "string " + strconv.Quote(x)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

// plain writes a schema constant as a config would: strings quoted.
func plain(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func asList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case map[string]any:
		l, _ := x["enum"].([]any)
		return l
	}
	return nil
}

func asStrings(v any) []string {
	var out []string
	for _, x := range asList(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func valueAt(inst any, ptr string) any {
	return pointer(inst, ptr)
}

func dotted(pointer string) string {
	if pointer == "" {
		return ""
	}
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
	return toValue(n, 0, false)
}

// pyBools are the plain scalars YAML 1.1 (PyYAML) reads as booleans beyond
// true and false.
var pyBools = map[string]bool{"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false}

func toValue(n *yaml.Node, depth int, py bool) any {
	if n == nil || depth > document.MaxDepth {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return toValue(n.Content[0], depth+1, py)
		}
		return nil
	case yaml.AliasNode:
		return toValue(n.Alias, depth+1, py)
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range document.Pairs(n) {
			m[p.Key.Value] = toValue(p.Value, depth+1, py)
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			l = append(l, toValue(c, depth+1, py))
		}
		return l
	}
	if py && n.Style == 0 {
		if b, ok := pyBools[n.Value]; ok {
			return b
		}
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
