package generate

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// TestMiniCPMVQLoRAKnob: MiniCPM-V's QLoRA names the int4 checkpoint and
// its quality cost, keeps the script's LoRA semantics, and is not offered
// under ZeRO-3, which the script calls incompatible with QLoRA.
func TestMiniCPMVQLoRAKnob(t *testing.T) {
	lora := loadJob(t, "../testdata/generate/qlora-minicpmv/in", "")
	k := knobByID(Knobs(lora.Plan), "qlora")
	if k == nil {
		t.Fatalf("no qlora knob; knobs: %s", knobIDs(Knobs(lora.Plan)))
	}
	for _, want := range []string{"openbmb/MiniCPM-Llama3-V-2_5-int4", "q_lora: true"} {
		if !strings.Contains(k.Title, want) {
			t.Errorf("title %q lacks %q", k.Title, want)
		}
	}
	if !strings.Contains(k.Cost, "1%") || !strings.Contains(k.Cost, "#147") {
		t.Errorf("cost %q does not state the int4 model's quality loss", k.Cost)
	}
	p, ok := k.Apply(lora.Plan)
	if !ok || p.Quant.V != plan.NF4 || p.PEFT.Method.V != "qlora" || p.ModelRef.V != "openbmb/MiniCPM-Llama3-V-2_5-int4" {
		t.Errorf("applied: ok %v quant %q method %q model %q", ok, p.Quant.V, p.PEFT.Method.V, p.ModelRef.V)
	}
	if got := strings.Join(p.PEFT.ModulesToSave.V, ","); got != "embed_tokens,resampler" {
		t.Errorf("modules_to_save %q, want embed_tokens,resampler (tune_vision is false)", got)
	}

	full := loadJob(t, "../testdata/generate/lora-minicpmv/in", "")
	if k := knobByID(Knobs(full.Plan), "qlora"); k != nil {
		t.Errorf("qlora offered under ZeRO-3: %s", k.Title)
	}
	l := knobByID(Knobs(full.Plan), "lora")
	if l == nil {
		t.Fatal("no lora knob for the full fine-tune")
	}
	p, _ = l.Apply(full.Plan)
	if !p.Frozen("llm") || strings.Join(p.PEFT.ModulesToSave.V, ",") != "embed_tokens,resampler,vpm" {
		t.Errorf("lora: freeze %v, modules_to_save %v", p.Freeze.V, p.PEFT.ModulesToSave.V)
	}
}

// TestInt4Checkpoint: only models with a published 4-bit checkpoint in the
// catalog get one.
func TestInt4Checkpoint(t *testing.T) {
	for id, want := range map[string]string{
		"openbmb/MiniCPM-Llama3-V-2_5":      "openbmb/MiniCPM-Llama3-V-2_5-int4",
		"openbmb/MiniCPM-V-2_6":             "openbmb/MiniCPM-V-2_6-int4",
		"openbmb/MiniCPM-V-2_6-int4":        "",
		"meta-llama/Meta-Llama-3-8B":        "",
		"openbmb/MiniCPM-Llama3-V-2_5-int4": "",
	} {
		m, err := catalog.Builtin().Model(id)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := int4Checkpoint(&plan.Plan{Model: plan.Of(m, plan.Origin{})})
		if got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}
