package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// EstimateJSON is one element of `trainlint estimate --format json`. The
// field names are a contract.
type EstimateJSON struct {
	File        string  `json:"file"`
	GPU         string  `json:"gpu"`
	GPUs        int     `json:"gpus"`
	CapacityGiB float64 `json:"capacity_gib"`
	PeakGiB     float64 `json:"peak_gib"`
	Fits        bool    `json:"fits"`
	HeadroomGiB float64 `json:"headroom_gib"`
	PeakPhase   string  `json:"peak_phase"`
	// PhaseGiB is each phase's allocated GiB (before the allocator's
	// reserve) for an RL job, whose rollout and log-prob phases can peak.
	PhaseGiB    map[string]float64 `json:"phase_gib,omitempty"`
	Breakdown   map[string]float64 `json:"breakdown"`
	CPUPeakGiB  float64            `json:"cpu_peak_gib"`
	Assumptions []string           `json:"assumptions"`
	// Model is the model estimated and ModelFrom how it was found (a
	// catalog id, a variant of one, a local or cached config.json).
	Model     string `json:"model,omitempty"`
	ModelFrom string `json:"model_from,omitempty"`
	// MemoryChecked is false for a job whose memory was not estimated; the
	// figures are then zero and MemoryNotCheckedReason says why.
	MemoryChecked          bool   `json:"memory_checked"`
	MemoryNotCheckedReason string `json:"memory_not_checked_reason,omitempty"`
	// Verdict is "fits", "tight" (within ±tight_band of the card) or "does
	// not fit"; Fits stays the plain comparison of peak and capacity.
	Verdict   string  `json:"verdict,omitempty"`
	TightBand float64 `json:"tight_band,omitempty"`
	// MaxSeqLen is the longest sequence per sample that fits at the job's
	// micro batch, MaxMicroBatch the largest micro batch that fits at its
	// sequence length (0: none fits); the *Capped flags say the search
	// stopped at its bound, so at least that much fits.
	MaxSeqLen       int  `json:"max_seq_len"`
	MaxSeqLenCapped bool `json:"max_seq_len_capped,omitempty"`
	MaxMicroBatch   int  `json:"max_micro_batch"`
	MaxBatchCapped  bool `json:"max_micro_batch_capped,omitempty"`
	// Limits says both limits in words.
	Limits string `json:"limits,omitempty"`
	// SeqLenBasis says what the sequence length stands for: the configs'
	// cap, the data's longest sample (training.seq_len_max) or trainlint's
	// default.
	SeqLenBasis string `json:"seq_len_basis,omitempty"`
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

// NewEstimateJSON converts one job's estimate to the contract shape.
func NewEstimateJSON(jr *lint.JobResult) EstimateJSON {
	r := jr.Estimate
	out := EstimateJSON{
		File: jr.Job.Primary.Path, GPU: r.GPU.Name, GPUs: r.GPUs,
		CapacityGiB: round(r.Capacity / estimate.GiB), PeakGiB: round(r.Peak / estimate.GiB),
		Fits: r.Fits(), HeadroomGiB: round(r.Headroom() / estimate.GiB), PeakPhase: r.PeakPhase,
		Breakdown:  map[string]float64{},
		CPUPeakGiB: round(r.CPUPeak / estimate.GiB),
		// The estimate's assumptions start with the plan's.
		Assumptions: append([]string{}, r.Assumptions...),
	}
	for _, c := range r.Breakdown {
		out.Breakdown[c.Name] += round(c.GiB())
	}
	if r.RL() {
		out.PhaseGiB = map[string]float64{}
		for _, ph := range r.Phases {
			out.PhaseGiB[ph.Name] = round(ph.Bytes / estimate.GiB)
		}
	}
	if p := jr.Job.Plan; p.Model.Set {
		out.Model, out.ModelFrom = p.Model.V.ID, ModelFrom(p.Model.From)
	}
	out.MemoryChecked = true
	out.SeqLenBasis = jr.Job.Plan.SeqLenIs
	out.Verdict, out.TightBand = r.Verdict().String(), estimate.TightBand
	if l, err := estimate.FindLimits(jr.Job.Plan); err == nil {
		out.MaxSeqLen, out.MaxSeqLenCapped = l.MaxSeqLen, l.SeqCapped
		out.MaxMicroBatch, out.MaxBatchCapped = l.MaxMicroBatch, l.BatchCapped
		out.Limits = l.String()
	}
	return out
}

// ModelFrom says how a model was found: the origin's note when it has one
// ("read from …/config.json (the Hugging Face hub cache)"), else the origin.
func ModelFrom(o plan.Origin) string {
	if o.Note != "" && o.Kind != plan.FromCatalog {
		return o.Note
	}
	return o.String()
}

// NotCheckedReason joins the reasons a job's memory was not estimated.
func NotCheckedReason(jr *lint.JobResult) string {
	var out []string
	for _, g := range jr.Job.Plan.MemoryGaps {
		s := g.What
		if g.Detail != "" {
			s += " (" + g.Detail + ")"
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "the model or the GPU is unknown"
	}
	return strings.Join(out, "; ")
}

// WriteEstimatesJSON writes the estimates as a JSON array.
func WriteEstimatesJSON(w io.Writer, jobs []*lint.JobResult) error {
	out := []EstimateJSON{}
	for _, jr := range jobs {
		if jr.Estimate != nil {
			out = append(out, NewEstimateJSON(jr))
		} else {
			out = append(out, EstimateJSON{File: jr.Job.Primary.Path, Breakdown: map[string]float64{}, Assumptions: append([]string{}, jr.Job.Plan.Assumptions...),
				MemoryNotCheckedReason: NotCheckedReason(jr)})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteEstimatesText prints, per job, the breakdown table (component, GiB,
// share, a bar so the dominant term stands out), the peak against the
// capacity, the host RAM and the assumptions.
func WriteEstimatesText(w io.Writer, jobs []*lint.JobResult, color bool) error {
	t := &Text{Color: color}
	var b strings.Builder
	for i, jr := range jobs {
		r := jr.Estimate
		if r == nil {
			continue
		}
		if i > 0 {
			b.WriteString("\n")
		}
		p := jr.Job.Plan
		fmt.Fprintf(&b, "%s\n", t.paint(ansiBold, jr.Job.Primary.Path))
		fmt.Fprintf(&b, "  model %s · %d × %s · micro batch %d × accumulation %d · seq %d\n",
			p.Model.V.ID, r.GPUs, r.GPU.Name, p.MicroBatch.V, p.GradAccum.V, p.SeqLen.V)
		fmt.Fprintf(&b, "  model found: %s\n", ModelFrom(p.Model.From))
		if p.SeqLenIs != "" {
			fmt.Fprintf(&b, "  seq %d is %s\n", p.SeqLen.V, p.SeqLenIs)
		}
		fmt.Fprintf(&b, "\n  %-22s %9s %7s\n", "component", "GiB", "share")
		for _, c := range r.Breakdown {
			share := 0.0
			if r.Peak > 0 {
				share = c.Bytes / r.Peak
			}
			bar := strings.Repeat("█", int(math.Round(share*30)))
			fmt.Fprintf(&b, "  %-22s %9.2f %6.1f%% %s\n", c.Name, c.GiB(), share*100, t.paint(ansiCyan, bar))
		}
		fmt.Fprintf(&b, "  %-22s %9.2f\n", "peak per GPU", r.Peak/estimate.GiB)
		fmt.Fprintf(&b, "\n  peak %.2f GiB (%s) of %.2f GiB → %s, headroom %.2f GiB (%+.1f%% of the card)\n",
			r.Peak/estimate.GiB, r.PeakPhase, r.Capacity/estimate.GiB, t.verdict(r), r.Headroom()/estimate.GiB, 100*r.Margin())
		if r.RL() {
			fmt.Fprintf(&b, "  by phase (allocated, before the allocator's reserve): %s\n", phaseTotals(r))
		}
		if l, err := estimate.FindLimits(p); err == nil {
			fmt.Fprintf(&b, "  %s\n", l)
		}
		if r.CPUPeak > 0 {
			host := fmt.Sprintf("  host RAM per node %.1f GiB", r.CPUPeak/estimate.GiB)
			if r.CPUCapacity > 0 {
				host += fmt.Sprintf(" of %.0f GiB", r.CPUCapacity/estimate.GiB)
			}
			b.WriteString(host + "\n")
		}
		notes := r.Assumptions // the plan's come first
		if len(notes) > 0 {
			b.WriteString("  assumptions:\n")
			for _, a := range notes {
				fmt.Fprintf(&b, "    - %s\n", a)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// verdict words the estimate's verdict for the text report: "tight" is
// within estimate.TightBand of the card, either side.
func (t *Text) verdict(r *estimate.Result) string {
	switch r.Verdict() {
	case estimate.Fits:
		return t.paint(ansiBold, "fits")
	case estimate.Tight:
		side := "fits"
		if !r.Fits() {
			side = "over"
		}
		return t.paint(ansiYellow, fmt.Sprintf("tight (%s, %s)", side, r.TightWhy()))
	}
	return t.paint(ansiRed, "does NOT fit")
}

// phaseTotals lists an RL job's phases with what each holds: "rollout
// 55.5 GiB · log-probs 12.0 GiB · forward 30.1 GiB …".
func phaseTotals(r *estimate.Result) string {
	parts := make([]string, 0, len(r.Phases))
	for _, ph := range r.Phases {
		parts = append(parts, fmt.Sprintf("%s %.2f GiB", ph.Name, ph.Bytes/estimate.GiB))
	}
	return strings.Join(parts, " · ")
}
