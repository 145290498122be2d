package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

func fixCommand() *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "apply the fixes lint offers and rewrite configs into the cheapest variant that fits the GPU, shown as a unified diff",
		ArgsUsage: "FILE|DIR...",
		Description: "Applies every safe fix the rules offer (with --unsafe also the unsafe ones), and searches the knobs people\n" +
			"turn (micro batch with more accumulation, gradient checkpointing, ZeRO stage, offload, buckets, attention,\n" +
			"fused optimizer; with --unsafe also LoRA, QLoRA, freezing, 8-bit optimizers, smaller images, shorter\n" +
			"sequences) for the cheapest combination that fits with the margin lint's headroom check asks for. The\n" +
			"change is one unified diff for `git apply` or `patch -p1`, each file once however many jobs share it;\n" +
			"--format json lists the edits; --write rewrites the files in place (never outside the repository).\n" +
			"Exit 0 when the result fits, 1 when it cannot be made to fit or a file cannot be read, 2 on bad usage.",
		Flags: append(contextFlags(),
			&cli.BoolFlag{Name: "unsafe", Usage: "also use fixes that change what is trained or the data"},
			&cli.BoolFlag{Name: "write", Usage: "rewrite the files in place (atomically) instead of printing a diff"},
			&cli.StringFlag{Name: "format", Value: "diff", Usage: "output format: diff, json (the edits: file, lines, old and new text)"},
			&cli.Float64Flag{Name: "margin", Value: generate.DefaultMargin, Usage: "share of the GPU memory to keep free"},
		),
		Action: func(c *cli.Context) error {
			paths, err := inputs(c)
			if err != nil {
				return err
			}
			if m := c.Float64("margin"); m < 0 || m >= 1 {
				return fail(ExitUsage, "trainlint fix: --margin must be in [0, 1), got %g", m)
			}
			format := c.String("format")
			if format != "diff" && format != "json" {
				return fail(ExitUsage, "trainlint fix: --format: unknown format %q (want diff, json)", format)
			}
			ro, bad, err := readOptions(c)
			if err != nil {
				return err
			}
			if len(bad) > 0 {
				return reportInputErrors(c.App.ErrWriter, nil, bad)
			}
			rep := lint.Run(paths, lint.Options{Rules: allRules(), Read: ro})
			for _, f := range rep.Findings {
				if f.Rule == lint.InputError.ID {
					bad = append(bad, f)
				}
			}
			if err := reportInputErrors(c.App.ErrWriter, rep.Errors, bad); err != nil {
				return err
			}
			opts := generate.Options{Unsafe: c.Bool("unsafe"), Margin: c.Float64("margin")}
			allFit := true
			var errs []error
			var sets []generate.ChangeSet
			var jobs []fixedJob
			for _, jr := range rep.Jobs {
				job := jr.Job
				if gs := job.Plan.MemoryGaps; len(gs) > 0 {
					msg := fmt.Sprintf("%s: memory not checked: %s", job.Primary.Path, gs[0].What)
					if gs[0].Detail != "" {
						msg += " (" + gs[0].Detail + ")"
					}
					if gs[0].Fix != "" {
						msg += "; to check it: " + gs[0].Fix
					}
					if gs[0].Kind != read.GapDeepSpeedAlone {
						errs = append(errs, errors.New("cannot fix: "+msg))
						continue
					}
					// A DeepSpeed file no job uses has no batch to fit; its rules' fixes still apply.
					fmt.Fprintln(c.App.ErrWriter, msg)
					continue
				}
				r, err := generate.Fit(job, opts)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(c.App.ErrWriter, "%s: %s\n", job.Primary.Path, r.Note)
				allFit = allFit && r.Fits
				jobs = append(jobs, fixedJob{Job: job.Primary.Path, Fits: r.Fits, BeforeGiB: r.BeforeGiB, AfterGiB: r.AfterGiB, Note: r.Note})
				set := generate.ChangeSet{Job: job, From: "the fit of " + job.Primary.Path}
				for _, f := range r.Fixes {
					set.Changes = append(set.Changes, f.Changes...)
				}
				sets = append(sets, set)
			}
			sets = append(sets, ruleFixes(rep, c.Bool("unsafe"))...)
			patch, err := generate.Merge(sets)
			if err != nil {
				return fail(ExitUsage, "trainlint fix: %v", err)
			}
			for _, n := range patch.Notes {
				fmt.Fprintln(c.App.ErrWriter, n)
			}
			if c.Bool("write") {
				if err := patch.Write(); err != nil {
					errs = append(errs, err)
				}
			}
			switch {
			case format == "json":
				out := fixJSON{Edits: patch.Edits(), Jobs: jobs, Notes: patch.Notes, Written: c.Bool("write")}
				if out.Edits == nil {
					out.Edits = []generate.Edit{}
				}
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			case !c.Bool("write"):
				fmt.Fprint(c.App.Writer, patch.Diff())
			}
			if err := reportErrors(c.App.ErrWriter, errs); err != nil {
				return err
			}
			if !allFit {
				return fail(ExitFindings, "")
			}
			return nil
		},
	}
}

// fixedJob is one job's memory fit in fix's JSON output.
type fixedJob struct {
	Job       string  `json:"job"`
	Fits      bool    `json:"fits"`
	BeforeGiB float64 `json:"before_gib"`
	AfterGiB  float64 `json:"after_gib"`
	Note      string  `json:"note"`
}

// fixJSON is fix's --format json output.
type fixJSON struct {
	Edits   []generate.Edit `json:"edits"`
	Jobs    []fixedJob      `json:"jobs"`
	Notes   []string        `json:"notes,omitempty"`
	Written bool            `json:"written"`
}

// ruleFixes turns the fixes lint offers into change sets: for each finding,
// the first fix with edits that the run may apply (safe ones; unsafe ones
// too with --unsafe). Memory fixes (those with a predicted peak) are
// alternatives to each other and are left to the fit, which picks one
// combination per job.
func ruleFixes(rep *lint.Report, unsafe bool) []generate.ChangeSet {
	var sets []generate.ChangeSet
	for _, f := range rep.Findings {
		for _, fix := range f.Fixes {
			if len(fix.Changes) == 0 || fix.PeakAfterGiB != 0 || (fix.Safety == lint.Unsafe && !unsafe) {
				continue
			}
			job := holder(rep, fix.Changes)
			if job == nil {
				continue
			}
			sets = append(sets, generate.ChangeSet{Job: job, From: fmt.Sprintf("the fix of %s at %s:%d", f.Rule, f.File, f.Line), Changes: fix.Changes})
			break
		}
	}
	return sets
}

// holder returns a job that holds every file the changes edit.
func holder(rep *lint.Report, changes []lint.Change) *read.Job {
	for _, jr := range rep.Jobs {
		ok := true
		for _, c := range changes {
			if jr.Job.File(c.File) == nil && (jr.Job.Project == nil || jr.Job.Project.Path != c.File) {
				ok = false
				break
			}
		}
		if ok {
			return jr.Job
		}
	}
	return nil
}
