trl sft --config example_config.yaml --output_dir test-sft
