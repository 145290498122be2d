package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// FlashAttentionUnsupportedGPU reports FlashAttention requested on a GPU its
// kernels do not support.
var FlashAttentionUnsupportedGPU = &lint.Rule{
	ID:       "flash-attention-unsupported-gpu",
	Severity: lint.Error,
	Summary:  "flash-attention kernels are requested on a GPU that cannot run them",
	Doc: lint.Doc{
		What: "When the declared GPU cannot run the FlashAttention kernels asked for, reports `attn_implementation: flash_attention_2` (or `use_flash_attention_2: true`), " +
			"LLaMA-Factory `flash_attn: fa2`, axolotl `flash_attention: true` on GPUs before Ampere (compute capability below 8.0: V100, T4), and `flash_attention_3` / `fa3` on GPUs before Hopper (9.0).",
		Why: "FlashAttention-2 supports \"Ampere, Ada, or Hopper GPUs\" and FlashAttention-3 is built for Hopper; on other GPUs the model fails to load or the first forward stops with a CUDA error " +
			"(`FlashAttention only supports Ampere GPUs or newer`).",
		Example:    "attn_implementation: flash_attention_2   # .trainlint.yaml: hardware.gpu: v100-32gb",
		UseInstead: "attn_implementation: sdpa",
		FixSafety:  "Safe when samples are not packed: PyTorch's scaled_dot_product_attention computes the same attention. Unsafe with packing, where only the FlashAttention path keeps packed samples from attending to each other.",
		References: []string{"Dao-AILab/flash-attention v2.x README.md (Installation and features)", "https://huggingface.co/docs/transformers/perf_infer_gpu_one#flashattention"},
	},
	Example: lint.Example{
		Files:   map[string]string{"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nattn_implementation: flash_attention_2\n"},
		Project: "hardware:\n  gpu: v100-32gb\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		g, ok := gpuOf(p)
		if !ok {
			return
		}
		packed := false
		for _, name := range []string{"packing", "sample_packing", "neat_packing", "padding_free"} {
			packed = packed || isTrue(trainerArg(p.Job, name).val)
		}
		safety := lint.Safe
		if packed {
			safety = lint.Unsafe
		}
		for _, c := range trainerConfs(p.Job) {
			axolotl := c.file.Format == read.Axolotl
			type use struct {
				key, version string
				fix          map[string]any
			}
			var uses []use
			if _, v := c.get("attn_implementation"); v != nil {
				switch strings.ToLower(v.Value) {
				case "flash_attention_2":
					uses = append(uses, use{"attn_implementation", "2", map[string]any{"attn_implementation": "sdpa"}})
				case "flash_attention_3":
					uses = append(uses, use{"attn_implementation", "3", map[string]any{"attn_implementation": "sdpa"}})
				}
			}
			if _, v := c.get("use_flash_attention_2"); isTrue(v) {
				uses = append(uses, use{"use_flash_attention_2", "2", map[string]any{"use_flash_attention_2": false}})
			}
			if _, v := c.get("flash_attn"); v != nil && c.file.Format == read.LlamaFactory {
				switch strings.ToLower(v.Value) {
				case "fa2":
					uses = append(uses, use{"flash_attn", "2", map[string]any{"flash_attn": "sdpa"}})
				case "fa3":
					uses = append(uses, use{"flash_attn", "3", map[string]any{"flash_attn": "sdpa"}})
				}
			}
			if _, v := c.get("flash_attention"); axolotl && isTrue(v) {
				uses = append(uses, use{"flash_attention", "2", map[string]any{"flash_attention": false, "sdp_attention": true}})
			}
			for _, u := range uses {
				need := "compute capability 8.0 or newer"
				supported := g.FlashAttention2
				if u.version == "3" {
					need = "compute capability 9.0, Hopper"
					supported = capability(g) >= 90
				}
				if supported {
					continue
				}
				k, v := c.get(u.key)
				f := finding(c.file, k, "%q is %s, which asks for FlashAttention-%s; %s cannot run it (it needs %s)", u.key, quote(v), u.version, gpuName(g), need)
				var chs []lint.Change
				for _, key := range sortedKeys(u.fix) {
					if ch, ok := c.change(lint.Set, u.fix[key], key); ok {
						chs = append(chs, ch)
					}
				}
				if len(chs) == len(u.fix) {
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Use PyTorch SDPA attention instead of FlashAttention-%s", u.version), Safety: safety, Changes: chs})
				}
				p.Report(f)
			}
		}
	},
}
