package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
)

// TestUnattachedVerlConfig: a verl config in a linted folder that no launch
// starts from is reported as skipped, with why, instead of passed over.
func TestUnattachedVerlConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := "data:\n  max_prompt_length: 1024\nalgorithm:\n  adv_estimator: grpo\nworker:\n  rollout:\n    n: 5\ntrainer:\n  n_gpus_per_node: 8\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	launch := "python3 -m verl.trainer.main config=$WORKDIR/config.yaml worker.actor.model.model_path=Qwen/Qwen2.5-7B-Instruct\n"
	if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(launch), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{dir}, Options{Catalog: catalog.Builtin()})
	var skipped []string
	for _, f := range res.Skipped {
		skipped = append(skipped, filepath.Base(f.Path)+": "+f.Skip)
	}
	if len(skipped) != 1 || !strings.HasPrefix(skipped[0], "config.yaml: a verl or EasyR1 config that no launch") {
		t.Errorf("skipped %q, want config.yaml said to start no launch", skipped)
	}
}
