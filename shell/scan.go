package shell

import (
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// scanner walks source text one character at a time and knows the line and
// column of the current offset, so every token gets its real position, also
// after backslash-newline continuations. Text rebuilt for eval carries a
// position for each byte instead, pointing back into the script.
type scanner struct {
	src       []byte
	off       int
	line, col int
	mapped    []document.Pos // eval text: the script position of each byte; nil for a file
	exact     []bool         // eval text: whether the byte is written at that position
	endPos    document.Pos   // eval text: the position reported at its end
}

// newScanner starts after a byte order mark, which editors do not show, so
// columns on the first line count from what is visible (as the document
// package counts them).
func newScanner(src []byte) *scanner {
	s := &scanner{src: src, line: 1, col: 1}
	if len(src) >= 3 && string(src[:3]) == "\xef\xbb\xbf" {
		s.off = 3
	}
	return s
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

func (s *scanner) peek() byte { return s.peekAt(0) }

// peekAt returns the byte k bytes ahead, or 0 past the end (NUL never occurs
// in accepted input, so 0 cannot be mistaken for text).
func (s *scanner) peekAt(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

func (s *scanner) pos() document.Pos {
	if s.mapped == nil {
		return document.Pos{Line: s.line, Column: s.col}
	}
	return s.mappedAt(s.off)
}

// exactAt reports whether a byte of eval text is written at its mapped
// position; the end of the text is written nowhere.
func (s *scanner) exactAt(off int) bool {
	return off < len(s.exact) && s.exact[off]
}

// mappedAt returns the script position of a byte of eval text.
func (s *scanner) mappedAt(off int) document.Pos {
	if off < len(s.mapped) {
		return s.mapped[off]
	}
	return s.endPos
}

// advance moves past one character (a whole UTF-8 sequence, or one invalid byte).
func (s *scanner) advance() {
	if s.off >= len(s.src) {
		return
	}
	if s.src[s.off] == '\n' {
		s.off++
		s.line++
		s.col = 1
		return
	}
	_, n := utf8.DecodeRune(s.src[s.off:])
	s.off += n
	s.col++
}

func (s *scanner) advanceTo(off int) {
	for s.off < off && s.off < len(s.src) {
		s.advance()
	}
}

// continuation reports whether a backslash-newline (or backslash-CRLF) starts here.
func (s *scanner) continuation() bool {
	return s.peek() == '\\' && (s.peekAt(1) == '\n' || (s.peekAt(1) == '\r' && s.peekAt(2) == '\n'))
}

func (s *scanner) skipContinuation() {
	s.advance()
	if s.peek() == '\r' {
		s.advance()
	}
	s.advance()
}

// advancePos returns the position after text written at p.
func advancePos(p document.Pos, text string) document.Pos {
	for _, r := range text {
		if r == '\n' {
			p.Line++
			p.Column = 1
			continue
		}
		p.Column++
	}
	return p
}
