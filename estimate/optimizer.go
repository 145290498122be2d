package estimate

import (
	"fmt"
	"strings"
)

// optimizerKind groups the Hugging Face optim names by how they store state
// and what they allocate at the step.
type optimizerKind int

const (
	adamForeach    optimizerKind = iota // torch AdamW, multi-tensor (foreach) path
	adamFused                           // torch AdamW fused=True, or any single-kernel 32-bit Adam
	adam8bit                            // bitsandbytes / torchao 8-bit Adam (also paged)
	adam4bit                            // torchao 4-bit Adam
	adamFP32States                      // bitsandbytes 32-bit Adam: fp32 states whatever the parameter dtype
	oneState                            // one state per parameter in the parameter dtype (Adagrad, RMSprop, Lion)
	oneState8bit                        // one 8-bit state (Lion/RMSprop 8-bit)
	factored                            // Adafactor: factored second moment, no first moment
	stateless                           // SGD without momentum (the Trainer default), LOMO
)

type optimizerSpec struct {
	kind  optimizerKind
	paged bool // bitsandbytes paged memory: can spill to host under pressure
}

// optimizerFor maps an HF `optim` name. Unknown names are costed as AdamW
// with its foreach temporaries, the most common and one of the largest.
func optimizerFor(name string, assume func(string, ...any)) optimizerSpec {
	n := strings.ToLower(name)
	paged := strings.HasPrefix(n, "paged_")
	switch n {
	case "adamw_torch", "adamw_hf", "adamw", "adam", "adamw_torch_xla", "adamw_torch_npu_fused",
		"galore_adamw", "galore_adamw_layerwise", "apollo_adamw":
		return optimizerSpec{kind: adamForeach}
	case "adamw_torch_fused", "adamw_apex_fused", "adamw_anyprecision":
		return optimizerSpec{kind: adamFused}
	case "adamw_bnb_8bit", "adamw_8bit", "paged_adamw_8bit", "paged_adam_8bit", "adam_8bit", "adamw_torch_8bit",
		"ademamix_8bit", "paged_ademamix_8bit", "galore_adamw_8bit", "galore_adamw_8bit_layerwise":
		return optimizerSpec{kind: adam8bit, paged: paged}
	case "adamw_torch_4bit":
		return optimizerSpec{kind: adam4bit}
	case "paged_adamw_32bit", "paged_adamw", "paged_adam", "adamw_bnb_32bit", "ademamix", "paged_ademamix_32bit":
		return optimizerSpec{kind: adamFP32States, paged: paged}
	case "adagrad", "rmsprop", "lion_32bit", "paged_lion_32bit", "rmsprop_bnb_32bit":
		return optimizerSpec{kind: oneState, paged: paged}
	case "lion_8bit", "paged_lion_8bit", "rmsprop_bnb_8bit", "rmsprop_8bit":
		return optimizerSpec{kind: oneState8bit, paged: paged}
	case "adafactor", "adalomo":
		return optimizerSpec{kind: factored}
	case "sgd", "lomo":
		return optimizerSpec{kind: stateless}
	}
	assume("optimizer %q is costed as AdamW (foreach)", name)
	return optimizerSpec{kind: adamForeach}
}

// stateBytes is the optimizer state of the trainable groups. AdamW keeps two
// states in the parameter's dtype (8 B for fp32 parameters, 4 B for bf16);
// 8-bit variants 2 B; Adafactor only row and column statistics for
// matrices; SGD with the Trainer's default momentum of 0 nothing.
func (o optimizerSpec) stateBytes(inv inventory) float64 {
	var b float64
	for _, g := range inv.groups {
		if !g.trainable {
			continue
		}
		n := float64(g.count)
		switch o.kind {
		case adamForeach, adamFused:
			b += 2 * n * g.dtype
		case adam8bit:
			b += 2 * n
		case adam4bit:
			b += n
		case adamFP32States:
			b += 8 * n
		case oneState:
			b += n * g.dtype
		case oneState8bit:
			b += n
		case factored:
			b += float64(g.rowsCols) * g.dtype
		}
	}
	return b
}

// stepTemporaries is what the optimizer step allocates beyond its states.
//
// torch's foreach AdamW computes sqrt(v) for all parameters of a dtype group
// at once (torch._foreach_sqrt), one temporary the size of the trainable
// parameters; the fused kernel and the bitsandbytes kernels update in place.
// Transformers' Adafactor runs parameter by parameter: for the largest
// tensor it holds the fp32 upcast of the gradient and of the parameter (when
// they are 16-bit), the fp32 squared-gradient update and the factored update
// that replaces it: four fp32 copies at once, two for fp32 parameters.
// adafactorFP32Copies is how many fp32 copies of one tensor transformers'
// Adafactor.step holds at once (see stepTemporaries).
const adafactorFP32Copies = 4

func (o optimizerSpec) stepTemporaries(inv inventory) (float64, string) {
	switch o.kind {
	case adamForeach:
		var b float64
		for _, g := range inv.groups {
			if g.trainable {
				b += float64(g.count) * g.dtype
			}
		}
		b *= foreachTempFactor
		return b, fmt.Sprintf("foreach AdamW's sqrt(v) over all trainable parameters × %.2f", foreachTempFactor)
	case factored:
		copies := 2.0 // an fp32 parameter and gradient are used in place
		if inv.largestDtype < 4 {
			copies = adafactorFP32Copies
		}
		b := float64(inv.largestTrainable) * 4 * copies
		return b, fmt.Sprintf("Adafactor's %.0f fp32 copies of the largest tensor (%s)", copies, count(inv.largestTrainable))
	}
	return 0, ""
}

func (o optimizerSpec) String() string {
	return [...]string{"AdamW (foreach)", "AdamW (fused)", "8-bit AdamW", "4-bit AdamW", "32-bit AdamW (fp32 states)",
		"one-state optimizer", "8-bit one-state optimizer", "Adafactor", "stateless SGD"}[o.kind]
}
