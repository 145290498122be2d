package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// Text prints findings as `path:line:col: severity: message [rule]`, then
// the source line with a caret under the column, then notes and fixes.
type Text struct {
	Color bool
	Quiet bool // no summary line
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGray   = "\x1b[90m"
)

func (t *Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + ansiReset
}

// Format writes every finding, then a summary line.
func (t *Text) Format(w io.Writer, rep *lint.Report) error {
	var b strings.Builder
	counts := map[lint.Severity]int{}
	for _, f := range rep.Findings {
		counts[f.Severity]++
		sevColor := ansiCyan
		switch f.Severity {
		case lint.Error:
			sevColor = ansiRed
		case lint.Warning:
			sevColor = ansiYellow
		}
		fmt.Fprintf(&b, "%s %s %s %s\n",
			t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", f.File, f.Line, f.Column)),
			t.paint(sevColor, f.Severity.String()+":"),
			f.Message,
			t.paint(ansiGray, "["+f.Rule+"]"))
		if line, col := clipLine(sourceLine(rep, f.File, f.Line), f.Column); line != "" {
			gutter := fmt.Sprintf("%4d | ", f.Line)
			fmt.Fprintf(&b, "%s%s\n", t.paint(ansiGray, gutter), line)
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", len(gutter))+caretPad(line, col), t.paint(sevColor, underline(line, col)))
		}
		for _, n := range f.Notes {
			fmt.Fprintf(&b, "     %s\n", n)
		}
		for _, fx := range f.Fixes {
			fmt.Fprintf(&b, "     %s %s\n", t.paint(ansiCyan, "fix ("+fx.Safety.String()+"):"), fixLine(fx))
		}
	}
	memory := memorySummary(rep.Jobs)
	switch {
	case t.Quiet:
	case len(rep.Findings) == 0 && len(rep.Errors) == 0 && memory == "":
		fmt.Fprintf(&b, "%s checked, no problems found\n", plural(len(rep.Jobs), "job"))
	case len(rep.Findings) == 0 && len(rep.Errors) == 0:
		fmt.Fprintf(&b, "%s checked%s; no other problems found\n", plural(len(rep.Jobs), "job"), memory)
	case len(rep.Findings) > 0 && memory == "":
		fmt.Fprintf(&b, "%s checked: %s, %s, %s\n", plural(len(rep.Jobs), "job"),
			plural(counts[lint.Error], "error"), plural(counts[lint.Warning], "warning"), plural(counts[lint.Info], "info"))
	case len(rep.Findings) > 0:
		fmt.Fprintf(&b, "%s checked%s; %s, %s, %s\n", plural(len(rep.Jobs), "job"), memory,
			plural(counts[lint.Error], "error"), plural(counts[lint.Warning], "warning"), plural(counts[lint.Info], "info"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// maxReasons is how many kinds of reason the summary line names.
const maxReasons = 3

// memorySummary says for how many jobs memory was estimated when it was not
// for all: ", memory estimated for 2; 1 not checked: model `acme/X`
// unknown", or with several causes their counts, most frequent first. It is
// "" when every job was estimated.
func memorySummary(jobs []*lint.JobResult) string {
	var skipped []*lint.JobResult
	for _, jr := range jobs {
		if !jr.MemoryChecked() {
			skipped = append(skipped, jr)
		}
	}
	if len(skipped) == 0 {
		return ""
	}
	head := fmt.Sprintf(", memory estimated for %d; %d not checked", len(jobs)-len(skipped), len(skipped))
	whats, kinds := map[string]bool{}, map[string]int{}
	for _, jr := range skipped {
		what, kind := "the model or GPU is unknown", "unknown model or GPU"
		if gs := jr.Job.Plan.MemoryGaps; len(gs) > 0 {
			what, kind = gs[0].What, gs[0].Kind
		}
		whats[what] = true
		kinds[kind]++
	}
	if len(whats) == 1 {
		for w := range whats {
			return head + ": " + w
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if kinds[names[i]] != kinds[names[j]] {
			return kinds[names[i]] > kinds[names[j]]
		}
		return names[i] < names[j]
	})
	var parts []string
	for i, k := range names {
		if i == maxReasons {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
	}
	return head + " (" + strings.Join(parts, ", ") + ")"
}

// fixLine renders a fix with its predicted effect.
func fixLine(fx lint.Fix) string {
	s := fx.Title
	if fx.PeakAfterGiB > 0 {
		verdict := "does not fit"
		if fx.Fits {
			verdict = "fits"
		}
		s += fmt.Sprintf(" → %.1f GiB (%s", fx.PeakAfterGiB, verdict)
		if fx.Cost != "" {
			s += ", " + fx.Cost
		}
		s += ")"
	} else if fx.Cost != "" {
		s += " (" + fx.Cost + ")"
	}
	return s
}

// caretPad keeps tabs in the padding so the caret lines up under tabs.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	return b.String()
}

// underline draws ^~~~ from the column to the end of the word there.
func underline(line string, col int) string {
	runes := []rune(line)
	if col-1 >= len(runes) || col < 1 {
		return "^"
	}
	n := 0
	for _, r := range runes[col-1:] {
		if r == ' ' || r == '\t' || r == ',' {
			break
		}
		n++
	}
	if n <= 1 {
		return "^"
	}
	return "^" + strings.Repeat("~", n-1)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// maxSnippet is the widest source snippet printed; a longer line (a
// minified JSON file) is cut to a window around the column.
const maxSnippet = 160

// clipLine returns the part of line shown under a finding and the column
// within it.
func clipLine(line string, col int) (string, int) {
	runes := []rune(line)
	if len(runes) <= maxSnippet {
		return line, col
	}
	start := max(0, min(col-1-maxSnippet/4, len(runes)-maxSnippet))
	end := min(len(runes), start+maxSnippet)
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "…"
	}
	if end < len(runes) {
		suffix = "…"
	}
	return prefix + string(runes[start:end]) + suffix, col - start + len([]rune(prefix))
}
