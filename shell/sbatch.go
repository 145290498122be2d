package shell

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/trainlint/trainlint/document"
)

// Sbatch finds an option of the #SBATCH directives in the script's header
// (-N 2, --nodes=2), by its long name; the last one given wins. sbatch reads
// directives only before the first command, and a # after a blank starts a
// comment on a directive line (Slurm's sbatch manual, options in the batch
// script).
func (sc *Script) Sbatch(name string) (Word, bool) {
	want := normalize(name)
	spec := clis[Srun] // sbatch's resource options are srun's
	var val Word
	found := false
	for i, line := range bytes.Split(sc.Src, []byte("\n")) {
		text := strings.TrimRight(string(line), "\r")
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue
		}
		if !strings.HasPrefix(trimmed, "#") {
			break
		}
		rest, ok := strings.CutPrefix(text, "#SBATCH")
		if !ok {
			continue
		}
		ws := directiveWords(rest, i+1, len("#SBATCH")+1)
		for k := 0; k < len(ws); k++ {
			t := ws[k].Text
			if !isOption(t) {
				continue
			}
			opt, attached := spec.option(t)
			var v Word
			switch {
			case attached >= 0:
				_, v = splitWord(ws[k], attached, attached)
			case !spec.bools[opt] && k+1 < len(ws) && !isOption(ws[k+1].Text):
				k++
				v = ws[k]
			default:
				continue
			}
			if opt == want {
				val, found = v, true
			}
		}
	}
	return val, found
}

// directiveWords splits the options of one directive line at blanks, up to a
// comment; col is the column where text starts.
func directiveWords(text string, line, col int) []Word {
	var out []Word
	for i := 0; i < len(text); {
		if text[i] == ' ' || text[i] == '\t' {
			i++
			continue
		}
		if text[i] == '#' {
			break
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '\t' {
			j++
		}
		w := text[i:j]
		pos := document.Pos{Line: line, Column: col + i}
		out = append(out, Word{Text: w, Raw: w, Pos: pos, Origin: pos, Known: true,
			segs: []seg{{text: w, origin: pos, span: utf8.RuneCountInString(w)}}})
		i = j
	}
	return out
}

// sbatchScript reads `sbatch [options] script [arguments]`: it reports how
// many words, from the batch script on, the command ends with. sbatch's
// resource options are srun's; a script is a file of the shell kinds a
// batch script is written as (.sh, .bash, .slurm, .sbatch).
func sbatchScript(ws []Word) (int, bool) {
	if len(ws) < 2 {
		return 0, false
	}
	if name, ok := programName(ws[0]); !ok || name != "sbatch" {
		return 0, false
	}
	_, rest, _ := clis[Srun].split(ws[1:], batchScript)
	if len(rest) == 0 || !batchScript(rest[0]) {
		return 0, false
	}
	return len(rest), true
}

// batchScript reports whether a word names a batch script file.
func batchScript(w Word) bool {
	for _, ext := range []string{".sh", ".bash", ".slurm", ".sbatch"} {
		if strings.HasSuffix(w.Text, ext) {
			return true
		}
	}
	return false
}
