package lint_test

import "testing"

// wild6Dir is the sixth held-out corpus: 146 files from 15 public
// repositories in neither shared corpus nor any earlier testdata corpus
// (EasyContext, 2U1's Llama3.2-Vision, Gemma3 and SmolVLM fine-tune
// repositories, ProLong, VideoMind, LLaMA-VID, Step-DPO, Apollo, ShowUI,
// EVE, aguvis, LIMO, VITA and VideoChat-Flash), collected on 3 December
// 2026. Each repository's training scripts and config folders were copied
// whole (data samples, prompt templates and Python sources left out), not
// picked by whether trainlint reads them. Its MANIFEST.tsv names each
// file's repository, commit and license.
const wild6Dir = "../testdata/wild6"

// The floors the sixth held-out corpus must hold. Measured untuned, before
// any change made for it, on 3 December 2026 with
// `go test ./lint -run TestWild6 -v` (every job on 8 × h100-80gb): 146
// files, 210 jobs, 60 naming a model, memory estimated for 22 of them
// (36.7%); 1 file passed over in silence (ShowUI's zero1.json);
// `trainlint lint --gpu h100-80gb --gpus 8 FILE` exits 2 on none of the
// 146 files (9 exit 1). No input errors. 3 error findings on 3 files, none
// on an evaluation or inference script, all false alarms (rows of
// testdata/triage/errors.tsv): EasyContext's zero3_offload.json
// warmup_max_lr against a learning_rate its own train.py reads, not the
// Trainer's; Step-DPO's two accelerate configs with mixed_precision a
// plain no, which every Step-DPO launch overrides with --mixed_precision
// bf16.
// Of the 60 named jobs, 18 are not training (EVE's test_all_benchmark.sh
// 10, LLaMA-VID's evaluation scripts 6 by their local checkpoint, 2U1's
// merge_lora.sh 3, Apollo's 4.eval.sh 1 — some of these counted twice
// as named and not-a-training-job) and most of the rest name local
// checkpoints (EVE's checkpoints/EVEv2-stage*, VideoMind's model_zoo,
// VITA's Mixtral-8x7B_modVocab/mg2hg, VideoChat-Flash's
// Your_stage2_checkpoint_path); VideoChat-Flash's Qwen/Qwen2_5-7B-Instruct
// and Qwen/Qwen2_5-1.5B-Instruct (4 jobs) are its local folder names for
// Qwen2.5. Of the 150 jobs naming no model, 21 name a public model under a
// flag trainlint does not read: 2U1's --model_id (15: Gemma 3, Llama 3.2
// Vision, SmolVLM), ShowUI's --model_id (1), ProLong's --model_name (3),
// EasyContext's --model (2 of its 16 launches; the other 14 name an
// earlier stage's output folder): counting them, 22 of 81 (27.2%) is the
// honest untuned share.
//
// After changes made for this corpus (no longer held out): a launch's own
// --model_id and --model_name read as the model (read/frontend_trainer.go
// scriptModelFlags; not --model, which evaluation launches use for other
// things, nor model_name beside ms-swift's --model): 79 named, 40 estimated
// (50.6%); the same change raised wild3, wild4 and wild5.
// Programs in an eval/, evaluation/ or serve/ folder read as evaluation or
// serving (LLaMA-VID's llamavid/eval/model_*_qa.py, EVE's
// eve/eval/summarize_gpt_review.py and playground/data/eval scorers,
// aguvis's src/aguvis/serve/cli.py): 10 more jobs carry the
// not-a-training-job finding instead of model unknown or no model named
// (103 in all); the counts stay.
// A version's dot written as an underscore read as the dot by the
// catalog's variant match (catalog/lookup.go maskedDot): VideoChat-Flash's
// Qwen/Qwen2_5-7B-Instruct and Qwen/Qwen2_5-1.5B-Instruct (4 jobs) resolve
// to Qwen2.5: 44 of 79 estimated (55.7%).
// schema-violation reports an Accelerate config value that the job's
// accelerate launch gives as its own option as a warning: Step-DPO's two
// mixed_precision errors go (every launch passes --mixed_precision bf16),
// leaving 1 error finding, EasyContext's, a false alarm owed a fix.
// A JSON file with zero_optimization and DeepSpeed keys for at least half
// its keys read as DeepSpeed (read/format.go): ShowUI's zero1.json, its
// stage3_gather_16bit_weights_on_model_save at the top level, is no longer
// passed over in silence (211 jobs; no file silent).
// A launched Python program of the repository that calls backward itself
// and builds no Trainer runs its own loop (read/ownloop.go): with
// EasyContext's train.py copied beside its scripts, its accelerate loop's
// false ds-hf-value-mismatch error goes, leaving no error finding.
// Measured 44 of 79 (55.7%) on 3 December 2026; showlab/ShowUI-2B as an
// alias of Qwen2-VL-2B-Instruct, its model card's base model: 45 (57.0%).
// ShowUI's train.py read by its own frontend (read/frontend_showui.go):
// run.sh's --ds_zero zero2 attaches ds_configs/zero2.json as its DeepSpeed
// config, so that file is no longer linted alone (210 jobs, the same
// files read); the job names showlab/ShowUI-2B.
//
// A change that makes trainlint read fewer of these files, or estimate
// fewer of their jobs, fails here; raise the floors when a change raises
// the numbers.
const (
	minWild6Jobs      = 210
	minWild6Named     = 79
	minWild6Estimated = 45
	minWild6Share     = 0.569
)

// wild6Silent are sixth-corpus files that trainlint passes over without a
// word, with why; an entry no longer silent fails the test.
var wild6Silent = map[string]string{
	// Not a config: the program EasyContext's launches run, copied so that
	// read/ownloop.go sees its accelerate loop (and no Trainer).
	"jzhang38__EasyContext/train.py": "the Python program its launch scripts run, read only to tell its own training loop from the Trainer",
}

// TestWild6 lints the sixth held-out corpus as TestWild lints the first.
func TestWild6(t *testing.T) {
	heldOut{
		dir:         wild6Dir,
		inputErrors: map[string]string{},
		owed:        map[string]string{},
		silent:      wild6Silent,
		jobs:        minWild6Jobs,
		named:       minWild6Named,
		estimated:   minWild6Estimated,
		share:       minWild6Share,
	}.check(t)
}
