package lint_test

import "testing"

// wildRL4Dir is a fifth held-out corpus, of RL recipes only, copied after
// the SkyRL and oat frontends were built and before any change for these
// files: oat programs (oat-zero's countdown run, SPIRAL's self-play run),
// verl recipes (TTRL's test-time RL, Reasoning360's single- and multi-node
// runs, Biomni-SkyRL's agent runs, which are verl's trainer under the
// SkyRL-v0 name), an OpenRLHF fork's Ray launch (VL-Rethinker), open-r1
// style TRL GRPO torchrun launches (Visual-RFT) and EasyR1 launches
// (GUI-R1, with the config they name), from repositories in no shared
// corpus and no other testdata manifest. MANIFEST.tsv names each file's
// repository, commit and license, and the hardware the repository
// documents for it.
const wildRL4Dir = "../testdata/wild-rl4"

// Qwen2.5-Math-1.5B in the catalog (its config.json ties the embeddings
// and keeps 4096 positions) gave its recipes a memory verdict: 11 → 13
// verdicts. Model paths ending in a trainer's step folders named by the
// folder above them (read/model.go namingFolder: Biomni-SkyRL's
// .../qwen3-32b-sft-full-v1/global_step_208) made it 15.
const (
	minWildRL4Jobs     = 16
	minWildRL4Stated   = 13
	minWildRL4WorldOK  = 13
	minWildRL4Verdicts = 15
)

// wildRL4Untuned held the failures measured before any change for this
// corpus: Reasoning360's single-node `python -m recipe.dapo.main_dapo`
// (verl's DAPO recipe) read as one python process, and its multi-node
// `"${CONDA_BIN_PATH}python" -m recipe.dapo.main_dapo` not read as a
// launch at all (no job, nothing said). verl's recipe modules and an
// interpreter under a folder from the environment fixed both; the test
// fails on any failure not listed here.
var wildRL4Untuned = map[wildRL3Failure]string{}

// TestWildRL4 lints the fifth RL corpus as TestWildRL3 does the fourth.
//
// Measured untuned on 3 December 2026 with `go test ./lint -run
// 'TestWildRL4$' -v`, after the SkyRL and oat frontends and before any
// change for these files: 17 files (15 launch scripts, GUI-R1's EasyR1
// config read with its scripts, open-rs's GRPO recipe YAML) from 10
// repositories, 15 jobs; the world size stated by 13, read right for 12,
// wrong for 1 (Reasoning360's verl DAPO recipe read as one python
// process); 0 usage errors; 0 out-of-memory errors and 0 other error
// findings at the documented hardware; 9 memory verdicts, 6 stated
// reasons (model paths on the authors' clusters, Qwen2.5-Math-1.5B not
// modelled, no model named), 1 with neither (Reasoning360's multi-node
// script, whose launch is not read).
//
// After reading verl's recipe modules (recipe.<name>.main_<name>) as verl
// launches, an interpreter under a folder the environment gives as
// python, vllm_device (TRL ≤ v0.17) as vLLM on a GPU of its own, and oat
// programs without --algo as RL programs (same command, 3 December 2026):
// 16 jobs; the world size read right for 13 of 13; 0 usage errors; 0
// out-of-memory errors and 0 other error findings; 11 memory verdicts, 5
// stated reasons, 0 with neither. The floors below hold the numbers after.
func TestWildRL4(t *testing.T) {
	checkWildRL(t, wildRLCorpus{dir: wildRL4Dir, untuned: wildRL4Untuned,
		minJobs: minWildRL4Jobs, minStated: minWildRL4Stated, minWorldOK: minWildRL4WorldOK, minVerdicts: minWildRL4Verdicts})
}
