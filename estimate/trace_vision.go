package estimate

// visionForward runs the vision tower and projector and returns, per tower
// layer, what it keeps for backward (the last entry is the projector's).
// A tower that needs no gradient keeps nothing but every layer's output,
// collected for the feature layer until the projector has run.
func (t *tracer) visionForward() [][]int {
	j := t.j
	v := j.model.Vision
	if v == nil || j.visionTokens == 0 {
		return nil
	}
	tokens := float64(j.micro) * float64(j.visionTokens)
	cb := j.compute.Bytes()
	trains := towerTrains(t.inv) || len(t.inv.adapters.vision) > 0
	kept := make([][]int, v.Layers+1)
	if t.visionLayer == nil {
		// A tower that needs no gradient keeps nothing past each layer, so
		// its layer's tensors only size the blocks the forward passes
		// through; it is replayed with a trained layer's set, which the
		// frozen-tower calibration runs (LLaVA, Qwen2-VL, Gemma 3) were
		// measured against. A frozen tower with adapters keeps its own set.
		t.visionLayer = j.visionLayerTensors(towerTrains(t.inv) || !trains, t.inv.adapters.vision)
	}
	var hidden, pending []int
	for i := range v.Layers {
		var layer []int
		for _, ten := range t.visionLayer {
			id := t.alloc(tokens * ten.perToken)
			if ten.transient {
				pending = append(pending, id)
				continue
			}
			layer = append(layer, id)
			t.free(pending...)
			pending = pending[:0]
		}
		t.free(pending...)
		pending = pending[:0]
		if trains && !j.checkpointing {
			kept[i] = layer
			continue
		}
		t.free(layer...)
		hidden = append(hidden, t.alloc(tokens*float64(v.Hidden)*cb))
	}
	kept[v.Layers] = []int{t.alloc(tokens * float64(v.Hidden) * cb),
		t.alloc(projectorOutputBytes(j))}
	if !trains {
		t.free(hidden...)
	} else {
		kept[v.Layers] = append(kept[v.Layers], hidden...)
	}
	return kept
}

// visionBackward runs the projector's and then the tower's backward, layer
// by layer from the top: each layer's parameter gradients appear (on the
// first micro step) as its saved tensors go.
func (t *tracer) visionBackward(kept [][]int, first bool) {
	if len(kept) == 0 {
		return
	}
	j := t.j
	v := j.model.Vision
	tokens := float64(j.micro) * float64(j.visionTokens)
	cb := j.compute.Bytes()
	t.free(kept[len(kept)-1]...)
	for i := len(kept) - 2; i >= 0; i-- {
		if first && !t.shardedParams() {
			for k := len(t.params) - 1; k >= 0; k-- {
				if p := t.params[k]; p.vlayer == i && p.trainable {
					t.paramGrad(k)
				}
			}
		}
		if kept[i] == nil {
			continue
		}
		// The MLP's backward holds gradients of its intermediate tensors: two, three for a gated MLP.
		n := 2
		if gatedVisionMLP(*v) || quickGELUVision(*v) {
			n = 3
		}
		var work []int
		for range n {
			work = append(work, t.alloc(tokens*float64(v.Intermediate)*cb))
		}
		t.free(work...)
		t.free(kept[i]...)
	}
}
