package read

import "gopkg.in/yaml.v3"

// moshiFinetune is kyutai-labs/moshi-finetune's config (example/moshi_7B.yaml
// at 2acc879): mistral-finetune's layout for the Moshi speech model, with
// moshi_paths (the checkpoint's files) where mistral-finetune has
// model_id_or_path, duration_sec of audio per sample, full_finetuning
// beside lora, and optim a mapping (lr, weight_decay, pct_start) where an
// HF Trainer YAML has an optimizer name.
var moshiFinetune = declinedConfig{
	format: MoshiFinetune,
	name:   "moshi-finetune",
	why:    "its own trainer (train.py: FSDP over the torchrun world, the Moshi audio-text model and its Mimi codec) is not modelled",
	recognize: func(_ *yaml.Node, keys map[string]bool) bool {
		return keys["moshi_paths"] && keys["run_dir"] &&
			countKeys(keys, "duration_sec", "batch_size", "max_steps", "optim", "lora", "full_finetuning", "save_adapters", "ckpt_freq") >= 3
	},
}
