package read

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLossKernel: the switches of transformers, LLaMA-Factory and axolotl
// that replace the full logits with a fused or chunked loss.
func TestLossKernel(t *testing.T) {
	for _, tt := range []struct {
		src, want string
	}{
		{"use_liger_kernel: true\n", plan.LossLiger},
		{"enable_liger_kernel: true\n", plan.LossLiger},
		{"liger_fused_linear_cross_entropy: true\n", plan.LossLiger},
		{"cut_cross_entropy: true\n", plan.LossCCE},
		{"use_liger_kernel: false\n", ""},
		{"bf16: true\n", ""},
	} {
		f, err := Parse("train.yaml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		p := &plan.Plan{}
		applyTrainer(p, settings{f, f.Root})
		if got := p.LossKernel.Or(""); got != tt.want {
			t.Errorf("%q: loss kernel %q, want %q", tt.src, got, tt.want)
		}
	}
}
