package shell

import (
	"slices"
	"testing"
)

// TestPrograms: a script's programs are those of its commands that are not
// launches, by file name, once each, leaving out chores and launches; a
// script it sources or runs but cannot read is named by its file name.
func TestPrograms(t *testing.T) {
	src := "#!/bin/bash\nset -e\nexport M=Qwen/Qwen2-7B\nmkdir -p out\npip install x\n/opt/bin/autoalign-cli sft --model_name_or_path $M\n" +
		"autoalign-cli dpo\nsource \"$(dirname \"$0\")/../generic/finetune.sh\"\nbash eval.sh $M\n$RUNNER go\n" +
		"torchrun --nproc_per_node=8 train.py\n"
	s, err := Parse("run.sh", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"autoalign-cli", "finetune.sh", "eval.sh"}
	if !slices.Equal(s.Programs, want) {
		t.Errorf("Programs = %q, want %q", s.Programs, want)
	}
}
