package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// HjsonSyntax reports comments and trailing commas in JSON files that a
// strict JSON reader will load.
var HjsonSyntax = &lint.Rule{
	ID:       "hjson-syntax",
	Severity: lint.Error,
	Summary:  "a JSON config has comments or trailing commas that json.load rejects",
	Doc: lint.Doc{
		What: "Reports `//`, `#` and `/* */` comments and trailing commas in JSON configs. DeepSpeed reads its own file with hjson, which accepts them; " +
			"the Hugging Face Trainer and Accelerate load a DeepSpeed file with Python's json.load, and HfArgumentParser loads Trainer JSON and Accelerate its JSON config the same way.",
		Why: "json.load stops at the first comment or trailing comma (`json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes`) before training starts. " +
			"A DeepSpeed file that worked with `deepspeed --deepspeed_config` breaks once a Trainer loads it. " +
			"Error when the file is known to go through json.load; warning for a DeepSpeed file whose launcher is not known; nothing for plain DeepSpeed. NaN and Infinity are accepted by both readers.",
		Example:    "{\n  // ZeRO-2\n  \"zero_optimization\": {\"stage\": 2},\n}",
		UseInstead: "{\n  \"zero_optimization\": {\"stage\": 2}\n}",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (hjson.load)", "huggingface/transformers v5.x src/transformers/integrations/deepspeed.py (HfDeepSpeedConfig: json.load)", "huggingface/accelerate v1.15 src/accelerate/utils/deepspeed.py (HfDeepSpeedConfig)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\ndeepspeed: zero.json\n",
		"zero.json":  "{\n  // ZeRO-2\n  \"train_micro_batch_size_per_gpu\": \"auto\",\n  \"zero_optimization\": {\"stage\": 2},\n}\n",
	}},
	Check: func(p *lint.Pass) {
		for _, file := range p.Job.Files() {
			if file.Doc == nil || file.Doc.Format != document.JSON {
				continue
			}
			var sev lint.Severity
			var reader string
			switch {
			case file == p.Job.DeepSpeed && file.Format == read.DeepSpeed:
				switch launcher(p) {
				case "deepspeed":
					continue
				case "hf-trainer", "accelerate":
					sev, reader = lint.Error, "the Hugging Face integration loads this DeepSpeed config with json.load"
				default:
					sev, reader = lint.Warning, "DeepSpeed's hjson reader accepts it, but the Hugging Face Trainer and Accelerate load DeepSpeed configs with json.load"
				}
			case file.Format == read.Accelerate:
				sev, reader = lint.Error, "Accelerate loads a JSON config with json.load"
			case file.Format == read.Trainer || file.Format == read.LlamaFactory:
				sev, reader = lint.Error, "HfArgumentParser loads a JSON file with json.load"
			default:
				continue
			}
			var exts []document.Extension
			for _, e := range file.Doc.Extensions {
				if e.What == "comment" || e.What == "trailing comma" {
					exts = append(exts, e)
				}
			}
			if len(exts) == 0 {
				continue
			}
			e := exts[0]
			f := lint.Finding{File: file.Path, Line: e.Pos.Line, Column: e.Pos.Column, Severity: sev,
				Message: fmt.Sprintf("a %s is not JSON; %s", e.What, reader)}
			for _, more := range exts[1:] {
				f.Notes = append(f.Notes, fmt.Sprintf("another %s at line %d, column %d", more.What, more.Pos.Line, more.Pos.Column))
			}
			p.Report(f)
		}
	},
}
