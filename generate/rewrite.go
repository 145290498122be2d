package generate

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// Apply applies changes, in order, to the document's source and returns the
// new bytes; the document itself is not modified. Every change applies to
// doc whatever its File says (group changes by file first). Each edit is made
// on the current bytes, which are parsed again before the next change, so a
// later change sees the keys an earlier one inserted. A change that is
// already in effect (the key holds that value, the key to delete is absent)
// edits nothing, so applying the same changes twice gives the same bytes.
func Apply(doc *document.Document, changes []lint.Change) ([]byte, error) {
	cur := doc
	for _, c := range expand(changes) {
		r := newRewriter(cur)
		var edits []edit
		var err error
		switch c.Op {
		case lint.Set:
			edits, err = r.set(c.Path, c.Value)
		case lint.Rename:
			edits, err = r.rename(c.Path, c.NewKey)
		case lint.Delete:
			edits, err = r.delete(c.Path)
		default:
			err = fmt.Errorf("unknown operation %d", c.Op)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", doc.Path, opName(c.Op), strings.Join(c.Path, "."), err)
		}
		if len(edits) == 0 {
			continue
		}
		src := splice(cur.Src, edits)
		next, err := reparse(doc, src)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s gave a file that does not parse: %w", doc.Path, opName(c.Op), strings.Join(c.Path, "."), err)
		}
		cur = next
	}
	return bytes.Clone(cur.Src), nil
}

func opName(op lint.Op) string {
	switch op {
	case lint.Rename:
		return "rename"
	case lint.Delete:
		return "delete"
	}
	return "set"
}

func reparse(like *document.Document, src []byte) (*document.Document, error) {
	if like.Format == document.JSON {
		return document.ParseJSON(like.Path, src)
	}
	return document.ParseYAML(like.Path, src)
}

// expand turns a Set of a non-empty mapping into one Set per leaf, so a
// mapping merges into an existing one key by key instead of replacing it.
func expand(changes []lint.Change) []lint.Change {
	var out []lint.Change
	for _, c := range changes {
		m, ok := c.Value.(map[string]any)
		if c.Op != lint.Set || !ok || len(m) == 0 {
			out = append(out, c)
			continue
		}
		keys := sortedKeys(m)
		for _, k := range keys {
			sub := c
			sub.Path = append(slices.Clone(c.Path), k)
			sub.Value = m[k]
			out = append(out, expand([]lint.Change{sub})...)
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// splice applies non-overlapping edits to a copy of src.
func splice(src []byte, edits []edit) []byte {
	// Apply from the end so offsets stay valid; insertions at one offset
	// end up in the order given.
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ea, eb := edits[order[a]], edits[order[b]]
		if ea.start != eb.start {
			return ea.start > eb.start
		}
		return order[a] > order[b]
	})
	out := bytes.Clone(src)
	for _, i := range order {
		e := edits[i]
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
	}
	return out
}

// rewriter computes the edits for one change on one version of a document.
type rewriter struct {
	d          *document.Document
	src        []byte
	nl         string // the file's line ending
	lineStarts []int
	json       bool
}

func newRewriter(d *document.Document) *rewriter {
	r := &rewriter{d: d, src: d.Src, nl: "\n", json: d.Format == document.JSON}
	if bytes.Contains(d.Src, []byte("\r\n")) {
		r.nl = "\r\n"
	}
	r.lineStarts = []int{0}
	for i, c := range d.Src {
		if c == '\n' {
			r.lineStarts = append(r.lineStarts, i+1)
		}
	}
	return r
}

// lookup returns the last key/value pair named key in mapping m, without
// following aliases.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			k, v = m.Content[i], m.Content[i+1]
		}
	}
	return k, v
}

// walkTo follows path from the root and returns the pair at its end, the
// mapping that holds it, and how many keys of the path were found.
func (r *rewriter) walkTo(path []string) (parent, k, v *yaml.Node, found int, err error) {
	if len(path) == 0 {
		return nil, nil, nil, 0, fmt.Errorf("empty key path")
	}
	node := r.d.Root
	if node == nil || node.Kind != yaml.MappingNode {
		return nil, nil, nil, 0, fmt.Errorf("the top level of the file is %s, not a mapping", document.Kind(node))
	}
	for i, key := range path {
		pk, pv := lookup(node, key)
		if pv == nil {
			return node, nil, nil, i, nil
		}
		if pv.Kind == yaml.AliasNode {
			return nil, nil, nil, 0, fmt.Errorf("%s is a YAML alias; edit the anchored value instead", strings.Join(path[:i+1], "."))
		}
		if i == len(path)-1 || pv.Kind != yaml.MappingNode {
			return node, pk, pv, i + 1, nil
		}
		node = pv
	}
	return nil, nil, nil, 0, fmt.Errorf("unreachable")
}

// nest wraps val in one mapping per key: nest([a b], 1) is {a: {b: 1}}.
func nest(keys []string, val any) any {
	if len(keys) == 0 {
		return val
	}
	return map[string]any{keys[0]: nest(keys[1:], val)}
}

func (r *rewriter) set(path []string, val any) ([]edit, error) {
	if err := checkValue(val); err != nil {
		return nil, err
	}
	parent, k, v, found, err := r.walkTo(path)
	if err != nil {
		return nil, err
	}
	switch {
	case k == nil:
		return r.insert(parent, path[found], nest(path[found+1:], val))
	case found < len(path):
		if v.Kind == yaml.SequenceNode {
			return nil, fmt.Errorf("%s is a list, not a mapping", strings.Join(path[:found], "."))
		}
		// A scalar (often null, "none" or a legacy boolean) where a
		// mapping is needed: replace it with the nested mapping.
		return r.replace(k, v, nest(path[found:], val))
	}
	if equalValue(v, val) {
		return nil, nil
	}
	return r.replace(k, v, val)
}

func (r *rewriter) rename(path []string, newKey string) ([]edit, error) {
	if newKey == "" {
		return nil, fmt.Errorf("rename needs a new key")
	}
	parent, k, _, found, err := r.walkTo(path)
	if err != nil {
		return nil, err
	}
	if k == nil || found < len(path) {
		// Nothing to rename: already renamed, or never written.
		return nil, nil
	}
	if k.Value == newKey {
		return nil, nil
	}
	if nk, _ := lookup(parent, newKey); nk != nil {
		return nil, fmt.Errorf("key %q already exists next to it", newKey)
	}
	start, end := r.d.Span(k)
	text := r.keyText(newKey)
	if !r.json {
		switch k.Style {
		case yaml.DoubleQuotedStyle:
			text = jsonString(newKey)
		case yaml.SingleQuotedStyle:
			text = singleQuoted(newKey)
		}
	}
	return []edit{{start, end, text}}, nil
}

func (r *rewriter) delete(path []string) ([]edit, error) {
	parent, k, v, found, err := r.walkTo(path)
	if err != nil {
		return nil, err
	}
	if k == nil || found < len(path) {
		return nil, nil
	}
	idx := -1
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if parent.Content[i] == k {
			idx = i / 2
		}
	}
	switch {
	case r.json:
		return r.jsonDelete(parent, idx)
	case parent.Style&yaml.FlowStyle != 0:
		return r.flowDelete(parent, idx)
	}
	if len(parent.Content) == 2 && len(path) > 1 {
		// Deleting the only key would leave the parent key with no value,
		// which YAML reads as null; write an empty mapping instead.
		_, pk, pv, _, err := r.walkTo(path[:len(path)-1])
		if err != nil {
			return nil, err
		}
		return r.replace(pk, pv, map[string]any{})
	}
	ko := r.off(k)
	if !r.onlySpaceBefore(ko) {
		return nil, fmt.Errorf("the key shares its line with other content; delete it by hand")
	}
	last := r.blockEnd(k.Line, k.Column-1, v.Kind == yaml.SequenceNode)
	return []edit{{r.lineStartOf(ko), r.nextLineStart(last), ""}}, nil
}

// replace rewrites the value of pair (k, v) with val.
func (r *rewriter) replace(k, v *yaml.Node, val any) ([]edit, error) {
	if r.json {
		start, end := r.d.Span(v)
		multi := false
		ind := ""
		if ks, _ := r.d.Span(k); r.onlySpaceBefore(ks) {
			multi, ind = true, r.indentOf(ks)
		}
		return []edit{{start, end, r.jsonValue(val, ind, multi, v)}}, nil
	}
	flowParent := false
	if v.Kind == yaml.ScalarNode && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		start, end := r.d.Span(v)
		if v.Style == 0 && !r.inFlow(start) {
			end = r.plainEnd(k, start, end)
		}
		if _, isScalar := scalarOf(val); isScalar {
			text, err := r.yamlScalar(val, v)
			if err != nil {
				return nil, err
			}
			if v.Value == "" && v.Tag == "!!null" {
				// An empty value: after the key's colon, or with one when
				// the key stands alone ({a} in a flow mapping).
				if colon, ok := r.colonFound(k); ok {
					at := r.afterProperties(colon)
					return []edit{{at, at, " " + text}}, nil
				}
				ks, ke := r.d.Span(k)
				if q := r.explicitKey(ks); q >= 0 {
					// An explicit key (? a): its value goes after " : " in
					// a flow mapping, else on a line of its own, or it
					// would become part of the key.
					if r.inFlow(ks) {
						return []edit{{ke, ke, " : " + text}}, nil
					}
					return []edit{{ke, ke, r.nl + r.indentOf(q) + ": " + text}}, nil
				}
				return []edit{{ke, ke, ": " + text}}, nil
			}
			if start > 0 && !strings.ContainsRune(" \t\r\n[{,:?-", rune(r.src[start-1])) {
				// The value was written against its anchor (&a:b is anchor
				// "a" and value ":b"); keep the anchor's name apart.
				text = " " + text
			}
			return []edit{{start, end, text}}, nil
		}
		flowParent = r.inFlow(start)
		if flowParent {
			return []edit{{start, end, yamlInline(val)}}, nil
		}
		// A scalar becomes a block collection: from after the colon to the
		// end of the scalar.
		colon := r.colonAfter(k)
		c := k.Column - 1
		return []edit{{colon, end, r.yamlBlock(val, c+r.yamlUnit())}}, nil
	}
	if v.Style&yaml.FlowStyle != 0 && v.Kind != yaml.ScalarNode {
		start := r.off(v)
		end := matchBracket(r.src, start)
		if s, ok := scalarOf(val); ok {
			text, err := r.yamlScalar(s, nil)
			if err != nil {
				return nil, err
			}
			return []edit{{start, end, text}}, nil
		}
		return []edit{{start, end, yamlInline(val)}}, nil
	}
	// A block collection or block scalar: everything from the colon to the
	// end of its last line.
	colon := r.colonAfter(k)
	last := r.blockEnd(k.Line, k.Column-1, v.Kind == yaml.SequenceNode)
	end := r.lineEndAt(last)
	if s, ok := scalarOf(val); ok {
		text, err := r.yamlScalar(s, nil)
		if err != nil {
			return nil, err
		}
		return []edit{{colon, end, " " + text}}, nil
	}
	return []edit{{colon, end, r.yamlBlock(val, k.Column-1+r.yamlUnit())}}, nil
}

// insert adds key: val at the end of mapping m.
func (r *rewriter) insert(m *yaml.Node, key string, val any) ([]edit, error) {
	switch {
	case r.json:
		return r.jsonInsert(m, key, val)
	case m.Style&yaml.FlowStyle != 0:
		return r.flowInsert(m, key, val)
	}
	return r.blockInsert(m, key, val)
}

func (r *rewriter) blockInsert(m *yaml.Node, key string, val any) ([]edit, error) {
	if len(m.Content) == 0 {
		// Only the root can be an empty block mapping: an empty or
		// comment-only file.
		text := r.keyText(key) + ":" + r.yamlBlock(val, r.yamlUnit())
		if len(r.src) == 0 || r.src[len(r.src)-1] == '\n' {
			return []edit{{len(r.src), len(r.src), text + r.nl}}, nil
		}
		return []edit{{len(r.src), len(r.src), r.nl + text}}, nil
	}
	first := m.Content[0]
	c := first.Column - 1
	lk, lv := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	last := r.blockEnd(lk.Line, lk.Column-1, lv.Kind == yaml.SequenceNode)
	at := r.lineEndAt(last)
	text := strings.Repeat(" ", c) + r.keyText(key) + ":" + r.yamlBlock(val, c+r.yamlUnit())
	return []edit{{at, at, r.nl + text}}, nil
}

func (r *rewriter) flowInsert(m *yaml.Node, key string, val any) ([]edit, error) {
	start := r.off(m)
	end := matchBracket(r.src, start)
	text := r.keyText(key) + ": " + yamlInline(val)
	if len(m.Content) == 0 {
		return []edit{{start + 1, end - 1, text}}, nil
	}
	ve := r.pairEnd(m.Content[len(m.Content)-2], m.Content[len(m.Content)-1])
	return []edit{{ve, ve, ", " + text}}, nil
}

func (r *rewriter) flowDelete(m *yaml.Node, idx int) ([]edit, error) {
	n := len(m.Content) / 2
	ks := r.off(m.Content[2*idx])
	switch {
	case n == 1:
		start := r.off(m)
		end := matchBracket(r.src, start)
		return []edit{{start + 1, end - 1, ""}}, nil
	case idx < n-1:
		return []edit{{ks, r.off(m.Content[2*idx+2]), ""}}, nil
	}
	pe := r.pairEnd(m.Content[2*idx-2], m.Content[2*idx-1])
	return []edit{{pe, r.pairEnd(m.Content[2*idx], m.Content[2*idx+1]), ""}}, nil
}

func (r *rewriter) jsonInsert(m *yaml.Node, key string, val any) ([]edit, error) {
	s, e, ok := r.d.ContainerSpan(m)
	if !ok {
		return nil, fmt.Errorf("no position for the object")
	}
	closeAt := e - 1
	kq := jsonString(key)
	pairs := document.Pairs(m)
	if len(pairs) == 0 {
		if !bytes.Contains(r.src[s+1:closeAt], []byte("\n")) {
			return []edit{{s + 1, closeAt, kq + ": " + r.jsonValue(val, "", false, nil)}}, nil
		}
		open := r.indentOf(s)
		child := open + r.jsonUnit()
		return []edit{{s + 1, closeAt, r.nl + child + kq + ": " + r.jsonValue(val, child, true, nil) + r.nl + open}}, nil
	}
	last := pairs[len(pairs)-1]
	ks, _ := r.d.Span(last.Key)
	_, ve := r.d.Span(last.Value)
	comma := r.jsonCommaAfter(ve, closeAt)
	multi := r.line(ks) != r.line(s) && r.onlySpaceBefore(ks) && r.line(ve) != r.line(closeAt)
	if comma >= 0 && r.line(comma) == r.line(closeAt) {
		multi = false
	}
	if !multi {
		text := kq + ": " + r.jsonValue(val, "", false, nil)
		if comma >= 0 {
			return []edit{{comma + 1, comma + 1, " " + text + ","}}, nil
		}
		return []edit{{ve, ve, ", " + text}}, nil
	}
	ind := r.indentOf(ks)
	pair := ind + kq + ": " + r.jsonValue(val, ind, true, nil)
	if comma >= 0 {
		at := r.lineEnd(comma)
		return []edit{{at, at, r.nl + pair + ","}}, nil
	}
	at := r.lineEnd(ve)
	return []edit{{ve, ve, ","}, {at, at, r.nl + pair}}, nil
}

func (r *rewriter) jsonDelete(m *yaml.Node, idx int) ([]edit, error) {
	s, e, _ := r.d.ContainerSpan(m)
	closeAt := e - 1
	pairs := document.Pairs(m)
	ks, _ := r.d.Span(pairs[idx].Key)
	_, ve := r.d.Span(pairs[idx].Value)
	comma := r.jsonCommaAfter(ve, closeAt)
	ownLines := func(end int) bool {
		return r.onlySpaceBefore(ks) && r.restBlank(end) && r.line(end) != r.line(closeAt)
	}
	switch {
	case len(pairs) == 1:
		return []edit{{s + 1, closeAt, ""}}, nil
	case idx < len(pairs)-1:
		ns, _ := r.d.Span(pairs[idx+1].Key)
		if comma >= 0 && r.line(ns) > r.line(comma) && ownLines(comma+1) {
			return []edit{{r.lineStartOf(ks), r.nextLineStart(r.line(comma)), ""}}, nil
		}
		return []edit{{ks, ns, ""}}, nil
	case comma >= 0:
		// A trailing comma (hjson): drop the pair with its comma and keep
		// the previous pair's comma as the new trailing one.
		if ownLines(comma + 1) {
			return []edit{{r.lineStartOf(ks), r.nextLineStart(r.line(comma)), ""}}, nil
		}
		return []edit{{ks, comma + 1, ""}}, nil
	}
	_, pe := r.d.Span(pairs[idx-1].Value)
	prevComma := r.jsonCommaAfter(pe, ks)
	if prevComma >= 0 && ownLines(ve) {
		return []edit{{prevComma, prevComma + 1, ""}, {r.lineStartOf(ks), r.nextLineStart(r.line(ve)), ""}}, nil
	}
	return []edit{{pe, ve, ""}}, nil
}

// --- positions --------------------------------------------------------

func (r *rewriter) off(n *yaml.Node) int { return r.d.Offset(document.NodePos(n)) }

// line is the 1-based line of a byte offset.
func (r *rewriter) line(off int) int {
	return sort.Search(len(r.lineStarts), func(i int) bool { return r.lineStarts[i] > off })
}

func (r *rewriter) lineStartOf(off int) int { return r.lineStarts[r.line(off)-1] }

// nextLineStart is the offset after line ln's newline (the end of the file
// for the last line).
func (r *rewriter) nextLineStart(ln int) int {
	if ln < len(r.lineStarts) {
		return r.lineStarts[ln]
	}
	return len(r.src)
}

// lineEnd is the offset of the line ending after off (before a \r\n), or
// the end of the file.
func (r *rewriter) lineEnd(off int) int {
	i := off
	for i < len(r.src) && r.src[i] != '\n' {
		i++
	}
	if i > off && i <= len(r.src) && i-1 >= 0 && i-1 < len(r.src) && r.src[i-1] == '\r' {
		i--
	}
	return i
}

// lineEndAt is the end of 1-based line ln, before its line ending.
func (r *rewriter) lineEndAt(ln int) int { return r.lineEnd(r.lineStarts[ln-1]) }

func (r *rewriter) lineText(ln int) string {
	start := r.lineStarts[ln-1]
	return string(r.src[start:r.lineEnd(start)])
}

func (r *rewriter) onlySpaceBefore(off int) bool {
	for i := r.lineStartOf(off); i < off; i++ {
		if r.src[i] != ' ' && r.src[i] != '\t' {
			return false
		}
	}
	return true
}

func (r *rewriter) indentOf(off int) string {
	start := r.lineStartOf(off)
	i := start
	for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
		i++
	}
	return string(r.src[start:i])
}

// restBlank reports whether the rest of off's line is blank or a comment.
func (r *rewriter) restBlank(off int) bool {
	rest := strings.TrimLeft(string(r.src[off:r.lineEnd(off)]), " \t")
	return rest == "" || strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "#")
}

// blockEnd is the last line of a block mapping entry whose key sits on line
// keyLine at indentation c: the lines after it indented deeper (or, for an
// indentless sequence value, "- " items at the same indentation), ignoring
// blank and comment lines that nothing of the entry follows.
func (r *rewriter) blockEnd(keyLine, c int, seq bool) int {
	last := keyLine
	for ln := keyLine + 1; ln <= len(r.lineStarts); ln++ {
		text := r.lineText(ln)
		t := strings.TrimLeft(text, " ")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ind := len(text) - len(t)
		if ind > c || (seq && ind == c && (t == "-" || strings.HasPrefix(t, "- "))) {
			last = ln
			continue
		}
		break
	}
	return last
}

// colonFound is the offset just after the ':' that follows key k, and
// whether there is one (a key in a flow mapping may stand alone).
func (r *rewriter) colonFound(k *yaml.Node) (int, bool) {
	_, end := r.d.Span(k)
	if k.Value == "" {
		// An empty key (null, perhaps anchored): its span runs on.
		end = r.afterProperties(r.off(k))
	}
	for end < len(r.src) && (r.src[end] == ' ' || r.src[end] == '\t') {
		end++
	}
	if end < len(r.src) && r.src[end] == ':' {
		return end + 1, true
	}
	return end, false
}

// colonAfter is the offset just after the ':' that follows key k.
func (r *rewriter) colonAfter(k *yaml.Node) int {
	_, end := r.d.Span(k)
	for end < len(r.src) && (r.src[end] == ' ' || r.src[end] == '\t') {
		end++
	}
	if end < len(r.src) && r.src[end] == ':' {
		end++
	}
	return end
}

// plainEnd extends the span of a block plain scalar over its continuation
// lines (a: 0\n  0 reads "0 0"), without a trailing comment.
func (r *rewriter) plainEnd(k *yaml.Node, start, end int) int {
	last := r.blockEnd(r.line(start), k.Column-1, false)
	if last <= r.line(start) {
		return end
	}
	text := r.lineText(last)
	if i := strings.Index(text, " #"); i >= 0 {
		text = text[:i]
	}
	return r.lineStarts[last-1] + len(strings.TrimRight(text, " \t"))
}

// explicitKey returns the offset of the '?' that introduces a key starting
// at off, or -1 when the key is implicit.
func (r *rewriter) explicitKey(off int) int {
	i := off - 1
	for i >= 0 && strings.ContainsRune(" \t\r\n", rune(r.src[i])) {
		i--
	}
	if i >= 0 && r.src[i] == '?' {
		return i
	}
	return -1
}

// afterProperties skips the anchor and tag an empty value may carry after
// its key's colon (a: &x), returning the offset after the last of them.
func (r *rewriter) afterProperties(off int) int {
	at := off
	for i := off; i < len(r.src); {
		for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
			i++
		}
		if i >= len(r.src) || (r.src[i] != '&' && r.src[i] != '!') {
			break
		}
		anchor := r.src[i] == '&'
		i++
		for i < len(r.src) && !strings.ContainsRune(" \t\r\n,}]", rune(r.src[i])) {
			// yaml.v3 (libyaml) ends an anchor name at the first
			// character that is not alphanumeric, '-' or '_'.
			if c := r.src[i]; anchor && !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				break
			}
			i++
		}
		at = i
	}
	return at
}

// pairEnd is the offset after a pair of a YAML flow mapping: after its
// value, or after the key when the value is left out ({a, b: 1}).
func (r *rewriter) pairEnd(k, v *yaml.Node) int {
	if v.Kind == yaml.ScalarNode && v.Value == "" && v.Tag == "!!null" {
		_, end := r.d.Span(k)
		return end
	}
	return r.valueEnd(v)
}

// valueEnd is the offset after a YAML value in a flow collection.
func (r *rewriter) valueEnd(v *yaml.Node) int {
	if v.Kind == yaml.ScalarNode {
		_, end := r.d.Span(v)
		return end
	}
	return matchBracket(r.src, r.off(v))
}

// inFlow reports whether off lies inside a YAML flow collection.
func (r *rewriter) inFlow(off int) bool {
	depth := 0
	for i := r.lineStartOf(off); i < off; i++ {
		switch r.src[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		}
	}
	return depth > 0
}

// jsonCommaAfter returns the offset of the comma that follows a JSON value
// ending at off (skipping whitespace and hjson comments), or -1.
func (r *rewriter) jsonCommaAfter(off, limit int) int {
	i := off
	for i < limit {
		switch c := r.src[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '#' || (c == '/' && i+1 < len(r.src) && r.src[i+1] == '/'):
			for i < limit && r.src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(r.src) && r.src[i+1] == '*':
			j := bytes.Index(r.src[i+2:], []byte("*/"))
			if j < 0 {
				return -1
			}
			i += j + 4
		case c == ',':
			return i
		default:
			return -1
		}
	}
	return -1
}

// matchBracket returns the offset just after the bracket that closes the
// one at start, skipping quoted strings and comments.
func matchBracket(src []byte, start int) int {
	depth := 0
	for i := start; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(src); i++ {
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i > 0 && (src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n') {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(src)
}
