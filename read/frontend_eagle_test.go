package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEagle: launches of EAGLE's two training programs are declined by
// name, citing the base model, and read the draft config they name
// (--configpath; config.json in traineagle3's folder) as the job's input;
// another program's main.py is not EAGLE's.
func TestEagle(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"eagle/train/vicuna_7B_config.json": `{"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 1}`,
		"eagle/traineagle3/config.json":     `{"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 1, "draft_vocab_size": 32000}`,
		"eagle/traineagle3/ds_config.json":  `{"train_micro_batch_size_per_gpu": 2, "bf16": {"enabled": true}}`,
		"e1.sh":                             "accelerate launch -m --mixed_precision=bf16 eagle.train.main --tmpdir d --configpath eagle/train/vicuna_7B_config.json --basepath lmsys/vicuna-7b-v1.3 --bs 2\n",
		"scripts/e3.sh":                     "cd eagle/traineagle3\ndeepspeed main.py --deepspeed_config ds_config.json --basepath meta-llama/Llama-3.1-8B-Instruct\n",
		"other/main.sh":                     "deepspeed main.py --deepspeed_config ds.json --model_name_or_path Qwen/Qwen2.5-7B\n",
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
	res := Load([]string{dir}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	jobs := map[string]*Job{}
	for _, j := range res.Jobs {
		jobs[filepath.Base(j.Primary.Path)] = j
	}
	for _, c := range []struct{ file, draft, target, detail string }{
		{"e1.sh", "vicuna_7B_config.json", "lmsys/vicuna-7b-v1.3", "--bs 2"},
		{"e3.sh", "config.json", "meta-llama/Llama-3.1-8B-Instruct", "run without gradients"},
	} {
		t.Run(c.file, func(t *testing.T) {
			j := jobs[c.file]
			if j == nil {
				t.Fatalf("no job (errors %v)", res.Errors)
			}
			if j.Draft == nil || filepath.Base(j.Draft.Path) != c.draft {
				t.Errorf("draft %v, want %s", j.Draft, c.draft)
			}
			gaps := j.Plan.MemoryGaps
			if len(gaps) != 1 || gaps[0].Kind != "recipe not modelled" || !strings.Contains(gaps[0].What, c.target) || !strings.Contains(gaps[0].Detail, c.detail) {
				t.Errorf("gaps %+v, want EAGLE's naming %s and %q", gaps, c.target, c.detail)
			}
		})
	}
	if j := jobs["main.sh"]; j == nil || j.Draft != nil || len(j.Plan.MemoryGaps) > 0 && j.Plan.MemoryGaps[0].Kind == "recipe not modelled" {
		t.Errorf("another program's main.py read as EAGLE's: %+v", j)
	}
}
