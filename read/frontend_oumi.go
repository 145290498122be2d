package read

import (
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// oumi is oumi-ai's oumi (`oumi train -c config.yaml`): its training YAMLs
// are the TrainingConfig dataclass (oumi-ai/oumi at d8ed077,
// src/oumi/core/configs/training_config.py), whose top-level sections are
// model (ModelParams: model_name, model_max_length, torch_dtype_str), data,
// training (TrainingParams: trainer_type, per_device_train_batch_size,
// gradient_accumulation_steps, enable_gradient_checkpointing), peft, fsdp
// and deepspeed.
var oumi = declinedConfig{
	format: Oumi,
	name:   "oumi",
	why:    "its TrainingConfig sections (model, training, peft, fsdp, deepspeed) are not mapped",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		_, m := document.Get(root, "model")
		if m == nil || m.Kind != yaml.MappingNode || !mapping(root, "training") {
			return false
		}
		if _, name := document.Get(m, "model_name"); name == nil || name.Kind != yaml.ScalarNode {
			return false
		}
		return countKeys(keys, "data", "peft", "fsdp", "deepspeed") >= 1
	},
	models: [][]string{{"model", "model_name"}},
}

// mistralFinetune is mistralai's mistral-finetune (`torchrun -m train
// config.yaml`): its YAML is the TrainArgs dataclass (mistralai/mistral-finetune
// at 1943535, finetune/args.py): model_id_or_path, run_dir, data
// (instruct_data), lora (rank), seq_len (tokens per device), batch_size,
// num_microbatches, max_steps, optim (lr, weight_decay, pct_start),
// checkpoint, save_adapters. Its optim is a mapping where an HF Trainer
// YAML has an optimizer name.
var mistralFinetune = declinedConfig{
	format: MistralFinetune,
	name:   "mistral-finetune",
	why:    "its own trainer (train.py: FSDP over the torchrun world, LoRA unless lora is off, seq_len tokens per device) is not mapped",
	recognize: func(_ *yaml.Node, keys map[string]bool) bool {
		return keys["model_id_or_path"] && keys["run_dir"] &&
			countKeys(keys, "seq_len", "batch_size", "num_microbatches", "max_steps", "optim", "lora", "save_adapters", "ckpt_freq") >= 3
	},
	models: [][]string{{"model_id_or_path"}},
}
