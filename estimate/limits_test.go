package estimate

import (
	"math"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestTightBandCoversCalibration holds TightBand to the calibration: every
// completed run's error, as a share of the card, lies within the band.
func TestTightBandCoversCalibration(t *testing.T) {
	rows := compare(t)
	_, _, ran, _ := accuracy(rows)
	if len(ran) == 0 {
		t.Skip("no calibration runs")
	}
	worst := 0.0
	for _, r := range ran {
		card := float64(r.m.CardTotalMiB) * MiB
		worst = max(worst, math.Abs(r.predicted-r.measured())/card)
	}
	t.Logf("worst calibrated error: %.1f%% of the card; band ±%.0f%%", 100*worst, 100*TightBand)
	if worst > TightBand {
		t.Errorf("a calibrated run is off by %.1f%% of the card, outside the ±%.0f%% tight band", 100*worst, 100*TightBand)
	}
}

func TestVerdict(t *testing.T) {
	const c = 80 * GiB
	for _, tt := range []struct {
		peak, pageable float64
		want           Verdict
	}{
		{60 * GiB, 0, Fits},
		{77 * GiB, 0, Tight},
		{83 * GiB, 0, Tight},
		{85 * GiB, 0, DoesNotFit},
		{85 * GiB, 2 * GiB, Tight},
		{95 * GiB, 2 * GiB, DoesNotFit},
	} {
		r := &Result{Capacity: c, Peak: tt.peak, Pageable: tt.pageable}
		if got := r.Verdict(); got != tt.want {
			t.Errorf("peak %.0f GiB, pageable %.0f GiB: %s, want %s", tt.peak/GiB, tt.pageable/GiB, got, tt.want)
		}
	}
}

// TestFindLimits checks the bisection against the estimate itself: the
// limits fit and one more token or sample does not.
func TestFindLimits(t *testing.T) {
	p := testPlan(t, "llama-3-8b", lora(16, "q_proj", "v_proj"))
	p.SeqLen = plan.Of(4096, testOrigin)
	p.MicroBatch = plan.Of(8, testOrigin)
	l, err := FindLimits(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", l)
	if l.MaxSeqLen <= 0 || l.MaxMicroBatch <= 0 || l.SeqCapped || l.BatchCapped {
		t.Fatalf("limits %+v, want both found below the caps", l)
	}
	peak := func(mb, seq int) float64 {
		c := p.Clone()
		c.MicroBatch, c.SeqLen = plan.Of(mb, testOrigin), plan.Of(seq, testOrigin)
		r, err := Estimate(c)
		if err != nil {
			t.Fatal(err)
		}
		return r.Peak - r.Capacity
	}
	if peak(8, l.MaxSeqLen) > 0 || peak(8, l.MaxSeqLen+1) <= 0 {
		t.Errorf("max seq %d at micro batch 8 is not the edge", l.MaxSeqLen)
	}
	if peak(l.MaxMicroBatch, 4096) > 0 || peak(l.MaxMicroBatch+1, 4096) <= 0 {
		t.Errorf("max micro batch %d at 4096 tokens is not the edge", l.MaxMicroBatch)
	}
}

func BenchmarkFindLimits(b *testing.B) {
	p := testPlan(b, "llama-3-8b", nil)
	p.GradientCheckpointing = plan.Of(true, testOrigin)
	for b.Loop() {
		if _, err := FindLimits(p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLimitsString(t *testing.T) {
	for _, tt := range []struct {
		l    Limits
		want string
	}{
		{Limits{MicroBatch: 16, SeqLen: 4096, MaxSeqLen: 1850, MaxMicroBatch: 3}, "fits up to 1,850 tokens per sample at micro batch 16; up to micro batch 3 at 4,096 tokens"},
		{Limits{MicroBatch: 1, SeqLen: 512, MaxSeqLen: 0, MaxMicroBatch: 0}, "nothing fits, not even 1 token per sample at micro batch 1: what does not depend on the batch is over the card"},
		{Limits{MicroBatch: 4, SeqLen: 512, MaxSeqLen: 0, MaxMicroBatch: 0}, "no sequence length fits at micro batch 4, nor micro batch 1 at 512 tokens"},
		{Limits{MicroBatch: 16, SeqLen: 512, MaxSeqLen: 0, MaxMicroBatch: 2}, "no sequence length fits at micro batch 16; up to micro batch 2 at 512 tokens"},
		{Limits{MicroBatch: 1, SeqLen: 512, MaxSeqLen: 131072, MaxMicroBatch: 1024, SeqCapped: true, BatchCapped: true}, "fits at least 131,072 tokens per sample (the search's bound) at micro batch 1; at least micro batch 1,024 at 512 tokens"},
		{Limits{MicroBatch: 2, SeqLen: 512, MaxSeqLen: 8192, MaxMicroBatch: 9, SeqCapped: true, AtContext: true}, "fits the model's whole context, 8,192 tokens per sample, at micro batch 2; up to micro batch 9 at 512 tokens"},
	} {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}
