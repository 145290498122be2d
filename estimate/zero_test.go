package estimate

import (
	"math"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

func zero(stage, gpus int, edit func(z *plan.ZeRO)) func(p *plan.Plan) {
	return func(p *plan.Plan) {
		p.Hardware.GPUsPerNode = plan.Of(gpus, testOrigin)
		p.ZeRO.Enabled = true
		p.ZeRO.Stage = plan.Of(stage, testOrigin)
		if edit != nil {
			edit(&p.ZeRO)
		}
	}
}

// TestZeROStates checks the per-GPU model states of Llama-3-8B (bf16,
// AdamW) against the byte accounting: 2 B params, 2 B grads, 4 B fp32
// master and 8 B Adam, sharded from stage 3, 2 and 1 respectively.
func TestZeROStates(t *testing.T) {
	const p = 8030261248.0
	tests := []struct {
		name                string
		stage, gpus         int
		edit                func(z *plan.ZeRO)
		weights, grads, opt float64
		ipg                 float64
	}{
		{"stage 1 over 8", 1, 8, nil, 2 * p, 2 * p, 12 * p / 8, 5e8 * 2},
		{"stage 2 over 8", 2, 8, nil, 2 * p, 2 * p / 8, 12 * p / 8, 5e8 * 2},
		{"stage 2 overlap_comm doubles the IPG buffer", 2, 8, func(z *plan.ZeRO) { z.OverlapComm = plan.Of(true, testOrigin) },
			2 * p, 2 * p / 8, 12 * p / 8, 2 * 5e8 * 2},
		{"stage 2 auto buckets", 2, 8, func(z *plan.ZeRO) { z.ReduceBucketSize = plan.Of(int64(4096*4096), testOrigin) },
			2 * p, 2 * p / 8, 12 * p / 8, 4096 * 4096 * 2},
		{"stage 3 over 8", 3, 8, nil, 2 * p / 8, 2 * p / 8, 12 * p / 8, 5e8 * 2},
		{"stage 3 offload optimizer", 3, 8, func(z *plan.ZeRO) { z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin) },
			2 * p / 8, 0, 0, 5e8 * 2},
		{"stage 2 ignores param offload", 2, 8, func(z *plan.ZeRO) { z.OffloadParam = plan.Of(plan.OffloadCPU, testOrigin) },
			2 * p, 2 * p / 8, 12 * p / 8, 5e8 * 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := testJob(t, testPlan(t, "llama-3-8b", zero(tt.stage, tt.gpus, tt.edit)))
			inv := buildInventory(j)
			s := zeroStates(j, inv, optimizerFor("adamw_torch", nil))
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"weights", s.weights.bytes, tt.weights}, {"grads", s.grads.bytes, tt.grads},
				{"optimizer", s.optimizer.bytes, tt.opt}, {"ipg", s.gradBuffers.bytes, tt.ipg}} {
				if math.Abs(c.got-c.want) > 1 {
					t.Errorf("%s %.3g B, want %.3g", c.name, c.got, c.want)
				}
			}
		})
	}
}

// TestZeRO3Gather: the largest layer (Llama-3-8B's 525M-parameter
// embedding) gathered with its gradient, plus the prefetch bucket, capped
// by stage3_max_live_parameters × 2 B, plus the RMSNorm weights that stay
// whole under the persistence threshold.
func TestZeRO3Gather(t *testing.T) {
	const ll = 128256 * 4096.0
	for _, tt := range []struct {
		name string
		live int64
	}{{"default live params", 1e9}, {"live params allow the prefetch", 2e9}} {
		t.Run(tt.name, func(t *testing.T) {
			j := testJob(t, testPlan(t, "llama-3-8b", zero(3, 8, func(z *plan.ZeRO) {
				z.MaxLiveParameters = plan.Of(tt.live, testOrigin)
			})))
			s := zeroStates(j, buildInventory(j), optimizerFor("adamw_torch", nil))
			persisted := 65 * 4096 * 2.0
			want := max(4*ll, min(4*ll+5e7*2, float64(tt.live)*2)) + persisted
			if math.Abs(s.gathered.bytes-want) > 1 {
				t.Errorf("gathered %.4g B, want %.4g", s.gathered.bytes, want)
			}
		})
	}
}

// TestZeROStep: the fp32 upcast of the gradient partition exists only
// during the step, per sub-group at stage 3.
func TestZeROStep(t *testing.T) {
	const p = 8030261248.0
	for _, tt := range []struct {
		name  string
		stage int
		gpus  int
		sub   int64
		want  float64
	}{
		// The all-gather after the step runs in place: no allgather bucket.
		{"stage 2 flattens the whole partition", 2, 8, 0, 6 * p / 8},
		// 64 GPUs: a 125M partition holds a 125M piece of the 525M lm_head,
		// whose float64 copy for the norm outgrows the flatten.
		{"stage 2 gradient norm in float64", 2, 64, 0, 8 * p / 64},
		{"stage 3 default sub_group_size 1e9", 3, 8, 0, 6 * min(1e9, p/8)},
		{"stage 3 small sub-groups", 3, 8, 1e8, 6 * 1e8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j := testJob(t, testPlan(t, "llama-3-8b", zero(tt.stage, tt.gpus, func(z *plan.ZeRO) {
				if tt.sub > 0 {
					z.SubGroupSize = plan.Of(tt.sub, testOrigin)
				}
			})))
			s := zeroStates(j, buildInventory(j), optimizerFor("adamw_torch", nil))
			if math.Abs(s.stepTemp.bytes-tt.want) > 1 {
				t.Errorf("step temporaries %.4g B, want %.4g", s.stepTemp.bytes, tt.want)
			}
		})
	}
}
