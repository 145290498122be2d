package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/lint/report"
	"github.com/trainlint/trainlint/schemas"
)

func estimateCommand() *cli.Command {
	return &cli.Command{
		Name:      "estimate",
		Usage:     "predict each GPU's peak memory and explain it",
		ArgsUsage: "FILE|DIR...",
		Flags: append(contextFlags(),
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text, json"},
			&cli.BoolFlag{Name: "plan", Usage: "also print the normalized training plan, with where each value came from"},
		),
		Action: func(c *cli.Context) error {
			paths, err := inputs(c)
			if err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return fail(ExitUsage, "trainlint: --format: unknown format %q (want text, json)", format)
			}
			ro, bad, err := readOptions(c)
			if err != nil {
				return err
			}
			if len(bad) > 0 {
				return reportInputErrors(c.App.ErrWriter, nil, bad)
			}
			rep := lint.Run(paths, lint.Options{Read: ro})
			if err := reportErrors(c.App.ErrWriter, rep.Errors); err != nil {
				return err
			}
			for _, f := range rep.Findings {
				if f.Rule == lint.InputError.ID {
					bad = append(bad, f)
				}
			}
			var errs []error
			if len(rep.Jobs) == 0 && len(bad) == 0 {
				errs = append(errs, fmt.Errorf("no training config found in %s", strings.Join(paths, ", ")))
			}
			for _, jr := range rep.Jobs {
				if jr.Estimate != nil {
					continue
				}
				msg := fmt.Sprintf("%s: memory not checked: %s", jr.Job.Primary.Path, report.NotCheckedReason(jr))
				if gs := jr.Job.Plan.MemoryGaps; len(gs) > 0 && gs[0].Fix != "" {
					msg += "; to check it: " + gs[0].Fix
				}
				errs = append(errs, errors.New(msg))
			}
			if c.Bool("plan") && format == "text" {
				for _, jr := range rep.Jobs {
					fmt.Fprintf(c.App.Writer, "plan of %s:\n%s\n", jr.Job.Primary.Path, jr.Job.Plan.Describe())
				}
			}
			if format == "json" {
				err = report.WriteEstimatesJSON(c.App.Writer, rep.Jobs)
			} else {
				err = report.WriteEstimatesText(c.App.Writer, rep.Jobs, useColor(c.App.Writer))
			}
			if err != nil {
				return err
			}
			if err := reportErrors(c.App.ErrWriter, errs); err != nil {
				return err
			}
			return reportInputErrors(c.App.ErrWriter, nil, bad)
		},
	}
}

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules",
		Action: func(c *cli.Context) error {
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tSEVERITY\tFIX\tSUMMARY")
			for _, r := range allRules() {
				fix := ""
				if r.Fixable {
					fix = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, fix, r.Summary)
			}
			return tw.Flush()
		},
	}
}

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "print a rule's documentation",
		ArgsUsage: "RULE",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fail(ExitUsage, "trainlint explain: name one rule (list: trainlint rules)")
			}
			id := c.Args().First()
			for _, r := range allRules() {
				if r.ID == id {
					fmt.Fprint(c.App.Writer, lint.Explain(r))
					return nil
				}
			}
			return fail(ExitUsage, "trainlint explain: no rule %q (list: trainlint rules)", id)
		},
	}
}

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "print a JSON Schema (" + strings.Join(schemas.Names(), ", ") + ") for editors",
		ArgsUsage: "NAME",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fail(ExitUsage, "trainlint schema: name one of %s", strings.Join(schemas.Names(), ", "))
			}
			src, err := schemas.Source(c.Args().First())
			if err != nil {
				return fail(ExitUsage, "trainlint schema: %v", err)
			}
			_, err = c.App.Writer.Write(src)
			return err
		},
	}
}

func gpusCommand() *cli.Command {
	return &cli.Command{
		Name:  "gpus",
		Usage: "list the GPU catalog",
		Action: func(c *cli.Context) error {
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tMEMORY\tCC\tBF16\tTF32\tFA2\tFA3\tFP8\tALIASES")
			yes := func(b bool) string {
				if b {
					return "yes"
				}
				return "-"
			}
			for _, g := range catalog.Builtin().GPUs() {
				fmt.Fprintf(tw, "%s\t%d MiB\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", g.Name, g.MemoryMiB, g.ComputeCapability,
					yes(g.BF16), yes(g.TF32), yes(g.FlashAttention2), yes(g.FlashAttention3), yes(g.FP8),
					strings.Join(g.Aliases, ", "))
			}
			return tw.Flush()
		},
	}
}

func modelsCommand() *cli.Command {
	return &cli.Command{
		Name:  "models",
		Usage: "list the model catalog",
		Action: func(c *cli.Context) error {
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MODEL\tPARAMS\tLAYERS\tHIDDEN\tVOCAB\tVISION\tCONFIG")
			models := catalog.Builtin().Models()
			sort.Slice(models, func(i, j int) bool { return models[i].ID < models[j].ID })
			for _, m := range models {
				vision := "-"
				if m.Vision != nil {
					vision = fmt.Sprintf("%.2fB", float64(m.Params().Vision)/1e9)
				}
				fmt.Fprintf(tw, "%s\t%.2fB\t%d\t%d\t%d\t%s\t%s\n", m.ID, float64(m.Params().Total)/1e9, m.Text.Layers,
					m.Text.Hidden, m.Text.Vocab, vision, m.SourceConfig)
			}
			return tw.Flush()
		},
	}
}
