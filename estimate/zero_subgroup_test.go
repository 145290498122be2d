package estimate

import (
	"testing"
	"time"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// TestTinySubGroups: sub_group_size 0 (one sub-group per tensor, as
// axolotl's zero3.json sets it) or 1 must neither hang nor fail.
func TestTinySubGroups(t *testing.T) {
	m, err := catalog.Builtin().Model("meta-llama/Llama-3.2-1B")
	if err != nil {
		t.Fatal(err)
	}
	g, err := catalog.Builtin().GPU("a100-80gb")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{0, 1, 1000} {
		p := &plan.Plan{}
		p.Model = plan.Of(m, plan.Origin{})
		p.Hardware.GPU = plan.Of(g, plan.Origin{})
		p.ZeRO.Enabled = true
		p.ZeRO.Stage = plan.Of(3, plan.Origin{})
		p.ZeRO.SubGroupSize = plan.Of(size, plan.Origin{})
		p.ZeRO.MaxLiveParameters = plan.Of(int64(0), plan.Origin{})
		done := make(chan error, 1)
		go func() { _, err := Estimate(p); done <- err }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("sub_group_size %d: %v", size, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("sub_group_size %d: estimate did not finish in 10 s", size)
		}
	}
}
