package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// TrainerSaveOnlyModelShardedFSDP reports save_only_model with an FSDP
// plugin that saves sharded state dicts.
var TrainerSaveOnlyModelShardedFSDP = &lint.Rule{
	ID:       "trainer-save-only-model-sharded-fsdp",
	Severity: lint.Error,
	Summary:  "save_only_model with FSDP's SHARDED_STATE_DICT",
	Doc: lint.Doc{
		What: "Reports `save_only_model: true` in Trainer arguments of a job whose Accelerate config runs FSDP with `fsdp_state_dict_type: SHARDED_STATE_DICT`.",
		Why: "A sharded checkpoint without the optimizer cannot be turned back into a model by the Trainer; `Trainer.create_accelerator_and_postprocess` raises " +
			"`save_only_model option is not compatible with FSDP state dict type 'SHARDED_STATE_DICT'` before training.",
		Example:    "# accelerate config: fsdp_config: {fsdp_state_dict_type: SHARDED_STATE_DICT}\nsave_only_model: true",
		UseInstead: "# accelerate config: fsdp_config: {fsdp_state_dict_type: FULL_STATE_DICT}\nsave_only_model: true",
		FixSafety:  "Safe for the run: the fix saves full checkpoints (optimizer states too), which takes more disk.",
		References: []string{
			"huggingface/transformers v5.x src/transformers/trainer.py (Trainer.create_accelerator_and_postprocess)",
			"huggingface/accelerate v1.15 src/accelerate/utils/dataclasses.py (FullyShardedDataParallelPlugin.state_dict_type, set from fsdp_state_dict_type)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"sharded.yaml":  "compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nfsdp_config:\n  fsdp_state_dict_type: SHARDED_STATE_DICT\n  fsdp_version: 2\nmixed_precision: bf16\nnum_processes: 8\n",
		"fsdp_train.sh": "accelerate launch --config_file sharded.yaml train.py --output_dir out --save_only_model true --bf16 true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		acc := accConf(p.Job)
		if !acc.ok() {
			return
		}
		if _, dt := acc.get("distributed_type"); dt == nil || !strings.EqualFold(dt.Value, "FSDP") {
			return
		}
		_, sd := acc.get("fsdp_config.fsdp_state_dict_type")
		if sd == nil || !strings.EqualFold(sd.Value, "SHARDED_STATE_DICT") {
			return
		}
		so := trainerArg(p.Job, "save_only_model")
		if !isTrue(so.val) {
			return
		}
		f := finding(so.conf.file, so.at(), "\"save_only_model\" is true but the Accelerate config saves FSDP checkpoints as SHARDED_STATE_DICT (%s); the Trainer raises before training", posOf(acc.file, sd))
		if ch, ok := so.conf.change(lint.Set, false, "save_only_model"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `save_only_model` to false", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
