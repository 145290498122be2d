package read

import "gopkg.in/yaml.v3"

// areal is inclusionAI's AReaL: its experiment YAMLs are OmegaConf
// documents of the dataclasses in areal/api/cli_args.py
// (inclusionAI/AReaL at 56bad8b): BaseExperimentConfig's
// experiment_name, trial_name, cluster (ClusterSpecConfig: n_nodes,
// n_gpus_per_node), total_train_epochs, tokenizer_path; SFTConfig's
// actor; GRPOConfig's and PPOConfig's rollout (InferenceEngineConfig),
// gconfig (GenerationHyperparameters), actor and ref (PPOActorConfig, whose
// path names the model) and critic.
var areal = declinedConfig{
	format: AReaL,
	name:   "AReaL",
	why:    "its training engines (placed by actor.backend, such as fsdp:d4p1t1) and, for RL, the SGLang or vLLM rollout servers that share the cluster are not modelled",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		return mapping(root, "actor") && mapping(root, "cluster") && keys["experiment_name"] && keys["trial_name"] &&
			countKeys(keys, "rollout", "gconfig", "total_train_epochs", "tokenizer_path") >= 1
	},
	models: [][]string{{"actor", "path"}},
}
