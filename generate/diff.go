package generate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// contextLines is the unified diff's context around each change.
const contextLines = 3

// Diff returns a unified diff from old to new for path, with a/ and b/
// prefixes (apply it with `patch -p1` or `git apply`), or "" when they are
// equal. The path is shown relative to the working directory when it lies
// below it, with slashes.
func Diff(path string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	lines := diffLines(string(old), string(new))
	name := displayPath(path)
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for _, h := range hunks(lines) {
		writeHunk(&b, lines[h.from:h.to])
	}
	return b.String()
}

func displayPath(path string) string {
	if filepath.IsAbs(path) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(path)), "./")
}

// diffLine is one line of the edit script: ' ', '-' or '+', the text with
// its line ending, and the line numbers it has in the old and new file.
type diffLine struct {
	op       byte
	text     string
	old, new int // 1-based; the next line's number for the side it is not on
}

// diffLines computes a line-level edit script with diffmatchpatch's line
// mode: each distinct line becomes one rune, the runes are diffed, and the
// runes are turned back into lines.
func diffLines(old, new string) []diffLine {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	a, b, table := dmp.DiffLinesToChars(old, new)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), table)
	var out []diffLine
	o, n := 1, 1
	for _, d := range diffs {
		for _, text := range splitLines(d.Text) {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				out = append(out, diffLine{' ', text, o, n})
				o++
				n++
			case diffmatchpatch.DiffDelete:
				out = append(out, diffLine{'-', text, o, n})
				o++
			case diffmatchpatch.DiffInsert:
				out = append(out, diffLine{'+', text, o, n})
				n++
			}
		}
	}
	return out
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

type span struct{ from, to int }

// hunks groups the changed lines with their context; changes closer than
// twice the context share a hunk.
func hunks(lines []diffLine) []span {
	var out []span
	for i := 0; i < len(lines); {
		if lines[i].op == ' ' {
			i++
			continue
		}
		start := max(0, i-contextLines)
		end := i
		for end < len(lines) {
			if lines[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(lines) && lines[run].op == ' ' {
				run++
			}
			if run == len(lines) || run-end > 2*contextLines {
				end = min(end+contextLines, run)
				break
			}
			end = run
		}
		out = append(out, span{start, end})
		i = end
	}
	return out
}

func writeHunk(b *strings.Builder, lines []diffLine) {
	oldStart, newStart := lines[0].old, lines[0].new
	oldCount, newCount := 0, 0
	for _, l := range lines {
		if l.op != '+' {
			oldCount++
		}
		if l.op != '-' {
			newCount++
		}
	}
	// An empty side is numbered by the line before it, as diff does.
	if oldCount == 0 {
		oldStart--
	}
	if newCount == 0 {
		newStart--
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", rangeText(oldStart, oldCount), rangeText(newStart, newCount))
	for _, l := range lines {
		b.WriteByte(l.op)
		b.WriteString(l.text)
		if !strings.HasSuffix(l.text, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func rangeText(start, count int) string {
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}
