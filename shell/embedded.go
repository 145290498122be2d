package shell

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// Piece is a run of script text held in another file (a line of a YAML
// block scalar, one argument of a container's command), with where it is
// written there.
type Piece struct {
	Text string
	Pos  document.Pos // where Text's first character is written
	// Exact says Text is written at Pos character for character; otherwise
	// it was computed (unquoted, joined, substituted) and every character
	// points at Pos, not written there.
	Exact bool
}

// Var is a variable the environment hands a script, and where its value is
// written.
type Var struct {
	Name  string
	Value Piece
}

// Embedded is a script that another file holds rather than a script file:
// the shell a cluster job spec runs (a container's `bash -c` text, a
// SkyPilot `run:` block), with the environment and positional parameters
// the job gives it.
type Embedded struct {
	Text []Piece
	// Env are the exported variables set before the script runs, in order.
	Env []Var
	// Args are its positional parameters: $1, $2, … and "$@" ($0 is not
	// among them).
	Args []Piece
}

// ParseEmbedded reads an embedded script as ParseWith reads a file: the
// words of its launches point into the file that holds it, and open reads
// the files it sources or runs.
func ParseEmbedded(path string, e Embedded, open Opener) (*Script, error) {
	var src []byte
	var mapped []document.Pos
	var exact []bool
	// end is where the text ends: after the last character of an exact
	// piece, at a computed one's place.
	end := document.Pos{Line: 1, Column: 1}
	for _, p := range e.Text {
		at := p.Pos
		for i := 0; i < len(p.Text); {
			_, size := utf8.DecodeRuneInString(p.Text[i:])
			for k := 0; k < size; k++ {
				mapped, exact = append(mapped, at), append(exact, p.Exact)
			}
			if p.Exact {
				at = advancePos(at, p.Text[i:i+size])
			}
			i += size
		}
		src = append(src, p.Text...)
		end = at
	}
	if len(src) > MaxFileSize {
		return nil, &document.Error{Path: path, Msg: fmt.Sprintf("embedded script is %d bytes, over the %d MiB limit for a launch script", len(src), MaxFileSize>>20)}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, &document.Error{Path: path, Msg: "embedded script holds binary data (a NUL byte)"}
	}
	p := &parser{env: newEnv(), open: open, chain: [][]byte{src}}
	for _, v := range e.Env {
		if isName(v.Name) {
			p.env.set(v.Name, pieceSegs(v.Value), v.Value.Pos, v.Value.Pos, v.Value.Text)
			p.env.export(v.Name)
		}
	}
	var all [][]seg
	for i, a := range e.Args {
		val := pieceSegs(a)
		all = append(all, val)
		if i < 9 {
			p.env.set(strconv.Itoa(i+1), val, a.Pos, a.Pos, a.Text)
		}
	}
	if len(all) > 0 {
		p.env.setArray("@", all, e.Args[0].Pos, e.Args[0].Pos, "")
	}
	p.read(&scanner{src: src, mapped: mapped, exact: exact, endPos: end, line: 1, col: 1}, reach{}, 0)
	sc := &Script{Path: path, Src: src, Commands: p.cmds, Notes: p.notes, Vars: map[string]Word{}}
	for name, v := range p.env.vars {
		if v.set && isName(name) {
			sc.Vars[name] = makeWord(joined(v.elements(), false), v.raw, v.pos)
		}
	}
	return sc, nil
}

// pieceSegs is a variable's value from a piece: written there when exact.
func pieceSegs(p Piece) []seg {
	sg := seg{text: p.Text, origin: p.Pos}
	if p.Exact {
		sg.span = utf8.RuneCountInString(p.Text)
	}
	return []seg{sg}
}
