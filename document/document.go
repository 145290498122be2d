// Package document parses JSON and YAML configuration files into one positioned
// tree (yaml.v3 nodes), so every reader and rule can point at file:line:col
// whatever the format. JSON is read by a tolerant parser of our own because
// yaml.v3 rejects the hjson syntax DeepSpeed accepts and hides duplicate keys.
package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits bound the work done on one file, so hostile or broken input cannot
// exhaust memory or time.
const (
	// MaxFileSize is the largest file read, in bytes.
	MaxFileSize = 64 << 20
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth = 1000
	// MaxNodes is the most keys and values one document may hold. A
	// training config holds hundreds; parsing costs hundreds of bytes of
	// memory per node, so a 64 MiB list would otherwise take gigabytes.
	MaxNodes = 200000
)

// Format is the syntax a document was written in.
type Format int

// The syntaxes a document can have.
const (
	JSON Format = iota + 1
	YAML
)

func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case YAML:
		return "yaml"
	}
	return "unknown"
}

// Pos is a 1-based line and column (columns count characters, not bytes).
type Pos struct {
	Line, Column int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// NodePos returns the position of a node.
func NodePos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{Line: 1, Column: 1}
	}
	return Pos{Line: n.Line, Column: n.Column}
}

// Duplicate is a mapping key written twice in the same mapping.
type Duplicate struct {
	Key    string // dotted path of the key
	First  Pos
	Second Pos
	Node   *yaml.Node // the second key node
}

// Extension is JSON syntax that hjson (DeepSpeed's reader) accepts and
// Python's json module rejects.
type Extension struct {
	What string // "comment", "trailing comma", "NaN", "Infinity"
	Pos  Pos
}

// Document is a parsed configuration file.
type Document struct {
	Path       string
	Src        []byte
	Format     Format
	Root       *yaml.Node // the top-level value (a mapping for every config we read)
	Comments   []*yaml.Node
	Duplicates []Duplicate
	Extensions []Extension
	spans      map[*yaml.Node]span
	lineStarts []int
}

type span struct{ start, end int }

// Error is a syntax or structure error at a position in a file.
type Error struct {
	Path   string
	Pos    Pos
	Msg    string
	Hint   string
	hasPos bool
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	if !e.hasPos {
		return fmt.Sprintf("%s: %s", e.Path, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Column, msg)
}

// Errorf returns a positioned error for path.
func Errorf(path string, pos Pos, format string, args ...any) *Error {
	return &Error{Path: path, Pos: pos, Msg: fmt.Sprintf(format, args...), hasPos: pos.Line > 0}
}

// Parse reads src, choosing JSON or YAML from the content: a document whose
// first significant character opens an object or array is JSON.
func Parse(path string, src []byte) (*Document, error) {
	if err := checkSize(path, src); err != nil {
		return nil, err
	}
	if LooksLikeJSON(src) {
		return ParseJSON(path, src)
	}
	return ParseYAML(path, src)
}

// ReadFile reads a config file, reading no more than MaxFileSize+1 bytes:
// a file's reported size cannot be trusted (a device such as /dev/zero
// reports 0 and never ends).
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("file is over the %d MiB limit for a config file", MaxFileSize>>20)}
	}
	return src, nil
}

func checkSize(path string, src []byte) error {
	if len(src) > MaxFileSize {
		return &Error{Path: path, Msg: fmt.Sprintf("file is %d bytes, over the %d MiB limit for a config file", len(src), MaxFileSize>>20)}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return &Error{Path: path, Msg: "file holds binary data (a NUL byte), not a text config"}
	}
	if !utf8.Valid(src) {
		return &Error{Path: path, Msg: "file is not valid UTF-8 text"}
	}
	return nil
}

// LooksLikeJSON reports whether the first significant character (after
// whitespace and hjson comments) opens a JSON object or array.
func LooksLikeJSON(src []byte) bool {
	s := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	for len(s) > 0 {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("//")) || bytes.HasPrefix(s, []byte("#")):
			i := bytes.IndexByte(s, '\n')
			if i < 0 {
				return false
			}
			s = s[i+1:]
		case bytes.HasPrefix(s, []byte("/*")):
			i := bytes.Index(s, []byte("*/"))
			if i < 0 {
				return false
			}
			s = s[i+2:]
		default:
			return len(s) > 0 && (s[0] == '{' || s[0] == '[')
		}
	}
	return false
}

// ParseYAML parses a YAML document, keeping positions and comments. Duplicate
// keys are recorded instead of failing, since PyYAML keeps the last value.
func ParseYAML(path string, src []byte) (*Document, error) {
	if err := checkSize(path, src); err != nil {
		return nil, err
	}
	if err := checkYAMLShape(path, src); err != nil {
		return nil, err
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return &Document{Path: path, Src: src, Format: YAML, Root: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}}, nil
		}
		return nil, yamlError(path, src, err)
	}
	d := &Document{Path: path, Src: src, Format: YAML}
	d.Root = &root
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		d.Root = root.Content[0]
	}
	if err := d.resolveAliases(d.Root, 0, new(int)); err != nil {
		return nil, err
	}
	if fixPositions(src, &root) > MaxNodes {
		return nil, &Error{Path: path, Msg: tooManyNodes}
	}
	d.collectYAML(d.Root, "")
	return d, nil
}

// checkYAMLShape rejects documents nested deeper than MaxDepth or holding
// more than MaxNodes keys and values before yaml.v3 spends time and memory
// on them. Flow collections are counted by brackets and commas, block ones
// by their lines (an over-estimate: a block scalar's lines are one value).
// Block nesting is bounded by yaml.v3 and checked after parsing.
func checkYAMLShape(path string, src []byte) error {
	depth, line, nodes := 0, 1, 0
	inQuote := byte(0)
	lineStart := true
	for _, c := range src {
		if c == '\n' {
			line++
			lineStart = true
			continue
		}
		if lineStart && c != ' ' && c != '\t' && c != '\r' {
			lineStart = false
			if c != '#' {
				nodes++
			}
		}
		switch {
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '[' || c == '{':
			depth++
			if depth > MaxDepth {
				return Errorf(path, Pos{Line: line, Column: 1}, "document is nested deeper than %d levels", MaxDepth)
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		case c == ',' && depth > 0:
			nodes++
		}
		if nodes > MaxNodes {
			return Errorf(path, Pos{Line: line, Column: 1}, "%s", tooManyNodes)
		}
	}
	return nil
}

// tooManyNodes is the message for a document over MaxNodes.
var tooManyNodes = fmt.Sprintf("document holds more than %d keys and values, over the limit for a config file", MaxNodes)

// maxAliasExpansion bounds the number of nodes reached through aliases,
// which defeats "billion laughs" alias bombs.
const maxAliasExpansion = 100000

func (d *Document) resolveAliases(n *yaml.Node, depth int, budget *int) error {
	if n == nil {
		return nil
	}
	if depth > MaxDepth {
		return Errorf(d.Path, NodePos(n), "document is nested deeper than %d levels", MaxDepth)
	}
	if n.Kind == yaml.AliasNode {
		*budget += countNodes(n.Alias, maxAliasExpansion)
		if *budget > maxAliasExpansion {
			return Errorf(d.Path, NodePos(n), "YAML aliases expand to more than %d nodes", maxAliasExpansion)
		}
		return nil
	}
	for _, c := range n.Content {
		if err := d.resolveAliases(c, depth+1, budget); err != nil {
			return err
		}
	}
	return nil
}

// countNodes counts the nodes under n, following aliases, and stops once
// the count passes limit or the nesting passes MaxDepth (an alias can refer
// to its own anchor, which would never end).
func countNodes(n *yaml.Node, limit int) int {
	return countNodesDepth(n, limit, 0)
}

func countNodesDepth(n *yaml.Node, limit, depth int) int {
	if n == nil {
		return 0
	}
	if limit <= 0 || depth > MaxDepth {
		return limit + 1
	}
	total := 1
	for _, c := range n.Content {
		total += countNodesDepth(c, limit-total, depth+1)
		if total > limit {
			return total
		}
	}
	if n.Kind == yaml.AliasNode {
		total += countNodesDepth(n.Alias, limit-total, depth+1)
	}
	return total
}

func (d *Document) collectYAML(n *yaml.Node, path string) {
	if n == nil {
		return
	}
	if n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" {
		d.Comments = append(d.Comments, n)
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p := joinPath(path, k.Value)
			if first, ok := seen[k.Value]; ok {
				d.Duplicates = append(d.Duplicates, Duplicate{Key: p, First: NodePos(first), Second: NodePos(k), Node: k})
			}
			seen[k.Value] = k
			if k.HeadComment != "" || k.LineComment != "" || k.FootComment != "" {
				d.Comments = append(d.Comments, k)
			}
			d.collectYAML(n.Content[i+1], p)
		}
		return
	}
	for i, c := range n.Content {
		d.collectYAML(c, fmt.Sprintf("%s[%d]", path, i))
	}
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// fixPositions rewrites yaml.v3's node positions into the ones Offset and
// editors use. yaml.v3 also starts a new line at a lone '\r', NEL, LS and
// PS, and puts some empty nodes just past the end of a file that lacks a
// final newline; positions here count '\n' only and stay inside the file.
// One pass over the source keeps this linear in the file's size. It
// returns the number of nodes.
func fixPositions(src []byte, root *yaml.Node) int {
	var nodes []*yaml.Node
	seen := map[*yaml.Node]bool{}
	var collect func(n *yaml.Node)
	collect = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		nodes = append(nodes, n)
		for _, c := range n.Content {
			collect(c)
		}
	}
	collect(root)
	remapPositions(src, nodes)
	return len(nodes)
}

// remapPositions moves each node from yaml.v3's line:col to the '\n'-only
// line:col of the same character.
func remapPositions(src []byte, nodes []*yaml.Node) {
	sort.SliceStable(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
	})
	yl, yc, ol, oc := 1, 1, 1, 1 // yaml.v3's and our line and column
	i, k := 0, 0
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		i = 3
	}
	for k < len(nodes) {
		for k < len(nodes) && (nodes[k].Line < yl || (nodes[k].Line == yl && nodes[k].Column <= yc)) {
			nodes[k].Line, nodes[k].Column = ol, oc
			k++
		}
		if i >= len(src) {
			break
		}
		r, size := utf8.DecodeRune(src[i:])
		i += size
		switch {
		case r == '\n':
			yl, yc, ol, oc = yl+1, 1, ol+1, 1
		case r == '\r' && i < len(src) && src[i] == '\n':
			oc++
		case r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			yl, yc, oc = yl+1, 1, oc+1
		default:
			yc, oc = yc+1, oc+1
		}
	}
	for ; k < len(nodes); k++ {
		nodes[k].Line, nodes[k].Column = ol, oc
	}
}

// yamlError turns a yaml.v3 error ("yaml: line 3: ...") into a positioned one.
func yamlError(path string, src []byte, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.Index(rest, ":"); i > 0 {
			if _, e := fmt.Sscanf(rest[:i], "%d", &line); e == nil {
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if strings.Contains(msg, "exceeded max depth") {
		// yaml.v3's own limit on block nesting; ours is lower and the same for JSON.
		msg = fmt.Sprintf("document is nested deeper than %d levels", MaxDepth)
	}
	if line == 0 {
		return &Error{Path: path, Msg: "invalid YAML: " + msg}
	}
	at := &yaml.Node{Line: line, Column: 1}
	remapPositions(src, []*yaml.Node{at})
	pos := NodePos(at)
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		// yaml.v3 reports the line where the token it was reading began,
		// often the line before the tab.
		if tab, ok := indentTab(src, pos.Line); ok {
			pos = tab
			if !strings.Contains(msg, "tab") {
				msg += "; YAML does not allow tabs for indentation"
			}
		}
	}
	return Errorf(path, pos, "invalid YAML: %s", msg)
}

// indentTab finds the first tab in the indentation (spaces, tabs and the
// "-", "?" and ":" indicators) of a line at or after line from.
func indentTab(src []byte, from int) (Pos, bool) {
	for n, text := range strings.Split(string(src), "\n") {
		if n+1 < from {
			continue
		}
		for col, r := range []rune(text) {
			if r == '\t' {
				return Pos{Line: n + 1, Column: col + 1}, true
			}
			if !strings.ContainsRune(" -?:", r) {
				break
			}
		}
	}
	return Pos{}, false
}
