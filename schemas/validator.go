package schemas

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The embedded schemas use a small part of JSON Schema 2020-12, and a
// general validator costs more to start than a whole lint run: importing
// one compiled its meta-schemas at every process start (4 to 9 ms on the
// development machine, GODEBUG=inittrace=1) and compiling the four schemas
// took about 15 ms more. So this file holds a validator for
// exactly the keywords below; a schema that uses any other keyword fails to
// compile (TestCompile), and TestAgreesWithReference checks the violations
// against a general validator on every config in testdata and the corpora.

// annotations are keywords that never fail a value.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "$defs": true,
	"title": true, "description": true, "deprecated": true, "default": true, "examples": true,
}

// node is one compiled (sub)schema. loc is its JSON pointer in the schema
// document, so a failure can be traced back to the keyword that caused it.
type node struct {
	loc string
	// lazy holds the schema of a property or a $ref target until its first
	// use: a config uses a few of DeepSpeed's many sections.
	lazy *lazySchema

	always *bool // a boolean schema: true accepts everything, false nothing

	types    []string
	hasConst bool
	constant any
	enum     []any

	minimum, maximum, exclusiveMinimum *float64
	minLength                          int // -1 when unset
	pattern                            *regexp.Regexp

	required   []string
	properties map[string]*node
	propNames  []string // sorted, so failures come in a stable order
	// additionalProperties: closed rejects keys properties does not name;
	// additional validates them; both unset allows them.
	closed     bool
	additional *node

	items              *node
	minItems, maxItems int // -1 when unset

	ref               *node
	anyOf, oneOf      []*node
	ifS, thenS, elseS *node
}

// lazySchema is a schema not compiled yet: parsed (any) or a span of the
// source (span).
type lazySchema struct {
	once sync.Once
	c    *compiler
	raw  any
}

// ensure compiles n's keywords if they are not yet.
func (n *node) ensure() {
	l := n.lazy
	if l == nil {
		return
	}
	l.once.Do(func() {
		raw := l.raw
		if s, ok := raw.(span); ok {
			if err := json.Unmarshal(s, &raw); err != nil {
				panic(fmt.Sprintf("schema %s at #%s: %v", l.c.name, n.loc, err))
			}
		}
		if err := l.c.fill(n, raw); err != nil {
			// The schemas are embedded and TestCompile compiles every node of
			// them; reaching this is a build defect.
			panic(err)
		}
	})
}

// compiler turns the parsed schema document into nodes, resolving local
// $refs once each. Nodes compiled lazily share it, hence the lock.
type compiler struct {
	name    string
	raw     any
	mu      sync.Mutex
	refs    map[string]*node
	regexps map[string]*regexp.Regexp // one compiled regexp per distinct pattern
}

func compileSchema(name string, raw any) (*node, error) {
	c := &compiler{name: name, raw: raw, refs: map[string]*node{}, regexps: map[string]*regexp.Regexp{}}
	return c.compile(raw, "")
}

// deferred returns a node for s compiled on first use.
func (c *compiler) deferred(s any, loc string) *node {
	return &node{loc: loc, lazy: &lazySchema{c: c, raw: s}}
}

func (c *compiler) errorf(loc, format string, a ...any) error {
	return fmt.Errorf("schema %s at #%s: %s", c.name, loc, fmt.Sprintf(format, a...))
}

func (c *compiler) compile(s any, loc string) (*node, error) {
	n := &node{loc: loc}
	return n, c.fill(n, s)
}

// fill compiles schema s into n.
func (c *compiler) fill(n *node, s any) error {
	n.minLength, n.minItems, n.maxItems = -1, -1, -1
	loc := n.loc
	switch x := s.(type) {
	case bool:
		n.always = &x
		return nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := c.keyword(n, k, x[k], loc+"/"+escapeToken(k)); err != nil {
				return err
			}
		}
		return nil
	}
	return c.errorf(loc, "a schema must be an object or a boolean")
}

// keyword compiles one keyword of n; at is the keyword's own location.
func (c *compiler) keyword(n *node, k string, v any, at string) error {
	var err error
	switch k {
	case "type":
		switch t := v.(type) {
		case string:
			n.types = []string{t}
		case []any:
			for _, e := range t {
				s, ok := e.(string)
				if !ok {
					return c.errorf(at, "type must list names")
				}
				n.types = append(n.types, s)
			}
		default:
			return c.errorf(at, "type must be a name or a list of names")
		}
	case "const":
		n.hasConst, n.constant = true, v
	case "enum":
		l, ok := v.([]any)
		if !ok {
			return c.errorf(at, "enum must be a list")
		}
		n.enum = l
	case "minimum":
		n.minimum, err = c.number(v, at)
	case "maximum":
		n.maximum, err = c.number(v, at)
	case "exclusiveMinimum":
		n.exclusiveMinimum, err = c.number(v, at)
	case "minLength":
		n.minLength, err = c.count(v, at)
	case "minItems":
		n.minItems, err = c.count(v, at)
	case "maxItems":
		n.maxItems, err = c.count(v, at)
	case "pattern":
		p, ok := v.(string)
		if !ok {
			return c.errorf(at, "pattern must be a string")
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if n.pattern = c.regexps[p]; n.pattern == nil {
			if n.pattern, err = regexp.Compile(p); err != nil {
				return c.errorf(at, "%v", err)
			}
			c.regexps[p] = n.pattern
		}
	case "required":
		l, ok := v.([]any)
		if !ok {
			return c.errorf(at, "required must be a list")
		}
		for _, e := range l {
			s, ok := e.(string)
			if !ok {
				return c.errorf(at, "required must list names")
			}
			n.required = append(n.required, s)
		}
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return c.errorf(at, "properties must be an object")
		}
		n.properties = make(map[string]*node, len(m))
		for name, s := range m {
			n.properties[name] = c.deferred(s, at+"/"+escapeToken(name))
			n.propNames = append(n.propNames, name)
		}
		sort.Strings(n.propNames)
	case "additionalProperties":
		if b, ok := v.(bool); ok {
			n.closed = !b
			return nil
		}
		n.additional, err = c.compile(v, at)
	case "items":
		n.items, err = c.compile(v, at)
	case "anyOf", "oneOf":
		l, ok := v.([]any)
		if !ok || len(l) == 0 {
			return c.errorf(at, "%s must be a non-empty list", k)
		}
		alts := make([]*node, len(l))
		for i, s := range l {
			if alts[i], err = c.compile(s, at+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		if k == "anyOf" {
			n.anyOf = alts
		} else {
			n.oneOf = alts
		}
	case "if":
		n.ifS, err = c.compile(v, at)
	case "then":
		n.thenS, err = c.compile(v, at)
	case "else":
		n.elseS, err = c.compile(v, at)
	case "$ref":
		n.ref, err = c.resolve(v, at)
	default:
		if !annotations[k] {
			return c.errorf(at, "keyword %q is not supported by trainlint's validator", k)
		}
	}
	return err
}

func (c *compiler) number(v any, at string) (*float64, error) {
	f, ok := v.(float64)
	if !ok {
		return nil, c.errorf(at, "expected a number")
	}
	return &f, nil
}

func (c *compiler) count(v any, at string) (int, error) {
	f, ok := v.(float64)
	if !ok || f < 0 || f != math.Trunc(f) {
		return 0, c.errorf(at, "expected a non-negative integer")
	}
	return int(f), nil
}

// resolve returns the node of a local reference ("#/$defs/gpu"), one per
// target, compiled on first use (so a recursive definition ends).
func (c *compiler) resolve(v any, at string) (*node, error) {
	ref, ok := v.(string)
	if !ok || !strings.HasPrefix(ref, "#") {
		return nil, c.errorf(at, "only local references are supported")
	}
	ptr := strings.TrimPrefix(ref, "#")
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.refs[ptr]; ok {
		return n, nil
	}
	target := pointer(c.raw, ptr)
	if target == nil {
		return nil, c.errorf(at, "%s points to nothing", ref)
	}
	n := c.deferred(target, ptr)
	c.refs[ptr] = n
	return n, nil
}

// tokenEscaper writes a key as a JSON pointer token.
var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return tokenEscaper.Replace(s)
}

// failure is one failed keyword, shaped like the error tree of the JSON
// Schema output formats: keyword is the failing keyword ("" for a node
// that only groups its causes), schemaLoc the keyword's location in the
// schema document and instLoc the value's location in the instance.
type failure struct {
	keyword   string
	schemaLoc string
	instLoc   string
	message   string
	causes    []*failure
}

func (n *node) fail(keyword, inst, message string, causes ...*failure) *failure {
	loc := n.loc
	if keyword != "" {
		loc += "/" + keyword
	}
	return &failure{keyword: keyword, schemaLoc: loc, instLoc: inst, message: message, causes: causes}
}

// validate checks v, found at inst in the instance, against n; it returns
// nil when v is valid, the one failure, or a group of several.
func (n *node) validate(v any, inst string, depth int) *failure {
	n.ensure()
	if depth > maxSchemaDepth {
		return n.fail("", inst, "the schema nests too deeply")
	}
	if n.always != nil {
		if !*n.always {
			return n.fail("", inst, "not allowed")
		}
		return nil
	}
	if len(n.types) > 0 && !n.typeMatches(v) {
		return n.fail("type", inst, fmt.Sprintf("expected %s, but got %s", strings.Join(n.types, " or "), jsonType(v)))
	}
	var fs []*failure
	add := func(f *failure) {
		if f != nil {
			fs = append(fs, f)
		}
	}
	if n.hasConst && !equal(v, n.constant) {
		add(n.fail("const", inst, fmt.Sprintf("value must be %v", n.constant)))
	}
	if len(n.enum) > 0 && !n.inEnum(v) {
		add(n.fail("enum", inst, "value is not one of the enum's values"))
	}
	switch x := v.(type) {
	case map[string]any:
		var missing []string
		for _, k := range n.required {
			if _, ok := x[k]; !ok {
				missing = append(missing, strconv.Quote(k))
			}
		}
		if len(missing) > 0 {
			add(n.fail("required", inst, "missing properties: "+strings.Join(missing, ", ")))
		}
		for _, k := range n.propNames {
			if pv, ok := x[k]; ok {
				add(n.properties[k].validate(pv, inst+"/"+escapeToken(k), depth+1))
			}
		}
		if n.closed || n.additional != nil {
			var extra []string
			for k := range x {
				if _, ok := n.properties[k]; !ok {
					extra = append(extra, k)
				}
			}
			sort.Strings(extra)
			switch {
			case n.closed && len(extra) > 0:
				add(n.fail("additionalProperties", inst, "additional properties "+strings.Join(extra, ", ")+" not allowed"))
			case n.additional != nil:
				for _, k := range extra {
					add(n.additional.validate(x[k], inst+"/"+escapeToken(k), depth+1))
				}
			}
		}
	case []any:
		if n.minItems >= 0 && len(x) < n.minItems {
			add(n.fail("minItems", inst, fmt.Sprintf("minimum %d items required, but found %d items", n.minItems, len(x))))
		}
		if n.maxItems >= 0 && len(x) > n.maxItems {
			add(n.fail("maxItems", inst, fmt.Sprintf("maximum %d items required, but found %d items", n.maxItems, len(x))))
		}
		if n.items != nil {
			for i, e := range x {
				add(n.items.validate(e, inst+"/"+strconv.Itoa(i), depth+1))
			}
		}
	case string:
		if l := utf8.RuneCountInString(x); n.minLength >= 0 && l < n.minLength {
			add(n.fail("minLength", inst, fmt.Sprintf("length must be >= %d, but got %d", n.minLength, l)))
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			add(n.fail("pattern", inst, "does not match pattern "+strconv.Quote(n.pattern.String())))
		}
	case json.Number:
		f, _ := x.Float64()
		if n.minimum != nil && f < *n.minimum {
			add(n.fail("minimum", inst, fmt.Sprintf("must be >= %v but found %v", *n.minimum, x)))
		}
		if n.exclusiveMinimum != nil && f <= *n.exclusiveMinimum {
			add(n.fail("exclusiveMinimum", inst, fmt.Sprintf("must be > %v but found %v", *n.exclusiveMinimum, x)))
		}
		if n.maximum != nil && f > *n.maximum {
			add(n.fail("maximum", inst, fmt.Sprintf("must be <= %v but found %v", *n.maximum, x)))
		}
	}
	if n.ref != nil {
		if f := n.ref.validate(v, inst, depth+1); f != nil {
			add(n.fail("$ref", inst, "doesn't validate with "+n.ref.loc, ungroup(f)...))
		}
	}
	if n.anyOf != nil {
		var causes []*failure
		matched := false
		for _, alt := range n.anyOf {
			f := alt.validate(v, inst, depth+1)
			if f == nil {
				matched = true
				break
			}
			causes = append(causes, f)
		}
		if !matched {
			add(n.fail("anyOf", inst, "anyOf failed", causes...))
		}
	}
	if n.oneOf != nil {
		var causes []*failure
		matched := -1
		for i, alt := range n.oneOf {
			f := alt.validate(v, inst, depth+1)
			if f != nil {
				causes = append(causes, f)
				continue
			}
			if matched >= 0 {
				add(n.fail("oneOf", inst, fmt.Sprintf("valid against schemas at indexes %d and %d", matched, i)))
				break
			}
			matched = i
		}
		if matched < 0 {
			add(n.fail("oneOf", inst, "oneOf failed", causes...))
		}
	}
	if n.ifS != nil {
		if n.ifS.validate(v, inst, depth+1) == nil {
			if n.thenS != nil {
				if f := n.thenS.validate(v, inst, depth+1); f != nil {
					add(n.fail("then", inst, "if-then failed", f))
				}
			}
		} else if n.elseS != nil {
			if f := n.elseS.validate(v, inst, depth+1); f != nil {
				add(n.fail("else", inst, "if-else failed", f))
			}
		}
	}
	switch len(fs) {
	case 0:
		return nil
	case 1:
		return fs[0]
	}
	return n.fail("", inst, "", fs...)
}

// maxSchemaDepth bounds the walk; the instance is bounded by
// document.MaxDepth already, this only guards a recursive schema.
const maxSchemaDepth = 4096

// ungroup returns the causes of a group failure, or the failure itself.
func ungroup(f *failure) []*failure {
	if f.keyword == "" && f.message == "" {
		return f.causes
	}
	return []*failure{f}
}

func (n *node) typeMatches(v any) bool {
	vt := jsonType(v)
	for _, t := range n.types {
		if t == vt {
			return true
		}
		if t == "integer" && vt == "number" {
			if f, err := v.(json.Number).Float64(); err == nil && f == math.Trunc(f) {
				return true
			}
		}
	}
	return false
}

func (n *node) inEnum(v any) bool {
	for _, e := range n.enum {
		if equal(v, e) {
			return true
		}
	}
	return false
}

// jsonType names the JSON type of an instance value as toValue builds it.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// equal compares an instance value with a schema constant: numbers by
// value (1, 1.0 and 1e0 are one number), lists and mappings member by member.
func equal(a, b any) bool {
	ta, tb := jsonType(a), jsonType(b)
	if ta != tb {
		return false
	}
	switch ta {
	case "number":
		return number(a) == number(b)
	case "array":
		la, lb := a.([]any), b.([]any)
		if len(la) != len(lb) {
			return false
		}
		for i := range la {
			if !equal(la[i], lb[i]) {
				return false
			}
		}
		return true
	case "object":
		ma, mb := a.(map[string]any), b.(map[string]any)
		if len(ma) != len(mb) {
			return false
		}
		for k, va := range ma {
			vb, ok := mb[k]
			if !ok || !equal(va, vb) {
				return false
			}
		}
		return true
	}
	return a == b
}

func number(v any) float64 {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case float64:
		return x
	}
	return math.NaN()
}
