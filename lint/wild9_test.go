package lint_test

import "testing"

// wild9Dir is the ninth held-out corpus: 245 files from 21 public
// repositories in neither shared corpus nor any earlier testdata corpus
// (awsome-distributed-training, llm-action, SpecForge, EVA, zero_nlp,
// LLaVA-Plus, unicom's MLCD-VL, dart-math, R1-Onevision, EAGLE,
// Skywork-R1V, axolotl-cookbook, OpenCoder, Medusa, agent-rl, CogAgent,
// self-llm, SeeClick, MiniCPM-V-CookBook, OpenFedLLM, nanoVLM), collected
// on 3 December 2026 by a helper that neither ran trainlint on them nor
// changed its code. Its README.md says how they were chosen; MANIFEST.tsv
// names each file's repository, commit, license and documented hardware;
// TRUTH.tsv is the collector's own reading of each file (kind, model,
// public or not, world size), made without trainlint.
const wild9Dir = "../testdata/wild9"

// The floors the ninth held-out corpus must hold. Measured untuned on 3
// December 2026 with `go test ./lint -run 'TestWild9$' -v` (every job on
// 8 × h100-80gb), on main after the session's other merges and before any
// change made for it: 245 files, 225 jobs, 102 naming a model, memory
// estimated for 58 of them (56.9%); 83 of the 102 train a public model (18
// evaluate, serve, infer or merge; 1 starts from an earlier stage's
// checkpoint), 69.9% of those. What the training jobs not estimated lack:
// models outside the catalog (ChatGLM-6B, Vicuna-33B, DeepSeek-Math-7B,
// MiniCPM-o 2.6, InternLM-7B, Wizard-Vicuna), paths on the authors'
// machines and placeholders. 45 files passed over in silence, listed below
// with why: 41 of SpecForge's and EAGLE's files (draft-model configs and
// SpecForge's own trainer configs and launches, a framework not read), a
// SageMaker HyperPod job, a Megatron-DeepSpeed launch, wrappers and a
// hostfile. No usage errors, no input errors. Error findings, not yet
// triaged: schema-violation 23 (17 of them EVA's `do_eval: "no"`, a quoted
// string where TrainingArguments has a boolean), gpu-out-of-memory 3,
// world-size-mismatch 3, duplicate-key 2, trainer-unknown-key 2.
// And Vicuna-33B v1.3 in the catalog as an alias of LLaMA-33B (Medusa's
// train_vicuna_33b_8bit.sh): 59 of 102 estimated (57.8%). ChatGLM-6B and
// InternLM-7B are listed as not modelled, with why. DeepSeekMath-7B as an
// alias of DeepSeek-LLM-7B makes it 61 (59.8%), but both of the jobs it adds
// (dart-math's synth-vrt.sh and search-temperature.sh) are vLLM generation
// runs of pipeline/gen.py, read as training and drawing false
// gpu-out-of-memory warnings, so the floor stays at 59.
// And Qwen1.5-1.8B in the catalog (zero_nlp's train_qwen LoRA launch names
// model/Qwen1.5-1.8B-Chat): 62 of 102 (60.8%), 60 without the two
// generation runs, the floor.
// And Medusa's head training declined by name (read/frontend_medusa.go: its
// base model is frozen and run without gradients; it had drawn false
// gpu-out-of-memory errors of 267 and 383 GiB as a full fine-tune): 60 of
// 102 (58.8%), the two generation runs among them; error findings
// gpu-out-of-memory 2 (agent-rl's GRPO launches).
// And gen.py and gen_*.py read as generation (read/notraining.go):
// dart-math's two vLLM sampling runs are no longer priced as training: 58
// of 102 (56.9%), 58 of the 79 that train a public model (73.4%).
// The error findings triaged (testdata/triage/errors.tsv), and the false
// alarms among them fixed where the owning rule or reader misread: EVA's 17
// `do_eval: "no"` are warnings (HfArgumentParser keeps the string, which
// tests true; EVA's run_dpo.py and run_sppo.py set do_eval False anyway),
// EAGLE-3's "fp16.enabled": "true" a warning (its README starts DeepSpeed
// on its own, and Accelerate fills only "auto" values), llm-action's two
// duplicate keys warnings (a file with "auto" values is json.load-ed by the
// Trainer, the last value winning), R1-Onevision's two train_mm_proj_only
// warnings (a LLaMA-Factory v0.8.0 to v0.9.1 field its own copy still has),
// agent-rl's three world-size mismatches gone (the process count is the
// machine's nvidia-smi count less one, capped at 10: unknown, not 9 or
// 10). Left: zero_nlp's five fp16.min_loss_scale 1e-10 (true) and
// agent-rl's two GRPO gpu-out-of-memory (false alarms owed to the RL
// memory model). Coverage unchanged.
// And SpecForge's run configs read, with the draft configs they name
// (read/frontend_specforge.go), HyperPodPyTorchJob read by the job-spec
// reader, sbatch SCRIPT ARGS followed and Megatron launches declined by
// name (read/frontend_megatron_lm.go): 243 jobs, 13 files silent (EAGLE's 8
// draft configs, which no launch here names; SpecForge's two disaggregated
// launches; the hostfile and two wrappers); 16 SpecForge and 12 Megatron
// jobs say why their memory is not checked; still 58 of 102 estimated.
// And OPT 2.7B to 30B in the catalog (llm-action's DeepSpeed-Chat step-1
// run_13b.sh loads /home/guodong.li/model/hf-opt-2.7b): 59 of 102
// (57.8%), 59 of the 79 (74.7%).
//
// A change that makes trainlint read fewer of these files, or estimate
// fewer of their jobs, fails here; raise the floors when a change raises
// the numbers.
const (
	minWild9Jobs      = 243
	minWild9Named     = 102
	minWild9Estimated = 59
	minWild9Share     = 0.578
)

// wild9Silent are ninth-corpus files that trainlint passes over without a
// word, with why; an entry no longer silent fails the test.
var wild9Silent = map[string]string{
	"SafeAILab__EAGLE/eagle/train/Mixtral_8x7B_config.json":     "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/llama_2_chat_13B_config.json": "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/llama_2_chat_70B_config.json": "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/llama_2_chat_7B_config.json":  "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/vicuna_13B_config.json":       "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/vicuna_33B_config.json":       "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/train/vicuna_7B_config.json":        "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"SafeAILab__EAGLE/eagle/traineagle3/config.json":            "the draft model's config.json that EAGLE's training builds its head from; no launch of the corpus names it (the EAGLE frontend reads it with one)",
	"hkust-nlp__dart-math/cfgs/deepspeed/hostfile":              "a DeepSpeed hostfile (hosts and slots), not a training config",
	"sgl-project__SpecForge/examples/disagg/run_offline.sh":     "runs `\"$specforge_bin\" train --config \"$config\"`, the binary found by `command -v` and the config given at run time ($CONFIG), which the shell reader does not follow: a training job missed",
	"sgl-project__SpecForge/examples/disagg/run_online.sh":      "runs `\"$specforge_bin\" train --config \"$config\"`, the binary found by `command -v` and the config given at run time ($CONFIG), which the shell reader does not follow: a training job missed",
}

// TestWild9 lints the ninth held-out corpus as TestWild lints the first.
func TestWild9(t *testing.T) {
	heldOut{
		dir:         wild9Dir,
		inputErrors: map[string]string{},
		owed:        map[string]string{},
		silent:      wild9Silent,
		jobs:        minWild9Jobs,
		named:       minWild9Named,
		estimated:   minWild9Estimated,
		share:       minWild9Share,
	}.check(t)
}
