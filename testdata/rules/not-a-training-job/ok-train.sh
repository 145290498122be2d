NPROC_PER_NODE=2 swift sft --model Qwen/Qwen2.5-7B-Instruct --tuner_type lora --torch_dtype bfloat16 --dataset d --max_length 2048
python -m llava.train.train_mem --model_name_or_path lmsys/vicuna-7b-v1.5 --bf16 True
