package rules

import (
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// TrainerPrefetchWithoutWorkers reports a dataloader prefetch factor
// without worker processes.
var TrainerPrefetchWithoutWorkers = &lint.Rule{
	ID:       "trainer-prefetch-without-workers",
	Severity: lint.Error,
	Summary:  "dataloader_prefetch_factor is set while dataloader_num_workers is 0",
	Doc: lint.Doc{
		What:       "Reports `dataloader_prefetch_factor` set in Trainer arguments whose `dataloader_num_workers` is 0 (its default).",
		Why:        "Prefetching is done by worker processes; TrainingArguments stops: `--dataloader_prefetch_factor can only be set when data is loaded in a different process, i.e. when --dataloader_num_workers > 0.`",
		Example:    "dataloader_prefetch_factor: 4",
		UseInstead: "dataloader_num_workers: 4\ndataloader_prefetch_factor: 4",
		References: []string{"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments._validate_args, called from __post_init__)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\ndataloader_prefetch_factor: 4\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		pf := trainerArg(j, "dataloader_prefetch_factor")
		if !pf.known() || document.IsNull(pf.val) {
			return
		}
		workers := trainerArg(j, "dataloader_num_workers")
		n, ok := intOf(workers.val)
		switch {
		case workers.found() && (!ok || n > 0):
			return
		case !workers.found() && !trainerDefaultsApply(j):
			return
		}
		p.Report(finding(pf.conf.file, pf.at(), "\"dataloader_prefetch_factor\" is %s but \"dataloader_num_workers\" is 0; prefetching needs worker processes", quote(pf.val)))
	},
}
