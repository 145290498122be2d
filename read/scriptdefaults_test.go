package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptDefaults: a launched program of the repository whose
// TrainingArguments dataclass defaults model_max_length gives the sequence
// length when nothing else does; a flag on the launch wins, and a program
// without such a dataclass gives nothing.
func TestScriptDefaults(t *testing.T) {
	const dataclass = "from dataclasses import dataclass, field\nimport transformers\n\n@dataclass\nclass TrainingArguments(transformers.TrainingArguments):\n    optim: str = field(default=\"adamw_torch\")\n    model_max_length: int = field(\n        default=1_024,\n        metadata={\"help\": \"Maximum sequence length.\"},\n    )\n"
	for _, c := range []struct {
		name, program, flags string
		want                 int
		from                 string
	}{
		{"dataclass default", dataclass, "", 1024, "model_max_length 1024 at "},
		{"flag wins", dataclass, " --model_max_length 4096", 4096, "run.sh:1:"},
		{"no dataclass", "import argparse\nmodel_max_length: int = 64\n", "", 2048, "default: trainlint"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"run.sh":   "torchrun --nproc_per_node 2 train.py --model_name_or_path Qwen/Qwen2.5-0.5B --bf16 True --output_dir out" + c.flags + "\n",
				"train.py": c.program,
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{filepath.Join(dir, "run.sh")}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			seq := res.Jobs[0].Plan.SeqLen
			if seq.V != c.want || !strings.Contains(seq.From.String(), c.from) {
				t.Errorf("seq_len %d ← %s, want %d ← …%s…", seq.V, seq.From, c.want, c.from)
			}
		})
	}
}
