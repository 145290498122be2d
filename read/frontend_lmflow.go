package read

import "gopkg.in/yaml.v3"

// lmflowIterativeDPO is OptimalScale's LMFlow iterative DPO pipeline
// (`python examples/iterative_dpo_train.py configs/iterative_dpo.yaml`):
// one HfArgumentParser YAML of ModelArguments, its reference_ and reward_
// copies, DatasetArguments and IterativeDPOAlignerArguments
// (OptimalScale/LMFlow at f3597db, src/lmflow/args.py: do_response_generation,
// do_scoring, do_dpo_align). For each dataset it generates responses with
// vLLM, scores them with the reward model and trains DPO, one after another
// (src/lmflow/pipeline/iterative_dpo_aligner.py, _align_single_iteration).
var lmflowIterativeDPO = declinedConfig{
	format: LMFlowIterativeDPO,
	name:   "LMFlow iterative DPO",
	why:    "its stages (vLLM generation, reward-model scoring, DPO training against a reference model), run one after another each iteration, are not mapped",
	recognize: func(_ *yaml.Node, keys map[string]bool) bool {
		return keys["model_name_or_path"] && countKeys(keys, "do_response_generation", "do_scoring", "do_dpo_align") >= 2 &&
			countKeys(keys, "reward_model_name_or_path", "reference_model_name_or_path", "dataset_path_list") >= 1
	},
	models: [][]string{{"model_name_or_path"}},
}
