package lint_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// The floors the corpus coverage must hold, as last measured: the number of
// jobs whose memory is estimated, and their share of the jobs naming a model.
// A new framework reader can lower the share while raising the count (it
// finds more jobs naming a model than it can estimate: verl's PPO, NeMo-RL's
// GRPO), and a reader that declines by name what the estimate does not model
// lowers both (seven jobs that were estimated as something else: axolotl's
// context and tensor parallelism, LLaMA-Factory's BAdam, OFT and Megatron
// backend, DeepSpeed-Chat's DPO step); neither floor is lowered otherwise.
const (
	minEstimatedJobs  = 143
	minEstimatedShare = 0.44
)

// coverageCorpora are the corpus folders the coverage is measured on; none
// of the model matching was tuned to one file of them alone.
var coverageCorpora = []string{"../../shared/corpus", "../../shared/corpus2"}

// coverageInputErrors are corpus files whose input error is real, with why.
var coverageInputErrors = map[string]string{
	"huggingface__accelerate/tests/test_configs/validate_launch_cmd.yaml":                                                   "names deepspeed_config_file \"path/to/be/ignored\", a file that does not exist",
	"NovaSky-AI__SkyThought/skythought/train/LLaMA-Factory/examples/train_full/qwen2_full_sft.yaml":                         notCollected,
	"NovaSky-AI__SkyThought/skythought/train/LLaMA-Factory/examples/train_full/qwen2_full_simpo.yaml":                       notCollected,
	"NovaSky-AI__SkyThought/skythought/train/LLaMA-Factory/examples/train_lora/qwen2_lora_config.yaml":                      notCollected,
	"open-thoughts__open-thoughts/train/OpenThinker-32B.yaml":                                                               notCollected,
	"open-thoughts__open-thoughts/train/OpenThinker-7B.yaml":                                                                notCollected,
	"huggingface__smollm/vision/experiments/pretraining/vloom/slurm_scripts_templates/with_launcher/accelerate_config.yaml": "a template: its DeepSpeed file is .../xxxx/ds_config.json",
	"om-ai-lab__VLM-R1/run_scripts/multinode_training_args.yaml":                                                            "a template: its DeepSpeed file is /path/to/config/zero3.json",
}

// notCollected is why a file naming a DeepSpeed config by its path inside
// the upstream repository is an input error here: the corpus copied the
// YAML, not the JSON it names.
const notCollected = "names a DeepSpeed config of its repository that the corpus did not collect"

// placeholderModel reports a model name that is a template to fill in
// ("/path/to/model", "your_path_to_llama3", "$MODEL"), not a model.
func placeholderModel(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return true
	}
	for _, s := range []string{"path/to/", "path_to", "your_", "your-", "$", "<", "{", "xxx"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestCorpusMemoryCoverage lints the corpora against declared hardware and
// measures how many jobs that name a model get a memory estimate. Every job
// left unestimated must carry a memory-not-checked finding with its reason,
// and no valid file may be an input error.
func TestCorpusMemoryCoverage(t *testing.T) {
	var dirs []string
	for _, d := range coverageCorpora {
		if _, err := corpus.Manifest(d); err != nil {
			t.Skip(err)
		}
		dirs = append(dirs, d)
	}
	rep := lint.Run(dirs, lint.Options{Rules: rules.All(), Read: read.Options{Overrides: read.Overrides{GPU: "h100-80gb", GPUsPerNode: 8}}})
	for _, err := range rep.Errors {
		t.Errorf("usage error: %v", err)
	}
	notChecked := map[string]bool{}
	for _, f := range rep.Findings {
		switch f.Rule {
		case "memory-not-checked":
			notChecked[filepath.Clean(f.File)] = true
		case lint.InputError.ID:
			if why, ok := coverageInputErrors[corpusRel(f.File)]; ok {
				t.Logf("expected input error (%s): %s", why, f)
				continue
			}
			t.Errorf("input error on a valid file: %s", f)
		}
	}
	var jobs, named, estimated int
	reasons := map[string]int{}
	var unestimated []string
	for _, jr := range rep.Jobs {
		jobs++
		p := jr.Job.Plan
		naming := p.ModelRef.Set && !placeholderModel(p.ModelRef.V)
		if naming {
			named++
		}
		if jr.MemoryChecked() {
			if naming {
				estimated++
			}
			continue
		}
		if !notChecked[filepath.Clean(jr.Job.Primary.Path)] {
			t.Errorf("%s: memory not estimated and no memory-not-checked finding (gaps %v, estimate error %v)", jr.Job.Primary.Path, p.MemoryGaps, jr.EstimateErr)
		}
		for _, g := range p.MemoryGaps {
			reasons[g.Kind+" / "+string(jr.Job.Primary.Format)]++
		}
		if naming {
			unestimated = append(unestimated, fmt.Sprintf("%s: %s (%s; %s)", corpusRel(jr.Job.Primary.Path), p.ModelRef.V, gapKinds(jr), jr.Job.Primary.Format))
		}
	}
	if named == 0 {
		t.Fatal("no corpus job names a model")
	}
	share := float64(estimated) / float64(named)
	t.Logf("%d jobs; %d name a model; memory estimated for %d of them (%.1f%%)", jobs, named, estimated, 100*share)
	var kinds []string
	for k := range reasons {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("not checked: %4d  %s", reasons[k], k)
	}
	sort.Strings(unestimated)
	for _, u := range unestimated {
		t.Logf("named, not estimated: %s", u)
	}
	if estimated < minEstimatedJobs {
		t.Errorf("memory estimated for %d jobs, under the floor of %d", estimated, minEstimatedJobs)
	}
	if share < minEstimatedShare {
		t.Errorf("memory estimated for %.1f%% of the jobs naming a model, under the %.0f%% floor", 100*share, 100*minEstimatedShare)
	}
}

// corpusRel is a corpus file's path inside its corpus folder.
func corpusRel(path string) string {
	p := filepath.ToSlash(path)
	for _, d := range coverageCorpora {
		if rel, ok := strings.CutPrefix(p, strings.TrimPrefix(d, "./")+"/"); ok {
			return rel
		}
	}
	return p
}

func gapKinds(jr *lint.JobResult) string {
	var ks []string
	for _, g := range jr.Job.Plan.MemoryGaps {
		ks = append(ks, g.Kind)
	}
	if jr.EstimateErr != nil {
		ks = append(ks, "estimate error: "+jr.EstimateErr.Error())
	}
	return strings.Join(ks, ", ")
}
