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
	progs []string // Script.Programs
	open  Opener   // reads the files the script sources or runs; nil reads none
	dir   string   // the folder cd changed to, relative; see Command.Dir
	// chain holds the text of the script and of each file being read into
	// it, outermost first: a file that runs or sources one of them again is
	// calling itself.
	chain [][]byte
}

type blockKind int

const (
	blockIf blockKind = iota
	blockLoop
	blockCase
	blockGroup
)

// block is an open compound command. If and case blocks track which branch
// runs; the rest exist so their closing words pair up.
type block struct {
	kind   blockKind
	parent reach
	reach       // of the branch being read
	inCond bool // reading the condition of if or elif
	nCond  int  // commands in that condition
	cond   tri  // value of its (single) test
	taken  bool // an earlier branch certainly runs
	mayRun bool // an earlier branch's test is not known: it may have run

	subject   *word   // case: the word matched
	patterns  []*word // case: the patterns of the branch being read
	uncertain bool    // case: an earlier branch may have matched

	subshell bool   // ( … ): a cd inside ends with it
	dir      string // subshell: the folder before it
}

// reach says how the code being read runs. Dead code cannot run: it assigns
// nothing and its launches are Unreachable. Quiet code may run but assigns
// nothing: a case branch chosen by a value not known statically (script
// arguments, options), where the value set before the case is the better
// guess. Maybe code is a branch of an if whose test is not known (or an
// else after one): it may not run.
type reach struct {
	dead, quiet, maybe bool
}

// assigns reports whether assignments read here take effect.
func (r reach) assigns() bool { return !r.dead && !r.quiet }

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
	p      *parser
	lx     lexer
	x      expander
	depth  int   // eval nesting
	base   reach // of the eval that produced this text
	blocks []block
	mode   mode
	forVar bool // the for header's variable has been read

	words     []*word
	negate    bool
	dbracket  bool // inside [[ … ]], where && || < > ( ) are words
	skipWord  bool // the next word is a redirection target
	funcParen bool // inside the () of name()
	orphan    *orphan
	here      *heredoc   // the here-document on the standard input of the command being read
	pending   []hereRead // reads whose here-document body comes on a later line
}

// orphan remembers a command cut short by a comment, to check whether the
// next line looks like its lost continuation.
type orphan struct {
	comment document.Pos
	name    string
}

func (p *parser) read(s *scanner, base reach, depth int) {
	r := &reader{p: p, lx: lexer{s: s}, x: expander{env: p.env, s: s}, depth: depth, base: base}
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
				r.orphan = &orphan{comment: *t.cut, name: r.commandName()}
			}
			r.finish()
			r.settle()
		case tokOp:
			r.operator(t)
		case tokWord:
			if r.skipWord && t.here != nil {
				r.here = t.here
			}
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

// commandName returns the first word of the command being read after its
// VAR=value prefixes, as written.
func (r *reader) commandName() string {
	for _, w := range r.words {
		if _, ok := r.assignment(w); !ok {
			return abbrev(r.raw(w))
		}
	}
	return abbrev(r.raw(r.words[0]))
}

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

func (r *reader) reach() reach {
	if len(r.blocks) > 0 {
		return r.blocks[len(r.blocks)-1].reach
	}
	return r.base
}

func (r *reader) push(k blockKind) {
	if len(r.blocks) >= maxBlocks {
		return
	}
	at := r.reach()
	r.blocks = append(r.blocks, block{kind: k, parent: at, reach: at})
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

// top returns the innermost open block if it is of kind k.
func (r *reader) top(k blockKind) *block {
	if n := len(r.blocks); n > 0 && r.blocks[n-1].kind == k {
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
			if isName(lit) && r.reach().assigns() {
				r.p.env.set(lit, []seg{{text: "$" + lit, unknown: []string{"$" + lit + " (for loop)"}, origin: w.pos}}, w.pos, w.pos, lit)
			}
		} else if lit == "do" {
			r.mode = modeCommand
		}
		return
	case modeCaseHead:
		if b := r.top(blockCase); b != nil && b.subject == nil {
			b.subject = w
		} else if lit == "in" {
			r.mode = modeCasePattern
		}
		return
	case modeCasePattern:
		if lit == "esac" {
			r.pop(blockCase)
			r.mode = modeCommand
		} else if b := r.top(blockCase); b != nil {
			b.patterns = append(b.patterns, w)
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
	if len(r.words) < maxWords {
		r.words = append(r.words, w)
	}
}

// reserved handles a reserved word at the start of a command.
func (r *reader) reserved(lit string) bool {
	switch lit {
	case "if":
		r.push(blockIf)
		r.top(blockIf).inCond = true
	case "elif":
		if b := r.top(blockIf); b != nil {
			b.inCond, b.nCond, b.cond = true, 0, unknown
		}
	case "then":
		if b := r.top(blockIf); b != nil && b.inCond {
			b.decide()
		}
	case "else":
		if b := r.top(blockIf); b != nil {
			b.reach = b.parent
			b.dead = b.dead || b.taken
			b.maybe = b.maybe || (b.mayRun && !b.dead)
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

// decide settles whether an if branch runs once its condition is read. A
// branch is dead when an earlier one certainly ran or its test is
// statically false; with an unknown test it may run, and its assignments
// apply (the package doc says why).
func (b *block) decide() {
	b.inCond = false
	c := unknown
	if b.nCond == 1 {
		c = b.cond
	}
	b.reach = b.parent
	switch {
	case b.dead || b.taken:
		b.dead = true
	case c == yes:
		b.taken = true
	case c == no:
		b.dead = true
	}
	if !b.dead {
		b.maybe = b.maybe || c == unknown || b.mayRun
		b.mayRun = b.mayRun || c == unknown
	}
}

// decideCase settles whether the case branch whose patterns were just read
// runs: with a known subject and known patterns it is live or dead; else it
// is quiet, and so are the branches after it.
func (r *reader) decideCase(b *block) {
	pats := b.patterns
	b.patterns = nil
	b.reach = b.parent
	if b.dead || b.taken {
		b.dead = true
		return
	}
	var subject []seg
	if b.subject != nil {
		subject = r.x.parts(b.subject.parts)
	}
	if b.subject == nil || !known(subject) || b.uncertain {
		b.quiet, b.uncertain = true, true
		return
	}
	for _, pw := range pats {
		pat := r.x.parts(pw.parts)
		if !known(pat) {
			b.quiet, b.uncertain = true, true
			return
		}
		if globMatch(joinText(pat), joinText(subject)) {
			b.taken = true
			return
		}
	}
	b.dead = true
}

func (r *reader) operator(t token) {
	if r.mode == modeForHeader || r.mode == modeCaseHead {
		return // for ((…; …)) and case words are not commands
	}
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
			if b := r.top(blockGroup); b != nil {
				b.subshell, b.dir = true, r.p.dir
			}
		}
	case t.op == ")":
		switch {
		case r.mode == modeCasePattern:
			r.mode = modeCommand
			if b := r.top(blockCase); b != nil {
				r.decideCase(b)
			}
		case r.funcParen:
			r.funcParen = false
		default:
			r.finish()
			if b := r.top(blockGroup); b != nil && b.subshell {
				r.p.dir = b.dir
			}
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
	words, negate, here := r.words, r.negate, r.here
	r.words, r.negate, r.dbracket, r.skipWord, r.here = nil, false, false, false, nil
	if len(words) == 0 {
		return
	}
	if b := r.top(blockIf); b != nil && b.inCond {
		b.nCond++
		b.cond = r.test(words, negate)
		return
	}
	r.command(words, here)
}

// settle applies the reads whose here-document bodies have now been read.
func (r *reader) settle() {
	for _, rd := range r.pending {
		if rd.h.done {
			r.readHere(rd)
		}
	}
	r.pending = r.pending[:0]
}
