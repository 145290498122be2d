package estimate

import "fmt"

// hostMemory is the host RAM one node needs: the ranks' processes, the model
// as each rank loads it, and what DeepSpeed or FSDP offload keeps there.
//
// Offloaded optimizer state follows DeepSpeed's accounting: fp32 master
// weights, fp32 gradients (pinned) and the optimizer's fp32 states for the
// node's share of the trainable parameters, and 16-bit parameters when they
// are offloaded too, times DeepSpeed's additional_buffer_factor of 1.5 as its
// estimator does. Loading materializes the whole model in each rank unless
// ZeRO-3's zero.Init partitions it while loading (the Hugging Face
// integration does this for stage 3).
func hostMemory(j *job, inv inventory, opt optimizerSpec) []Component {
	perNode := float64(j.gpusPerNode)
	p := float64(inv.total())
	pt := float64(inv.trainable())
	nodeShare := perNode / float64(j.world) // fraction of the partitions one node holds
	out := []Component{{Name: "processes", Bytes: perNode * hostProcessGiB * GiB,
		Note: fmt.Sprintf("%.0f rank(s) × %.1f GiB (Python, PyTorch, CUDA libraries, data loader)", perNode, hostProcessGiB)}}

	loadBytes := j.loaded.Bytes()
	switch {
	case j.deepspeed && j.zero.stage >= 3:
		out = append(out, Component{Name: "model-loading", Bytes: p * loadBytes * nodeShare,
			Note: "zero.Init partitions the model while it loads"})
	default:
		out = append(out, Component{Name: "model-loading", Bytes: p * loadBytes * perNode,
			Note: fmt.Sprintf("each of %.0f rank(s) loads the full model (%s × %.0f B) before moving it to the GPU",
				perNode, count(inv.total()), loadBytes)})
	}

	if j.ckptOffload {
		ckpt := j.checkpointBytes() * float64(j.model.Text.Layers)
		out = append(out, Component{Name: "checkpoint-offload", Bytes: perNode * ckpt,
			Note: fmt.Sprintf("%.0f rank(s) × %d layer checkpoints offloaded from the GPU", perNode, j.model.Text.Layers)})
	}
	switch {
	case j.deepspeed && j.zero.nvme:
		// ZeRO-Infinity stages through pinned buffers (offload_param buffer_count 5 × buffer_size 1e8, 16-bit).
		b := perNode * dsNVMeBuffers * 2
		out = append(out, Component{Name: "offload", Bytes: b,
			Note: fmt.Sprintf("NVMe offload: %.0f rank(s) × %s pinned staging elements × 2 B", perNode, count(dsNVMeBuffers))})
	case j.deepspeed && j.zero.offloadOptimizer:
		optPerParam := dsOptimizerBytes(opt, inv)
		b := (4 + 4 + optPerParam) * pt * nodeShare
		note := fmt.Sprintf("fp32 master + grads + optimizer state (%.0f B/param) for the node's partitions", 8+optPerParam)
		if j.zero.offloadParam {
			b += 2 * p * nodeShare
			note += " + 16-bit parameters"
		}
		out = append(out, Component{Name: "offload", Bytes: b * dsAdditionalBufferFactor,
			Note: note + fmt.Sprintf(" × %.1f (DeepSpeed's additional_buffer_factor)", dsAdditionalBufferFactor)})
	case j.fsdp != "" && j.fsdpCPU:
		b := (inv.weightBytes() + inv.gradBytes() + opt.stateBytes(inv)) * nodeShare
		out = append(out, Component{Name: "offload", Bytes: b, Note: "FSDP CPU offload: sharded parameters, gradients and optimizer state"})
	}
	return out
}
