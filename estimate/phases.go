package estimate

// Phase names, in step order.
const (
	PhaseForward  = "forward"
	PhaseBackward = "backward"
	PhaseStep     = "optimizer step"
	PhaseEval     = "evaluation"
)

// phase is one moment of a training step and what is allocated then.
type phase struct {
	name  string
	terms []Component
}

func (p *phase) add(name string, bytes float64, note string) {
	if bytes > 0 {
		p.terms = append(p.terms, Component{Name: name, Bytes: bytes, Note: note})
	}
}

// total is the phase's allocated bytes.
func (p phase) total() float64 {
	var b float64
	for _, t := range p.terms {
		b += t.Bytes
	}
	return b
}

// model is every term the phases draw from.
type model struct {
	s      states
	a      activations
	lg     logits
	x      autocastCopies
	ev     float64 // evaluation logits
	evNote string
}

// phases lays out the moments of a step (from the second step on, when the
// optimizer state exists) that can hold the peak:
//
//   - forward, while the loss runs: weights, optimizer state, accumulated
//     gradients, gathered parameters, autocast copies, every saved
//     activation and the logits with their fp32 upcast and log-softmax;
//   - backward, whichever is larger of its start (the three fp32 b×s×V
//     tensors of the loss's backward beside all saved activations) and the
//     top layer's backward (the first gradients, one recomputed layer under
//     checkpointing, the layer's gradient working set);
//   - the optimizer step: weights, gradients, state and the step's
//     temporaries, activations freed;
//   - evaluation, when it runs, with its logits.
func (m model) phases(evalOn bool) []phase {
	s, a := m.s, m.a
	common := func(p *phase) {
		p.add("workspaces", workspaceMiB*MiB, "cuBLAS workspaces and small buffers PyTorch allocates itself")
		p.add("weights", s.weights.bytes, s.weights.note)
		p.add("optimizer", s.optimizer.bytes, s.optimizer.note)
		if s.buffersPersist {
			p.add("gradient-buffers", s.gradBuffers.bytes, s.gradBuffers.note)
		}
	}
	transientBuffers := func(p *phase) {
		if !s.buffersPersist {
			p.add("gradient-buffers", s.gradBuffers.bytes, s.gradBuffers.note)
		}
	}
	// The vision tower's saved tensors are a term of their own, so a
	// breakdown shows what the images cost next to the text.
	saved := a.saved + a.mask
	actNote := a.note
	fwd := phase{name: PhaseForward}
	common(&fwd)
	fwd.add("gradients", s.accumGrads, "accumulated over micro batches")
	fwd.add("gathered-params", s.gathered.bytes, s.gathered.note)
	fwd.add("autocast-copies", m.x.forward, m.x.note)
	fwd.add("activations", saved+a.final, actNote)
	fwd.add("vision-activations", a.vision, a.visionNote)
	fwd.add("logits", m.lg.forward, m.lg.note)

	start := phase{name: PhaseBackward}
	common(&start)
	start.add("gradients", s.accumGrads, "accumulated over micro batches")
	start.add("gathered-params", s.gathered.bytes, s.gathered.note)
	start.add("autocast-copies", m.x.backward, m.x.note)
	start.add("activations", saved+a.final, actNote)
	start.add("vision-activations", a.vision, a.visionNote)
	start.add("logits", m.lg.backward, m.lg.note)
	if s.buffersAtLoss {
		transientBuffers(&start)
	}

	top := phase{name: PhaseBackward}
	common(&top)
	top.add("gradients", max(s.accumGrads, s.lmHeadGrad), "lm_head gradient (first of backward)")
	transientBuffers(&top)
	top.add("gathered-params", s.gathered.bytes, s.gathered.note)
	top.add("autocast-copies", m.x.backward, m.x.note)
	recomputed := 0.0
	if a.ckptLayer > 0 {
		recomputed = a.layer
	}
	top.add("activations", saved+recomputed, actNote)
	top.add("vision-activations", a.vision, a.visionNote)
	top.add("backward-working-set", a.work, "gradients of one layer's intermediate tensors")

	end := phase{name: PhaseBackward}
	common(&end)
	end.add("gradients", s.grads.bytes, s.grads.note)
	end.add("tied-embedding-gradients", s.tiedAccum, "the embeddings' gradient and its out-of-place sum with lm_head's")
	transientBuffers(&end)
	end.add("gathered-params", s.gathered.bytes, s.gathered.note)

	step := phase{name: PhaseStep}
	common(&step)
	step.add("gradients", s.grads.bytes, s.grads.note)
	step.add("optimizer-step", s.stepTemp.bytes, s.stepTemp.note)

	out := []phase{fwd, larger(start, top, end), step}
	if evalOn {
		ev := phase{name: PhaseEval}
		common(&ev)
		ev.add("eval-logits", m.ev, m.evNote)
		out = append(out, ev)
	}
	return out
}

func larger(ps ...phase) phase {
	best := ps[0]
	for _, p := range ps[1:] {
		if p.total() > best.total() {
			best = p
		}
	}
	return best
}
