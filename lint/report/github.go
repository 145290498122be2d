package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// GitHub prints workflow commands that GitHub Actions turns into
// annotations: `::error file=F,line=L,col=C,title=T::message`. Errors come
// first because GitHub shows only ten annotations of each level per step.
type GitHub struct{}

// Format writes one command per finding.
func (GitHub) Format(w io.Writer, rep *lint.Report) error {
	fs := append([]lint.Finding(nil), rep.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	var b strings.Builder
	for _, f := range fs {
		level := "notice"
		switch f.Severity {
		case lint.Error:
			level = "error"
		case lint.Warning:
			level = "warning"
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			escapeProperty(f.File), f.Line, f.Column, escapeProperty("trainlint ("+f.Rule+")"),
			escapeData(fmt.Sprintf("%s:%d:%d: %s [%s]", f.File, f.Line, f.Column, f.Message, f.Rule)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData follows actions/toolkit's escaping of a command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty also escapes the separators of property values.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
