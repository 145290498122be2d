package estimate

import (
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// miniCPMVPlan is MiniCPM-Llama3-V 2.5 from the catalog, full fine-tune in
// fp16 with checkpointing on 8 × V100-32GB under ZeRO-3 with offload, one
// side×side image per sample.
func miniCPMVPlan(tb testing.TB, side int, edit func(p *plan.Plan)) *plan.Plan {
	tb.Helper()
	m, err := catalog.Builtin().Model("openbmb/MiniCPM-Llama3-V-2_5")
	if err != nil {
		tb.Fatal(err)
	}
	g, err := catalog.Builtin().GPU("v100-32gb")
	if err != nil {
		tb.Fatal(err)
	}
	p := testPlan(tb, "llama-3.2-1b", func(p *plan.Plan) {
		p.Model = plan.Of(m, testOrigin)
		p.Hardware.GPU = plan.Of(g, testOrigin)
		p.LoadDtype = plan.Of(plan.FP16, testOrigin)
		p.Precision = plan.Of(plan.FP16, testOrigin)
		p.MicroBatch = plan.Of(1, testOrigin)
		p.SeqLen = plan.Of(2048, testOrigin)
		p.Packing = plan.Of(false, testOrigin)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
		images(side)(p)
		zero(3, 8, func(z *plan.ZeRO) {
			z.OffloadOptimizer = plan.Of(plan.OffloadCPU, testOrigin)
			z.OffloadParam = plan.Of(plan.OffloadCPU, testOrigin)
		})(p)
	})
	if edit != nil {
		edit(p)
	}
	return p
}

// TestVisionShare: the vision tower's saved tensors are a term of their
// own, and grow with the image: 1344×1344 is cut into 9 slices plus the
// overview, 500×500 into 2 plus the overview.
func TestVisionShare(t *testing.T) {
	share := map[int]float64{}
	peak := map[int]float64{}
	for _, side := range []int{500, 1344} {
		r, err := Estimate(miniCPMVPlan(t, side, nil))
		if err != nil {
			t.Fatal(err)
		}
		v := r.Component("vision-activations")
		if v <= 0 {
			t.Fatalf("%d px: no vision-activations term in %v", side, r.Breakdown)
		}
		share[side], peak[side] = v/r.Peak, r.Peak
	}
	if share[1344] <= share[500] || peak[1344] <= peak[500] {
		t.Errorf("vision share %.3f → %.3f, peak %.2f → %.2f GiB from 500 to 1344 px: want both to grow",
			share[500], share[1344], peak[500]/GiB, peak[1344]/GiB)
	}
}

// TestMaxSliceNums: max_slice_nums caps the slices the estimate counts.
func TestMaxSliceNums(t *testing.T) {
	j := testJob(t, miniCPMVPlan(t, 1344, nil))
	capped := testJob(t, miniCPMVPlan(t, 1344, func(p *plan.Plan) { p.Images.MaxSlices = plan.Of(4, testOrigin) }))
	if j.imageTokens != 10*96 || capped.imageTokens >= j.imageTokens {
		t.Errorf("image tokens %d with 9 slices, %d with max_slice_nums 4", j.imageTokens, capped.imageTokens)
	}
}

// TestVisionEagerOnNaViT: MiniCPM-V's SigLIP tower runs eager attention
// unless flash_attention_2 is asked for, whatever the LLM uses.
func TestVisionEagerOnNaViT(t *testing.T) {
	var notes []string
	j, err := resolve(miniCPMVPlan(t, 1344, nil), func(f string, a ...any) { notes = append(notes, f) })
	if err != nil {
		t.Fatal(err)
	}
	if j.visionKernel != eagerKernel || !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "eager attention") }) {
		t.Errorf("sdpa LLM: vision kernel %v, notes %q", j.visionKernel, notes)
	}
	scores := false
	for _, ten := range j.visionLayerTensors(true, nil) {
		scores = scores || ten.name == "vision softmax"
	}
	if !scores {
		t.Error("an eager tower layer keeps no softmax")
	}
	fa := testJob(t, miniCPMVPlan(t, 1344, func(p *plan.Plan) { p.Attention = plan.Of("flash_attention_2", testOrigin) }))
	if fa.visionKernel != flashKernel {
		t.Errorf("flash_attention_2: vision kernel %v", fa.visionKernel)
	}
	llava := testJob(t, testPlan(t, "llava-siglip-qwen2-0.5b", images(384)))
	if llava.visionKernel != flashKernel {
		t.Errorf("a transformers SigLIP tower under sdpa runs %v", llava.visionKernel)
	}
	idefics2 := testJob(t, idefics2Plan(t))
	if idefics2.visionKernel != flashKernel {
		t.Errorf("Idefics2's SigLIP NaViT (transformers) under sdpa runs %v", idefics2.visionKernel)
	}
}

// idefics2Plan is Idefics2-8B from the catalog on the test plan's H100 under
// sdpa, one 980-px image per sample.
func idefics2Plan(tb testing.TB) *plan.Plan {
	tb.Helper()
	m, err := catalog.Builtin().Model("HuggingFaceM4/idefics2-8b")
	if err != nil {
		tb.Fatal(err)
	}
	return testPlan(tb, "llama-3.2-1b", func(p *plan.Plan) {
		p.Model = plan.Of(m, testOrigin)
		images(980)(p)
	})
}

// TestPerceiverActivations: Idefics2's connector keeps tensors for each of
// the 4900 vision tokens of a 980-px image (its gated projection at the
// decoder's 14336-wide MLP width, then the perceiver's normed context and
// keys and values), far more than the 64 latents it hands the decoder.
func TestPerceiverActivations(t *testing.T) {
	j := testJob(t, idefics2Plan(t))
	cb := j.compute.Bytes()
	if j.visionTokens != 4900 || j.imageTokens != 64 {
		t.Fatalf("vision tokens %d, image tokens %d; want 4900 and 64", j.visionTokens, j.imageTokens)
	}
	perToken := 3*14336 + 4096 + 3*(4096+2*4*96)
	want := float64(j.micro) * (4900*float64(perToken) + 64*2*4096) * cb
	if got := projectorOutputBytes(j); got != want {
		t.Errorf("projector keeps %.0f B, want %.0f B", got, want)
	}
}

// TestZeROQuantizedWeights: under DeepSpeed, bitsandbytes' packed 4-bit
// weights keep their size; the rest is cast to the 16-bit module dtype.
func TestZeROQuantizedWeights(t *testing.T) {
	plain := miniCPMVPlan(t, 500, func(p *plan.Plan) {
		zero(2, 1, nil)(p)
		p.ZeRO.OffloadOptimizer, p.ZeRO.OffloadParam = plan.Value[plan.Offload]{}, plan.Value[plan.Offload]{}
		lora(64, "q_proj", "v_proj")(p)
	})
	q := plain.Clone()
	q.PEFT.Method = plan.Of("qlora", testOrigin)
	q.Quant = plan.Of(plan.NF4, testOrigin)
	r16, err := Estimate(plain)
	if err != nil {
		t.Fatal(err)
	}
	r4, err := Estimate(q)
	if err != nil {
		t.Fatal(err)
	}
	inv := buildInventory(testJob(t, q))
	quantized := float64(inv.quantizedParams())
	want := r16.Component("weights") - quantized*(2-bnb4BitBytes)
	if got := r4.Component("weights"); quantized == 0 || got < want-1 || got > want+1 {
		t.Errorf("4-bit weights %.2f GiB, want %.2f GiB (16-bit %.2f GiB less %.2fB params × %.4f B)",
			got/GiB, want/GiB, r16.Component("weights")/GiB, quantized/1e9, 2-bnb4BitBytes)
	}
}
