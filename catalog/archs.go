package catalog

import (
	"fmt"
	"slices"
)

// parseDecoder reads a text-only config.json: a model_type with known defaults, else a generic decoder from the
// standard keys. A VLM parser can call it on a nested text config too.
func parseDecoder(o object, modelType string) Model {
	var m Model
	if _, ok := textDefaults(modelType); ok {
		m.Text = parseText(o, modelType)
	} else {
		m = parseGeneric(o, modelType)
	}
	if q, ok := o.subIfPresent("quantization_config"); ok && q.str("quant_method", "") == "mxfp4" {
		// gpt-oss ships its experts in MXFP4 (transformers 5.x integrations/mxfp4.py); everything else is bf16.
		m.Quantization = "mxfp4"
	}
	return m
}

// textDefaults are the transformers config classes' defaults (5.x; for remote code, the configuration file the
// checkpoint ships), and the arch whose layout counts the model. KVHeads 0 means "same as heads", HeadDim 0
// "hidden / heads", the defaults of the classes whose num_key_value_heads and head_dim are None.
func textDefaults(modelType string) (TextConfig, bool) {
	switch modelType {
	case "llama":
		return TextConfig{Arch: "llama", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 32000, MaxPosition: 2048}, true
	case "mistral":
		return TextConfig{Arch: "mistral", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, Intermediate: 14336, Vocab: 32000, MaxPosition: 4096 * 32}, true
	case "mixtral":
		return TextConfig{Arch: "mixtral", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, Intermediate: 14336, Vocab: 32000, MaxPosition: 4096 * 32,
			Experts: 8, ExpertsPerToken: 2}, true
	case "qwen2":
		return TextConfig{Arch: "qwen2", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 32, Intermediate: 22016, Vocab: 151936, MaxPosition: 32768}, true
	case "qwen2_vl":
		return TextConfig{Arch: "qwen2", Hidden: 8192, Layers: 80, Heads: 64, KVHeads: 8, Intermediate: 29568, Vocab: 152064, MaxPosition: 32768}, true
	case "qwen2_moe":
		return TextConfig{Arch: "qwen2_moe", Hidden: 2048, Layers: 24, Heads: 16, KVHeads: 16, Intermediate: 5632, Vocab: 151936, MaxPosition: 32768,
			Experts: 60, ExpertsPerToken: 4, ExpertIntermediate: 1408, SharedExpertIntermediate: 5632}, true
	case "qwen3":
		// configuration_qwen3.py Qwen3Config.
		return TextConfig{Arch: "qwen3", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 32, HeadDim: 128, Intermediate: 22016, Vocab: 151936,
			MaxPosition: 32768}, true
	case "qwen3_moe":
		// configuration_qwen3_moe.py Qwen3MoeConfig: no head_dim field, so Qwen3MoeAttention falls back to hidden/heads.
		return TextConfig{Arch: "qwen3_moe", Hidden: 2048, Layers: 24, Heads: 32, KVHeads: 4, Intermediate: 6144, Vocab: 151936, MaxPosition: 32768,
			Experts: 128, ExpertsPerToken: 8, ExpertIntermediate: 768}, true
	case "gemma":
		return TextConfig{Arch: "gemma", Hidden: 3072, Layers: 28, Heads: 16, KVHeads: 16, HeadDim: 256, Intermediate: 24576, Vocab: 256000,
			TiedEmbeddings: true, MaxPosition: 8192}, true
	case "gemma2":
		return TextConfig{Arch: "gemma2", Hidden: 2304, Layers: 26, Heads: 8, KVHeads: 4, HeadDim: 256, Intermediate: 9216, Vocab: 256000,
			TiedEmbeddings: true, MaxPosition: 8192}, true
	case "gemma3_text":
		// configuration_gemma3.py Gemma3TextConfig (final_logit_softcapping None).
		return TextConfig{Arch: "gemma3_text", Hidden: 2304, Layers: 26, Heads: 8, KVHeads: 4, HeadDim: 256, Intermediate: 9216, Vocab: 262208,
			TiedEmbeddings: true, MaxPosition: 131072}, true
	case "phi3":
		return TextConfig{Arch: "phi3", Hidden: 3072, Layers: 32, Heads: 32, Intermediate: 8192, Vocab: 32064, MaxPosition: 4096}, true
	case "phimoe":
		// configuration_phimoe.py PhimoeConfig: Phi-3.5-MoE's shape, but attention_bias and lm_head_bias off.
		return TextConfig{Arch: "phimoe", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, Intermediate: 6400, Vocab: 32064, MaxPosition: 4096 * 32,
			Experts: 16, ExpertsPerToken: 2}, true
	case "internlm2":
		return TextConfig{Arch: "internlm2", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 103168, MaxPosition: 2048,
			AttentionBias: true, OutputBias: true}, true
	case "internlm3":
		// InternLM3 remote code, configuration_internlm3.py InternLM3Config (internlm/internlm3-8b-instruct).
		return TextConfig{Arch: "internlm3", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 128512, MaxPosition: 2048}, true
	case "deepseek_v2":
		// configuration_deepseek_v2.py DeepseekV2Config; num_experts_per_tok has no default and must be given.
		return TextConfig{Arch: "deepseek_v2", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 32000, MaxPosition: 2048,
			Experts: 64, ExpertIntermediate: 1407, SharedExpertIntermediate: 2 * 1407,
			MLA: MLA{QLoRARank: 1536, KVLoRARank: 512, RopeHeadDim: 64, NopeHeadDim: 128, VHeadDim: 128}}, true
	case "deepseek_v3":
		// configuration_deepseek_v3.py DeepseekV3Config: DeepSeek-V3's shape.
		return TextConfig{Arch: "deepseek_v3", Hidden: 7168, Layers: 61, Heads: 128, KVHeads: 128, Intermediate: 18432, Vocab: 129280, MaxPosition: 4096,
			Experts: 256, ExpertsPerToken: 8, ExpertIntermediate: 2048, SharedExpertIntermediate: 2048, DenseLayers: []int{0, 1, 2},
			MLA: MLA{QLoRARank: 1536, KVLoRARank: 512, RopeHeadDim: 64, NopeHeadDim: 128, VHeadDim: 128}}, true
	case "gpt_oss":
		// configuration_gpt_oss.py GptOssConfig: gpt-oss-120b's shape; intermediate_size is each expert's width.
		return TextConfig{Arch: "gpt_oss", Hidden: 2880, Layers: 36, Heads: 64, KVHeads: 8, HeadDim: 64, Intermediate: 2880, Vocab: 201088,
			MaxPosition: 131072, AttentionBias: true, OutputBias: true, Experts: 128, ExpertsPerToken: 4}, true
	case "glm4":
		// configuration_glm4.py Glm4Config: GLM-4-9B-0414's shape.
		return TextConfig{Arch: "glm4", Hidden: 4096, Layers: 40, Heads: 32, KVHeads: 2, HeadDim: 128, Intermediate: 13696, Vocab: 151552,
			MaxPosition: 131072, AttentionBias: true}, true
	case "glm4_moe":
		// configuration_glm4_moe.py Glm4MoeConfig: GLM-4.5-Air's shape (96 heads of 128 over a 4096 hidden size).
		return TextConfig{Arch: "glm4_moe", Hidden: 4096, Layers: 46, Heads: 96, KVHeads: 8, HeadDim: 128, Intermediate: 10944,
			Vocab: 151552, MaxPosition: 131072, Experts: 128, ExpertsPerToken: 8, ExpertIntermediate: 1408,
			SharedExpertIntermediate: 1408, DenseLayers: []int{0}}, true
	case "olmo2", "olmo3":
		// configuration_olmo2.py Olmo2Config. Olmo3Config extends it and OLMo 3 reuses OLMo 2's layers, adding
		// sliding-window attention to three layers in four (models/olmo3/modular_olmo3.py).
		return TextConfig{Arch: "olmo2", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 50304, MaxPosition: 2048}, true
	case "seed_oss":
		// configuration_seed_oss.py SeedOssConfig (transformers @d9aa776): Seed-OSS-36B's shape but for hidden_size,
		// whose default is 4096; head_dim is its own key, q, k and v are biased and o_proj is not.
		return TextConfig{Arch: "seed_oss", Hidden: 4096, Layers: 64, Heads: 80, KVHeads: 8, HeadDim: 128, Intermediate: 27648,
			Vocab: 155136, MaxPosition: 524288, AttentionBias: true}, true
	case "granite":
		// configuration_granite.py GraniteConfig.
		return TextConfig{Arch: "granite", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 32000, MaxPosition: 2048}, true
	case "qwen":
		// Qwen (v1) remote code, configuration_qwen.py QWenConfig (Qwen/Qwen-7B); Intermediate is half of
		// intermediate_size (see parseRemoteText).
		return TextConfig{Arch: "qwen", Hidden: 4096, Layers: 32, Heads: 32, HeadDim: 128, Intermediate: 22016 / 2, Vocab: 151936,
			MaxPosition: 8192, AttentionBias: true}, true
	case "chatglm":
		// ChatGLM remote code, configuration_chatglm.py ChatGLMConfig (THUDM/chatglm3-6b).
		return TextConfig{Arch: "chatglm", Hidden: 4096, Layers: 28, Heads: 32, HeadDim: 128, Intermediate: 13696, Vocab: 65024,
			MaxPosition: 2048}, true
	case "baichuan":
		// Baichuan2 remote code, configuration_baichuan.py BaichuanConfig (baichuan-inc/Baichuan2-7B-Base).
		return TextConfig{Arch: "baichuan", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 125696, MaxPosition: 4096}, true
	case "falcon", "RefinedWebModel":
		// configuration_falcon.py FalconConfig: Falcon-7B's shape (multi_query, parallel_attn, no bias; the MLP is
		// ffn_hidden_size, else 4 × hidden_size, wide). RefinedWebModel is the model_type of Falcon-7B's first
		// remote-code config, with the same keys; Falcon-40B's RefinedWeb implied the new decoder architecture
		// without saying so, and is not read by name.
		return TextConfig{Arch: "falcon", Hidden: 4544, Layers: 32, Heads: 71, Intermediate: 4 * 4544, Vocab: 65024,
			TiedEmbeddings: true, MaxPosition: 2048, ParallelBlock: true}, true
	case "phi":
		// configuration_phi.py PhiConfig (Phi-1.5's shape).
		return TextConfig{Arch: "phi", Hidden: 2048, Layers: 24, Heads: 32, Intermediate: 8192, Vocab: 51200, MaxPosition: 2048}, true
	case "opt":
		// configuration_opt.py OPTConfig: OPT-125M's shape; hidden_size is spelt d_model, intermediate ffn_dim.
		return TextConfig{Arch: "opt", Hidden: 768, Layers: 12, Heads: 12, Intermediate: 3072, Vocab: 50272, TiedEmbeddings: true,
			MaxPosition: 2048, AttentionBias: true, OutputBias: true, MLPBias: true}, true
	case "bloom":
		// configuration_bloom.py BloomConfig's defaults (a 2-layer, 64-wide toy; every released config states its
		// own): the MLP is 4 × hidden, every linear has a bias, lm_head is tied to word_embeddings, and ALiBi
		// biases the attention scores instead of a position table, so there is no max_position.
		return TextConfig{Arch: "bloom", Hidden: 64, Layers: 2, Heads: 8, Intermediate: 4 * 64, Vocab: 250880, TiedEmbeddings: true,
			AttentionBias: true, OutputBias: true, MLPBias: true}, true
	case "gpt2":
		// configuration_gpt2.py GPT2Config: GPT-2 small's shape (openai-community/gpt2); n_inner unset is 4 ×
		// n_embd, every Conv1D has a bias, and GPT2LMHeadModel ties lm_head to wte.
		return TextConfig{Arch: "gpt2", Hidden: 768, Layers: 12, Heads: 12, Intermediate: 4 * 768, Vocab: 50257, TiedEmbeddings: true,
			MaxPosition: 1024, AttentionBias: true, OutputBias: true, MLPBias: true}, true
	case "gpt_bigcode":
		// transformers models/gpt_bigcode/configuration_gpt_bigcode.py @05ff2e9 GPTBigCodeConfig (StarCoder 1,
		// SantaCoder): GPT-2's keys and defaults with multi_query true, so num_key_value_heads is 1. GPTBigCodeBlock
		// has GPT-2's modules under GPT-2's names (c_attn making q plus one shared key and value, c_proj, c_fc,
		// ln_1, ln_2, wpe, a tied lm_head), as nn.Linear instead of Conv1D: the same counts, so GPT-2's layout
		// counts it.
		return TextConfig{Arch: "gpt2", Hidden: 768, Layers: 12, Heads: 12, KVHeads: 1, Intermediate: 4 * 768, Vocab: 50257,
			TiedEmbeddings: true, MaxPosition: 1024, AttentionBias: true, OutputBias: true, MLPBias: true}, true
	case "gpt_neox":
		// configuration_gpt_neox.py GPTNeoXConfig: GPT-NeoX-20B's shape, attention_bias true, untied embed_out.
		return TextConfig{Arch: "gpt_neox", Hidden: 6144, Layers: 44, Heads: 64, Intermediate: 24576, Vocab: 50432,
			MaxPosition: 2048, AttentionBias: true, OutputBias: true}, true
	case "stablelm":
		// configuration_stablelm.py StableLmConfig: StableLM-3B-4E1T's shape.
		return TextConfig{Arch: "stablelm", Hidden: 2560, Layers: 32, Heads: 32, Intermediate: 6912, Vocab: 50304, MaxPosition: 4096}, true
	case "starcoder2":
		// configuration_starcoder2.py Starcoder2Config: StarCoder2-7B's shape, use_bias and tie_word_embeddings true.
		return TextConfig{Arch: "starcoder2", Hidden: 3072, Layers: 30, Heads: 24, KVHeads: 2, Intermediate: 12288, Vocab: 49152,
			TiedEmbeddings: true, MaxPosition: 4096, AttentionBias: true, OutputBias: true, MLPBias: true}, true
	case "olmo":
		// configuration_olmo.py OlmoConfig: OLMo-7B's shape.
		return TextConfig{Arch: "olmo", Hidden: 4096, Layers: 32, Heads: 32, Intermediate: 11008, Vocab: 50304, MaxPosition: 2048}, true
	case "dbrx":
		// configuration_dbrx.py DbrxConfig with DbrxAttentionConfig and DbrxFFNConfig defaults; DBRX's own
		// config.json spells the sizes d_model, n_heads, n_layers and keeps the rest under attn_config and ffn_config.
		return TextConfig{Arch: "dbrx", Hidden: 2048, Layers: 24, Heads: 16, KVHeads: 1, Intermediate: 3584, Vocab: 32000,
			MaxPosition: 2048, Experts: 4, ExpertsPerToken: 1}, true
	case "llama4_text":
		// configuration_llama4.py Llama4TextConfig: Llama-4-Scout's decoder. intermediate_size is one expert's
		// width (and the shared expert's), intermediate_size_mlp the dense layers'.
		return TextConfig{Arch: "llama4", Hidden: 5120, Layers: 48, Heads: 40, KVHeads: 8, HeadDim: 128, Intermediate: 16384,
			Vocab: 202048, MaxPosition: 4096 * 32, Experts: 16, ExpertsPerToken: 1, ExpertIntermediate: 8192,
			SharedExpertIntermediate: 8192}, true
	case "minicpm":
		// transformers 5.x models/minicpm/modular_minicpm.py MiniCPMConfig (MiniCPM4-8B's dimensions, embeddings tied
		// by default; OpenBMB's remote configuration_minicpm.py reads the same keys). MiniCPMDecoderLayer is Llama's
		// layer with each residual branch times scale_depth / sqrt(num_hidden_layers), MiniCPMScaledWordEmbedding
		// multiplies by scale_emb and MiniCPMForCausalLM divides the last hidden state by hidden_size /
		// dim_model_base: scalar multiplies, which add no parameter and keep nothing for backward that Llama's
		// layout does not count, so Llama's layout counts it.
		return TextConfig{Arch: "llama", Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 2, Intermediate: 16384, Vocab: 73448,
			TiedEmbeddings: true, MaxPosition: 32768}, true
	case "minicpm3":
		// transformers 5.x models/minicpm3/modular_minicpm3.py MiniCPM3Config (MiniCPM3-4B's dimensions, embeddings
		// tied): DeepSeek-V2's multi-head latent attention (MiniCPM3Attention builds DeepseekV2Attention's modules)
		// in front of Llama's MLP, scaled as MiniCPM's; v_head_dim defaults to hidden_size / num_attention_heads.
		return TextConfig{Arch: "minicpm3", Hidden: 2560, Layers: 62, Heads: 40, KVHeads: 40, Intermediate: 6400, Vocab: 73448,
			TiedEmbeddings: true, MaxPosition: 32768,
			MLA: MLA{QLoRARank: 768, KVLoRARank: 256, RopeHeadDim: 32, NopeHeadDim: 64, VHeadDim: 2560 / 40}}, true
	case "qwen3_next":
		// configuration_qwen3_next.py Qwen3NextConfig (Qwen3-Next-80B-A3B's shape, transformers 5.x @008e574): three
		// Gated DeltaNet layers in four (full_attention_interval 4), 512 experts of 512, top 10, a 512-wide shared
		// expert in every layer.
		return TextConfig{Arch: "qwen3_next", Hidden: 2048, Layers: 48, Heads: 16, KVHeads: 2, HeadDim: 256, Intermediate: 5632,
			Vocab: 151936, MaxPosition: 32768, Experts: 512, ExpertsPerToken: 10, ExpertIntermediate: 512,
			SharedExpertIntermediate: 512, LinearAttention: qwen3NextLinear}, true
	case "qwen3_5_text":
		// models/qwen3_5/modular_qwen3_5.py Qwen3_5TextConfig: Qwen3NextConfig's attention and Gated DeltaNet
		// defaults with a dense Qwen3_5MLP (no expert keys) and Qwen3.5-9B's sizes.
		return TextConfig{Arch: "qwen3_5_text", Hidden: 4096, Layers: 32, Heads: 16, KVHeads: 4, HeadDim: 256, Intermediate: 12288,
			Vocab: 248320, MaxPosition: 32768, LinearAttention: qwen3NextLinear}, true
	case "doge":
		// transformers 5.x models/doge/configuration_doge.py DogeConfig (Doge-320M's shape, @008e574): no head_dim
		// field (DogeAttention falls back to hidden / heads), num_key_value_heads None means the heads.
		return TextConfig{Arch: "doge", Hidden: 1024, Layers: 32, Heads: 8, Intermediate: 2048, Vocab: 32768, MaxPosition: 2048}, true
	case "smollm3":
		// configuration_smollm3.py SmolLM3Config. SmolLM3DecoderLayer is Llama's (the NoPE layers only skip the
		// rotary multiply, which stores nothing), so Llama's layout counts it.
		return TextConfig{Arch: "llama", Hidden: 2048, Layers: 36, Heads: 16, KVHeads: 4, Intermediate: 11008, Vocab: 128256,
			TiedEmbeddings: true, MaxPosition: 32768}, true
	}
	return TextConfig{}, false
}

// qwen3NextLinear is Qwen3NextConfig's Gated DeltaNet: 16 key heads and 32 value heads of 128, a kernel of 4.
var qwen3NextLinear = LinearAttention{KeyHeads: 16, ValueHeads: 32, KeyDim: 128, ValueDim: 128, ConvKernel: 4}

// parseText reads a decoder config of the given model_type from o.
func parseText(o object, modelType string) TextConfig {
	d, ok := textDefaults(modelType)
	if !ok {
		o.fail("model_type", "unsupported model_type %q; supported: %s", modelType, supportedModelTypes)
		return TextConfig{}
	}
	switch d.Arch {
	case "qwen", "chatglm":
		return parseRemoteText(o, d)
	case "falcon", "opt", "dbrx", "gpt2", "bloom":
		return parseOldText(o, d)
	}
	t := d
	t.Hidden = o.int("hidden_size", d.Hidden)
	t.Layers = o.int("num_hidden_layers", d.Layers)
	t.Heads = o.int("num_attention_heads", d.Heads)
	t.KVHeads = o.int("num_key_value_heads", d.KVHeads)
	t.HeadDim = o.int("head_dim", d.HeadDim)
	t.Intermediate = o.int("intermediate_size", d.Intermediate)
	t.Vocab = o.int("vocab_size", d.Vocab)
	t.TiedEmbeddings = o.bool("tie_word_embeddings", d.TiedEmbeddings)
	t.MaxPosition = o.int("max_position_embeddings", d.MaxPosition)
	switch t.Arch {
	case "llama", "granite", "olmo2":
		// Granite's embedding, residual, attention and logits multipliers are scalar multiplies: no parameter,
		// nothing saved for backward.
		t.AttentionBias = o.bool("attention_bias", false) // on all of q, k, v and o_proj
		t.OutputBias = t.AttentionBias
		if t.Arch != "olmo2" {
			t.MLPBias = o.bool("mlp_bias", false)
		}
	case "qwen3", "qwen3_moe":
		// Qwen3Attention: attention_bias on q, k, v and o_proj.
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
	case "glm4":
		// Glm4Attention: attention_bias on q, k and v only; o_proj never has one.
		t.AttentionBias = o.bool("attention_bias", d.AttentionBias)
	case "seed_oss":
		// SeedOssAttention and SeedOssMLP (models/seed_oss/modeling_seed_oss.py @8652eb2): attention_bias on q, k
		// and v, attention_out_bias on o_proj, mlp_bias on the three MLP projections.
		t.AttentionBias = o.bool("attention_bias", d.AttentionBias)
		t.OutputBias = o.bool("attention_out_bias", false)
		t.MLPBias = o.bool("mlp_bias", false)
		// SeedOssConfig.residual_dropout, 0.1 when the key is absent; SeedOssDecoderLayer drops out both outputs.
		t.ResidualDropout = o.float("residual_dropout", 0.1)
	case "internlm3":
		// InternLM3Attention: qkv_bias on q, k, v; bias on o_proj and the MLP.
		t.AttentionBias = o.bool("qkv_bias", false)
		t.OutputBias = o.bool("bias", false)
		t.MLPBias = t.OutputBias
	case "gemma", "gemma2", "gemma3_text":
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
		if t.Arch == "gemma3_text" {
			_, t.LogitSoftcap = o.get("final_logit_softcapping")
		}
		// sliding_window and layer_types (sliding_window_pattern) change which keys a query sees, not what
		// a layer stores: eager attention still materializes full-length scores, the fused kernels none, and
		// the embedding scaling (hidden_size ** 0.5) is a multiply that saves nothing.
	case "gpt_oss":
		t.AttentionBias = o.bool("attention_bias", true)
		t.OutputBias = t.AttentionBias
		t.Experts = o.int("num_local_experts", o.int("num_experts", d.Experts))
		t.ExpertsPerToken = o.int("num_experts_per_tok", o.int("experts_per_token", d.ExpertsPerToken))
		t.ExpertIntermediate = t.Intermediate
	case "phimoe":
		// PhimoeAttention: attention_bias on q, k, v and o_proj.
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
		t.LMHeadBias = o.bool("lm_head_bias", false)
		t.Experts = o.int("num_local_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
	case "internlm2":
		t.AttentionBias = o.bool("bias", true) // on wqkv and wo
		t.OutputBias = t.AttentionBias
	case "gpt_neox":
		t.AttentionBias = o.bool("attention_bias", d.AttentionBias) // on query_key_value and dense
		t.OutputBias = t.AttentionBias
	case "starcoder2":
		// Starcoder2Attention and Starcoder2MLP: use_bias on every linear.
		t.AttentionBias = o.bool("use_bias", d.AttentionBias)
		t.OutputBias, t.MLPBias = t.AttentionBias, t.AttentionBias
	case "stablelm":
		// StableLmAttention: use_qkv_bias on q, k and v only; use_parallel_residual drops post_attention_layernorm.
		t.AttentionBias = o.bool("use_qkv_bias", false)
		t.ParallelBlock = o.bool("use_parallel_residual", false)
		if o.bool("qk_layernorm", false) {
			o.fail("qk_layernorm", "StableLM's per-head LayerNorms of q and k are not read (no released StableLM 2 below 12B has them)")
		}
	case "phi":
		if o.bool("qk_layernorm", false) {
			o.fail("qk_layernorm", "Phi's LayerNorms of q and k are not read (no released Phi-1, -1.5 or -2 has them)")
		}
	case "olmo":
		t.AttentionBias = o.bool("attention_bias", false) // on q, k, v and o_proj
		t.OutputBias = t.AttentionBias
	case "doge":
		// DogeAttention (models/doge/modeling_doge.py @00ca1ab): attention_bias on q, k, v, dt_proj and o_proj;
		// DogeMLP: mlp_bias on gate, up and down.
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
		t.MLPBias = o.bool("mlp_bias", false)
		if o.bool("is_moe", false) {
			// DogeCDMoE keeps its routed experts as two num_experts × hidden nn.Embedding tables picked through a
			// product-key router (router_gate, 2·⌊√num_experts⌋ wide) on top of an always-on MLP: neither the
			// parameter layout nor the per-token expert rows it gathers for backward fit the expert model here.
			o.fail("is_moe", "Doge's cross-domain mixture of experts (DogeCDMoE) is not modelled; only the dense Doge MLP is")
		}
	case "mixtral":
		t.Experts = o.int("num_local_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
	case "qwen2_moe":
		t.Experts = o.int("num_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
		t.ExpertIntermediate = o.int("moe_intermediate_size", d.ExpertIntermediate)
		t.SharedExpertIntermediate = o.int("shared_expert_intermediate_size", d.SharedExpertIntermediate)
		// Dense layers among the routed ones are not read for qwen2_moe (no released model has any).
		if step := o.int("decoder_sparse_step", 1); step != 1 {
			o.fail("decoder_sparse_step", "%d mixes dense and expert layers, which is not supported (only 1 is)", step)
		}
		if n := o.listLen("mlp_only_layers"); n > 0 {
			o.fail("mlp_only_layers", "dense layers among expert layers are not supported")
		}
	}
	if t.Experts > 0 {
		// output_router_logits makes the MoE causal LMs return every layer's router logits and add the
		// load-balancing loss (MixtralForCausalLM, Qwen3MoeForCausalLM, GptOssForCausalLM; false by default).
		t.RouterLogits = o.bool("output_router_logits", false)
	}
	switch t.Arch {
	case "qwen3_moe":
		t.Experts = o.int("num_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
		t.ExpertIntermediate = o.int("moe_intermediate_size", d.ExpertIntermediate)
		t.DenseLayers = sparseStepDense(t.Layers, o.int("decoder_sparse_step", 1), o.intList("mlp_only_layers"))
	case "glm4_moe":
		// Glm4MoeAttention (transformers 5.x models/glm4_moe/modeling_glm4_moe.py): attention_bias on q, k and v,
		// never on o_proj; use_qk_norm adds q_norm and k_norm over head_dim. Glm4MoeMoE is DeepSeek's block:
		// fused experts, a bare router, n_shared_experts × moe_intermediate_size of shared expert, and dense
		// layers before first_k_dense_replace.
		t.AttentionBias = o.bool("attention_bias", false)
		if o.bool("use_qk_norm", false) {
			t.QKNorm = "head"
		}
		t.Experts = firstInt(o, []string{"n_routed_experts", "num_experts"}, d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
		t.ExpertIntermediate = o.int("moe_intermediate_size", d.ExpertIntermediate)
		t.SharedExpertIntermediate = o.int("n_shared_experts", 1) * t.ExpertIntermediate
		t.DenseLayers = firstDense(o.int("first_k_dense_replace", len(d.DenseLayers)), t.Layers)
	case "llama4":
		// Llama4TextAttention: attention_bias on q, k, v and o_proj; its qk_norm is a weightless L2 norm, and
		// attention_chunk_size and no_rope_layers change which keys a query sees, not what a layer stores.
		// Llama4TextDecoderLayer: a Llama4TextMoe in the layers of moe_layers (by default every
		// interleave_moe_layer_step-th, from index step-1), a dense Llama4TextMLP intermediate_size_mlp wide in the rest.
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
		t.Intermediate = o.int("intermediate_size_mlp", d.Intermediate)
		t.ExpertIntermediate = o.int("intermediate_size", d.ExpertIntermediate)
		t.SharedExpertIntermediate = t.ExpertIntermediate
		t.Experts = o.int("num_local_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
		moe := o.intList("moe_layers")
		if _, given := o.get("moe_layers"); !given {
			step := o.int("interleave_moe_layer_step", 1)
			for i := step - 1; step > 0 && i < t.Layers; i += step {
				moe = append(moe, i)
			}
		}
		t.DenseLayers = nil
		for i := range t.Layers {
			if !slices.Contains(moe, i) {
				t.DenseLayers = append(t.DenseLayers, i)
			}
		}
	case "minicpm3":
		t.AttentionBias = o.bool("attention_bias", false) // q_a_proj, kv_a_proj_with_mqa and o_proj
		t.OutputBias = t.AttentionBias
		t.MLA = MLA{
			QLoRARank:   o.int("q_lora_rank", 0), // null: queries are projected directly
			KVLoRARank:  o.int("kv_lora_rank", d.MLA.KVLoRARank),
			RopeHeadDim: o.int("qk_rope_head_dim", d.MLA.RopeHeadDim),
			NopeHeadDim: o.int("qk_nope_head_dim", d.MLA.NopeHeadDim),
			VHeadDim:    o.int("v_head_dim", t.Hidden/max(t.Heads, 1)),
		}
		if _, present := o.m["q_lora_rank"]; !present {
			t.MLA.QLoRARank = d.MLA.QLoRARank
		}
	case "qwen3_next", "qwen3_5_text":
		// Qwen3NextAttention: attention_bias on q, k, v and o_proj. layer_types names each layer's mixer; without
		// it Qwen3NextConfig.__post_init__ makes every full_attention_interval-th layer full attention.
		t.AttentionBias = o.bool("attention_bias", false)
		t.OutputBias = t.AttentionBias
		d := d.LinearAttention
		t.LinearAttention = LinearAttention{
			KeyHeads:   o.int("linear_num_key_heads", d.KeyHeads),
			ValueHeads: o.int("linear_num_value_heads", d.ValueHeads),
			KeyDim:     o.int("linear_key_head_dim", d.KeyDim),
			ValueDim:   o.int("linear_value_head_dim", d.ValueDim),
			ConvKernel: o.int("linear_conv_kernel_dim", d.ConvKernel),
			Layers:     linearLayers(o, t.Layers),
		}
		if t.Arch == "qwen3_next" {
			t.Experts = o.int("num_experts", t.Experts)
			t.ExpertsPerToken = o.int("num_experts_per_tok", t.ExpertsPerToken)
			t.ExpertIntermediate = o.int("moe_intermediate_size", t.ExpertIntermediate)
			t.SharedExpertIntermediate = o.int("shared_expert_intermediate_size", t.SharedExpertIntermediate)
			t.DenseLayers = sparseStepDense(t.Layers, o.int("decoder_sparse_step", 1), o.intList("mlp_only_layers"))
			t.RouterLogits = o.bool("output_router_logits", false)
		}
	case "deepseek_v2", "deepseek_v3":
		t.AttentionBias = o.bool("attention_bias", false) // q_a_proj, kv_a_proj_with_mqa and o_proj
		t.OutputBias = t.AttentionBias
		t.MLA = MLA{
			QLoRARank:   o.int("q_lora_rank", 0), // null: queries are projected directly
			KVLoRARank:  o.int("kv_lora_rank", d.MLA.KVLoRARank),
			RopeHeadDim: o.int("qk_rope_head_dim", d.MLA.RopeHeadDim),
			NopeHeadDim: o.int("qk_nope_head_dim", d.MLA.NopeHeadDim),
			VHeadDim:    o.int("v_head_dim", d.MLA.VHeadDim),
		}
		if _, present := o.m["q_lora_rank"]; !present {
			t.MLA.QLoRARank = d.MLA.QLoRARank
		}
		t.Experts = o.int("n_routed_experts", d.Experts)
		t.ExpertsPerToken = o.int("num_experts_per_tok", d.ExpertsPerToken)
		t.ExpertIntermediate = o.int("moe_intermediate_size", d.ExpertIntermediate)
		// DeepseekV3MoE's shared_experts is one MLP n_shared_experts × moe_intermediate_size wide.
		t.SharedExpertIntermediate = o.int("n_shared_experts", d.SharedExpertIntermediate/max(d.ExpertIntermediate, 1)) * t.ExpertIntermediate
		t.DenseLayers = firstDense(o.int("first_k_dense_replace", len(d.DenseLayers)), t.Layers)
	}
	return t
}

// parseRemoteText reads the remote-code configs whose keys differ from transformers' own.
func parseRemoteText(o object, d TextConfig) TextConfig {
	t := d
	t.Hidden = o.int("hidden_size", d.Hidden)
	t.Heads = o.int("num_attention_heads", d.Heads)
	t.HeadDim = o.int("kv_channels", d.HeadDim)
	t.TiedEmbeddings = o.bool("tie_word_embeddings", false)
	switch t.Arch {
	case "qwen":
		// QWenBlock (Qwen/Qwen-7B modeling_qwen.py): c_attn always has a bias; no_bias drops the others. QWenMLP
		// splits intermediate_size between w1 and w2, each ff_dim_in = intermediate_size / 2 wide.
		t.Layers = o.int("num_hidden_layers", d.Layers)
		t.Intermediate = o.int("intermediate_size", 2*d.Intermediate) / 2
		t.Vocab = o.int("vocab_size", d.Vocab)
		t.MaxPosition = o.int("seq_length", d.MaxPosition)
		t.OutputBias = !o.bool("no_bias", true)
		t.MLPBias = t.OutputBias
	case "chatglm":
		// GLMBlock (THUDM/chatglm3-6b and THUDM/glm-4-9b-chat modeling_chatglm.py): multi-query groups share k and
		// v; add_qkv_bias puts a bias on query_key_value, add_bias_linear on every linear.
		t.Layers = o.int("num_layers", d.Layers)
		t.Intermediate = o.int("ffn_hidden_size", d.Intermediate)
		t.Vocab = o.int("padded_vocab_size", d.Vocab)
		t.MaxPosition = o.int("seq_length", d.MaxPosition)
		if o.bool("multi_query_attention", false) {
			t.KVHeads = o.int("multi_query_group_num", 1)
		}
		linearBias := o.bool("add_bias_linear", false)
		t.AttentionBias = linearBias || o.bool("add_qkv_bias", false)
		t.OutputBias, t.MLPBias = linearBias, linearBias
	}
	return t
}

// parseOldText reads Falcon's and OPT's configs, whose keys predate the names the other transformers configs
// share.
func parseOldText(o object, d TextConfig) TextConfig {
	t := d
	t.Vocab = o.int("vocab_size", d.Vocab)
	t.TiedEmbeddings = o.bool("tie_word_embeddings", d.TiedEmbeddings)
	t.MaxPosition = o.int("max_position_embeddings", d.MaxPosition)
	switch t.Arch {
	case "falcon":
		// FalconConfig: attribute_map sends n_layer and n_head to num_hidden_layers and num_attention_heads, and
		// n_embed is the old hidden_size. FalconAttention's key/value heads are num_kv_heads (n_head_kv in older
		// configs) under new_decoder_architecture, one under multi_query, else one per head; FalconDecoderLayer
		// has ln_attn and ln_mlp under new_decoder_architecture (num_ln_in_parallel_attn 2, the default there),
		// one input_layernorm under parallel_attn, else two norms.
		t.Hidden = firstInt(o, []string{"hidden_size", "n_embed"}, d.Hidden)
		t.Layers = firstInt(o, []string{"num_hidden_layers", "n_layer"}, d.Layers)
		t.Heads = firstInt(o, []string{"num_attention_heads", "n_head"}, d.Heads)
		t.Intermediate = o.int("ffn_hidden_size", 4*t.Hidden)
		newArch := o.bool("new_decoder_architecture", false)
		switch {
		case newArch:
			t.KVHeads = firstInt(o, []string{"num_kv_heads", "n_head_kv"}, t.Heads)
		case o.bool("multi_query", true):
			t.KVHeads = 1
		default:
			t.KVHeads = t.Heads
		}
		t.ParallelBlock = o.bool("parallel_attn", true) && (!newArch || o.int("num_ln_in_parallel_attn", 2) == 1)
		t.AttentionBias = o.bool("bias", false)
		t.OutputBias, t.MLPBias = t.AttentionBias, t.AttentionBias
	case "dbrx":
		// DbrxConfig: d_model, n_heads, n_layers, max_seq_len; attn_config.kv_n_heads; ffn_config's
		// ffn_hidden_size, moe_num_experts and moe_top_k. DbrxBlock's norm_1 and norm_2 (and norm_f) are
		// LayerNorms without bias, one weight each.
		t.Hidden = o.int("d_model", d.Hidden)
		t.Heads = o.int("n_heads", d.Heads)
		t.Layers = o.int("n_layers", d.Layers)
		t.MaxPosition = o.int("max_seq_len", d.MaxPosition)
		t.KVHeads = d.KVHeads
		if a, ok := o.subIfPresent("attn_config"); ok {
			t.KVHeads = a.int("kv_n_heads", d.KVHeads)
		}
		t.Intermediate, t.Experts, t.ExpertsPerToken = d.Intermediate, d.Experts, d.ExpertsPerToken
		if f, ok := o.subIfPresent("ffn_config"); ok {
			t.Intermediate = f.int("ffn_hidden_size", d.Intermediate)
			t.Experts = f.int("moe_num_experts", d.Experts)
			t.ExpertsPerToken = f.int("moe_top_k", d.ExpertsPerToken)
		}
		t.RouterLogits = o.bool("output_router_logits", false)
	case "bloom":
		// BloomConfig (transformers 5.x models/bloom/configuration_bloom.py): attribute_map sends
		// num_hidden_layers to n_layer and num_attention_heads to n_head; an older config's n_embed is hidden_size.
		// BloomMLP is 4 × hidden wide, with no key to change it.
		t.Hidden = firstInt(o, []string{"hidden_size", "n_embed"}, d.Hidden)
		t.Layers = firstInt(o, []string{"num_hidden_layers", "n_layer"}, d.Layers)
		t.Heads = firstInt(o, []string{"num_attention_heads", "n_head"}, d.Heads)
		t.Intermediate = 4 * t.Hidden
	case "gpt2":
		// GPT2Config (transformers 5.x models/gpt2/configuration_gpt2.py): attribute_map sends hidden_size to
		// n_embd, num_hidden_layers to n_layer, num_attention_heads to n_head and max_position_embeddings to
		// n_positions; the MLP is n_inner wide, 4 × n_embd when null. Cross-attention (add_cross_attention, for
		// encoder-decoder use) adds modules this layout does not hold.
		t.Hidden = firstInt(o, []string{"hidden_size", "n_embd"}, d.Hidden)
		t.Layers = firstInt(o, []string{"num_hidden_layers", "n_layer"}, d.Layers)
		t.Heads = firstInt(o, []string{"num_attention_heads", "n_head"}, d.Heads)
		t.MaxPosition = firstInt(o, []string{"max_position_embeddings", "n_positions"}, d.MaxPosition)
		t.Intermediate = o.int("n_inner", 4*t.Hidden)
		if d.KVHeads == 1 && !o.bool("multi_query", true) {
			// gpt_bigcode without multi-query attention: a key and value per head.
			t.KVHeads = t.Heads
		}
		if o.bool("add_cross_attention", false) {
			o.fail("add_cross_attention", "true (GPT-2 as an encoder-decoder's decoder) is not read")
		}
	case "opt":
		// OPTConfig spells hidden_size d_model and the MLP width ffn_dim; enable_bias is on every linear.
		// OPT-350M projects 512-wide embeddings in and out (word_embed_proj_dim) and norms after each block
		// (do_layer_norm_before false), which the layout here does not hold.
		t.Hidden = firstInt(o, []string{"hidden_size", "d_model"}, d.Hidden)
		t.Layers = o.int("num_hidden_layers", d.Layers)
		t.Heads = o.int("num_attention_heads", d.Heads)
		t.Intermediate = o.int("ffn_dim", d.Intermediate)
		t.AttentionBias = o.bool("enable_bias", true)
		t.OutputBias, t.MLPBias = t.AttentionBias, t.AttentionBias
		if w := o.int("word_embed_proj_dim", t.Hidden); w != t.Hidden {
			o.fail("word_embed_proj_dim", "%d differs from hidden_size %d: OPT's project_in/project_out are not read", w, t.Hidden)
		}
		if !o.bool("do_layer_norm_before", true) {
			o.fail("do_layer_norm_before", "false (OPT-350M's post-norm blocks) is not read")
		}
		if !o.bool("layer_norm_elementwise_affine", true) {
			o.fail("layer_norm_elementwise_affine", "false (LayerNorms without weights) is not read")
		}
	}
	return t
}

// linearLayers lists the linear-attention layers of a Qwen3-Next or Qwen3.5 config: those layer_types names
// "linear_attention", else the layers i with (i + 1) not a multiple of full_attention_interval.
func linearLayers(o object, layers int) []int {
	var out []int
	if v, ok := o.get("layer_types"); ok {
		list, isList := v.([]any)
		if !isList || len(list) != layers {
			o.fail("layer_types", "want a list of %d layer types, got %s", layers, describe(v))
			return nil
		}
		for i, x := range list {
			switch x {
			case "linear_attention":
				out = append(out, i)
			case "full_attention":
			default:
				o.fail("layer_types", "item %d is %s; want \"linear_attention\" or \"full_attention\"", i, describe(x))
				return nil
			}
		}
		return out
	}
	interval := o.int("full_attention_interval", 4)
	for i := range layers {
		if interval == 0 || (i+1)%interval != 0 {
			out = append(out, i)
		}
	}
	return out
}

// sparseStepDense lists the dense layers of Qwen3MoeDecoderLayer (and Qwen2MoeDecoderLayer): a layer is routed
// when it is not in mlp_only_layers and (index + 1) is a multiple of decoder_sparse_step.
func sparseStepDense(layers, step int, mlpOnly []int) []int {
	var dense []int
	for i := range layers {
		if slices.Contains(mlpOnly, i) || step <= 0 || (i+1)%step != 0 {
			dense = append(dense, i)
		}
	}
	return dense
}

// firstDense lists the first k layers, DeepSeek's first_k_dense_replace.
func firstDense(k, layers int) []int {
	var dense []int
	for i := range min(k, layers) {
		dense = append(dense, i)
	}
	return dense
}

// intList reads a list of non-negative integers (layer indices).
func (o object) intList(key string) []int {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		o.fail(key, "want a list of layer indices, got %s", describe(v))
		return nil
	}
	out := make([]int, 0, len(list))
	for i := range list {
		item := object{m: map[string]any{fmt.Sprint(i): list[i]}, path: o.path + key + ".", src: o.src, err: o.err}
		out = append(out, item.int(fmt.Sprint(i), 0))
	}
	return out
}
