package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/read"
)

func fixCommand() *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "rewrite configs into the cheapest variant that fits the GPU, shown as a unified diff",
		ArgsUsage: "FILE...",
		Description: "Searches the knobs people turn (micro batch with more accumulation, gradient checkpointing, ZeRO stage,\n" +
			"offload, buckets, attention, fused optimizer; with --unsafe also LoRA, QLoRA, freezing, 8-bit optimizers,\n" +
			"smaller images, shorter sequences) for the cheapest combination that fits with a 5% margin, and prints\n" +
			"the change as a unified diff for `git apply` or `patch -p1`. --write rewrites the files in place.\n" +
			"Exit 0 when the result fits, 1 when it cannot be made to fit or a file cannot be read, 2 on bad usage.",
		Flags: append(contextFlags(),
			&cli.BoolFlag{Name: "unsafe", Usage: "also use fixes that change what is trained or the data"},
			&cli.BoolFlag{Name: "write", Usage: "rewrite the files in place (atomically) instead of printing a diff"},
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
			ro, bad, err := readOptions(c)
			if err != nil {
				return err
			}
			if len(bad) > 0 {
				return reportInputErrors(c.App.ErrWriter, nil, bad)
			}
			res := read.Load(paths, ro)
			if err := reportInputErrors(c.App.ErrWriter, res.Errors, nil); err != nil {
				return err
			}
			opts := generate.Options{Unsafe: c.Bool("unsafe"), Margin: c.Float64("margin")}
			allFit := true
			var errs []error
			for _, job := range res.Jobs {
				if !job.Plan.Hardware.GPU.Set || !job.Plan.Model.Set {
					errs = append(errs, fmt.Errorf("%s: cannot fix without a declared GPU and a known model (--gpu, --model or .trainlint.yaml)", job.Primary.Path))
					continue
				}
				r, err := generate.Fit(job, opts)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(c.App.ErrWriter, "%s: %s\n", job.Primary.Path, r.Note)
				allFit = allFit && r.Fits
				if len(r.Files) == 0 {
					continue
				}
				if c.Bool("write") {
					if err := r.Write(); err != nil {
						errs = append(errs, err)
					}
					continue
				}
				fmt.Fprint(c.App.Writer, r.Diff())
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
