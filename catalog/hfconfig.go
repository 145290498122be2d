package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// LoadHFConfig reads a Hugging Face config.json, or the config.json in a model folder, so a model that is not in
// the catalog (a fine-tune, a new release) can be estimated from the file it ships with. Errors name the file.
func LoadHFConfig(path string) (Model, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Model{}, fmt.Errorf("read model config: %w", err)
	}
	if info.IsDir() {
		path = filepath.Join(path, "config.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Model{}, fmt.Errorf("read model config: %w", err)
	}
	return ParseHFConfig(data, path)
}

// ModelTypes are the config.json model_types ParseHFConfig reads by name: decoders (remote-code ones too: qwen,
// chatglm, baichuan, internlm2/3) and the vision-language wrappers around them. Any other model_type is read as a
// generic Llama-style decoder when its config.json has the standard keys, with an assumption saying so (see
// parseGeneric). TestModelTypes keeps this list and the parsers in step; the README lists it.
var ModelTypes = []string{
	"llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text",
	"phi3", "phimoe", "internlm2", "internlm3", "deepseek_v2", "deepseek_v3", "gpt_oss", "glm4", "glm4_moe", "olmo2",
	"olmo3", "granite", "qwen", "chatglm", "baichuan", "falcon", "phi", "opt", "gpt2", "gpt_bigcode", "bloom", "gpt_neox", "stablelm", "starcoder2", "olmo",
	"smollm3", "llama4_text", "dbrx", "minicpm", "minicpm3", "qwen3_next", "qwen3_5_text", "doge", "seed_oss",
	"llava", "llava_next", "llava_onevision", "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_moe", "llama4", "gemma3", "paligemma", "internvl",
	"internvl_chat", "minicpmv", "mllama", "mistral3", "idefics2", "idefics3", "qwen3_5", "smolvlm", "multi_modality",
}

// supportedModelTypes names ModelTypes in error messages.
var supportedModelTypes = strings.Join(ModelTypes, ", ")

// ParseHFConfig reads the contents of a config.json. Keys it does not find take the defaults of the transformers
// config class (num_key_value_heads = num_attention_heads, head_dim = hidden_size / num_attention_heads, a llava
// text_config without model_type is llama, …), as from_pretrained would. source names the file in errors and
// becomes Model.Source; the model's ID is its _name_or_path when set, else the name of the folder holding
// config.json (checkpoints are saved in folders named after the model), else the file name without ".json".
func ParseHFConfig(data []byte, source string) (Model, error) {
	if source == "" {
		source = "config.json"
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return Model{}, fmt.Errorf("%s: not a JSON object: %w", source, err)
	}
	var firstErr error
	root := object{m: raw, src: source, err: &firstErr}
	m := parseHF(root)
	m.ID = root.str("_name_or_path", "")
	if firstErr != nil {
		return Model{}, firstErr
	}
	if m.ID == "" {
		m.ID = idFromPath(source)
	}
	m.Source = source
	m = m.normalized()
	if err := m.Validate(); err != nil {
		return Model{}, fmt.Errorf("%s: %w", source, err)
	}
	return m, nil
}

func idFromPath(source string) string {
	base := filepath.Base(source)
	if base == "config.json" {
		if dir := filepath.Base(filepath.Dir(source)); dir != "." && dir != string(filepath.Separator) {
			return dir
		}
	}
	return strings.TrimSuffix(base, ".json")
}

// remoteModelTypes name the model_type of remote-code configs that leave it out: MiniCPM-2B's config.json
// (openbmb/MiniCPM-2B-sft-bf16) names only its auto_map classes and architectures.
var remoteModelTypes = map[string]string{
	"MiniCPMForCausalLM":  "minicpm",
	"MiniCPM3ForCausalLM": "minicpm3",
}

// parseUntyped reads a remote-code config.json that sets no model_type (CogVLM2's, THUDM/cogvlm2-llama3-chat-19B:
// auto_map and architectures only) as the generic decoder, named by its architectures entry: from_pretrained with
// trust_remote_code builds such a model from auto_map's classes, whatever the type.
func parseUntyped(root object, arch string) Model {
	m := parseGeneric(root, arch)
	if m.Text.Arch != "" {
		m.Assumptions = append([]string{fmt.Sprintf("its config.json sets no model_type; the remote-code model is "+
			"named by its architectures entry `%s`", arch)}, m.Assumptions...)
	}
	return m
}

func parseHF(root object) Model {
	mt := root.str("model_type", "")
	if mt == "" {
		mt = remoteModelTypes[root.firstString("architectures")]
	}
	switch mt {
	case "":
		if arch := root.firstString("architectures"); arch != "" {
			if _, remote := root.get("auto_map"); remote {
				return parseUntyped(root, arch)
			}
		}
		root.fail("model_type", "missing; supported: %s", supportedModelTypes)
		return Model{}
	case "llava":
		return parseLlavaAny(root)
	case "qwen2_vl":
		return parseQwen2VL(root)
	case "internvl_chat":
		return parseInternVL(root)
	case "minicpmv":
		return parseMiniCPMVAny(root)
	case "qwen2_5_vl":
		return parseQwen25VL(root)
	case "qwen3_vl":
		return parseQwen3VL(root, "qwen3")
	case "llama4":
		// Llama4Config: the decoder under text_config; the vision tower is not read (see llama4Note).
		return textOf(root, "llama4_text", false)
	case "qwen3_vl_moe":
		// Qwen3-VL-30B-A3B and -235B-A22B: Qwen3-VL's tower and mergers over a Qwen3-MoE decoder.
		return parseQwen3VL(root, "qwen3_vl_moe_text")
	case "gemma3":
		return parseGemma3(root)
	case "llava_next":
		return parseLlavaNext(root, false)
	case "llava_onevision":
		return parseLlavaNext(root, true)
	case "internvl":
		return parseInternVLHF(root)
	case "mllama":
		return parseMllama(root)
	case "mistral3":
		return parseMistral3(root)
	case "idefics2":
		return parseIdefics2(root)
	case "qwen3_5":
		// Qwen3_5Config: the decoder under text_config and a vision_config. AutoModelForCausalLM maps qwen3_5 to
		// Qwen3_5ForCausalLM, the decoder alone (models/auto/modeling_auto.py, "VLM compatibility"), which is what
		// is counted here.
		m := textOf(root, "qwen3_5_text", false)
		m.Assumptions = append(m.Assumptions, qwen35VisionNote)
		return m
	case "idefics3":
		return parseIdefics3(root)
	case "smolvlm":
		return parseIdefics3(root)
	case "qwen":
		return parseQwen(root)
	case "multi_modality":
		return parseMultiModality(root)
	case "paligemma":
		return parsePaliGemma(root)
	default:
		return parseDecoder(root, mt)
	}
}

// parseLlava reads transformers' LlavaConfig: a vision_config (CLIP unless it says otherwise) and a text_config
// (Llama unless it says otherwise), joined by a two-layer MLP.
func parseLlava(root object) Model {
	text := root.sub("text_config")
	m := parseDecoder(text, text.str("model_type", "llama"))
	var v VisionConfig
	if vis, ok := root.subIfPresent("vision_config"); ok {
		v = parseViT(vis, vis.str("model_type", "clip_vision_model"))
	} else {
		// LlavaConfig's own default tower is CLIP ViT-L/14-336, not CLIPVisionConfig's defaults.
		v = VisionConfig{Arch: "clip_vision_model", Hidden: 1024, Layers: 24, Heads: 16, Intermediate: 4096, ImageSize: 336, PatchSize: 14}
	}
	m.Vision = &v
	m.Projector = &Projector{
		Kind:           "mlp",
		FeatureLayers:  root.intOrListLen("vision_feature_layer"),
		NoBias:         !root.bool("multimodal_projector_bias", true),
		KeepClassToken: root.str("vision_feature_select_strategy", "default") == "full",
	}
	return m
}

// parseViT reads a CLIP or SigLIP vision config with its class's defaults.
func parseViT(o object, modelType string) VisionConfig {
	var v VisionConfig
	switch modelType {
	case "clip_vision_model":
		v = VisionConfig{Arch: modelType, Hidden: 768, Layers: 12, Heads: 12, Intermediate: 3072, ImageSize: 224, PatchSize: 32}
	case "siglip_vision_model":
		v = VisionConfig{Arch: modelType, Hidden: 768, Layers: 12, Heads: 12, Intermediate: 3072, ImageSize: 224, PatchSize: 16}
		v.UseHead = o.bool("vision_use_head", true)
	default:
		o.fail("model_type", "unsupported vision tower %q; supported: clip_vision_model, siglip_vision_model", modelType)
		return v
	}
	v.Hidden = o.int("hidden_size", v.Hidden)
	v.Layers = o.int("num_hidden_layers", v.Layers)
	v.Heads = o.int("num_attention_heads", v.Heads)
	v.Intermediate = o.int("intermediate_size", v.Intermediate)
	v.ImageSize = o.int("image_size", v.ImageSize)
	v.PatchSize = o.int("patch_size", v.PatchSize)
	return v
}

// parseQwen2VL reads Qwen2VLConfig: decoder keys at the top level (or under text_config in newer files) and the
// vision tower under vision_config, whose hidden_size is the merger's output width, not the tower's.
func parseQwen2VL(root object) Model {
	text := root
	if tc, ok := root.subIfPresent("text_config"); ok {
		text = tc
	}
	m := Model{Text: parseText(text, "qwen2_vl")}
	vis := root.sub("vision_config")
	width := vis.int("embed_dim", 1280)
	ratio := vis.float("mlp_ratio", 4)
	if ratio <= 0 || ratio > 64 {
		vis.fail("mlp_ratio", "must be in (0, 64], got %v", ratio)
	}
	m.Vision = &VisionConfig{
		Arch:              "qwen2_vl",
		Hidden:            width,
		Layers:            vis.int("depth", 32),
		Heads:             vis.int("num_heads", 16),
		Intermediate:      int(float64(width) * ratio),
		PatchSize:         vis.int("patch_size", 14),
		TemporalPatchSize: vis.int("temporal_patch_size", 2),
	}
	m.Projector = &Projector{Kind: "merger", Merge: vis.int("spatial_merge_size", 2)}
	return m
}

// internvlLLM maps an llm_config architecture to its decoder model type, the way InternVLChatConfig picks the
// config class; "" for one it does not name.
func internvlLLM(architecture string) string {
	switch architecture {
	case "InternLM2ForCausalLM":
		return "internlm2"
	case "LlamaForCausalLM":
		return "llama"
	case "Qwen2ForCausalLM":
		return "qwen2"
	case "Phi3ForCausalLM":
		return "phi3"
	case "Qwen3ForCausalLM":
		return "qwen3"
	case "Qwen3MoeForCausalLM":
		return "qwen3_moe"
	}
	return ""
}

// parseInternVL reads InternVLChatConfig (trust_remote_code): llm_config, an InternViT vision_config, pixel shuffle
// by downsample_ratio and dynamic tiling.
func parseInternVL(root object) Model {
	llm := root.sub("llm_config")
	modelType := internvlLLM(llm.firstString("architectures"))
	if modelType == "" {
		modelType = llm.str("model_type", "internlm2")
	}
	m := parseDecoder(llm, modelType)
	vis := root.sub("vision_config")
	if mt := vis.str("model_type", "intern_vit_6b"); mt != "intern_vit_6b" {
		vis.fail("model_type", "unsupported vision tower %q; supported: intern_vit_6b", mt)
	}
	// InternVisionConfig's defaults are InternViT-6B's.
	v := VisionConfig{
		Arch:         "intern_vit",
		Hidden:       vis.int("hidden_size", 3200),
		Layers:       vis.int("num_hidden_layers", 48),
		Heads:        vis.int("num_attention_heads", 25),
		Intermediate: vis.int("intermediate_size", 12800),
		ImageSize:    vis.int("image_size", 224),
		PatchSize:    vis.int("patch_size", 14),
		QKVBias:      vis.bool("qkv_bias", false),
		QKNorm:       vis.bool("qk_normalization", true),
		RMSNorm:      vis.str("norm_type", "rms_norm") == "rms_norm",
	}
	v.ImageSize = root.int("force_image_size", v.ImageSize)
	m.Vision = &v
	ratio := root.float("downsample_ratio", 0.5)
	if ratio <= 0 || ratio > 1 {
		root.fail("downsample_ratio", "must be in (0, 1], got %v", ratio)
		ratio = 1
	}
	m.Projector = &Projector{Kind: "pixel-shuffle-mlp", Merge: int(math.Round(1 / ratio))}
	if root.bool("dynamic_image_size", false) {
		m.Slicing = Slicing{
			Mode:      "internvl",
			SliceSize: v.ImageSize,
			MaxSlices: root.int("max_dynamic_patch", 6),
			Overview:  root.bool("use_thumbnail", false),
		}
	}
	return m
}

// parseMiniCPMV reads MiniCPMVConfig (trust_remote_code) for the versions whose decoder is a standard arch:
// 2.5 extends LlamaConfig, 2.6 Qwen2Config, with the SigLIP tower, the resampler and the slicing settings added.
func parseMiniCPMV(root object) Model {
	var m Model
	switch version := root.float("version", 2.0); version {
	case 2.5:
		m.Text = parseText(root, "llama")
	case 2.6:
		m.Text = parseText(root, "qwen2")
	case 4.5:
		// MiniCPM-V 4.5 is SigLIP-400M and Qwen3-8B (its config.json holds Qwen3Config's keys).
		m.Text = parseText(root, "qwen3")
	default:
		root.fail("version", "MiniCPM-V %v is not supported (2.5, 2.6 and 4.5 are)", version)
		return m
	}
	vis := root.sub("vision_config")
	v := VisionConfig{
		Arch:         "siglip_navit",
		Hidden:       vis.int("hidden_size", 1152),
		Layers:       vis.int("num_hidden_layers", 27),
		Heads:        vis.int("num_attention_heads", 16),
		Intermediate: vis.int("intermediate_size", 4304),
		ImageSize:    vis.int("image_size", 980),
		PatchSize:    vis.int("patch_size", 14),
	}
	if root.bool("drop_vision_last_layer", true) {
		v.Layers--
	}
	m.Vision = &v
	m.Projector = &Projector{Kind: "resampler", Queries: root.int("query_num", 64)}
	if root.bool("slice_mode", true) {
		sc := root.sub("slice_config")
		m.Slicing = Slicing{
			Mode:      "minicpm",
			SliceSize: sc.int("scale_resolution", 448),
			MaxSlices: sc.int("max_slice_nums", 9),
			Overview:  true,
		}
	}
	return m
}

// object is one JSON object of a config with its key path, for errors that say which key is wrong. The first
// error sticks in err and later reads return defaults, so parsers read straight through and check once.
type object struct {
	m    map[string]any
	path string // key prefix, "" at the top level, "text_config." inside
	src  string
	err  *error
}

func (o object) fail(key, format string, args ...any) {
	if *o.err == nil {
		*o.err = fmt.Errorf("%s: key %q: %s", o.src, o.path+key, fmt.Sprintf(format, args...))
	}
}

// get returns the value of key; a JSON null counts as missing, as Python's None makes transformers use defaults.
func (o object) get(key string) (any, bool) {
	v, ok := o.m[key]
	return v, ok && v != nil
}

func (o object) int(key string, def int) int {
	v, ok := o.get(key)
	if !ok {
		return def
	}
	n, isNum := v.(json.Number)
	if !isNum {
		o.fail(key, "want an integer, got %s", describe(v))
		return def
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		o.fail(key, "want a non-negative integer, got %s", n)
		return def
	}
	return int(f)
}

func (o object) float(key string, def float64) float64 {
	v, ok := o.get(key)
	if !ok {
		return def
	}
	n, isNum := v.(json.Number)
	f, err := n.Float64()
	if !isNum || err != nil {
		o.fail(key, "want a number, got %s", describe(v))
		return def
	}
	return f
}

func (o object) bool(key string, def bool) bool { return typed(o, key, def, "true or false") }

func (o object) str(key, def string) string { return typed(o, key, def, "a string") }

// typed reads key as a T, falling back to def (and recording an error that
// says what was wanted) when it holds something else.
func typed[T any](o object, key string, def T, want string) T {
	v, ok := o.get(key)
	if !ok {
		return def
	}
	t, isT := v.(T)
	if !isT {
		o.fail(key, "want %s, got %s", want, describe(v))
		return def
	}
	return t
}

// firstString is the first element of a list of strings ("architectures"), or "".
func (o object) firstString(key string) string {
	v, ok := o.get(key)
	if !ok {
		return ""
	}
	list, isList := v.([]any)
	if !isList {
		o.fail(key, "want a list of strings, got %s", describe(v))
		return ""
	}
	if len(list) == 0 {
		return ""
	}
	s, isStr := list[0].(string)
	if !isStr {
		o.fail(key, "want a list of strings, got a list holding %s", describe(list[0]))
	}
	return s
}

func (o object) listLen(key string) int {
	v, ok := o.get(key)
	if !ok {
		return 0
	}
	list, isList := v.([]any)
	if !isList {
		o.fail(key, "want a list, got %s", describe(v))
		return 0
	}
	return len(list)
}

// intOrListLen reads a key that is one layer index or a list of them (LLaVA's vision_feature_layer): the number
// of layers whose features are concatenated.
func (o object) intOrListLen(key string) int {
	v, ok := o.get(key)
	if !ok {
		return 1
	}
	if _, isNum := v.(json.Number); isNum {
		return 1
	}
	if list, isList := v.([]any); isList && len(list) > 0 {
		return len(list)
	}
	o.fail(key, "want a layer index or a non-empty list of them, got %s", describe(v))
	return 1
}

// sub returns the nested object at key, empty when missing so every key in it takes its default.
func (o object) sub(key string) object {
	s, _ := o.subIfPresent(key)
	return s
}

func (o object) subIfPresent(key string) (object, bool) {
	s := object{m: map[string]any{}, path: o.path + key + ".", src: o.src, err: o.err}
	v, ok := o.get(key)
	if !ok {
		return s, false
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		o.fail(key, "want an object, got %s", describe(v))
		return s, false
	}
	s.m = m
	return s, true
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case json.Number:
		return "number " + v.String()
	case bool:
		return fmt.Sprintf("%t", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return strings.TrimSpace(fmt.Sprintf("%T", v))
}
