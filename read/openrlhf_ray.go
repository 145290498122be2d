package read

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// RayGroup is one set of GPUs a Ray-placed RL job asks for.
type RayGroup struct {
	What string      // "actor and reference (--colocate_actor_ref)", "2 vLLM engines × tensor parallel 4"
	GPUs int         // GPUs the group reserves
	From plan.Origin // where its size is written, or the command
}

// RayPlacement is every GPU group an OpenRLHF PPO job asks Ray for.
type RayPlacement struct {
	Groups []RayGroup
	Total  int
}

// ReadOpenRLHFPlacement adds up the GPUs `openrlhf.cli.train_ppo_ray`
// reserves (OpenRLHF v0.9.0 openrlhf/cli/train_ppo_ray.py train): the actor,
// the reference unless --init_kl_coef is 0, the critic with the gae
// estimator, the reward model unless --remote_rm_url, each
// num_nodes × num_gpus_per_node GPUs (defaults 1 × 8), and the vLLM engines
// (--vllm_num_engines × --vllm_tensor_parallel_size); --colocate_actor_ref,
// --colocate_critic_reward and --colocate_all_models put groups on one
// placement group of the actor's (critic's) GPUs. v0.11's dotted names are
// read as aliases. A fork's own copy of the entry (openRLHFEntry) places its
// groups the same way. ok is false when the job is not that command or a
// count depends on the environment.
func ReadOpenRLHFPlacement(j *Job) (RayPlacement, bool) {
	if j == nil || j.Command == nil || j.Script == nil {
		return RayPlacement{}, false
	}
	if entry, _, ok := openRLHFEntry(j.Command); !ok || entry != "train_ppo_ray" {
		return RayPlacement{}, false
	}
	a := openRLHFArgs{script: j.Script.Path, pairs: map[string]document.Pair{}, entry: "train_ppo_ray"}
	if j.Args != nil {
		for _, pr := range document.Pairs(j.Args) {
			a.pairs[pr.Key.Value] = pr
		}
	}
	cmd := plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, "openrlhf.cli.train_ppo_ray")
	known := true
	count := func(def int, names ...string) (int, plan.Origin) {
		t, o, k, ok := a.get(names...)
		if !ok {
			return def, cmd
		}
		n, err := strconv.Atoi(strings.TrimSpace(t))
		if !k || err != nil {
			known = false
		}
		return n, o
	}
	number := func(def float64, names ...string) float64 {
		t, _, k, ok := a.get(names...)
		if !ok {
			return def
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		if !k || err != nil {
			known = false
		}
		return f
	}
	flag := func(names ...string) bool { return a.flag(names...).V }
	has := func(names ...string) bool { _, _, _, ok := a.get(names...); return ok }
	group := func(role string) (int, plan.Origin, string) {
		nodes, no := count(1, role+"_num_nodes", role+".num_nodes")
		gpus, gofr := count(8, role+"_num_gpus_per_node", role+".num_gpus_per_node")
		from := gofr
		if !from.Positioned() {
			from = no
		}
		return nodes * gpus, from, fmt.Sprintf("%d × %d", nodes, gpus)
	}
	var p RayPlacement
	add := func(what string, gpus int, from plan.Origin) {
		p.Groups = append(p.Groups, RayGroup{What: what, GPUs: gpus, From: from})
		p.Total += gpus
	}
	// With --async_train, --colocate_all_models colocates the DeepSpeed
	// models only; the vLLM engines get GPUs of their own.
	allModels := flag("colocate_all_models", "train.colocate_all")
	withEngines := allModels && !flag("async_train", "train.async_enable")
	ref := number(0.01, "init_kl_coef", "algo.kl.init_coef") > 0
	est, _, _, _ := a.get("advantage_estimator", "algo.advantage.estimator")
	critic := est == "" || est == "gae"
	reward := !has("remote_rm_url", "reward.remote_url", "agent_func_path")
	actor, actorFrom, actorShape := group("actor")
	switch {
	case withEngines:
		add("every model and the vLLM engines on the actor's GPUs, "+actorShape+" (--colocate_all_models)", actor, actorFrom)
	case allModels:
		add("every model on the actor's GPUs, "+actorShape+" (--colocate_all_models with --async_train)", actor, actorFrom)
	case flag("colocate_actor_ref", "train.colocate_actor_ref"):
		add("the actor and the reference on the actor's GPUs, "+actorShape+" (--colocate_actor_ref)", actor, actorFrom)
	default:
		add("the actor, "+actorShape, actor, actorFrom)
		if ref {
			n, from, shape := group("ref")
			add("the reference, "+shape, n, from)
		}
	}
	if engines, from := count(0, "vllm_num_engines", "vllm.num_engines"); engines > 0 && !withEngines {
		tp, _ := count(1, "vllm_tensor_parallel_size", "vllm.tensor_parallel_size")
		add(fmt.Sprintf("%d vLLM engines × tensor parallel %d", engines, tp), engines*tp, from)
	}
	if !allModels {
		c, cFrom, cShape := group("critic")
		r, rFrom, rShape := group("reward")
		switch {
		case critic && flag("colocate_critic_reward", "train.colocate_critic_reward"):
			add("the critic and the reward model on the critic's GPUs, "+cShape+" (--colocate_critic_reward)", c, cFrom)
		default:
			if critic {
				add("the critic, "+cShape, c, cFrom)
			}
			if reward {
				add("the reward model, "+rShape, r, rFrom)
			}
		}
	}
	if !known {
		return RayPlacement{}, false
	}
	return p, true
}
