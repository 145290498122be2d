package lint_test

import "testing"

// wild4Dir is the fourth held-out corpus: 199 files from 15 public
// repositories in neither shared corpus nor testdata/wild, wild2, wild3,
// wild-rl or wild-rl2 (QLoRA, DeepSeek-Coder, LESS, deita, HALOs,
// Phi3-Vision-Finetune, TinyLlama, CogVLM, CogVLM2, NExT-GPT, MetaMath,
// trlx, Monkey, Otter and Ask-Anything), collected on 3 December 2026.
// Each repository's training scripts and config folders were copied whole
// (data samples and Python sources left out), not picked by whether
// trainlint reads them. Its MANIFEST.tsv names each file's repository,
// commit and license.
const wild4Dir = "../testdata/wild4"

// The floors the fourth held-out corpus must hold. Measured untuned, before
// any change made for it, on 3 December 2026 with
// `go test ./lint -run TestWild4 -v` (every job on 8 × h100-80gb): 199
// files, 189 jobs, 25 naming a model, memory estimated for 11 of them
// (44.0%); 54 files passed over in silence (listed below; 23 marked
// "gap": 11 training launches that carry no memory-not-checked finding,
// LESS's two LoRA launches, HALOs' online PPO loop and 8 VideoChat2
// launches, and 12 training configs in formats trainlint does not read,
// NeMo Megatron 6, trlx's TRLConfig 2, NExT-GPT's legacy stages 2 and
// MiniGPT-4's runner 2); no usage error, no input error, and
// `trainlint lint --gpu h100-80gb --gpus 8 FILE` exits 2 on none of the 199
// files. 21 error findings on 8 files (12 rows of testdata/triage/errors.tsv):
// 20 true (apex's opt_level and fp16 keys under DeepSpeed's fp16 and bf16
// sections, bf16 "enable", fp16.min_loss_scale 0.5, NExT-GPT's legacy
// train_batch_size 2 over micro batch 1 × accumulation 1), 1 false alarm
// (NExT-GPT's LLaVA-derived finetune.sh estimated at the 2,048-token cap).
// Of the 14 named jobs not estimated, 9 name a model outside the catalog
// (Pythia-12B, LLaMA-30B and -65B, Fuyu-8B 2, InternVL2-2B 2, two TinyLlama
// intermediate checkpoints) and 5 are evaluation or generation scripts. Of
// the 164 jobs naming no model, most are launch scripts that pass the
// model through a variable or a Hydra group (HALOs' model=llama) or
// DeepSpeed and Accelerate files linted alone; 2U1's Phi-3-vision
// scripts name theirs with --model_id, which is not read. All 11 estimated
// jobs are training jobs, so 44.0% is also the honest untuned share.
// After the launch-not-read warning and the name guess (194 jobs, 13 of 26
// estimated, 50.0%), catalog entries for LLaMA-33B and -65B, Pythia-12B and
// TinyLlama's intermediate checkpoints made 17 of 26 (65.4%): no longer held
// out. Of the 9 left, 5 are evaluation or generation scripts and 4 name
// Fuyu-8B (listed as not modelled) or InternVL2-2B (no config.json of it
// was at hand). The InternVL2-2B catalog entry (InternLM2-1.8B with
// InternViT-300M, 2,205,754,368 against the hub's 2.21B) and Mini-Monkey's
// minimonkey_chat_finetune.py read as InternVL's fine-tune script with its
// own defaults (its --grad_checkpoint True was not read, so the full
// fine-tune was priced without checkpointing: a false 81.4 GiB out-of-memory
// error, now 31.1 GiB) made 19 of 26 (73.1%).
// was at hand).
// A launch's own --model_id and --model_name read as the model
// (read/frontend_trainer.go scriptModelFlags; 2U1's Phi-3-vision scripts
// among them): 22 of 33 estimated (66.7%).
// Both merged (InternVL2-2B, Mini-Monkey and the launch model flags): 24 of 33 (72.7%).
// NeMo's Hydra config declined by name (read/frontend_nemo.go, made for
// the seventh corpus's NeMo-Aligner configs): trlx's 6 NeMo Megatron
// configs carry the memory-not-checked finding naming NeMo instead of
// being passed over in silence (200 jobs).
// A change that makes trainlint read fewer of these files, or estimate
// fewer of their jobs, fails here; raise the floors when a change raises
// the numbers.
const (
	minWild4Jobs      = 200
	minWild4Named     = 33
	minWild4Estimated = 24
	minWild4Share     = 0.727
)

// wild4Silent are fourth-corpus files that trainlint passes over without a
// word, with why; an entry no longer silent fails the test.
var wild4Silent = map[string]string{
	"princeton-nlp__LESS/evaluation/eval.sh":                                                     "a library of shell functions that the evaluation scripts source; runs nothing",
	"princeton-nlp__LESS/less/scripts/get_info/rep/get_eval_lora_reps.sh":                        "an empty file upstream",
	"ContextualAI__HALOs/config/loss/bradley-terry.yaml":                                         "a Hydra config group (loss=) that HALOs' launch.py composes; no model or launcher of its own",
	"ContextualAI__HALOs/config/loss/grpo.yaml":                                                  "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/loss/ipo.yaml":                                                   "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/loss/kto.yaml":                                                   "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/loss/ppo.yaml":                                                   "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/loss/simpo.yaml":                                                 "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/loss/slic.yaml":                                                  "a Hydra loss group, as bradley-terry.yaml",
	"ContextualAI__HALOs/config/model/gemma.yaml":                                                "a Hydra model group (model=) that launch.py composes over base_model.yaml",
	"ContextualAI__HALOs/config/model/llama.yaml":                                                "a Hydra model group, as gemma.yaml",
	"ContextualAI__HALOs/config/model/mistral.yaml":                                              "a Hydra model group, as gemma.yaml",
	"ContextualAI__HALOs/config/model/pythia.yaml":                                               "a Hydra model group, as gemma.yaml",
	"ContextualAI__HALOs/config/model/qwen.yaml":                                                 "a Hydra model group, as gemma.yaml",
	"2U1__Phi3-Vision-Finetune/src/model/Phi3_5_vision/config.json":                              "a Hugging Face model config.json (Phi-3.5-vision), not a training config",
	"2U1__Phi3-Vision-Finetune/src/model/Phi3_vision/config.json":                                "a Hugging Face model config.json (Phi-3-vision), not a training config",
	"NExT-GPT__NExT-GPT/NExT-GPT-Lagacy/code/config/stage_1.yaml":                                "gap: NExT-GPT's legacy stage-1 training config for its own train.py (epochs, max_length, dataset list), not recognized",
	"NExT-GPT__NExT-GPT/NExT-GPT-Lagacy/code/config/stage_2.yaml":                                "gap: as stage_1.yaml, the legacy stage-2 training config",
	"CarperAI__trlx/configs/sweeps/ilql_sweep.yml":                                               "a Ray Tune search space (tune_config, hyperparameter ranges) for trlx's sweep script, not a job",
	"CarperAI__trlx/configs/sweeps/ppo_sweep.yml":                                                "a Ray Tune search space, as ilql_sweep.yml",
	"CarperAI__trlx/configs/test_config.yml":                                                     "gap: a trlx TRLConfig (train, model, optimizer, method sections) for its tests; trlx's config format is not read",
	"CarperAI__trlx/examples/experiments/grounded_program_synthesis/configs/trlx_ppo_config.yml": "gap: a trlx TRLConfig for a PPO example, as test_config.yml",
	"CarperAI__trlx/scripts/slurm_train.sh":                                                      "a Slurm wrapper that srun's another script ($TRAIN_SCRIPT, default accelerate_train_example.sh) named by a positional parameter",
	"Luodian__Otter/pipeline/benchmarks/public_datasets_suite/config.yaml":                       "the benchmark datasets' paths for Otter's evaluation suite, not a training config",
	"Luodian__Otter/pipeline/train/config.yaml":                                                  "lists instruction and image data paths (mimicit_vt_path, images_vt_path); no model or launcher",
	"Luodian__Otter/shared_scripts/Demo_Data.yaml":                                               "a data mixture (instruction and image parquet paths per dataset group) that Demo_OtterMPT.sh names",
	"Luodian__Otter/src/otter_ai/models/otter/utils/Otter-MPT7B-config.json":                     "a model config.json, as Otter_MPT7B_Train_Decoder.json",
	"Luodian__Otter/src/otter_ai/models/otter/utils/config.json":                                 "a model config.json, as Otter_MPT7B_Train_Decoder.json",
}

// TestWild4 lints the fourth held-out corpus as TestWild lints the first.
func TestWild4(t *testing.T) {
	heldOut{
		dir:         wild4Dir,
		inputErrors: map[string]string{},
		owed:        map[string]string{},
		silent:      wild4Silent,
		jobs:        minWild4Jobs,
		named:       minWild4Named,
		estimated:   minWild4Estimated,
		share:       minWild4Share,
	}.check(t)
}
