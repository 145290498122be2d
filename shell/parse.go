package shell

import (
	"strings"

	"github.com/trainlint/trainlint/document"
)

// parser holds what outlives one source text: the variables and the
// commands and notes found, in order. Text given to eval is read by a nested
// reader sharing them.
type parser struct {
	env   *env
	cmds  []*Command
	notes []Note
}

type blockKind int

const (
	blockIf blockKind = iota
	blockLoop
	blockCase
	blockGroup
)

// block is an open compound command. Only if blocks track their branches;
// the rest exist so their closing words pair up.
type block struct {
	kind       blockKind
	parentDead bool
	dead       bool // the current branch cannot run
	inCond     bool // reading the condition of if or elif
	nCond      int  // commands in that condition
	cond       tri  // value of its (single) test
	anyTaken   bool // an earlier branch certainly runs
}

type mode int

const (
	modeCommand mode = iota
	modeForHeader
	modeCaseHead
	modeCasePattern
	modeFuncName
)

// reader walks the tokens of one source text and runs each simple command
// through the parser as it ends.
type reader struct {
	p        *parser
	lx       lexer
	x        expander
	depth    int  // eval nesting
	baseDead bool // the eval that produced this text cannot run
	blocks   []block
	mode     mode
	forVar   bool // the for header's variable has been read

	words     []*word
	negate    bool
	dbracket  bool // inside [[ … ]], where && || < > ( ) are words
	skipWord  bool // the next word is a redirection target
	funcParen bool // inside the () of name()
	orphan    *orphan
}

// orphan remembers a command cut short by a comment, to check whether the
// next line looks like its lost continuation.
type orphan struct {
	comment document.Pos
	name    string
}

func (p *parser) read(s *scanner, dead bool, depth int) {
	r := &reader{p: p, lx: lexer{s: s}, x: expander{env: p.env, s: s}, depth: depth, baseDead: dead}
	r.run()
}

func (r *reader) run() {
	for {
		t := r.lx.next()
		if r.orphan != nil && t.kind != tokNewline {
			r.checkOrphan(t)
		}
		switch t.kind {
		case tokEOF:
			r.finish()
			return
		case tokNewline:
			if t.cut != nil && len(r.words) > 0 && r.mode == modeCommand {
				r.orphan = &orphan{comment: *t.cut, name: r.literal(r.words[0])}
			}
			r.finish()
		case tokOp:
			r.operator(t)
		case tokWord:
			r.word(t.word)
		}
	}
}

// checkOrphan reports a flag that starts the line after a comment which cut
// its command short: in bash it runs as a command of its own.
func (r *reader) checkOrphan(t token) {
	o := r.orphan
	r.orphan = nil
	if t.kind != tokWord || !strings.HasPrefix(r.literalPrefix(t.word), "-") {
		return
	}
	r.p.notes = append(r.p.notes, Note{Pos: t.pos, Msg: "\"" + abbrev(r.raw(t.word)) + "\" is not an argument of \"" + o.name +
		"\": the comment at " + o.comment.String() + " ends that command, because bash does not continue a command across a comment line"})
}

func (r *reader) raw(w *word) string { return string(r.lx.s.src[w.start:w.end]) }

// literal returns a word's text when it is plain unquoted text, the only
// way reserved words count.
func (r *reader) literal(w *word) string {
	if len(w.parts) == 1 && w.parts[0].kind == litPart && !w.parts[0].quoted {
		return r.raw(w)
	}
	return ""
}

func (r *reader) literalPrefix(w *word) string {
	if len(w.parts) > 0 && w.parts[0].kind == litPart && w.parts[0].verbatim {
		return string(r.lx.s.src[w.parts[0].start:w.parts[0].end])
	}
	return ""
}

func (r *reader) dead() bool {
	if len(r.blocks) > 0 {
		return r.blocks[len(r.blocks)-1].dead
	}
	return r.baseDead
}

func (r *reader) push(k blockKind) {
	d := r.dead()
	r.blocks = append(r.blocks, block{kind: k, parentDead: d, dead: d})
}

// pop closes the innermost block of kind k, and any unclosed ones inside it.
func (r *reader) pop(k blockKind) {
	for i := len(r.blocks) - 1; i >= 0; i-- {
		if r.blocks[i].kind == k {
			r.blocks = r.blocks[:i]
			return
		}
	}
}

func (r *reader) topIf() *block {
	if n := len(r.blocks); n > 0 && r.blocks[n-1].kind == blockIf {
		return &r.blocks[n-1]
	}
	return nil
}

func (r *reader) word(w *word) {
	if r.skipWord {
		r.skipWord = false
		return
	}
	lit := r.literal(w)
	switch r.mode {
	case modeForHeader:
		if !r.forVar {
			r.forVar = true
			if isName(lit) && !r.dead() {
				r.p.env.set(lit, []seg{{text: "$" + lit, unknown: []string{"$" + lit + " (for loop)"}, origin: w.pos}}, w.pos, w.pos, lit)
			}
		} else if lit == "do" {
			r.mode = modeCommand
		}
		return
	case modeCaseHead:
		if lit == "in" {
			r.mode = modeCasePattern
		}
		return
	case modeCasePattern:
		if lit == "esac" {
			r.pop(blockCase)
			r.mode = modeCommand
		}
		return
	case modeFuncName:
		r.mode = modeCommand
		return
	}
	if len(r.words) == 0 && !r.dbracket && r.reserved(lit) {
		return
	}
	if lit == "[[" && len(r.words) == 0 {
		r.dbracket = true
	}
	if lit == "]]" {
		r.dbracket = false
	}
	r.words = append(r.words, w)
}

// reserved handles a reserved word at the start of a command.
func (r *reader) reserved(lit string) bool {
	switch lit {
	case "if":
		r.push(blockIf)
		b := r.topIf()
		b.inCond = true
	case "elif":
		if b := r.topIf(); b != nil {
			b.inCond, b.nCond, b.cond = true, 0, unknown
		}
	case "then":
		if b := r.topIf(); b != nil && b.inCond {
			r.decide(b)
		}
	case "else":
		if b := r.topIf(); b != nil {
			b.dead = b.parentDead || b.anyTaken
		}
	case "fi":
		r.pop(blockIf)
	case "while", "until":
		r.push(blockLoop)
	case "for", "select":
		r.push(blockLoop)
		r.mode, r.forVar = modeForHeader, false
	case "do":
	case "done":
		r.pop(blockLoop)
	case "case":
		r.push(blockCase)
		r.mode = modeCaseHead
	case "esac":
		r.pop(blockCase)
	case "{":
		r.push(blockGroup)
	case "}":
		r.pop(blockGroup)
	case "!":
		r.negate = !r.negate
	case "function":
		r.mode = modeFuncName
	default:
		return false
	}
	return true
}

// decide settles which if branch runs once its condition is read. A branch
// is dead when an earlier one certainly ran or its test is statically
// false; with an unknown test it may run, and its assignments apply.
func (r *reader) decide(b *block) {
	b.inCond = false
	c := unknown
	if b.nCond == 1 {
		c = b.cond
	}
	switch {
	case b.parentDead || b.anyTaken:
		b.dead = true
	case c == yes:
		b.dead, b.anyTaken = false, true
	default:
		b.dead = c == no
	}
}

func (r *reader) operator(t token) {
	if r.dbracket && t.op != ";" && t.op != "&" && t.op != ";;" {
		r.words = append(r.words, r.opWord(t))
		return
	}
	switch {
	case redirections[t.op]:
		r.skipWord = true
	case t.op == "(":
		switch {
		case r.mode == modeCasePattern:
		case len(r.words) == 1:
			r.words, r.funcParen = nil, true // name() starts a function definition
		default:
			r.finish()
			r.push(blockGroup)
		}
	case t.op == ")":
		switch {
		case r.mode == modeCasePattern:
			r.mode = modeCommand
		case r.funcParen:
			r.funcParen = false
		default:
			r.finish()
			r.pop(blockGroup)
		}
	case t.op == ";;" || t.op == ";&" || t.op == ";;&":
		r.finish()
		r.mode = modeCasePattern
	default:
		r.finish()
	}
}

// opWord turns an operator inside [[ … ]] into a word of the test.
func (r *reader) opWord(t token) *word {
	p := part{kind: litPart, pos: t.pos, text: t.op}
	return &word{parts: []part{p}, pos: t.pos}
}

// finish ends the simple command being read and acts on it.
func (r *reader) finish() {
	words, negate := r.words, r.negate
	r.words, r.negate, r.dbracket, r.skipWord = nil, false, false, false
	if len(words) == 0 {
		return
	}
	if b := r.topIf(); b != nil && b.inCond {
		b.nCond++
		b.cond = r.test(words, negate)
		return
	}
	r.command(words)
}
