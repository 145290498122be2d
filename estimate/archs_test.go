package estimate

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// archPlan is testPlan for one of the decoder configs of testdata/archs.
func archPlan(tb testing.TB, file string, edit func(p *plan.Plan)) *plan.Plan {
	tb.Helper()
	m, err := catalog.LoadHFConfig(filepath.Join("..", "testdata", "archs", file))
	if err != nil {
		tb.Fatal(err)
	}
	return testPlan(tb, "qwen2-0.5b", func(p *plan.Plan) {
		p.Name = file
		p.Model = plan.Of(m, testOrigin)
		if edit != nil {
			edit(p)
		}
	})
}

// Qwen3's q_norm and k_norm keep, per token, the fp32 copy of the q and k
// projections and (when they train) the 16-bit normalized tensors: 6 bytes
// per element of q (32 heads × 128) and k (8 × 128) in bf16, which a Llama
// of the same shape does not keep.
func TestQKNormBytes(t *testing.T) {
	const q, k = 32 * 128, 8 * 128
	with := testJob(t, archPlan(t, "qwen3-8b.json", nil)).decoderLayer(nil)
	without := testJob(t, archPlan(t, "qwen3-8b.json", func(p *plan.Plan) {
		m := p.Model.V
		m.Text.Arch, m.Text.QKNorm = "llama", ""
		p.Model = plan.Of(m, testOrigin)
	})).decoderLayer(nil)
	if got, want := with.perToken-without.perToken, 6.0*(q+k); got != want {
		t.Errorf("q/k norms add %.0f B/token, want %.0f", got, want)
	}
}

// Gemma's final soft-capping keeps tanh's output: one more logits-sized
// tensor in the compute dtype, during the loss and at the start of backward.
func TestLogitSoftcapBytes(t *testing.T) {
	capped := archPlan(t, "gemma-3-1b-it.json", nil)
	m := capped.Model.V
	m.Text.LogitSoftcap = true
	capped.Model = plan.Of(m, testOrigin)
	a := testJob(t, archPlan(t, "gemma-3-1b-it.json", nil)).lmLogits()
	b := testJob(t, capped).lmLogits()
	elems := 4.0 * 1024 * 262144 // micro batch 4 × 1024 tokens × vocab
	if got, want := b.forward-a.forward, 2*elems*logitsScale; got != want {
		t.Errorf("soft-capping adds %.0f B to the loss, want %.0f", got, want)
	}
}

// Every arch config estimates, and what parsing assumed reaches the result.
func TestArchsEstimate(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "archs", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, "counts.json") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, edit := range []func(p *plan.Plan){nil, lora(16, "all-linear")} {
				r, err := Estimate(archPlan(t, name, edit))
				if err != nil {
					t.Fatal(err)
				}
				if r.Peak <= 0 {
					t.Errorf("peak %v", r.Peak)
				}
				generic := slices.ContainsFunc(r.Assumptions, func(a string) bool { return strings.Contains(a, "generic Llama-style") })
				if generic != strings.HasPrefix(name, "generic") {
					t.Errorf("generic-decoder assumption listed %t: %q", generic, r.Assumptions)
				}
			}
		})
	}
}

// LoRA over a transformers 5.x MoE adapts the attention only: the fused
// expert tensors and the router are no nn.Linear. Under bitsandbytes they
// stay 16-bit for the same reason.
func TestFusedExperts(t *testing.T) {
	j := testJob(t, archPlan(t, "qwen3-30b-a3b.json", func(p *plan.Plan) {
		lora(8, "all-linear")(p)
		p.Quant = plan.Of(plan.NF4, testOrigin)
	}))
	inv := buildInventory(j)
	// q, k, v, o per layer: r × (in + out).
	attn := int64(8 * ((2048 + 4096) + 2*(2048+512) + (4096 + 2048)))
	if got, want := inv.adapters.params, 48*attn; got != want {
		t.Errorf("adapter params %d, want %d (attention only)", got, want)
	}
	if got, want := inv.quantizedParams(), int64(48*(2048*4096*2+2*2048*512)); got != want {
		t.Errorf("quantized %d, want the attention projections' %d", got, want)
	}
}

// An MXFP4 checkpoint stores the routed experts in 4.25 bits per weight and
// everything else in 16 bits.
func TestMXFP4Weights(t *testing.T) {
	j := testJob(t, archPlan(t, "gpt-oss-20b.json", func(p *plan.Plan) {
		lora(8, "q_proj")(p)
		p.Quant = plan.Of(plan.MXFP4, testOrigin)
	}))
	inv := buildInventory(j)
	experts := int64(24 * 32 * (2880*5760 + 2880*2880))
	if got := inv.quantizedParams(); got != experts {
		t.Errorf("quantized %d, want the experts' %d", got, experts)
	}
	base := float64(20914757184-experts)*2 + float64(experts)*4.25/8
	if got := inv.weightBytes() - float64(inv.adapters.params)*4; got != base {
		t.Errorf("weights %.0f B, want %.0f", got, base)
	}
}

// output_router_logits keeps each routed layer's router logits (16-bit,
// tokens × experts) until the load-balancing loss, checkpointed or not.
func TestRouterLogitsBytes(t *testing.T) {
	saved := func(on bool) float64 {
		j := testJob(t, archPlan(t, "qwen3-30b-a3b.json", func(p *plan.Plan) {
			m := p.Model.V
			m.Text.RouterLogits = on
			p.Model = plan.Of(m, testOrigin)
			p.GradientCheckpointing = plan.Of(true, testOrigin)
		}))
		return j.decoderActivations(nil, false, false, nil).saved
	}
	if got, want := saved(true)-saved(false), 48*4*1024*2*128.0; got != want {
		t.Errorf("router logits add %.0f B, want %.0f", got, want)
	}
}

// A Gated DeltaNet layer keeps, after its input norm, what gatedDeltaNet lists; with the layer frozen (LoRA on
// nothing in it) that is, per token in bf16 at Qwen3.5's smallest shape (16 key and 16 value heads of 128, q/k/v
// 6144 wide): the conv input 2·6144, q and k 2·2·2048, their rstd 4·2·16, v 2·2048, beta 2·16, softplus 4·2·16,
// g 4·16, A 2·64·16, z 2·2048, the kernel output 2·2048 and the gated norm's rstd 4·16. The decoder prices every
// layer as the larger kind, which here is the Gated DeltaNet one, and says so.
func TestGatedDeltaNetBytes(t *testing.T) {
	const cfg = `{"model_type": "qwen3_5_text", "hidden_size": 1024, "intermediate_size": 3584,
		"num_hidden_layers": 4, "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 256,
		"vocab_size": 248320, "linear_num_key_heads": 16, "linear_num_value_heads": 16,
		"linear_key_head_dim": 128, "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4}`
	m, err := catalog.ParseHFConfig([]byte(cfg), "qwen3.5/config.json")
	if err != nil {
		t.Fatal(err)
	}
	p := testPlan(t, "qwen2-0.5b", func(p *plan.Plan) {
		p.Model = plan.Of(m, testOrigin)
		p.PEFT.Method = plan.Of("lora", testOrigin)
		p.PEFT.TargetModules = plan.Of([]string{"gate_proj"}, testOrigin)
	})
	j := testJob(t, p)
	var notes []string
	j.assume = func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	d := j.actDtypes()
	var mixer float64
	j.gatedDeltaNet(d, false, func(_ string, each float64, n int) { mixer += each * float64(n) }, func(string, float64, string) {})
	// conv input and its output before SiLU; q, k, their rstd, v, beta, softplus, g, A; the gated norm's fp32
	// input and rstd, its weighted product, the gate's fp32 copy and SiLU (the norm's weight frozen).
	want := 2*6144 + 2*6144 + 2*2*2048 + 4*2*16 + 2*2048 + 2*16 + 4*2*16 + 4*16 + 2*64*16 + 4*2048 + 4*16 + 2*2048 + 4*2048 + 4*2048.0
	if mixer != want {
		t.Errorf("the Gated DeltaNet mixer keeps %.0f B/token, want %.0f", mixer, want)
	}
	linear, attn := j.layerSaved(nil, true), j.layerSaved(nil, false)
	if got := j.decoderLayer(nil); got.perToken != max(linear.perToken, attn.perToken) || linear.perToken <= attn.perToken {
		t.Errorf("decoder layer %.0f B/token; Gated DeltaNet %.0f, attention %.0f: want the larger, the Gated DeltaNet one",
			got.perToken, linear.perToken, attn.perToken)
	}
	if !slices.ContainsFunc(notes, func(s string) bool { return strings.Contains(s, "Gated DeltaNet") }) {
		t.Errorf("assumptions %q do not name the hybrid pricing", notes)
	}
}

// Seed-OSS is read with biased q, k and v, an unbiased o_proj and the
// residual dropout its config sets, whose masks its layers keep.
func TestSeedOSS(t *testing.T) {
	p := archPlan(t, "seed-oss-36b-base.json", nil)
	tc := p.Model.V.Text
	if tc.Arch != "seed_oss" || !tc.AttentionBias || tc.OutputBias || tc.MLPBias || tc.HeadDim != 128 {
		t.Fatalf("read as %+v", tc)
	}
	if tc.ResidualDropout != 0 {
		t.Errorf("residual_dropout %g, the released config sets 0.0", tc.ResidualDropout)
	}
	// With residual_dropout above 0 (SeedOssConfig's default 0.1) each
	// layer keeps two one-byte masks of the hidden size per token.
	without := testJob(t, p).decoderLayer(nil)
	with := testJob(t, archPlan(t, "seed-oss-36b-base.json", func(p *plan.Plan) {
		m := p.Model.V
		m.Text.ResidualDropout = 0.1
		p.Model = plan.Of(m, testOrigin)
	})).decoderLayer(nil)
	if got, want := with.perToken-without.perToken, 2.0*float64(tc.Hidden); got != want {
		t.Errorf("residual dropout adds %.0f B/token, want %.0f", got, want)
	}
}
