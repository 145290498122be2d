package shell

import (
	"strconv"
	"strings"
)

// ArgPair is a --key value pair of a command's arguments.
type ArgPair struct {
	Key, Value Word
}

// normalize gives a flag its canonical name: no leading dashes and
// underscores for dashes, since HfArgumentParser, torchrun and accelerate
// accept both spellings.
func normalize(name string) string {
	return strings.ReplaceAll(strings.TrimLeft(name, "-"), "-", "_")
}

// isValue reports whether a word can be the value of the flag before it:
// anything but another option, though negative numbers are values.
func isValue(w Word) bool {
	if !isOption(w.Text) {
		return true
	}
	_, err := strconv.ParseFloat(w.Text, 64)
	return err == nil
}

// bare is the value of a flag given without one: --bf16 means true. It is
// written where the flag is.
func bare(key Word) Word {
	return Word{Text: "true", Pos: key.Pos, Origin: key.Origin, Known: true, spread: key.spread}
}

// splitWord cuts a word holding an option and its value (--lr=1e-5, -N2)
// into the two. Each side is rebuilt from the expanded pieces it covers, so
// it knows its own origin and whether it is known; the value's position is
// where its text is written when the word reads literally up to it.
func splitWord(w Word, keyEnd, valStart int) (key, val Word) {
	segs := w.segs
	if segs == nil {
		segs = []seg{{text: w.Text, origin: w.Origin}}
	}
	key = makeWord(cutSegs(segs, 0, keyEnd), w.Raw, w.Pos)
	val = makeWord(cutSegs(segs, valStart, len(w.Text)), w.Raw, w.Pos)
	key.spread, val.spread = w.spread, w.spread
	if prefix := w.Text[:valStart]; strings.HasPrefix(w.Raw, prefix) {
		key.Raw, val.Raw = w.Raw[:keyEnd], w.Raw[valStart:]
		val.Pos = advancePos(w.Pos, prefix)
	}
	return key, val
}

// cutSegs returns the pieces covering bytes [from, to) of the text they
// spell, keeping origins for the part of each piece that reads as written.
func cutSegs(segs []seg, from, to int) []seg {
	var out []seg
	off := 0
	for _, sg := range segs {
		a, b := max(from-off, 0), min(to-off, len(sg.text))
		off += len(sg.text)
		if a >= b {
			continue
		}
		c := cursor{sg: sg}
		piece := c.piece(a, b)
		if piece.span == 0 && sg.unknown != nil {
			piece.origin = sg.origin
		}
		out = append(out, piece)
	}
	return out
}

// ArgPairs returns the program's --key value pairs in order, bare flags
// with the value "true", so readers can treat them like a Trainer config
// mapping. Positional arguments are left out.
func (c *Command) ArgPairs() []ArgPair {
	var out []ArgPair
	ws := c.Args
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if !strings.HasPrefix(w.Text, "--") || len(w.Text) == 2 {
			continue
		}
		switch eq := strings.IndexByte(w.Text, '='); {
		case eq > 0:
			k, v := splitWord(w, eq, eq+1)
			out = append(out, ArgPair{k, v})
		case i+1 < len(ws) && isValue(ws[i+1]):
			out = append(out, ArgPair{w, ws[i+1]})
			i++
		default:
			out = append(out, ArgPair{w, bare(w)})
		}
	}
	return out
}

// Flag finds a --name or --name=value program argument, accepting --a_b and
// --a-b alike. When a flag is given twice the last one wins, as in argparse.
func (c *Command) Flag(name string) (key, val Word, ok bool) {
	want := normalize(name)
	for _, p := range c.ArgPairs() {
		if normalize(p.Key.Text) == want {
			key, val, ok = p.Key, p.Value, true
		}
	}
	return key, val, ok
}

// LauncherFlag finds an option of the launcher (--num_gpus 8,
// --nproc-per-node=8, -i localhost:0,1 for --include), with the same rules
// as Flag. Options known to take no value (--standalone) never take the next
// word.
func (c *Command) LauncherFlag(name string) (key, val Word, ok bool) {
	want := normalize(name)
	spec := clis[c.Launcher]
	ws := c.LauncherArgs
	for i := 0; i < len(ws); i++ {
		t := ws[i].Text
		if !isOption(t) || t == "--" {
			continue
		}
		opt, attached := spec.option(t)
		var k, v Word
		switch {
		case attached >= 0:
			keyEnd := attached
			if strings.HasPrefix(t, "--") {
				keyEnd--
			}
			k, v = splitWord(ws[i], keyEnd, attached)
		case !spec.bools[opt] && !spec.module[opt] && i+1 < len(ws) && isValue(ws[i+1]):
			k, v = ws[i], ws[i+1]
			i++
		default:
			k, v = ws[i], bare(ws[i])
		}
		if opt == want {
			key, val, ok = k, v, true
		}
	}
	return key, val, ok
}
