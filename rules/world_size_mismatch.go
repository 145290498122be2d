package rules

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// WorldSizeMismatch reports a launcher that starts a different number of
// processes than the GPUs declared.
var WorldSizeMismatch = &lint.Rule{
	ID:       "world-size-mismatch",
	Severity: lint.Error,
	Summary:  "the launcher starts a different number of processes than the GPUs declared",
	Doc: lint.Doc{
		What: "Compares the processes the launcher starts (Accelerate's `num_processes`, deepspeed's `--num_gpus`, torchrun's `--nproc_per_node` × `--nnodes`) with the GPUs declared in .trainlint.yaml or with --gpus/--nodes. " +
			"An OpenRLHF Ray job's actor is one of the groups Ray places: fewer actor processes than GPUs are not reported when the other models and the vLLM engines take the rest.",
		Why: "More processes than GPUs: each extra rank selects a GPU that does not exist and stops with `CUDA error: invalid device ordinal` (error). " +
			"Without a declared node count, a process count that is a multiple of the GPUs per node is taken as a multi-node launch and only asks for the node count (warning). Fewer: GPUs sit idle, and the batch arithmetic and the memory estimate (ZeRO divides by the world size) describe another job than the one that runs (warning).",
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
		if place, ok := read.ReadOpenRLHFPlacement(p.Job); ok && procs < gpus && place.Total >= gpus {
			// The actor's processes are one of the groups Ray places; the
			// reference, critic, reward model and vLLM engines take the
			// other GPUs (rl-ray-gpus-exceed-cluster checks the sum).
			return
		}
		perNode := max(1, pl.Hardware.GPUsPerNode.V)
		from := pl.Processes.From
		who := declarer(pl.Hardware.GPUsPerNode.From)
		var f lint.Finding
		if local, ok := processesPerNode(p); ok {
			if local == perNode {
				return
			}
			f = p.FindingAt(from, "the launch starts %s per node but %s declares %d GPUs per node", pluralize(local, "process", "processes"), who, perNode)
			if local > perNode {
				f.Message += "; the extra ranks have no GPU and fail with \"invalid device ordinal\""
			} else {
				f.Message += "; the other GPUs stay idle and the batch and memory figures assume a world size that does not run"
				f.Severity = lint.Warning
			}
		} else {
			if procs == gpus {
				return
			}
			f = p.FindingAt(from, "the launch starts %s but %s declares %d GPUs", pluralize(procs, "process", "processes"), who, gpus)
			switch {
			case procs > gpus && !pl.Hardware.Nodes.Set && procs%perNode == 0:
				// Likely a multi-node launch whose node count was not declared.
				f.Message = fmt.Sprintf("the launch starts %s, %d nodes of the %d GPUs per node declared (%s), but no node count is declared; set hardware.nodes to %d, or the batch and memory figures assume one node",
					pluralize(procs, "process", "processes"), procs/perNode, perNode, who, procs/perNode)
				f.Severity = lint.Warning
			case procs > gpus:
				f.Message += "; the extra ranks have no GPU and fail with \"invalid device ordinal\""
			default:
				f.Message += "; the other GPUs stay idle and the batch and memory figures assume a world size that does not run"
				f.Severity = lint.Warning
			}
		}
		if from.Note != "" {
			f.Notes = append(f.Notes, "processes: "+from.Note)
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

// processesPerNode is the number of processes the launcher starts on each
// node, when the launch says so: Accelerate's num_processes over
// num_machines (1 by default), or the per-node flag of torchrun, deepspeed
// and accelerate launch.
func processesPerNode(p *lint.Pass) (int, bool) {
	j := p.Job
	if acc := accConf(p.Job); acc.ok() && p.Plan.Processes.From.File == acc.file.Path {
		machines := int64(1)
		if _, v := acc.get("num_machines"); v != nil {
			n, ok := intOf(v)
			if !ok || n < 1 {
				return 0, false
			}
			machines = n
		}
		return p.Plan.Processes.V / int(machines), true
	}
	if j.Command == nil {
		return 0, false
	}
	for _, flag := range []string{"nproc_per_node", "num_gpus"} {
		if _, w, ok := j.Command.LauncherFlag(flag); ok {
			n, err := strconv.Atoi(w.Text)
			if !w.Known || err != nil || n < 1 {
				return 0, false
			}
			return n, true
		}
	}
	return 0, false
}
