package lint_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// The floors the corpus coverage must hold, as last measured: the number of
// jobs whose memory is estimated, and their share of the jobs naming a public model.
// A new framework reader can lower the share while raising the count (it
// finds more jobs naming a model than it can estimate: verl's PPO, NeMo-RL's
// GRPO), and a reader that declines by name what the estimate does not model
// lowers both (seven jobs that were estimated as something else: axolotl's
// context and tensor parallelism, LLaMA-Factory's BAdam, OFT and Megatron
// backend, DeepSpeed-Chat's DPO step; then LLaMA-Factory's KTransformers
// DeepSeek-V3 LoRA, estimated at 1,260 GiB per GPU with its CPU experts
// counted on the GPU; then Cambrian's four TPU recipes that name a public
// model, estimated as GPU jobs before TPU launches were recognized, and now
// counted in neither the jobs estimated nor those naming a model); neither
// floor is lowered otherwise. Aria in the catalog made 258 of 301 (85.7%).
const (
	minEstimatedJobs  = 258
	minEstimatedShare = 0.857
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
// ("/path/to/model", "your_path_to_llama3", "$MODEL", "TO_BE_FILLED/Qwen2.5-Math-7B"), not a model.
func placeholderModel(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || strings.Trim(n, ".") == "" {
		return true
	}
	for _, s := range []string{"path/to/", "path_to", "your_", "your-", "$", "<", "{", "xxx", "to_be_filled"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// stageOutputDirs are the folders training tools write checkpoints into:
// Hugging Face Trainer's and most scripts' output(s)/ and checkpoints/,
// LLaMA-Factory's saves/, MMEngine's and InternVL's work_dirs/, VILA's runs/.
var stageOutputDirs = map[string]bool{"output": true, "outputs": true, "checkpoints": true, "checkpoint": true,
	"saves": true, "work_dirs": true, "runs": true}

// earlierStageCheckpoint reports a model named by a local path under a
// training tool's output folder (runs/train/stage1/model,
// ./work_dirs/stage1/, saves/qwen/full/sft): the checkpoint an earlier
// stage of the same recipe writes, which names no public model. Only a path
// that resolved to no model counts: LitGPT downloads public models to
// checkpoints/ORG/NAME, which the folder name resolves.
func earlierStageCheckpoint(name string) bool {
	n := filepath.ToSlash(strings.TrimSpace(name))
	if !strings.Contains(n, "/") {
		return false
	}
	hubShaped := strings.Count(n, "/") == 1 && !strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "/") && !strings.HasPrefix(n, "~")
	if hubShaped {
		return false
	}
	for _, seg := range strings.Split(n, "/") {
		if stageOutputDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

// TestCorpusMemoryCoverage lints the corpora against declared hardware and
// measures how many jobs that name a public model get a memory estimate.
// A job naming a placeholder, or a local checkpoint of an earlier stage
// that resolved to no model (earlierStageCheckpoint), names no public model:
// it is counted apart and left out of the share's denominator, but like
// every job left unestimated it must carry a memory-not-checked finding
// with its reason. No valid file may be an input error.
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
	notChecked, notTraining := map[string]bool{}, map[string]bool{}
	for _, f := range rep.Findings {
		switch f.Rule {
		case "memory-not-checked":
			notChecked[filepath.Clean(f.File)] = true
		case "not-a-training-job":
			notTraining[filepath.Clean(f.File)] = true
		case lint.InputError.ID:
			if why, ok := coverageInputErrors[corpusRel(f.File)]; ok {
				t.Logf("expected input error (%s): %s", why, f)
				continue
			}
			t.Errorf("input error on a valid file: %s", f)
		}
	}
	var jobs, named, estimated, earlierStage, tpu int
	reasons := map[string]int{}
	var unestimated []string
	for _, jr := range rep.Jobs {
		jobs++
		p := jr.Job.Plan
		naming := p.ModelRef.Set && !placeholderModel(p.ModelRef.V)
		if naming && !p.Model.Set && earlierStageCheckpoint(p.ModelRef.V) {
			naming = false
			earlierStage++
			t.Logf("local checkpoint of an earlier stage: %s: %s", corpusRel(jr.Job.Primary.Path), p.ModelRef.V)
		}
		if naming && tpuJob(p) {
			naming = false // its devices are not GPUs: not a job whose GPU memory is owed
			tpu++
		}
		if naming {
			named++
		}
		if jr.MemoryChecked() {
			if naming {
				estimated++
			}
			continue
		}
		// A job that does not train gets not-a-training-job instead (rules/memory_not_checked.go).
		if p.NotTraining.Set {
			at := p.NotTraining.From.File
			if at == "" {
				at = jr.Job.Primary.Path
			}
			if !notTraining[filepath.Clean(at)] {
				t.Errorf("%s: not a training job (%s) and no not-a-training-job finding", jr.Job.Primary.Path, p.NotTraining.V)
			}
		} else if !notChecked[filepath.Clean(jr.Job.Primary.Path)] {
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
	t.Logf("%d jobs; %d name a public model; memory estimated for %d of them (%.1f%%); %d name a local checkpoint of an earlier stage; %d run on TPUs",
		jobs, named, estimated, 100*share, earlierStage, tpu)
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
		t.Errorf("memory estimated for %.1f%% of the jobs naming a model, under the %.1f%% floor", 100*share, 100*minEstimatedShare)
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

// tpuJob reports a job that runs on TPUs, whose GPU memory is not checked.
func tpuJob(p *plan.Plan) bool {
	for _, g := range p.MemoryGaps {
		if g.Kind == read.GapTPUJob {
			return true
		}
	}
	return false
}
