package estimate

import "testing"

// TestVerdictArchGap: an architecture whose measured run peaked above its
// estimate is said to fit only with that much room below the tight band.
func TestVerdictArchGap(t *testing.T) {
	for _, c := range []struct {
		peak, low float64
		want      Verdict
	}{
		{60, 0, Fits},
		{60, 0.3, Tight}, // 78 GiB raised > 76 GiB below the band
		{55, 0.3, Fits},  // 71.5 GiB raised
		{90, 0.3, DoesNotFit},
	} {
		r := &Result{Peak: c.peak * GiB, Capacity: 80 * GiB, Low: c.low}
		if got := r.Verdict(); got != c.want {
			t.Errorf("peak %.0f GiB, low %.0f%%: %v, want %v", c.peak, 100*c.low, got, c.want)
		}
	}
	for _, arch := range []string{"gpt2", "falcon", "bloom"} {
		if g := underEstimated[arch]; g.low <= 0 || g.run == "" || g.why == "" {
			t.Errorf("%s: gap %+v", arch, g)
		}
	}
}
