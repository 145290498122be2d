package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// AxolotlSamplePackingWithoutFlashAttention reports axolotl sample packing
// with an attention backend that does not keep packed samples apart.
var AxolotlSamplePackingWithoutFlashAttention = &lint.Rule{
	ID:       "axolotl-sample-packing-without-flash-attention",
	Severity: lint.Warning,
	Summary:  "axolotl sample packing without FlashAttention or flex attention",
	Doc: lint.Doc{
		What: "Reports `sample_packing: true` in an axolotl config that enables neither FlashAttention (`flash_attention: true`, `attn_implementation: flash_attention_2`/`flash_attention_3`) nor flex attention.",
		Why: "Packing puts several samples in one row; only the variable-length FlashAttention and flex attention kernels keep each sample from attending to the others. " +
			"With eager or SDPA attention the samples leak into each other, and axolotl only warns " +
			"(`sample_packing without flash_attention or sdp_attention does not handle cross-attention.`; newer releases: `` `sample_packing` with `attn_implementation=...` does not handle cross-sample decontamination``, " +
			"and for SDPA with bf16 `sample_packing & torch sdpa with bf16 is unsupported may results in 0.0 loss.`).",
		Example:    "sample_packing: true\nsdp_attention: true",
		UseInstead: "sample_packing: true\nflash_attention: true   # or sample_packing: false on GPUs without FlashAttention-2",
		FixSafety:  "Unsafe: isolating the packed samples changes what each token attends to, so the loss changes (for the better). On a declared GPU without FlashAttention-2 the fix turns packing off instead, which changes the batches' composition and speed.",
		References: []string{"axolotl-ai-cloud/axolotl src/axolotl/utils/schemas/validation.py (check_sample_packing_wo_flash, check_sample_packing_w_sdpa_bf16)", "https://docs.axolotl.ai/docs/multipack.html"},
	},
	Example: lint.Example{Files: map[string]string{
		"config.yml": "base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nsequence_len: 4096\nsample_packing: true\npad_to_sequence_len: true\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nbf16: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		sp := axArg(p.Job, "sample_packing")
		if !isTrue(sp.val) {
			return
		}
		backend := "eager (no attention backend is set)"
		for _, name := range []string{"flash_attention", "flex_attention", "sdp_attention", "xformers_attention", "eager_attention"} {
			s := axArg(p.Job, name)
			if s.found() && !s.known() {
				return
			}
			if !isTrue(s.val) {
				continue
			}
			if name == "flash_attention" || name == "flex_attention" {
				return
			}
			if strings.HasPrefix(backend, "eager (") {
				backend = quote(s.key) + ": true"
			}
		}
		if a := axArg(p.Job, "attn_implementation"); a.found() {
			v := strings.ToLower(a.val.Value)
			if !a.known() || strings.Contains(v, "flash") || strings.Contains(v, "flex") || strings.Contains(v, "/") {
				return // a FlashAttention variant, flex, or a hub kernel
			}
			backend = "\"attn_implementation\": " + quote(a.val)
		}
		f := finding(sp.conf.file, sp.at(), "%q is true with %s; only FlashAttention or flex attention keep packed samples from attending to each other, and axolotl only warns", sp.name, backend)
		if g, ok := gpuOf(p); ok && !g.FlashAttention2 {
			if ch, ok := sp.conf.change(lint.Set, false, sp.name); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `sample_packing` to false", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
		} else {
			var chs []lint.Change
			if a := axArg(p.Job, "attn_implementation"); a.found() {
				if ch, ok := a.conf.change(lint.Set, "flash_attention_2", a.name); ok {
					chs = append(chs, ch)
				}
			} else if ch, ok := sp.conf.change(lint.Set, true, "flash_attention"); ok {
				chs = append(chs, ch)
			}
			for _, name := range []string{"sdp_attention", "xformers_attention", "eager_attention"} {
				if s := axArg(p.Job, name); isTrue(s.val) {
					if ch, ok := s.conf.change(lint.Set, false, s.name); ok {
						chs = append(chs, ch)
					}
				}
			}
			if len(chs) > 0 {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Use FlashAttention-2", Safety: lint.Unsafe, Changes: chs})
			}
		}
		p.Report(f)
	},
}
