#!/usr/bin/python3
"""Python reference side of ``facecal bench --reference``.

Times, on one labelled distance CSV (``decision,cosine`` with decision 1/0, as ``facecal bench`` writes it),
the steps of a calibration as the reference tools do them:

- ``read_csv``   ``pd.read_csv(path)`` (pandas' default C parser, as deepface-rs' compute-thresholds.py reads;
                 for 6-decimal values it gives the same doubles as the correctly rounded parser);
- ``stats``      per class ``mean()`` and ``std()`` (ddof 1) of the boolean-filtered Series, as the
                 Fine-Tuning-Threshold notebook does;
- ``roc``        ``roc_auc_score(y, -d)`` and ``roc_curve(y, -d, drop_intermediate=False)``;
- ``logistic``   deepface-rs ``fit_confidence_model`` / the distance-to-confidence notebook: labels
                 ``d <= threshold``, ``x = d / max`` when ``max > 1``, ``LogisticRegression().fit``, then the
                 confidences ``100 / (1 + np.exp(-(w*x + b)))`` and their min/max per predicted class;
- ``c45``        (with ``--chefboost DIR``) chefboost 0.0.19 ``fit(df, {"algorithm": "C4.5"})`` on
                 ``distance, Decision Yes/No`` in a temp cwd, and the root threshold parsed from
                 ``outputs/rules/rules.py`` with deepface-rs' regex. chefboost grows a whole tree; that is
                 what DeepFace and deepface-rs run to get the root split.

The threshold that labels the logistic fit is chefboost's when it ran, else ``--threshold`` (facecal's C4.5
threshold of the same data, passed in by the Java side so that both fit the same labels).

Each step runs ``--repeats`` times (after one untimed warm-up of the imports on a tiny table); the output
is one JSON object on stdout: per step all times in seconds, plus versions and the results (for a
cross-check against facecal). Progress goes to stderr. bottleneck is disabled, as in make_fixtures.py:
pip-installed pandas has none, and facecal matches pip's pandas bit for bit.

    /usr/bin/python3 reference/bench_reference.py --csv pairs.csv --threshold 0.5 --repeats 3 \
        [--chefboost /tmp/chefboost]
"""

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve

pd.set_option("compute.use_bottleneck", False)
warnings.filterwarnings("ignore")

# deepface-rs calibration/compute-thresholds.py: the regex that reads the root threshold from rules.py
RULE_PATTERN = r"obj\[0\]\s*(?:>|<=)\s*([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def step_stats(df):
    pos = df[df.decision == 1].cosine
    neg = df[df.decision == 0].cosine
    return {"pos_mean": pos.mean(), "pos_std": pos.std(), "neg_mean": neg.mean(), "neg_std": neg.std()}


def step_roc(y, d):
    auc = roc_auc_score(y, -d)
    fpr, tpr, thr = roc_curve(y, -d, drop_intermediate=False)
    return {"auc": float(auc), "points": int(len(thr) - 1)}


def step_logistic(d, threshold):
    pred = (d <= threshold).astype(int)
    mx = d.max()
    x = d / mx if mx > 1 else d
    model = LogisticRegression().fit(x.reshape(-1, 1), pred)
    w, b = float(model.coef_[0][0]), float(model.intercept_[0])
    conf = 100 / (1 + np.exp(-(w * x + b)))
    t, f = conf[pred == 1], conf[pred == 0]
    return {"w": w, "b": b, "denorm_max_true": float(t.max()), "denorm_min_true": float(t.min()),
            "denorm_max_false": float(f.max()), "denorm_min_false": float(f.min())}


def step_c45(chef, d, y):
    tmp_df = pd.DataFrame({"distance": d, "Decision": np.where(y == 1, "Yes", "No").astype(object)})
    old_cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        sys.path.insert(0, tmp)
        try:
            for m in [m for m in sys.modules if m == "outputs" or m.startswith("outputs.")]:
                del sys.modules[m]
            importlib.invalidate_caches()
            with contextlib.redirect_stdout(io.StringIO()):
                chef.fit(tmp_df, {"algorithm": "C4.5"}, silent=True)
            content = Path("outputs/rules/rules.py").read_text()
        finally:
            sys.path.remove(tmp)
            os.chdir(old_cwd)
    match = re.search(RULE_PATTERN, content)
    if match is None:
        raise RuntimeError("chefboost produced no obj[0] rule")
    return float(match.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", required=True, help="decision,cosine table")
    ap.add_argument("--threshold", type=float, required=True,
                    help="threshold labelling the logistic fit when chefboost does not run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--chefboost", help="chefboost 0.0.19 checkout; times its C4.5 fit when given")
    ap.add_argument("--chefboost-repeats", type=int, default=1,
                    help="repeats of the chefboost step (it grows a whole tree; default 1)")
    args = ap.parse_args()
    chef = None
    if args.chefboost:
        sys.path.insert(0, str(Path(args.chefboost).resolve()))
        from chefboost import Chefboost as chef  # noqa: E402

    # warm-up: first calls import lazily loaded modules (scipy.optimize, ...); keep that out of the timings
    wd = np.array([0.1, 0.2, 0.6, 0.7, 0.3, 0.9])
    wy = np.array([1, 1, 0, 0, 1, 0])
    step_roc(wy, wd)
    step_logistic(wd, 0.35)
    step_stats(pd.DataFrame({"decision": wy, "cosine": wd}))

    steps = {}
    log(f"python: read_csv {args.csv}")
    steps["read_csv"], df = timed(lambda: pd.read_csv(args.csv), args.repeats)
    d = df["cosine"].to_numpy(dtype=float)
    y = df["decision"].to_numpy(dtype=int)
    results = {"n": int(len(df))}
    log("python: stats")
    steps["stats"], results["stats"] = timed(lambda: step_stats(df), args.repeats)
    log("python: roc")
    steps["roc"], results["roc"] = timed(lambda: step_roc(y, d), args.repeats)
    threshold = args.threshold
    if chef is not None:
        log("python: chefboost C4.5")
        steps["c45"], c45 = timed(lambda: step_c45(chef, d, y), args.chefboost_repeats)
        results["c45"] = c45
        threshold = c45
    results["logistic_threshold"] = threshold
    log("python: logistic")
    steps["logistic"], results["logistic"] = timed(lambda: step_logistic(d, threshold), args.repeats)
    out = {
        "steps": steps,
        "results": results,
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                     "sklearn": sklearn.__version__, "bottleneck": False},
    }
    json.dump(out, sys.stdout, default=float)
    print()


if __name__ == "__main__":
    main()
