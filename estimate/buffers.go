package estimate

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
)

// MiB is 2^20 bytes, the unit nvidia-smi prints.
const MiB = 1 << 20

// fixedBuffers is what every rank holds outside PyTorch's allocator: the CUDA
// context, and NCCL's buffers when the job runs distributed.
func fixedBuffers(j *job) []Component {
	out := []Component{{Name: "cuda-context", Bytes: contextMiB * MiB,
		Note: fmt.Sprintf("CUDA context and loaded kernels, %.0f MiB as measured on an H100 with torch 2.11", contextMiB)}}
	switch {
	case j.world > 1:
		groups := 1.0
		if j.fsdp == "hybrid_shard" || j.fsdp == "_hybrid_shard_zero2" {
			groups = 2 // one group to shard within the node, one to replicate across nodes
		}
		out = append(out, Component{Name: "nccl", Bytes: groups * ncclMiB * MiB,
			Note: fmt.Sprintf("%.0f NCCL process group(s) × %.0f MiB", groups, ncclMiB)})
	case j.fsdp != "" || j.deepspeed:
		out = append(out, Component{Name: "nccl", Bytes: ncclSingleRankMiB * MiB,
			Note: "a one-rank NCCL process group (the launcher initializes distributed even for one GPU)"})
	}
	return out
}

// allocatorReserve is what PyTorch's caching allocator holds beyond the
// allocated peak: blocks freed earlier that stay cached but are too
// fragmented to serve the peak's requests. It comes from replaying the run
// through the allocator model (allocator.go, trace.go), with a floor: which
// holes survive depends on details below what the replay can know, and the
// measured reserve exceeds the replay by a share of the largest transient
// block, the fp32 logits, whenever one of those segments gets stranded.
func allocatorReserve(replayed, logitsBlock float64, overCapacity bool) Component {
	floor := reserveFloor(logitsBlock)
	if replayed >= floor {
		note := "cached blocks the caching allocator cannot reuse at the peak (replayed over three steps)"
		if overCapacity {
			note = "cached blocks the caching allocator cannot reuse at the peak (replayed over three steps on a card without limit, as this one runs out)"
		}
		return Component{Name: "allocator-reserve", Bytes: replayed, Note: note}
	}
	return Component{Name: "allocator-reserve", Bytes: floor,
		Note: fmt.Sprintf("%.0f%% of one fp32 logits block (counted up to %.0f GiB) stranded in the cache (the replay alone gives %s)",
			100*strandedLogitsFraction, strandedLogitsMaxGiB, gib(replayed))}
}

// reserveFloor is the least reserve a job with this fp32 logits block keeps:
// the expected share of one stranded block, counted up to the block size
// where a whole block was seen stranded (see strandedLogitsMaxGiB).
func reserveFloor(logitsBlock float64) float64 {
	return strandedLogitsFraction * min(logitsBlock, strandedLogitsMaxGiB*GiB)
}

// logitsBlock is one fp32 b×s×V tensor, the largest transient allocation.
func (j *job) logitsBlock() float64 {
	if j.inplaceLogProb() || j.lossKernel == plan.LossSelective {
		return j.lossElems(j.logitTokens()) * j.compute.Bytes()
	}
	return j.lossElems(j.logitTokens()) * 4
}
