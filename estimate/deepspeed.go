package estimate

// ModelStates reproduces DeepSpeed's own model-state estimators
// (estimate_zero2_model_states_mem_needs in stage_1_and_2.py and
// estimate_zero3_model_states_mem_needs in stage3.py), so a user can put
// trainlint's number beside the one DeepSpeed prints and see where the rest
// comes from. It returns bytes per GPU and bytes of host RAM per node, the
// way DeepSpeed computes them: GPU bytes exclude activations, buffers and the
// CUDA context; the additional buffer factor (DeepSpeed's default 1.5)
// applies to the CPU side only.
//
// Stage 2 follows the current code (2P + 18P/N); ModelStatesBefore2024 gives
// the formula of the published docs tables (4P + 16P/N). DeepSpeed has no
// estimator for stages 0 and 1; trainlint extends the same byte accounting
// (16-bit params and grads, fp32 master and grads, fp32 Adam): stage 0 keeps
// all of it on every GPU (2P + 18P), stage 1 shards only the fp32 part
// (4P + 16P/N), with the stage-2 host side.
func ModelStates(totalParams, largestLayer int64, stage int, offloadOptimizer, offloadParam bool,
	gpusPerNode, nodes int, zeroInit bool, additionalBufferFactor float64) (gpuBytes, cpuBytes float64) {
	return modelStates(totalParams, largestLayer, stage, offloadOptimizer, offloadParam, gpusPerNode, nodes,
		zeroInit, additionalBufferFactor, false)
}

// ModelStatesBefore2024 is ModelStates with the ZeRO-2 formula DeepSpeed
// used until June 2024 and still prints in its docs (4P + 16P/N: the 16-bit
// gradients were counted in full on every GPU). Its results match the
// t5-3b tables of docs/code-docs/source/memory.rst.
func ModelStatesBefore2024(totalParams, largestLayer int64, stage int, offloadOptimizer, offloadParam bool,
	gpusPerNode, nodes int, zeroInit bool, additionalBufferFactor float64) (gpuBytes, cpuBytes float64) {
	return modelStates(totalParams, largestLayer, stage, offloadOptimizer, offloadParam, gpusPerNode, nodes,
		zeroInit, additionalBufferFactor, true)
}

func modelStates(totalParams, largestLayer int64, stage int, offloadOptimizer, offloadParam bool,
	gpusPerNode, nodes int, zeroInit bool, abf float64, before2024 bool) (gpuBytes, cpuBytes float64) {
	gpusPerNode, nodes = max(gpusPerNode, 1), max(nodes, 1)
	p := float64(totalParams)
	gpus := float64(gpusPerNode * nodes)
	perNode := float64(gpusPerNode)
	// DeepSpeed truncates the sharded term with int() before adding.
	shard := func(bytesPerParam float64) float64 { return float64(int64(bytesPerParam * p / gpus)) }
	if stage >= 3 {
		largestLayerMemory := 4 * float64(largestLayer)
		nodeFactor := 1 / float64(nodes)
		switch {
		case offloadOptimizer && offloadParam:
			if zeroInit {
				return largestLayerMemory, p * 18 * nodeFactor * abf
			}
			return largestLayerMemory, p * max(4*perNode, 18*nodeFactor) * abf
		case offloadOptimizer:
			if zeroInit {
				return largestLayerMemory + shard(2), p * 16 * nodeFactor * abf
			}
			return largestLayerMemory + shard(2), p * max(4*perNode, 16*nodeFactor) * abf
		}
		if zeroInit {
			return largestLayerMemory + shard(18), float64(largestLayer) * 4 * perNode * abf
		}
		return largestLayerMemory + shard(18), p * 4 * perNode * abf
	}
	if offloadOptimizer {
		return 2 * p, p * max(4*gpus, 16) * abf
	}
	cpu := p * 4 * perNode * abf
	switch {
	case stage <= 0:
		return 2*p + 18*p, cpu
	case stage == 1 || before2024:
		return 4*p + shard(16), cpu
	}
	return 2*p + shard(18), cpu
}
