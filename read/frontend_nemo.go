package read

import "gopkg.in/yaml.v3"

// nemo is NVIDIA NeMo's Hydra config for its Megatron models, as
// NeMo-Aligner's training programs take it (NVIDIA/NeMo-Aligner af2b3bd
// examples/nlp/gpt/conf/gpt_sft.yaml, gpt_dpo.yaml, training_rm.yaml, …):
// a trainer section of PyTorch Lightning's Trainer arguments (num_nodes,
// devices, accelerator) beside the algorithm's own settings, and a model
// section for NeMo's MegatronGPTModel (micro_batch_size,
// tensor_model_parallel_size, restore_from_path), restored from a .nemo
// checkpoint that model.restore_from_path or
// pretrained_checkpoint.restore_from_path names.
var nemo = declinedConfig{
	format: NeMo,
	name:   "NeMo",
	why:    "NeMo's Megatron models (tensor and pipeline parallelism, its distributed optimizer) and .nemo checkpoints are not modelled",
	recognize: func(root *yaml.Node, _ map[string]bool) bool {
		if !mapping(root, "trainer") || !mapping(root, "model") {
			return false
		}
		n := 0
		for _, k := range []string{"num_nodes", "devices", "accelerator"} {
			if nodeAt(root, []string{"trainer", k}) != nil {
				n++
			}
		}
		return n == 3
	},
	models: [][]string{{"pretrained_checkpoint", "restore_from_path"}, {"model", "restore_from_path"}},
}
