package estimate

import (
	"math"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func fsdp(mode string, gpus, nodes int) func(p *plan.Plan) {
	return func(p *plan.Plan) {
		p.FSDP.Mode = plan.Of(mode, testOrigin)
		p.Hardware.GPUsPerNode = plan.Of(gpus, testOrigin)
		p.Hardware.Nodes = plan.Of(nodes, testOrigin)
	}
}

// TestFSDPStates: fp32 flat parameters (Accelerate upcasts bf16 ones under
// mixed precision), gradients and AdamW state sharded over the world (over a
// node for hybrid_shard); full_shard gathers the root unit and two layers in
// bf16, shard_grad_op every unit.
func TestFSDPStates(t *testing.T) {
	const p = 3212749824.0
	layer := (p - 128256*3072.0 - 3072) / 28
	root := p - 28*layer
	tests := []struct {
		name        string
		mode        string
		gpus, nodes int
		shards      float64
		gathered    float64
	}{
		{"full_shard over 2", "full_shard", 2, 1, 2, 2 * (root + 2*layer)},
		{"shard_grad_op over 2", "shard_grad_op", 2, 1, 2, 2 * p},
		{"hybrid_shard shards within the node", "hybrid_shard", 4, 2, 4, 2 * (root + 2*layer)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var notes assumptions
			j, err := resolve(testPlan(t, "llama-3.2-3b", fsdp(tt.mode, tt.gpus, tt.nodes)), notes.add)
			if err != nil {
				t.Fatal(err)
			}
			s := fsdpStates(j, buildInventory(j), optimizerFor("adamw_torch", nil))
			if want := 4 * p / tt.shards; math.Abs(s.weights.bytes-want) > 1 {
				t.Errorf("weights %.4g B, want %.4g (fp32 / %.0f)", s.weights.bytes, want, tt.shards)
			}
			if want := 8 * p / tt.shards; math.Abs(s.optimizer.bytes-want) > 1 {
				t.Errorf("optimizer %.4g B, want %.4g", s.optimizer.bytes, want)
			}
			if math.Abs(s.gathered.bytes-tt.gathered) > 1 {
				t.Errorf("gathered %.4g B, want %.4g", s.gathered.bytes, tt.gathered)
			}
			if len(notes) == 0 {
				t.Error("the fp32 upcast is not noted")
			}
		})
	}
}

// TestFSDPOffloadAccumulates: with CPU offload the sharded gradient is
// accumulated on the host, so gradient accumulation keeps nothing on the
// GPU; without it the shard accumulates there.
func TestFSDPOffloadAccumulates(t *testing.T) {
	for _, offload := range []bool{false, true} {
		var notes assumptions
		j, err := resolve(testPlan(t, "llama-3.2-3b", func(p *plan.Plan) {
			fsdp("full_shard", 8, 1)(p)
			p.GradAccum = plan.Of(4, testOrigin)
			p.FSDP.CPUOffload = plan.Of(offload, testOrigin)
		}), notes.add)
		if err != nil {
			t.Fatal(err)
		}
		s := fsdpStates(j, buildInventory(j), optimizerFor("adamw_torch", nil))
		if got := s.accumGrads > 0; got == offload {
			t.Errorf("offload %v: accumulated gradients %.4g B on the GPU", offload, s.accumGrads)
		}
	}
}
