package estimate

import "fmt"

// fsdpShards is how many GPUs one parameter is sharded over: the whole world
// for full_shard and shard_grad_op, one node for the hybrid strategies.
func (j *job) fsdpShards() float64 {
	switch j.fsdp {
	case "hybrid_shard", "_hybrid_shard_zero2":
		return float64(j.gpusPerNode)
	}
	return float64(j.world)
}

// fsdpStates is PyTorch FSDP with transformer-layer auto-wrap, as the
// Trainer configures it through Accelerate: every decoder (and vision
// encoder) layer is one unit, everything else (embeddings, final norm,
// lm_head, projector) belongs to the root unit.
//
// Flat parameters, their gradients and the optimizer state are sharded in
// the load dtype (fp32 stays fp32: the mixed-precision policy only casts the
// gathered copy). For compute a unit is all-gathered in the compute dtype;
// full_shard frees it after the unit's forward, keeping the current unit and
// the one prefetched, and the root unit stays gathered from the start of
// forward to the end of backward; shard_grad_op keeps every gathered unit
// from forward until its backward (like ZeRO-2). In backward each unit's
// unsharded gradient lives until it is reduce-scattered, the root's (lm_head
// and embeddings) until the end.
func fsdpStates(j *job, inv inventory, opt optimizerSpec) states {
	n := j.fsdpShards()
	var s states
	s.weights = component{inv.weightBytes() / n, fmt.Sprintf("%s flat parameters / %.0f shards", count(inv.total()), n)}
	s.grads = component{inv.gradBytes() / n, fmt.Sprintf("sharded gradients of %s trainable / %.0f", count(inv.trainable()), n)}
	s.optimizer = component{opt.stateBytes(inv) / n, opt.String() + fmt.Sprintf(", sharded / %.0f", n)}
	temp, note := opt.stepTemporaries(inv)
	s.stepTemp = component{temp / n, note}
	if j.accum > 1 {
		// Without no_sync the Trainer reduce-scatters each micro batch into the sharded gradient.
		s.accumGrads = s.grads.bytes
	}
	if j.fsdpCPU {
		s.weights = component{0, "flat parameters offloaded to host memory"}
		s.grads = component{0, "gradients offloaded to host memory"}
		s.optimizer = component{0, "optimizer state on the CPU"}
		s.stepTemp = component{}
		// The reduce-scattered gradient shard is copied to the host and
		// accumulated there (FSDP1 _post_reduce_grad_callback offload;
		// FSDP2 CPUOffloadPolicy), so accumulation keeps nothing on the GPU.
		s.accumGrads = 0
	}

	gb := j.compute.Bytes()
	var layerParams, root int64
	for _, g := range inv.groups {
		if g.part == partLayers || g.part == partFusion {
			layerParams += g.count / int64(j.model.Text.Layers)
			continue
		}
		root += g.count // vision layers are gathered with the root: small beside the decoder's
	}
	unit := float64(layerParams) * gb
	rootBytes := float64(root) * gb
	switch j.fsdp {
	case "shard_grad_op", "_hybrid_shard_zero2":
		all := float64(inv.total()) * gb
		s.gathered = component{all, fmt.Sprintf("shard_grad_op keeps every gathered unit: %s params × %.0f B", count(inv.total()), gb)}
	default:
		s.gathered = component{rootBytes + 2*unit,
			fmt.Sprintf("root unit %s + current and prefetched layer %s × %.0f B", count(root), count(layerParams), gb)}
	}
	trainRoot := 0.0
	for _, g := range inv.groups {
		if g.trainable && g.part != partLayers && g.part != partFusion {
			trainRoot += float64(g.count) * gb
		}
	}
	// lm_head's gradient is part of the root unit's unsharded gradient: no separate lmHeadGrad.
	s.gradBuffers = component{trainRoot + 2*unit, "unsharded gradients of the root unit and of two layers in flight"}
	return s
}
