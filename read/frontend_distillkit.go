package read

import "gopkg.in/yaml.v3"

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
