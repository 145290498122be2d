package read

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// declinedConfig is a framework whose own YAML trainlint recognizes, so
// that it is neither passed over in silence nor misread as another
// framework's (an HF Trainer YAML, whose schema it would fail), but does
// not read: the job gets the memory-not-checked finding naming the
// framework, the model it trains where the config names one, and why.
type declinedConfig struct {
	format Format
	name   string // as the finding names the framework
	why    string // what of its memory is not modelled
	// recognize reports whether a document's top-level keys are the
	// framework's: several of its distinctive keys, never one.
	recognize func(root *yaml.Node, keys map[string]bool) bool
	// models are the key paths that may name the model trained, the
	// first one set literally is named.
	models [][]string
}

// declinedConfigs are the declined frameworks, each defined in its own
// file.
var declinedConfigs = []declinedConfig{llmFoundry, areal, alignAnything, oumi, mistralFinetune, lmflowIterativeDPO, roll, h2oLLMStudio, distillKit, nemo, moshiFinetune}

// configArgFormats are the formats a launch's single config-file argument
// is read as: the Trainer-like ones, and the declined frameworks' own, so
// that a launch of one joins its config and carries the finding naming it.
var configArgFormats = func() []Format {
	fs := []Format{Trainer, LlamaFactory, Axolotl, AutoTrain}
	for _, d := range declinedConfigs {
		fs = append(fs, d.format)
	}
	return fs
}()

// detectDeclined returns the format of the declined framework whose keys
// the document has, or Unknown.
func detectDeclined(root *yaml.Node, keys map[string]bool) Format {
	for _, d := range declinedConfigs {
		if d.recognize(root, keys) {
			return d.format
		}
	}
	return Unknown
}

// declined is the frontend of the declined frameworks: it owns their
// configs and records the gap naming them.
var declined = frontend{
	name: "llm-foundry, AReaL, align-anything, oumi, mistral-finetune, LMFlow iterative DPO, ROLL, H2O LLM Studio, DistillKit, NeMo (declined)",
	reads: "llm-foundry train YAML (model.name, train_loader, global_train_batch_size, device_train_microbatch_size); " +
		"AReaL experiment YAML (experiment_name, trial_name, cluster, actor, rollout); align-anything train YAML (train_cfgs, model_cfgs, data_cfgs); " +
		"oumi train YAML (model.model_name, training, data, peft, fsdp); mistral-finetune YAML (model_id_or_path, run_dir, seq_len, lora, optim); " +
		"LMFlow iterative DPO YAML (do_response_generation, do_scoring, do_dpo_align); ROLL pipeline YAML (pretrain, actor_train, actor_infer, reference); " +
		"H2O LLM Studio experiment YAML (llm_backbone, problem_type, architecture, training); " +
		"DistillKit YAML (model, teacher, loss_functions, training_args); " +
		"NeMo Hydra YAML (trainer.num_nodes, trainer.devices, trainer.accelerator, model): " +
		"named as not read, with the reason",
	owns: func(_ *Job, s settings) bool {
		return s.file != nil && s.root == s.file.Root && declinedOf(s.file.Format) != nil
	},
	apply: applyDeclined,
}

func declinedOf(f Format) *declinedConfig {
	for i := range declinedConfigs {
		if declinedConfigs[i].format == f {
			return &declinedConfigs[i]
		}
	}
	return nil
}

// applyDeclined records that the config's framework is not read, naming
// the model its config sets when it sets one literally.
func applyDeclined(p *plan.Plan, s settings) {
	d := declinedOf(s.file.Format)
	what := d.name + " config: not read"
	at := plan.At(s.file.Path, 1, 1, "")
	for _, key := range d.models {
		if n := nodeAt(s.root, key); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" && n.Value != "" && !strings.Contains(n.Value, "${") {
			what += ": model " + n.Value
			at = plan.At(s.file.Path, n.Line, n.Column, strings.Join(key, "."))
			break
		}
	}
	recipeGap(p, what, d.why, at)
}

// nodeAt is the node at a key path of mappings, or nil.
func nodeAt(n *yaml.Node, path []string) *yaml.Node {
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		_, n = document.Get(n, k)
	}
	if len(path) == 0 {
		return nil
	}
	return n
}

// mapping reports whether the document's key holds a mapping.
func mapping(root *yaml.Node, key string) bool {
	_, v := document.Get(root, key)
	return v != nil && v.Kind == yaml.MappingNode
}

// countKeys is how many of names the document has at its top level.
func countKeys(keys map[string]bool, names ...string) int {
	n := 0
	for _, k := range names {
		if keys[k] {
			n++
		}
	}
	return n
}
