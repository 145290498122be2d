package lint_test

import "testing"

// wild10Dir is the tenth held-out corpus: 232 files from 20 public
// repositories in neither shared corpus nor any earlier testdata corpus
// (a fork of ms-swift with its users' launches, malaya, AutoAlign,
// magpie, DeepSparkHub, SeLeRoSa, ScaleBench, SPPO, V-Thinker, Veritas,
// NExT-Chat, OpenDataArena-Tool, UGround, SWE-Gym, CritiqueFineTuning,
// TokenSkip, ScaleQuest, STAR-1, Thyme, Mono-InternVL), collected on 3
// December 2026 by a helper that neither ran trainlint on them nor changed
// its code. Its README.md says how they were chosen; MANIFEST.tsv names
// each file's repository, commit, license and documented hardware;
// TRUTH.tsv is the collector's own reading of each file.
const wild10Dir = "../testdata/wild10"

// The floors the tenth held-out corpus must hold. Measured untuned on 3
// December 2026 with `go test ./lint -run 'TestWild10$' -v` (every job on 8
// × h100-80gb), on main after the session's other merges and before any
// change made for it: 232 files, 216 jobs, 134 naming a model, memory
// estimated for 95 of them (70.9%); 131 of the 134 train a public model
// (3 evaluate, serve, infer or merge), 72.5% of those. The aim is 80%: not
// met. What the training jobs not estimated lack: 39 name a model the
// catalog does not know or a path on the authors' machines, 9 run recipes
// not modelled, 2 Megatron launches. 44 files passed over in silence
// (wild10Silent) and 10 valid LLaMA-Factory configs reported as input
// errors (wild10Owed). Error findings other than input errors:
// gpu-out-of-memory 3 (V-Thinker's perception.sh at 322 GiB and two of the
// ms-swift fork's full ZeRO-2 pre-training launches), not yet triaged.
const (
	minWild10Jobs      = 216
	minWild10Named     = 134
	minWild10Estimated = 95
	minWild10Share     = 0.708
)

// wild10Owed are valid files of the tenth corpus reported as input errors
// when measured untuned: bugs owed a fix.
var wild10Owed = map[string]string{
	"Deep-Spark__DeepSparkHub/models/nlp/llm/qwen2.5-7b/pytorch/qwen2_5-7b_full_sft.yaml":                               "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
	"Deep-Spark__DeepSparkHub/models/nlp/llm/yi-vl-6b/pytorch/yi_vl_6b_full_sft.yaml":                                   "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/VLM_train/train_config/qwen3_config.yaml":                                        "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/model_train/train_config/llama_config.yaml":                                      "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z2_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/model_train/train_config/llama_long_config.yaml":                                 "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z2_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/model_train/train_config/qwen3_config.yaml":                                      "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/model_train/train_config/qwen_config.yaml":                                       "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z2_config.json\" not found",
	"OpenDataArena__OpenDataArena-Tool/model_train/train_config/qwen_long_config.yaml":                                  "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z2_config.json\" not found",
	"TIGER-AI-Lab__CritiqueFineTuning/train/scripts/train_qwen2_5-32b-instruct-cft/qwen2.5-32b-cft-webinstruct-4k.yaml": "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
	"TIGER-AI-Lab__CritiqueFineTuning/train/scripts/train_qwen2_5-math-7b-cft/qwen2.5-math-7b-cft-webinstruct-50k.yaml": "LLaMA-Factory resolves examples/deepspeed/ from its own checkout, the working directory it runs in: deepspeed: file \"examples/deepspeed/ds_z3_config.json\" not found",
}

// wild10Silent are tenth-corpus files trainlint passed over without a
// word when measured untuned, with why; an entry no longer silent fails
// the test.
var wild10Silent = map[string]string{
	"OSU-NLP-Group__UGround/train/qwen2_vl/finetune_uground_v1_2b.yaml":                   "a MosaicML platform (mcli) run of llm-foundry fine-tuning Qwen2-VL: not read",
	"OSU-NLP-Group__UGround/train/qwen2_vl/finetune_uground_v1_72b_full.yaml":             "a MosaicML platform (mcli) run of llm-foundry fine-tuning Qwen2-VL: not read",
	"OSU-NLP-Group__UGround/train/qwen2_vl/finetune_uground_v1_72b_lora.yaml":             "a MosaicML platform (mcli) run of llm-foundry fine-tuning Qwen2-VL: not read",
	"OSU-NLP-Group__UGround/train/qwen2_vl/finetune_uground_v1_7b.yaml":                   "a MosaicML platform (mcli) run of llm-foundry fine-tuning Qwen2-VL: not read",
	"OpenDataArena__OpenDataArena-Tool/model_eval/eval_script/test_qwen3.sh":              "an evaluation script: not read",
	"TIGER-AI-Lab__CritiqueFineTuning/tools/scripts/evaluate.sh":                          "an evaluation script: not read",
	"icip-cas__AutoAlign/algorithms/pcon/train_dpo.sh":                                    "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/algorithms/rlcd_sys/train_dpo.sh":                                "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/algorithms/spin/train_dpo.sh":                                    "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/dpo_qwen2_5_7b_dummy.sh":                           "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/rm_llama3-8b_utlrafeedback.sh":                     "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_gemma2-9b_ultrachat_deepspeed.sh":              "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_glm4_ultrachat_deepspeed.sh":                   "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama2-7b_ultrachat_deepspeed.sh":              "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama3-8b_ultrachat_deepspeed.sh":              "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama3-8b_wildchat_deepspeed.sh":               "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama3.1-8b_infinite_deepspeed.sh":             "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama3.1-8b_ultrachat_deepspeed.sh":            "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_llama3.2-1b_infinite_7m_deespeed.sh":           "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_mistral-01-7b_ultrachat_deepspeed.sh":          "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_mistral-03-7b_ultrachat_deepspeed.sh":          "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_qwen-3-1.7b_infinite_7m_deespeed.sh":           "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_qwen1.5_14b_ultrachat_deepspeed.sh":            "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_qwen2-7b_infinite_deepspeed.sh":                "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_qwen2-7b_ultrachat_deepspeed.sh":               "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_qwen2.5-7b-ultrachat_Ascend.sh":                "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_tinyllama_infinite_deepspeed.sh":               "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_yi1.5-9b_infinite_deepspeed.sh":                "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train/sft_yi1.5-9b_ultrachat_deepspeed.sh":               "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train_dpo.sh":                                            "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train_rm.sh":                                             "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"icip-cas__AutoAlign/scripts/train_sft.sh":                                            "autoalign-cli, or a wrapper exporting its variables for bash scripts/train_*.sh (a path from the repository root): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_12b_it_ft.sh":                         "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_1b_it_ft.sh":                          "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_27b_it_ft.sh":                         "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_27b_it_ft_inference.sh":               "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_27b_it_inference.sh":                  "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/gemma3/gemma3_4b_it_ft.sh":                          "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/llama3_1/llama3_1_ft.sh":                            "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/rogemma2/rogemma2_instruct_dpo_ft.sh":               "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/rollama3_1/rollama3_1_instruct_dpo_ft.sh":           "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"razvanalex-phd__SeLeRoSa/scripts/romistral_7b/romistral_7b_instruct_dpo_ft.sh":       "exports read by a sourced generic script found through $(dirname \"$0\"): not read",
	"uclaml__SPPO/models_configs/Mistral7B-PairRM-SPPO-Iter3/configs.yaml":                "an AlpacaEval model config (vLLM completions), not a training config",
}

// TestWild10 lints the tenth held-out corpus as TestWild lints the first.
func TestWild10(t *testing.T) {
	heldOut{
		dir:         wild10Dir,
		inputErrors: map[string]string{},
		owed:        wild10Owed,
		silent:      wild10Silent,
		jobs:        minWild10Jobs,
		named:       minWild10Named,
		estimated:   minWild10Estimated,
		share:       minWild10Share,
	}.check(t)
}
