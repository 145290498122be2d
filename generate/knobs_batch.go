package generate

import (
	"fmt"
	"math"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// microBatchKnobs trade micro batch for gradient accumulation, one knob per
// exact divisor of the micro batch, so micro × accumulation × world (the
// global batch, hence the training math) stays exactly the same.
func microBatchKnobs(p *plan.Plan) []*Knob {
	mb, ga := p.MicroBatch.V, max(1, p.GradAccum.Or(1))
	if !p.MicroBatch.Set || mb <= 1 {
		return nil
	}
	global := mb * ga * p.World()
	var out []*Knob
	for d := mb / 2; d >= 1; d-- {
		if mb%d != 0 {
			continue
		}
		d, factor := d, mb/d
		newGA := ga * factor
		out = append(out, &Knob{
			ID:     fmt.Sprintf("micro-batch-%d", d),
			Group:  "micro-batch",
			Title:  fmt.Sprintf("Set the micro batch (`per_device_train_batch_size`) to %d and `gradient_accumulation_steps` to %d; the global batch stays %d", d, newGA, global),
			Safety: lint.Safe,
			Cost:   "lower GPU utilisation: smaller matmuls and more steps per update (~+5–15% step time)",
			Rank:   int(math.Round(4 * math.Log2(float64(factor)))),
			apply: func(q *plan.Plan) bool {
				if q.MicroBatch.V != mb || max(1, q.GradAccum.Or(1)) != ga {
					return false
				}
				q.MicroBatch.V, q.MicroBatch.Set = d, true
				q.GradAccum.V, q.GradAccum.Set = newGA, true
				return true
			},
			titleFor: func(ch []lint.Change) string {
				micro := keyName(ch[0])
				for _, c := range ch {
					// gradient_accumulation_steps, or the framework's own
					// spelling of it (AutoTrain's params.gradient_accumulation)
					if accum := keyName(c); strings.Contains(accum, "accumulation") {
						return fmt.Sprintf("Set `%s` to %s and `%s` to %d; the global batch stays %d", micro, spelledAs(ch[0], d), accum, newGA, global)
					}
				}
				// The framework derives the accumulation from its own batch
				// size (verl's mini batch, OpenRLHF's train_batch_size).
				return fmt.Sprintf("Set `%s` to %s; %d micro batches are accumulated, so the global batch stays %d", micro, spelledAs(ch[0], d), newGA, global)
			},
			changes: func(t *target) []lint.Change {
				jp := t.job.Plan
				micro := t.set(fieldMicroBatch, jp.MicroBatch.From, d, nil)
				accum := t.set(fieldGradAccum, jp.GradAccum.From, newGA, nil)
				if micro == nil || accum == nil {
					return nil
				}
				return append(micro, accum...)
			},
		})
	}
	return out
}

func checkpointingKnobs(p *plan.Plan) []*Knob {
	if p.GradientCheckpointing.V {
		return nil
	}
	return []*Knob{{
		ID:     "gradient-checkpointing",
		Group:  "gradient-checkpointing",
		Title:  "Set `gradient_checkpointing` to true",
		Safety: lint.Safe,
		Cost:   "≈ one extra forward pass (~+30% step time)",
		Rank:   30,
		apply: func(q *plan.Plan) bool {
			if q.GradientCheckpointing.V {
				return false
			}
			q.GradientCheckpointing.V, q.GradientCheckpointing.Set = true, true
			return true
		},
		changes: func(t *target) []lint.Change {
			return t.set(fieldCheckpointing, t.job.Plan.GradientCheckpointing.From, true, nil)
		},
		// The key written may say the opposite (LLaMA-Factory's and
		// AutoTrain's disable_gradient_checkpointing false).
		// A bare flag (OpenRLHF's store_true --gradient_checkpointing) is
		// written without a value.
		titleFor: func(ch []lint.Change) string {
			if ch[0].Value == nil {
				return fmt.Sprintf("Pass `--%s`", keyName(ch[0]))
			}
			return fmt.Sprintf("Set `%s` to %v", keyName(ch[0]), ch[0].Value)
		},
	}}
}

// seqLenKnobs halve the sequence length. Unsafe: longer samples are cut.
func seqLenKnobs(p *plan.Plan) []*Knob {
	seq := p.SeqLen.V
	if seq <= 512 {
		return nil
	}
	to := max(256, seq/2/128*128)
	return []*Knob{{
		ID:     "shorter-sequences",
		Group:  "sequence-length",
		Title:  fmt.Sprintf("Set the sequence length to %d tokens (was %d): longer samples are truncated", to, seq),
		Safety: lint.Unsafe,
		Cost:   "less context per sample; truncates the data (faster steps)",
		Rank:   55,
		apply: func(q *plan.Plan) bool {
			if q.SeqLen.V != seq {
				return false
			}
			q.SeqLen.V = to
			return true
		},
		changes: func(t *target) []lint.Change {
			return t.set(fieldSeqLen, t.job.Plan.SeqLen.From, to, nil)
		},
	}}
}

// spelledAs words the value a change writes for a micro batch of d
// sequences: the value, with the sequences beside it when the framework
// spells the batch otherwise (a token budget, DPO's pairs).
func spelledAs(c lint.Change, d int) string {
	n, ok := c.Value.(int)
	switch {
	case !ok || n == d:
	case d == 1:
		return fmt.Sprintf("%d (a micro batch of one sequence)", n)
	default:
		return fmt.Sprintf("%d (a micro batch of %d sequences)", n, d)
	}
	return fmt.Sprint(d)
}

// keyName is the key a change sets, as written (no leading dashes).
func keyName(c lint.Change) string {
	if len(c.Path) == 0 {
		return ""
	}
	return strings.TrimLeft(c.Path[len(c.Path)-1], "-")
}
