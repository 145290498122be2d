trl reward --config reward_config.yaml
