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
// Since a launch script or a YAML named like a training config that is read
// into no job says so (not-a-training-config, naming the programs a script
// runs), 43 of the 44 silent files are said; the AlpacaEval model config
// stays silent, named like no training config.
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
	"uclaml__SPPO/models_configs/Mistral7B-PairRM-SPPO-Iter3/configs.yaml": "an AlpacaEval model config (vLLM completions), not a training config",
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
