package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// completionFlag is the hidden flag urfave/cli answers with completion
// candidates when it is the last argument.
const completionFlag = "--generate-bash-completion"

// reorder moves a command's flags in front of its positional arguments, so
// that `trainlint lint train.yaml --format json` means what it says:
// urfave/cli, like Go's flag package, stops reading flags at the first
// positional argument. A flag that takes a value keeps the word after it;
// "--" ends the flags, and everything after it stays positional; "-" (standard
// input) is positional. The positional arguments come back after a "--" so a
// file named like a flag stays a file.
func reorder(app *cli.App, args []string) []string {
	if len(args) < 2 || args[len(args)-1] == completionFlag {
		return args
	}
	// Global flags (--version, --help) take no value: the command is the
	// first word that is not a flag.
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "--" {
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil || len(cmd.Subcommands) > 0 {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range flagNames(f) {
			takesValue[n] = !isBool
		}
	}
	out := append([]string{}, args[:i+1]...)
	var positional []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		switch {
		case a == "--":
			positional = append(positional, rest[j+1:]...)
			j = len(rest)
		case a == "-" || !strings.HasPrefix(a, "-"):
			positional = append(positional, a)
		default:
			out = append(out, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && j+1 < len(rest) {
				j++
				out = append(out, rest[j])
			}
		}
	}
	if len(positional) > 0 {
		out = append(append(out, "--"), positional...)
	}
	return out
}

// flagNames is f.Names() read from the fields of the flag types this command
// line uses: Names strips every name through a regexp (for urfave/cli v1's
// "name, alias" form, which no flag here is written in), and reorder asks
// for every flag's names on every run.
func flagNames(f cli.Flag) []string {
	var name string
	var aliases []string
	switch f := f.(type) {
	case *cli.BoolFlag:
		name, aliases = f.Name, f.Aliases
	case *cli.StringFlag:
		name, aliases = f.Name, f.Aliases
	case *cli.IntFlag:
		name, aliases = f.Name, f.Aliases
	case *cli.Float64Flag:
		name, aliases = f.Name, f.Aliases
	case *cli.StringSliceFlag:
		name, aliases = f.Name, f.Aliases
	default:
		return f.Names()
	}
	return append([]string{name}, aliases...)
}
