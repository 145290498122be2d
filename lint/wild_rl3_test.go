package lint_test

import (
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// wildRL3Dir is a fourth held-out corpus, of RL recipes only, copied after
// TestWildRL2's corpus had been tuned to: oat's own examples and the
// understand-r1-zero scripts built on it, SkyRL's example launches,
// OpenRLHF forks (MM-EUREKA, R1-Searcher), verl recipes (DeepMath,
// Light-R1) and an EasyR1 fork (Seg-Zero, with the config its scripts
// name), RLPR's verl scripts and R1-Multimodal-Journey's TRL GRPO torchrun
// script with the DeepSpeed file it names, from repositories in neither
// shared corpus nor any testdata/wild* manifest. MANIFEST.tsv names each
// file's repository, commit and license, and the hardware the repository
// documents for it.
const wildRL3Dir = "../testdata/wild-rl3"

// Qwen2.5-Math-1.5B in the catalog (its config.json ties the embeddings
// and keeps 4096 positions) gave its recipes a memory verdict: 27 → 30
// verdicts.
const (
	minWildRL3Jobs     = 45
	minWildRL3Stated   = 36
	minWildRL3WorldOK  = 36
	minWildRL3Verdicts = 30
)

var (
	// SkyRL's placement (skyrl/train/config/config.py PlacementConfig,
	// NovaSky-AI/SkyRL a9564572: policy_num_nodes and
	// policy_num_gpus_per_node both default to 1); the policy's world is
	// their product (skyrl/backends/skyrl_train_backend.py).
	skyrlGPUsArg  = regexp.MustCompile(`trainer\.placement\.policy_num_gpus_per_node=("?\$?\{?\w+\}?"?)`)
	skyrlNodesArg = regexp.MustCompile(`trainer\.placement\.policy_num_nodes=("?\$?\{?\w+\}?"?)`)
	// OpenRLHF's actor world: --actor_num_nodes × --actor_num_gpus_per_node.
	orlGPUsArg  = regexp.MustCompile(`--actor_num_gpus_per_node[ =]("?\$?\{?\w+\}?"?)`)
	orlNodesArg = regexp.MustCompile(`--actor_num_nodes[ =]("?\$?\{?\w+\}?"?)`)
	// oat's --gpus: with --collocate the learners hold all of them, without
	// it half (sail-sg/oat c1a074c3, oat/interface.py get_program).
	oatGPUsArg = regexp.MustCompile(`--gpus[ =]("?\$?\{?\w+\}?"?)`)
)

// wildRL3Failure is one check a file of the corpus fails: "world" (the
// stated world size read wrong or not at all) or "silent" (no verdict and
// no reason).
type wildRL3Failure struct{ rel, check string }

// wildRL3Untuned held the failures measured before any change for this
// corpus, each with the cause seen (12 SkyRL `uv run -m` launches gave no
// job; SkyRL's geometry3k entrypoint and 8 oat programs were read as one
// python process; oat's legacy DPO script was read from its reward server;
// R1-Multimodal-Journey's torchrun --nnodes=${NNODES} was taken as 1 GPU).
// The SkyRL and oat frontends, uv run and the per-node torchrun world
// fixed all 22; the test fails on any failure not listed here.
var wildRL3Untuned = map[wildRL3Failure]string{}

// statedValue3 is statedValue plus the `: "${V:=N}"` default SkyRL's
// scripts assign.
func statedValue3(src []byte, v string) (int, bool) {
	if n, ok := statedValue(src, v); ok {
		return n, true
	}
	name := strings.Trim(v, `"{}$`)
	m := regexp.MustCompile(`(?m)^\s*:\s*"?\$\{` + regexp.QuoteMeta(name) + `:=(\d+)\}"?`).FindSubmatch(src)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n, true
}

// productOf is the first GPUs-per-node argument times the first nodes
// argument (1 where there is none), when every GPUs-per-node argument in
// the file names the same value and both resolve to integers.
func productOf(src []byte, gpus, nodes *regexp.Regexp, nodesDefault int) (int, bool, bool) {
	all := gpus.FindAllSubmatch(src, -1)
	if len(all) == 0 {
		return 0, false, false
	}
	for _, o := range all[1:] {
		if string(o[1]) != string(all[0][1]) {
			return 0, false, true
		}
	}
	g, ok := statedValue3(src, string(all[0][1]))
	if !ok {
		return 0, false, true
	}
	n := nodesDefault
	if m := nodes.FindSubmatch(src); m != nil {
		if n, ok = statedValue3(src, string(m[1])); !ok {
			return 0, false, true
		}
	}
	return g * n, true, true
}

// expectedWorld3 is the world size of the trainer a recipe states in its
// own words: verl's and EasyR1's trainer.n_gpus_per_node × trainer.nnodes
// (expectedWorld2), SkyRL's policy placement, OpenRLHF's actor placement,
// oat's learners.
func expectedWorld3(src []byte) (int, bool) {
	if n, ok := expectedWorld2(src); ok {
		return n, true
	}
	for _, p := range [][2]*regexp.Regexp{{skyrlGPUsArg, skyrlNodesArg}, {orlGPUsArg, orlNodesArg}} {
		if n, ok, seen := productOf(src, p[0], p[1], 1); seen {
			return n, ok
		}
	}
	if all := oatGPUsArg.FindAllSubmatch(src, -1); len(all) > 0 {
		for _, o := range all[1:] {
			if string(o[1]) != string(all[0][1]) {
				return 0, false
			}
		}
		g, ok := statedValue3(src, string(all[0][1]))
		if !ok {
			return 0, false
		}
		if !strings.Contains(string(src), "--collocate") {
			g /= 2
		}
		return g, true
	}
	return 0, false
}

// documentedGPUs is the GPUs per node a manifest row's documented
// hardware counts, in either manifest's wording ("1 node x 8 H200",
// "4 x H20 96GB", "2 nodes x 8 H100", "8 GPUs", ">= 4x3090(24G)"); none
// when it counts none.
var documentedGPUs = []*regexp.Regexp{
	regexp.MustCompile(`^\d+ nodes? x (\d+) `),
	regexp.MustCompile(`(?:^|node x )(\d+) (?:x )?(?:GPUs|H200|H100|H20|A100)\b`),
	regexp.MustCompile(`(\d+)x(?:3090|4090)\(`),
}

// hardwareKey is the hardware a file is linted at: the catalog GPU its
// manifest row names (an 80 GB H100 where it names none: the card most of
// these repositories were run on) and, for a recipe that states no world
// size of its own, the GPUs per node the row counts.
type hardwareKey struct {
	card string
	gpus int
}

func documentedHardware(hw string, statesWorld bool) hardwareKey {
	k := hardwareKey{card: "h100-80gb"}
	switch {
	case strings.Contains(hw, "H200"):
		k.card = "h200-141gb"
	case strings.Contains(hw, "H20 96GB"):
		k.card = "h20-96gb"
	case strings.Contains(hw, "A100-40G"):
		k.card = "a100-40gb"
	case strings.Contains(hw, "A100 80GB"):
		k.card = "a100-80gb"
	case strings.Contains(hw, "L40S 48GB"):
		k.card = "l40s-48gb"
	case strings.Contains(hw, "A40 48GB"):
		k.card = "a40-48gb"
	case strings.Contains(hw, "A100-80GB"):
		k.card = "a100-80gb"
	case strings.Contains(hw, "H800"):
		k.card = "h800-80gb"
	case strings.Contains(hw, "A800"):
		k.card = "a800-80gb"
	case strings.Contains(hw, "3090(24G)"):
		k.card = "rtx3090-24gb"
	}
	if statesWorld {
		return k
	}
	for _, re := range documentedGPUs {
		if m := re.FindStringSubmatch(hw); m != nil {
			k.gpus, _ = strconv.Atoi(m[1])
			break
		}
	}
	return k
}

// TestWildRL3 lints the fourth RL corpus as TestWildRL2 does the third:
// each file on the card its repository documents, the GPUs per node from
// the documented hardware only for a recipe that states none, and checks
// issue 17 on recipes no reader was tuned to: the trainer's world size
// read from Hydra overrides and Ray or launcher arguments, no usage error
// (exit 2), no out-of-memory error at the recipe's own hardware, and a
// memory verdict or a stated reason for every job. A launch script that
// gives no job at all counts as stating its world size wrong and as having
// neither verdict nor reason.
//
// Measured untuned on 3 December 2026 with `go test ./lint -run
// 'TestWildRL3$' -v`, before any change for these files: 42 files (39
// launch scripts, Seg-Zero's config and R1-Multimodal-Journey's DeepSpeed
// file, each read with its scripts) from 10 repositories, 32 jobs; the
// world size stated by 36 scripts, read right for 14 (verl, EasyR1 and
// OpenRLHF launches: DeepMath, Light-R1, Seg-Zero, MM-EUREKA,
// R1-Searcher), wrong or unread for 22 (the causes in wildRL3Untuned: 12
// SkyRL `uv run -m` launches give no job, SkyRL's geometry3k and 8 oat
// programs are read as one python process, and one torchrun with
// --nnodes from the environment is said to be unknowable and taken as 1
// GPU); 0 usage errors; 0 out-of-memory errors and 0 other error findings
// at the documented hardware; 11 memory verdicts, 17 stated reasons (9 of
// them "no model named" or "not a training job" on the oat and geometry3k
// launches read wrong), 12 with neither (the SkyRL scripts with no job).
//
// After the SkyRL and oat frontends, `uv run -m`, the per-node world of a
// torchrun whose --nnodes comes from the environment and SkyRL's
// *_dataset.py as data preparation (same command, 3 December 2026): 45
// jobs; the world size read right for 36 of 36; 0 usage errors; 0
// out-of-memory errors and 0 other error findings; 27 memory verdicts, 13
// stated reasons, 0 with neither. Two understand-r1-zero 7B rows of
// MANIFEST.tsv were corrected from A100-40G to A100 80GB: the README says
// the 7B recipe ran on 8 A100 (no size), its 40 GB line is said of the
// 1.5B command. The floors below hold the numbers after.
func TestWildRL3(t *testing.T) {
	checkWildRL(t, wildRLCorpus{dir: wildRL3Dir, untuned: wildRL3Untuned,
		minJobs: minWildRL3Jobs, minStated: minWildRL3Stated, minWorldOK: minWildRL3WorldOK, minVerdicts: minWildRL3Verdicts})
}

// wildRLCorpus is a held-out RL corpus and the floors its numbers hold.
type wildRLCorpus struct {
	dir                                         string
	untuned                                     map[wildRL3Failure]string
	minJobs, minStated, minWorldOK, minVerdicts int
	// trueErrors are error findings at a recipe's own hardware triaged as
	// true (the recipe as documented fails so), by file, with why; any
	// other error finding fails the test.
	trueErrors map[string]string
	// bashWorld are the world sizes of launches whose stated size sits on
	// lines bash never passes to the command, by file: what the command
	// as bash runs it asks for, with why.
	bashWorld map[string]bashWorld
}

// bashWorld is the world size a launch asks for as bash runs it.
type bashWorld struct {
	world int
	why   string
}

// checkWildRL lints a held-out RL corpus the way TestWildRL3 describes and
// logs its numbers; a failure not in c.untuned, or an entry of c.untuned
// that no longer fails, is an error.
func checkWildRL(t *testing.T, c wildRLCorpus) {
	files, err := corpus.Manifest(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	keyOf := map[string]hardwareKey{}
	stated := map[string]int{}
	keys := map[hardwareKey]bool{}
	for _, cf := range files {
		src, err := os.ReadFile(cf.Path)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := expectedWorld3(src)
		if ok {
			stated[cf.Rel] = want
		}
		keyOf[cf.Rel] = documentedHardware(cf.Hardware, ok)
		keys[keyOf[cf.Rel]] = true
	}
	type result struct {
		jr         *lint.JobResult
		notChecked bool
		why        string // the memory-not-checked or not-a-training-job message
		declined   string // the not-a-training-config message of a script with no job
		worldSaid  bool   // a script-world-size-unknown finding: the tool says it cannot know
		oom        []string
		errs       []string // error findings of other rules
	}
	byKey := map[hardwareKey]map[string]*result{}
	var jobs, usage int
	for key := range keys {
		rep := lint.Run([]string{c.dir}, lint.Options{Rules: rules.All(), Read: read.Options{Overrides: read.Overrides{GPU: key.card, GPUsPerNode: key.gpus}}})
		jobs = len(rep.Jobs)
		usage = max(usage, len(rep.Errors))
		for _, err := range rep.Errors {
			t.Errorf("usage error (exit 2) at %v: %v", key, err)
		}
		res := map[string]*result{}
		at := func(path string) *result {
			rel := heldOutRel(c.dir, path)
			if res[rel] == nil {
				res[rel] = &result{}
			}
			return res[rel]
		}
		for _, jr := range rep.Jobs {
			at(jr.Job.Primary.Path).jr = jr
		}
		for _, f := range rep.Findings {
			switch {
			case f.Rule == "memory-not-checked" || f.Rule == "not-a-training-job":
				at(f.File).notChecked = true
				at(f.File).why = f.Message
			case f.Rule == "script-world-size-unknown":
				at(f.File).worldSaid = true
			case f.Rule == lint.NotConfig.ID || f.Rule == lint.LaunchNotRead.ID:
				at(f.File).declined = f.Message
			case f.Rule == "gpu-out-of-memory" && f.Severity == lint.Error:
				at(f.File).oom = append(at(f.File).oom, f.Message)
			case f.Rule == lint.InputError.ID:
				t.Errorf("input error: %s", f)
			case f.Severity == lint.Error:
				at(f.File).errs = append(at(f.File).errs, f.Rule+": "+f.Message)
			}
		}
		byKey[key] = res
	}
	var nStated, worldOK, worldWrong, worldSaid, verdicts, reasons, silent, oom, otherErrs int
	known := map[wildRL3Failure]bool{}
	fail := func(f wildRL3Failure, format string, args ...any) {
		if _, ok := c.untuned[f]; ok {
			known[f] = true
			t.Logf("untuned failure (%s): "+format, append([]any{c.untuned[f]}, args...)...)
			return
		}
		t.Errorf(format, args...)
	}
	for _, cf := range files {
		key := keyOf[cf.Rel]
		r := byKey[key][cf.Rel]
		want, states := stated[cf.Rel]
		if states {
			nStated++
		}
		if b, ok := c.bashWorld[cf.Rel]; ok && states {
			t.Logf("world size as bash runs it (%s): %s states %d on lines bash never passes, expect %d", b.why, cf.Rel, want, b.world)
			want = b.world
		}
		if r == nil || r.jr == nil {
			if cf.Format != "launch-script" {
				continue // a config read with the scripts that name it
			}
			if states {
				worldWrong++
				fail(wildRL3Failure{cf.Rel, "world"}, "world size: %s states %d, read none (no job)", cf.Rel, want)
			}
			if r != nil && r.declined != "" {
				reasons++
				continue
			}
			silent++
			fail(wildRL3Failure{cf.Rel, "silent"}, "no job, no verdict and no reason: %s", cf.Rel)
			continue
		}
		for _, m := range r.errs {
			otherErrs++
			if why, ok := c.trueErrors[cf.Rel]; ok {
				t.Logf("error finding triaged as true (%s): %s: %s", why, cf.Rel, m)
				continue
			}
			t.Errorf("error finding at the recipe's own hardware (%v): %s: %s", key, cf.Rel, m)
		}
		for _, m := range r.oom {
			oom++
			t.Errorf("out-of-memory error at the recipe's own hardware (%v): %s: %s", key, cf.Rel, m)
		}
		if states {
			got := r.jr.Job.Plan.Processes
			if got.Set && got.V == want {
				worldOK++
			} else {
				worldWrong++
				if r.worldSaid {
					worldSaid++
				}
				fail(wildRL3Failure{cf.Rel, "world"}, "world size: %s states %d, read %d (set %v, %s)", cf.Rel, want, got.V, got.Set, got.From)
			}
		}
		switch {
		case r.jr.MemoryChecked():
			verdicts++
		case r.notChecked:
			reasons++
			t.Logf("reason: %s: %s", cf.Rel, r.why)
		default:
			silent++
			t.Errorf("no verdict and no reason: %s", cf.Rel)
		}
	}
	for f, cause := range c.untuned {
		if !known[f] {
			t.Errorf("%s no longer fails its %s check (%s): take it out of c.untuned and raise the floors", f.rel, f.check, cause)
		}
	}
	for key, res := range byKey {
		rels := make([]string, 0, len(res))
		for rel := range res {
			rels = append(rels, rel)
		}
		sort.Strings(rels)
		for _, rel := range rels {
			if r := res[rel]; r.jr != nil && !r.jr.MemoryChecked() && !r.notChecked {
				t.Errorf("%s at %v: a job with no memory verdict and no memory-not-checked finding", rel, key)
			}
		}
	}
	t.Logf("%d files, %d jobs; world size stated by %d, read right for %d, wrong or unread for %d (%d of them said to be unknowable); %d usage errors; %d out-of-memory errors, %d other error findings; %d memory verdicts, %d stated reasons, %d with neither",
		len(files), jobs, nStated, worldOK, worldWrong, worldSaid, usage, oom, otherErrs, verdicts, reasons, silent)
	if jobs < c.minJobs || nStated < c.minStated || worldOK < c.minWorldOK || verdicts < c.minVerdicts {
		t.Errorf("%d jobs, %d stating a world size, %d read right, %d verdicts: under the floors of %d, %d, %d, %d",
			jobs, nStated, worldOK, verdicts, c.minJobs, c.minStated, c.minWorldOK, c.minVerdicts)
	}
}
