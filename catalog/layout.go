package catalog

// The module layout of each decoder arch, as the modeling code of transformers 5.x (or the remote code a
// checkpoint ships) builds one decoder layer. Parameter counts follow from it exactly; the names are the ones
// LoRA's target_modules match.

// LayerLinears lists the linear modules of decoder layer i under their Hugging Face names (see Linear.Path).
func (m Model) LayerLinears(i int) []Linear {
	t := m.Text.normalized()
	var out []Linear
	if t.Linear(i) {
		out = t.linearAttentionLinears()
	} else {
		out = t.attentionLinears()
	}
	if t.DenseLayer(i) {
		return append(out, t.denseMLP()...)
	}
	return append(out, t.routedMLP()...)
}

// DecoderLinears is LayerLinears of every decoder layer, in layer order,
// each kind of layer (linear or full attention, dense or routed MLP) worked
// out once: the layers of a kind share one slice, which callers must not
// change. An estimate reads the layers several times over (the weights, the
// adapters, the parameter tensors, the largest piece of ZeRO-1/2's gradient norm).
func (m Model) DecoderLinears() [][]Linear {
	t := m.Text.normalized()
	out := make([][]Linear, t.Layers)
	var kinds [2][2][]Linear
	for i := range out {
		a, d := 0, 0
		if t.Linear(i) {
			a = 1
		}
		if t.DenseLayer(i) {
			d = 1
		}
		if kinds[a][d] == nil {
			kinds[a][d] = m.LayerLinears(i)
		}
		out[i] = kinds[a][d]
	}
	return out
}

func lin(name, path string, in, out int, bias bool, count int) Linear {
	return Linear{Name: name, Path: path, In: in, Out: out, Bias: bias, Count: count}
}

// fused is a bare 3-D expert parameter (or a router's bare weight) of transformers 5.x's MoE blocks.
func fused(name, path string, in, out int, bias bool, count int) Linear {
	l := lin(name, path, in, out, bias, count)
	l.Fused = true
	return l
}

func (t TextConfig) attentionLinears() []Linear {
	h := t.Hidden
	q := t.Heads * t.HeadDim
	kv := t.KVHeads * t.HeadDim
	switch t.Arch {
	case "phi3":
		return []Linear{
			lin("qkv_proj", "self_attn.qkv_proj", h, q+2*kv, t.AttentionBias, 1),
			lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
		}
	case "internlm2":
		return []Linear{
			lin("wqkv", "attention.wqkv", h, q+2*kv, t.AttentionBias, 1),
			lin("wo", "attention.wo", q, h, t.OutputBias, 1),
		}
	case "qwen":
		// Qwen (v1) remote code, modeling_qwen.py QWenAttention: c_attn is q, k and v fused with a bias.
		return []Linear{
			lin("c_attn", "attn.c_attn", h, q+2*kv, t.AttentionBias, 1),
			lin("c_proj", "attn.c_proj", q, h, t.OutputBias, 1),
		}
	case "chatglm":
		// ChatGLM remote code, modeling_chatglm.py SelfAttention: query_key_value fuses q with the
		// multi-query-group k and v.
		return []Linear{
			lin("query_key_value", "self_attention.query_key_value", h, q+2*kv, t.AttentionBias, 1),
			lin("dense", "self_attention.dense", q, h, t.OutputBias, 1),
		}
	case "baichuan":
		// Baichuan2 remote code, modeling_baichuan.py Attention: W_pack fuses q, k and v.
		return []Linear{
			lin("W_pack", "self_attn.W_pack", h, q+2*kv, t.AttentionBias, 1),
			lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
		}
	case "deepseek_v2", "deepseek_v3", "minicpm3":
		return t.mlaLinears()
	case "doge":
		// DogeAttention (transformers 5.x models/doge/modeling_doge.py @00ca1ab): Llama's q, k, v and o, plus
		// dt_proj, which turns the values (kv heads × head_dim) into one dynamic-mask logit per kv head.
		return []Linear{
			lin("q_proj", "self_attn.q_proj", h, q, t.AttentionBias, 1),
			lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
			lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
			lin("dt_proj", "self_attn.dt_proj", kv, t.KVHeads, t.AttentionBias, 1),
			lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
		}
	case "qwen3_next", "qwen3_5_text":
		// Qwen3NextAttention (Qwen3_5Attention is the same class): q_proj also makes a per-channel output gate,
		// 2 × heads × head_dim wide, which multiplies the attention output through a sigmoid before o_proj.
		return []Linear{
			lin("q_proj", "self_attn.q_proj", h, 2*q, t.AttentionBias, 1),
			lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
			lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
			lin("o_proj", "self_attn.o_proj", q, h, t.AttentionBias, 1),
		}
	case "dbrx":
		// DbrxAttention (transformers 5.x models/dbrx/modeling_dbrx.py): Wqkv fuses q with the kv_n_heads keys and
		// values, out_proj; no bias. clip_qkv clamps the projection without a parameter.
		return []Linear{
			lin("Wqkv", "norm_attn_norm.attn.Wqkv", h, q+2*kv, false, 1),
			lin("out_proj", "norm_attn_norm.attn.out_proj", q, h, false, 1),
		}
	case "falcon":
		// FalconAttention (transformers 5.x models/falcon/modeling_falcon.py): query_key_value is q plus the
		// key/value heads (one shared pair under multi_query), dense the output; config.bias on both.
		return []Linear{
			lin("query_key_value", "self_attention.query_key_value", h, q+2*kv, t.AttentionBias, 1),
			lin("dense", "self_attention.dense", q, h, t.OutputBias, 1),
		}
	case "bloom":
		// BloomAttention (transformers 5.x models/bloom/modeling_bloom.py): query_key_value makes q, k and v for
		// every head, dense the output; both biased. ALiBi adds a fixed per-head slope, not a parameter.
		return []Linear{
			lin("query_key_value", "self_attention.query_key_value", h, q+2*kv, t.AttentionBias, 1),
			lin("dense", "self_attention.dense", q, h, t.OutputBias, 1),
		}
	case "gpt_neox":
		// GPTNeoXAttention (models/gpt_neox/modeling_gpt_neox.py): fused query_key_value and dense, both with
		// attention_bias.
		return []Linear{
			lin("query_key_value", "attention.query_key_value", h, q+2*kv, t.AttentionBias, 1),
			lin("dense", "attention.dense", q, h, t.OutputBias, 1),
		}
	case "phi":
		// PhiAttention (models/phi/modeling_phi.py): q, k, v and dense, all biased.
		return []Linear{
			lin("q_proj", "self_attn.q_proj", h, q, t.AttentionBias, 1),
			lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
			lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
			lin("dense", "self_attn.dense", q, h, t.OutputBias, 1),
		}
	case "gpt2":
		// GPT2Attention (transformers 5.x models/gpt2/modeling_gpt2.py): c_attn is one Conv1D making q, k and v
		// (3 × n_embd), c_proj the output; both biased. Conv1D stores its weight transposed (in × out), the
		// same count; PEFT's LoRA wraps it with fan_in_fan_out.
		return []Linear{
			lin("c_attn", "attn.c_attn", h, q+2*kv, t.AttentionBias, 1),
			lin("c_proj", "attn.c_proj", q, h, t.OutputBias, 1),
		}
	case "opt":
		// OPTAttention (models/opt/modeling_opt.py): q, k, v and out_proj with enable_bias.
		return []Linear{
			lin("q_proj", "self_attn.q_proj", h, q, t.AttentionBias, 1),
			lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
			lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
			lin("out_proj", "self_attn.out_proj", q, h, t.OutputBias, 1),
		}
	}
	return []Linear{
		lin("q_proj", "self_attn.q_proj", h, q, t.AttentionBias, 1),
		lin("k_proj", "self_attn.k_proj", h, kv, t.AttentionBias, 1),
		lin("v_proj", "self_attn.v_proj", h, kv, t.AttentionBias, 1),
		lin("o_proj", "self_attn.o_proj", q, h, t.OutputBias, 1),
	}
}

// linearAttentionLinears is a Gated DeltaNet layer's projections, without bias. Qwen3NextGatedDeltaNet fuses
// q, k, v and the output gate z into in_proj_qkvz and the per-head beta and step inputs into in_proj_ba;
// Qwen3_5GatedDeltaNet splits them into in_proj_qkv, in_proj_z, in_proj_b and in_proj_a (transformers 5.x
// models/qwen3_5/modular_qwen3_5.py). out_proj brings the value heads back to the hidden size.
func (t TextConfig) linearAttentionLinears() []Linear {
	a, h := t.LinearAttention, t.Hidden
	kd, vd := a.KeyHeads*a.KeyDim, a.ValueHeads*a.ValueDim
	out := lin("out_proj", "linear_attn.out_proj", vd, h, false, 1)
	if t.Arch == "qwen3_5_text" {
		return []Linear{
			lin("in_proj_qkv", "linear_attn.in_proj_qkv", h, 2*kd+vd, false, 1),
			lin("in_proj_z", "linear_attn.in_proj_z", h, vd, false, 1),
			lin("in_proj_b", "linear_attn.in_proj_b", h, a.ValueHeads, false, 1),
			lin("in_proj_a", "linear_attn.in_proj_a", h, a.ValueHeads, false, 1),
			out,
		}
	}
	return []Linear{
		lin("in_proj_qkvz", "linear_attn.in_proj_qkvz", h, 2*kd+2*vd, false, 1),
		lin("in_proj_ba", "linear_attn.in_proj_ba", h, 2*a.ValueHeads, false, 1),
		out,
	}
}

// mlaLinears is DeepseekV3Attention (transformers 5.x models/deepseek_v3/modeling_deepseek_v3.py; DeepseekV2 has
// the same modules): queries through q_a_proj → q_a_layernorm → q_b_proj, or one q_proj without a q_lora_rank;
// kv_a_proj_with_mqa makes the kv latent plus the shared rotary key, kv_b_proj expands the latent to every
// head's key (nope part) and value.
func (t TextConfig) mlaLinears() []Linear {
	h, a := t.Hidden, t.MLA
	qk := a.NopeHeadDim + a.RopeHeadDim
	var out []Linear
	if a.QLoRARank > 0 {
		out = append(out,
			lin("q_a_proj", "self_attn.q_a_proj", h, a.QLoRARank, t.AttentionBias, 1),
			lin("q_b_proj", "self_attn.q_b_proj", a.QLoRARank, t.Heads*qk, false, 1))
	} else {
		out = append(out, lin("q_proj", "self_attn.q_proj", h, t.Heads*qk, false, 1))
	}
	return append(out,
		lin("kv_a_proj_with_mqa", "self_attn.kv_a_proj_with_mqa", h, a.KVLoRARank+a.RopeHeadDim, t.AttentionBias, 1),
		lin("kv_b_proj", "self_attn.kv_b_proj", a.KVLoRARank, t.Heads*(a.NopeHeadDim+a.VHeadDim), false, 1),
		lin("o_proj", "self_attn.o_proj", t.Heads*a.VHeadDim, h, t.AttentionBias, 1))
}

// denseMLP is the MLP of a dense layer.
func (t TextConfig) denseMLP() []Linear {
	h, i := t.Hidden, t.Intermediate
	switch t.Arch {
	case "phi3", "glm4":
		return []Linear{
			lin("gate_up_proj", "mlp.gate_up_proj", h, 2*i, t.MLPBias, 1),
			lin("down_proj", "mlp.down_proj", i, h, t.MLPBias, 1),
		}
	case "internlm2":
		return []Linear{
			lin("w1", "feed_forward.w1", h, i, t.MLPBias, 1),
			lin("w3", "feed_forward.w3", h, i, t.MLPBias, 1),
			lin("w2", "feed_forward.w2", i, h, t.MLPBias, 1),
		}
	case "qwen":
		// QWenMLP: w1 and w2 are the two gated halves; Intermediate already holds half of intermediate_size.
		return []Linear{
			lin("w1", "mlp.w1", h, i, t.MLPBias, 1),
			lin("w2", "mlp.w2", h, i, t.MLPBias, 1),
			lin("c_proj", "mlp.c_proj", i, h, t.MLPBias, 1),
		}
	case "chatglm":
		return []Linear{
			lin("dense_h_to_4h", "mlp.dense_h_to_4h", h, 2*i, t.MLPBias, 1),
			lin("dense_4h_to_h", "mlp.dense_4h_to_h", i, h, t.MLPBias, 1),
		}
	case "falcon", "gpt_neox", "bloom":
		// FalconMLP, GPTNeoXMLP and BloomMLP: up, GELU, down; no gate.
		return []Linear{
			lin("dense_h_to_4h", "mlp.dense_h_to_4h", h, i, t.MLPBias, 1),
			lin("dense_4h_to_h", "mlp.dense_4h_to_h", i, h, t.MLPBias, 1),
		}
	case "phi":
		// PhiMLP: fc1, GELU, fc2, biased.
		return []Linear{
			lin("fc1", "mlp.fc1", h, i, t.MLPBias, 1),
			lin("fc2", "mlp.fc2", i, h, t.MLPBias, 1),
		}
	case "gpt2":
		// GPT2MLP: c_fc (n_inner wide), GELU, c_proj, Conv1D modules with a bias.
		return []Linear{
			lin("c_fc", "mlp.c_fc", h, i, t.MLPBias, 1),
			lin("c_proj", "mlp.c_proj", i, h, t.MLPBias, 1),
		}
	case "opt":
		// OPTDecoderLayer holds fc1, ReLU, fc2 itself, with enable_bias.
		return []Linear{
			lin("fc1", "fc1", h, i, t.MLPBias, 1),
			lin("fc2", "fc2", i, h, t.MLPBias, 1),
		}
	case "llama4":
		// Llama4TextMLP of a dense layer, intermediate_size_mlp wide, under feed_forward.
		return []Linear{
			lin("gate_proj", "feed_forward.gate_proj", h, i, false, 1),
			lin("up_proj", "feed_forward.up_proj", h, i, false, 1),
			lin("down_proj", "feed_forward.down_proj", i, h, false, 1),
		}
	case "starcoder2":
		// Starcoder2MLP (models/starcoder2/modeling_starcoder2.py): c_fc, GELU, c_proj with use_bias.
		return []Linear{
			lin("c_fc", "mlp.c_fc", h, i, t.MLPBias, 1),
			lin("c_proj", "mlp.c_proj", i, h, t.MLPBias, 1),
		}
	}
	return []Linear{
		lin("gate_proj", "mlp.gate_proj", h, i, t.MLPBias, 1),
		lin("up_proj", "mlp.up_proj", h, i, t.MLPBias, 1),
		lin("down_proj", "mlp.down_proj", i, h, t.MLPBias, 1),
	}
}

// routedMLP is the MLP of a mixture-of-experts layer: router, experts and any shared expert.
func (t TextConfig) routedMLP() []Linear {
	h, e, ei := t.Hidden, t.Experts, t.expertIntermediate()
	switch t.Arch {
	case "qwen2_moe", "qwen3_next":
		// Qwen2MoeSparseMoeBlock (Qwen3NextSparseMoeBlock is one): the fused experts plus one always-on shared_expert MLP (nn.Linear modules) scaled
		// by a sigmoid shared_expert_gate.
		si := t.SharedExpertIntermediate
		return []Linear{
			fused("gate", "mlp.gate", h, e, false, 1),
			fused("gate_up_proj", "mlp.experts.gate_up_proj", h, 2*ei, false, e),
			fused("down_proj", "mlp.experts.down_proj", ei, h, false, e),
			lin("gate_proj", "mlp.shared_expert.gate_proj", h, si, false, 1),
			lin("up_proj", "mlp.shared_expert.up_proj", h, si, false, 1),
			lin("down_proj", "mlp.shared_expert.down_proj", si, h, false, 1),
			lin("shared_expert_gate", "mlp.shared_expert_gate", h, 1, false, 1),
		}
	case "dbrx":
		// DbrxFFN: DbrxRouter's layer is an nn.Linear without bias; DbrxExpertGLU keeps w1, v1 and w2 as bare
		// (experts × ffn_hidden_size) × d_model parameters.
		return []Linear{
			lin("layer", "ffn.router.layer", h, e, false, 1),
			fused("w1", "ffn.experts.mlp.w1", h, ei, false, e),
			fused("v1", "ffn.experts.mlp.v1", h, ei, false, e),
			fused("w2", "ffn.experts.mlp.w2", ei, h, false, e),
		}
	case "llama4":
		// Llama4TextMoe (transformers 5.x models/llama4/modeling_llama4.py): Llama4Router is an nn.Linear without
		// bias, Llama4TextExperts holds gate_up_proj (E × H × 2I) and down_proj (E × I × H) as bare parameters, and
		// shared_expert is a Llama4TextMLP as wide as one expert.
		return []Linear{
			lin("router", "feed_forward.router", h, e, false, 1),
			fused("gate_up_proj", "feed_forward.experts.gate_up_proj", h, 2*ei, false, e),
			fused("down_proj", "feed_forward.experts.down_proj", ei, h, false, e),
			lin("gate_proj", "feed_forward.shared_expert.gate_proj", h, t.SharedExpertIntermediate, false, 1),
			lin("up_proj", "feed_forward.shared_expert.up_proj", h, t.SharedExpertIntermediate, false, 1),
			lin("down_proj", "feed_forward.shared_expert.down_proj", t.SharedExpertIntermediate, h, false, 1),
		}
	case "gpt_oss":
		// GptOssTopKRouter has a bias; GptOssExperts keeps gate_up_proj (E × H × 2I) and down_proj (E × I × H)
		// with per-expert biases (transformers 5.x models/gpt_oss/modeling_gpt_oss.py).
		return []Linear{
			fused("router", "mlp.router", h, e, true, 1),
			fused("gate_up_proj", "mlp.experts.gate_up_proj", h, 2*ei, true, e),
			fused("down_proj", "mlp.experts.down_proj", ei, h, true, e),
		}
	}
	// transformers 5.x MoE blocks (MixtralSparseMoeBlock, Qwen3MoeSparseMoeBlock, DeepseekV3MoE,
	// PhimoeSparseMoeBlock, …, all under the layer's mlp): a router with a bare weight, the experts as two 3-D
	// parameters, gate_up_proj (E × 2I × H) and down_proj (E × H × I). transformers 4.x held one nn.Linear per
	// expert (Mixtral's block_sparse_moe.experts.*.w1/w3/w2) with the same counts. DeepSeek-V3's and GLM-4.5's
	// routers also hold an e_score_correction_bias, registered as a buffer: stored in the checkpoint, not a
	// parameter.
	out := []Linear{
		fused("gate", "mlp.gate", h, e, false, 1),
		fused("gate_up_proj", "mlp.experts.gate_up_proj", h, 2*ei, false, e),
		fused("down_proj", "mlp.experts.down_proj", ei, h, false, e),
	}
	if si := t.SharedExpertIntermediate; si > 0 {
		out = append(out,
			lin("gate_proj", "mlp.shared_experts.gate_proj", h, si, false, 1),
			lin("up_proj", "mlp.shared_experts.up_proj", h, si, false, 1),
			lin("down_proj", "mlp.shared_experts.down_proj", si, h, false, 1))
	}
	return out
}

// LayerVectors lists the one-dimensional parameters of decoder layer i: its norms' weights (and biases) and any
// other per-layer vector.
func (m Model) LayerVectors(i int) []Vector {
	t := m.Text.normalized()
	h := t.Hidden
	var out []Vector
	add := func(name string, size int) { out = append(out, Vector{Name: name, Size: size}) }
	switch t.Arch {
	case "gemma2", "gemma3_text":
		// A norm before and after both attention and MLP (Gemma2DecoderLayer, Gemma3DecoderLayer).
		add("input_layernorm", h)
		add("post_attention_layernorm", h)
		add("pre_feedforward_layernorm", h)
		add("post_feedforward_layernorm", h)
	case "glm4":
		// Glm4DecoderLayer adds post_self_attn_layernorm and post_mlp_layernorm to the two pre-norms.
		add("input_layernorm", h)
		add("post_self_attn_layernorm", h)
		add("post_attention_layernorm", h)
		add("post_mlp_layernorm", h)
	case "olmo2":
		// Olmo2DecoderLayer normalizes the outputs of attention and MLP only.
		add("post_attention_layernorm", h)
		add("post_feedforward_layernorm", h)
	case "phimoe", "gpt_neox", "starcoder2", "bloom":
		// PhimoeDecoderLayer, GPTNeoXLayer, Starcoder2DecoderLayer and BloomBlock use nn.LayerNorm, with a bias.
		add("input_layernorm.weight", h)
		add("input_layernorm.bias", h)
		add("post_attention_layernorm.weight", h)
		add("post_attention_layernorm.bias", h)
	case "falcon", "phi", "stablelm":
		// nn.LayerNorm with a bias; a parallel block (Falcon-7B, Phi, StableLM with use_parallel_residual) has only
		// the input one. Falcon's new_decoder_architecture names its two ln_attn and ln_mlp.
		add("input_layernorm.weight", h)
		add("input_layernorm.bias", h)
		if !t.ParallelBlock {
			add("post_attention_layernorm.weight", h)
			add("post_attention_layernorm.bias", h)
		}
	case "gpt2":
		// GPT2Block: ln_1 before attention and ln_2 before the MLP, nn.LayerNorm with a bias.
		add("ln_1.weight", h)
		add("ln_1.bias", h)
		add("ln_2.weight", h)
		add("ln_2.bias", h)
	case "opt":
		// OPTDecoderLayer: self_attn_layer_norm and final_layer_norm, nn.LayerNorm with a bias.
		add("self_attn_layer_norm.weight", h)
		add("self_attn_layer_norm.bias", h)
		add("final_layer_norm.weight", h)
		add("final_layer_norm.bias", h)
	case "olmo":
		// OlmoLayerNorm (models/olmo/modeling_olmo.py) has no weight or bias: a layer holds no vector.
	case "doge":
		// DogeDecoderLayer (models/doge/modeling_doge.py @00ca1ab): the two RMSNorms, a hidden-wide input_residual
		// and post_attention_residual that scale the residual stream, and DogeAttention's A, one per kv head.
		add("input_layernorm", h)
		add("post_attention_layernorm", h)
		add("input_residual", h)
		add("post_attention_residual", h)
		add("self_attn.A", t.KVHeads)
	default:
		add("input_layernorm", h)
		add("post_attention_layernorm", h)
	}
	if t.Linear(i) {
		// Qwen3NextGatedDeltaNet: conv1d's depthwise weight (conv_dim × 1 × kernel, no bias), dt_bias and A_log
		// per value head, and the gated RMSNorm's weight over one value head; no q_norm or k_norm.
		a := t.LinearAttention
		add("conv1d", (2*a.KeyHeads*a.KeyDim+a.ValueHeads*a.ValueDim)*a.ConvKernel)
		add("dt_bias", a.ValueHeads)
		add("A_log", a.ValueHeads)
		add("norm", a.ValueDim)
		return out
	}
	switch t.QKNorm {
	case "head":
		add("q_norm", t.HeadDim)
		add("k_norm", t.HeadDim)
	case "full":
		add("q_norm", t.Heads*t.HeadDim)
		add("k_norm", t.KVHeads*t.HeadDim)
	}
	if t.MLA.QLoRARank > 0 {
		add("q_a_layernorm", t.MLA.QLoRARank)
	}
	if t.MLA.KVLoRARank > 0 {
		add("kv_a_layernorm", t.MLA.KVLoRARank)
	}
	if t.Arch == "gpt_oss" {
		// GptOssAttention.sinks: one learned logit per head that joins every softmax.
		add("sinks", t.Heads)
	}
	return out
}

// finalNormVectors is how many hidden-wide vectors the final norm has: a LayerNorm's weight and bias, else an
// RMSNorm's weight.
func (t TextConfig) finalNormVectors() int {
	switch t.Arch {
	case "phimoe", "falcon", "gpt_neox", "opt", "phi", "stablelm", "starcoder2", "gpt2", "bloom":
		return 2
	case "olmo":
		return 0 // OlmoLayerNorm is parameter-free
	}
	return 1
}
