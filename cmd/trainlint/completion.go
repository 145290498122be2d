package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// bashCompletion asks the binary for candidates: urfave/cli prints the
// commands, or a command's flags when the word being completed starts with
// "-", when the last argument is --generate-bash-completion. File names
// come from the shell's default completion.
const bashCompletion = `# trainlint completion for bash; load with: source <(trainlint completion bash)
_trainlint_complete() {
    local cur words
    cur="${COMP_WORDS[COMP_CWORD]}"
    words=$("${COMP_WORDS[0]}" "${COMP_WORDS[@]:1:COMP_CWORD}" --generate-bash-completion 2>/dev/null)
    COMPREPLY=($(compgen -W "${words}" -- "${cur}"))
}
complete -o default -o bashdefault -F _trainlint_complete trainlint
`

// zshCompletion runs the bash function through zsh's bashcompinit.
const zshCompletion = `# trainlint completion for zsh; load with: source <(trainlint completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
` + bashCompletion

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: "Load it in the shell's start-up file, for example\n" +
			"   bash: source <(trainlint completion bash)\n" +
			"   zsh:  source <(trainlint completion zsh)\n" +
			"   fish: trainlint completion fish | source",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fail(ExitUsage, "trainlint completion: name one shell: bash, zsh or fish")
			}
			switch c.Args().First() {
			case "bash":
				_, err := fmt.Fprint(c.App.Writer, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(c.App.Writer, zshCompletion)
				return err
			case "fish":
				script, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(c.App.Writer, script)
				return err
			}
			return fail(ExitUsage, "trainlint completion: unknown shell %q (want bash, zsh or fish)", c.Args().First())
		},
	}
}
