package estimate

import "fmt"

// plainStates is PyTorch holding everything itself on every GPU (one GPU, or
// DDP): weights in their load dtype (quantized where bitsandbytes stores
// them), one .grad per trainable parameter in the parameter's dtype, the
// optimizer's states and step temporaries. DDP adds its gradient buckets,
// copies of every gradient (gradient_as_bucket_view is off by default).
func plainStates(j *job, inv inventory, opt optimizerSpec) states {
	var s states
	s.weights = component{inv.weightBytes(), inv.weightsNote()}
	s.grads = component{inv.gradBytes(), fmt.Sprintf("%s trainable params, one gradient each in the parameter dtype", count(inv.trainable()))}
	s.optimizer = component{opt.stateBytes(inv), opt.String()}
	if opt.paged {
		s.optimizer.note += " (paged: can spill to host memory under pressure)"
	}
	temp, note := opt.stepTemporaries(inv)
	s.stepTemp = component{temp, note}
	if j.world > 1 {
		s.gradBuffers = component{s.grads.bytes, "DDP gradient buckets (a copy of every gradient)"}
		s.buffersPersist = true
	}
	if j.accum > 1 {
		s.accumGrads = s.grads.bytes
	}
	for _, g := range inv.groups {
		if g.trainable && (g.part == partLMHead || (g.part == partEmbeddings && j.model.Text.TiedEmbeddings)) {
			s.lmHeadGrad = float64(j.lmHeadParams()) * g.dtype
		}
	}
	if j.model.Text.TiedEmbeddings {
		s.tiedAccum = 2 * s.lmHeadGrad
	}
	return s
}
