// Package read loads training configuration files, recognizes their format
// from their content, follows the references between them (a Trainer file
// naming a DeepSpeed file, an Accelerate file naming one, a launch script
// naming both) and normalizes each job into one plan.Plan.
package read

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// Format is the kind of configuration a file holds.
type Format string

// The formats trainlint reads.
const (
	Unknown      Format = ""
	DeepSpeed    Format = "deepspeed"
	Trainer      Format = "trainer"
	Accelerate   Format = "accelerate"
	LlamaFactory Format = "llamafactory"
	Axolotl      Format = "axolotl"
	Torchtune    Format = "torchtune"
	LitGPT       Format = "litgpt"
	NemoRL       Format = "nemo-rl"
	Script       Format = "launch-script"
	Project      Format = "project"
	Verl         Format = "verl"      // a verl or EasyR1 Hydra/OmegaConf base config (ppo_trainer.yaml)
	AutoTrain    Format = "autotrain" // an AutoTrain Advanced config (`autotrain --config`)
	OlmOCR       Format = "olmocr"    // olmocr's trainer config (`python -m olmocr.train.train --config`)
	SpecForge    Format = "specforge" // SpecForge's run config (`specforge train --config`)
	// Formats recognized only to be declined by name (frontend_declined.go).
	LLMFoundry         Format = "llm-foundry"
	AReaL              Format = "areal"
	AlignAnything      Format = "align-anything"
	Oumi               Format = "oumi"
	MistralFinetune    Format = "mistral-finetune"
	MoshiFinetune      Format = "moshi-finetune"
	LMFlowIterativeDPO Format = "lmflow-iterative-dpo"
	ROLL               Format = "roll"
	LLMQLoRA           Format = "llm-qlora"
	H2OLLMStudio       Format = "h2o-llmstudio"
	DistillKit         Format = "distillkit"
	NeMo               Format = "nemo"
)

// Keys that mark each format. A file is recognized when enough of its
// top-level keys belong to one format; ties and weak matches stay Unknown
// rather than being guessed at. Each framework's own key set sits with its
// frontend (deepSpeedKeys, trainerKeys, ...).
var (
	projectKeys = keySet(`hardware model training gpus models rules ignore`)
)

func keySet(s string) map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(s) {
		m[k] = true
	}
	return m
}

// Detect recognizes a parsed document's format from its keys. It returns
// Unknown with a reason when the document is none of the formats.
func Detect(d *document.Document) (Format, string) {
	root := d.Root
	if root == nil || root.Kind != yaml.MappingNode {
		return Unknown, "the top level is " + document.Kind(root) + ", not a mapping of settings"
	}
	if len(root.Content) == 0 {
		return Unknown, "the file holds no settings"
	}
	keys := map[string]bool{}
	for _, p := range document.Pairs(root) {
		keys[p.Key.Value] = true
	}
	if _, ok := readJobSpec(d); ok {
		return JobSpec, ""
	}
	if f := detectDeclined(root, keys); f != Unknown {
		return f, ""
	}
	if isSpecForge(root, keys) {
		return SpecForge, ""
	}
	if isAutoTrain(root, keys) {
		return AutoTrain, ""
	}
	if _, v := document.Get(root, "training_args"); v != nil && v.Kind == yaml.MappingNode {
		return Trainer, ""
	}
	if keys["hardware"] && (keys["training"] || keys["model"] || len(keys) <= 6) {
		only := true
		for k := range keys {
			only = only && projectKeys[k]
		}
		if only {
			return Project, ""
		}
	}
	if f := detectRecipe(root, keys); f != Unknown {
		return f, ""
	}
	score := func(set map[string]bool) int {
		n := 0
		for k := range keys {
			if set[k] {
				n++
			}
		}
		return n
	}
	ds, acc, tr := score(deepSpeedKeys), score(accelerateKeys), score(trainerKeys)
	lf, ax := score(llamaFactoryKeys), score(axolotlKeys)
	switch {
	case acc >= 2 && (keys["distributed_type"] || keys["compute_environment"] || keys["num_processes"]):
		return Accelerate, ""
	case keys["actor_rollout_ref"] || (keys["worker"] && keys["trainer"] && keys["algorithm"]):
		// verl's ppo_trainer.yaml, and EasyR1's config.yaml.
		return Verl, ""
	case keys["base_model"] && ax >= 3:
		return Axolotl, ""
	case keys["model_class"] && (keys["model"] || keys["peft_config"] || keys["quant_config"] || keys["dist_config"]),
		keys["dist_config"] && keys["train_dataset"]:
		// LLaMA-Factory v1 (examples/v1): model/model_class, peft_config,
		// quant_config, dist_config. model_class beside model_name_or_path
		// is another program's own argument (llm2vec's ModelArguments).
		return LlamaFactory, ""
	case (keys["stage"] || keys["finetuning_type"]) && lf >= 3 && (keys["template"] || keys["finetuning_type"] || keys["cutoff_len"]):
		return LlamaFactory, ""
	case d.Format == document.JSON && ds >= 2 && ds*2 >= len(keys) && !keys["output_dir"]:
		return DeepSpeed, ""
	case (keys["zero_optimization"] || keys["train_micro_batch_size_per_gpu"] || keys["train_batch_size"]) && ds >= 2 && !keys["output_dir"]:
		return DeepSpeed, ""
	case tr >= 2:
		return Trainer, ""
	case ds >= 2 && ds*2 >= len(keys):
		return DeepSpeed, ""
	case d.Format == document.JSON && ds == len(keys) && (keys["zero_optimization"] || keys["train_micro_batch_size_per_gpu"] || keys["train_batch_size"]):
		// A fragment such as DeepSpeed's autotuning templates: only
		// DeepSpeed keys, one of them unmistakable.
		return DeepSpeed, ""
	case d.Format == document.JSON && keys["zero_optimization"] && ds*2 >= len(keys) && !keys["output_dir"]:
		// A minimal ZeRO config beside one misplaced key (ShowUI's
		// ds_configs/zero1.json: zero_optimization.stage with
		// stage3_gather_16bit_weights_on_model_save at the top level):
		// zero_optimization is DeepSpeed's own section.
		return DeepSpeed, ""
	}
	return Unknown, "its keys match no DeepSpeed, Trainer, Accelerate, LLaMA-Factory or axolotl config"
}
