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
// The error findings triaged (testdata/triage/errors.tsv): the three
// gpu-out-of-memory true at the configs' caps (perception.sh's batch of 8 ×
// 15,000 tokens through Qwen2.5-VL-7B's 152,064-token head; the fork's
// aligner pre-training runs backward through the frozen language model
// with gradient checkpointing off), ScaleBench's two
// llamafactory-train-args-conflict true (a commented line inside the
// backslash-continued command ends it before --dataset), the ten owed
// input errors false.
// Raised after LLaMA-Factory configs naming its bundled
// examples/deepspeed/ files were read as those files (the 10 of
// wild10Owed): 226 jobs, 142 naming a model, 102 estimated (71.8%); 5
// OpenDataArena-Tool configs now read report schema-violation for their
// `seed: ${SEED}` template placeholder.
// Since a launch script or a YAML named like a training config that is read
// into no job says so (not-a-training-config, naming the programs a script
// runs), 43 of the 44 silent files are said; the AlpacaEval model config
// stays silent, named like no training config.
const (
	minWild10Jobs      = 226
	minWild10Named     = 142
	minWild10Estimated = 102
	minWild10Share     = 0.718
)

// wild10Owed are valid files of the tenth corpus reported as input errors
// when measured untuned: bugs owed a fix. The 10 LLaMA-Factory configs
// naming its bundled examples/deepspeed/ files are fixed.
var wild10Owed = map[string]string{}

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
