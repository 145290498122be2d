#!/usr/bin/env python3
"""Count the parameters transformers builds from Hugging Face config.json files.

Usage (from the repository root, on a machine with torch and transformers):

    python3 calibrate/count_params.py testdata/archs/*.json > testdata/archs/transformers_counts.json

For each file it builds the model on PyTorch's meta device (no memory, no
weights, no network), the way from_pretrained would before loading a
checkpoint, and prints a JSON list of {"file", "params", "transformers"}, or
{"file", "error"} for a config it cannot build (remote-code model types such as
qwen, chatglm, baichuan and internlm3 need their modeling files from the hub).
model.parameters() yields a tied lm_head once, as the catalog counts it.
catalog's TestArchCountsMatchTransformers compares every count with the catalog.
"""

import json
import sys

import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForImageTextToText


def count(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    # from_config never quantizes; drop the checkpoint's quantization so the
    # config class does not try to set a quantizer up.
    raw.pop("quantization_config", None)
    model_type = raw.pop("model_type")
    cfg = AutoConfig.for_model(model_type, **raw)
    with torch.device("meta"):
        try:
            model = AutoModelForCausalLM.from_config(cfg)
        except ValueError:
            # vision-language configs map to the image-text-to-text classes
            model = AutoModelForImageTextToText.from_config(cfg)
    return sum(p.numel() for p in model.parameters())


def main(paths):
    rows = []
    for path in paths:
        if path.endswith("counts.json"):
            continue
        try:
            rows.append({"file": path, "params": count(path), "transformers": transformers.__version__})
        except Exception as e:  # report and go on: one unknown model_type must not hide the others
            rows.append({"file": path, "error": f"{type(e).__name__}: {e}"})
    json.dump(rows, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
