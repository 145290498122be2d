package read

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadOpenRLHFPlacement counts the GPUs train_ppo_ray asks Ray for,
// with OpenRLHF v0.9.0's defaults, colocation flags and v0.11's names.
func TestReadOpenRLHFPlacement(t *testing.T) {
	for _, c := range []struct {
		name, args string
		total      int
		ok         bool
		module     string // openrlhf.cli.train_ppo_ray when empty
	}{
		{"defaults: actor, reference, critic, reward on 8 GPUs each", "--pretrain m --reward_pretrain r", 32, true, ""},
		{"no vLLM, colocated pairs", "--pretrain m --reward_pretrain r --actor_num_gpus_per_node 4 --ref_num_gpus_per_node 4 --critic_num_gpus_per_node 4 --reward_num_gpus_per_node 4 --colocate_actor_ref --colocate_critic_reward", 8, true, ""},
		{"grpo with a remote reward and no KL: actor and engines", "--pretrain m --advantage_estimator group_norm --remote_rm_url http://rm --init_kl_coef 0 --actor_num_gpus_per_node 4 --vllm_num_engines 2 --vllm_tensor_parallel_size 2", 8, true, ""},
		{"colocate all models: the actor's GPUs", "--pretrain m --remote_rm_url http://rm --actor_num_nodes 2 --actor_num_gpus_per_node 8 --ref_num_nodes 2 --vllm_num_engines 16 --colocate_all_models", 16, true, ""},
		{"colocate all with async: engines apart", "--pretrain m --remote_rm_url http://rm --actor_num_gpus_per_node 4 --vllm_num_engines 4 --colocate_all_models --async_train", 8, true, ""},
		{"v0.11 dotted names", "--actor.model_name_or_path m --reward.remote_url http://rm --algo.advantage.estimator group_norm --actor.num_gpus_per_node 2 --ref.num_gpus_per_node 2 --vllm.num_engines 1 --vllm.tensor_parallel_size 2", 6, true, ""},
		{"a count from the environment", "--pretrain m --actor_num_gpus_per_node $GPUS", 0, false, ""},
		{"a fork's own entry places its groups the same way", "--pretrain m --remote_rm_url http://rm --actor_num_gpus_per_node 4 --vllm_num_engines 4", 24, true, "marti.cli.commands.multi_agent_train_ppo_ray"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.sh")
			module := c.module
			if module == "" {
				module = "openrlhf.cli.train_ppo_ray"
			}
			if err := os.WriteFile(path, []byte("python3 -m "+module+" "+c.args+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			p, ok := ReadOpenRLHFPlacement(res.Jobs[0])
			if ok != c.ok || p.Total != c.total {
				t.Errorf("got %d GPUs, %v (%+v); want %d, %v", p.Total, ok, p.Groups, c.total, c.ok)
			}
		})
	}
}
