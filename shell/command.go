package shell

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// field is one expanded field and the written word it came from; spread
// is set when that word gave several fields.
type field struct {
	segs   []seg
	w      *word
	spread bool
}

func (r *reader) expand(words []*word) []field {
	var out []field
	for _, w := range words {
		fs := fields(r.x.parts(w.parts))
		for _, f := range fs {
			out = append(out, field{segs: f, w: w, spread: len(fs) > 1})
		}
	}
	return out
}

func (r *reader) toWord(f field) Word {
	w := makeWord(f.segs, r.raw(f.w), f.w.pos)
	w.spread = f.spread
	return w
}

func (f field) text() string { return joinText(f.segs) }

// assign is a NAME=value (or NAME+=value) word, with its value expanded.
type assign struct {
	name   string
	at     document.Pos
	val    []seg
	pos    document.Pos // where the value is written
	raw    string
	append bool
	elems  [][]seg // NAME=(…): the array's elements; nil for a plain value
}

// command acts on one simple command: assignments change the variables,
// eval and bash -c are read again, and launches are recorded. here is the
// here-document on its standard input, if any.
func (r *reader) command(words []*word, here *heredoc) {
	at := r.reach()
	var prefix []assign
	i := 0
	for ; i < len(words); i++ {
		a, ok := r.assignment(words[i])
		if !ok {
			break
		}
		prefix = append(prefix, a)
	}
	if i == len(words) {
		if at.assigns() {
			for _, a := range prefix {
				r.apply(a)
			}
		}
		return
	}
	rest := words[i:]
	switch lit := r.literal(rest[0]); lit {
	case "export", "declare", "typeset", "local", "readonly":
		if at.assigns() {
			r.declare(lit, rest[1:])
		}
		return
	case "unset":
		if at.assigns() {
			for _, w := range rest[1:] {
				if v := r.p.env.vars[r.literal(w)]; v != nil {
					v.val, v.elems, v.set = nil, nil, false
				}
			}
		}
		return
	}
	fs := r.expand(rest)
	if len(fs) == 0 {
		return
	}
	switch fs[0].text() {
	case "read", "getopts":
		if !at.assigns() {
			return
		}
		if here != nil && fs[0].text() == "read" {
			if rd, ok := readArgs(fs, here); ok {
				r.pending = append(r.pending, rd)
				if here.done {
					r.settle()
				}
				return
			}
		}
		r.unknowable(fs)
		return
	case "eval":
		r.eval(fs[1:], at)
		return
	case "source", ".":
		if !r.include(fs[1:], words[0].pos, at, false) && len(fs[1:]) > 0 {
			r.ran(r.toWord(fs[1:][0]))
		}
		return
	case "cd":
		if at.assigns() {
			r.cd(fs[1:])
		}
		return
	}
	ws := make([]Word, len(fs))
	for i, f := range fs {
		ws[i] = r.toWord(f)
	}
	// bash -c "…", also behind wrappers (srun … bash -c "pip install …;
	// torchrun …"): the string is read as script, and what it launches runs
	// inside those wrappers.
	wraps, inner := unwrap(ws, func(w Word) bool { return startsLaunch(w) || isShell(w) })
	if isShellC(inner) {
		n := len(r.p.cmds)
		at0 := len(ws) - len(inner)
		r.eval(fs[at0+2:at0+3], at)
		for _, c := range r.p.cmds[n:] {
			c.wrap(wraps)
		}
		return
	}
	if len(inner) > 1 && isShell(inner[0]) && len(wraps) == 0 && strings.HasSuffix(inner[1].Text, ".sh") {
		if !r.include(fs[len(ws)-len(inner)+1:], words[0].pos, at, true) && len(fs[len(ws)-len(inner)+1:]) > 0 {
			r.ran(r.toWord(fs[len(ws)-len(inner)+1:][0]))
		}
		return
	}
	if script, ok := sbatchScript(inner); ok && len(wraps) == 0 {
		// sbatch [options] script [arguments]: Slurm runs the batch
		// script with the arguments as its positional parameters, in the
		// submitting shell's environment (--export defaults to ALL;
		// Slurm's sbatch manual), read as bash runs a child script.
		if !r.include(fs[len(ws)-script:], words[0].pos, at, true) && len(fs[len(ws)-script:]) > 0 {
			r.ran(r.toWord(fs[len(ws)-script:][0]))
		}
		return
	}
	cmd := recognize(ws)
	if cmd == nil {
		if len(inner) > 0 {
			r.ran(inner[0])
		}
		return
	}
	if len(r.p.cmds) == maxCommands {
		r.p.notes = append(r.p.notes, Note{Pos: words[0].pos, Msg: fmt.Sprintf("more than %d launch commands: this one and the ones after it are not read", maxCommands)})
	}
	if len(r.p.cmds) >= maxCommands {
		return
	}
	cmd.Pos, cmd.Unreachable, cmd.Dir = words[0].pos, at.dead, r.p.dir
	env := r.exported()
	for _, a := range prefix {
		env = append(env, Assignment{Name: a.name, Pos: a.at, Value: makeWord(a.val, a.raw, a.pos), Prefix: true})
	}
	cmd.Env = append(env, cmd.Env...)
	r.p.cmds = append(r.p.cmds, cmd)
}

// assignment reads NAME=value. Only unquoted literal text before the = makes
// an assignment, as in bash.
func (r *reader) assignment(w *word) (assign, bool) {
	if len(w.parts) == 0 {
		return assign{}, false
	}
	p0 := w.parts[0]
	if p0.kind != litPart || p0.quoted || !p0.verbatim {
		return assign{}, false
	}
	src := r.lx.s.src
	text := string(src[p0.start:p0.end])
	eq := strings.IndexByte(text, '=')
	if eq <= 0 {
		return assign{}, false
	}
	a := assign{name: text[:eq], at: w.pos}
	if strings.HasSuffix(a.name, "+") {
		a.name, a.append = a.name[:eq-1], true
	}
	if !isName(a.name) {
		return assign{}, false
	}
	p0.start += eq + 1
	p0.pos = r.posIn(w.parts[0], eq+1)
	a.pos = p0.pos
	a.raw = string(src[p0.start:w.end])
	parts := w.parts[1:]
	if p0.start < p0.end {
		parts = append([]part{p0}, parts...)
	}
	if len(parts) == 1 && parts[0].kind == arrayPart && parts[0].elems != nil {
		a.elems = [][]seg{}
		for _, w := range parts[0].elems {
			for _, f := range fields(r.x.parts(w.parts)) {
				a.elems = append(a.elems, f)
			}
		}
		return a, true
	}
	for _, p := range parts {
		if p.kind == arrayPart {
			a.val = []seg{{text: a.raw, unknown: []string{"$" + a.name + " (array)"}, origin: a.pos}}
			return a, true
		}
	}
	a.val = r.x.parts(parts)
	for i := range a.val {
		a.val[i].brk = false // an assignment joins an array's elements, it does not split them
	}
	return a, true
}

// posIn returns the position k bytes into a literal part; the bytes before
// it are an ASCII name and '=', so in a file they sit on the same line.
func (r *reader) posIn(p part, k int) document.Pos {
	if r.lx.s.mapped != nil {
		return r.lx.s.mappedAt(p.start + k)
	}
	return document.Pos{Line: p.pos.Line, Column: p.pos.Column + k}
}

func (r *reader) apply(a assign) {
	if old := r.p.env.vars[a.name]; r.reach().maybe && old != nil && old.set && fromCommand(old.val) {
		// A branch that may not run does not replace what the script
		// computed from a command (n=$(nvidia-smi -L | wc -l); if [ $n -gt
		// 10 ]; then n=10; fi): the value is the command's, unknown.
		return
	}
	if a.elems != nil {
		elems := a.elems
		if old := r.p.env.vars[a.name]; a.append && old != nil && old.set {
			elems = append(slices.Clone(old.elements()), elems...)
		}
		r.p.env.setArray(a.name, elems, a.at, a.pos, a.raw)
		return
	}
	val := a.val
	if old := r.p.env.vars[a.name]; a.append && old != nil && old.set {
		val = append(append([]seg(nil), old.val...), val...)
	}
	r.p.env.set(a.name, val, a.at, a.pos, a.raw)
}

// declare handles export, declare, typeset, local and readonly, whose
// arguments are assignments or names.
func (r *reader) declare(builtin string, args []*word) {
	export := builtin == "export"
	for _, w := range args {
		lit := r.literal(w)
		if strings.HasPrefix(lit, "-") {
			export = export || strings.Contains(lit, "x")
			continue
		}
		name := lit
		if a, ok := r.assignment(w); ok {
			r.apply(a)
			name = a.name
		}
		if export && isName(name) {
			r.p.env.export(name)
		}
	}
}

// unknowable marks the variables read and getopts set as unknown.
func (r *reader) unknowable(fs []field) {
	names := fs[1:]
	if fs[0].text() == "getopts" && len(fs) > 2 {
		names = fs[2:3]
	}
	for _, f := range names {
		name := f.text()
		if isName(name) {
			r.p.env.set(name, []seg{{text: "$" + name, unknown: []string{"$" + name + " (" + fs[0].text() + ")"}, origin: f.w.pos}}, f.w.pos, f.w.pos, name)
		}
	}
}

// exported lists the variables exported so far with their current values.
func (r *reader) exported() []Assignment {
	var out []Assignment
	for _, name := range r.p.env.exports[:min(len(r.p.env.exports), maxEnv)] {
		if v := r.p.env.vars[name]; v != nil && v.set && v.exported {
			out = append(out, Assignment{Name: name, Pos: v.name, Value: makeWord(v.val, v.raw, v.pos)})
		}
	}
	return out
}

// eval reads the text eval (or bash -c) is given as script text. Each byte
// keeps the script position it was written at, so the words found there
// point into the script; computed or unknown text, and the blanks joining
// the arguments, point at their word and are marked as not written there.
func (r *reader) eval(args []field, at reach) {
	if r.depth >= maxEvalDepth || len(args) == 0 {
		return
	}
	n := len(args)
	for _, f := range args {
		n += segsLen(f.segs)
	}
	if n > maxValueLen {
		return // text this long is not a launch command
	}
	var text []byte
	var mapped []document.Pos
	var exact []bool
	for i, f := range args {
		if i > 0 {
			text = append(text, ' ')
			mapped, exact = append(mapped, f.w.pos), append(exact, false)
		}
		for _, sg := range f.segs {
			pos, idx := sg.origin, 0
			for j := 0; j < len(sg.text); {
				_, size := utf8.DecodeRuneInString(sg.text[j:])
				where, written := f.w.pos, idx < sg.span
				switch {
				case written:
					where = pos
					pos = advancePos(pos, sg.text[j:j+size])
				case sg.origin != (document.Pos{}):
					where = sg.origin
				}
				for k := 0; k < size; k++ {
					mapped, exact = append(mapped, where), append(exact, written)
				}
				text = append(text, sg.text[j:j+size]...)
				j += size
				idx++
			}
		}
	}
	s := &scanner{src: text, mapped: mapped, exact: exact, endPos: args[len(args)-1].w.pos, line: 1, col: 1}
	r.p.read(s, at, r.depth+1)
}

// include reads the file args[0] names, as source does (child false: in
// this shell, with args[1:] as its positional parameters) or as bash FILE
// does (child true: in a shell of its own that starts from the exported
// variables and hands none back). Every byte of it points at the command
// at pos, not written there; launches in branches this call never takes are
// left to the file itself. A name not fully known, or a file the opener
// does not give, is skipped like any command that launches nothing;
// include reports whether it read the file.
func (r *reader) include(args []field, pos document.Pos, at reach, child bool) bool {
	if r.p.open == nil || len(args) == 0 || r.depth >= maxEvalDepth || !known(args[0].segs) {
		return false
	}
	src, err := r.p.open(args[0].text())
	if err != nil || len(src) > MaxFileSize || bytes.IndexByte(src, 0) >= 0 {
		return false
	}
	for _, outer := range r.p.chain {
		if bytes.Equal(src, outer) {
			// A script that runs itself (MobileVLM's run.sh calls `bash run.sh
			// ARCH pretrain …` from its own case branches): its branches are
			// already read here, and following it again only repeats them,
			// once more per level of nesting.
			return true
		}
	}
	r.p.chain = append(r.p.chain, src)
	defer func() { r.p.chain = r.p.chain[:len(r.p.chain)-1] }()
	mapped, exact := make([]document.Pos, len(src)), make([]bool, len(src))
	for i := range mapped {
		mapped[i] = pos
	}
	saved, dir := r.p.env, r.p.dir
	if child {
		r.p.env = newEnv()
		r.p.env.budget = saved.budget
		for _, name := range saved.exports {
			if v := saved.vars[name]; v != nil {
				c := *v
				r.p.env.vars[name] = &c
				r.p.env.exports = append(r.p.env.exports, name)
			}
		}
	}
	positional := map[string]*variable{}
	for i := 1; i <= 9; i++ {
		name := strconv.Itoa(i)
		positional[name] = r.p.env.vars[name]
		delete(r.p.env.vars, name)
		if i < len(args) && known(args[i].segs) {
			r.p.env.vars[name] = &variable{val: args[i].segs, set: true, pos: args[i].w.pos}
		}
	}
	s := &scanner{src: src, mapped: mapped, exact: exact, endPos: pos, line: 1, col: 1}
	n := len(r.p.cmds)
	r.p.read(s, at, r.depth+1)
	// A branch of the file that this call never takes (OpenRLHF's
	// train_dpo_llama.sh launches deepspeed unless $1 is "slurm") is the
	// file's own, checked when the file is read by itself.
	kept := r.p.cmds[:n]
	for _, c := range r.p.cmds[n:] {
		if !c.Unreachable || at.dead {
			kept = append(kept, c)
		}
	}
	r.p.cmds = kept
	for name, v := range positional {
		if v == nil {
			delete(r.p.env.vars, name)
		} else {
			r.p.env.vars[name] = v
		}
	}
	if child {
		// bash FILE runs in a process of its own: its variables and its
		// cd end with it.
		saved.budget = r.p.env.budget
		r.p.env, r.p.dir = saved, dir
	}
	return true
}

// cd follows the folder the script changes to, relative to where it
// started: a known relative path is joined on, anything else (an absolute
// path, cd alone, cd -, a computed folder) leaves it unknown.
func (r *reader) cd(args []field) {
	if len(args) != 1 || !known(args[0].segs) {
		r.p.dir = ""
		return
	}
	d := args[0].text()
	if d == "" || d == "-" || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "~") {
		r.p.dir = ""
		return
	}
	r.p.dir = path.Clean(path.Join(r.p.dir, d))
	if r.p.dir == "." {
		r.p.dir = ""
	}
}

// fromCommand reports whether a value holds the output of a command
// substitution, $(…) or `…`.
func fromCommand(val []seg) bool {
	for _, sg := range val {
		for _, u := range sg.unknown {
			if strings.HasPrefix(u, "$(") && !strings.HasPrefix(u, "$((") || strings.HasPrefix(u, "`") {
				return true
			}
		}
	}
	return false
}

// maxPrograms bounds Script.Programs: a finding names a few.
const maxPrograms = 8

// ran records the program a command that is not a launch runs, by its
// file name, when the name is written out and is no chore.
func (r *reader) ran(w Word) {
	name := path.Base(w.Text)
	if w.Text == "" || strings.ContainsAny(name, "$`\"'()") || chore[name] || len(r.p.progs) >= maxPrograms || slices.Contains(r.p.progs, name) {
		return
	}
	r.p.progs = append(r.p.progs, name)
}

// chore are the shell builtins and the file, text and environment
// utilities a script runs around its work: a script running only these
// does nothing that could be a training job.
var chore = map[string]bool{
	"[": true, "[[": true, "test": true, "true": true, "false": true, ":": true, "echo": true, "printf": true,
	"set": true, "shift": true, "exit": true, "return": true, "trap": true, "wait": true, "sleep": true, "exec": true,
	"ulimit": true, "umask": true, "alias": true, "pushd": true, "popd": true, "let": true, "command": true,
	"mkdir": true, "rm": true, "cp": true, "mv": true, "ln": true, "ls": true, "cat": true, "touch": true,
	"chmod": true, "chown": true, "tee": true, "date": true, "pwd": true, "dirname": true, "basename": true,
	"realpath": true, "readlink": true, "find": true, "grep": true, "sed": true, "awk": true, "head": true,
	"tail": true, "cut": true, "sort": true, "wc": true, "tr": true, "xargs": true, "seq": true, "nvidia-smi": true,
	"hostname": true, "whoami": true, "env": true, "which": true, "module": true, "ml": true, "conda": true,
	"activate": true, "deactivate": true, "pip": true, "pip3": true, "uv": true, "apt": true, "apt-get": true,
	"git": true, "wget": true, "curl": true, "tar": true, "unzip": true, "zip": true, "gzip": true, "nohup": true,
	"kill": true, "pkill": true, "ps": true, "rsync": true, "scp": true, "ssh": true, "du": true, "df": true,
}
