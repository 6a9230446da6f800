#!/usr/bin/env python3
"""DeepFace's own face extraction (detector_backend="opencv", align=True), timed, for bench-photos' side-by-side ratio
and for the crop-equality fixture.

Runs DeepFace from a source checkout (not installed, not copied: point DEEPFACE_SRC at a checkout of
serengil/deepface, e.g. commit 243209f) with only numpy and opencv-python-headless 4.x (5.0 lacks
CascadeClassifier). deepface.modules.modeling is replaced by a stub that builds only the OpenCv detector, so
TensorFlow is never imported; requests, PIL and werkzeug, imported by image_utils for web/base64/upload inputs
that this script never uses, are stubbed too.

usage: deepface_extract_faces.py PHOTO_DIR [PHOTO ...] [--json OUT.json]
prints one line per photo (faces, seconds) and the total; with --json writes, per photo, the SHA-256 of each
face crop's BGR uint8 bytes with its shape, and the seconds.
"""
import hashlib
import json
import os
import sys
import time
import types

src = os.environ.get("DEEPFACE_SRC")
if not src:
    sys.exit("set DEEPFACE_SRC to a checkout of serengil/deepface")
sys.path.insert(0, src)
for name in ("requests", "PIL", "PIL.Image", "werkzeug", "werkzeug.datastructures"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["PIL"].Image = sys.modules["PIL.Image"]
sys.modules["werkzeug.datastructures"].FileStorage = object
modeling = types.ModuleType("deepface.modules.modeling")
import deepface  # noqa: E402  (the package's __init__ only sets the version)
import deepface.modules  # noqa: E402
_cache = {}


def build_model(task, model_name):
    if task != "face_detector" or model_name != "opencv":
        raise RuntimeError("this stub builds only the opencv face detector")
    if "opencv" not in _cache:
        from deepface.models.face_detection.OpenCv import OpenCvClient
        _cache["opencv"] = OpenCvClient()
    return _cache["opencv"]


modeling.build_model = build_model
sys.modules["deepface.modules.modeling"] = modeling
deepface.modules.modeling = modeling
from deepface.modules import detection  # noqa: E402
import numpy as np  # noqa: E402


def main(argv):
    out = None
    if "--json" in argv:
        i = argv.index("--json")
        out = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    folder, names = argv[0], argv[1:]
    if not names:
        names = sorted(n for n in os.listdir(folder) if n.lower().endswith((".jpg", ".jpeg", ".png")))
    results, total = {}, 0.0
    for n in names:
        t0 = time.perf_counter()
        try:
            faces = detection.extract_faces(os.path.join(folder, n), detector_backend="opencv", align=True,
                                            enforce_detection=False, normalize_face=False, color_face="bgr")
        except Exception as e:  # a photo DeepFace cannot read
            faces, err = [], str(e)
        dt = time.perf_counter() - t0
        total += dt
        crops = []
        for f in faces:
            a = np.ascontiguousarray(f["face"]).astype(np.uint8)
            if f.get("confidence", 0) == 0 and f["facial_area"]["w"] == a.shape[1] and len(faces) == 1:
                continue  # enforce_detection=False returns the whole image when no face is found
            crops.append({"sha256": hashlib.sha256(a.tobytes()).hexdigest(), "shape": list(a.shape),
                          "area": f["facial_area"]})
        results[n] = {"faces": crops, "seconds": dt}
        print(f"{n}\t{len(crops)} face(s)\t{dt:.3f} s", flush=True)
    print(f"total\t{len(names)} photos\t{total:.2f} s\t{len(names) / total:.3f} photos/s", flush=True)
    if out:
        with open(out, "w") as fh:
            json.dump({"deepface_commit": os.environ.get("DEEPFACE_COMMIT", "?"), "opencv": __import__("cv2").__version__,
                       "photos": results}, fh, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
