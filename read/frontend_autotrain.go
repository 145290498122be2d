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
