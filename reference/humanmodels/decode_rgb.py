#!/usr/bin/env python3
"""Decodes photos with OpenCV (cv2.imread: EXIF orientation applied, as facecal's decoder) and writes raw RGB bytes
(height x width x 3, row-major, no header) for human_pipeline.js; prints `FILE WIDTH HEIGHT` per photo.

usage: decode_rgb.py PHOTO_DIR OUT_DIR > OUT_DIR/index.txt   (needs numpy and opencv-python-headless 4.x)
"""
import os
import sys

import cv2

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for name in sorted(os.listdir(src)):
    if not name.lower().endswith((".jpg", ".jpeg", ".png")):
        continue
    bgr = cv2.imread(os.path.join(src, name))
    if bgr is None:
        print(f"{name}: OpenCV cannot decode it, skipped", file=sys.stderr)
        continue
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    target = os.path.join(out, os.path.splitext(name)[0] + ".rgb")
    with open(target, "wb") as f:
        f.write(rgb.tobytes())
    print(target, rgb.shape[1], rgb.shape[0])
