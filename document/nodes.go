package document

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Get returns the key and value nodes of key in mapping m (the last one when
// the key is duplicated, as json.load and PyYAML keep the last value). Keys
// merged in with "<<: *anchor" count when m does not write the key itself.
func Get(m *yaml.Node, key string) (k, v *yaml.Node) {
	return get(m, key, 0)
}

func get(m *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode || depth > MaxDepth {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && !isMerge(m.Content[i]) {
			k, v = m.Content[i], m.Content[i+1]
		}
	}
	if v == nil {
		for _, src := range merged(m) {
			if k, v = get(src, key, depth+1); v != nil {
				break
			}
		}
	}
	if v != nil && v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	return k, v
}

// isMerge reports whether a key is YAML's merge key ("<<").
func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

// merged lists the mappings m's merge keys bring in, the first one winning
// (as PyYAML's loader does). The alias budget of ParseYAML bounds them.
func merged(m *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMerge(m.Content[i]) {
			continue
		}
		srcs := []*yaml.Node{m.Content[i+1]}
		if srcs[0].Kind == yaml.SequenceNode {
			srcs = srcs[0].Content
		}
		for _, src := range srcs {
			if src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			if src != nil && src.Kind == yaml.MappingNode {
				out = append(out, src)
			}
		}
	}
	return out
}

// Lookup follows a path of keys through nested mappings.
func Lookup(m *yaml.Node, keys ...string) (k, v *yaml.Node) {
	v = m
	for _, key := range keys {
		k, v = Get(v, key)
		if v == nil {
			return nil, nil
		}
	}
	return k, v
}

// Pair is one key and its value in a mapping.
type Pair struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// Pairs lists the entries of a mapping in source order, then the entries
// merge keys bring in that the mapping does not write itself; the merge
// keys themselves are left out.
func Pairs(m *yaml.Node) []Pair {
	return pairs(m, 0)
}

func pairs(m *yaml.Node, depth int) []Pair {
	if m == nil || m.Kind != yaml.MappingNode || depth > MaxDepth {
		return nil
	}
	out := make([]Pair, 0, len(m.Content)/2)
	merges := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMerge(m.Content[i]) {
			merges = true
			continue
		}
		v := m.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		out = append(out, Pair{Key: m.Content[i], Value: v})
	}
	if !merges {
		return out
	}
	seen := map[string]bool{}
	for _, p := range out {
		seen[p.Key.Value] = true
	}
	for _, src := range merged(m) {
		for _, p := range pairs(src, depth+1) {
			if !seen[p.Key.Value] {
				seen[p.Key.Value] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// IsScalar reports whether n is a scalar (not null).
func IsScalar(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null"
}

// IsNull reports whether n is absent or an explicit null.
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || (n.Style == 0 && (n.Value == "" || n.Value == "~" || n.Value == "null" || n.Value == "None"))))
}

// IsAuto reports whether n is the string "auto" that the Hugging Face
// integration fills in.
func IsAuto(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && strings.EqualFold(n.Value, "auto")
}

// IsString reports whether n is a string scalar (quoted, or a plain scalar that
// YAML resolves to a string).
func IsString(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && (n.Tag == "!!str" || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0)
}

// Float reads a numeric scalar. Strings holding a number ("5e8") are accepted
// only when lenient is true, as argparse-style readers convert them.
func Float(n *yaml.Node, lenient bool) (float64, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	if IsString(n) && !lenient {
		return 0, false
	}
	s := strings.TrimSpace(strings.ReplaceAll(n.Value, "_", ""))
	switch s {
	case "NaN", ".nan", ".NaN", "nan":
		return math.NaN(), true
	case "Infinity", "+Infinity", ".inf", "+.inf", "inf":
		return math.Inf(1), true
	case "-Infinity", "-.inf", "-inf":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Int reads an integral numeric scalar ("5e8" and "1e9" count: DeepSpeed
// configs write element counts that way). Values that are not whole numbers
// or do not fit in an int64 are rejected.
func Int(n *yaml.Node, lenient bool) (int64, bool) {
	f, ok := Float(n, lenient)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 9e18 {
		return 0, false
	}
	return int64(f), true
}

// Bool reads a boolean scalar; lenient also accepts the strings argparse-style
// readers take ("true", "False", "1", "yes").
func Bool(n *yaml.Node, lenient bool) (bool, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false, false
	}
	if n.Tag == "!!bool" || lenient || n.Style == 0 {
		switch strings.ToLower(strings.TrimSpace(n.Value)) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		case "1":
			return true, lenient
		case "0":
			return false, lenient
		}
	}
	return false, false
}

// Kind names the type of a node for error messages ("a string", "a mapping").
func Kind(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return "a scalar"
}

// Offset converts a position to a byte offset in the source.
func (d *Document) Offset(p Pos) int {
	if d.lineStarts == nil {
		d.lineStarts = []int{0}
		for i, c := range d.Src {
			if c == '\n' {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	}
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(d.lineStarts) {
		return len(d.Src)
	}
	off := d.lineStarts[p.Line-1]
	if p.Line == 1 && strings.HasPrefix(string(d.Src[:min(len(d.Src), 3)]), "\ufeff") {
		// Both parsers count columns after a byte order mark, as editors do.
		off = 3
	}
	for col := 1; col < p.Column && off < len(d.Src) && d.Src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(d.Src[off:])
		off += size
	}
	return off
}

// Line returns the text of a 1-based line without its newline.
func (d *Document) Line(n int) string {
	start := d.Offset(Pos{Line: n, Column: 1})
	end := start
	for end < len(d.Src) && d.Src[end] != '\n' {
		end++
	}
	return strings.TrimSuffix(string(d.Src[start:end]), "\r")
}

// Span returns the byte range a scalar value occupies in the source,
// quotes included, so a rewrite can replace exactly those bytes.
func (d *Document) Span(n *yaml.Node) (start, end int) {
	if s, ok := d.spans[n]; ok {
		return s.start, s.end
	}
	start = d.Offset(NodePos(n))
	if n.Kind != yaml.ScalarNode {
		return start, start
	}
	src := d.Src
	tag := -1
	switch {
	case n.Value != "" || n.Style != 0:
		start, tag = skipProperties(src, start, n.Anchor, n.Value != "")
	case start < len(src) && (src[start] == '&' || src[start] == '!'):
		// An empty value with properties: the span covers them.
	default:
		// yaml.v3 puts an empty value at the next token (a '}', a ',', a
		// comment, the colon itself); its place is right after the colon.
		if at, ok := afterColon(src, start); ok {
			return at, at
		}
	}
	end = start
	switch {
	case end < len(src) && (src[end] == '"' || src[end] == '\''):
		q := src[end]
		end++
		for end < len(src) {
			if q == '"' && src[end] == '\\' {
				end += 2
				continue
			}
			if src[end] == q {
				if q == '\'' && end+1 < len(src) && src[end+1] == '\'' {
					end += 2
					continue
				}
				end++
				break
			}
			end++
		}
	case strings.HasPrefix(string(src[start:min(len(src), start+len(n.Value))]), n.Value) && n.Value != "":
		// A single-line plain scalar is written exactly as its value.
		end = start + len(n.Value)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && foldedEnd(src, start, n.Value) > start:
		end = foldedEnd(src, start, n.Value)
	default:
		for end < len(src) && src[end] != '\n' && src[end] != '\r' {
			if src[end] == '#' && end > start && (src[end-1] == ' ' || src[end-1] == '\t') {
				break
			}
			end++
		}
		for end > start && (src[end-1] == ' ' || src[end-1] == '\t') {
			end--
		}
	}
	if end > len(src) {
		end = len(src)
	}
	if tag >= 0 {
		start = tag
	}
	return start, end
}

// skipProperties skips the anchor (&a) and tag (!!str) that yaml.v3 counts
// as the start of a node and returns where the value begins, and where a
// tag written after any anchor begins (-1 if none). The span keeps an
// anchor out, since aliases name it, and a tag in, since it is part of how
// the value reads. An empty value stays on the properties' line.
func skipProperties(src []byte, off int, anchor string, crossLines bool) (value, tag int) {
	tag = -1
	for off < len(src) && (src[off] == '&' || src[off] == '!') {
		if src[off] == '&' {
			// An anchor ends where its name does, not at a space ("&a:b"
			// is the anchor "a" on the value ":b").
			tag = -1
			off++
			if anchor != "" && strings.HasPrefix(string(src[off:min(len(src), off+len(anchor))]), anchor) {
				off += len(anchor)
			}
		} else {
			if tag < 0 {
				tag = off
			}
			for off < len(src) && !isSpace(src[off]) {
				off++
			}
		}
		for off < len(src) && (src[off] == ' ' || src[off] == '\t' || (crossLines && (src[off] == '\n' || src[off] == '\r'))) {
			off++
		}
	}
	return off, tag
}

// foldedEnd returns the end of a plain scalar written over several lines
// (YAML folds its line breaks and indentation into single spaces), or -1
// when the source at start does not spell value word by word.
func foldedEnd(src []byte, start int, value string) int {
	i := start
	for k, w := range strings.FieldsFunc(value, func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }) {
		if k > 0 {
			for i < len(src) && isSpace(src[i]) {
				i++
			}
		}
		if !strings.HasPrefix(string(src[i:min(len(src), i+len(w))]), w) {
			return -1
		}
		i += len(w)
	}
	return i
}

// afterColon finds the mapping colon at or before off (across spaces) and
// returns the offset just after it.
func afterColon(src []byte, off int) (int, bool) {
	if off < len(src) && src[off] == ':' {
		return off + 1, true
	}
	i := min(off, len(src)) - 1
	for i >= 0 && (src[i] == ' ' || src[i] == '\t') {
		i--
	}
	if i >= 0 && src[i] == ':' {
		return i + 1, true
	}
	return 0, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// ContainerSpan returns the byte range of a JSON object or array (from the
// opening to the closing bracket). ok is false for YAML documents.
func (d *Document) ContainerSpan(n *yaml.Node) (start, end int, ok bool) {
	s, ok := d.spans[n]
	return s.start, s.end, ok
}

// Walk calls fn for every key/value pair of every mapping under n, with the
// dotted path of the key, in source order.
func Walk(n *yaml.Node, fn func(path string, k, v *yaml.Node)) {
	walk(n, "", fn, 0)
}

func walk(n *yaml.Node, path string, fn func(string, *yaml.Node, *yaml.Node), depth int) {
	if n == nil || depth > MaxDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, p := range Pairs(n) {
			kp := joinPath(path, p.Key.Value)
			fn(kp, p.Key, p.Value)
			walk(p.Value, kp, fn, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walk(c, path+"["+strconv.Itoa(i)+"]", fn, depth+1)
		}
	}
}

// SortedKeys returns a mapping's keys sorted, for deterministic messages.
func SortedKeys(m *yaml.Node) []string {
	var keys []string
	for _, p := range Pairs(m) {
		keys = append(keys, p.Key.Value)
	}
	sort.Strings(keys)
	return keys
}
