#!/usr/bin/env python3
"""Count the parameters transformers builds from vision-language config.json files.

Usage (from the repository root, on a machine with torch and transformers):

    python3 calibrate/count_vlm_params.py testdata/models/vlm/*.json

Like count_params.py, but through AutoModelForImageTextToText: each file is
built on PyTorch's meta device (no memory, no weights, no network) and the
script prints one JSON object per file with the total, tied weights counted
once, and the count under each top-level module (model.visual,
model.vision_tower, model.multi_modal_projector, ...). Remote-code model types
(internvl_chat, qwen, minicpmv, multi_modality) need their modeling files and
report an error instead. catalog/vlm_test.go holds the counts transformers
5.17 gave for testdata/models/vlm.
"""

import json
import os
import sys

import torch
from transformers import CONFIG_MAPPING, AutoModelForImageTextToText


def count(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    cfg = CONFIG_MAPPING[raw.pop("model_type")](**raw)
    with torch.device("meta"):
        model = AutoModelForImageTextToText.from_config(cfg)
    parts = {}
    for name, p in model.named_parameters():
        key = ".".join(name.split(".")[:2])
        parts[key] = parts.get(key, 0) + p.numel()
    return {"params": sum(p.numel() for p in model.parameters()), "parts": parts}


def main(paths):
    for path in paths:
        try:
            row = {"file": os.path.basename(path), **count(path)}
        except Exception as e:  # a config this transformers cannot build
            row = {"file": os.path.basename(path), "error": repr(e)[:300]}
        print(json.dumps(row))


if __name__ == "__main__":
    main(sys.argv[1:])
