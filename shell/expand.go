package shell

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// seg is a piece of expanded text with what is known about it.
type seg struct {
	text  string
	split bool // unquoted expansion output: blanks in it separate fields
	// unknown names what made this piece unknowable; text is then the
	// spelling of the expression as written.
	unknown []string
	// origin is where text starts in the script and span how many of its
	// leading characters read there exactly as written; span 0 means text is
	// computed (arithmetic) or unknown.
	origin    document.Pos
	span      int
	defaulted []string // variables read with ${X:-default} that the script never sets
	// brk ends a field between the elements of an array expansion
	// (${A[@]}); its text is the blank that joins them where the value is
	// not split into fields (an assignment, a test).
	brk bool
}

// variable is a shell variable as the script last assigned it.
type variable struct {
	val      []seg
	elems    [][]seg // an array's elements, val being the first; nil for a plain variable
	set      bool    // export X alone creates an entry without setting it
	exported bool
	name     document.Pos // where the assignment is written
	pos      document.Pos // where the value is written
	raw      string
}

// env holds the variables the script has assigned so far, read top to bottom.
type env struct {
	vars    map[string]*variable
	exports []string // exported names, in the order they were first exported
	budget  int      // bytes of expansion output left for this script
}

func newEnv() *env {
	return &env{vars: map[string]*variable{}, budget: maxExpandTotal}
}

func (e *env) export(name string) {
	v := e.vars[name]
	if v == nil {
		v = &variable{}
		e.vars[name] = v
	}
	if !v.exported {
		v.exported = true
		e.exports = append(e.exports, name)
	}
}

// set assigns a variable; the value is bounded so X=$X$X repeated cannot
// grow without limit.
func (e *env) set(name string, val []seg, at, pos document.Pos, raw string) {
	if n := segsLen(val); n > maxValueLen {
		val = []seg{{text: raw, unknown: []string{"$" + name + " (value over " + strconv.Itoa(maxValueLen>>20) + " MiB)"}, origin: pos}}
	}
	if len(val) > maxSegs {
		val = compact(val)
	}
	v := e.vars[name]
	if v == nil {
		v = &variable{}
		e.vars[name] = v
	}
	v.val, v.set, v.name, v.pos, v.raw = val, true, at, pos, raw
	v.elems = nil
}

// setArray assigns an array; $NAME alone reads its first element, as in
// bash.
func (e *env) setArray(name string, elems [][]seg, at, pos document.Pos, raw string) {
	if len(elems) > maxWords {
		elems = elems[:maxWords]
	}
	var first []seg
	if len(elems) > 0 {
		first = elems[0]
	}
	e.set(name, first, at, pos, raw)
	e.vars[name].elems = elems
}

// elements returns an array's elements, or a plain variable's value as the
// only one.
func (v *variable) elements() [][]seg {
	if v.elems != nil {
		return v.elems
	}
	return [][]seg{v.val}
}

// joined returns the elements of an array joined by blanks that end fields
// (${A[@]}), or by plain blanks (a quoted "${A[*]}").
func joined(elems [][]seg, brk bool) []seg {
	var out []seg
	for i, el := range elems {
		if i > 0 {
			out = append(out, seg{text: " ", brk: brk})
		}
		out = append(out, el...)
	}
	return out
}

// compact joins neighbouring pieces of a value made of very many, known to
// known and unknown to unknown, so copying it stays cheap; a joined piece
// keeps the origin of its first part only.
func compact(val []seg) []seg {
	var out []seg
	for i := 0; i < len(val); {
		j, joined := i+1, val[i]
		var sb strings.Builder
		sb.WriteString(joined.text)
		for ; j < len(val) && (val[j].unknown == nil) == (joined.unknown == nil); j++ {
			sb.WriteString(val[j].text)
			joined.unknown = union(joined.unknown, val[j].unknown)
			joined.defaulted = union(joined.defaulted, val[j].defaulted)
		}
		joined.text = sb.String()
		out, i = append(out, joined), j
	}
	return out
}

// union returns a followed by the names of b it lacks, without changing a.
func union(a, b []string) []string {
	out := a
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(slices.Clip(out), x)
		}
	}
	return out
}

func segsLen(val []seg) int {
	n := 0
	for _, s := range val {
		n += len(s.text)
	}
	return n
}

func known(val []seg) bool {
	for _, s := range val {
		if s.unknown != nil {
			return false
		}
	}
	return true
}

func joinText(val []seg) string {
	var sb strings.Builder
	for _, s := range val {
		sb.WriteString(s.text)
	}
	return sb.String()
}

// expander turns word parts into segments, in the context of one source
// text (the script, or a string given to eval).
type expander struct {
	env *env
	s   *scanner
}

// parts expands word parts without field splitting; unquoted expansion
// output is marked so fields can be split afterwards.
func (x *expander) parts(ps []part) []seg {
	var out []seg
	for _, p := range ps {
		var got []seg
		switch p.kind {
		case litPart:
			got = x.lit(p)
		case paramPart:
			got = x.param(p)
		case arithPart:
			got = []seg{x.arith(p)}
		case opaquePart, arrayPart:
			got = []seg{x.unknown(p, abbrev(x.raw(p)))}
		}
		for i := range got {
			got[i].split = got[i].split && !p.quoted && got[i].unknown == nil
		}
		out = append(out, got...)
	}
	x.env.budget -= segsLen(out)
	if x.env.budget < 0 && len(out) > 0 {
		return []seg{{text: "…", unknown: []string{"expansion output over " + strconv.Itoa(maxExpandTotal>>20) + " MiB"}}}
	}
	return out
}

func (x *expander) raw(p part) string { return string(x.s.src[p.start:p.end]) }

func (x *expander) unknown(p part, name string) seg {
	return seg{text: x.raw(p), unknown: []string{name}, origin: p.pos}
}

// lit turns a literal run into segments. In a file a run reads exactly as
// written from its position; text rebuilt for eval may join characters
// written in different places, and characters written nowhere, so it is cut
// wherever that changes.
func (x *expander) lit(p part) []seg {
	if !p.verbatim {
		return []seg{{text: p.text, origin: p.pos}}
	}
	text := string(x.s.src[p.start:p.end])
	if x.s.mapped == nil {
		return []seg{{text: text, split: !p.quoted, origin: p.pos, span: utf8.RuneCountInString(text)}}
	}
	var out []seg
	start, n := 0, 0
	var want document.Pos
	cut := func(end int) {
		sg := seg{text: text[start:end], split: !p.quoted, origin: x.s.mappedAt(p.start + start)}
		if x.s.exactAt(p.start + start) {
			sg.span = n
		}
		out = append(out, sg)
	}
	for i, r := range text {
		at, exact := x.s.mappedAt(p.start+i), x.s.exactAt(p.start+i)
		if i > 0 && (exact != x.s.exactAt(p.start+start) || exact && at != want) {
			cut(i)
			start, n = i, 0
		}
		want = advancePos(at, string(r))
		n++
	}
	cut(len(text))
	return out
}

// lookup returns a copy of a variable's value, marked for field splitting
// (parts clears that when the expansion is quoted), or ok=false when the
// script never set it: positional parameters, $RANDOM and anything from the
// environment.
func (x *expander) lookup(name string) ([]seg, bool) {
	v := x.env.vars[name]
	if v == nil || !v.set {
		return nil, false
	}
	val := append([]seg(nil), v.val...)
	for i := range val {
		val[i].split = true
	}
	return val, true
}

func (x *expander) param(p part) []seg {
	if p.index != "" {
		return x.element(p)
	}
	if v := x.env.vars["@"]; (p.text == "@" || p.text == "*") && p.op == "" && v != nil && v.set {
		// The positional parameters an embedded script is given
		// (ParseEmbedded): "$@" makes a field of each, as ${A[@]} does.
		q := p
		q.text, q.index = "@", p.text
		return x.element(q)
	}
	val, set := x.lookup(p.text)
	isKnown := set && known(val)
	empty := isKnown && joinText(val) == ""
	colon := strings.HasPrefix(p.op, ":")
	switch p.op {
	case "":
		if !set {
			return []seg{x.unknown(p, "$"+p.text)}
		}
		return val
	case "len":
		if !isKnown {
			return []seg{x.unknown(p, "$"+p.text)}
		}
		return []seg{{text: strconv.Itoa(utf8.RuneCountInString(joinText(val)))}}
	case ":-", "-", ":=", "=":
		if set && !(colon && empty) {
			return val
		}
		out := x.parts(p.operand)
		if !set {
			out = withDefaulted(out, "$"+p.text)
		}
		if (p.op == ":=" || p.op == "=") && isName(p.text) {
			x.env.set(p.text, out, p.pos, p.pos, x.raw(p))
		}
		return out
	case ":+", "+":
		switch {
		case set && !isKnown:
			return []seg{x.unknown(p, "$"+p.text)}
		case !set || colon && empty:
			return nil
		}
		return x.parts(p.operand)
	default: // ":?", "?"
		if !set || (colon && empty) {
			return []seg{x.unknown(p, "$"+p.text)}
		}
		return val
	}
}

// element expands ${A[@]}, ${A[*]}, ${A[N]} and their lengths. Each element
// of ${A[@]} (and of an unquoted ${A[*]}) makes fields of its own, as
// bash's "$@" does; a quoted "${A[*]}" joins them into one.
func (x *expander) element(p part) []seg {
	v := x.env.vars[p.text]
	if v == nil || !v.set {
		return []seg{x.unknown(p, "${"+p.text+"["+p.index+"]}")}
	}
	elems := v.elements()
	if p.index != "@" && p.index != "*" {
		i, err := strconv.Atoi(p.index)
		if err != nil || i >= len(elems) {
			elems = nil
		} else {
			elems = elems[i : i+1]
		}
	}
	if p.op == "len" {
		if p.index == "@" || p.index == "*" {
			return []seg{{text: strconv.Itoa(len(elems))}}
		}
		val := joined(elems, false)
		if !known(val) {
			return []seg{x.unknown(p, "${#"+p.text+"["+p.index+"]}")}
		}
		return []seg{{text: strconv.Itoa(utf8.RuneCountInString(joinText(val)))}}
	}
	val := slices.Clone(joined(elems, !(p.quoted && p.index == "*")))
	for i := range val {
		val[i].split = !val[i].brk
	}
	return val
}

// withDefaulted records on each segment that a default was taken for name
// (an empty default leaves nothing to record it on, which is harmless: it
// adds no text).
func withDefaulted(val []seg, name string) []seg {
	for i := range val {
		val[i].defaulted = append(append([]string(nil), val[i].defaulted...), name)
	}
	return val
}

func (x *expander) arith(p part) seg {
	a := arith{vars: x.vars}
	n, err := a.eval(p.text)
	if err != "" {
		return x.unknown(p, err)
	}
	return seg{text: strconv.FormatInt(n, 10), split: true, defaulted: a.defaulted}
}

// vars gives arithmetic the known text of a variable.
func (x *expander) vars(name string) (string, []string, bool) {
	val, set := x.lookup(name)
	if !set || !known(val) {
		return "", nil, false
	}
	var defaulted []string
	for _, s := range val {
		defaulted = append(defaulted, s.defaulted...)
	}
	return joinText(val), defaulted, true
}

// abbrev shortens long expressions for messages.
func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:39]) + "…"
}

// fields splits expanded segments into fields at the blanks of unquoted
// expansion output, as bash does with the default IFS. It walks each text
// once, carrying positions along, so long values stay linear.
func fields(segs []seg) [][]seg {
	var out [][]seg
	var cur []seg
	have := false
	for _, sg := range segs {
		if sg.brk {
			if have {
				out, cur, have = append(out, cur), nil, false
			}
			continue
		}
		if !sg.split {
			cur, have = append(cur, sg), true
			continue
		}
		pos, idx := sg.origin, 0
		start, startIdx := -1, 0
		var startPos document.Pos
		flush := func(end int) {
			n := idx - startIdx
			piece := seg{text: sg.text[start:end], defaulted: sg.defaulted}
			if startIdx < sg.span {
				piece.origin, piece.span = startPos, min(sg.span-startIdx, n)
			}
			cur = append(cur, piece)
			start = -1
		}
		for i, r := range sg.text {
			blank := r == ' ' || r == '\t' || r == '\n'
			switch {
			case blank && start >= 0:
				flush(i)
				fallthrough
			case blank:
				if have {
					out, cur, have = append(out, cur), nil, false
				}
			case start < 0:
				start, startIdx, startPos, have = i, idx, pos, true
			}
			if idx < sg.span {
				pos = advancePos(pos, string(r))
			}
			idx++
		}
		if start >= 0 {
			flush(len(sg.text))
		}
	}
	if have {
		out = append(out, cur)
	}
	return out
}

// makeWord builds the public Word of one field of the word w.
func makeWord(segs []seg, raw string, pos document.Pos) Word {
	w := Word{Raw: raw, Pos: pos, Known: true}
	var sb strings.Builder
	seen := map[string]bool{}
	for _, sg := range segs {
		sb.WriteString(sg.text)
		for _, u := range sg.unknown {
			w.Known = false
			if !seen[u] {
				seen[u] = true
				w.Unknown = append(w.Unknown, u)
			}
		}
		for _, d := range sg.defaulted {
			if !seen["default "+d] {
				seen["default "+d] = true
				w.Defaulted = append(w.Defaulted, d)
			}
		}
	}
	w.Text, w.segs = sb.String(), segs
	for _, sg := range segs {
		if sg.text == "" {
			continue
		}
		if sg.span > 0 || sg.unknown != nil {
			w.Origin = sg.origin
		}
		break
	}
	return w
}
