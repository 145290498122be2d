#!/bin/bash
axolotl train examples/llama-3/lora-8b.yml
