package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// GPU is one accelerator model as the driver reports it.
type GPU struct {
	// Name is canonical "<chip>-<GB>gb", e.g. "v100-16gb", "h100-80gb", where GB is one device's memory.
	Name string `yaml:"name"`
	// Aliases are other spellings, including the names nvidia-smi and rocm-smi print ("Tesla V100-SXM2-16GB").
	Aliases []string `yaml:"aliases,omitempty"`
	// Vendor is "nvidia" or "amd".
	Vendor string `yaml:"vendor"`
	// MemoryMiB is the total the driver reports for one device, which is what a rank can fill.
	MemoryMiB int `yaml:"memory_mib"`
	// ComputeCapability is "major.minor" on NVIDIA ("8.0") and the gfx target on AMD ("gfx942").
	ComputeCapability string `yaml:"compute_capability"`
	BF16              bool   `yaml:"bf16"`
	TF32              bool   `yaml:"tf32"`
	FlashAttention2   bool   `yaml:"flash_attention_2"`
	FP8               bool   `yaml:"fp8"`
	// FlashAttention3 is flash-attn's Hopper kernel (the hopper/ package of Dao-AILab/flash-attention, whose
	// README requires an H100 or H800): compute capability 9.0 only, not Ampere, Ada or Blackwell.
	FlashAttention3 bool `yaml:"flash_attention_3,omitempty"`
	// DevicesPerBoard is how many devices one board shows to the driver (MI250X: 2 GCDs); 0 means 1.
	// MemoryMiB is per device, because a rank runs on one device.
	DevicesPerBoard int `yaml:"devices_per_board,omitempty"`
}

// MemoryGiB is MemoryMiB in GiB, the unit memory estimates are printed in.
func (g GPU) MemoryGiB() float64 { return float64(g.MemoryMiB) / 1024 }

// Validate reports the first field that makes g unusable for estimates or inconsistent with itself, so a
// user-defined GPU fails with a message instead of producing a nonsense estimate.
func (g GPU) Validate() error {
	if g.Name == "" {
		return errors.New("gpu: name is empty")
	}
	if g.MemoryMiB <= 0 {
		return fmt.Errorf("gpu %q: memory_mib must be positive, got %d", g.Name, g.MemoryMiB)
	}
	if g.DevicesPerBoard < 0 {
		return fmt.Errorf("gpu %q: devices_per_board must not be negative, got %d", g.Name, g.DevicesPerBoard)
	}
	switch g.Vendor {
	case "nvidia":
		cc, err := g.cudaCapability()
		if err != nil {
			return err
		}
		// These follow from the architecture, so a disagreement is a typo in the entry.
		ampere := cc >= 80
		if g.BF16 != ampere || g.TF32 != ampere || g.FlashAttention2 != ampere {
			return fmt.Errorf("gpu %q: compute capability %s means bf16, tf32 and flash_attention_2 are all %t",
				g.Name, g.ComputeCapability, ampere)
		}
		if g.FP8 != (cc >= 89) {
			return fmt.Errorf("gpu %q: compute capability %s means fp8 is %t", g.Name, g.ComputeCapability, cc >= 89)
		}
		if g.FlashAttention3 != (cc == 90) {
			return fmt.Errorf("gpu %q: compute capability %s means flash_attention_3 is %t", g.Name,
				g.ComputeCapability, cc == 90)
		}
	case "amd":
		if !strings.HasPrefix(g.ComputeCapability, "gfx") {
			return fmt.Errorf("gpu %q: compute_capability on amd is a gfx target like \"gfx942\", got %q",
				g.Name, g.ComputeCapability)
		}
		if (g.FP8 || g.FlashAttention2) && !g.BF16 {
			return fmt.Errorf("gpu %q: fp8 or flash_attention_2 without bf16", g.Name)
		}
		if g.FlashAttention3 {
			return fmt.Errorf("gpu %q: flash_attention_3 is built for NVIDIA Hopper only", g.Name)
		}
	default:
		return fmt.Errorf("gpu %q: vendor must be \"nvidia\" or \"amd\", got %q", g.Name, g.Vendor)
	}
	return nil
}

// cudaCapability returns the compute capability as major*10+minor.
func (g GPU) cudaCapability() (int, error) {
	major, minor, ok := strings.Cut(g.ComputeCapability, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || ma < 1 || mi < 0 || mi > 9 {
		return 0, fmt.Errorf("gpu %q: compute_capability on nvidia is \"major.minor\" like \"8.0\", got %q",
			g.Name, g.ComputeCapability)
	}
	return ma*10 + mi, nil
}

func (g GPU) clone() GPU {
	g.Aliases = append([]string(nil), g.Aliases...)
	return g
}
