package estimate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

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

// TestNoSDPA: BLOOM, which transformers 5.17 builds without an sdpa path,
// is estimated with eager attention whether sdpa is a default or asked
// for, and says which.
func TestNoSDPA(t *testing.T) {
	for _, c := range []struct {
		name string
		from plan.Origin
		want string
	}{
		{"default", testOrigin, "picks eager when no attn_implementation is given"},
		{"asked for", plan.At("train.yaml", 3, 1, "attn_implementation"), "which transformers 5.17 refuses for bloom"},
	} {
		p := testPlan(t, "../calibration/models/bloomz-560m", func(p *plan.Plan) { p.Attention = plan.Of("sdpa", c.from) })
		var notes []string
		j, err := resolve(p, func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) })
		if err != nil {
			t.Fatal(err)
		}
		if j.attention != "eager" || !strings.Contains(strings.Join(notes, "\n"), c.want) {
			t.Errorf("%s: attention %q, assumptions %q; want eager and %q", c.name, j.attention, notes, c.want)
		}
	}
}
