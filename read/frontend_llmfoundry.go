package read

import (
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// llmFoundry is MosaicML's llm-foundry (scripts/train/train.py): its
// YAMLs are OmegaConf documents whose top-level keys are the fields of
// TrainConfig (mosaicml/llm-foundry llmfoundry/utils/config_utils.py:
// model, tokenizer, optimizer, train_loader, max_seq_len,
// global_train_batch_size, device_train_microbatch_size, fsdp_config,
// precision, variables, ...), with model.name choosing a registered
// builder (hf_causal_lm, mpt_causal_lm, hf_t5). Values are often
// ${variables.*} interpolations OmegaConf resolves at load time, which an
// HF Trainer schema reads as strings.
var llmFoundry = declinedConfig{
	format: LLMFoundry,
	name:   "llm-foundry",
	why:    "its Composer trainer's keys (global_train_batch_size, device_train_microbatch_size, fsdp_config, precision) and ${variables.*} interpolations are not mapped",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		_, m := document.Get(root, "model")
		if m == nil || m.Kind != yaml.MappingNode || !mapping(root, "train_loader") {
			return false
		}
		if _, name := document.Get(m, "name"); name == nil || name.Kind != yaml.ScalarNode {
			return false
		}
		return countKeys(keys, "max_seq_len", "global_train_batch_size", "device_train_microbatch_size", "fsdp_config", "variables", "max_duration", "precision") >= 3
	},
	models: [][]string{{"model", "pretrained_model_name_or_path"}},
}
