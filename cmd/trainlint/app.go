package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// Exit codes, as linters conventionally use them.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on, or a config that cannot be made to fit
	ExitInput    = 2 // bad usage or input: unreadable, unparseable, unknown GPU or model
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// exitError carries an exit code out of an action.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// run is main without the process: arguments and streams are passed in so
// the CLI can be tested.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "trainlint: %v\n", err)
	return ExitInput
}

// contextFlags declare the hardware and model next to the project file.
func contextFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "project file to use instead of the nearest " + project.FileName},
		&cli.StringFlag{Name: "gpu", Usage: "GPU model, a catalog name (see `trainlint gpus`)"},
		&cli.IntFlag{Name: "gpus", Usage: "GPUs per node"},
		&cli.IntFlag{Name: "nodes", Usage: "number of nodes"},
		&cli.StringFlag{Name: "model", Usage: "model: a catalog id (see `trainlint models`), a hub id in the local Hugging Face or ModelScope cache, or a path to a config.json"},
		&cli.StringFlag{Name: "model-config", Usage: "a Hugging Face config.json (or a folder holding one) for the job's model, whatever the configs name"},
		&cli.IntFlag{Name: "seq-len", Usage: "sequence length in tokens"},
		&cli.BoolFlag{Name: "allow-outside-root", Usage: "read files that configs name outside the repository (its git root, or the working directory outside a repository)"},
	}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "trainlint",
		Usage:     "catch training jobs that will crash or run out of GPU memory before they run",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// Exit codes are ours: never let the library call os.Exit.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return fail(ExitInput, "trainlint: %v", err)
		},
		HideVersion: true,
		Commands: []*cli.Command{
			lintCommand(),
			estimateCommand(),
			fixCommand(),
			generateCommand(),
			rulesCommand(),
			explainCommand(),
			schemaCommand(),
			gpusCommand(),
			modelsCommand(),
			{
				Name:  "version",
				Usage: "print the version",
				Action: func(c *cli.Context) error {
					fmt.Fprintf(c.App.Writer, "trainlint %s\n", version)
					return nil
				},
			},
		},
	}
}

// readOptions builds the reader options from the context flags.
func readOptions(c *cli.Context) (read.Options, error) {
	opts := read.Options{
		Catalog: catalog.Builtin(),
		Overrides: read.Overrides{
			GPU: c.String("gpu"), GPUsPerNode: c.Int("gpus"), Nodes: c.Int("nodes"),
			Model: c.String("model"), ModelConfig: c.String("model-config"), SeqLen: c.Int("seq-len"),
		},
		AllowOutsideRoot: c.Bool("allow-outside-root"),
	}
	for _, f := range []string{"gpus", "nodes", "seq-len"} {
		if c.IsSet(f) && c.Int(f) < 1 {
			return opts, fail(ExitInput, "trainlint: --%s must be at least 1, got %d", f, c.Int(f))
		}
	}
	if g := opts.Overrides.GPU; g != "" {
		if _, err := opts.Catalog.GPU(g); err != nil {
			return opts, fail(ExitInput, "trainlint: --gpu: %v", err)
		}
	}
	if path := opts.Overrides.ModelConfig; path != "" {
		if err := read.CheckModelConfig(path); err != nil {
			return opts, fail(ExitInput, "trainlint: --model-config: %v", err)
		}
	}
	if path := c.String("config"); path != "" {
		pf, err := project.Load(path)
		if err != nil {
			return opts, fail(ExitInput, "%v", err)
		}
		opts.Project = pf
	}
	return opts, nil
}

// inputs returns the positional file arguments or a usage error.
func inputs(c *cli.Context) ([]string, error) {
	if c.NArg() == 0 {
		return nil, fail(ExitInput, "trainlint %s: name at least one file or folder (see --help)", c.Command.Name)
	}
	return c.Args().Slice(), nil
}

// reportErrors prints input errors and returns the exit error they mean.
func reportErrors(stderr io.Writer, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	for _, err := range errs {
		fmt.Fprintln(stderr, err)
	}
	return fail(ExitInput, "")
}

// useColor reports whether text output should be coloured: only on a
// terminal, and never when NO_COLOR is set.
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}

func allRules() []*lint.Rule { return rules.All() }

func severityNames() string { return strings.Join([]string{"error", "warning", "info"}, ", ") }
