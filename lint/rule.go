package lint

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// Doc is a rule's documentation, in the fixed sections `trainlint explain`
// prints and the README's rule table links to.
type Doc struct {
	What       string // What it does
	Why        string // Why is this bad?
	Example    string // a config that triggers the rule
	UseInstead string // the corrected config
	FixSafety  string // why the fix is safe or unsafe
	References []string
}

// Example is a set of files on which the rule must fire; the registry test
// lints it. The first file in sorted order is the one linted.
type Example struct {
	Files   map[string]string // relative path → content
	Project string            // .trainlint.yaml content, optional
}

// Rule is one check. Rules are declarative values registered in one list;
// Check only reports through the Pass and keeps no state across jobs.
type Rule struct {
	ID       string // kebab-case, names the problem
	Severity Severity
	Summary  string
	Doc      Doc
	Example  Example
	Fixable  bool
	Check    func(*Pass)
}

// Pass is what a rule sees of one job.
type Pass struct {
	Job      *read.Job
	Plan     *plan.Plan
	Estimate *estimate.Result // nil when the model or GPU is unknown
	Rule     *Rule
	report   func(Finding)
}

// NewPass returns a pass that hands findings to report; the driver and
// tests use it.
func NewPass(job *read.Job, est *estimate.Result, rule *Rule, report func(Finding)) *Pass {
	return &Pass{Job: job, Plan: job.Plan, Estimate: est, Rule: rule, report: report}
}

// Report records a finding, filling in the rule id and default severity.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.Rule.ID
		if f.Severity == Info && p.Rule.Severity != Info {
			f.Severity = p.Rule.Severity
		}
	}
	if f.Line < 1 {
		f.Line = 1
	}
	if f.Column < 1 {
		f.Column = 1
	}
	p.report(f)
}

// Reportf reports a finding at a node of a file (at the file's start when
// the node is nil).
func (p *Pass) Reportf(file *read.File, n *yaml.Node, format string, args ...any) {
	pos := document.Pos{Line: 1, Column: 1}
	if n != nil {
		pos = document.NodePos(n)
	}
	p.Report(Finding{File: file.Path, Line: pos.Line, Column: pos.Column, Message: fmt.Sprintf(format, args...)})
}

// FindingAt builds a finding at the origin of a plan value (falling back to
// the job's primary file), for the rule to add notes and fixes and Report.
func (p *Pass) FindingAt(from plan.Origin, format string, args ...any) Finding {
	f := Finding{File: p.Job.Primary.Path, Line: 1, Column: 1, Message: fmt.Sprintf(format, args...)}
	if from.Positioned() {
		f.File, f.Line, f.Column = from.File, from.Line, from.Column
	}
	return f
}
