python3 tools/eval_quantize.py --bnb_path /path/to/your/bnb_model --data_path data/sft/medical_sft_1K_format.jsonl
