package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpecForge: SpecForge's run config is recognized from Config's keys,
// the draft config it names by a local path is read as the job's input (or
// recorded as missing), a hub id is left to the hub, and the job's memory
// is declined by name with what was read; a config with a key Config does
// not define is not SpecForge's.
func TestSpecForge(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"configs/d-eagle3.json": `{"architectures": ["LlamaForCausalLMEagle3"], "num_hidden_layers": 1, "hidden_size": 4096}`,
		"examples/local.yaml": "model:\n  target_model_path: Qwen/Qwen3-8B\n  draft_model_config: configs/d-eagle3.json\ndata:\n  train_data_path: x.jsonl\n  max_length: 4096\n" +
			"training:\n  batch_size: 2\n  tp_size: 2\ndeployment:\n  trainer:\n    nnodes: 2\n    nproc_per_node: 8\n",
		"examples/missing.yaml": "model:\n  target_model_path: Qwen/Qwen3-8B\n  draft_model_config: configs/none.json\ndata:\n  hidden_states_path: ./cache/hs\n",
		"examples/hub.yaml":     "model:\n  target_model_path: Qwen/Qwen3-8B\n  draft_model_config: AngelSlim/Qwen3-8B_eagle3\ntraining:\n  strategy: dflash\n",
		"examples/run.sh": "torchrun --standalone --nproc_per_node 8 scripts/train_dflash.py --target-model-path Qwen/Qwen3-8B --draft-config-path configs/d-eagle3.json " +
			"--train-data-path x.jsonl --output-dir out --batch-size 2\n",
		"examples/other.yaml": "model:\n  target_model_path: Qwen/Qwen3-8B\ntraining:\n  batch_size: 2\nper_device_train_batch_size: 4\n",
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := Load([]string{filepath.Join(dir, "examples")}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	jobs := map[string]*Job{}
	for _, j := range res.Jobs {
		jobs[filepath.Base(j.Primary.Path)] = j
	}
	for _, c := range []struct {
		file    string
		draft   string // the draft config read, "" for none
		missing string // the draft path recorded as missing
		detail  []string
	}{
		{"local.yaml", "d-eagle3.json", "", []string{"configs/d-eagle3.json", "2 node(s) × 8 process(es)", "tp_size 2", "batch_size 2", "max_length 4096", "ttt_length 7"}},
		{"missing.yaml", "", "configs/none.json", []string{"captured before", "max_length 2048"}},
		{"hub.yaml", "", "", []string{"AngelSlim/Qwen3-8B_eagle3", "SGLang server"}},
		{"run.sh", "d-eagle3.json", "", []string{"scripts/train_dflash.py at sgl-project/SpecForge@40d8fef", "batch_size 2", "max_length 3072"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			j := jobs[c.file]
			if j == nil || j.Primary.Format != SpecForge && specForgeLegacyProgram(j) == "" {
				t.Fatalf("no SpecForge job (jobs %v, errors %v)", jobs, res.Errors)
			}
			switch {
			case c.draft == "" && j.Draft != nil:
				t.Errorf("draft %s read, want none", j.Draft.Path)
			case c.draft != "" && (j.Draft == nil || filepath.Base(j.Draft.Path) != c.draft):
				t.Errorf("draft %v, want %s", j.Draft, c.draft)
			}
			var missing []string
			for _, u := range j.Unresolved {
				missing = append(missing, u.Path)
			}
			if got := strings.Join(missing, " "); got != c.missing {
				t.Errorf("unresolved %q, want %q", got, c.missing)
			}
			gaps := j.Plan.MemoryGaps
			if len(gaps) != 1 || gaps[0].Kind != "recipe not modelled" {
				t.Fatalf("gaps %+v, want SpecForge's alone", gaps)
			}
			for _, want := range c.detail {
				if !strings.Contains(gaps[0].Detail, want) {
					t.Errorf("detail %q lacks %q", gaps[0].Detail, want)
				}
			}
		})
	}
	if j := jobs["hub.yaml"]; j != nil && strings.Contains(j.Plan.MemoryGaps[0].Detail, "ttt_length") {
		t.Errorf("a DFlash run names EAGLE-3's ttt_length: %s", j.Plan.MemoryGaps[0].Detail)
	}
	if j := jobs["other.yaml"]; j != nil && j.Primary.Format == SpecForge {
		t.Errorf("a key Config does not define read as SpecForge's")
	}
}
