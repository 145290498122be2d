package generate

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// zeroStageKnobs raise the ZeRO stage (HF's ladder: stage 2, then 3). They
// need a DeepSpeed config; sharding more keeps the math the same.
func zeroStageKnobs(p *plan.Plan) []*Knob {
	if !p.ZeRO.Enabled {
		return nil
	}
	var out []*Knob
	for _, s := range []struct {
		stage int
		cost  string
		rank  int
	}{
		{2, "gradients are reduce-scattered instead of all-reduced: about the same communication (~0–5% step time)", 5},
		{3, "parameters are gathered before each layer's forward and backward: ~1.5× the communication (~+10–30% step time)", 25},
	} {
		if p.ZeRO.Stage.V >= s.stage {
			continue
		}
		stage := s.stage
		out = append(out, &Knob{
			ID:     fmt.Sprintf("zero-stage-%d", stage),
			Group:  "zero-stage",
			Title:  fmt.Sprintf("Set `zero_optimization.stage` to %d", stage),
			Safety: lint.Safe,
			Cost:   s.cost,
			Rank:   s.rank,
			apply: func(q *plan.Plan) bool {
				if !q.ZeRO.Enabled || q.ZeRO.Stage.V >= stage {
					return false
				}
				q.ZeRO.Stage.V, q.ZeRO.Stage.Set = stage, true
				if q.ZeRO.OverlapComm.From.Kind == plan.FromDefault {
					// DeepSpeed's overlap_comm default follows the stage.
					q.ZeRO.OverlapComm.V = stage == 3
				}
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(fieldStage, t.job.Plan.ZeRO.Stage.From, stage, nil)
			},
		})
	}
	return out
}

// offloadKnobs move optimizer states (ZeRO-1 and up) or parameters
// (ZeRO-3) to host memory.
func offloadKnobs(p *plan.Plan) []*Knob {
	z := p.ZeRO
	if !z.Enabled {
		return nil
	}
	var out []*Knob
	if z.OffloadOptimizer.V == plan.OffloadNone || z.OffloadOptimizer.V == "" {
		k := &Knob{
			ID:     "offload-optimizer",
			Group:  "offload-optimizer",
			Title:  "Offload the optimizer to the CPU (`zero_optimization.offload_optimizer.device: cpu`)",
			Safety: lint.Safe,
			Cost:   "the optimizer step runs on the CPU, bound by host memory bandwidth (~+50–100% step time)",
			Rank:   60,
			apply: func(q *plan.Plan) bool {
				if !q.ZeRO.Enabled || q.ZeRO.Stage.V < 1 || (q.ZeRO.OffloadOptimizer.V != plan.OffloadNone && q.ZeRO.OffloadOptimizer.V != "") {
					return false
				}
				q.ZeRO.OffloadOptimizer.V, q.ZeRO.OffloadOptimizer.Set = plan.OffloadCPU, true
				if q.Optimizer.From.Key != "optimizer.type" {
					// DeepSpeed runs DeepSpeedCPUAdam for the offloaded step.
					q.Optimizer = plan.Of("adamw_torch_fused", plan.Derived("DeepSpeedCPUAdam runs the offloaded optimizer step on the CPU"))
				}
				return true
			},
			changes: func(t *target) []lint.Change {
				return offloadChanges(t, fieldOffloadOptimizer, t.job.Plan.ZeRO.OffloadOptimizer.From, "zero_optimization.offload_optimizer")
			},
		}
		if z.Stage.V < 1 {
			k.Requires = "zero-stage"
		}
		out = append(out, k)
	}
	if z.OffloadParam.V == plan.OffloadNone || z.OffloadParam.V == "" {
		k := &Knob{
			ID:     "offload-parameters",
			Group:  "offload-parameters",
			Title:  "Offload the parameters to the CPU (`zero_optimization.offload_param.device: cpu`, ZeRO-3)",
			Safety: lint.Safe,
			Cost:   "parameters stream from host memory over PCIe in every forward and backward (~+100–300% step time)",
			Rank:   80,
			apply: func(q *plan.Plan) bool {
				if !q.ZeRO.Enabled || q.ZeRO.Stage.V < 3 || (q.ZeRO.OffloadParam.V != plan.OffloadNone && q.ZeRO.OffloadParam.V != "") {
					return false
				}
				q.ZeRO.OffloadParam.V, q.ZeRO.OffloadParam.Set = plan.OffloadCPU, true
				return true
			},
			changes: func(t *target) []lint.Change {
				return offloadChanges(t, fieldOffloadParam, t.job.Plan.ZeRO.OffloadParam.From, "zero_optimization.offload_param")
			},
		}
		if z.Stage.V < 3 {
			k.Requires = "zero-stage"
		}
		out = append(out, k)
	}
	return out
}

// offloadChanges sets an offload device to cpu; a new offload section in a
// DeepSpeed file also gets pin_memory, as DeepSpeed's examples write it.
func offloadChanges(t *target, f field, from plan.Origin, section string) []lint.Change {
	out := t.set(f, from, "cpu", nil)
	if r, ok := t.deepSpeedRoot(); ok && len(out) > 0 && out[0].File == r.file.Path {
		if _, v := document.Lookup(r.node, "zero_optimization", lastKey(section)); v == nil || v.Kind != yaml.MappingNode {
			out = append(out, t.change(r, section+".pin_memory", true))
		}
	}
	return out
}

func lastKey(dotted string) string {
	for i := len(dotted) - 1; i >= 0; i-- {
		if dotted[i] == '.' {
			return dotted[i+1:]
		}
	}
	return dotted
}

// smallBucket is what bucket-like element counts are lowered to: HF's docs
// suggest 2e8 for 8 GB GPUs, and DeepSpeed#1302 measured gains down to 1e8.
const smallBucket = int64(1e8)

// lowerable reports whether a ZeRO element count is written (or defaulted)
// above smallBucket; "auto" values are sized from the model and left alone.
func lowerable(v plan.Value[int64]) bool {
	return v.V > smallBucket && v.From.Kind != plan.FromAuto && v.From.Kind != plan.FromFlag
}

// countField is one ZeRO element count a lowerPair knob may lower.
type countField struct {
	get   func(*plan.ZeRO) *plan.Value[int64]
	field field
	lower bool // written (or defaulted) above smallBucket
}

// lowerPair is a knob that lowers two related ZeRO element counts (those
// marked lower) to smallBucket; it applies only to plans that still hold the
// values p has and, when minStage is set, run at least that stage.
func lowerPair(p *plan.Plan, id, group, title, cost string, rank, minStage int, a, b countField) *Knob {
	av, bv := a.get(&p.ZeRO).V, b.get(&p.ZeRO).V
	return &Knob{
		ID:     id,
		Group:  group,
		Title:  title,
		Safety: lint.Safe,
		Cost:   cost,
		Rank:   rank,
		apply: func(q *plan.Plan) bool {
			if q.ZeRO.Stage.V < minStage || a.get(&q.ZeRO).V != av || b.get(&q.ZeRO).V != bv {
				return false
			}
			for _, c := range []countField{a, b} {
				if c.lower {
					c.get(&q.ZeRO).V = smallBucket
				}
			}
			return true
		},
		changes: func(t *target) []lint.Change {
			var out []lint.Change
			for _, c := range []countField{a, b} {
				if c.lower {
					out = append(out, t.set(c.field, c.get(&t.job.Plan.ZeRO).From, smallBucket, nil)...)
				}
			}
			return out
		},
	}
}

// zeroBufferKnobs shrink DeepSpeed's communication and staging buffers.
func zeroBufferKnobs(p *plan.Plan) []*Knob {
	z := p.ZeRO
	if !z.Enabled {
		return nil
	}
	var out []*Knob
	reduce := lowerable(z.ReduceBucketSize)
	allgather := lowerable(z.AllgatherBucketSize) && z.Stage.V <= 2
	if reduce || allgather {
		out = append(out, lowerPair(p, "smaller-buckets", "buckets",
			"Lower `zero_optimization.reduce_bucket_size` and `allgather_bucket_size` to 1e8",
			"more, smaller collectives (~+1–5% step time)", 3, 0,
			countField{func(z *plan.ZeRO) *plan.Value[int64] { return &z.ReduceBucketSize }, fieldReduceBucket, reduce},
			countField{func(z *plan.ZeRO) *plan.Value[int64] { return &z.AllgatherBucketSize }, fieldAllgatherBucket, allgather}))
	}
	if z.OverlapComm.V {
		out = append(out, &Knob{
			ID:     "overlap-comm-off",
			Group:  "overlap-comm",
			Title:  "Set `zero_optimization.overlap_comm` to false",
			Safety: lint.Safe,
			Cost:   "communication no longer overlaps the backward pass (~+5–15% step time)",
			Rank:   8,
			apply: func(q *plan.Plan) bool {
				if !q.ZeRO.Enabled || !q.ZeRO.OverlapComm.V {
					return false
				}
				q.ZeRO.OverlapComm = plan.Of(false, q.ZeRO.OverlapComm.From)
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(fieldOverlapComm, t.job.Plan.ZeRO.OverlapComm.From, false, nil)
			},
		})
	}
	live, reuse := lowerable(z.MaxLiveParameters), lowerable(z.MaxReuseDistance)
	if live || reuse {
		k := lowerPair(p, "fewer-live-parameters", "live-parameters",
			"Lower `zero_optimization.stage3_max_live_parameters` and `stage3_max_reuse_distance` to 1e8",
			"parameters are released and gathered again more often (~+1–5% step time)", 4, 3,
			countField{func(z *plan.ZeRO) *plan.Value[int64] { return &z.MaxLiveParameters }, fieldMaxLive, live},
			countField{func(z *plan.ZeRO) *plan.Value[int64] { return &z.MaxReuseDistance }, fieldMaxReuse, reuse})
		if z.Stage.V < 3 {
			k.Requires = "zero-stage"
		}
		out = append(out, k)
	}
	if lowerable(z.SubGroupSize) {
		sg := z.SubGroupSize.V
		k := &Knob{
			ID:     "smaller-sub-groups",
			Group:  "sub-group",
			Title:  "Lower `zero_optimization.sub_group_size` to 1e8",
			Safety: lint.Safe,
			Cost:   "the optimizer step runs in more, smaller pieces (~+1–5% step time)",
			Rank:   4,
			apply: func(q *plan.Plan) bool {
				if q.ZeRO.Stage.V < 3 || q.ZeRO.SubGroupSize.V != sg {
					return false
				}
				q.ZeRO.SubGroupSize.V = smallBucket
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(fieldSubGroup, t.job.Plan.ZeRO.SubGroupSize.From, smallBucket, nil)
			},
		}
		if z.Stage.V < 3 {
			k.Requires = "zero-stage"
		}
		out = append(out, k)
	}
	return out
}
