package report

import (
	"encoding/json"
	"io"

	"github.com/trainlint/trainlint/lint"
)

// JSON prints the findings as a JSON array; each finding has file, line,
// column, rule, severity, message and, when there are any, notes and fixes.
// This shape is a contract.
type JSON struct{}

// Format writes the array ("[]" when there are no findings).
func (JSON) Format(w io.Writer, rep *lint.Report) error {
	fs := rep.Findings
	if fs == nil {
		fs = []lint.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(fs)
}
