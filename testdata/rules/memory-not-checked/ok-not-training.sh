vllm serve Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size 2
python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen2.5-7B-Instruct
lm_eval --model hf --model_args pretrained=Qwen/Qwen2.5-7B-Instruct --tasks gsm8k
llamafactory-cli chat --model_name_or_path Qwen/Qwen2.5-7B-Instruct --template qwen
