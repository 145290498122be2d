package read

import (
	"strings"
	"testing"
)

// TestMedusaHeads: a launch passing --medusa_num_heads (Medusa's own argument) is declined with why, citing the
// flag; the same launch without it is read as a Trainer job.
func TestMedusaHeads(t *testing.T) {
	const launch = "torchrun --nproc_per_node=4 medusa/train/train.py --model_name_or_path lmsys/vicuna-7b-v1.3 --bf16 True --output_dir test --per_device_train_batch_size 8 --model_max_length 2048"
	p := rlPlanOf(t, "train_vicuna_7b.sh", launch+" --medusa_num_heads 3 --medusa_num_layers 1\n")
	if len(p.MemoryGaps) != 1 || p.MemoryGaps[0].Kind != "recipe not modelled" || !strings.Contains(p.MemoryGaps[0].Detail, "freezes the base model") {
		t.Fatalf("gaps %+v, want Medusa's", p.MemoryGaps)
	}
	if at := p.MemoryGaps[0].At; at.Line != 1 || at.Column != len(launch)+2 { // the flag, after the launch and a space
		t.Errorf("gap cited at %+v, want the --medusa_num_heads flag", at)
	}
	if p := rlPlanOf(t, "train.sh", launch+"\n"); len(p.MemoryGaps) != 0 {
		t.Errorf("without --medusa_num_heads: gaps %+v, want none", p.MemoryGaps)
	}
}
