package read

import (
	"strings"

	"github.com/trainlint/trainlint/shell"
)

// hydraValueFlags are Hydra's own flags that take the next word as their
// value when it is not written after an equals sign (facebookresearch/hydra
// 00480e9 hydra/_internal/utils.py get_args_parser: --cfg/-c,
// --package/-p, --config-path/-cp, --config-name/-cn, --config-dir/-cd,
// --experimental-rerun; --info/-i takes one of its choices or none).
var hydraValueFlags = map[string]bool{
	"--cfg": true, "-c": true, "--package": true, "-p": true, "--config-path": true, "-cp": true,
	"--config-name": true, "-cn": true, "--config-dir": true, "-cd": true, "--experimental-rerun": true,
}

// hydraInfoChoices are the values --info/-i takes.
var hydraInfoChoices = map[string]bool{"all": true, "config": true, "defaults": true, "defaults-tree": true, "plugins": true, "searchpath": true}

// NotHydraOverrides returns the arguments of a launch of verl's Hydra
// trainer (verl.trainer.main_ppo, its recipes and the forks' copies) that
// Hydra cannot parse as overrides. Every word that is not one of Hydra's
// own flags or its value goes to the overrides (get_args_parser:
// overrides, nargs="*"), each parsed by the override grammar as key=value,
// key=, ~key, ~key=value, +key=value or ++key=value
// (hydra/grammar/OverrideParser.g4, rule override); anything else stops
// the program with an override parse error before the trainer starts.
// Words the script cannot know, flags, and the pieces a variable's value
// splits into (a placeholder such as SFT_MODEL_PATH="YOUR SFT_MODEL_PATH",
// to be replaced before the run) are passed over.
func NotHydraOverrides(c *shell.Command) []shell.Word {
	if d, ok := verlDialectOf(c); !ok || d.name != verlMain.name {
		return nil
	}
	var out []shell.Word
	for i := 0; i < len(c.Args); i++ {
		w := c.Args[i]
		switch t := w.Text; {
		case strings.HasPrefix(t, "-"):
			next := i+1 < len(c.Args)
			if hydraValueFlags[t] && next || (t == "--info" || t == "-i") && next && hydraInfoChoices[c.Args[i+1].Text] {
				i++
			}
		case !w.Known, t == "", strings.HasPrefix(t, "~"), strings.Contains(t, "="), w.At() != w.Pos:
		default:
			out = append(out, w)
		}
	}
	return out
}
