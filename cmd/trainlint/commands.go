package main

import (
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

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check training configs for crashes, ignored settings and out-of-memory risk",
		ArgsUsage: "FILE|DIR...",
		Flags: append(contextFlags(),
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: " + strings.Join(report.Formats, ", ")},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: " + severityNames()},
		),
		Action: func(c *cli.Context) error {
			paths, err := inputs(c)
			if err != nil {
				return err
			}
			failOn, err := lint.ParseSeverity(c.String("fail-on"))
			if err != nil {
				return fail(ExitInput, "trainlint: --fail-on: %v", err)
			}
			out, err := report.New(c.String("format"), allRules(), version, useColor(c.App.Writer))
			if err != nil {
				return fail(ExitInput, "trainlint: --format: %v", err)
			}
			ro, err := readOptions(c)
			if err != nil {
				return err
			}
			rep := lint.Run(paths, lint.Options{Rules: allRules(), Read: ro})
			if err := out.Format(c.App.Writer, rep); err != nil {
				return err
			}
			if err := reportErrors(c.App.ErrWriter, rep.Errors); err != nil {
				return err
			}
			if m, any := rep.Max(); any && m >= failOn {
				return fail(ExitFindings, "")
			}
			return nil
		},
	}
}

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
				return fail(ExitInput, "trainlint: --format: unknown format %q (want text, json)", format)
			}
			ro, err := readOptions(c)
			if err != nil {
				return err
			}
			rep := lint.Run(paths, lint.Options{Read: ro})
			var errs []error
			errs = append(errs, rep.Errors...)
			if len(rep.Jobs) == 0 && len(rep.Errors) == 0 {
				errs = append(errs, fmt.Errorf("no training config found in %s", strings.Join(paths, ", ")))
			}
			for _, jr := range rep.Jobs {
				p := jr.Job.Plan
				switch {
				case jr.EstimateErr != nil:
					errs = append(errs, fmt.Errorf("%s: %w", jr.Job.Primary.Path, jr.EstimateErr))
				case !p.Hardware.GPU.Set:
					errs = append(errs, fmt.Errorf("%s: no GPU declared: pass --gpu or set hardware.gpu in %s", jr.Job.Primary.Path, ".trainlint.yaml"))
				case !p.Model.Set:
					what := "no model named"
					if p.ModelRef.Set {
						what = fmt.Sprintf("model %q is not in the catalog and no config.json was found", p.ModelRef.V)
					}
					errs = append(errs, fmt.Errorf("%s: %s: pass --model or set model: in .trainlint.yaml", jr.Job.Primary.Path, what))
				}
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
			return reportErrors(c.App.ErrWriter, errs)
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
				return fail(ExitInput, "trainlint explain: name one rule (see `trainlint rules`)")
			}
			id := c.Args().First()
			for _, r := range append(allRules(), lint.NotConfig, lint.ConfigTemplate) {
				if r.ID == id {
					fmt.Fprint(c.App.Writer, lint.Explain(r))
					return nil
				}
			}
			return fail(ExitInput, "trainlint explain: no rule %q (see `trainlint rules`)", id)
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
				return fail(ExitInput, "trainlint schema: name one of %s", strings.Join(schemas.Names(), ", "))
			}
			src, err := schemas.Source(c.Args().First())
			if err != nil {
				return fail(ExitInput, "trainlint schema: %v", err)
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
