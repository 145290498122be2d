package generate

import (
	"fmt"
	"math"
	"strings"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// The RL settings below have no Trainer-side or DeepSpeed key: they are
// written only for a job whose framework spells them (read.Spellings).
var (
	fieldRolloutMemory           = field{spelled: read.RolloutMemory}
	fieldRolloutOffloadParams    = field{spelled: read.RolloutOffloadParams}
	fieldRolloutOffloadOptimizer = field{spelled: read.RolloutOffloadOptimizer}
	fieldLogProbMicroBatch       = field{spelled: read.LogProbMicroBatch}
	fieldRefLogProbMicroBatch    = field{spelled: read.RefLogProbMicroBatch}
)

// engineFloorGiB is what trainlint leaves a colocated engine beyond its
// weights when it lowers the engine's share of the card: vLLM sizes its KV
// cache from what remains after a profiling forward, and refuses to start
// when no block is left. A margin of trainlint's, not an upstream figure.
const engineFloorGiB = 2.0

// rolloutMemoryKnobs lower the share of the card a colocated vLLM or
// SGLang engine takes (gpu_memory_utilization), 0.1 at a time, as long as
// the share still holds the engine's bf16 weights (one tensor-parallel
// shard) and engineFloorGiB. The samples stay the same: a smaller KV cache
// decodes fewer sequences at once.
func rolloutMemoryKnobs(p *plan.Plan) []*Knob {
	ro := p.Rollout
	engine := strings.ToLower(ro.Engine.V)
	if !ro.SameGPUs || (engine != "vllm" && engine != "sglang") || !ro.GPUMemoryUtilization.Set || ro.UtilizationOfFree.V ||
		!p.Hardware.GPU.Set || !p.Model.Set {
		return nil
	}
	capGiB := p.Hardware.GPU.V.MemoryGiB()
	weightsGiB := float64(p.Model.V.Params().Total) * 2 / float64(max(1, ro.TensorParallel.Or(1))) / estimate.GiB
	floor := (weightsGiB + engineFloorGiB) / capGiB
	from := ro.GPUMemoryUtilization.V
	var out []*Knob
	for step := 1; ; step++ {
		to := math.Round((from-0.1*float64(step))*100) / 100
		if to < floor || to <= 0 {
			break
		}
		out = append(out, &Knob{
			ID:     fmt.Sprintf("rollout-memory-%02.0f", to*100),
			Group:  "rollout-memory",
			Title:  fmt.Sprintf("Set the %s engine's `gpu_memory_utilization` to %.2g (was %.2g)", engine, to, from),
			Safety: lint.Safe,
			Cost:   "a smaller KV cache: fewer sequences decoded at once, a slower rollout",
			Rank:   10 * step,
			apply: func(q *plan.Plan) bool {
				if q.Rollout.GPUMemoryUtilization.V != from {
					return false
				}
				q.Rollout.GPUMemoryUtilization.V = to
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(fieldRolloutMemory, t.job.Plan.Rollout.GPUMemoryUtilization.From, to, nil)
			},
			titleFor: func(ch []lint.Change) string {
				return fmt.Sprintf("Set `%s` to %.2g (was %.2g)", keyName(ch[0]), to, from)
			},
		})
	}
	return out
}

// rolloutOffloadKnobs move the policy's parameters or optimizer state to
// host memory while a colocated engine generates (verl's
// actor.fsdp_config.param_offload and optimizer_offload, EasyR1's
// worker.actor.offload): the update is the same, the states travel over
// PCIe twice a step.
func rolloutOffloadKnobs(p *plan.Plan) []*Knob {
	if !p.Rollout.SameGPUs || p.Rollout.Engine.V == "" {
		return nil
	}
	var out []*Knob
	for _, o := range []struct {
		id, what, is string
		f            field
		get          func(q *plan.Plan) *plan.Value[bool]
		rank         int
	}{
		{"rollout-offload-optimizer", "optimizer state", "is", fieldRolloutOffloadOptimizer, func(q *plan.Plan) *plan.Value[bool] { return &q.RL.OffloadOptimizerForRollout }, 35},
		{"rollout-offload-parameters", "parameters", "are", fieldRolloutOffloadParams, func(q *plan.Plan) *plan.Value[bool] { return &q.RL.OffloadParamsForRollout }, 40},
	} {
		if o.get(p).V {
			continue
		}
		out = append(out, &Knob{
			ID:     o.id,
			Group:  o.id,
			Title:  fmt.Sprintf("Offload the policy's %s to the CPU while the engine generates", o.what),
			Safety: lint.Safe,
			Cost:   fmt.Sprintf("the %s %s copied to host memory and back every step, over PCIe", o.what, o.is),
			Rank:   o.rank,
			apply: func(q *plan.Plan) bool {
				v := o.get(q)
				if v.V {
					return false
				}
				v.V, v.Set = true, true
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(o.f, o.get(t.job.Plan).From, true, nil)
			},
			titleFor: func(ch []lint.Change) string {
				return fmt.Sprintf("Set `%s` to true: the policy's %s %s kept in host memory while the engine generates", keyName(ch[0]), o.what, o.is)
			},
		})
	}
	return out
}

// logProbKnobs lower the micro batch of the old-policy and reference
// log-prob forwards to an exact divisor: forward only, the log-probs are
// the same.
func logProbKnobs(p *plan.Plan) []*Knob {
	mb := p.RL.LogProbBatch.V
	if !p.RL.LogProbBatch.Set || mb <= 1 {
		return nil
	}
	var out []*Knob
	for d := mb / 2; d >= 1; d-- {
		if mb%d != 0 {
			continue
		}
		out = append(out, &Knob{
			ID:     fmt.Sprintf("log-prob-batch-%d", d),
			Group:  "log-prob-batch",
			Title:  fmt.Sprintf("Set the log-prob micro batch to %d (was %d)", d, mb),
			Safety: lint.Safe,
			Cost:   "more, smaller forwards when scoring the rollouts",
			Rank:   int(math.Round(2 * math.Log2(float64(mb/d)))),
			apply: func(q *plan.Plan) bool {
				if q.RL.LogProbBatch.V != mb {
					return false
				}
				q.RL.LogProbBatch.V = d
				return true
			},
			changes: func(t *target) []lint.Change {
				from := t.job.Plan.RL.LogProbBatch.From
				out := t.set(fieldLogProbMicroBatch, from, d, nil)
				if out == nil {
					return nil
				}
				return append(out, t.set(fieldRefLogProbMicroBatch, from, d, nil)...)
			},
			titleFor: func(ch []lint.Change) string {
				keys := make([]string, len(ch))
				for i, c := range ch {
					keys[i] = "`" + keyName(c) + "`"
				}
				return fmt.Sprintf("Set %s to %s (was %d)", strings.Join(keys, " and "), spelledAs(ch[0], d), mb)
			},
		})
	}
	return out
}
