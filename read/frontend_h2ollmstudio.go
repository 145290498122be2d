package read

import "gopkg.in/yaml.v3"

// h2oLLMStudio is H2O LLM Studio's experiment YAML (`llm_studio/train.py
// -Y config.yaml`): the ConfigProblemBase dataclass
// (h2oai/h2o-llmstudio at a4971c1,
// llm_studio/python_configs/text_causal_language_modeling_config.py) with
// llm_backbone, problem_type and the sections architecture (backbone_dtype,
// gradient_checkpointing), training (batch_size, lora, epochs), tokenizer
// (max_length), environment and dataset.
var h2oLLMStudio = declinedConfig{
	format: H2OLLMStudio,
	name:   "H2O LLM Studio",
	why:    "its experiment sections (architecture, training, tokenizer, environment) are not mapped",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		return keys["llm_backbone"] && keys["problem_type"] && mapping(root, "training") && mapping(root, "architecture")
	},
	models: [][]string{{"llm_backbone"}},
}
