package read

import (
	"strings"
	"testing"
)

// TestOvis: an ovis/train/train.py launch names its model with
// --ovis_pretrained_path, which says why it is not priced, and its length
// is the longer of --multimodal_max_length and --text_max_length (4096
// each by default).
func TestOvis(t *testing.T) {
	tests := []struct {
		name, args string
		seq        int
	}{
		{"defaults", "", 4096},
		{"text longer", " --multimodal_max_length 6000 --text_max_length 8192", 8192},
		{"multimodal longer", " --multimodal_max_length 6000", 6000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", "torchrun --nproc_per_node=2 ovis/train/train.py --ovis_pretrained_path AIDC-AI/Ovis2.5-9B"+
				" --per_device_train_batch_size 2 --bf16 True"+tt.args+"\n")
			if p.ModelRef.V != "AIDC-AI/Ovis2.5-9B" || p.Recipe.V != RecipeOvis || p.SeqLen.V != tt.seq {
				t.Errorf("model %q, recipe %q, seq %d; want AIDC-AI/Ovis2.5-9B, %s, %d", p.ModelRef.V, p.Recipe.V, p.SeqLen.V, RecipeOvis, tt.seq)
			}
			if len(p.MemoryGaps) != 1 || !strings.Contains(p.MemoryGaps[0].Detail, "visual tokenizer") {
				t.Errorf("gaps %+v; want the one saying Ovis is not modelled", p.MemoryGaps)
			}
		})
	}
}
