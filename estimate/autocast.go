package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
)

// autocastCopies is the 16-bit copies of fp32 Linear weights that autocast
// makes under bf16/fp16 precision: every Linear of a model loaded in fp32,
// and PEFT's fp32 LoRA adapters whatever the base model's dtype.
//
// Casts of trainable weights (leaf tensors that require grad) are cached for
// the whole autocast region, the model's forward including the loss, so all
// of them are alive while the loss runs; after forward only those autograd
// saved for backward remain. Frozen weights are cast anew at every use and
// kept only by autograd. Without checkpointing autograd keeps every cast
// weight until its layer's backward; with checkpointing the layers drop them
// and recompute one layer at a time, and only the lm_head's stays.
type autocastCopies struct {
	forward, backward float64
	note              string
	// layer is the size of each copy one decoder layer makes, and
	// trainedCached is set when they are casts of trainable weights, which
	// the cache keeps until forward ends even under checkpointing.
	layer         []float64
	trainedCached bool
}

func (j *job) autocastCopies(inv inventory) autocastCopies {
	if !j.amp() || j.fsdp != "" {
		// FSDP's mixed-precision policy hands compute 16-bit parameters: nothing left to cast.
		return autocastCopies{}
	}
	trained := inv.linearBytes16(true)
	frozen := inv.linearBytes16(false)
	if trained+frozen == 0 {
		return autocastCopies{}
	}
	head := 0.0
	if j.load == plan.FP32 {
		head = 2 * float64(j.lmHeadParams())
	}
	if j.model.Text.TiedEmbeddings && j.load == plan.FP32 {
		// F.linear over the embedding matrix: cast like any Linear weight.
		if j.layersTrain() {
			trained += head
		} else {
			frozen += head
		}
	}
	layer := (trained + frozen - head) / float64(j.model.Text.Layers)
	c := autocastCopies{forward: trained + frozen, backward: trained + frozen, trainedCached: j.layersTrain()}
	if j.load == plan.FP32 {
		for _, l := range j.model.Linears() {
			c.layer = append(c.layer, 2*float64(l.Params()))
		}
	}
	for _, l := range inv.adapters.perLayer {
		c.layer = append(c.layer, 2*float64(j.peft.r)*float64(l.In+l.Out)*float64(max(l.Count, 1)))
	}
	c.note = fmt.Sprintf("16-bit copies of fp32 Linear weights: %s cached for trained, %s for frozen", gib(trained), gib(frozen))
	if j.checkpointing {
		c.forward = trained + min(frozen, head+layer)
		c.backward = head + layer
		c.note += "; with checkpointing only the lm_head's and one recomputed layer's survive the forward"
	}
	return c
}
