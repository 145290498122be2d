package read

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLLaVAOwnership: LLaVA's entry points are read with LLaVA's defaults,
// VILA's launches of the same paths and TinyLLaVA's are not.
func TestLLaVAOwnership(t *testing.T) {
	for _, c := range []struct {
		name, cmd, want string
	}{
		{"llava", "deepspeed llava/train/train_mem.py --model_name_or_path m --tune_mm_mlp_adapter True", RecipeLLaVA},
		{"next", "torchrun llava/train/train_mem.py --model_name_or_path m --mm_tunable_parts mm_mlp_adapter", RecipeLLaVANeXT},
		{"vila", "torchrun llava/train/train_mem.py --model_name_or_path m --tune_vision_tower True", ""},
		{"tinyllava", "deepspeed tinyllava/train/train.py --model_name_or_path m --tune_mm_mlp_adapter True", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			if got := res.Jobs[0].Plan.Recipe.V; got != c.want {
				t.Errorf("recipe %q, want %q", got, c.want)
			}
		})
	}
}
