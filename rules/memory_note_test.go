package rules

import (
	"testing"

	"github.com/trainlint/trainlint/lint"
)

// TestNoSafeFit: the closing note never says that nothing fits when a
// listed change does: an unsafe file change that fits is named, and advice
// no file can express (more GPUs) that fits is pointed at.
func TestNoSafeFit(t *testing.T) {
	safe := []lint.Fix{{Title: "Set x", PeakAfterGiB: 80}}
	for _, c := range []struct {
		name       string
		unsafeFit  *lint.Fix
		unsafe     []lint.Fix
		adviceFits bool
		want       string
	}{
		{"nothing fits", nil, []lint.Fix{{Title: "Use y", PeakAfterGiB: 75}}, false,
			"no safe change fits the 70.0 GiB limit (the best safe change leaves 80.0 GiB); no unsafe change fits either"},
		{"the combined unsafe fix fits", &lint.Fix{Title: "Use y and z", PeakAfterGiB: 60, Fits: true}, nil, false,
			"no safe change fits the 70.0 GiB limit (the best safe change leaves 80.0 GiB); the unsafe fix listed first would: 60.0 GiB"},
		{"one unsafe fix fits", nil, []lint.Fix{{Title: "Use y", PeakAfterGiB: 65, Fits: true}}, true,
			"no safe change fits the 70.0 GiB limit (the best safe change leaves 80.0 GiB); unsafe, use y would: 65.0 GiB"},
		{"only advice fits", nil, []lint.Fix{{Title: "Use y", PeakAfterGiB: 75}}, true,
			"no change trainlint can write into the files fits the 70.0 GiB limit (the best leaves 80.0 GiB); the advice above that does has to be made by hand"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := noSafeFit(safe, c.unsafeFit, c.unsafe, c.adviceFits, 70); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
