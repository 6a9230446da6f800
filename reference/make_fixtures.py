#!/usr/bin/python3
"""Generate the reference fixtures that facecal's calibration tests compare against.

What it does
------------
1. Writes small *synthetic* distance tables (fixed numpy seeds, no photos) to
   ``src/test/resources/fixtures/inputs/*.csv``:

   - ``rs_style.csv``       deepface-rs format ``file_x,file_y,decision,cosine,euclidean,euclidean_l2``
                            (decision 1/0, 600 rows, 15 % positives, euclidean 5..25, 6 decimals),
                            computed from random 64-D "embeddings" so the three metrics agree.
   - ``few_values.csv``     label ``actual`` = "Same Person"/"Different Persons", ``cosine`` with
                            15 distinct values (chefboost's <= 20 distinct values branch).
   - ``bool_labels.csv``    label ``Decision`` = true/false, ``dist`` (4 decimals, many ties, 5000
                            rows) and ``angular`` = arccos(1 - dist) / pi written at full precision.
   - ``yes_no_overlap.csv`` label ``decision`` = Yes/No, heavily overlapping ``VGG-Face_cosine``.
   - ``tiny.csv``           6 hand-written rows (a zero distance, a cross-class tie, a repeated max).

   It also reads DeepFace's real ``face-recognition-pivot.csv`` from the shared dataset mirror
   (``<shared>/datasets/deepface-unit/``, SHA-256 checked). That CSV is *not* copied into the repo;
   only the expected JSON computed from it is written.

2. For every input writes ``src/test/resources/fixtures/expected/<stem>.json``: per distance column
   pandas stats, the Fine-Tuning-Threshold notebook's rounded mean/std/sigma thresholds, the C4.5
   threshold from a real chefboost 0.0.19 run (parsed from ``outputs/rules/rules.py`` with
   deepface-rs' regex), scikit-learn evaluations at named thresholds, ROC, ROC-AUC, best-F1 and
   best-accuracy thresholds, EER, TAR@FAR, the distance-to-confidence logistic model (deepface-rs
   ``fit_confidence_model`` / DeepFace notebook) and DeepFace's runtime ``find_confidence`` outputs.
   The exact definitions are in reference/README.md and in the functions below.

3. Runs deepface-rs' own ``calibration/compute-thresholds.py --info`` on ``rs_style.csv`` and on a
   deepface-rs-format CSV derived (in a temp dir) from the pivot's VGG-Face columns, and stores its
   stdout as ``expected/deepface_rs_<stem>.txt``.

Nothing from the upstream projects is copied into the repository: chefboost is imported from its
checkout, DeepFace's ``find_confidence``/``__sigmoid`` are extracted from the checkout's
``deepface/modules/verification.py`` with ``ast`` and exec'd (importing deepface would need
TensorFlow), and deepface-rs' script is run from its checkout.

Bottleneck
----------
``pd.set_option("compute.use_bottleneck", False)`` is set at import time (and for the deepface-rs
subprocess). Debian's python3-pandas pulls in python3-bottleneck, whose nanmean/nanstd use naive
summation; a pip-installed pandas (what DeepFace, deepface-rs and chefboost users have) has no
bottleneck and uses numpy's pairwise summation. facecal matches the pip behaviour, so the fixtures
must too (chefboost's candidate thresholds mean + k*std come from pandas).

Getting the checkouts (pinned commits; the script checks git blob hashes of the files it uses)
--------------------------------------------------------------------------------------------------
    git clone https://github.com/serengil/chefboost  /tmp/chefboost   && git -C /tmp/chefboost   checkout 264a89e9db37e08b6b26d84f8942d376861dc151
    git clone https://github.com/serengil/deepface   /tmp/deepface    && git -C /tmp/deepface    checkout 243209fd7b46ecdecf72665cc25219f6e8181f25
    git clone https://github.com/A2va/deepface-rs    /tmp/deepface-rs && git -C /tmp/deepface-rs checkout f6e73ad886d7842a729610d280b76f7372d8dfcd
or, from bare mirrors: ``git --git-dir=MIRROR archive <commit> | tar -x -C /tmp/chefboost`` etc.

Environment (Debian 12): ``apt-get install -y python3-pandas python3-sklearn python3-scipy
python3-matplotlib python3-tabulate python3-tqdm python3-psutil`` and run with /usr/bin/python3:

    /usr/bin/python3 reference/make_fixtures.py --chefboost /tmp/chefboost --deepface /tmp/deepface \
        --deepface-rs /tmp/deepface-rs --shared ../shared

Deterministic: fixed seeds, no time stamps. Findings (cross-checks) go to stderr.
"""

import argparse
import ast
import contextlib
import hashlib
import importlib
import io
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

pd.set_option("compute.use_bottleneck", False)

import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

CHEFBOOST_COMMIT = "264a89e9db37e08b6b26d84f8942d376861dc151"  # chefboost 0.0.19
DEEPFACE_COMMIT = "243209fd7b46ecdecf72665cc25219f6e8181f25"
DEEPFACE_RS_COMMIT = "f6e73ad886d7842a729610d280b76f7372d8dfcd"

# git blob hashes (git hash-object) of the upstream files this script depends on, at the pins above
PINNED_BLOBS = {
    "chefboost": {
        "chefboost/Chefboost.py": "9cf0e1a0f74441861fa7e2c9733956b874e321bf",
        "chefboost/training/Preprocess.py": "f025888ca74d740565dfac7f79e8f472de74c8a3",
        "chefboost/training/Training.py": "8c851c922e3245ddd3f1d1caa9b1f688440a9c74",
    },
    "deepface": {
        "deepface/modules/verification.py": "68a49825051b8c3ffbb75d5c3837b851e4cfba1e",
    },
    "deepface-rs": {
        "calibration/compute-thresholds.py": "4da4e6f6e48491abb1892723d228eb61524b3793",
    },
}
PINNED_COMMITS = {"chefboost": CHEFBOOST_COMMIT, "deepface": DEEPFACE_COMMIT, "deepface-rs": DEEPFACE_RS_COMMIT}

PIVOT_REL = "datasets/deepface-unit/face-recognition-pivot.csv"
PIVOT_SHA256 = "7bdc59525a432c352530e6ff0810240691a2decd10e83572cec5fe63d3c5b005"

# deepface-rs calibration/compute-thresholds.py, find_threshold()
RULE_PATTERN = r"obj\[0\]\s*(?:>|<=)\s*([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)"

POSITIVE_LABELS = {"yes", "same person", "1", "true"}
NEGATIVE_LABELS = {"no", "different persons", "0", "false"}

FAR_TARGETS = ["0.1", "0.01", "0.001", "0.0001"]
QUANTILES = [("q10", 0.10), ("q25", 0.25), ("q50", 0.50), ("q75", 0.75), ("q90", 0.90)]

FINDINGS = []


def note(msg):
    FINDINGS.append(msg)
    print("[finding] " + msg, file=sys.stderr)


# --------------------------------------------------------------------------------------------
# provenance
# --------------------------------------------------------------------------------------------


def git_blob_sha(path):
    data = Path(path).read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def checkout_commit(name, root, allow_unpinned):
    """Commit of a checkout: `git rev-parse HEAD` for a clone, else the pin if the blobs match."""
    root = Path(root)
    mismatched = [
        rel for rel, sha in PINNED_BLOBS[name].items()
        if not (root / rel).is_file() or git_blob_sha(root / rel) != sha
    ]
    head = None
    if (root / ".git").exists():
        res = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
        if res.returncode == 0:
            head = res.stdout.strip()
    if mismatched:
        msg = f"{name} checkout {root}: files differ from the pinned commit {PINNED_COMMITS[name]}: {mismatched}"
        if not allow_unpinned:
            sys.exit(msg + " (use --allow-unpinned to run anyway)")
        print("WARNING: " + msg, file=sys.stderr)
        return head or "unknown"
    return head or PINNED_COMMITS[name]


# --------------------------------------------------------------------------------------------
# synthetic inputs
# --------------------------------------------------------------------------------------------


def csv_text(header, rows):
    return ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows)


def gen_rs_style():
    """deepface-rs distance CSV from random 64-D embeddings: 90 positive + 510 negative pairs."""
    rng = np.random.default_rng(20250101)
    n_ids, n_imgs, dim = 40, 6, 64
    centers = rng.normal(0.0, 1.0, (n_ids, dim))
    noise_scale = rng.uniform(0.6, 1.4, (n_ids, n_imgs))  # per-image "quality"
    emb = centers[:, None, :] + noise_scale[:, :, None] * rng.normal(0.0, 1.0, (n_ids, n_imgs, dim))
    pairs = set()
    positives, negatives = [], []
    while len(positives) < 90:
        i = int(rng.integers(n_ids))
        a, b = sorted(int(v) for v in rng.choice(n_imgs, 2, replace=False))
        key = (i, a, i, b)
        if key not in pairs:
            pairs.add(key)
            positives.append(key)
    while len(negatives) < 510:
        i, j = sorted(int(v) for v in rng.choice(n_ids, 2, replace=False))
        key = (i, int(rng.integers(n_imgs)), j, int(rng.integers(n_imgs)))
        if key not in pairs:
            pairs.add(key)
            negatives.append(key)
    allp = [(k, 1) for k in positives] + [(k, 0) for k in negatives]
    order = rng.permutation(len(allp))
    rows = []
    for idx in order:
        (i, a, j, b), dec = allp[int(idx)]
        x, y = emb[i, a], emb[j, b]
        cos = float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))
        euc = float(np.linalg.norm(x - y))
        l2 = float(np.linalg.norm(x / np.linalg.norm(x) - y / np.linalg.norm(y)))
        rows.append([f"id{i:02d}/img{a}.jpg", f"id{j:02d}/img{b}.jpg", str(dec),
                     f"{1.0 - cos:.6f}", f"{euc:.6f}", f"{l2:.6f}"])
    return csv_text(["file_x", "file_y", "decision", "cosine", "euclidean", "euclidean_l2"], rows)


def gen_few_values():
    """200 rows, 40 positives, cosine on a grid of 15 values (0.05 .. 0.75)."""
    rng = np.random.default_rng(20250102)
    grid = [f"{0.05 * k:.2f}" for k in range(1, 16)]
    pos = np.clip(np.rint(rng.normal(4.0, 2.0, 40)), 0, 14).astype(int)
    neg = np.clip(np.rint(rng.normal(10.0, 2.5, 160)), 0, 14).astype(int)
    labels = ["Same Person"] * 40 + ["Different Persons"] * 160
    idx = np.concatenate([pos, neg])
    order = rng.permutation(200)
    rows = [[f"img{2 * int(o) + 1}.jpg", f"img{2 * int(o) + 2}.jpg", labels[int(o)], grid[int(idx[int(o)])]]
            for o in order]
    return csv_text(["file_x", "file_y", "actual", "cosine"], rows)


def gen_bool_labels():
    """5000 rows, 500 positives; dist rounded to 4 decimals (ties); angular at full precision."""
    rng = np.random.default_rng(20250103)
    pos = rng.normal(0.30, 0.07, 500)
    neg = rng.normal(0.62, 0.09, 4500)
    dist = np.round(np.clip(np.concatenate([pos, neg]), 0.0001, 1.3), 4)
    labels = np.array([True] * 500 + [False] * 4500)
    order = rng.permutation(5000)
    rows = []
    for o in order:
        d_txt = f"{dist[o]:.4f}"
        d = float(d_txt)
        ang = math.acos(1.0 - d) / math.pi
        rows.append(["true" if labels[o] else "false", d_txt, repr(ang)])
    return csv_text(["Decision", "dist", "angular"], rows)


def gen_yes_no_overlap():
    """1000 rows, 300 positives, heavily overlapping cosine distances."""
    rng = np.random.default_rng(20250104)
    pos = rng.normal(0.48, 0.12, 300)
    neg = rng.normal(0.58, 0.12, 700)
    dist = np.clip(np.concatenate([pos, neg]), 0.0001, 1.5)
    labels = ["Yes"] * 300 + ["No"] * 700
    order = rng.permutation(1000)
    rows = [[f"a{int(o)}.jpg", f"b{int(o)}.jpg", labels[int(o)], f"{dist[int(o)]:.4f}"] for o in order]
    return csv_text(["file_x", "file_y", "decision", "VGG-Face_cosine"], rows)


def gen_tiny():
    """Edge cases: a zero distance, a tie across classes (0.3), a repeated maximum (0.9)."""
    rows = [["Yes", "0.0"], ["No", "0.3"], ["Yes", "0.3"], ["No", "0.5"], ["No", "0.9"], ["No", "0.9"]]
    return csv_text(["decision", "distance"], rows)


SYNTHETIC = [
    ("rs_style", "decision", gen_rs_style),
    ("few_values", "actual", gen_few_values),
    ("bool_labels", "Decision", gen_bool_labels),
    ("yes_no_overlap", "decision", gen_yes_no_overlap),
    ("tiny", "decision", gen_tiny),
]


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------


def to_binary(labels):
    out = []
    for v in labels:
        s = str(v).strip().lower()
        if s in POSITIVE_LABELS:
            out.append(1)
        elif s in NEGATIVE_LABELS:
            out.append(0)
        else:
            raise ValueError(f"unknown label {v!r}")
    return np.array(out, dtype=int)


def read_table(path, label_column, float_precision="round_trip"):
    """Read with the correctly rounded parser (what Java's Double.parseDouble gives), or with pandas' default
    ("high", float_precision=None) parser, which facecal reproduces with `--parser pandas`."""
    df = pd.read_csv(path, float_precision=float_precision)
    default = pd.read_csv(path)
    columns = [c for c in df.columns if c not in (label_column, "file_x", "file_y")]
    for c in columns:
        a, b = df[c].to_numpy(float), default[c].to_numpy(float)
        ndiff = int(np.sum(a != b))
        if ndiff:
            note(f"{Path(path).name}:{c}: pandas' default CSV float parser differs from round_trip "
                 f"in {ndiff} values (fixtures use round_trip)")
    return df, columns


# --------------------------------------------------------------------------------------------
# reference tools
# --------------------------------------------------------------------------------------------


def chefboost_c45(chef, d, y):
    """deepface-rs find_threshold(): chefboost C4.5 in a temp cwd, threshold parsed from rules.py."""
    tmp_df = pd.DataFrame({"distance": d, "Decision": np.where(y == 1, "Yes", "No").astype(object)})
    old_cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        sys.path.insert(0, tmp)
        try:
            for m in [m for m in sys.modules if m == "outputs" or m.startswith("outputs.")]:
                del sys.modules[m]
            importlib.invalidate_caches()
            captured = io.StringIO()
            with contextlib.redirect_stdout(captured):
                chef.fit(tmp_df, {"algorithm": "C4.5"}, silent=True)
            content = Path("outputs/rules/rules.py").read_text()
        finally:
            sys.path.remove(tmp)
            os.chdir(old_cwd)
    match = re.search(RULE_PATTERN, content)
    if match is None:
        raise RuntimeError("chefboost produced no obj[0] rule:\n" + content)
    return float(match.group(1)), content


def load_find_confidence(deepface_root):
    """Extract __sigmoid and find_confidence from DeepFace's verification.py (no deepface import)."""
    src_path = Path(deepface_root) / "deepface/modules/verification.py"
    tree = ast.parse(src_path.read_text(), filename=str(src_path))
    wanted = {"__sigmoid", "find_confidence"}
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    if {n.name for n in nodes} != wanted:
        raise RuntimeError(f"could not find {wanted} in {src_path}")
    module = ast.Module(body=nodes, type_ignores=[])
    code = compile(module, str(src_path), "exec")

    def find_confidence(distance, config, verified):
        ns = {"math": math, "confidences": {"facecal": {"metric": dict(config)}},
              "Any": object, "Dict": dict, "Optional": object, "Union": object, "List": list}
        exec(code, ns)  # fresh namespace per call so `confidences` is exactly this config
        return ns["find_confidence"](distance=distance, model_name="facecal",
                                     distance_metric="metric", verified=verified)

    return find_confidence


# --------------------------------------------------------------------------------------------
# computations per distance column
# --------------------------------------------------------------------------------------------


def series_stats(s):
    return {"count": int(s.count()), "mean": float(s.mean()), "std": float(s.std()),
            "min": float(s.min()), "max": float(s.max())}


def notebook_stats(d, y):
    """Fine-Tuning-Threshold notebook, cells 23 and 324 (round() of numpy.float64 = numpy rounding)."""
    df = pd.DataFrame({"decision": np.where(y == 1, "Yes", "No"), "distance": d})
    # the notebook calls .mean()/.std() on the whole frame; pandas < 2 silently drops the string
    # columns, numeric_only=True does the same explicitly
    tp_mean = round(df[df.decision == "Yes"].mean(numeric_only=True).values[0], 4)
    tp_std = round(df[df.decision == "Yes"].std(numeric_only=True).values[0], 4)
    fp_mean = round(df[df.decision == "No"].mean(numeric_only=True).values[0], 4)
    fp_std = round(df[df.decision == "No"].std(numeric_only=True).values[0], 4)
    out = {"tp_mean": tp_mean, "tp_std": tp_std, "fp_mean": fp_mean, "fp_std": fp_std}
    for k in (1, 2, 3):
        out[f"sigma{k}"] = round(tp_mean + k * tp_std, 4)
    # cross-check: numpy rounding vs Python's correctly rounded round(float, 4)
    raw = {
        "tp_mean": df[df.decision == "Yes"].mean(numeric_only=True).values[0],
        "tp_std": df[df.decision == "Yes"].std(numeric_only=True).values[0],
        "fp_mean": df[df.decision == "No"].mean(numeric_only=True).values[0],
        "fp_std": df[df.decision == "No"].std(numeric_only=True).values[0],
    }
    for k in (1, 2, 3):
        raw[f"sigma{k}"] = tp_mean + k * tp_std
    mismatch = {k: (float(v), float(out[k]), round(float(v), 4)) for k, v in raw.items()
                if float(out[k]) != round(float(v), 4)}
    return {k: float(v) for k, v in out.items()}, mismatch


def evaluate(name, t, d, y):
    pred = (d <= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "name": name, "threshold": float(t),
        "tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "accuracy": float(accuracy_score(y, pred)),
    }


def roc_points(d, y):
    fpr, tpr, thr = roc_curve(y, -d, drop_intermediate=False)
    # sklearn's first point is the extra (0, 0) at an "infinite" threshold: drop it
    fpr, tpr, dist = fpr[1:], tpr[1:], -thr[1:] + 0.0
    assert np.array_equal(dist, np.unique(d)), "roc thresholds are not the distinct distances"
    return fpr, tpr, dist


def best_by(metric, d, y):
    best_t, best_v = None, None
    for t in np.unique(d):  # ascending; strict '>' keeps the smallest t on ties
        v = float(metric(y, (d <= t).astype(int)))
        if best_v is None or v > best_v:
            best_t, best_v = float(t), v
    return best_t, best_v


def equal_error_rate(fpr, tpr, dist):
    min_d = float(dist[0])
    t_first = 0.0 if min_d > 0 else min_d
    far = [0.0] + [float(v) for v in fpr]
    frr = [1.0 - 0.0] + [1.0 - float(v) for v in tpr]
    thr = [t_first] + [float(v) for v in dist]
    for i in range(1, len(far)):
        if far[i - 1] - frr[i - 1] < 0 and far[i] - frr[i] >= 0:
            far0, far1 = far[i - 1], far[i]
            frr0, frr1 = frr[i - 1], frr[i]
            t0, t1 = thr[i - 1], thr[i]
            a = (frr0 - far0) / ((far1 - far0) - (frr1 - frr0))
            eer = far0 + a * (far1 - far0)
            threshold = t0 + a * (t1 - t0)
            return {"eer": eer, "threshold": threshold}
    raise RuntimeError("no FAR/FRR crossing")


def tar_at_far(fpr, tpr, dist):
    out = {}
    for key in FAR_TARGETS:
        target = float(key)
        chosen = None
        for i in range(len(dist)):
            if fpr[i] <= target:
                chosen = i  # dist ascending, so the last qualifying index is the largest t
        if chosen is None:
            out[key] = {"threshold": float(np.nextafter(dist[0], -np.inf)), "tar": 0.0}
        else:
            out[key] = {"threshold": float(dist[chosen]), "tar": float(tpr[chosen])}
    return out


def exact_logistic(X, y, C=1.0):
    """Diagnostic only: the exact optimum of sklearn's objective (L2 on w only) by Newton's method."""
    x = X[:, 0]
    s = 2.0 * y - 1.0
    w, b = 0.0, 0.0
    for _ in range(200):
        z = w * x + b
        p = 1.0 / (1.0 + np.exp(s * z))  # = sigmoid(-s z)
        g_w = -np.sum(s * p * x) + w / C
        g_b = -np.sum(s * p)
        h = p * (1.0 - p)
        H = np.array([[np.sum(h * x * x) + 1.0 / C, np.sum(h * x)], [np.sum(h * x), np.sum(h)]])
        step = np.linalg.solve(H, [g_w, g_b])
        w, b = w - step[0], b - step[1]
        if abs(step[0]) <= 1e-15 * max(1.0, abs(w)) and abs(step[1]) <= 1e-15 * max(1.0, abs(b)):
            break
    return float(w), float(b)


def confidence_model(d, threshold):
    """deepface-rs fit_confidence_model() == DeepFace distance-to-confidence notebook."""
    pred = (d <= threshold).astype(int)
    if pred.min() == pred.max():
        return None, None
    max_value = float(np.max(d))
    X = d.reshape(-1, 1).astype(float)
    if max_value > 1:
        X = X / max_value
    model = LogisticRegression().fit(X, pred)
    w, b = float(model.coef_[0][0]), float(model.intercept_[0])
    # "Converged tightly": the same objective (L2, C=1, unpenalised intercept) solved by scikit-learn's
    # Newton-CG solver to tol=1e-12; lbfgs stops on scipy's ftol whatever `tol` says.
    tight = LogisticRegression(solver="newton-cg", tol=1e-12, max_iter=100000).fit(X, pred)
    w_t, b_t = float(tight.coef_[0][0]), float(tight.intercept_[0])
    conf_t = 100 / (1 + np.exp(-(w_t * (d / max_value if max_value > 1 else d) + b_t)))
    x = d / max_value if max_value > 1 else d
    z = w * x + b
    conf = 100 / (1 + np.exp(-z))
    conf_math = np.array([100 / (1 + math.exp(-v)) for v in z])  # the notebook's per-row math.exp
    out = {
        "threshold_method": "c45", "threshold": float(threshold),
        "w": w, "b": b, "w_tight": w_t, "b_tight": b_t,
        "normalizer": max_value if max_value > 0 else 1.0,
        "denorm_max_true": float(conf[pred == 1].max()),
        "denorm_min_true": float(conf[pred == 1].min()),
        "denorm_max_false": float(conf[pred == 0].max()),
        "denorm_min_false": float(conf[pred == 0].min()),
        "denorm_max_true_tight": float(conf_t[pred == 1].max()),
        "denorm_min_true_tight": float(conf_t[pred == 1].min()),
        "denorm_max_false_tight": float(conf_t[pred == 0].max()),
        "denorm_min_false_tight": float(conf_t[pred == 0].min()),
        "prediction_positives": int(pred.sum()),
    }
    w_x, b_x = exact_logistic(X, pred)
    diag = {
        "rel_w": abs(w - w_t) / abs(w_t), "rel_b": abs(b - b_t) / abs(b_t) if b_t != 0 else float("inf"),
        "rel_w_exact": abs(w - w_x) / abs(w_x), "rel_b_exact": abs(b - b_x) / abs(b_x),
        "rel_wt_exact": abs(w_t - w_x) / abs(w_x), "rel_bt_exact": abs(b_t - b_x) / abs(b_x),
        "exp_ulps": int(np.sum(conf != conf_math)),
        "exp_max_rel": float(np.max(np.abs(conf - conf_math) / np.abs(conf_math))),
        "n_iter": int(model.n_iter_[0]), "n_iter_tight": int(tight.n_iter_[0]),
    }
    return out, diag


def runtime_confidence(find_confidence, config, d):
    t = config["threshold"]
    mx = float(np.max(d))
    cands = [0.0, float(np.min(d)), 0.25 * t, 0.5 * t, float(np.nextafter(t, -np.inf)), t,
             float(np.nextafter(t, np.inf)), float(np.quantile(d, 0.9)), (t + mx) / 2, mx, 1.5 * mx, 2.0 * mx]
    dists = sorted(set(float(v) for v in cands))
    deepface_cfg = {k: config[k] for k in ("w", "b", "normalizer", "denorm_max_true", "denorm_min_true",
                                           "denorm_max_false", "denorm_min_false")}
    out = []
    for dist in dists:
        verified = dist <= t
        try:
            entry = {"distance": dist, "verified": bool(verified),
                     "confidence": float(find_confidence(dist, deepface_cfg, verified))}
        except ZeroDivisionError as e:
            # DeepFace divides by (denorm_max - denorm_min), which is 0 when a class has one value
            entry = {"distance": dist, "verified": bool(verified), "confidence": None,
                     "error": f"ZeroDivisionError: {e}"}
        out.append(entry)
    return out


def compute_column(name, d, y, chef, find_confidence, label):
    pos, neg = pd.Series(d[y == 1]), pd.Series(d[y == 0])
    nb, mismatch = notebook_stats(d, y)
    if mismatch:
        note(f"{label}:{name}: numpy round() differs from Python round(float) for {mismatch}")
    if float(pd.Series(d[y == 1]).mean()) != float(
            pd.DataFrame({"distance": d[y == 1]}).mean(numeric_only=True).values[0]):
        note(f"{label}:{name}: Series.mean differs from DataFrame.mean")

    c45, rules = chefboost_c45(chef, d, y)
    pd.set_option("compute.use_bottleneck", True)
    try:
        c45_bn, _ = chefboost_c45(chef, d, y)
    finally:
        pd.set_option("compute.use_bottleneck", False)
    if c45_bn != c45:
        note(f"{label}:{name}: chefboost threshold with bottleneck {c45_bn!r} != without {c45!r}")

    thresholds = [("sigma1", nb["sigma1"]), ("sigma2", nb["sigma2"]), ("sigma3", nb["sigma3"]), ("c45", c45)]
    qs = np.quantile(d, [q for _, q in QUANTILES], method="linear")
    thresholds += [(n, float(v)) for (n, _), v in zip(QUANTILES, qs)]
    mn = float(np.min(d))
    thresholds += [("min", mn), ("below_min", float(np.nextafter(mn, -np.inf)))]

    fpr, tpr, dist = roc_points(d, y)
    f1_t, f1_v = best_by(lambda a, b: f1_score(a, b, zero_division=0), d, y)
    acc_t, acc_v = best_by(accuracy_score, d, y)

    conf, diag = confidence_model(d, c45)
    col = {
        "stats": {"positive": series_stats(pos), "negative": series_stats(neg)},
        "notebook": nb,
        "c45": c45,
        "evaluation": [evaluate(n, t, d, y) for n, t in thresholds],
        "roc_auc": float(roc_auc_score(y, -d)),
        "roc": {"fpr": [float(v) for v in fpr], "tpr": [float(v) for v in tpr],
                "distance_thresholds": [float(v) for v in dist]},
        "f1_max": {"threshold": f1_t, "f1": f1_v},
        "accuracy_max": {"threshold": acc_t, "accuracy": acc_v},
        "eer": equal_error_rate(fpr, tpr, dist),
        "tar_at_far": tar_at_far(fpr, tpr, dist),
        "confidence": conf,
        "runtime_confidence": runtime_confidence(find_confidence, conf, d) if conf else None,
    }
    summary = (f"{label}:{name}: c45={c45!r} f1_max@{f1_t!r}={f1_v:.4f} distinct={len(dist)} "
               f"sigma=({nb['sigma1']}, {nb['sigma2']}, {nb['sigma3']})")
    if diag:
        summary += (f" | LR default vs tight: rel dw={diag['rel_w']:.2e} db={diag['rel_b']:.2e} "
                    f"iters {diag['n_iter']}/{diag['n_iter_tight']}; vs exact Newton optimum: default "
                    f"{diag['rel_w_exact']:.1e}/{diag['rel_b_exact']:.1e}, tight {diag['rel_wt_exact']:.1e}/"
                    f"{diag['rel_bt_exact']:.1e}; np.exp!=math.exp in "
                    f"{diag['exp_ulps']}/{len(d)} confidences (max rel {diag['exp_max_rel']:.1e})")
    note(summary)
    return col


def expected_json(input_ref, label_column, versions, df, columns, chef, find_confidence, label, parser="exact"):
    y = to_binary(df[label_column])
    out = {"input": input_ref, "parser": parser, "label_column": label_column, "versions": versions,
           "pairs": int(len(y)), "positives": int(y.sum()), "negatives": int(len(y) - y.sum()),
           "columns": {}}
    for c in columns:
        d = df[c].to_numpy(dtype=float)
        if np.isnan(d).any():
            raise ValueError(f"{label}:{c} has missing values")
        out["columns"][c] = compute_column(c, d, y, chef, find_confidence, label)
    return out


def dump_json(obj):
    """json.dumps (float repr) with indentation, number lists kept on one line."""
    placeholders = {}

    def walk(o):
        if isinstance(o, dict):
            return {k: walk(v) for k, v in o.items()}
        if isinstance(o, list) and o and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in o):
            key = f"@@LIST{len(placeholders)}@@"
            placeholders[key] = json.dumps(o, allow_nan=False)
            return key
        if isinstance(o, list):
            return [walk(v) for v in o]
        return o

    text = json.dumps(walk(obj), indent=1, allow_nan=False)
    for key, val in placeholders.items():
        text = text.replace(f'"{key}"', val)
    return text + "\n"


# --------------------------------------------------------------------------------------------
# deepface-rs compute-thresholds.py
# --------------------------------------------------------------------------------------------

RS_WRAPPER = (
    "import sys, runpy, pandas as pd\n"
    "pd.set_option('compute.use_bottleneck', {bn})\n"
    "script = sys.argv[1]\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(script, run_name='__main__')\n"
)


def run_deepface_rs(rs_root, chef_root, csv_path, bottleneck=False):
    script = str(Path(rs_root) / "calibration/compute-thresholds.py")
    env = dict(os.environ, PYTHONPATH=str(chef_root), MPLBACKEND="Agg", PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([sys.executable, "-c", RS_WRAPPER.format(bn=bottleneck), script, "--info", str(csv_path)],
                             cwd=tmp, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"compute-thresholds.py failed on {csv_path}:\n{res.stderr}")
    if res.stderr.strip():
        note(f"compute-thresholds.py stderr on {Path(csv_path).name}: {res.stderr.strip()[:400]}")
    return res.stdout


def check_rs_output(text, expected, label):
    """The printed thresholds must agree with our c45 values (printed with 6 decimals)."""
    for metric, c45 in expected.items():
        m = re.search(rf"^\s*{metric}: ([-0-9.]+),", text, re.M)
        if m is None or m.group(1) != f"{c45:.6f}":
            note(f"{label}: deepface-rs printed {metric}={m.group(1) if m else None}, our c45 gives {c45:.6f}")


# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chefboost", required=True, help="chefboost checkout (0.0.19)")
    ap.add_argument("--deepface", required=True, help="deepface checkout")
    ap.add_argument("--deepface-rs", required=True, help="deepface-rs checkout")
    ap.add_argument("--shared", required=True, help="the shared folder holding datasets/deepface-unit")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "src/test/resources/fixtures"),
                    help="fixtures folder (default: src/test/resources/fixtures of this repo)")
    ap.add_argument("--allow-unpinned", action="store_true", help="run even if the checkouts differ from the pins")
    args = ap.parse_args()

    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "sklearn": sklearn.__version__,
        "chefboost_commit": checkout_commit("chefboost", args.chefboost, args.allow_unpinned),
        "deepface_commit": checkout_commit("deepface", args.deepface, args.allow_unpinned),
    }
    rs_commit = checkout_commit("deepface-rs", args.deepface_rs, args.allow_unpinned)

    sys.path.insert(0, str(Path(args.chefboost).resolve()))
    warnings.simplefilter("ignore", FutureWarning)
    from chefboost import Chefboost as chef  # noqa: E402
    find_confidence = load_find_confidence(args.deepface)

    out = Path(args.out)
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    (out / "expected").mkdir(parents=True, exist_ok=True)

    rs_expected = {}
    for stem, label_column, gen in SYNTHETIC:
        path = out / "inputs" / f"{stem}.csv"
        path.write_text(gen(), newline="\n")
        df, columns = read_table(path, label_column)
        data = expected_json(f"inputs/{stem}.csv", label_column, versions, df, columns, chef, find_confidence, stem)
        (out / "expected" / f"{stem}.json").write_text(dump_json(data))
        if stem == "bool_labels":
            # The same table as `pd.read_csv(path)` reads it by default: its "high" float parser is not correctly
            # rounded for 17-digit values (2294 of the 5000 `angular` values differ in the last bit).
            dfp, columns_p = read_table(path, label_column, float_precision=None)
            data_p = expected_json(f"inputs/{stem}.csv", label_column, versions, dfp, columns_p, chef,
                                   find_confidence, stem + "(pandas parser)", parser="pandas")
            (out / "expected" / f"{stem}.pandas-parser.json").write_text(dump_json(data_p))
        if stem == "rs_style":
            rs_expected[stem] = {c: data["columns"][c]["c45"] for c in ("cosine", "euclidean", "euclidean_l2")}

    pivot = Path(args.shared) / PIVOT_REL
    digest = hashlib.sha256(pivot.read_bytes()).hexdigest()
    if digest != PIVOT_SHA256:
        sys.exit(f"{pivot}: sha256 {digest} != {PIVOT_SHA256}")
    df, columns = read_table(pivot, "decision")
    data = expected_json("shared:" + PIVOT_REL, "decision", versions, df, columns, chef, find_confidence, "pivot")
    (out / "expected" / "face-recognition-pivot.json").write_text(dump_json(data))
    rs_expected["face-recognition-pivot-vgg-face"] = {
        m: data["columns"][f"VGG-Face_{m}"]["c45"] for m in ("cosine", "euclidean", "euclidean_l2")}

    # deepface-rs' own script, on rs_style.csv and on the pivot's VGG-Face columns in its format
    with tempfile.TemporaryDirectory() as tmp:
        raw = pd.read_csv(pivot, dtype=str, keep_default_na=False)
        derived = pd.DataFrame({
            "file_x": raw["file_x"], "file_y": raw["file_y"],
            "decision": raw["decision"].map({"Yes": "1", "No": "0"}),
            "cosine": raw["VGG-Face_cosine"], "euclidean": raw["VGG-Face_euclidean"],
            "euclidean_l2": raw["VGG-Face_euclidean_l2"],
        })
        assert derived["decision"].notna().all()
        derived_csv = Path(tmp) / "face-recognition-pivot-vgg-face.csv"
        derived.to_csv(derived_csv, index=False, lineterminator="\n")
        for stem, csv_path in (("rs_style", out / "inputs/rs_style.csv"),
                               ("face-recognition-pivot-vgg-face", derived_csv)):
            text = run_deepface_rs(args.deepface_rs, args.chefboost, csv_path)
            (out / "expected" / f"deepface_rs_{stem}.txt").write_text(text)
            check_rs_output(text, rs_expected[stem], f"deepface_rs_{stem}")
            text_bn = run_deepface_rs(args.deepface_rs, args.chefboost, csv_path, bottleneck=True)
            if text_bn != text:
                note(f"deepface_rs_{stem}: output with bottleneck differs from output without")

    print(f"versions: {versions}, deepface-rs commit {rs_commit}", file=sys.stderr)
    print(f"wrote fixtures under {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
