package generate

import (
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// TestCheckpointingTitle names the change as it is written: a key set to a
// value, or a bare flag passed (OpenRLHF's store_true
// --gradient_checkpointing, which once read "to <nil>").
func TestCheckpointingTitle(t *testing.T) {
	k := checkpointingKnobs(&plan.Plan{})[0]
	for _, tt := range []struct {
		ch   lint.Change
		want string
	}{
		{lint.Change{Path: []string{"gradient_checkpointing"}, Value: true}, "Set `gradient_checkpointing` to true"},
		{lint.Change{Path: []string{"disable_gradient_checkpointing"}, Value: false}, "Set `disable_gradient_checkpointing` to false"},
		{lint.Change{Path: []string{"--gradient_checkpointing"}}, "Pass `--gradient_checkpointing`"},
	} {
		if got := k.titleFor([]lint.Change{tt.ch}); got != tt.want {
			t.Errorf("title %q, want %q", got, tt.want)
		}
	}
}
