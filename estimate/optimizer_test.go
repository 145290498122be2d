package estimate

import (
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestOptimizerState checks bytes per trainable parameter on Llama-3.2-1B
// loaded in bf16 and in fp32.
func TestOptimizerState(t *testing.T) {
	const params = 1235814400
	tests := []struct {
		optim       string
		load        plan.Dtype
		perParam    float64 // state bytes per parameter
		tempPerElem float64 // step temporary per parameter (foreach) or 0
	}{
		{"adamw_torch", plan.BF16, 4, 2},
		{"adamw_torch", plan.FP32, 8, 4},
		{"adamw_torch_fused", plan.BF16, 4, 0},
		{"adamw_bnb_8bit", plan.BF16, 2, 0},
		{"paged_adamw_8bit", plan.BF16, 2, 0},
		{"paged_adamw_32bit", plan.BF16, 8, 0},
		{"sgd", plan.BF16, 0, 0},
		{"adagrad", plan.FP32, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.optim+"/"+string(tt.load), func(t *testing.T) {
			j := testJob(t, testPlan(t, "llama-3.2-1b", func(p *plan.Plan) { p.LoadDtype = plan.Of(tt.load, testOrigin) }))
			inv := buildInventory(j)
			o := optimizerFor(tt.optim, func(string, ...any) { t.Errorf("%s is known", tt.optim) })
			if got := o.stateBytes(inv) / params; got != tt.perParam {
				t.Errorf("%.2f B/param of state, want %.2f", got, tt.perParam)
			}
			if temp, _ := o.stepTemporaries(inv); temp/params != tt.tempPerElem {
				t.Errorf("%.2f B/param of step temporaries, want %.2f", temp/params, tt.tempPerElem)
			}
		})
	}
}

// TestAdafactor checks the factored state (rows + columns) and the
// temporaries: four fp32 copies of the largest tensor for 16-bit
// parameters, two for fp32 ones.
func TestAdafactor(t *testing.T) {
	const embed = 128256 * 2048
	for _, tt := range []struct {
		load   plan.Dtype
		copies float64
	}{{plan.BF16, 4}, {plan.FP32, 2}} {
		j := testJob(t, testPlan(t, "llama-3.2-1b", func(p *plan.Plan) { p.LoadDtype = plan.Of(tt.load, testOrigin) }))
		inv := buildInventory(j)
		o := optimizerFor("adafactor", nil)
		if state := o.stateBytes(inv); state > 0.001*float64(inv.trainable())*tt.load.Bytes() {
			t.Errorf("%s: factored state %.0f B is not tiny", tt.load, state)
		}
		if temp, _ := o.stepTemporaries(inv); temp != tt.copies*4*embed {
			t.Errorf("%s: temporaries %.0f B, want %.0f fp32 copies of the embeddings", tt.load, temp, tt.copies)
		}
	}
}

func TestUnknownOptimizer(t *testing.T) {
	var notes assumptions
	if o := optimizerFor("shiny_new_optim", notes.add); o.kind != adamForeach || len(notes) != 1 {
		t.Errorf("kind %v, notes %q: want AdamW with one assumption", o.kind, notes)
	}
}
