// Package estimate predicts the peak memory of each GPU, and the host RAM of
// each node, for a training plan on its declared hardware. It is a pure
// function of the plan: rules and the fix search read its Result and never
// recompute it.
package estimate

import "github.com/trainlint/trainlint/catalog"

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
	// CPUPeak is the host RAM per node (offload buffers, pinned memory,
	// model loading), and CPUBreakdown its terms.
	CPUPeak      float64
	CPUBreakdown []Component
	CPUCapacity  float64 // declared host RAM per node; 0 when not declared
	Assumptions  []string
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
