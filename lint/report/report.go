// Package report prints a lint.Report in one of the output formats: text
// (actionlint style), json, sarif (2.1.0, for GitHub code scanning), github
// (workflow annotations) and markdown (a summary for CI pages). Each
// format is one type behind Formatter.
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
var Formats = []string{"text", "json", "sarif", "github", "markdown"}

// Options configure a formatter.
type Options struct {
	Rules   []*lint.Rule // every rule that can report: SARIF lists them, markdown links their docs
	Version string       // the tool's version, for SARIF
	Color   bool         // ANSI colours in text output
	Quiet   bool         // text: the findings only, without the summary line
	Root    string       // SARIF: the absolute folder paths are relative to (the repository root)
}

// New returns the formatter for name.
func New(name string, o Options) (Formatter, error) {
	switch name {
	case "text", "":
		return &Text{Color: o.Color, Quiet: o.Quiet}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		return &SARIF{Rules: o.Rules, Version: o.Version, Root: o.Root}, nil
	case "github":
		return GitHub{}, nil
	case "markdown":
		return Markdown{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Formats, ", "))
}

// sourceLine returns line n of a file the report's jobs read (their
// configs and project files), or "".
func sourceLine(rep *lint.Report, path string, n int) string {
	for _, jr := range rep.Jobs {
		if f := jr.Job.File(path); f != nil {
			return f.Line(n)
		}
	}
	for _, jr := range rep.Jobs {
		if pf := jr.Job.Project; pf != nil && pf.Path == path && pf.Doc != nil {
			return pf.Doc.Line(n)
		}
	}
	return ""
}
