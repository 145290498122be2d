package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Key names the generic reader accepts for one value, in the order it tries them: transformers' own first, then
// the spellings of the common remote-code and newer configs.
var (
	expertKeys       = []string{"num_experts", "num_local_experts", "n_routed_experts", "moe_num_experts"}
	expertsPerTokKey = []string{"num_experts_per_tok", "num_experts_per_token", "experts_per_token", "moe_topk"}
	expertWidthKeys  = []string{"moe_intermediate_size", "expert_intermediate_size"}
	nestedTextKeys   = []string{"text_config", "llm_config", "language_config"}
)

// parseGeneric reads a config.json whose model_type trainlint does not know as a Llama-style decoder (q/k/v/o
// projections, a gated MLP or a transformers 5.x mixture-of-experts block, two RMSNorms per layer) from the keys
// every transformers decoder config shares. The estimate then lists an assumption naming the type. A config that
// keeps its decoder under text_config, llm_config or language_config (a multimodal wrapper) is read from there,
// counting the decoder only. Only a config missing the keys that size a decoder is an error, naming them.
func parseGeneric(root object, modelType string) Model {
	o := root
	where := "its config.json keys"
	if _, ok := root.get("hidden_size"); !ok {
		for _, key := range nestedTextKeys {
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
		ExpertsPerToken: firstInt(o, expertsPerTokKey, 0),
	}
	t.AttentionBias = o.bool("attention_bias", o.bool("qkv_bias", false))
	t.OutputBias = o.bool("attention_bias", false)
	t.MLPBias = o.bool("mlp_bias", false)
	notes := []string{fmt.Sprintf("model_type `%s` is not known; estimated as a generic Llama-style decoder from %s",
		modelType, where)}
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
