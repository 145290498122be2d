package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// ScriptWorldSizeUnknown notes a launch whose process count cannot be read
// from the script.
var ScriptWorldSizeUnknown = &lint.Rule{
	ID:       "script-world-size-unknown",
	Severity: lint.Info,
	Summary:  "the launcher's process count is known only at run time",
	Doc: lint.Doc{
		What: "Reports a launch command whose number of processes depends on something the script does not fix: a variable it never sets (`--nproc_per_node $GPUS`), " +
			"a command substitution (`$(nvidia-smi -L | wc -l)`), a launcher default that counts the GPUs (`deepspeed train.py`, `llamafactory-cli train`), or a host file. " +
			"It is silent when the hardware is declared (`hardware.gpus_per_node` in .trainlint.yaml, or `--gpus`).",
		Why: "The world size multiplies into the global batch that DeepSpeed checks (`train_batch_size = micro × accumulation × world size`), and ZeRO divides the model states by it. " +
			"Without it trainlint assumes one GPU per node, so batch checks and memory estimates describe a job that may not be the one that runs.",
		Example:    "torchrun --nproc_per_node $GPUS_PER_NODE train.py --deepspeed ds.json",
		UseInstead: "torchrun --nproc_per_node ${GPUS_PER_NODE:-8} train.py --deepspeed ds.json   # or declare hardware.gpus_per_node: 8 in .trainlint.yaml",
		References: []string{"https://pytorch.org/docs/stable/elastic/run.html", "https://www.deepspeed.ai/getting-started/#resource-configuration-single-node"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "#!/bin/bash\ntorchrun --nproc_per_node $GPUS_PER_NODE train.py --output_dir out --per_device_train_batch_size 4\n",
	}},
	Check: func(p *lint.Pass) {
		c := p.Job.Command
		if c == nil || c.Unreachable || p.Job.Script == nil || p.Plan == nil {
			return
		}
		if k := p.Plan.Hardware.GPUsPerNode.From.Kind; p.Plan.Hardware.GPUsPerNode.Set && (k == plan.FromProject || k == plan.FromFlag) {
			return
		}
		if p.Plan.Processes.Set {
			return // an Accelerate config names num_processes
		}
		_, how, ok := c.WorldSize()
		if ok {
			return
		}
		pos := c.Pos
		for _, name := range []string{"nproc_per_node", "num_gpus", "include", "num_processes", "ntasks", "ntasks_per_node", "nnodes", "num_nodes"} {
			if _, val, ok := c.LauncherFlag(name); ok && !val.Known {
				pos = val.Pos
				break
			}
		}
		launcher := c.Launcher
		if launcher == "" {
			launcher = c.Program.Text
		}
		f := lint.Finding{File: p.Job.Script.Path, Line: pos.Line, Column: pos.Column,
			Message: fmt.Sprintf("the number of processes %q starts is known only at run time (%s); trainlint assumed %s, so batch and memory checks may describe another job", launcher, how, plural(p.Plan.World(), "GPU"))}
		f.Notes = append(f.Notes, "declare hardware.gpus_per_node (and hardware.nodes) in .trainlint.yaml, or pass --gpus, to check the job at its real size")
		p.Report(f)
	},
}
