# qwen-vl-finetune pads each micro batch to its longest sample, but a full
# fine-tune of a 32B model without ZeRO holds its weights, gradients and
# optimizer states on every GPU: not even one token fits, so the length the
# data reaches does not matter and the finding stays an error.
torchrun --nproc_per_node=8 \
  qwenvl/train/train_qwen.py \
  --model_name_or_path Qwen/Qwen2.5-VL-32B-Instruct \
  --tune_mm_vision False \
  --tune_mm_mlp True \
  --tune_mm_llm True \
  --bf16 \
  --output_dir ./output \
  --per_device_train_batch_size 1 \
  --model_max_length 4096 \
  --gradient_checkpointing True
