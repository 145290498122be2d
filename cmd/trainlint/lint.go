package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/internal/gitignore"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/lint/report"
	"github.com/trainlint/trainlint/read"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check training configs for crashes, ignored settings and out-of-memory risk",
		ArgsUsage: "[FILE|DIR|-]...",
		Description: "Lints the named files and folders (the current folder when none is named; - reads standard input).\n" +
			"Folders are walked for configs, leaving out what the repository's .gitignore files and --exclude name.\n" +
			"Exit 0 when nothing is at or above --fail-on, 1 when something is (a file that cannot be read is an\n" +
			"input-error finding), 2 on bad usage.",
		Flags: append(contextFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + strings.Join(report.Formats, ", ")},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest `SEVERITY` that makes the exit code 1: " + severityNames()},
			&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when there are findings (usage errors still exit 2)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: print the findings only, without the summary line"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "leave out files and folders matching this .gitignore-style `GLOB` when walking folders (repeatable)"},
			&cli.StringFlag{Name: "stdin-filename", Usage: "the `NAME` standard input (-) stands for: it decides the format, the folder references are resolved from and the path in reports"},
		),
		Action: lintAction,
	}
}

func lintAction(c *cli.Context) error {
	paths := c.Args().Slice()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	failOn, err := lint.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return fail(ExitUsage, "trainlint: --fail-on: %v", err)
	}
	out, err := report.New(c.String("format"), report.Options{
		Rules: allRules(), Version: version, Color: useColor(c.App.Writer), Quiet: c.Bool("quiet"), Root: sourceRoot(),
	})
	if err != nil {
		return fail(ExitUsage, "trainlint: --format: %v", err)
	}
	if isSet(c, "stdin-filename") && !slices.Contains(paths, read.StdinPath) {
		return fail(ExitUsage, "trainlint: --stdin-filename names standard input, but no input is - (standard input)")
	}
	ro, bad, err := readOptions(c)
	if err != nil {
		return err
	}
	rep := &lint.Report{Findings: bad}
	if len(bad) == 0 {
		if slices.Contains(paths, read.StdinPath) {
			src, err := io.ReadAll(io.LimitReader(c.App.Reader, document.MaxFileSize+1))
			if err != nil {
				return fail(ExitUsage, "trainlint: reading standard input: %v", err)
			}
			ro.Stdin = &read.Stdin{Name: c.String("stdin-filename"), Src: src}
		}
		ig, err := gitignore.New(".", c.StringSlice("exclude"))
		if err != nil {
			return fail(ExitUsage, "trainlint: %v", err)
		}
		ro.Ignore, ro.Listed = ig.Ignored, ig.Listed
		rep = lint.Run(paths, lint.Options{Rules: allRules(), Read: ro, Suppressions: true})
		if err := reportErrors(c.App.ErrWriter, rep.Errors); err != nil {
			return err
		}
	}
	if err := out.Format(c.App.Writer, rep); err != nil {
		return err
	}
	if m, any := rep.Max(); any && m >= failOn && !c.Bool("exit-zero") {
		return fail(ExitFindings, "")
	}
	return nil
}

// sourceRoot is the folder reports make paths relative to: the repository
// holding the working directory (the nearest folder above it with .git),
// or the working directory itself.
func sourceRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}
