package shell

import (
	"strings"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// hereRead is a read builtin whose standard input is a here-document, the
// way OpenRLHF's example scripts build the command they launch: read -r,
// an empty -d (read to the end), a name, then <<EOF. Bash runs it when its line has been read, so it
// takes effect once the body is.
type hereRead struct {
	h     *heredoc
	at    document.Pos // where read is written
	names []field
	raw   bool   // -r: backslashes are plain characters
	delim string // -d: the character that ends the input; "" reads to the end
}

// readArgs reads the arguments of read. It returns false when they make the
// value unknowable (-a, -n, -N, -u, -i) or name no valid variable, leaving
// read's usual reading (every variable unknown) to the caller.
func readArgs(fs []field, h *heredoc) (hereRead, bool) {
	rd := hereRead{h: h, at: fs[0].w.pos, delim: "\n"}
	args := fs[1:]
	for i := 0; i < len(args); i++ {
		t := args[i].text()
		if len(rd.names) > 0 || len(t) < 2 || t[0] != '-' {
			if !isName(t) {
				return rd, false
			}
			rd.names = append(rd.names, args[i])
			continue
		}
		if t == "--" {
			continue
		}
	flags:
		for j := 1; j < len(t); j++ {
			c := t[j]
			if strings.IndexByte("adinNptu", c) < 0 {
				rd.raw = rd.raw || c == 'r' // -s and -e change nothing read from a file
				continue
			}
			val := t[j+1:]
			if val == "" && i+1 < len(args) {
				i++
				val = args[i].text()
			}
			switch c {
			case 'd':
				rd.delim = val[:min(len(val), 1)]
			case 'p', 't':
			default:
				return rd, false
			}
			break flags
		}
	}
	return rd, true
}

// readHere applies a read from a here-document whose body has been read:
// the input up to the delimiter, backslash escapes removed unless -r, split
// at blanks into the names, the last taking the rest (bash's manual, the
// read builtin). With no name the whole input goes to REPLY, untrimmed.
func (r *reader) readHere(rd hereRead) {
	val := r.x.parts(rd.h.body)
	val = readInput(val, rd.delim, rd.raw)
	raw, pos := "", rd.at
	if b := rd.h.body; len(b) > 0 {
		raw, pos = string(r.lx.s.src[b[0].start:b[len(b)-1].end]), b[0].pos
	}
	if len(rd.names) == 0 {
		r.p.env.set("REPLY", val, pos, pos, raw)
		return
	}
	for i, f := range rd.names {
		var v []seg
		if i == len(rd.names)-1 {
			v = trimBlanks(val)
		} else {
			v, val = cutField(val)
		}
		r.p.env.set(f.text(), v, f.w.pos, pos, raw)
	}
}

// isBlank reports whether c separates fields under the default IFS.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// readInput cuts the input at the first delimiter and, without -r, removes
// each backslash, keeping the character after it; a backslash-newline is
// removed whole, continuing the line. Unknown pieces are kept as they are.
func readInput(val []seg, delim string, raw bool) []seg {
	var out []seg
	for _, sg := range val {
		if sg.unknown != nil {
			out = append(out, sg)
			continue
		}
		c := cursor{sg: sg}
		start := 0
		for i := 0; i < len(sg.text); i++ {
			switch ch := sg.text[i]; {
			case !raw && ch == '\\':
				out = appendPiece(out, c.piece(start, i))
				start = i + 1
				if i+1 < len(sg.text) {
					if sg.text[i+1] == '\n' {
						start = i + 2
					}
					i++ // the escaped character is kept, and ends nothing
				}
			case delim != "" && ch == delim[0]:
				return appendPiece(out, c.piece(start, i))
			}
		}
		out = appendPiece(out, c.piece(start, len(sg.text)))
	}
	return out
}

func appendPiece(out []seg, sg seg) []seg {
	if sg.text == "" {
		return out
	}
	return append(out, sg)
}

// cutField splits off the first blank-separated field of a value, leading
// blanks dropped; the rest starts after the blank that ended the field.
// Unknown pieces count as part of a field.
func cutField(val []seg) (field, rest []seg) {
	val = trimLeft(val)
	for i, sg := range val {
		if sg.unknown != nil {
			continue
		}
		if k := strings.IndexAny(sg.text, " \t\n"); k >= 0 {
			c := cursor{sg: sg}
			head, tail := c.piece(0, k), c.piece(k+1, len(sg.text))
			field = appendPiece(append([]seg(nil), val[:i]...), head)
			return field, appendPiece(nil, tail)
		}
	}
	return val, nil
}

// trimBlanks drops leading and trailing blanks from a value.
func trimBlanks(val []seg) []seg {
	val = trimLeft(val)
	for len(val) > 0 {
		last := val[len(val)-1]
		if last.unknown != nil {
			break
		}
		k := len(last.text)
		for k > 0 && isBlank(last.text[k-1]) {
			k--
		}
		if k > 0 {
			c := cursor{sg: last}
			val = append(val[:len(val)-1:len(val)-1], c.piece(0, k))
			break
		}
		val = val[:len(val)-1]
	}
	return val
}

func trimLeft(val []seg) []seg {
	for len(val) > 0 {
		first := val[0]
		if first.unknown != nil {
			break
		}
		k := 0
		for k < len(first.text) && isBlank(first.text[k]) {
			k++
		}
		if k < len(first.text) {
			c := cursor{sg: first}
			return append([]seg{c.piece(k, len(first.text))}, val[1:]...)
		}
		val = val[1:]
	}
	return val
}

// cursor cuts pieces out of a segment, left to right, keeping where each
// piece is written; it walks the text once however many pieces are cut.
type cursor struct {
	sg       seg
	off, idx int // byte offset reached and runes passed
	pos      document.Pos
	started  bool
}

// piece returns sg.text[i:j]; i never decreases from one call to the next.
func (c *cursor) piece(i, j int) seg {
	if !c.started {
		c.pos, c.started = c.sg.origin, true
	}
	for c.off < i {
		r, size := utf8.DecodeRuneInString(c.sg.text[c.off:])
		if c.idx < c.sg.span {
			c.pos = advancePos(c.pos, string(r))
		}
		c.idx++
		c.off += size
	}
	out := c.sg
	out.text = c.sg.text[i:j]
	out.origin, out.span = document.Pos{}, 0
	if c.idx < c.sg.span {
		out.origin, out.span = c.pos, min(c.sg.span-c.idx, utf8.RuneCountInString(out.text))
	}
	return out
}
