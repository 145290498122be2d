package read

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// smallDogePTScript is the pretraining script small-doge's recipes run with
// their PTConfig YAML: src/small_doge/trainer/pt.py at
// SmallDoges/small-doge@0e305a7, whose PTConfig
// (src/small_doge/utils/training_args_configs.py) extends TrainingArguments
// with model_init_kwargs, datasets_and_ratios, max_length and packing.
const smallDogePTScript = "small-doge src/small_doge/trainer/pt.py at SmallDoges/small-doge@0e305a7"

// smallDogeModelID names the model pt.py builds from a recipe's
// model_init_kwargs.
const smallDogeModelID = "DogeConfig(**model_init_kwargs)"

// smallDogePT returns the model_init_kwargs of a small-doge pretraining
// config: a Trainer YAML with PTConfig's datasets_and_ratios and a
// model_init_kwargs mapping that gives the architecture (hidden_size,
// num_hidden_layers). TRL's trainers pass model_init_kwargs to
// from_pretrained, where a hidden_size of its own would not load the
// checkpoint's weights; pt.py instead builds a new model from them.
func smallDogePT(j *Job) (kwargs *yaml.Node, at plan.Origin, ok bool) {
	if j == nil || j.Trainer == nil || j.Trainer.Format != Trainer || j.Trainer.Root == nil {
		return nil, plan.Origin{}, false
	}
	root := j.Trainer.Root
	if _, v := document.Get(root, "datasets_and_ratios"); v == nil {
		return nil, plan.Origin{}, false
	}
	k, v := document.Get(root, "model_init_kwargs")
	if v == nil || v.Kind != yaml.MappingNode {
		return nil, plan.Origin{}, false
	}
	for _, key := range []string{"hidden_size", "num_hidden_layers"} {
		if _, n := document.Get(v, key); n == nil {
			return nil, plan.Origin{}, false
		}
	}
	return v, plan.At(j.Trainer.Path, k.Line, k.Column, "model_init_kwargs"), true
}

// resolveSmallDogePT prices the model small-doge's pt.py builds:
// config_class(**config_kwargs) with config_class = DogeConfig (transformers'
// models/doge) and config_kwargs = model_init_kwargs plus use_cache, then
// DogeForCausalLM(config=config), a new model, unless model_name_or_path ends
// with "checkpoint", where from_pretrained loads it with that config. Either
// way the shapes are model_init_kwargs' over DogeConfig's defaults. The new
// model's parameters are made in torch's default dtype, float32: a model's
// constructor does not read the config's torch_dtype, which only
// from_pretrained and _from_config apply. It reports false for any other job.
func resolveSmallDogePT(p *plan.Plan, j *Job) bool {
	kwargs, at, ok := smallDogePT(j)
	if !ok {
		return false
	}
	var cfg map[string]any
	if err := kwargs.Decode(&cfg); err != nil {
		p.Gap(plan.MemoryGap{Kind: gapModelConfig, What: "model_init_kwargs unreadable", Detail: err.Error(), Fix: fixModel})
		return true
	}
	cfg["model_type"] = "doge"
	data, err := json.Marshal(cfg)
	if err != nil {
		p.Gap(plan.MemoryGap{Kind: gapModelConfig, What: "model_init_kwargs unreadable", Detail: err.Error(), Fix: fixModel})
		return true
	}
	source := fmt.Sprintf("%s:%d model_init_kwargs", at.File, at.Line)
	m, err := catalog.ParseHFConfig(data, source)
	if err != nil {
		p.Gap(plan.MemoryGap{Kind: gapUnknownModel, What: fmt.Sprintf("model `%s` not modelled", smallDogeModelID),
			Detail: fmt.Sprintf("%s builds its model from model_init_kwargs as a DogeConfig, which trainlint cannot price: %v", smallDogePTScript, err),
			Fix:    fixModel})
		return true
	}
	m.ID = smallDogeModelID
	from := at
	from.Note = "a new DogeConfig(**model_init_kwargs), which " + smallDogePTScript + " builds"
	p.Model = plan.Of(m, from)
	if !strings.HasSuffix(p.ModelRef.V, "checkpoint") {
		p.LoadDtype = plan.Of(plan.FP32, plan.Derived(smallDogePTScript+" builds DogeForCausalLM(config) in torch's default dtype"))
	}
	// DogeConfig passes attn_implementation to PretrainedConfig, which sets
	// the model's attention.
	if k, v := document.Get(kwargs, "attn_implementation"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		p.Attention = plan.Of(v.Value, plan.At(at.File, k.Line, k.Column, "model_init_kwargs.attn_implementation"))
	}
	// PTConfig: max_length 2048 and packing true, which mix_pt_datasets
	// (src/small_doge/processor) packs every sample to.
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(2048, plan.Default(smallDogePTScript+" PTConfig.max_length"))
	}
	if !p.Packing.Set {
		p.Packing = plan.Of(true, plan.Default(smallDogePTScript+" PTConfig.packing"))
	}
	return true
}
