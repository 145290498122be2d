package rules

import (
	"path/filepath"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// WorldSizeMismatch reports a launcher that starts a different number of
// processes than the GPUs declared.
var WorldSizeMismatch = &lint.Rule{
	ID:       "world-size-mismatch",
	Severity: lint.Error,
	Summary:  "the launcher starts a different number of processes than the GPUs declared",
	Doc: lint.Doc{
		What: "Compares the processes the launcher starts (Accelerate's `num_processes`, deepspeed's `--num_gpus`, torchrun's `--nproc_per_node` × `--nnodes`) with the GPUs declared in .trainlint.yaml or with --gpus/--nodes.",
		Why: "More processes than GPUs: each extra rank selects a GPU that does not exist and stops with `CUDA error: invalid device ordinal` (error). " +
			"Fewer: GPUs sit idle, and the batch arithmetic and the memory estimate (ZeRO divides by the world size) describe another job than the one that runs (warning).",
		Example:    "accelerate.yaml: num_processes: 8   # .trainlint.yaml: hardware.gpus_per_node: 4",
		UseInstead: "accelerate.yaml: num_processes: 4",
		References: []string{"https://huggingface.co/docs/accelerate/basic_tutorials/launch", "https://pytorch.org/docs/stable/elastic/run.html"},
	},
	Example: lint.Example{
		Files:   map[string]string{"accelerate.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: bf16\nnum_processes: 8\n"},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 4\n",
	},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.Processes.Set || !pl.Processes.From.Positioned() || !pl.Hardware.GPUsPerNode.Set {
			return
		}
		if k := pl.Hardware.GPUsPerNode.From.Kind; k != plan.FromProject && k != plan.FromFlag {
			return
		}
		procs, gpus := pl.Processes.V, pl.World()
		if procs == gpus {
			return
		}
		from := pl.Processes.From
		f := p.FindingAt(from, "the launch starts %d processes but %s declares %d GPUs", procs, declarer(pl.Hardware.GPUsPerNode.From), gpus)
		if from.Note != "" {
			f.Notes = append(f.Notes, "processes: "+from.Note)
		}
		if procs > gpus {
			f.Message += "; the extra ranks have no GPU and fail with \"invalid device ordinal\""
		} else {
			f.Message += "; the other GPUs stay idle and the batch and memory figures assume a world size that does not run"
			f.Severity = lint.Warning
		}
		p.Report(f)
	},
}

// declarer names where a hardware value was declared: ".trainlint.yaml
// (hardware.gpus_per_node)" or "--gpus".
func declarer(o plan.Origin) string {
	if o.Kind == plan.FromFlag {
		return o.Key
	}
	return filepath.Base(o.File) + " (" + o.Key + ")"
}
