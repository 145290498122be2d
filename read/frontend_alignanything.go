package read

import "gopkg.in/yaml.v3"

// alignAnything is PKU-Alignment's align-anything: a trainer reads its
// YAML (align_anything/configs/train/<modality>/<method>.yaml) with
// read_cfgs (PKU-Alignment/align-anything align_anything/utils/tools.py),
// whose top-level sections are train_cfgs (ds_cfgs naming one of the
// package's DeepSpeed configs, per_device_train_batch_size, ...),
// data_cfgs, logger_cfgs, model_cfgs (model_name_or_path, or
// actor_model_name_or_path for PPO and GRPO), lora_cfgs and bnb_cfgs;
// command-line flags override its keys.
var alignAnything = declinedConfig{
	format: AlignAnything,
	name:   "align-anything",
	why:    "its sections (train_cfgs, model_cfgs, and the DeepSpeed config train_cfgs.ds_cfgs names inside the installed package) are not mapped",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		return mapping(root, "train_cfgs") && mapping(root, "model_cfgs") && countKeys(keys, "data_cfgs", "logger_cfgs", "lora_cfgs", "bnb_cfgs") >= 1
	},
	models: [][]string{{"model_cfgs", "model_name_or_path"}, {"model_cfgs", "actor_model_name_or_path"}},
}
