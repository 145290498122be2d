# PEFT's SFT example (huggingface/peft examples/sft/run_peft_deepspeed.sh):
# use_peft_lora and use_4bit_quantization are the script's own
# ModelArguments, lora_target_modules a comma-separated string.
accelerate launch --num_processes 8 train.py \
--model_name_or_path "meta-llama/Llama-2-70b-hf" \
--max_length 2048 \
--bf16 True \
--per_device_train_batch_size 2 \
--gradient_accumulation_steps 4 \
--gradient_checkpointing True \
--output_dir out \
--use_peft_lora True \
--lora_r 8 \
--lora_alpha 16 \
--lora_target_modules "q_proj,v_proj" \
--use_4bit_quantization True \
--use_nested_quant True
