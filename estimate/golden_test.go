package estimate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// goldenPlans are the plans whose full estimate is kept under
// testdata/estimate: one per code path a reader of the breakdown cares
// about. `go test ./estimate -run TestGolden -update` rewrites them.
func goldenPlans(tb testing.TB) map[string]*plan.Plan {
	return map[string]*plan.Plan{
		"llama-3-8b-zero3-8xh100": testPlan(tb, "llama-3-8b", func(p *plan.Plan) {
			zero(3, 8, nil)(p)
			p.MicroBatch = plan.Of(1, testOrigin)
			p.SeqLen = plan.Of(4096, testOrigin)
			p.GradientCheckpointing = plan.Of(true, testOrigin)
		}),
		"llama-3-8b-zero2-offload-8xh100": testPlan(tb, "llama-3-8b", zero(2, 8, func(z *plan.ZeRO) {
			z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin)
		})),
		"llama-3-8b-qlora-1xh100": testPlan(tb, "llama-3-8b", func(p *plan.Plan) {
			lora(64, "all-linear")(p)
			p.PEFT.Method = plan.Of("qlora", testOrigin)
			p.Quant = plan.Of(plan.NF4, testOrigin)
			p.Optimizer = plan.Of("paged_adamw_8bit", testOrigin)
			p.GradientCheckpointing = plan.Of(true, testOrigin)
		}),
		"llama-3.2-1b-full-fp32-autocast": testPlan(tb, "llama-3.2-1b", func(p *plan.Plan) {
			p.LoadDtype = plan.Of(plan.FP32, testOrigin)
		}),
		"llama-3.2-3b-fsdp-full-shard-2xh100": testPlan(tb, "llama-3.2-3b", fsdp("full_shard", 2, 1)),
		"llava-0.5b-frozen-vision-448px": testPlan(tb, "llava-siglip-qwen2-0.5b", func(p *plan.Plan) {
			images(448)(p)
			p.Freeze = plan.Of([]string{"vision"}, testOrigin)
		}),
		"mistral-7b-eager-oom": testPlan(tb, "mistral-7b", func(p *plan.Plan) {
			lora(64, "all-linear")(p)
			p.Attention = plan.Of("eager", testOrigin)
			p.MicroBatch = plan.Of(16, testOrigin)
			p.SeqLen = plan.Of(4096, testOrigin)
		}),
		"qwen2-0.5b-defaults-with-eval": func() *plan.Plan {
			p := testPlan(tb, "qwen2-0.5b", nil)
			p.MicroBatch, p.SeqLen, p.Optimizer, p.Attention = plan.Value[int]{}, plan.Value[int]{}, plan.Value[string]{}, plan.Value[string]{}
			p.LoadDtype, p.Packing = plan.Value[plan.Dtype]{}, plan.Value[bool]{}
			p.Eval = plan.Eval{Enabled: plan.Of(true, testOrigin)}
			return p
		}(),
	}
}

// render prints an estimate the way the golden files keep it.
func render(r *Result) string {
	var b strings.Builder
	verdict := "fits"
	if !r.Fits() {
		verdict = "does not fit"
	}
	fmt.Fprintf(&b, "peak %.2f GiB per GPU in %s on %d × %s (%.2f GiB): %s\n", r.Peak/GiB, r.PeakPhase, r.GPUs, r.GPU.Name,
		r.Capacity/GiB, verdict)
	for _, c := range r.Breakdown {
		fmt.Fprintf(&b, "  %-26s %8.2f GiB  %s\n", c.Name, c.GiB(), c.Note)
	}
	fmt.Fprintf(&b, "host %.2f GiB per node (declared %.0f GiB)\n", r.CPUPeak/GiB, r.CPUCapacity/GiB)
	for _, c := range r.CPUBreakdown {
		fmt.Fprintf(&b, "  %-26s %8.2f GiB  %s\n", c.Name, c.GiB(), c.Note)
	}
	b.WriteString("assumptions:\n")
	for _, a := range r.Assumptions {
		fmt.Fprintf(&b, "  - %s\n", a)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for name, p := range goldenPlans(t) {
		t.Run(name, func(t *testing.T) {
			r, err := Estimate(p)
			if err != nil {
				t.Fatal(err)
			}
			got := render(r)
			path := filepath.Join("..", "testdata", "estimate", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./estimate -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the estimate; run go test ./estimate -run TestGolden -update and review the diff\n%s", path, got)
			}
		})
	}
}
