package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// parseGeneric reads a config.json whose model_type trainlint does not know as a Llama-style decoder (q/k/v/o
// projections, a gated MLP or a transformers 5.x mixture-of-experts block, two RMSNorms per layer) from the keys
// every transformers decoder config shares. The estimate then lists an assumption naming the type. A config that
// keeps its decoder under text_config, llm_config or language_config (a multimodal wrapper) is read from there,
// counting the decoder only. Only a config missing the keys that size a decoder is an error, naming them.
func parseGeneric(root object, modelType string) Model {
	// The key names accepted for one value, in the order tried: transformers' own first, then the spellings of
	// the common remote-code and newer configs.
	expertKeys := []string{"num_experts", "num_local_experts", "n_routed_experts", "moe_num_experts"}
	expertsPerTokKeys := []string{"num_experts_per_tok", "num_experts_per_token", "experts_per_token", "moe_topk"}
	expertWidthKeys := []string{"moe_intermediate_size", "expert_intermediate_size"}
	o := root
	where := "its config.json keys"
	if _, ok := root.get("hidden_size"); !ok {
		for _, key := range []string{"text_config", "llm_config", "language_config"} {
			sub, ok := root.subIfPresent(key)
			if !ok {
				continue
			}
			if mt := sub.str("model_type", ""); mt != "" {
				if _, known := textDefaults(mt); known {
					m := Model{Text: parseText(sub, mt)}
					m.Assumptions = []string{fmt.Sprintf("model_type `%s` is not known; only its %s (`%s`) is counted, "+
						"as a text-only decoder: any vision or audio tower is left out", modelType, key, mt)}
					return m
				}
			}
			o, where = sub, "the keys of its "+key
			break
		}
	}
	var missing []string
	for _, k := range []string{"hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size"} {
		if _, ok := o.get(k); !ok {
			missing = append(missing, k)
		}
	}
	experts := firstInt(o, expertKeys, 0)
	if _, ok := o.get("intermediate_size"); !ok && (experts == 0 || firstInt(o, expertWidthKeys, 0) == 0) {
		missing = append(missing, "intermediate_size")
	}
	if len(missing) > 0 {
		root.fail("model_type", "%q is not a known model_type, and its config.json lacks %s, so it cannot be read as a "+
			"generic decoder either; supported: %s", modelType, strings.Join(missing, ", "), supportedModelTypes)
		return Model{}
	}
	t := TextConfig{
		Arch:            "generic",
		Hidden:          o.int("hidden_size", 0),
		Layers:          o.int("num_hidden_layers", 0),
		Heads:           o.int("num_attention_heads", 0),
		KVHeads:         o.int("num_key_value_heads", 0),
		HeadDim:         o.int("head_dim", 0),
		Vocab:           o.int("vocab_size", 0),
		MaxPosition:     o.int("max_position_embeddings", 0),
		Experts:         experts,
		ExpertsPerToken: firstInt(o, expertsPerTokKeys, 0),
	}
	t.AttentionBias = o.bool("attention_bias", o.bool("qkv_bias", false))
	t.OutputBias = o.bool("attention_bias", false)
	t.MLPBias = o.bool("mlp_bias", false)
	notes := []string{fmt.Sprintf("model_type `%s` is not known; estimated as a generic Llama-style decoder from %s",
		modelType, where)}
	if o.bool("use_qk_norm", false) {
		// The spelling of GLM-4.5, Llama 4 and Hunyuan for an RMSNorm over each head of q and k.
		t.QKNorm = "head"
		notes = append(notes, fmt.Sprintf("`%s` has use_qk_norm: q and k are normalized per head", modelType))
	}
	if odd := unlikeDecoderKeys(o); len(odd) > 0 {
		notes = append(notes, fmt.Sprintf("`%s` has keys a Llama-style decoder lacks (%s): state-space, linear-attention "+
			"or other layers it may hold are not counted as such, so its parameters and activations may be off",
			modelType, strings.Join(odd, ", ")))
	}
	for _, key := range []string{"vision_config", "visual", "vision_tower", "audio_config", "img_processor"} {
		if _, ok := root.get(key); ok && o.path == root.path {
			// A wrapper that keeps its decoder's keys at the top level (CogVLM2: vision_config beside them;
			// Phi-3-vision's phi3_v: img_processor names its CLIP tower).
			notes = append(notes, fmt.Sprintf("`%s` has a %s that is not counted: only the decoder is, so the estimate "+
				"is a lower bound", modelType, key))
			break
		}
	}
	if _, ok := o.get("tie_word_embeddings"); ok {
		t.TiedEmbeddings = o.bool("tie_word_embeddings", false)
	} else {
		notes = append(notes, fmt.Sprintf("`%s` does not say tie_word_embeddings; its lm_head is counted as a separate matrix", modelType))
	}
	if experts > 0 {
		t.ExpertIntermediate = firstInt(o, expertWidthKeys, 0)
		t.Intermediate = o.int("intermediate_size", t.ExpertIntermediate)
		if t.ExpertIntermediate == t.Intermediate {
			t.ExpertIntermediate = 0
		}
		width := t.ExpertIntermediate
		if width == 0 {
			width = t.Intermediate
		}
		t.SharedExpertIntermediate = o.int("shared_expert_intermediate_size", o.int("n_shared_experts", 0)*width)
		dense := firstDense(o.int("first_k_dense_replace", 0), t.Layers)
		for _, i := range sparseStepDense(t.Layers, o.int("decoder_sparse_step", 1), o.intList("mlp_only_layers")) {
			if !slices.Contains(dense, i) {
				dense = append(dense, i)
			}
		}
		t.DenseLayers = dense
		t.RouterLogits = o.bool("output_router_logits", false)
		notes = append(notes, fmt.Sprintf("`%s` experts are counted as transformers 5.x stores them: fused 3-D tensors "+
			"with a bare router weight, which LoRA target_modules do not adapt", modelType))
	} else {
		t.Intermediate = o.int("intermediate_size", 0)
	}
	return Model{Text: t, Assumptions: notes}
}

// firstInt reads the first of keys that is present.
func firstInt(o object, keys []string, def int) int {
	for _, k := range keys {
		if _, ok := o.get(k); ok {
			return o.int(k, def)
		}
	}
	return def
}

// unlikeDecoderKeys lists the keys of o that belong to layers a Llama-style decoder does not have (Mamba and
// other state-space mixers, linear attention, RWKV), and layer_types entries other than full or sliding
// attention, so the generic reading can say it is on thin ice.
func unlikeDecoderKeys(o object) []string {
	var odd []string
	for k := range o.m {
		for _, p := range []string{"mamba", "ssm_", "linear_", "conv_kernel", "rwkv", "time_step", "attn_layer_"} {
			if strings.HasPrefix(k, p) {
				odd = append(odd, k)
				break
			}
		}
	}
	if v, ok := o.get("layer_types"); ok {
		if list, isList := v.([]any); isList {
			for _, item := range list {
				if s, isStr := item.(string); isStr && s != "full_attention" && s != "sliding_attention" {
					odd = append(odd, "layer_types: "+s)
					break
				}
			}
		}
	}
	slices.Sort(odd)
	return odd
}
