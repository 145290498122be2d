package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
)

// lowHeadroom is the share of the GPU's memory below which the headroom
// left at the predicted peak is reported: the margin fix and generate keep,
// so their output lints clean.
const lowHeadroom = generate.DefaultMargin

// GPUMemoryHeadroomLow reports a job that fits the GPU with little room.
var GPUMemoryHeadroomLow = &lint.Rule{
	ID:       "gpu-memory-headroom-low",
	Severity: lint.Warning,
	Summary:  "the predicted peak leaves less than 10% of the GPU's memory free",
	Doc: lint.Doc{
		What: "Reports a job whose predicted per-GPU peak fits, but with less than 10% of the GPU's memory to spare.",
		Why: "The estimate is a prediction: longer samples than assumed, allocator fragmentation over a long run, an evaluation pass or a checkpoint save can each add a few GiB. " +
			"With little headroom the job can run out of memory hours in, instead of at the start.",
		Example:    "predicted peak 74.1 GiB on an 80 GB H100 (79.6 GiB usable)",
		UseInstead: "enable gradient checkpointing or lower the micro batch until about 10% is free (see `trainlint generate`)",
		FixSafety:  "The first fix is the cheapest combination of changes predicted to leave 10% free (safe ones when they suffice); the others are single changes, each labelled safe or unsafe, with its predicted peak.",
		References: []string{"https://pytorch.org/docs/stable/notes/cuda.html#optimizing-memory-usage-with-pytorch-cuda-alloc-conf", "README: Accuracy (the estimator's measured error)"},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Llama-3.2-1B\ntorch_dtype: bfloat16\nbf16: true\nper_device_train_batch_size: 6\nmax_seq_length: 1024\ngradient_checkpointing: true\n",
		},
		Project: "hardware:\n  gpu: a10g-24gb\n  gpus_per_node: 1\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		est := p.Estimate
		if est == nil || est.Capacity <= 0 || est.Peak > est.Capacity {
			return
		}
		free := est.Capacity - est.Peak
		// An architecture whose measured runs peaked above the estimate
		// (estimate.Result.Low) needs that much more room.
		if free >= lowHeadroom*est.Capacity+est.Low*est.Peak {
			return
		}
		msg := fmt.Sprintf("predicted peak %s per GPU leaves %s (%.0f%%) of the %s of %s", gib(est.Peak), gib(free), 100*free/est.Capacity, gib(est.Capacity), est.GPU.Name)
		aim := fmt.Sprintf("; aim for at least %.0f%% headroom", 100*lowHeadroom)
		switch {
		case est.Low > 0:
			msg += fmt.Sprintf(", but a measured run of this architecture peaked %.0f%% above its estimate", 100*est.Low)
			aim += " beyond that"
		case est.Verdict() == estimate.Tight:
			msg = fmt.Sprintf("tight: %s, within the estimate's ±%.0f%% band", msg, 100*estimate.TightBand)
		}
		f := memoryFinding(p, "%s", msg+aim)
		// Both notes quote the plan's limits: one search.
		limits, limitsErr := estimate.FindLimits(p.Plan)
		if un := undeclared(p, limits, limitsErr); len(un) > 0 {
			f.Notes = append(f.Notes, "the verdict rests on what the configs do not say:")
			f.Notes = append(f.Notes, un...)
		}
		f.Notes = append(f.Notes, limitsNote(limits, limitsErr)...)
		f.Notes = append(f.Notes, memoryNotes(est)...)
		fixes, suggestions := memoryFixes(p, lowHeadroom)
		f.Fixes = fixes
		f.Notes = append(f.Notes, suggestions...)
		p.Report(f)
	},
}
