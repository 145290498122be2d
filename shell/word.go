package shell

import (
	"regexp"
	"strings"

	"github.com/trainlint/trainlint/document"
)

type partKind int

const (
	litPart    partKind = iota
	paramPart           // $X, ${X}, ${X:-operand}, …
	arithPart           // $((…))
	opaquePart          // $(…), `…`, <(…) and unsupported ${…} forms: never known
	arrayPart           // the (…) of NAME=(…)
)

// part is one piece of a word as written.
type part struct {
	kind       partKind
	quoted     bool // inside quotes or escaped: not subject to field splitting
	start, end int  // source offsets of the text (lit) or of the whole expression
	pos        document.Pos
	text       string  // lit: decoded text when not verbatim; param: name; arith: expression
	verbatim   bool    // lit: the text is src[start:end] as written
	op         string  // param: "", "len", ":-", "-", ":=", "=", ":+", "+", ":?", "?"
	operand    []part  // param: the operand of op
	index      string  // param: the subscript of ${X[@]}, ${X[*]}, ${X[2]}, ${#X[@]}; "" for none
	elems      []*word // array: its elements as written; nil when it could not be read
}

// word is a shell word as written: its parts before any expansion.
type word struct {
	parts      []part
	start, end int
	pos        document.Pos
}

// builder collects the parts of a word. Literal text is kept as runs of
// source that read exactly as written, so each run knows where every one of
// its characters sits; anything skipped (quotes, escapes, continuations)
// closes the run.
type builder struct {
	parts  []part
	open   bool
	quoted bool
	start  int
	pos    document.Pos
}

func (b *builder) lit(s *scanner, quoted bool) {
	if b.open && b.quoted == quoted {
		return
	}
	b.close(s)
	b.open, b.quoted, b.start, b.pos = true, quoted, s.off, s.pos()
}

func (b *builder) close(s *scanner) {
	if b.open && s.off > b.start {
		b.parts = append(b.parts, part{kind: litPart, quoted: b.quoted, start: b.start, end: s.off, pos: b.pos, verbatim: true})
	}
	b.open = false
}

func (b *builder) add(s *scanner, p part) {
	b.close(s)
	b.parts = append(b.parts, p)
}

// emptyQuote records an empty quoted string, which makes a word though it holds nothing.
func (b *builder) emptyQuote(s *scanner) {
	b.add(s, part{kind: litPart, quoted: true, start: s.off, end: s.off, pos: s.pos(), verbatim: true})
}

func (l *lexer) single(b *builder) {
	s := l.s
	b.close(s)
	s.advance()
	n := len(b.parts)
	b.lit(s, true)
	for !s.eof() && s.peek() != '\'' {
		s.advance()
	}
	b.close(s)
	if len(b.parts) == n {
		b.emptyQuote(s)
	}
	s.advance()
}

func (l *lexer) double(b *builder, depth int) {
	s := l.s
	b.close(s)
	s.advance()
	n := len(b.parts)
	for !s.eof() {
		c := s.peek()
		switch {
		case c == '"':
			b.close(s)
			if len(b.parts) == n {
				b.emptyQuote(s)
			}
			s.advance()
			return
		case s.continuation():
			b.close(s)
			s.skipContinuation()
		case c == '\\' && strings.IndexByte("$`\"\\", s.peekAt(1)) >= 0:
			b.close(s)
			s.advance()
			b.lit(s, true)
			s.advance()
		case c == '$' && l.dollar(b, true, depth):
		case c == '`':
			l.opaque(b, 1, '`')
		default:
			b.lit(s, true)
			s.advance()
		}
	}
	b.close(s)
	if len(b.parts) == n {
		b.emptyQuote(s)
	}
}

// dollar reads the expansion starting at a $ and reports whether there was
// one; a $ before anything else is a literal dollar sign.
func (l *lexer) dollar(b *builder, quoted bool, depth int) bool {
	s := l.s
	start, pos := s.off, s.pos()
	switch c := s.peekAt(1); {
	case c == '(':
		b.close(s)
		s.advance()
		open := s.off
		s.advance()
		l.skipNested(')')
		inner := string(s.src[open+1 : s.off])
		inner = strings.TrimSuffix(inner, ")")
		expr, ok := arithmeticBody(inner)
		if !ok {
			expr, ok = exprBody(inner)
		}
		if ok && s.src[s.off-1] == ')' {
			b.add(s, part{kind: arithPart, quoted: quoted, start: start, end: s.off, pos: pos, text: expr})
			return true
		}
		b.add(s, part{kind: opaquePart, quoted: quoted, start: start, end: s.off, pos: pos})
	case c == '{':
		b.close(s)
		l.brace(b, quoted, depth)
	case c == '\'' && !quoted:
		b.close(s)
		s.advance()
		l.ansiC(b, start, pos)
	case c == '"' && !quoted:
		b.close(s)
		s.advance()
		l.double(b, depth)
	case isNameStart(c):
		b.close(s)
		s.advance()
		n := s.off
		for isNameChar(s.peek()) {
			s.advance()
		}
		b.add(s, part{kind: paramPart, quoted: quoted, start: start, end: s.off, pos: pos, text: string(s.src[n:s.off])})
	case isDigit(c) || isSpecialParam(c):
		b.close(s)
		s.advance()
		s.advance()
		b.add(s, part{kind: paramPart, quoted: quoted, start: start, end: s.off, pos: pos, text: string(c)})
	default:
		return false
	}
	return true
}

// arithmeticBody tells $((expr)) from $( (subshell) ): inner is what lies
// between $( and its closing parenthesis.
func arithmeticBody(inner string) (string, bool) {
	if len(inner) < 2 || inner[0] != '(' || inner[len(inner)-1] != ')' {
		return "", false
	}
	depth := 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(inner)-1 {
				return "", false
			}
		}
	}
	return inner[1 : len(inner)-1], depth == 0
}

// exprOperand is an operand of expr that $((…)) reads the same way: a
// decimal number without a leading zero (which $((…)) would read as octal)
// or a variable.
var exprOperand = regexp.MustCompile(`^(0|[1-9][0-9]*|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})$`)

// exprBody reads $(expr A OP B), the integer arithmetic launch scripts
// write with expr(1) (ms-swift's examples: --gradient_accumulation_steps
// $(expr 16 / $nproc_per_node)), as the $((A OP B)) it equals: POSIX expr
// (The Open Group Base Specifications Issue 7, "expr") takes + - * / % on
// integers, / truncating toward zero, and * is written \* or quoted against
// globbing. Any other form stays opaque.
func exprBody(inner string) (string, bool) {
	f := strings.Fields(inner)
	if len(f) != 4 || f[0] != "expr" || !exprOperand.MatchString(f[1]) || !exprOperand.MatchString(f[3]) {
		return "", false
	}
	switch op := f[2]; op {
	case "+", "-", "/", "%":
		return f[1] + " " + op + " " + f[3], true
	case `\*`, `'*'`, `"*"`:
		return f[1] + " * " + f[3], true
	}
	return "", false
}

// brace reads ${…}. Forms other than a plain name, a length and the
// default/assign/alternative/error operators are kept opaque.
func (l *lexer) brace(b *builder, quoted bool, depth int) {
	s := l.s
	start, pos := s.off, s.pos()
	s.advance()
	s.advance()
	opaque := func() {
		l.skipNested('}')
		b.add(s, part{kind: opaquePart, quoted: quoted, start: start, end: s.off, pos: pos})
	}
	if depth >= maxNest {
		opaque()
		return
	}
	length := false
	if s.peek() == '#' && s.peekAt(1) != '}' {
		length = true
		s.advance()
	}
	n := s.off
	switch c := s.peek(); {
	case isNameStart(c):
		for isNameChar(s.peek()) {
			s.advance()
		}
	case isDigit(c):
		for isDigit(s.peek()) {
			s.advance()
		}
	case isSpecialParam(c):
		s.advance()
	}
	name := string(s.src[n:s.off])
	if name == "" {
		opaque()
		return
	}
	p := part{kind: paramPart, quoted: quoted, pos: pos, start: start, text: name}
	if s.peek() == '[' && isName(name) {
		p.index = subscript(s)
		if p.index == "" || s.peek() != '}' {
			opaque()
			return
		}
	}
	switch c := s.peek(); {
	case c == '}':
		s.advance()
		if length {
			p.op = "len"
		}
		p.end = s.off
		b.add(s, p)
		return
	case length:
		opaque()
		return
	case c == ':' && strings.IndexByte("-=+?", s.peekAt(1)) >= 0 && s.peekAt(1) != 0:
		p.op = string(s.src[s.off : s.off+2])
		s.advance()
		s.advance()
	case c != 0 && strings.IndexByte("-=+?", c) >= 0:
		p.op = string(c)
		s.advance()
	default:
		opaque()
		return
	}
	p.operand = l.operand(quoted, depth+1)
	p.end = s.off
	b.add(s, p)
}

// subscript reads the [@], [*] or [N] after an array's name and returns
// what is inside the brackets; any other subscript (a variable, arithmetic)
// returns "", which leaves the expansion opaque.
func subscript(s *scanner) string {
	n := s.off + 1
	end := n
	for end < len(s.src) && isDigit(s.src[end]) {
		end++
	}
	if end == n && n < len(s.src) && (s.src[n] == '@' || s.src[n] == '*') {
		end++
	}
	if end == n || end >= len(s.src) || s.src[end] != ']' {
		return ""
	}
	s.advanceTo(end + 1)
	return string(s.src[n:end])
}

// operand reads the word after ${X:- up to and including the closing brace.
// Unquoted, its text is field-split like any expansion, so literals keep
// quoted=false.
func (l *lexer) operand(quoted bool, depth int) []part {
	s := l.s
	var ob builder
	for !s.eof() {
		c := s.peek()
		switch {
		case c == '}':
			ob.close(s)
			s.advance()
			return ob.parts
		case s.continuation():
			ob.close(s)
			s.skipContinuation()
		case c == '\\' && (!quoted || strings.IndexByte("$`\"\\}", s.peekAt(1)) >= 0):
			ob.close(s)
			s.advance()
			ob.lit(s, true)
			s.advance()
		case c == '\'' && !quoted:
			l.single(&ob)
		case c == '"':
			l.double(&ob, depth)
		case c == '$' && l.dollar(&ob, quoted, depth):
		case c == '`':
			l.opaque(&ob, 1, '`')
		default:
			ob.lit(s, quoted)
			s.advance()
		}
	}
	ob.close(s)
	return ob.parts
}

// ansiC reads $'…' (the $ already skipped), decoding the common escapes.
func (l *lexer) ansiC(b *builder, start int, pos document.Pos) {
	s := l.s
	s.advance()
	var sb strings.Builder
	for !s.eof() && s.peek() != '\'' {
		c := s.peek()
		if c == '\\' && s.off+1 < len(s.src) {
			s.advance()
			e := s.peek()
			switch e {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			case 'r':
				sb.WriteByte('\r')
			default:
				sb.WriteByte(e)
			}
			s.advance()
			continue
		}
		n := s.off
		s.advance()
		sb.Write(s.src[n:s.off])
	}
	s.advance()
	b.add(s, part{kind: litPart, quoted: true, start: start, end: s.off, pos: pos, text: sb.String()})
}

// opaque skips a construct that can never be known statically: a command
// substitution in backticks, or <(…) and >(…). skip is the length of the
// opening, end the closing character.
func (l *lexer) opaque(b *builder, skip int, end byte) {
	s := l.s
	b.close(s)
	start, pos := s.off, s.pos()
	s.advanceTo(s.off + skip)
	if end == '`' {
		for !s.eof() && s.peek() != '`' {
			if s.peek() == '\\' {
				s.advance()
			}
			s.advance()
		}
		s.advance()
	} else {
		l.skipNested(end)
	}
	b.add(s, part{kind: opaquePart, start: start, end: s.off, pos: pos})
}

// skipNested skips to the close that matches an opening just passed, through
// quotes, escapes and nested $(…), ${…} and backticks. It keeps its own stack
// instead of recursing, so deep nesting cannot exhaust the Go stack.
//
// Inside $(…) it also skips comments and here-document bodies, whose
// apostrophes would otherwise open quotes that never close.
func (l *lexer) skipNested(close byte) {
	s := l.s
	stack := []byte{close}
	var bodies []*heredoc
	for !s.eof() && len(stack) > 0 {
		top, c := stack[len(stack)-1], s.peek()
		code := top == ')'
		switch {
		case top == '\'':
			if c == '\'' {
				stack = stack[:len(stack)-1]
			}
		case c == '\\':
			s.advance()
		case code && c == '#' && (s.off == 0 || strings.IndexByte(" \t\n;(|&", s.src[s.off-1]) >= 0):
			for !s.eof() && s.peek() != '\n' {
				s.advance()
			}
			continue
		case code && c == '<' && s.peekAt(1) == '<' && s.peekAt(2) != '<':
			s.advanceTo(s.off + 2)
			bodies = append(bodies, l.inlineDelimiter())
			continue
		case code && c == '\n' && len(bodies) > 0:
			s.advance()
			outer := l.heredocs
			l.heredocs = bodies
			l.readHeredocs()
			l.heredocs, bodies = outer, nil
			continue
		case top == '"' && c == '"', top == '`' && c == '`':
			stack = stack[:len(stack)-1]
		case c == '$' && s.peekAt(1) == '(' && top != '`':
			s.advance()
			stack = append(stack, ')')
		case c == '$' && s.peekAt(1) == '{' && top != '`':
			s.advance()
			stack = append(stack, '}')
		case top == '"' || top == '`':
		case c == '\'':
			stack = append(stack, '\'')
		case c == '"' || c == '`':
			stack = append(stack, c)
		case c == '(' && top == ')':
			stack = append(stack, ')')
		case c == top:
			stack = stack[:len(stack)-1]
		}
		s.advance()
	}
}

// inlineDelimiter reads the delimiter after a << met inside $(…), quotes
// removed. Its body is only skipped, so it is read as written (quoted).
func (l *lexer) inlineDelimiter() *heredoc {
	s := l.s
	h := &heredoc{stripTabs: s.peek() == '-', quoted: true}
	if h.stripTabs {
		s.advance()
	}
	for s.peek() == ' ' || s.peek() == '\t' {
		s.advance()
	}
	var sb strings.Builder
	for !s.eof() && strings.IndexByte(" \t\n;&|()<>", s.peek()) < 0 {
		n := s.off
		s.advance()
		if c := s.src[n]; c != '\'' && c != '"' && c != '\\' {
			sb.Write(s.src[n:s.off])
		}
	}
	h.delim = sb.String()
	return h
}
