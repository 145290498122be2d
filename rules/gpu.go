package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/lint"
)

// gpuOf returns the declared GPU, when there is one.
func gpuOf(p *lint.Pass) (catalog.GPU, bool) {
	if p.Plan == nil || !p.Plan.Hardware.GPU.Set {
		return catalog.GPU{}, false
	}
	return p.Plan.Hardware.GPU.V, true
}

// capability is an NVIDIA GPU's compute capability as major*10+minor; 0 for
// other vendors or an unreadable value.
func capability(g catalog.GPU) int {
	if g.Vendor != "nvidia" {
		return 0
	}
	major, minor, ok := strings.Cut(g.ComputeCapability, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil {
		return 0
	}
	return ma*10 + mi
}

// gpuName names a GPU with its compute capability: `v100-16gb (compute
// capability 7.0)`.
func gpuName(g catalog.GPU) string {
	if g.Vendor == "nvidia" && g.ComputeCapability != "" {
		return fmt.Sprintf("%s (compute capability %s)", g.Name, g.ComputeCapability)
	}
	return g.Name
}

// declaredBy says where the GPU was declared, for messages.
func declaredBy(p *lint.Pass) string {
	return p.Plan.Hardware.GPU.From.String()
}
