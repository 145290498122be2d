// Package estimate predicts the peak memory of each GPU, and the host RAM of
// each node, for a training plan on its declared hardware. It is a pure
// function of the plan: rules and the fix search read its Result and never
// recompute it.
package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/catalog"
)

// GiB is 2^30 bytes, the unit nvidia-smi's MiB figures divide into.
const GiB = 1 << 30

// Component is one term of the per-GPU breakdown.
type Component struct {
	Name  string  // stable id, e.g. "weights", "gradients", "optimizer", "activations", "logits", "cuda-context"
	Bytes float64 // bytes on one GPU at the peak
	Note  string  // how it was computed, in words ("8.03B params × 2 B (bf16)")
}

// GiB returns the component's size in GiB.
func (c Component) GiB() float64 { return c.Bytes / GiB }

// Result is the estimate for one plan.
type Result struct {
	GPU      catalog.GPU
	GPUs     int     // total GPUs (world size)
	Capacity float64 // usable bytes of one GPU (driver-reported total)
	Peak     float64 // predicted peak bytes one GPU shows in nvidia-smi
	// PeakPhase names the step phase where the peak happens
	// ("forward", "backward", "optimizer step").
	PeakPhase string
	// Breakdown sums to Peak: the terms alive at the peak.
	Breakdown []Component
	// Phases is each phase's allocated bytes (the fixed buffers and the
	// phase's tensors, without the allocator's reserve), in step order; an
	// RL job's rollout and log-prob phases come after the policy's step.
	Phases []PhaseTotal
	// CPUPeak is the host RAM per node (offload buffers, pinned memory,
	// model loading), and CPUBreakdown its terms.
	CPUPeak      float64
	CPUBreakdown []Component
	CPUCapacity  float64 // declared host RAM per node; 0 when not declared
	Assumptions  []string
	// Pageable is the part of Peak a paged optimizer keeps in unified
	// memory, which can spill to host RAM (0 for other optimizers).
	Pageable float64
	// Releasable is the allocator reserve of a job whose tensors fit the
	// card but whose cache, replayed on a card without limit, does not:
	// when cudaMalloc fails, PyTorch's caching allocator frees its unused
	// cached segments and retries (c10/cuda/CUDACachingAllocator.cpp,
	// DeviceCachingAllocator::malloc: release_available_cached_blocks, then
	// release_cached_blocks; torch 2.x), so the job runs at the card's limit
	// unless fragmentation among live tensors stops it. Issue 16's FSDP run
	// (Llama-3-8B in fp32, 2 × H100, batch 4 × 4096) is one: 74.9 GiB
	// allocated, 79.5 GiB on the driver, trained. 0 for other jobs.
	Releasable float64
	// Low is how far a measured run of the model's architecture peaked above
	// its estimate (underEstimated), 0 where the calibration bounds the
	// error: "fits" then needs the peak raised by it below the tight band.
	Low float64
}

// PhaseTotal is what one phase of the step holds on a GPU.
type PhaseTotal struct {
	Name  string
	Bytes float64
}

// RL reports whether the result covers an RL job's own phases.
func (r *Result) RL() bool {
	for _, ph := range r.Phases {
		if !trainingPhase(ph.Name) {
			return true
		}
	}
	return false
}

// Fits reports whether the predicted peak fits the GPU.
func (r *Result) Fits() bool { return r.Peak <= r.Capacity }

// Headroom is the capacity left at the peak (negative when it does not fit).
func (r *Result) Headroom() float64 { return r.Capacity - r.Peak }

// Component returns the named component's bytes (0 when absent).
func (r *Result) Component(name string) float64 {
	for _, c := range r.Breakdown {
		if c.Name == name {
			return c.Bytes
		}
	}
	return 0
}

// TightBand is the share of the GPU's memory either side of the capacity
// where the verdict is "tight" rather than "fits" or "does not fit": there
// the outcome turns on what the estimate does not model (fragmentation over
// a long run, a longer batch than assumed). Against the 75 completed runs of
// the calibration (ACCURACY.md, H100 80GB) the estimate's absolute error is
// 0.2% of the card at the median, 1.6% at the 95th percentile and 3.7% at
// worst (qwen2-0.5b b2 s4096, 2.9 GiB); 5% covers the worst with room to
// spare. TestTightBandCoversCalibration holds it to that.
const TightBand = 0.05

// Verdict is how the predicted peak compares with the GPU's memory.
type Verdict int

// The verdicts, from best to worst.
const (
	Fits       Verdict = iota // below the tight band
	Tight                     // within TightBand of the capacity, either side
	DoesNotFit                // above the tight band
)

func (v Verdict) String() string {
	return [...]string{"fits", "tight", "does not fit"}[v]
}

// Verdict says whether the peak fits, is tight or does not fit. A peak over
// the card by no more than the paged optimizer state (plus the band) is
// tight too: bitsandbytes' paged optimizers keep their state in CUDA unified
// memory, which the driver evicts to host RAM under pressure, so the job
// slows down instead of stopping.
func (r *Result) Verdict() Verdict {
	band := TightBand * r.Capacity
	switch {
	case r.Peak*(1+r.Low) < r.Capacity-band:
		return Fits
	case r.Peak <= r.Capacity+band+r.Pageable+r.Releasable:
		return Tight
	}
	return DoesNotFit
}

// TightWhy says why a peak over the card is tight rather than "does not
// fit": within the band, the estimate's own uncertainty; beyond it, memory
// that gives way under pressure (allocator cache, paged optimizer state).
func (r *Result) TightWhy() string {
	over := r.Peak - r.Capacity
	switch {
	case r.Low > 0 && r.Peak < r.Capacity-TightBand*r.Capacity:
		return fmt.Sprintf("a measured run of this architecture peaked %.0f%% above its estimate", 100*r.Low)
	case over <= TightBand*r.Capacity:
		return fmt.Sprintf("within ±%.0f%% of the card", 100*TightBand)
	case r.Releasable > 0 && over <= r.Releasable+TightBand*r.Capacity:
		return "the tensors fit; the excess is allocator cache, which PyTorch releases when the card runs out"
	}
	return "the excess is paged optimizer state, which can spill to host RAM"
}

// Margin is the headroom as a share of the capacity: negative when the peak
// is over the card.
func (r *Result) Margin() float64 {
	if r.Capacity <= 0 {
		return 0
	}
	return r.Headroom() / r.Capacity
}
