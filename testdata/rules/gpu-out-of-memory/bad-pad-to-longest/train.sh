# InternVL chat fine-tune with group_by_length: samples are tokenized without
# padding and the collator pads each micro batch to its longest sample, so
# max_seq_length 16384 is a cap the data may never reach. At the cap a micro
# batch of 4 does not fit; the data decides, so the finding is a warning that
# names the longest sample that fits.
torchrun --nnodes=1 --nproc_per_node=8 \
  internvl/train/internvl_chat_finetune.py \
  --model_name_or_path "OpenGVLab/InternVL3-8B" \
  --output_dir work_dirs/out \
  --freeze_llm False \
  --freeze_mlp False \
  --freeze_backbone True \
  --bf16 True \
  --per_device_train_batch_size 4 \
  --gradient_accumulation_steps 4 \
  --max_seq_length 16384 \
  --do_train True \
  --grad_checkpoint True \
  --group_by_length True \
  --dynamic_image_size True \
  --use_thumbnail True \
  --deepspeed zero_stage1_config.json
