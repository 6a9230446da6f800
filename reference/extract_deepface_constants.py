#!/usr/bin/env python3
"""Writes DeepFace's shipped thresholds and distance-to-confidence constants as JSON.

Reads deepface/config/threshold.py and deepface/config/confidence.py of a DeepFace checkout (plain Python
dicts, loaded with runpy, nothing else imported) and writes
src/main/resources/reference/deepface-constants.json, which notebook 02 shows beside facecal's own fit.

    git --git-dir=/work/.mirror/serengil+deepface/repo archive HEAD | tar -x -C /tmp/deepface
    /usr/bin/python3 reference/extract_deepface_constants.py /tmp/deepface 243209fd7b46ecdecf72665cc25219f6e8181f25
"""
import json
import runpy
import sys
from pathlib import Path

checkout, commit = Path(sys.argv[1]), sys.argv[2]
thresholds = runpy.run_path(str(checkout / "deepface/config/threshold.py"))["thresholds"]
confidences = runpy.run_path(str(checkout / "deepface/config/confidence.py"))["confidences"]
doc = {
    "source": "https://github.com/serengil/deepface/tree/" + commit + "/deepface/config (threshold.py, confidence.py)",
    "commit": commit,
    "license": "MIT (DeepFace)",
    "thresholds": thresholds,
    "confidences": confidences,
}
out = Path(__file__).resolve().parent.parent / "src/main/resources/reference/deepface-constants.json"
out.parent.mkdir(parents=True, exist_ok=True)
# repr-exact floats: json writes Python's repr of each float
out.write_text(json.dumps(doc, indent=1) + "\n")
print("wrote", out, len(thresholds), "models with thresholds,", len(confidences), "with confidence constants")
