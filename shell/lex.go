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
	op       string   // operator text, for tokOp
	word     *word    // for tokWord
	here     *heredoc // for the delimiter word after << or <<-: the body it opens
	pos, end document.Pos
	// cut is set on a newline that follows a comment inside a continued
	// command, where the comment line itself ends in a backslash: bash ends
	// the command at that comment, which the author did not mean.
	cut *document.Pos
}

// lexer splits shell source into words, operators and newlines. It skips
// comments, reads here-document bodies into parts after the line that opens
// them, and records the parts of each word (quotes, expansions) with their
// positions.
type lexer struct {
	s         *scanner
	heredocs  []*heredoc // bodies to read after the next newline
	delimNext bool       // the next word is a here-document delimiter
	stripTabs bool       // that here-document was opened with <<-
	continued bool       // a backslash-newline was crossed since the last newline
	cut       *document.Pos
}

// heredoc is a here-document: its delimiter and, once the line that opens it
// has ended, its body.
type heredoc struct {
	delim     string
	stripTabs bool
	// quoted is set when any part of the delimiter is quoted or escaped
	// (<<'EOF', <<"EOF", <<\EOF): the body is then taken as written, without
	// expansion.
	quoted bool
	done   bool   // the body has been read
	body   []part // quoted: one literal run; else as inside double quotes
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
			l.readHeredocs()
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

// readHeredocs reads the bodies of the here-documents opened on the line
// just ended.
func (l *lexer) readHeredocs() {
	for _, h := range l.heredocs {
		l.readHeredoc(h)
	}
	l.heredocs = l.heredocs[:0]
}

// readHeredoc reads one body up to its delimiter line. Unquoted, the body
// expands as inside double quotes, except that a double quote is itself, and
// a backslash-newline joins lines (bash's manual, Here Documents).
func (l *lexer) readHeredoc(h *heredoc) {
	s := l.s
	var b builder
	for !s.eof() {
		end := s.off
		for end < len(s.src) && s.src[end] != '\n' {
			end++
		}
		line := strings.TrimSuffix(string(s.src[s.off:end]), "\r")
		if h.stripTabs {
			tabs := len(line) - len(strings.TrimLeft(line, "\t"))
			b.close(s)
			s.advanceTo(s.off + tabs)
			line = line[tabs:]
		}
		if line == h.delim {
			b.close(s)
			s.advanceTo(end + 1)
			break
		}
		if h.quoted {
			b.lit(s, true)
			s.advanceTo(end + 1)
			continue
		}
		l.bodyLine(&b)
	}
	b.close(s)
	h.body, h.done = b.parts, true
}

// bodyLine reads one line of an unquoted here-document body, up to and
// including its newline. An expansion may span lines, and a line ending in
// a backslash goes on to the next, which then cannot be the delimiter.
func (l *lexer) bodyLine(b *builder) {
	s := l.s
	for !s.eof() {
		c := s.peek()
		switch {
		case s.continuation():
			b.close(s)
			s.skipContinuation()
		case c == '\\' && strings.IndexByte("$`\\", s.peekAt(1)) >= 0:
			b.close(s)
			s.advance()
			b.lit(s, true)
			s.advance()
		case c == '$' && l.dollar(b, true, 0):
		case c == '`':
			l.opaque(b, 1, '`')
		default:
			b.lit(s, true)
			s.advance()
			if c == '\n' {
				return
			}
		}
	}
}

// array reads the (…) of NAME=(…): its elements are words, separated by
// blanks, newlines and comments. An operator inside, which bash rejects,
// leaves the array unread (elems nil): it is skipped to its closing
// parenthesis and its value is unknown.
func (l *lexer) array() part {
	s := l.s
	p := part{kind: arrayPart, start: s.off, pos: s.pos()}
	s.advance()
	var elems []*word
	for {
		l.skipBlanks()
		switch c := s.peek(); {
		case s.eof():
			p.end = s.off
			return p
		case c == ')':
			s.advance()
			p.end, p.elems = s.off, elems
			if p.elems == nil {
				p.elems = []*word{}
			}
			return p
		case c == '\n':
			s.advance()
			l.continued = false
		case c == '#':
			l.comment()
		case isMeta(c) || len(elems) >= maxWords:
			l.skipNested(')')
			p.end = s.off
			return p
		default:
			elems = append(elems, l.word().word)
		}
	}
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isNameChar(c byte) bool  { return isNameStart(c) || isDigit(c) }
func isMeta(c byte) bool      { return strings.IndexByte(";&|()<>", c) >= 0 }
func isSpecialParam(c byte) bool {
	return c != 0 && strings.IndexByte("@*#?$!-", c) >= 0
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
			b.add(s, l.array())
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
	t := token{kind: tokWord, word: w, pos: w.pos, end: s.pos()}
	if l.delimNext {
		t.here = &heredoc{delim: delimiter(s.src, w), stripTabs: l.stripTabs, quoted: quotedDelimiter(w)}
		l.heredocs = append(l.heredocs, t.here)
		l.delimNext = false
	}
	return t
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

// quotedDelimiter reports whether any part of a delimiter is quoted or
// escaped, which turns off expansion in the body.
func quotedDelimiter(w *word) bool {
	for _, p := range w.parts {
		if p.quoted {
			return true
		}
	}
	return false
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
