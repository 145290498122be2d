package read

import (
	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// autoTrain is Hugging Face's AutoTrain Advanced (`autotrain --config
// config.yml`): its YAML is what AutoTrainConfigParser reads
// (huggingface/autotrain-advanced at b5c98fb, src/autotrain/parser.py
// _parse_config): task (llm-sft, llm-orpo, vlm:vqa, text_classification,
// …), base_model, project_name, log, backend, data (path, splits,
// column_mapping), params (the task's parameters: block_size, batch_size,
// peft, quantization, mixed_precision, …) and hub.
var autoTrain = declinedConfig{
	format: AutoTrain,
	name:   "AutoTrain",
	why:    "its task and params (block_size, batch_size, gradient_accumulation, peft, quantization, mixed_precision) are not mapped",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		_, task := document.Get(root, "task")
		return task != nil && task.Kind == yaml.ScalarNode && keys["base_model"] && mapping(root, "params") &&
			countKeys(keys, "project_name", "data", "backend", "log", "hub") >= 2
	},
	models: [][]string{{"base_model"}},
}

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

// distillKit is arcee-ai's DistillKit (`distillkit config.yaml`): its YAML
// is the DistillationRunConfig model (arcee-ai/DistillKit at a61c2e7,
// distillkit/configuration.py): model (the student, train_model's alias),
// teacher (a model, or a dataset of its logits), loss_functions,
// sequence_length, layer_mapping and training_args, the TrainingArguments
// that sit under their own key.
var distillKit = declinedConfig{
	format: DistillKit,
	name:   "DistillKit",
	why:    "distillation runs a teacher (or reads its logits) beside the student, which the estimate does not model",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		return mapping(root, "teacher") && keys["loss_functions"] && (keys["model"] || keys["train_model"]) &&
			countKeys(keys, "training_args", "sequence_length", "dataset", "layer_mapping") >= 2
	},
	models: [][]string{{"model"}, {"train_model"}},
}
