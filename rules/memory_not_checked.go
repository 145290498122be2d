package rules

import (
	"slices"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// MemoryNotChecked reports a job whose memory could not be estimated, so
// that "no problems found" never stands for a check that did not run.
var MemoryNotChecked = &lint.Rule{
	ID:       "memory-not-checked",
	Severity: lint.Warning,
	Summary:  "the job's GPU memory was not estimated, and why",
	Doc: lint.Doc{
		What: "Reports, once per job, that its peak GPU memory was not estimated and why: no model named; a model trainlint could not find " +
			"(not in the catalog, nor a local folder or config.json, nor in the Hugging Face or ModelScope cache); a model config.json whose `model_type` or keys it cannot read; " +
			"no GPU declared; a job that runs on TPUs (PyTorch/XLA: `PJRT_DEVICE=TPU`, `accelerate launch --tpu`), whose devices are not GPUs; or a DeepSpeed config linted without the job that uses it, whose micro batch and sequence length would be invented. " +
			"The notes give the one line of .trainlint.yaml (or the flag) that lets the estimate run. An unknown world size is not a reason: the declared hardware is used.",
		Why: "Out-of-memory risk is what trainlint checks first. A run that skipped it and said nothing would read as a pass: a job with a model trainlint does not know " +
			"would go to the queue with its memory unchecked. Raise the rule to `error` in a project file (`rules: {memory-not-checked: error}`) to make CI insist on the check.",
		Example:    "model_name_or_path: acme/secret-13b   # a private model: neither in the catalog nor in a local cache",
		UseInstead: "model_config: models/secret-13b/config.json   # in .trainlint.yaml: the model's Hugging Face config",
		FixSafety:  "No automatic fix: only the user knows the model or the hardware. The notes name the declaration to add.",
		References: []string{"README: How a model is found", "https://huggingface.co/docs/huggingface_hub/guides/manage-cache"},
	},
	Example: lint.Example{
		Files:   map[string]string{"train.yaml": "output_dir: out\nmodel_name_or_path: acme/secret-13b\nbf16: true\nper_device_train_batch_size: 4\n"},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n",
	},
	Check: func(p *lint.Pass) {
		gaps := p.Plan.MemoryGaps
		// A job that does not train gets not-a-training-job instead.
		if p.Estimate != nil || len(gaps) == 0 || p.Plan.NotTraining.Set {
			return
		}
		var whats, notes []string
		for _, g := range gaps {
			what := g.What
			if g.Detail != "" {
				what += " (" + g.Detail + ")"
			}
			whats = append(whats, what)
			if fix := "to check it: " + g.Fix; g.Fix != "" && !slices.Contains(notes, fix) {
				notes = append(notes, fix)
			}
		}
		at := modelOrigin(p)
		if o := gaps[0].At; o.Positioned() && o.File == p.Job.Primary.Path {
			at = o
		}
		f := p.FindingAt(at, "memory not checked: %s", strings.Join(whats, "; "))
		f.Notes = notes
		p.Report(f)
	},
}

// modelOrigin is where the job's primary file names its model; the
// finding otherwise sits at the start of that file, so a config several
// jobs share does not collect one finding per job.
func modelOrigin(p *lint.Pass) plan.Origin {
	if o := p.Plan.ModelRef.From; o.Positioned() && o.File == p.Job.Primary.Path {
		return o
	}
	return plan.Origin{}
}
