package estimate

import (
	"fmt"
	"testing"
)

// TestModelStatesDocsTables reproduces DeepSpeed's published estimator
// tables for t5-3b (docs/code-docs/source/memory.rst, "cold" runs:
// total_params=2851e6, largest_layer_params=32e6, 1 node × 8 GPUs), printed
// as DeepSpeed prints them: bytes / 2^30 to two decimals.
func TestModelStatesDocsTables(t *testing.T) {
	const p, ll = 2851e6, 32e6
	tests := []struct {
		name                    string
		stage                   int
		offOpt, offParam, zInit bool
		cpu, gpu                string
	}{
		{"zero2 offload_optimizer=cpu", 2, true, false, false, "127.45", "5.31"},
		{"zero2 offload_optimizer=none", 2, false, false, false, "127.45", "15.93"},
		{"zero3 offload param+optimizer zero_init=1", 3, true, true, true, "71.69", "0.12"},
		{"zero3 offload param+optimizer zero_init=0", 3, true, true, false, "127.45", "0.12"},
		{"zero3 offload optimizer zero_init=1", 3, true, false, true, "63.72", "0.78"},
		{"zero3 offload optimizer zero_init=0", 3, true, false, false, "127.45", "0.78"},
		{"zero3 no offload zero_init=1", 3, false, false, true, "1.43", "6.09"},
		{"zero3 no offload zero_init=0", 3, false, false, false, "127.45", "6.09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gpu, cpu := ModelStatesBefore2024(p, ll, tt.stage, tt.offOpt, tt.offParam, 8, 1, tt.zInit, 1.5)
			if got := fmt.Sprintf("%.2f", gpu/GiB); got != tt.gpu {
				t.Errorf("per GPU %sGB, DeepSpeed prints %sGB", got, tt.gpu)
			}
			if got := fmt.Sprintf("%.2f", cpu/GiB); got != tt.cpu {
				t.Errorf("per CPU %sGB, DeepSpeed prints %sGB", got, tt.cpu)
			}
		})
	}
}

// TestModelStatesCurrentCode checks the current-code formulas against the
// recomputed vectors of memory-facts §1.5 (t5-3b and Llama-3-8B).
func TestModelStatesCurrentCode(t *testing.T) {
	const llama, llamaLL = 8030261248, 525336576
	tests := []struct {
		name                    string
		p, ll                   int64
		stage, gpus             int
		offOpt, offParam, zInit bool
		gpu                     string
	}{
		{"t5-3b zero2 no offload", 2851e6, 32e6, 2, 8, false, false, false, "11.28"},
		{"llama zero2 1 gpu", llama, llamaLL, 2, 1, false, false, false, "149.58"},
		{"llama zero2 2 gpus", llama, llamaLL, 2, 2, false, false, false, "82.27"},
		{"llama zero2 4 gpus", llama, llamaLL, 2, 4, false, false, false, "48.61"},
		{"llama zero2 8 gpus", llama, llamaLL, 2, 8, false, false, false, "31.78"},
		{"llama zero2 offload", llama, llamaLL, 2, 8, true, false, false, "14.96"},
		{"llama zero3 1 gpu", llama, llamaLL, 3, 1, false, false, true, "136.57"},
		{"llama zero3 8 gpus", llama, llamaLL, 3, 8, false, false, true, "18.78"},
		{"llama zero3 offload optimizer 4 gpus", llama, llamaLL, 3, 4, true, false, true, "5.70"},
		{"llama zero3 offload both", llama, llamaLL, 3, 8, true, true, true, "1.96"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gpu, _ := ModelStates(tt.p, tt.ll, tt.stage, tt.offOpt, tt.offParam, tt.gpus, 1, tt.zInit, 1.5)
			if got := fmt.Sprintf("%.2f", gpu/GiB); got != tt.gpu {
				t.Errorf("per GPU %s GiB, want %s", got, tt.gpu)
			}
		})
	}
	// Llama-3-8B, ZeRO-3 with both offloads, zero.Init, one node: 8.03e9 × 18 × 1.5 B of host RAM.
	if _, cpu := ModelStates(llama, llamaLL, 3, true, true, 8, 1, true, 1.5); fmt.Sprintf("%.1f", cpu/GiB) != "201.9" {
		t.Errorf("host RAM %.1f GiB, want 201.9", cpu/GiB)
	}
}

// TestModelStatesBelowStage2 covers trainlint's extension to stages 0 and 1.
func TestModelStatesBelowStage2(t *testing.T) {
	const p = 1e9
	for _, tt := range []struct {
		stage int
		want  float64
	}{{0, 20 * p}, {1, 4*p + 16*p/8}} {
		if gpu, _ := ModelStates(p, 0, tt.stage, false, false, 8, 1, false, 1.5); gpu != tt.want {
			t.Errorf("stage %d: %.0f B, want %.0f", tt.stage, gpu, tt.want)
		}
	}
}
