package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// batchTerms are the breakdown components that grow with the micro batch
// and the sequence length; stateTerms those that grow with the model.
var (
	batchTerms = map[string]bool{
		"activations": true, "logits": true, "backward-working-set": true, "autocast-copies": true, "eval-logits": true,
	}
	stateTerms = map[string]bool{
		"weights": true, "gradients": true, "optimizer": true, "optimizer-step": true, "gradient-buffers": true, "gathered-params": true,
	}
)

// topComponents lists the n largest terms of a breakdown as notes:
// "activations 41.2 GiB (44%): ...".
func topComponents(cs []estimate.Component, total float64, n int) []string {
	sorted := append([]estimate.Component(nil), cs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Bytes > sorted[j].Bytes })
	var out []string
	for _, c := range sorted {
		if len(out) == n || c.Bytes <= 0 {
			break
		}
		note := fmt.Sprintf("%s %s (%.0f%%)", c.Name, gib(c.Bytes), 100*c.Bytes/total)
		if c.Note != "" {
			note += ": " + c.Note
		}
		out = append(out, note)
	}
	return out
}

// memoryFinding starts a finding about the per-GPU peak at the key that
// most drives it: the micro batch when batch-sized terms dominate, else the
// ZeRO stage (or the file's start).
func memoryFinding(p *lint.Pass, format string, args ...any) lint.Finding {
	est := p.Estimate
	var batch, states float64
	for _, c := range est.Breakdown {
		switch {
		case batchTerms[c.Name]:
			batch += c.Bytes
		case stateTerms[c.Name]:
			states += c.Bytes
		}
	}
	var at plan.Origin
	switch {
	case batch >= states:
		if s := trainerArg(p.Job, "per_device_train_batch_size", "micro_batch_size", "per_gpu_train_batch_size"); s.found() {
			return jobNote(p, finding(s.conf.file, s.at(), format, args...))
		}
		at = p.Plan.MicroBatch.From
	case p.Plan.World() > 1 && p.Plan.ZeRO.Enabled:
		at = p.Plan.ZeRO.Stage.From
	case p.Plan.World() > 1 && p.Plan.FSDP.Mode.Set:
		at = p.Plan.FSDP.Mode.From
	default:
		// Unsharded model states (no sharding, or one GPU to shard over):
		// the model is what does not fit.
		at = p.Plan.ModelRef.From
	}
	return jobNote(p, p.FindingAt(at, format, args...))
}

// jobNote names the job when the finding sits in a file other than its
// primary one, such as a DeepSpeed config several jobs share.
func jobNote(p *lint.Pass, f lint.Finding) lint.Finding {
	if p.Job != nil && p.Job.Primary != nil && f.File != "" && f.File != p.Job.Primary.Path {
		f.Notes = append(f.Notes, "for the job of "+p.Job.Primary.Path)
	}
	return f
}

// memoryNotes are the notes every memory finding carries: the largest
// terms, the phase of the peak and how much the estimate had to assume.
func memoryNotes(est *estimate.Result) []string {
	notes := topComponents(est.Breakdown, est.Peak, 3)
	if est.PeakPhase != "" {
		notes = append(notes, "the peak is in the "+est.PeakPhase+" phase; `trainlint estimate` shows the whole breakdown")
	}
	if n := len(est.Assumptions); n > 0 {
		notes = append(notes, fmt.Sprintf("the estimate makes %d assumption(s), listed by `trainlint estimate`; declare what is known in .trainlint.yaml", n))
	}
	return notes
}

// maxSuggestions is how many single changes a memory finding lists.
const maxSuggestions = 8

// memoryFixes asks the fix search for what brings the peak under the limit
// (capacity less margin). The first fix is the one that fits: the cheapest
// combination of safe changes, or, when no safe change fits, the cheapest
// unsafe combination that would (so applying the first fix always clears
// the finding). The single changes follow, safe ones before unsafe ones and
// within each the lowest predicted peak first; every fix carries its
// predicted peak. The notes say when no safe change fits, and hold advice no
// file can express (more GPUs).
func memoryFixes(p *lint.Pass, margin float64) (fixes []lint.Fix, notes []string) {
	// Fit and Suggest price many of the same plans, the job's own first.
	m := generate.NewEstimates(nil, p.Plan, p.Estimate)
	opts := generate.Options{Margin: margin, Estimate: m.Estimate, Bound: m.Bound}
	seen := map[string]bool{}
	var safeFit, unsafeFit *lint.Fix
	limit := 0.0
	if res, err := generate.Fit(p.Job, opts); err == nil {
		limit = res.LimitGiB
		switch {
		case len(res.Fixes) > 0:
			f := combine(res.Fixes, lint.Safe, res.AfterGiB)
			safeFit = &f
		case res.Unsafe != nil && len(res.Unsafe.Changes) > 0:
			unsafeFit = res.Unsafe
		}
		if res.Advice != nil {
			notes = append(notes, fmt.Sprintf("or %s → %.1f GiB", lowerFirst(res.Advice.Title), res.Advice.PeakAfterGiB))
			seen[res.Advice.Title] = true
		}
	}
	sugs, _ := generate.Suggest(p.Job, opts)
	var safe, unsafe []lint.Fix
	adviceFits := false
	for _, s := range sugs {
		if seen[s.Fix.Title] {
			continue
		}
		seen[s.Fix.Title] = true
		switch {
		case len(s.Fix.Changes) == 0:
			// Advice no file can express, such as more GPUs.
			notes = append(notes, fmt.Sprintf("or %s → %.1f GiB", lowerFirst(s.Fix.Title), s.Fix.PeakAfterGiB))
			adviceFits = adviceFits || s.Fix.Fits
		case s.Fix.Safety == lint.Unsafe:
			unsafe = append(unsafe, s.Fix)
		default:
			safe = append(safe, s.Fix)
		}
	}
	first := safeFit
	if first == nil {
		first = unsafeFit
	}
	if first != nil {
		fixes = append(fixes, *first)
	}
	safeFits := safeFit != nil || slices.ContainsFunc(safe, func(f lint.Fix) bool { return f.Fits })
	if !safeFits && limit > 0 {
		notes = append(notes, noSafeFit(safe, unsafeFit, unsafe, adviceFits, limit))
	}
	for _, f := range append(safe, unsafe...) {
		if first == nil || f.Title != first.Title {
			fixes = append(fixes, f)
		}
	}
	if len(fixes) > maxSuggestions {
		fixes = fixes[:maxSuggestions]
	}
	return fixes, notes
}

// noSafeFit says that no safe change fits, with the best one's peak, and
// points at the unsafe fix that would, or at the advice above it that no
// file can express (adviceFits) when only that fits.
func noSafeFit(safe []lint.Fix, unsafeFit *lint.Fix, unsafe []lint.Fix, adviceFits bool, limit float64) string {
	msg := fmt.Sprintf("no safe change fits the %.1f GiB limit", limit)
	if len(safe) > 0 {
		msg += fmt.Sprintf(" (the best safe change leaves %.1f GiB)", safe[0].PeakAfterGiB)
	}
	if unsafeFit != nil {
		return msg + fmt.Sprintf("; the unsafe fix listed first would: %.1f GiB", unsafeFit.PeakAfterGiB)
	}
	for _, f := range unsafe {
		if f.Fits {
			return msg + fmt.Sprintf("; unsafe, %s would: %.1f GiB", lowerFirst(f.Title), f.PeakAfterGiB)
		}
	}
	if adviceFits {
		msg = fmt.Sprintf("no change trainlint can write into the files fits the %.1f GiB limit", limit)
		if len(safe) > 0 {
			msg += fmt.Sprintf(" (the best leaves %.1f GiB)", safe[0].PeakAfterGiB)
		}
		return msg + "; the advice above that does has to be made by hand"
	}
	return msg + "; no unsafe change fits either"
}

// combine makes one fix of the changes the search chose together.
func combine(parts []lint.Fix, safety lint.Safety, peakAfter float64) lint.Fix {
	var titles, costs []string
	var chs []lint.Change
	for _, f := range parts {
		titles = append(titles, f.Title)
		if f.Cost != "" {
			costs = append(costs, f.Cost)
		}
		chs = append(chs, f.Changes...)
		if f.Safety == lint.Unsafe {
			safety = lint.Unsafe
		}
	}
	return lint.Fix{Title: strings.Join(titles, "; "), Safety: safety, Changes: chs, Cost: strings.Join(costs, ", "), PeakAfterGiB: peakAfter, Fits: true}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// undeclared lists what a memory verdict rests on that no file, declaration
// or flag gave, each with the line that declares it: trainlint's default
// sequence length, a micro batch from a library default, and, when the
// states are sharded over it, a world size nothing stated; and a file the
// launch names that could not be read (a DeepSpeed config left out of the
// checkout), without which the job is estimated unsharded. l and lerr are
// FindLimits' answer for the pass's plan, which the rule quotes too.
func undeclared(pass *lint.Pass, l estimate.Limits, lerr error) []string {
	p := pass.Plan
	var out []string
	if p.ModelGuess != "" {
		out = append(out, p.ModelGuess)
	}
	out = append(out, p.Unread...)
	for _, u := range pass.Job.Unresolved {
		out = append(out, fmt.Sprintf("the launch names %q (%s), which could not be read: the estimate runs without it", u.Path, u.Key))
	}
	if p.PaddingFree.V && p.SeqLen.From.Kind != plan.FromProject {
		out = append(out, fmt.Sprintf("%s: a micro batch's sequences are concatenated without padding, so memory follows the tokens the data holds, and the estimate counts every sequence at the %d-token cap: declare `training: {seq_len_max: N}` in .trainlint.yaml with the length your data's sequences reach", paddingFreeKey(p), p.SeqLen.V))
	} else if p.PadToLongest.V && !p.Packing.V && !p.PadToMax.V && p.SeqLen.From.Kind != plan.FromProject && p.SeqLen.From.Kind != plan.FromFlag {
		// Only a verdict the length decides rests on the data: when not
		// even one token fits, the model states alone are over.
		if lerr == nil && l.MaxSeqLen > 0 {
			out = append(out, fmt.Sprintf("%sbatches are padded to their longest sample and the %d-token cap only truncates, so the data decides: samples up to %d tokens fit at micro batch %d; declare `training: {seq_len_max: N}` in .trainlint.yaml with the length your data's samples reach", padToLongestKey(p), p.SeqLen.V, l.MaxSeqLen, l.MicroBatch))
		}
	}
	if note := unquantizedExperts(pass); note != "" {
		out = append(out, note)
	}
	if p.SeqLen.From.Kind == plan.FromDefault {
		out = append(out, fmt.Sprintf("the sequence length is trainlint's default of %d tokens: declare `training: {seq_len: N}` in .trainlint.yaml or pass --seq-len", p.SeqLen.V))
	}
	if p.MicroBatch.From.Kind == plan.FromDefault {
		out = append(out, fmt.Sprintf("the micro batch is the %s default of %d: write it in the training config or declare `training: {micro_batch: N}` in .trainlint.yaml", p.MicroBatch.From.Note, p.MicroBatch.V))
	}
	sharded := p.ZeRO.Enabled && p.ZeRO.Stage.V > 0 || p.FSDP.Mode.Set && p.FSDP.Mode.V != "" && p.FSDP.Mode.V != "no_shard"
	if sharded && (!p.Hardware.GPUsPerNode.Set || p.Hardware.GPUsPerNode.From.Kind == plan.FromDefault) {
		out = append(out, fmt.Sprintf("the world size was not read (%d GPU(s) assumed to shard over): declare `hardware: {gpus_per_node: N}` in .trainlint.yaml or pass --gpus", p.World()))
	}
	if j := pass.Job; !sharded && p.World() > 1 && j.Script == nil && j.Accelerate == nil && j.DeepSpeed == nil && j.Trainer != nil && j.Trainer.Format == read.Trainer {
		// TrainingArguments files are usually launched with
		// `accelerate launch --config_file ZERO3.yaml script.py CONFIG`:
		// the sharding is on the command line, not in the file.
		out = append(out, fmt.Sprintf("%s names no DeepSpeed or FSDP setting and no launch of it was found, so each of the %d GPUs is estimated holding the whole job (plain DDP); the accelerate or DeepSpeed config it is launched with decides: lint the launch script that runs it", j.Trainer.Path, p.World()))
	}
	return out
}

// unquantizedExperts says, for a 4- or 8-bit job that does not fit only
// because its mixture-of-experts weights stay in 16 bits, that the verdict
// rests on the transformers release. transformers 5 stores a layer's
// experts as fused 3-D parameters, which bitsandbytes (acting on nn.Linear
// modules) leaves unquantized, and the estimate follows it: axolotl pins
// transformers==5.14.1 (axolotl-ai-cloud/axolotl 067b021 pyproject.toml)
// and quantizes them only with quantize_moe_experts. Under transformers 4
// each expert was an nn.Linear and loaded in 4 or 8 bits, as the examples
// written then (axolotl's examples/mistral/mixtral) expect.
func unquantizedExperts(pass *lint.Pass) string {
	p, est := pass.Plan, pass.Estimate
	if est == nil || est.Fits() || p.QuantizeExperts.V || !p.Model.Set {
		return ""
	}
	if q := p.Quant.V; q != plan.NF4 && q != plan.FP4 && q != plan.Int8 {
		return ""
	}
	if !slices.ContainsFunc(p.Model.V.Linears(), func(l catalog.Linear) bool { return l.Fused && l.Count > 1 }) {
		return ""
	}
	c := p.Clone()
	c.QuantizeExperts = plan.Of(true, plan.Derived("the experts quantized, as transformers 4 loads them"))
	r, err := estimate.Estimate(c)
	if err != nil || !r.Fits() {
		return ""
	}
	return fmt.Sprintf("the estimate keeps %s's experts in 16 bits, as transformers 5 stores them: fused 3-D parameters, which bitsandbytes does not quantize "+
		"(axolotl pins transformers 5.14.1 and quantizes them only with `quantize_moe_experts: true`); under transformers 4, where each expert is an nn.Linear "+
		"loaded in %s, the peak is %s and fits: the transformers release the job runs decides", p.Model.V.ID, p.Quant.V, gib(r.Peak))
}

// limitsNote says the longest sequence and the largest micro batch that fit
// (FindLimits' answer for the pass's plan), or nothing when the search
// failed.
func limitsNote(l estimate.Limits, err error) []string {
	if err != nil {
		return nil
	}
	return []string{l.String()}
}

// paddingFreeKey names the setting that made a job's batches padding-free.
func paddingFreeKey(p *plan.Plan) string {
	if k := p.PaddingFree.From.Key; k != "" {
		return "`" + k + "`"
	}
	return "padding-free batches"
}

// padToLongestKey names the setting that made a job's batches padded to
// their longest sample, as the start of a note, or nothing when the
// framework always pads so.
func padToLongestKey(p *plan.Plan) string {
	if k := p.PadToLongest.From.Key; k != "" {
		return "`" + k + "`: "
	}
	return ""
}
