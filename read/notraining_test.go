package read

import "testing"

// TestNotTrainingFolder: a script or module in a data-preparation, eval or
// serve folder, or named for what it does, is not a training job.
func TestNotTrainingFolder(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		declined  bool
	}{
		{"verl dataset builder", "python examples/data_preprocess/gsm8k.py --local_save_dir /data/gsm8k/\n", true},
		{"builder as a module", "python -m examples.data_preprocess.math_dataset --local_dir ~/data/math\n", true},
		{"training script", "torchrun --nproc_per_node=8 train.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", false},
		{"benchmark driver in an eval folder", "python llamavid/eval/model_msvd_qa.py --model-path ./work_dirs/llama-vid-7b --num-chunks 8\n", true},
		{"scorer in an eval module", "python -m eve.eval.summarize_gpt_review -f reviews.jsonl\n", true},
		{"demo in a serve folder", "python src/aguvis/serve/cli.py --model_path m --image_path i.png\n", true},
		{"training script beside an eval folder", "deepspeed llava/train/train_mem.py --model_name_or_path lmsys/vicuna-7b-v1.5 --output_dir out\n", false},
		{"lmms-eval under accelerate", "accelerate launch --num_processes=8 -m lmms_eval --model internvideo3 --model_args pretrained=m --tasks mvbench --batch_size 1\n", true},
		{"a service beside the trainer", "python ./verl_tool/servers/tools/utils/retrieval_server.py --index_path e5.index --topk 3 &\n", true},
		{"lighteval", "MODEL=SmallDoge/Doge-160M\nlighteval accelerate \"model_name=$MODEL,dtype=bfloat16\" \"evaluation/base/doge_base.txt\" --output-dir out\n", true},
		{"offline tokenization", "python offline_tokenization/concat_sst_bin_tokenization.py --model-path m --seq-length 4096\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			if p.NotTraining.Set != tc.declined {
				t.Errorf("declined %v (%q), want %v", p.NotTraining.Set, p.NotTraining.V, tc.declined)
			}
		})
	}
}

// TestDoEvalAlone: `--do_eval` without `--do_train` is evaluation only for a
// script that reads do_train; a script that takes TRL's arguments trains
// anyway; chat front ends are inference.
func TestDoEvalAlone(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		declined  bool
	}{
		{"run_clm-style script", "python run_clm.py --model_name_or_path gpt2 --do_eval\n", true},
		{"script with TRL's ModelConfig", "python sft_summarizer.py --model_name_or_path Qwen/Qwen2.5-0.5B --do_eval True --use_peft False\n", false},
		{"web demo", "python web_demo.py --model_name_or_path THUDM/chatglm2-6b\n", true},
		{"generation", "python generate.py --model_path decapoda-research/llama-7b-hf --lora_path l\n", true},
		{"chat", "python chat.py --model_path decapoda-research/llama-7b-hf\n", true},
		{"vLLM sampling (gen.py)", "python pipeline/gen.py --model_name_or_path deepseek-ai/deepseek-math-7b-rl --max_new_toks 2048 --temperature 1.6\n", true},
		{"a generator's fine-tune", "torchrun gen_train.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", false},
		{"inference in the name", "python examples/sglang_inference.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", true},
		{"chat fine-tune", "torchrun chat_finetune.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", false},
		{"open-r1 pass-rate filtering", "python scripts/pass_rate_filtering/compute_pass_rate.py --model_name_or_path Qwen/Qwen2.5-0.5B --num_generations 8 --pass_rate_min 0.1 --pass_rate_max 0.6\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			if p.NotTraining.Set != tc.declined {
				t.Errorf("declined %v (%q), want %v", p.NotTraining.Set, p.NotTraining.V, tc.declined)
			}
		})
	}
}
