package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// axolotlPackingBackends are the attn_implementation values with which
// axolotl keeps packed samples apart: the varlen kernels of
// ATTN_IMPLS_SUPPORTING_PACKING and, since v0.18, sdpa and eager through a
// block-diagonal mask (AxolotlInputConfig.attn_decontaminates_packing).
var axolotlPackingBackends = map[string]bool{
	"flash_attention_2": true, "flash_attention_3": true, "flex_attention": true, "xformers": true,
	"sage": true, "sdpa": true, "eager": true,
}

// axolotlLegacyAttentionFlags are the boolean flags axolotl maps onto
// attn_implementation (LEGACY_ATTN_FLAG_TO_IMPL); each names a backend
// that keeps packed samples apart.
var axolotlLegacyAttentionFlags = []string{"xformers_attention", "sage_attention", "flex_attention", "flash_attention", "sdp_attention", "eager_attention"}

// AxolotlSamplePackingWithoutFlashAttention reports axolotl sample packing
// without an attention backend that keeps packed samples apart.
var AxolotlSamplePackingWithoutFlashAttention = &lint.Rule{
	ID:       "axolotl-sample-packing-without-flash-attention",
	Severity: lint.Warning,
	Summary:  "axolotl sample packing without an attention backend that keeps packed samples apart",
	Doc: lint.Doc{
		What: "Reports `sample_packing: true` in an axolotl config that names no attention backend (neither `attn_implementation` nor one of the legacy flags `flash_attention`, `sdp_attention`, `flex_attention`, `xformers_attention`, `sage_attention`, `eager_attention`), " +
			"or names one axolotl cannot isolate packed samples with (such as `fp8`). FlashAttention 2/3, flex, xformers, sage, sdpa and eager all keep packed samples apart in current axolotl.",
		Why: "Packing puts several samples in one row. The varlen kernels (FlashAttention, flex, xformers, sage) and, since axolotl 0.18, sdpa and eager (through a block-diagonal mask) keep each sample from attending to the others; " +
			"without a named backend axolotl only logs `` `sample_packing` without an attention backend does not handle cross-sample decontamination`` and the samples leak into each other, which silently changes the loss.",
		Example:    "sample_packing: true\n# no attn_implementation",
		UseInstead: "sample_packing: true\nattn_implementation: flash_attention_2   # or sdpa on GPUs without FlashAttention-2",
		FixSafety:  "Unsafe: isolating the packed samples changes what each token attends to, so the loss changes (for the better). The fix names FlashAttention-2, or sdpa on a declared GPU without it.",
		References: []string{
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/validation.py (AttentionValidationMixin.check_sample_packing_without_attention)",
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/config.py (AxolotlInputConfig.attn_decontaminates_packing, normalize_attn_implementation)",
			"axolotl-ai-cloud/axolotl v0.18.0 src/axolotl/utils/schemas/enums.py (ATTN_IMPLS_SUPPORTING_PACKING, LEGACY_ATTN_FLAG_TO_IMPL)",
		},
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
		for _, name := range axolotlLegacyAttentionFlags {
			s := axArg(p.Job, name)
			if s.found() && (!s.known() || isTrue(s.val)) {
				return
			}
		}
		backend := "no attention backend set"
		a := axArg(p.Job, "attn_implementation")
		if a.found() {
			v := strings.ToLower(a.val.Value)
			if !a.known() || axolotlPackingBackends[v] || strings.Contains(v, "/") {
				return // a backend that isolates samples, or a hub kernel
			}
			backend = "\"attn_implementation\": " + quote(a.val)
		}
		f := finding(sp.conf.file, sp.at(), "%q is true with %s; axolotl only warns that packed samples then attend to each other", sp.name, backend)
		impl := "flash_attention_2"
		if g, ok := gpuOf(p); ok && !g.FlashAttention2 {
			impl = "sdpa"
		}
		c := sp.conf
		if a.found() {
			c = a.conf
		}
		if ch, ok := c.change(lint.Set, impl, "attn_implementation"); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `attn_implementation` to \"" + impl + "\"", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
