package estimate

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
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

// calibrationModel is one of the configs the calibration runs trained (testdata/calibration/models).
func calibrationModel(tb testing.TB, file string) catalog.Model {
	tb.Helper()
	m, err := catalog.LoadHFConfig(filepath.Join("..", "testdata", "calibration", "models", file))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestArchGapKeys: the measured gaps follow what their runs had, not only the
// model_type: Falcon-7B's multi-query layers and GPT-2's gelu_new keep theirs,
// Falcon-40B's grouped key/value heads and StarCoder's gpt_bigcode (read with
// GPT-2's layout) measured within the bound and have none.
func TestArchGapKeys(t *testing.T) {
	for _, c := range []struct {
		file string
		want bool
	}{
		{"falcon-7b.json", true},
		{"falcon-40b-6l.json", false},
		{"gpt2.json", true},
		{"starcoder-15b-10l.json", false},
		{"bloomz-560m.json", true},
		{"pythia-1.4b.json", false},
	} {
		t.Run(c.file, func(t *testing.T) {
			if _, got := archGapOf(calibrationModel(t, c.file).Text); got != c.want {
				t.Errorf("gap %t, want %t", got, c.want)
			}
		})
	}
}

// TestMLPActivationBytes: what a layer's MLP keeps per token between its
// linears, in bf16: four MLP-wide tensors for a gated MLP that trains; the
// GELU's input and the down projection's input for one fused GELU, the
// GELU's input alone when the down projection is frozen; ReLU's output
// alone, which the down projection reads too. GPT-2's gelu_new keeps the
// gated set (its gap is underEstimated's).
func TestMLPActivationBytes(t *testing.T) {
	for _, c := range []struct {
		name, file string
		edit       func(p *plan.Plan)
		tensors    float64
		inter      float64
	}{
		{"gpt_neox full", "pythia-1.4b.json", nil, 2, 8192},
		{"gpt_neox lora", "pythia-1.4b.json", lora(16, "query_key_value", "dense"), 1, 8192},
		{"falcon new architecture", "falcon-40b-6l.json", nil, 2, 32768},
		{"gpt_bigcode", "starcoder-15b-10l.json", nil, 2, 24576},
		{"opt relu", "opt-1.3b.json", nil, 1, 8192},
		{"gpt2 gelu_new", "gpt2.json", nil, 4, 3072},
		{"qwen3 gated", "qwen3-0.6b.json", nil, 4, 3072},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := calibrationModel(t, c.file)
			p := testPlan(t, "qwen2-0.5b", func(p *plan.Plan) {
				p.Model = plan.Of(m, testOrigin)
				if c.edit != nil {
					c.edit(p)
				}
			})
			var got float64
			for _, x := range testJob(t, p).decoderLayer(nil).tensors {
				switch x.name {
				case "gate/act/up", "down_proj input", "up output", "relu output":
					if !x.transient {
						got += x.perToken
					}
				}
			}
			if want := 2 * c.tensors * c.inter; got != want {
				t.Errorf("MLP keeps %.0f B per token, want %.0f", got, want)
			}
		})
	}
}

// TestLayerNormAndQKVView: a LayerNorm layer keeps its norms' fp32 inputs
// under autocast and no normalized tensor (OLMo, full fine-tune), and
// GPT-NeoX's attention keeps query_key_value's whole output, of which v is a
// view, in place of v.
func TestLayerNormAndQKVView(t *testing.T) {
	for _, c := range []struct {
		file, name string
		want       float64 // bytes per token, bf16 under autocast
	}{
		{"olmo-1b.json", "attn norm input", 4 * 2048},
		{"olmo-1b.json", "attn norm normalized", 0},
		{"pythia-1.4b.json", "query_key_value output", 2 * 3 * 2048},
		{"pythia-1.4b.json", "v", 0},
		{"qwen3-0.6b.json", "attn norm normalized", 2 * 1024},
	} {
		t.Run(c.file+"/"+c.name, func(t *testing.T) {
			p := testPlan(t, "qwen2-0.5b", func(p *plan.Plan) { p.Model = plan.Of(calibrationModel(t, c.file), testOrigin) })
			var got float64
			for _, x := range testJob(t, p).decoderLayer(nil).tensors {
				if x.name == c.name && !x.transient {
					got += x.perToken
				}
			}
			if got != c.want {
				t.Errorf("%s keeps %.0f B per token, want %.0f", c.name, got, c.want)
			}
		})
	}
}
