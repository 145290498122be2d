package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TrainerDeepSpeedAndFSDP reports Trainer arguments that turn on both
// DeepSpeed and FSDP.
var TrainerDeepSpeedAndFSDP = &lint.Rule{
	ID:       "trainer-deepspeed-and-fsdp",
	Severity: lint.Error,
	Summary:  "the Trainer arguments enable both DeepSpeed and FSDP",
	Doc: lint.Doc{
		What:       "Reports Trainer arguments that set both `deepspeed` (a config path or mapping) and `fsdp` (a sharding mode).",
		Why:        "Both shard the model and own the optimizer; the Trainer refuses the pair: `Using --fsdp xxx together with --deepspeed is not possible, deactivate one of those flags.`",
		Example:    "deepspeed: ds_zero3.json\nfsdp: full_shard auto_wrap",
		UseInstead: "deepspeed: ds_zero3.json",
		References: []string{"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.create_accelerator_and_postprocess)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nfsdp: full_shard auto_wrap\ndeepspeed: zero3.json\n",
		"zero3.json": `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		if j.Trainer != nil && j.Trainer.Format == read.Axolotl {
			return // axolotl-deepspeed-and-fsdp
		}
		ds := trainerArg(j, "deepspeed")
		fs := trainerArg(j, "fsdp")
		if !ds.known() || !fs.known() || !fsdpOn(fs.val) || (ds.val.Kind == yaml.ScalarNode && (ds.val.Value == "" || strings.EqualFold(ds.val.Value, "false"))) {
			return
		}
		p.Report(finding(fs.conf.file, fs.at(), "\"fsdp\" is %s and \"deepspeed\" is set (%s); the Trainer runs one of them, not both", quote(fs.val), posOf(ds.conf.file, ds.at())))
	},
}

// fsdpOn reports whether an fsdp argument turns FSDP on.
func fsdpOn(n *yaml.Node) bool {
	switch {
	case n == nil || document.IsNull(n):
		return false
	case n.Kind == yaml.SequenceNode:
		return len(n.Content) > 0
	case n.Kind == yaml.ScalarNode:
		v := strings.ToLower(strings.TrimSpace(n.Value))
		return v != "" && v != "false" && v != "no" && v != "none"
	}
	return false
}
