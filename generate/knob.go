package generate

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// Knob is one way to lower a job's peak GPU memory: a change of the plan
// the estimator can price, and the same change as edits of the job's files.
type Knob struct {
	// ID is stable and kebab-case ("gradient-checkpointing", "micro-batch-2").
	ID string
	// Group names knobs that exclude each other (the variants of one
	// setting); a combination holds at most one knob per group.
	Group string
	// Title is imperative and names the keys and values.
	Title  string
	Safety lint.Safety
	// Cost is the step-time cost in words; Rank orders costs (0 is free).
	Cost string
	Rank int
	// Requires is a group one of whose knobs must be in a combination for
	// this knob to apply to a plan that lacks it (ZeRO-3 for parameter
	// offload).
	Requires string
	// Advice marks a knob no file can express (more GPUs): it is suggested,
	// never applied.
	Advice bool

	apply   func(p *plan.Plan) bool
	changes func(t *target) []lint.Change
	// titleFor, when set, words the title with the keys the changes use.
	titleFor func(changes []lint.Change) string
}

// Apply returns a copy of p with the knob applied, and false (with p) when
// the knob does not apply to p.
func (k *Knob) Apply(p *plan.Plan) (*plan.Plan, bool) {
	c := p.Clone()
	if !k.apply(c) {
		return p, false
	}
	return c, true
}

// Changes returns the edits that apply the knob to the job's files, where
// the job keeps each value. It is empty for advice and when no file of the
// job can express the change.
func (k *Knob) Changes(job *read.Job) []lint.Change {
	if k.Advice || k.changes == nil || job == nil {
		return nil
	}
	t := &target{job: job}
	return inScriptKeys(t, k.changes(t))
}

// refused reports whether the job's framework has no spelling for a
// setting the knob writes (read.Spellings): the change exists in the
// Trainer's vocabulary, but the job's parser would reject it.
func (k *Knob) refused(job *read.Job) bool {
	if k.Advice || k.changes == nil || job == nil {
		return false
	}
	t := &target{job: job}
	raw := k.changes(t)
	return len(raw) > 0 && len(inScriptKeys(t, raw)) == 0
}

// Fix is the knob as a lint fix, with its predicted effect; the title
// names the keys as the job's files spell them.
func (k *Knob) Fix(job *read.Job, peakAfterGiB float64, fits bool) lint.Fix {
	changes := k.Changes(job)
	return lint.Fix{
		Title:        k.titleOf(job, changes),
		Safety:       k.Safety,
		Changes:      changes,
		Cost:         k.Cost,
		PeakAfterGiB: peakAfterGiB,
		Fits:         fits,
	}
}

// titleOf words the knob's title with the keys its changes of job use.
func (k *Knob) titleOf(job *read.Job, changes []lint.Change) string {
	title := k.Title
	if k.titleFor != nil && len(changes) > 0 {
		title = k.titleFor(changes)
	}
	return scriptTitle(job, title)
}

// Knobs lists the knobs that can apply to p, safe ones first. Their target
// values come from p (the micro batch's divisors, the next ZeRO stage), so
// build them from the plan being fixed.
func Knobs(p *plan.Plan) []*Knob {
	var out []*Knob
	for _, build := range []func(*plan.Plan) []*Knob{
		microBatchKnobs,
		checkpointingKnobs,
		rolloutMemoryKnobs,
		rolloutOffloadKnobs,
		logProbKnobs,
		zeroStageKnobs,
		offloadKnobs,
		zeroBufferKnobs,
		attentionKnobs,
		optimizerKnobs,
		precisionKnobs,
		moreGPUKnobs,
		peftKnobs,
		freezeKnobs,
		imageKnobs,
		seqLenKnobs,
	} {
		out = append(out, build(p)...)
	}
	safe := make([]*Knob, 0, len(out))
	var unsafe []*Knob
	for _, k := range out {
		if k.Safety == lint.Unsafe {
			unsafe = append(unsafe, k)
		} else {
			safe = append(safe, k)
		}
	}
	return append(safe, unsafe...)
}
