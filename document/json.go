package document

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ParseJSON parses JSON into yaml.v3 nodes with positions. It accepts what
// DeepSpeed's hjson reader accepts beyond strict JSON (comments, trailing
// commas) and what Python's json module accepts (NaN, Infinity), recording
// each use in Extensions; duplicate keys are recorded in Duplicates.
func ParseJSON(path string, src []byte) (*Document, error) {
	if err := checkSize(path, src); err != nil {
		return nil, err
	}
	d := &Document{Path: path, Src: src, Format: JSON, spans: map[*yaml.Node]span{}}
	p := &jsonParser{doc: d, src: src, line: 1, col: 1}
	if len(src) >= 3 && string(src[:3]) == "\xef\xbb\xbf" {
		p.pos = 3
	}
	p.skipSpace()
	if p.pos >= len(src) {
		return nil, Errorf(path, p.here(), "empty JSON document")
	}
	root, err := p.value(0, "")
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.err != nil {
		return nil, p.err
	}
	if p.pos < len(src) {
		return nil, Errorf(path, p.here(), "unexpected %s after the end of the JSON document", p.describe())
	}
	d.Root = root
	return d, nil
}

type jsonParser struct {
	doc       *Document
	src       []byte
	pos       int
	line, col int
	err       error
	nodes     int
}

func (p *jsonParser) here() Pos { return Pos{Line: p.line, Column: p.col} }

func (p *jsonParser) advance(n int) {
	for i := 0; i < n && p.pos < len(p.src); {
		r, size := utf8.DecodeRune(p.src[p.pos:])
		if r == '\n' {
			p.line++
			p.col = 1
		} else {
			p.col++
		}
		p.pos += size
		i += size
	}
}

func (p *jsonParser) describe() string {
	if p.pos >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return fmt.Sprintf("%q", r)
}

// skipSpace skips whitespace and hjson comments, recording the comments.
func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			p.advance(1)
		case c == '#' || (c == '/' && p.peek(1) == '/'):
			p.doc.Extensions = append(p.doc.Extensions, Extension{What: "comment", Pos: p.here()})
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.advance(1)
			}
		case c == '/' && p.peek(1) == '*':
			start := p.here()
			p.doc.Extensions = append(p.doc.Extensions, Extension{What: "comment", Pos: start})
			p.advance(2)
			for p.pos < len(p.src) && !(p.src[p.pos] == '*' && p.peek(1) == '/') {
				p.advance(1)
			}
			if p.pos >= len(p.src) {
				p.err = Errorf(p.doc.Path, start, "unterminated /* comment")
				return
			}
			p.advance(2)
		default:
			return
		}
	}
}

func (p *jsonParser) peek(off int) byte {
	if p.pos+off < len(p.src) {
		return p.src[p.pos+off]
	}
	return 0
}

func (p *jsonParser) value(depth int, path string) (*yaml.Node, error) {
	if p.err != nil {
		return nil, p.err
	}
	if depth > MaxDepth {
		return nil, Errorf(p.doc.Path, p.here(), "document is nested deeper than %d levels", MaxDepth)
	}
	if p.nodes++; p.nodes > MaxNodes {
		return nil, Errorf(p.doc.Path, p.here(), "%s", tooManyNodes)
	}
	if p.pos >= len(p.src) {
		return nil, Errorf(p.doc.Path, p.here(), "unexpected end of file: the JSON document is truncated")
	}
	start, startPos := p.pos, p.here()
	var n *yaml.Node
	var err error
	switch c := p.src[p.pos]; {
	case c == '{':
		n, err = p.object(depth, path)
	case c == '[':
		n, err = p.array(depth, path)
	case c == '"':
		var s string
		s, err = p.str()
		n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
	case c == '-' || c == '+' || (c >= '0' && c <= '9') || c == 'N' || c == 'I' || c == '.':
		n, err = p.number()
	case c == 't' || c == 'f' || c == 'n':
		n, err = p.literal()
	case c == '\'':
		return nil, Errorf(p.doc.Path, startPos, "strings must use double quotes in JSON")
	default:
		return nil, Errorf(p.doc.Path, startPos, "unexpected %s: expected a JSON value", p.describe())
	}
	if err != nil {
		return nil, err
	}
	n.Line, n.Column = startPos.Line, startPos.Column
	p.doc.spans[n] = span{start, p.pos}
	return n, nil
}

func (p *jsonParser) object(depth int, path string) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	open := p.here()
	p.advance(1)
	seen := map[string]*yaml.Node{}
	for {
		p.skipSpace()
		if p.err != nil {
			return nil, p.err
		}
		if p.pos >= len(p.src) {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected end of file: the object opened at %s is not closed", open)
		}
		if p.src[p.pos] == '}' {
			p.advance(1)
			return n, nil
		}
		if p.src[p.pos] != '"' {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected %s: expected a double-quoted key or '}'", p.describe())
		}
		kstart, kpos := p.pos, p.here()
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.nodes++
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Style: yaml.DoubleQuotedStyle, Line: kpos.Line, Column: kpos.Column}
		p.doc.spans[k] = span{kstart, p.pos}
		kp := joinPath(path, key)
		if first, ok := seen[key]; ok {
			p.doc.Duplicates = append(p.doc.Duplicates, Duplicate{Key: kp, First: NodePos(first), Second: kpos, Node: k})
		}
		seen[key] = k
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected %s: expected ':' after key %q", p.describe(), key)
		}
		p.advance(1)
		p.skipSpace()
		v, err := p.value(depth+1, kp)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, k, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected end of file: the object opened at %s is not closed", open)
		}
		switch p.src[p.pos] {
		case ',':
			comma := p.here()
			p.advance(1)
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == '}' {
				p.doc.Extensions = append(p.doc.Extensions, Extension{What: "trailing comma", Pos: comma})
			}
		case '}':
		default:
			return nil, Errorf(p.doc.Path, p.here(), "unexpected %s: expected ',' or '}' after the value of %q", p.describe(), key)
		}
	}
}

func (p *jsonParser) array(depth int, path string) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	open := p.here()
	p.advance(1)
	for i := 0; ; i++ {
		p.skipSpace()
		if p.err != nil {
			return nil, p.err
		}
		if p.pos >= len(p.src) {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected end of file: the array opened at %s is not closed", open)
		}
		if p.src[p.pos] == ']' {
			p.advance(1)
			return n, nil
		}
		v, err := p.value(depth+1, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, Errorf(p.doc.Path, p.here(), "unexpected end of file: the array opened at %s is not closed", open)
		}
		switch p.src[p.pos] {
		case ',':
			comma := p.here()
			p.advance(1)
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.doc.Extensions = append(p.doc.Extensions, Extension{What: "trailing comma", Pos: comma})
			}
		case ']':
		default:
			return nil, Errorf(p.doc.Path, p.here(), "unexpected %s: expected ',' or ']'", p.describe())
		}
	}
}

func (p *jsonParser) str() (string, error) {
	start := p.here()
	p.advance(1)
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return "", Errorf(p.doc.Path, start, "unterminated string")
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.advance(1)
			return b.String(), nil
		case c == '\n':
			return "", Errorf(p.doc.Path, start, "unterminated string: a newline inside a string must be written \\n")
		case c == '\\':
			esc := p.peek(1)
			switch esc {
			case '"', '\\', '/':
				b.WriteByte(esc)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if p.pos+6 > len(p.src) {
					return "", Errorf(p.doc.Path, p.here(), "truncated \\u escape")
				}
				v, err := strconv.ParseUint(string(p.src[p.pos+2:p.pos+6]), 16, 32)
				if err != nil {
					return "", Errorf(p.doc.Path, p.here(), "invalid \\u escape %q", p.src[p.pos:p.pos+6])
				}
				b.WriteRune(rune(v))
				p.advance(6)
				continue
			default:
				return "", Errorf(p.doc.Path, p.here(), "invalid escape %q in string", string([]byte{'\\', esc}))
			}
			p.advance(2)
		default:
			r, size := utf8.DecodeRune(p.src[p.pos:])
			b.WriteRune(r)
			p.advance(size)
		}
	}
}

func (p *jsonParser) number() (*yaml.Node, error) {
	start, startPos := p.pos, p.here()
	for _, word := range []string{"NaN", "Infinity", "-Infinity", "+Infinity"} {
		if strings.HasPrefix(string(p.src[p.pos:min(len(p.src), p.pos+len(word))]), word) {
			p.doc.Extensions = append(p.doc.Extensions, Extension{What: strings.TrimLeft(word, "+-"), Pos: startPos})
			p.advance(len(word))
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: word}, nil
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			p.advance(1)
			continue
		}
		break
	}
	text := string(p.src[start:p.pos])
	tag := "!!int"
	if strings.ContainsAny(text, ".eE") {
		tag = "!!float"
	}
	if !validJSONNumber(text) {
		return nil, Errorf(p.doc.Path, startPos, "invalid number %q", text)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text}, nil
}

// validJSONNumber checks the JSON number grammar, which is stricter than
// strconv (no leading '+', no leading zeros, digits on both sides of '.').
func validJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	intStart := i
	if digits() == 0 || (s[intStart] == '0' && i-intStart > 1) {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func (p *jsonParser) literal() (*yaml.Node, error) {
	for _, lit := range []struct{ word, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
		if strings.HasPrefix(string(p.src[p.pos:min(len(p.src), p.pos+len(lit.word))]), lit.word) {
			p.advance(len(lit.word))
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: lit.tag, Value: lit.word}, nil
		}
	}
	return nil, Errorf(p.doc.Path, p.here(), "unexpected %s: expected a JSON value (true, false and null are lowercase)", p.describe())
}
