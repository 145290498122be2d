package read

import "gopkg.in/yaml.v3"

// roll is alibaba's ROLL: its pipeline YAMLs are Hydra documents of the
// dataclasses in roll/configs/base_config.py and roll/pipeline/*/
// (alibaba/ROLL at 8eb27cc): the model in pretrain, and one WorkerConfig
// per role (actor_train, actor_infer, reference, critic, rewards), each
// with its own strategy_args (megatron_train, deepspeed_train, fsdp2_train,
// vllm, sglang) and device_mapping, the GPUs the role's workers take.
var roll = declinedConfig{
	format: ROLL,
	name:   "ROLL",
	why:    "its workers (actor_train, actor_infer, reference, each on the GPUs of its device_mapping with its own strategy_args) are not modelled",
	recognize: func(root *yaml.Node, keys map[string]bool) bool {
		return keys["pretrain"] && mapping(root, "actor_train") && (mapping(root, "actor_infer") || mapping(root, "reference"))
	},
	models: [][]string{{"pretrain"}},
}
