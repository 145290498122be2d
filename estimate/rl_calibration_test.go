package estimate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// rlMeasurementsPath holds GRPO and DPO steps measured on one H200 by
// calibrate/measure_rl.py, written the way TRL's trainers run them.
const rlMeasurementsPath = "../testdata/calibration/rl-measurements.jsonl"

// rlMeasurement is one row of rl-measurements.jsonl.
type rlMeasurement struct {
	ID           string `json:"id"`
	CardTotalMiB int    `json:"card_total_mib"`
	Case         struct {
		Kind                  string  `json:"kind"`
		Model                 string  `json:"model"`
		PromptLen             int     `json:"prompt_len"`
		CompletionLen         int     `json:"completion_len"`
		Generations           int     `json:"num_generations"`
		GenBatch              int     `json:"gen_batch"`
		Micro                 int     `json:"micro"`
		SeqLen                int     `json:"seq_len"`
		GradientCheckpointing bool    `json:"gradient_checkpointing"`
		LoRA                  int     `json:"lora"`
		Beta                  float64 `json:"beta"`
	} `json:"case"`
	Result struct {
		OOM     bool               `json:"oom"`
		Peak    float64            `json:"nvml_peak_mib"`
		ByPhase map[string]float64 `json:"nvml_peak_mib_by_phase"`
	} `json:"result"`
	reserved, allocated map[string]float64
}

func loadRLMeasurements(tb testing.TB) []rlMeasurement {
	tb.Helper()
	f, err := os.Open(rlMeasurementsPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []rlMeasurement
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m rlMeasurement
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			tb.Fatalf("%s: %v", rlMeasurementsPath, err)
		}
		var raw struct {
			Result map[string]any `json:"result"`
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			tb.Fatal(err)
		}
		m.reserved, m.allocated = map[string]float64{}, map[string]float64{}
		for k, v := range raw.Result {
			f, ok := v.(float64)
			switch {
			case !ok:
			case strings.HasSuffix(k, "_max_reserved_mib"):
				m.reserved[strings.TrimSuffix(k, "_max_reserved_mib")] = f
			case strings.HasSuffix(k, "_max_allocated_mib"):
				m.allocated[strings.TrimSuffix(k, "_max_allocated_mib")] = f
			}
		}
		out = append(out, m)
	}
	return out
}

// rlPlan is the plan of a measured case: TRL's GRPOTrainer without vLLM
// (the policy generates with Hugging Face generate, a frozen bf16 copy or
// the adapter-free LoRA policy scores, gradient accumulation over the
// generation batch) or DPOTrainer (chosen and rejected in one forward
// beside a frozen reference), one H200, bf16 weights, sdpa over batches
// without padding, AdamW.
func rlPlan(tb testing.TB, m rlMeasurement) *plan.Plan {
	tb.Helper()
	c := m.Case
	model, err := catalog.LoadHFConfig("../" + c.Model)
	if err != nil {
		tb.Fatal(err)
	}
	gpu, err := catalog.Builtin().GPU("h200-141gb")
	if err != nil {
		tb.Fatal(err)
	}
	d := testOrigin
	p := &plan.Plan{Name: m.ID}
	p.Model = plan.Of(model, d)
	p.Hardware.GPU = plan.Of(gpu, d)
	p.Hardware.GPUsPerNode = plan.Of(1, d)
	p.Hardware.Nodes = plan.Of(1, d)
	p.LoadDtype = plan.Of(plan.BF16, d)
	p.Precision = plan.Of(plan.BF16, d)
	p.Optimizer = plan.Of("adamw_torch", d)
	p.Attention = plan.Of("sdpa", d)
	p.Packing = plan.Of(true, d) // all-ones attention masks: sdpa runs without a padding mask
	p.Eval.Enabled = plan.Of(false, d)
	p.GradientCheckpointing = plan.Of(c.GradientCheckpointing, d)
	if c.LoRA > 0 {
		p.PEFT.Method = plan.Of("lora", d)
		p.PEFT.R = plan.Of(c.LoRA, d)
		p.PEFT.Alpha = plan.Of(2*c.LoRA, d)
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, d)
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, Shared: c.LoRA > 0}
	switch c.Kind {
	case "grpo":
		p.RL.Algorithm = plan.Of(plan.AlgoGRPO, d)
		p.RL.PromptLen = plan.Of(c.PromptLen, d)
		p.RL.CompletionLen = plan.Of(c.CompletionLen, d)
		p.RL.Generations = plan.Of(c.Generations, d)
		p.RL.GenerationBatch = plan.Of(c.GenBatch, d)
		p.Rollout.Engine = plan.Of("hf", d)
		p.Rollout.SameGPUs = true
		p.MicroBatch = plan.Of(c.Micro, d)
		p.GradAccum = plan.Of(c.GenBatch/c.Micro, d)
		p.SeqLen = plan.Of(c.PromptLen+c.CompletionLen, d)
		if c.Beta != 0 || !strings.Contains(m.ID, "beta0") {
			p.RL.Companions = []plan.Companion{ref}
		}
		// GRPOTrainer computes logits for the completion only
		// (logits_to_keep) and their log-probs with selective_log_softmax.
		p.RL.LogitsToKeep = plan.Of(c.CompletionLen+1, d)
		p.LossKernel = plan.Of(plan.LossSelective, d)
	case "dpo":
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, d)
		p.RL.Companions = []plan.Companion{ref}
		p.MicroBatch = plan.Of(2*c.Micro, d)
		p.GradAccum = plan.Of(1, d)
		p.SeqLen = plan.Of(c.SeqLen, d)
		p.LossKernel = plan.Of(plan.LossSelective, d)
	default:
		tb.Fatalf("%s: kind %q", m.ID, c.Kind)
	}
	return p
}

// phaseAllocatedMiB is what the estimate allocates in the measured
// phase of the second step, without the buffers outside PyTorch's
// allocator: the update is the largest of the policy's forward, backward
// and optimizer step, the reference pass the log-prob phase.
func phaseAllocatedMiB(r *Result, measured string) float64 {
	fixed := 0.0
	for _, c := range r.Breakdown {
		if c.Name == "cuda-context" || c.Name == "nccl" {
			fixed += c.Bytes
		}
	}
	best := 0.0
	for _, ph := range r.Phases {
		var ok bool
		switch measured {
		case "update":
			ok = trainingPhase(ph.Name)
		case "rollout":
			ok = ph.Name == PhaseRollout
		case "reference":
			ok = ph.Name == PhaseLogProbs || (r.Component("rollout-engine") == 0 && ph.Name == PhaseForward && !r.RL())
		}
		if ok {
			best = max(best, ph.Bytes-fixed)
		}
	}
	return best / MiB
}

// TestRLCalibration compares the estimate of each measured GRPO and DPO
// step phase by phase with what PyTorch allocated in it (the second step,
// optimizer state resident), and the peak with the device's (NVML, as
// nvidia-smi shows it) where the caching allocator did not hold much more
// than it allocated. Hugging Face generate grows its KV cache one token at
// a time, and the blocks it frees are too small for the next step, so the
// allocator's reserve after a long rollout is a multiple of what is
// allocated (up to the whole card, without running out): there the device
// peak says what the allocator cached, not what the step needs.
func TestRLCalibration(t *testing.T) {
	var phaseErrs, peakErrs []float64
	for _, m := range loadRLMeasurements(t) {
		r, err := Estimate(rlPlan(t, m))
		if err != nil {
			t.Fatal(err)
		}
		var line []string
		for _, ph := range []string{"rollout", "reference", "update"} {
			got, ok := m.allocated[ph+"1"]
			if !ok || (ph == "reference" && m.Case.Kind == "dpo") {
				continue
			}
			if ph == "reference" && m.Case.LoRA == 0 && strings.Contains(m.ID, "beta0") {
				continue
			}
			est := phaseAllocatedMiB(r, ph)
			e := (est - got) / got
			phaseErrs = append(phaseErrs, e)
			line = append(line, fmt.Sprintf("%s %.0f/%.0f %+.1f%%", ph, est, got, 100*e))
		}
		cached := false
		for _, ph := range []string{"rollout0", "rollout1"} {
			if res, ok := m.reserved[ph]; ok && res > 1.25*m.allocated[ph]+1024 {
				cached = true
			}
		}
		peak := ""
		if !cached {
			e := (r.Peak/MiB - m.Result.Peak) / m.Result.Peak
			peakErrs = append(peakErrs, e)
			peak = fmt.Sprintf("peak %.0f/%.0f %+.1f%%", r.Peak/MiB, m.Result.Peak, 100*e)
		} else {
			peak = fmt.Sprintf("peak not compared: the allocator cached up to %.0f MiB", m.Result.Peak)
		}
		t.Logf("%-48s %s; %s", m.ID, strings.Join(line, ", "), peak)
	}
	if len(phaseErrs) == 0 || len(peakErrs) == 0 {
		t.Fatal("no measured phase or peak compared")
	}
	check := func(what string, errs []float64, median, worstUnder, worstOver float64) {
		t.Helper()
		abs := make([]float64, len(errs))
		for i, e := range errs {
			abs[i] = math.Abs(e)
		}
		sort.Float64s(abs)
		med := abs[len(abs)/2]
		lo, hi := slices.Min(errs), slices.Max(errs)
		t.Logf("%s: %d compared, median |error| %.1f%%, from %+.1f%% to %+.1f%%", what, len(errs), 100*med, 100*lo, 100*hi)
		if med > median || lo < -worstUnder || hi > worstOver {
			t.Errorf("%s: median |error| %.1f%% (at most %.0f%%), range %+.1f%%…%+.1f%% (at most -%.0f%%…+%.0f%%)", what, 100*med, 100*median, 100*lo, 100*hi, 100*worstUnder, 100*worstOver)
		}
	}
	// The bounds are what the estimate reaches on these runs (median 2.6%
	// and 5.9%): under by at most 11% (a LoRA reference pass), over by at
	// most 31% (DPO's LoRA update, costed with the full logits' backward).
	check("phases", phaseErrs, 0.03, 0.12, 0.32)
	check("device peaks", peakErrs, 0.06, 0.10, 0.10)
}
