package shell

import (
	"strings"

	"github.com/trainlint/trainlint/document"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokWord
	tokOp
	tokNewline
)

type token struct {
	kind     tokenKind
	op       string // operator text, for tokOp
	word     *word  // for tokWord
	pos, end document.Pos
	// cut is set on a newline that follows a comment inside a continued
	// command, where the comment line itself ends in a backslash: bash ends
	// the command at that comment, which the author did not mean.
	cut *document.Pos
}

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
	text       string // lit: decoded text when not verbatim; param: name; arith: expression
	verbatim   bool   // lit: the text is src[start:end] as written
	op         string // param: "", "len", ":-", "-", ":=", "=", ":+", "+", ":?", "?"
	operand    []part // param: the operand of op
}

// word is a shell word as written: its parts before any expansion.
type word struct {
	parts      []part
	start, end int
	pos        document.Pos
}

// lexer splits shell source into words, operators and newlines. It skips
// comments and here-document bodies, and records the parts of each word
// (quotes, expansions) with their positions.
type lexer struct {
	s         *scanner
	heredocs  []heredoc // bodies to skip after the next newline
	delimNext bool      // the next word is a here-document delimiter
	stripTabs bool      // that here-document was opened with <<-
	continued bool      // a backslash-newline was crossed since the last newline
	cut       *document.Pos
}

type heredoc struct {
	delim     string
	stripTabs bool
}

// operators lists shell operators, longest first so that a prefix never wins.
var operators = []string{
	";;&", ";;", ";&", ";", "&&", "&>>", "&>", "&", "||", "|&", "|", "(", ")",
	"<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">",
}

// redirections are the operators whose next word is a file or descriptor,
// not an argument.
var redirections = map[string]bool{
	"<": true, ">": true, ">>": true, ">|": true, "<>": true, "<&": true, ">&": true,
	"&>": true, "&>>": true, "<<": true, "<<-": true, "<<<": true,
}

func (l *lexer) next() token {
	s := l.s
	for {
		l.skipBlanks()
		if s.eof() {
			l.delimNext = false
			return token{kind: tokEOF, pos: s.pos(), end: s.pos()}
		}
		switch c := s.peek(); {
		case c == '#':
			l.comment()
		case c == '\n':
			t := token{kind: tokNewline, pos: s.pos(), cut: l.cut}
			s.advance()
			t.end = s.pos()
			l.cut, l.continued, l.delimNext = nil, false, false
			l.skipHeredocs()
			return t
		default:
			if t, ok := l.operator(); ok {
				return t
			}
			return l.word()
		}
	}
}

func (l *lexer) skipBlanks() {
	s := l.s
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || (c == '\r' && s.peekAt(1) == '\n'):
			s.advance()
		case s.continuation():
			s.skipContinuation()
			l.continued = true
		default:
			return
		}
	}
}

// comment skips a comment up to (not including) its newline.
func (l *lexer) comment() {
	s := l.s
	pos, start := s.pos(), s.off
	for !s.eof() && s.peek() != '\n' {
		s.advance()
	}
	text := strings.TrimSuffix(string(s.src[start:s.off]), "\r")
	if l.continued && strings.HasSuffix(text, "\\") {
		l.cut = &pos
	}
}

func (l *lexer) operator() (token, bool) {
	s := l.s
	pos := s.pos()
	// A file descriptor number sticks to its redirection: 2>&1, 1>log.
	digits := 0
	for isDigit(s.peekAt(digits)) {
		digits++
	}
	if c := s.peekAt(digits); digits > 0 && (c == '<' || c == '>') && s.peekAt(digits+1) != '(' {
		s.advanceTo(s.off + digits)
	} else if digits > 0 {
		return token{}, false
	}
	if c := s.peek(); (c == '<' || c == '>') && s.peekAt(1) == '(' {
		return token{}, false // process substitution: a word
	}
	rest := s.src[s.off:]
	for _, op := range operators {
		if len(rest) >= len(op) && string(rest[:len(op)]) == op {
			s.advanceTo(s.off + len(op))
			if op == "<<" || op == "<<-" {
				l.delimNext, l.stripTabs = true, op == "<<-"
			}
			return token{kind: tokOp, op: op, pos: pos, end: s.pos()}, true
		}
	}
	return token{}, false
}

// skipHeredocs skips the bodies of here-documents opened on the line just ended.
func (l *lexer) skipHeredocs() {
	s := l.s
	for _, h := range l.heredocs {
		for !s.eof() {
			end := s.off
			for end < len(s.src) && s.src[end] != '\n' {
				end++
			}
			line := strings.TrimSuffix(string(s.src[s.off:end]), "\r")
			if h.stripTabs {
				line = strings.TrimLeft(line, "\t")
			}
			s.advanceTo(end + 1)
			if line == h.delim {
				break
			}
		}
	}
	l.heredocs = l.heredocs[:0]
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isNameChar(c byte) bool  { return isNameStart(c) || isDigit(c) }
func isMeta(c byte) bool      { return strings.IndexByte(";&|()<>", c) >= 0 }
func isSpecialParam(c byte) bool {
	return c != 0 && strings.IndexByte("@*#?$!-", c) >= 0
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

func (l *lexer) word() token {
	s := l.s
	w := &word{start: s.off, pos: s.pos()}
	var b builder
loop:
	for !s.eof() {
		c := s.peek()
		switch {
		case s.continuation():
			b.close(s)
			s.skipContinuation()
			l.continued = true
		case c == '\\':
			b.close(s)
			s.advance()
			if s.eof() {
				break loop
			}
			b.lit(s, true)
			s.advance()
		case c == ' ' || c == '\t' || c == '\n' || (c == '\r' && s.peekAt(1) == '\n'):
			break loop
		case (c == '<' || c == '>') && s.peekAt(1) == '(' && s.off == w.start:
			b.close(s)
			l.opaque(&b, 2, ')')
		case c == '(' && assignmentPrefix(s.src[w.start:s.off]) && len(b.parts) == 0:
			b.close(s)
			start, pos := s.off, s.pos()
			s.advance()
			l.skipNested(')')
			b.add(s, part{kind: arrayPart, start: start, end: s.off, pos: pos})
		case isMeta(c):
			break loop
		case c == '\'':
			l.single(&b)
		case c == '"':
			l.double(&b, 0)
		case c == '$' && l.dollar(&b, false, 0):
		case c == '`':
			l.opaque(&b, 1, '`')
		default:
			b.lit(s, false)
			s.advance()
		}
	}
	b.close(s)
	if s.off == w.start {
		// Unreachable for valid tokens, but a lexer that stops moving
		// would hang the parser, so always consume something.
		s.advance()
	}
	w.parts, w.end = b.parts, s.off
	if l.delimNext {
		l.heredocs = append(l.heredocs, heredoc{delim: delimiter(s.src, w), stripTabs: l.stripTabs})
		l.delimNext = false
	}
	return token{kind: tokWord, word: w, pos: w.pos, end: s.pos()}
}

// assignmentPrefix reports whether text is NAME= or NAME+=, the start of an
// assignment, where a following ( opens an array.
func assignmentPrefix(text []byte) bool {
	t := strings.TrimSuffix(strings.TrimSuffix(string(text), "="), "+")
	return len(t) > 0 && len(t) < len(text) && text[len(text)-1] == '=' && isName(t)
}

func isName(t string) bool {
	if t == "" || !isNameStart(t[0]) {
		return false
	}
	for i := 1; i < len(t); i++ {
		if !isNameChar(t[i]) {
			return false
		}
	}
	return true
}

// delimiter returns a here-document delimiter with its quotes removed.
func delimiter(src []byte, w *word) string {
	var sb strings.Builder
	for _, p := range w.parts {
		if p.kind == litPart && !p.verbatim {
			sb.WriteString(p.text)
			continue
		}
		sb.Write(src[p.start:p.end])
	}
	return sb.String()
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
		if expr, ok := arithmeticBody(inner); ok && s.src[s.off-1] == ')' {
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
func (l *lexer) skipNested(close byte) {
	s := l.s
	stack := []byte{close}
	for !s.eof() && len(stack) > 0 {
		top, c := stack[len(stack)-1], s.peek()
		switch {
		case top == '\'':
			if c == '\'' {
				stack = stack[:len(stack)-1]
			}
		case c == '\\':
			s.advance()
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
