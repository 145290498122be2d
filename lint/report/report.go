// Package report prints a lint.Report in one of the output formats: text
// (actionlint style), json, sarif (2.1.0, for GitHub code scanning) and
// github (workflow annotations). Each format is one type behind Formatter.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// Formatter writes a report.
type Formatter interface {
	Format(w io.Writer, rep *lint.Report) error
}

// Formats lists the names New accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// New returns the formatter for name. rules are listed by SARIF's driver;
// color switches on ANSI colours in text output.
func New(name string, rules []*lint.Rule, version string, color bool) (Formatter, error) {
	switch name {
	case "text", "":
		return &Text{Color: color}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		return &SARIF{Rules: rules, Version: version}, nil
	case "github":
		return GitHub{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Formats, ", "))
}

// sourceLine returns line n of a file the report's jobs read, or "".
func sourceLine(rep *lint.Report, path string, n int) string {
	for _, jr := range rep.Jobs {
		if f := jr.Job.File(path); f != nil {
			return f.Line(n)
		}
	}
	return ""
}
