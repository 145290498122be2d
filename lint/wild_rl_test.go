package lint_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// wildRLDir is a second held-out corpus, of RL recipes only (GRPO, PPO,
// DPO, KTO, distillation): 20 NeMo-RL recipes with the 2 base configs
// they name (those two paths are in the second shared corpus too, at an
// older commit), 24 verl examples and 8 OpenRLHF scripts, from paths in
// neither shared corpus nor testdata/wild, copied after the RL readers
// were written. MANIFEST.tsv names each file's
// repository, commit and license, and the hardware the repository
// documents for it (NeMo-RL's recipe names spell nodes and GPUs: 2n8g).
const wildRLDir = "../testdata/wild-rl"

const (
	minWildRLJobs     = 57
	minWildRLStated   = 42
	minWildRLVerdicts = 40
)

var (
	verlGPUs     = regexp.MustCompile(`trainer\.n_gpus_per_node=(\d+)\b`)
	verlNodes    = regexp.MustCompile(`trainer\.nnodes=(\d+)\b`)
	orlGPUs      = regexp.MustCompile(`--actor_num_gpus_per_node[ =](\d+)\b`)
	orlNodes     = regexp.MustCompile(`--actor_num_nodes[ =](\d+)\b`)
	nemoRLShape  = regexp.MustCompile(`-(\d+)n(\d+)g-`)
	firstInteger = func(re *regexp.Regexp, src []byte, def int) (int, bool) {
		m := re.FindSubmatch(src)
		if m == nil {
			return def, false
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n, true
	}
)

// expectedWorld is the world size a recipe states in its own words: verl's
// trainer.n_gpus_per_node × trainer.nnodes overrides, OpenRLHF's
// --actor_num_gpus_per_node × --actor_num_nodes, a NeMo-RL recipe name's
// NnMg. ok is false when it states none as a literal.
func expectedWorld(rel string, src []byte) (int, bool) {
	if m := nemoRLShape.FindStringSubmatch(filepath.Base(rel)); m != nil {
		n, _ := strconv.Atoi(m[1])
		g, _ := strconv.Atoi(m[2])
		return n * g, true
	}
	if g, ok := firstInteger(verlGPUs, src, 0); ok {
		n, _ := firstInteger(verlNodes, src, 1)
		return g * n, true
	}
	if g, ok := firstInteger(orlGPUs, src, 0); ok {
		n, _ := firstInteger(orlNodes, src, 1)
		return g * n, true
	}
	return 0, false
}

// TestWildRL lints the RL corpus on H100 80GB cards, the GPUs per node
// left to each recipe, and checks what issue 17 asks of unseen RL recipes:
// the world size read from Hydra overrides, Ray arguments and recipe names,
// no usage error (exit 2), no out-of-memory error at the recipe's own
// hardware, and a memory verdict or a stated reason for every job.
//
// Measured untuned on 2 December 2026 with `go test ./lint -run TestWildRL
// -v`, before any change for these files: 54 files, 57 jobs; the world size
// stated by 42 files, read right for 41 (verl's
// examples/split_placement/run_deepseek7b_llm.sh runs main_ppo_split.py,
// read as one python process); 0 usage errors; 1 out-of-memory error
// (OpenRLHF's train_ppo_llama_ray.sh, 90.6 GiB per GPU for a 2-GPU actor
// with --packing_samples counted at the 2048-token cap); 38 files with a
// memory verdict, 16 with a stated reason, none with neither. After
// reading verl's main_ppo copies as verl and OpenRLHF's --packing_samples
// as padding-free: 42 of 42, 0 out-of-memory errors, 39 verdicts, 15
// reasons. Seed-OSS-36B in the catalog (verl's run_seed_oss_36b.sh) made
// it 40 verdicts. The floors below hold those numbers.
func TestWildRL(t *testing.T) {
	files, err := corpus.Manifest(wildRLDir)
	if err != nil {
		t.Fatal(err)
	}
	rep := lint.Run([]string{wildRLDir}, lint.Options{Rules: rules.All(), Read: read.Options{Overrides: read.Overrides{GPU: "h100-80gb"}}})
	for _, err := range rep.Errors {
		t.Errorf("usage error (exit 2): %v", err)
	}
	notChecked := map[string]bool{}
	var oom []string
	for _, f := range rep.Findings {
		switch {
		case f.Rule == "memory-not-checked" || f.Rule == "not-a-training-job":
			notChecked[filepath.Clean(f.File)] = true
		case f.Rule == "gpu-out-of-memory" && f.Severity == lint.Error:
			oom = append(oom, heldOutRel(wildRLDir, f.File)+": "+f.Message)
		case f.Rule == lint.InputError.ID:
			t.Errorf("input error: %s", f)
		}
	}
	byPrimary := map[string]*lint.JobResult{}
	for _, jr := range rep.Jobs {
		byPrimary[heldOutRel(wildRLDir, jr.Job.Primary.Path)] = jr
	}
	var stated, worldOK, worldWrong, verdicts, reasons, silent int
	for _, cf := range files {
		jr := byPrimary[cf.Rel]
		if jr == nil {
			continue // a base config read with the recipes that name it
		}
		src, err := os.ReadFile(cf.Path)
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := expectedWorld(cf.Rel, src); ok {
			stated++
			got := jr.Job.Plan.Processes
			if got.Set && got.V == want {
				worldOK++
			} else {
				worldWrong++
				t.Logf("world size: %s states %d, read %d (set %v, %s)", cf.Rel, want, got.V, got.Set, got.From)
			}
		}
		switch {
		case jr.MemoryChecked():
			verdicts++
		case notChecked[filepath.Clean(jr.Job.Primary.Path)]:
			reasons++
		default:
			silent++
			t.Logf("no verdict and no reason: %s", cf.Rel)
		}
	}
	for _, jr := range rep.Jobs {
		if !jr.MemoryChecked() && !notChecked[filepath.Clean(jr.Job.Primary.Path)] {
			t.Errorf("%s: a job with no memory verdict and no memory-not-checked finding", heldOutRel(wildRLDir, jr.Job.Primary.Path))
		}
	}
	for _, m := range oom {
		t.Errorf("out-of-memory error at the recipe's own hardware: %s", m)
	}
	t.Logf("%d files, %d jobs; world size stated by %d, read right for %d, wrong or unread for %d; %d usage errors; %d out-of-memory errors; %d memory verdicts, %d stated reasons, %d with neither",
		len(files), len(rep.Jobs), stated, worldOK, worldWrong, len(rep.Errors), len(oom), verdicts, reasons, silent)
	if worldWrong > 0 {
		t.Errorf("%d recipes whose stated world size was not read", worldWrong)
	}
	if silent > 0 {
		t.Errorf("%d recipes with neither a memory verdict nor a stated reason", silent)
	}
	if len(rep.Jobs) < minWildRLJobs || stated < minWildRLStated || verdicts < minWildRLVerdicts {
		t.Errorf("%d jobs, %d stating a world size, %d verdicts: under the floors of %d, %d, %d", len(rep.Jobs), stated, verdicts, minWildRLJobs, minWildRLStated, minWildRLVerdicts)
	}
}
