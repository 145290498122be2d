package estimate

import (
	"fmt"
	"math"

	"github.com/trainlint/trainlint/plan"
)

// logits is the LM head's output and the cross-entropy around it, the term
// that dominates small models with large vocabularies (Llama 3's 128k).
type logits struct {
	forward  float64 // alive while the loss is computed
	backward float64 // alive at the start of backward
	note     string
}

// lmLogits follows the tensors of transformers' ForCausalLMLoss (4.46 and
// later): the lm_head writes b×s×V logits in the compute dtype, the loss
// upcasts them to fp32 (.float(), a copy unless they are fp32 already) and
// cross_entropy's log_softmax keeps its fp32 output for backward. While the
// loss runs, the 16-bit logits (held by the model output), the upcast and the
// log-softmax are alive together. Backward starts with the saved log-softmax,
// nll_loss's dense fp32 gradient and log_softmax's fp32 input gradient: three
// fp32 copies. Each multiplier is scaled by logitsScale, fitted on the
// calibration runs.
func (j *job) lmLogits() logits {
	if j.inplaceLogProb() || j.lossKernel == plan.LossSelective {
		return j.logProbLoss()
	}
	if j.lossKernel != "" {
		return j.fusedLoss()
	}
	elems := j.logitTokens() * float64(j.model.Text.Vocab)
	if j.lossChunks > 1 {
		return j.chunkedLogits(elems)
	}
	cb := j.compute.Bytes()
	fwd := cb + 4
	if cb < 4 {
		fwd += 4 // the .float() upcast is a separate copy
	}
	bwd := 3 * 4.0
	if j.model.Text.LogitSoftcap {
		// Gemma's final_logit_softcapping runs cap·tanh(logits/cap) on the
		// lm_head output in its own dtype before the loss upcasts it
		// (Gemma2ForCausalLM/Gemma3ForCausalLM.forward, transformers 5.x):
		// tanh keeps its output for backward, one more logits-sized tensor
		// alive through the loss and into backward, where the gradient flows
		// back through it.
		fwd += cb
		bwd += cb
	}
	head := 0.0
	if j.model.Text.Arch == "baichuan" {
		// Baichuan2's NormHead normalizes its weight anew at every training
		// forward and multiplies by the copy, which F.linear keeps for
		// backward (modeling_baichuan.py NormHead.forward, in the
		// baichuan-inc/Baichuan2-7B-Base repository on the hub).
		head = float64(j.lmHeadParams()) * j.load.Bytes()
	}
	note := fmt.Sprintf("%.0f tokens × %d vocab: %.0f B/element while the loss runs, %.0f B/element at the start of backward",
		j.logitTokens(), j.model.Text.Vocab, fwd*logitsScale, bwd*logitsScale)
	if head > 0 {
		note += fmt.Sprintf(", plus NormHead's normalized weight copy (%s)", gib(head))
	}
	return logits{forward: elems*fwd*logitsScale + head, backward: elems*bwd*logitsScale + head, note: note}
}

// chunkedLogits follows torchtune's chunked cross-entropy
// (LinearCrossEntropyLoss.forward and CEWithChunkedOutputLoss.forward,
// torchtune/modules/loss/, pytorch/torchtune at bd2a0fc, after v0.6.0): the
// logits of one token chunk at a time are projected (or taken from the
// model's chunked output), upcast and passed to cross_entropy, so only one
// chunk's compute-dtype and fp32 copies are alive at once. Each chunk's
// log_softmax still keeps its fp32 output for backward, a full b×s×V fp32
// tensor over all chunks; backward then runs chunk by chunk, each with its
// two fp32 gradients. The full-size compute-dtype logits and fp32 upcast of
// the plain loss are never allocated.
func (j *job) chunkedLogits(elems float64) logits {
	n := float64(j.lossChunks)
	fwd := 4 + (j.compute.Bytes()+4)/n
	bwd := 4 + 2*4/n
	note := fmt.Sprintf("%.0f tokens × %d vocab in %d loss chunks: %.2f B/element while the loss runs, %.2f B/element at the start of backward",
		j.logitTokens(), j.model.Text.Vocab, j.lossChunks, fwd*logitsScale, bwd*logitsScale)
	return logits{forward: elems * fwd * logitsScale, backward: elems * bwd * logitsScale, note: note}
}

// lossElems is how many logits elements the loss holds at once for a number
// of tokens: all b×s×V of them, one chunk with Liger's fused linear
// cross-entropy, and one log-sum-exp per token with Cut Cross-Entropy, which
// computes the logits block by block in on-chip memory.
func (j *job) lossElems(tokens float64) float64 {
	v := float64(j.model.Text.Vocab)
	switch j.lossKernel {
	case plan.LossLiger:
		return ligerChunk(tokens, v, float64(j.model.Text.Hidden)) * v
	case plan.LossCCE:
		return tokens
	}
	return tokens * v
}

// ligerChunk is the rows of logits Liger's fused linear cross-entropy
// computes at once: it splits the b×s tokens into chunks so that one chunk's
// logits are about as large as the b×s×h hidden states, rounding the chunk to
// a power of two (fused_linear_cross_entropy_forward in
// liger_kernel/ops/fused_linear_cross_entropy.py, liger-kernel 0.3 and later,
// read at commit 00eba634).
func ligerChunk(tokens, vocab, hidden float64) float64 {
	if hidden <= 0 || tokens <= 0 {
		return tokens
	}
	inc := math.Ceil(vocab / hidden)
	chunk := math.Pow(2, math.Ceil(math.Log2(math.Ceil(tokens/inc))))
	return min(chunk, tokens)
}

// fusedLoss is the loss of a kernel that never holds the whole logits
// tensor. Liger computes each chunk's logits in the compute dtype, lets its
// cross-entropy kernel overwrite them with their gradient, and accumulates
// the gradient of the hidden states (b×s×h) during the forward itself, which
// it keeps for backward. Cut Cross-Entropy keeps one fp32 log-sum-exp per
// token and writes the hidden states' gradient in backward.
func (j *job) fusedLoss() logits {
	cb := j.compute.Bytes()
	gradIn := j.logitTokens() * float64(j.model.Text.Hidden) * cb
	chunk := j.lossElems(j.logitTokens())
	if j.lossKernel == plan.LossCCE {
		lse := chunk * 4
		j.assume("Cut Cross-Entropy computes the loss without the logits tensor: its fp32 log-sum-exp and the hidden states' gradient are counted")
		return logits{forward: lse, backward: lse + gradIn,
			note: fmt.Sprintf("Cut Cross-Entropy: %.0f tokens, fp32 log-sum-exp, no logits tensor", j.logitTokens())}
	}
	j.assume("Liger's fused linear cross-entropy replaces the lm_head and loss (the model type is assumed supported by liger-kernel): logits exist one chunk at a time")
	rows := chunk / float64(j.model.Text.Vocab)
	return logits{forward: chunk*cb + gradIn, backward: gradIn,
		note: fmt.Sprintf("Liger fused linear cross-entropy: %.0f-token chunks × %d vocab, plus the hidden states' gradient kept from the forward", rows, j.model.Text.Vocab)}
}

// inplaceLogProb reports an RL policy loss whose logits' gradient is written
// in place (plan.LossLogProb).
func (j *job) inplaceLogProb() bool {
	return j.lossKernel == plan.LossLogProb || j.lossKernel == plan.LossLogProbEntropy
}

// logProbLoss follows verl's actor loss (verl v0.7.0
// verl/workers/actor/dp_actor.py _forward_micro_batch): the lm_head's
// compute-dtype logits are divided by the temperature in place and
// flash-attn's Triton cross_entropy_loss (logprobs_from_logits,
// inplace_backward=True, verl/utils/torch_functional.py) keeps one fp32
// log-sum-exp per token and overwrites the logits with their gradient in
// backward, so one b×s×V compute-dtype tensor lives from the loss to the
// lm_head's backward. With an entropy bonus, entropy_from_logits adds the
// softmax and its product with the logits, both kept for backward.
func (j *job) logProbLoss() logits {
	cb := j.compute.Bytes()
	elems := j.logitTokens() * float64(j.model.Text.Vocab)
	per := cb
	note := fmt.Sprintf("%.0f tokens × %d vocab: the %s logits, their gradient written in place (flash-attn cross-entropy)", j.logitTokens(), j.model.Text.Vocab, j.compute)
	if j.lossKernel == plan.LossLogProbEntropy {
		per += 2 * cb
		note += ", plus the entropy's softmax and product"
	}
	lse := j.logitTokens() * 4
	if j.lossKernel == plan.LossSelective {
		// TRL's selective_log_softmax (trl/trainer/utils.py, v0.23) runs
		// log_softmax per sequence on 16-bit logits and keeps each output
		// for backward; backward holds those, their gradients stacked
		// back into one tensor and the slice's full-size gradient.
		note = fmt.Sprintf("%.0f tokens × %d vocab: %s logits and their per-sequence log-softmax kept for backward (selective_log_softmax); in backward its gradient and the slice's", j.logitTokens(), j.model.Text.Vocab, j.compute)
		return logits{forward: elems * 2 * cb, backward: elems * 3 * cb, note: note}
	}
	return logits{forward: elems*per + lse, backward: elems*per + lse, note: note}
}
