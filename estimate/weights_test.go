package estimate

import (
	"math"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestInventory checks parameter and byte counts against the calibration
// runs' reported parameters and hand-computed sizes.
func TestInventory(t *testing.T) {
	tests := []struct {
		name             string
		model            string
		edit             func(p *plan.Plan)
		total, trainable int64
		weightGiB        float64
	}{
		{"qwen2-0.5b full bf16", "qwen2-0.5b", nil, 494032768, 494032768, 0.92},
		{"llama-3-8b fp32", "llama-3-8b", func(p *plan.Plan) { p.LoadDtype = plan.Of(plan.FP32, testOrigin) },
			8030261248, 8030261248, 29.91},
		{"llama-3-8b LoRA r64 all (fp32 adapters)", "llama-3-8b", lora(64, "all-linear"), 8198033408, 167772160, 15.58},
		{"llava frozen vision (384 px positions)", "llava-siglip-qwen2-0.5b", func(p *plan.Plan) {
			p.Freeze = plan.Of([]string{"vision"}, testOrigin)
		}, 908856816, 495869568, 1.69},
		{"llama-3-8b QLoRA nf4", "llama-3-8b", func(p *plan.Plan) {
			lora(64, "all-linear")(p)
			p.Quant = plan.Of(plan.NF4, testOrigin)
		}, 8198033408, 167772160, 6.24},
		// prepare_model_for_kbit_training: the embeddings, lm_head and the 65 RMSNorms (1,050,939,392
		// parameters) go from 2 to 4 bytes, 1.96 GiB more.
		{"llama-3-8b QLoRA nf4 after prepare_model_for_kbit_training", "llama-3-8b", func(p *plan.Plan) {
			lora(64, "all-linear")(p)
			p.Quant = plan.Of(plan.NF4, testOrigin)
			p.PEFT.KbitPrep = plan.Of(true, testOrigin)
		}, 8198033408, 167772160, 8.20},
		{"modules_to_save keeps a trainable copy", "llama-3-8b", func(p *plan.Plan) {
			lora(8, "q_proj", "v_proj")(p)
			p.PEFT.ModulesToSave = plan.Of([]string{"embed_tokens"}, testOrigin)
		}, 8033669120 + 525336576, 3407872 + 525336576, 15.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := buildInventory(testJob(t, testPlan(t, tt.model, tt.edit)))
			if inv.total() != tt.total || inv.trainable() != tt.trainable {
				t.Errorf("total %d trainable %d, want %d and %d", inv.total(), inv.trainable(), tt.total, tt.trainable)
			}
			if got := inv.weightBytes() / GiB; math.Abs(got-tt.weightGiB) > 0.01 {
				t.Errorf("weights %.2f GiB, want %.2f", got, tt.weightGiB)
			}
		})
	}
}

func TestQuantBytes(t *testing.T) {
	for _, tt := range []struct {
		q    plan.Quant
		want float64
	}{{plan.NF4, 0.5625}, {plan.FP4, 0.5625}, {plan.Int8, 1}, {plan.NoQuant, 0}} {
		if got := quantBytes(tt.q, false); got != tt.want {
			t.Errorf("quantBytes(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := quantBytes(plan.NF4, true); got != bnb4BitDoubleBytes {
		t.Errorf("double-quantized NF4 = %v B, want %v", got, bnb4BitDoubleBytes)
	}
	// The QLoRA paper's double-quantized size: 4.127 bits per parameter.
	if got := bnb4BitDoubleBytes * 8; math.Abs(got-4.127) > 0.001 {
		t.Errorf("double-quantized NF4 is %.3f bits, want 4.127", got)
	}
}

// TestParamTensorsMatchInventory keeps the allocator trace's tensor list
// consistent with the inventory's counts.
func TestParamTensorsMatchInventory(t *testing.T) {
	for _, model := range []string{"qwen2-0.5b", "llama-3-8b", "llava-siglip-qwen2-0.5b", "mistral-7b"} {
		for _, edit := range []func(p *plan.Plan){nil, lora(16, "all-linear")} {
			j := testJob(t, testPlan(t, model, edit))
			inv := buildInventory(j)
			var total, trainable int64
			for _, p := range paramTensors(j, inv) {
				total += p.elems
				if p.trainable {
					trainable += p.elems
				}
			}
			if total != inv.total() || trainable != inv.trainable() {
				t.Errorf("%s (lora=%t): tensors %d/%d, inventory %d/%d", model, edit != nil, total, trainable, inv.total(), inv.trainable())
			}
		}
	}
}
