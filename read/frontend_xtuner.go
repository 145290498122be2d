package read

import (
	"path"
	"strings"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// xtuner declines, by name, the jobs whose config is a Python file:
// `xtuner train CONFIG.py` (InternLM/xtuner's xtuner/tools/train.py builds
// the job with mmengine's Config.fromfile) and a training script handed a
// .py config as its first argument (mmengine's tools/train.py CONFIG.py).
// Such a config is a program: its model, batch and parallelism are only
// known by running it, which trainlint never does.
var xtuner = frontend{
	name:    "xtuner (declined)",
	reads:   "`xtuner train CONFIG.py` and `python tools/train.py CONFIG.py` launches (mmengine Python configs): named as not read, with the reason",
	command: applyXTunerCommand,
}

// pythonConfigWhy is why a Python config is not read.
const pythonConfigWhy = "its config is a Python file that mmengine's Config.fromfile runs; trainlint does not execute it, so the model, batch and parallelism it sets are not known"

// pythonConfigFlagWhy is why a Python config given as --config is not read.
const pythonConfigFlagWhy = "its --config is a Python file that the program runs (xtuner v1's Config.fromfile); trainlint does not execute it, so the model, batch and parallelism it sets are not known"

// applyXTunerCommand owns an xtuner launch, or a launch whose first
// argument is a .py config, and records the gap naming the config.
func applyXTunerCommand(p *plan.Plan, j *Job) (owns, world bool) {
	c := j.Command
	switch {
	case !pythonConfigLaunch(c):
		return false, false
	case c.Launcher == shell.XTuner:
		at := plan.At(j.Script.Path, c.Pos.Line, c.Pos.Column, "xtuner train")
		config := ""
		if len(c.Args) > 1 {
			config = c.Args[1].Text
			at = plan.At(j.Script.Path, c.Args[1].Pos.Line, c.Args[1].Pos.Column, "xtuner train")
		}
		recipeGap(p, strings.TrimSpace("xtuner not modelled: "+config), pythonConfigWhy, at)
		return true, true
	}
	w := pythonConfigArg(c)
	if w != &c.Args[0] {
		recipeGap(p, "Python config: not read: "+w.Text, pythonConfigFlagWhy, plan.At(j.Script.Path, w.Pos.Line, w.Pos.Column, "--config"))
		return true, true
	}
	recipeGap(p, "mmengine config: not read: "+w.Text, pythonConfigWhy, plan.At(j.Script.Path, w.Pos.Line, w.Pos.Column, "config argument"))
	return true, true
}

// pythonConfigLaunch reports whether a launch's config is a Python file
// (xtuner train, or a .py config argument).
func pythonConfigLaunch(c *shell.Command) bool {
	return c.Launcher == shell.XTuner || pythonConfigArg(c) != nil
}

// pythonConfigArg returns the .py config a training script takes as its
// first argument or as --config, or nil. xtuner v1 takes it as --config
// and runs it with its own Config.fromfile (OpenGVLab/InternVideo 3965eef
// InternVideo3/InternVideo3_sft/xtuner/v1/train/cli/sft.py main:
// Config.fromfile(config)["trainer"]).
func pythonConfigArg(c *shell.Command) *shell.Word {
	if len(c.Args) == 0 || c.Module || !strings.HasSuffix(c.Program.Text, ".py") {
		return nil
	}
	if w := c.Args[0]; w.Known && strings.HasSuffix(w.Text, ".py") && path.Base(w.Text) != path.Base(c.Program.Text) {
		return &c.Args[0]
	}
	if _, w, ok := c.Flag("config"); ok && strings.HasSuffix(w.Text, ".py") && path.Base(w.Text) != path.Base(c.Program.Text) {
		return &w
	}
	return nil
}
