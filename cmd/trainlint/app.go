package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// Exit codes, as linters conventionally use them. A file that cannot be
// read or parsed is a finding (input-error), so it exits 1, not 2.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on (input errors included), or a config that cannot be made to fit
	ExitUsage    = 2 // bad usage (an unknown flag, format, GPU or model on the command line) or an internal failure
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
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.Run(reorder(app, args))
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
	return ExitUsage
}

// contextFlags declare the hardware and model next to the project file.
func contextFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "project `FILE` to use instead of the nearest " + project.FileName},
		&cli.StringFlag{Name: "gpu", Usage: "GPU model, a catalog `NAME` (list: trainlint gpus)"},
		&cli.IntFlag{Name: "gpus", Usage: "`N` GPUs per node", DefaultText: "from the launcher"},
		&cli.IntFlag{Name: "nodes", Usage: "`N` nodes", DefaultText: "1"},
		&cli.StringFlag{Name: "model", Usage: "model: a catalog `ID` (list: trainlint models), a hub id in the local Hugging Face or ModelScope cache, or a path to a config.json"},
		&cli.StringFlag{Name: "model-config", Usage: "a Hugging Face config.json `PATH` (or a folder holding one) for the job's model, whatever the configs name"},
		&cli.IntFlag{Name: "seq-len", Usage: "sequence length of `N` tokens", DefaultText: "from the config"},
		&cli.BoolFlag{Name: "allow-outside-root", Usage: "read files that configs name outside the repository (its git root, or the working directory outside a repository)"},
	}
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "trainlint",
		Usage:     "catch training jobs that will crash or run out of GPU memory before they run",
		Version:   version,
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		// Completion candidates come from the binary itself; see the
		// completion command for the shell scripts that ask for them.
		EnableBashCompletion: true,
		// --version is ours (with -V): urfave's default is -v.
		HideVersion: true,
		Flags:       []cli.Flag{&cli.BoolFlag{Name: "version", Aliases: []string{"V"}, Usage: "print the version"}},
		Action: func(c *cli.Context) error {
			if c.Bool("version") {
				fmt.Fprintf(c.App.Writer, "trainlint %s\n", version)
				return nil
			}
			if c.NArg() > 0 {
				return fail(ExitUsage, "trainlint: unknown command %q (see trainlint --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		// Exit codes are ours: never let the library call os.Exit.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return fail(ExitUsage, "trainlint: %v", err)
		},
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
			completionCommand(),
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
	usageError := app.OnUsageError
	for _, cmd := range app.Commands {
		// A bad flag gets one line on stderr, not the help on stdout
		// where a --format json reader would choke on it.
		cmd.OnUsageError = usageError
		cmd.HideHelpCommand = true
		for _, f := range cmd.Flags {
			if b, ok := f.(*cli.BoolFlag); ok {
				b.DisableDefaultText = true // "(default: false)" says nothing
			}
		}
	}
	for _, f := range app.Flags {
		if b, ok := f.(*cli.BoolFlag); ok {
			b.DisableDefaultText = true
		}
	}
	return app
}

// readOptions builds the reader options from the context flags. A --config
// file that cannot be read or is invalid is not a usage error but an
// input-error finding, returned in bad; nothing else is read then.
func readOptions(c *cli.Context) (opts read.Options, bad []lint.Finding, err error) {
	opts = read.Options{
		Catalog: catalog.Builtin(),
		Overrides: read.Overrides{
			GPU: c.String("gpu"), GPUsPerNode: c.Int("gpus"), Nodes: c.Int("nodes"),
			Model: c.String("model"), ModelConfig: c.String("model-config"), SeqLen: c.Int("seq-len"),
		},
		AllowOutsideRoot: c.Bool("allow-outside-root"),
	}
	for _, f := range []string{"gpus", "nodes", "seq-len"} {
		if isSet(c, f) && c.Int(f) < 1 {
			return opts, nil, fail(ExitUsage, "trainlint: --%s must be at least 1, got %d", f, c.Int(f))
		}
	}
	if g := opts.Overrides.GPU; g != "" {
		if _, err := opts.Catalog.GPU(g); err != nil {
			return opts, nil, fail(ExitUsage, "trainlint: --gpu: %v", err)
		}
	}
	if path := opts.Overrides.ModelConfig; path != "" {
		if err := read.CheckModelConfig(path); err != nil {
			return opts, nil, fail(ExitUsage, "trainlint: --model-config: %v", err)
		}
	}
	if path := c.String("config"); path != "" {
		pf, err := project.Load(path)
		if err != nil {
			if f, ok := lint.InputFinding(err); ok {
				return opts, []lint.Finding{f}, nil
			}
			return opts, nil, fail(ExitUsage, "trainlint: --config: %v", err)
		}
		opts.Project = pf
	}
	return opts, nil, nil
}

// isSet reports whether the command line sets the flag name, as c.IsSet
// does for a flag without aliases or environment variables (none of the
// context flags has either), without c.IsSet's walk over every unset flag's
// names, each stripped through a regexp: a fresh lint spent more memory on
// that walk than on reading its file.
func isSet(c *cli.Context, name string) bool {
	return slices.Contains(c.LocalFlagNames(), name)
}

// inputs returns the positional file arguments of estimate and fix, or a
// usage error; only lint reads standard input.
func inputs(c *cli.Context) ([]string, error) {
	if c.NArg() == 0 {
		return nil, fail(ExitUsage, "trainlint %s: name at least one file or folder (see --help)", c.Command.Name)
	}
	for _, p := range c.Args().Slice() {
		if p == read.StdinPath {
			return nil, fail(ExitUsage, "trainlint %s: reads files, not standard input (-); trainlint lint reads it", c.Command.Name)
		}
	}
	return c.Args().Slice(), nil
}

// reportErrors prints errors that name no file (a bad --model) and returns
// the usage error they mean.
func reportErrors(stderr io.Writer, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	for _, err := range errs {
		fmt.Fprintln(stderr, err)
	}
	return fail(ExitUsage, "")
}

// reportInputErrors is for commands whose output is not a findings report
// (estimate, fix): input errors are printed to stderr as findings and exit
// 1; errors naming no file are usage errors.
func reportInputErrors(stderr io.Writer, errs []error, bad []lint.Finding) error {
	var usage []error
	for _, err := range errs {
		if f, ok := lint.InputFinding(err); ok {
			bad = append(bad, f)
		} else {
			usage = append(usage, err)
		}
	}
	if err := reportErrors(stderr, usage); err != nil {
		return err
	}
	if len(bad) == 0 {
		return nil
	}
	for _, f := range bad {
		fmt.Fprintln(stderr, f)
	}
	return fail(ExitFindings, "")
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

// allRules lists the registered rules and the driver's own checks.
func allRules() []*lint.Rule { return append(rules.All(), lint.DriverRules()...) }

func severityNames() string { return strings.Join([]string{"error", "warning", "info"}, ", ") }
