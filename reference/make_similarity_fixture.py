#!/usr/bin/python3
"""Reference numbers for similarity columns (higher = same person), computed by scikit-learn and NumPy.

facecal's ``calibrate --direction similarity`` accepts a pair when ``similarity >= threshold`` and reports every
threshold as a similarity. This script writes a synthetic similarity table and what the reference tools say about it:

- ``src/test/resources/fixtures/similarity/similarity.csv``: ``file_x,file_y,decision,similarity`` (Yes/No, cosine
  similarities of random 32-D "embeddings", 6 decimals, some below 0), 400 pairs (80 same-person), fixed seed;
- ``src/test/resources/fixtures/similarity/expected.json``:
  - ``roc_auc``: ``roc_auc_score(y, s)``;
  - ``roc``: ``roc_curve(y, s, drop_intermediate=False)`` without sklearn's extra first point: entry i accepts
    ``s >= thresholds[i]`` (thresholds descending = the distinct similarities);
  - ``det``: ``det_curve(y, s)`` (FPR, FNR and thresholds as sklearn returns them, ascending thresholds; sklearn drops
    the points where the FPR does not change, so facecal's DET is compared on those thresholds);
  - ``tar_at_far``: for each target, the smallest distinct similarity whose FPR (from ``roc_curve``) is at most the
    target, and the TPR there; ``np.nextafter(max(s), inf)`` and TAR 0 when none;
  - ``f1_max`` / ``accuracy_max``: the distinct similarity with the highest ``f1_score`` / ``accuracy_score`` of
    ``s >= t``, ties to the largest similarity (the strictest threshold);
  - ``evaluation``: ``confusion_matrix`` and precision/recall/F1/accuracy (``zero_division=0``) of ``s >= t`` at
    fixed thresholds;
  - ``notebook``: the Fine-Tuning-Threshold notebook's sigma rule mirrored for similarities,
    ``round(round(mean, 4) - k * round(std, 4), 4)`` with NumPy's rounding (pandas mean and std ddof 1);
  - ``eer``: the equal error rate with facecal's interpolation (README "Conventions") on the points of
    ``roc_curve``, starting from "accept nothing" at the largest similarity;
  - ``confidence``: DeepFace's distance-to-confidence recipe applied to the similarity: labels ``s >= f1_max``, the
    exact optimum of scikit-learn's ``LogisticRegression()`` objective (L2 on w, C = 1; Newton's method to 1e-15;
    scikit-learn's own L-BFGS result is recorded beside it), then the raw confidences' min/max per class.

Run with Debian's tools (``apt-get install python3-sklearn python3-pandas``):

    /usr/bin/python3 reference/make_similarity_fixture.py
"""
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, det_curve, f1_score, precision_score, recall_score,
                             roc_auc_score, roc_curve)

pd.set_option("compute.use_bottleneck", False)

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "src" / "test" / "resources" / "fixtures"
FAR_TARGETS = ["0.1", "0.01", "0.001", "0.0001"]
FIXED = [0.9, 0.5, 0.25, 0.0, -0.2]


def table():
    rng = np.random.default_rng(20260702)
    n_ids, n_imgs, dim = 30, 5, 32
    centers = rng.normal(0.0, 1.0, (n_ids, dim))
    emb = centers[:, None, :] + rng.uniform(0.8, 1.6, (n_ids, n_imgs))[:, :, None] * rng.normal(0.0, 1.0,
                                                                                                 (n_ids, n_imgs, dim))
    seen, rows = set(), []
    while len(rows) < 80:
        i = int(rng.integers(n_ids))
        a, b = sorted(int(v) for v in rng.choice(n_imgs, 2, replace=False))
        if (i, a, i, b) not in seen:
            seen.add((i, a, i, b))
            rows.append((i, a, i, b))
    while len(rows) < 400:
        i, j = sorted(int(v) for v in rng.choice(n_ids, 2, replace=False))
        key = (i, int(rng.integers(n_imgs)), j, int(rng.integers(n_imgs)))
        if key not in seen:
            seen.add(key)
            rows.append(key)
    order = rng.permutation(len(rows))
    out = ["file_x,file_y,decision,similarity"]
    for k in order:
        i, a, j, b = rows[int(k)]
        x, y = emb[i, a], emb[j, b]
        s = float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))
        out.append(f"id{i:02d}/img{a}.jpg,id{j:02d}/img{b}.jpg,{'Yes' if i == j else 'No'},{s:.6f}")
    return "\n".join(out) + "\n"


def evaluate(t, s, y):
    pred = (s >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {"threshold": float(t), "tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
            "precision": float(precision_score(y, pred, zero_division=0)),
            "recall": float(recall_score(y, pred, zero_division=0)),
            "f1": float(f1_score(y, pred, zero_division=0)), "accuracy": float(accuracy_score(y, pred))}


def best_by(metric, s, y):
    best_t, best_v = None, None
    for t in np.unique(s)[::-1]:  # descending: strict '>' keeps the largest t on ties
        v = float(metric(y, (s >= t).astype(int)))
        if best_v is None or v > best_v:
            best_t, best_v = float(t), v
    return best_t, best_v


def exact_logistic(x, y, c=1.0):
    sgn = 2.0 * y - 1.0
    w, b = 0.0, 0.0
    for _ in range(200):
        z = w * x + b
        p = 1.0 / (1.0 + np.exp(sgn * z))
        g = np.array([-np.sum(sgn * p * x) + w / c, -np.sum(sgn * p)])
        h = p * (1.0 - p)
        hess = np.array([[np.sum(h * x * x) + 1.0 / c, np.sum(h * x)], [np.sum(h * x), np.sum(h)]])
        step = np.linalg.solve(hess, g)
        w, b = w - step[0], b - step[1]
        if abs(step[0]) <= 1e-15 * max(1.0, abs(w)) and abs(step[1]) <= 1e-15 * max(1.0, abs(b)):
            break
    return float(w), float(b)


def main():
    csv = FIXTURES / "similarity" / "similarity.csv"
    csv.write_text(table(), newline="\n")
    df = pd.read_csv(csv, float_precision="round_trip")
    s = df["similarity"].to_numpy(dtype=np.float64)
    y = (df["decision"] == "Yes").astype(int).to_numpy()

    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    fpr, tpr, thr = fpr[1:], tpr[1:], thr[1:]
    assert np.array_equal(thr, np.unique(s)[::-1]), "roc thresholds are not the distinct similarities"
    det_fpr, det_fnr, det_thr = det_curve(y, s)

    tar = {}
    for key in FAR_TARGETS:
        chosen = None
        for i in range(len(thr)):
            if fpr[i] <= float(key):
                chosen = i
        tar[key] = ({"threshold": float(np.nextafter(thr[0], np.inf)), "tar": 0.0, "far": 0.0} if chosen is None
                    else {"threshold": float(thr[chosen]), "tar": float(tpr[chosen]), "far": float(fpr[chosen])})

    pos = df.loc[y == 1, "similarity"]
    mean4, std4 = np.round(pos.mean(), 4), np.round(pos.std(), 4)
    notebook = {"tp_mean": float(mean4), "tp_std": float(std4)}
    for k in (1, 2, 3):
        notebook[f"sigma{k}"] = float(np.round(mean4 - k * std4, 4))

    # EER: the point "accept nothing" (FAR 0, FRR 1), in distance order at min(0, -largest similarity), then every
    # roc point; facecal interpolates in distance order (negated similarities) and negates back
    far = [0.0] + list(fpr)
    frr = [1.0] + [1.0 - v for v in tpr]
    ts = [float(-min(0.0, -thr[0]))] + [float(v) for v in thr]
    eer = None
    for i in range(1, len(far)):
        if far[i - 1] - frr[i - 1] < 0 and far[i] - frr[i] >= 0:
            a = (frr[i - 1] - far[i - 1]) / ((far[i] - far[i - 1]) - (frr[i] - frr[i - 1]))
            t0, t1 = -ts[i - 1], -ts[i]
            eer = {"eer": far[i - 1] + a * (far[i] - far[i - 1]), "threshold": -(t0 + a * (t1 - t0))}
            break

    f1_t, f1_v = best_by(f1_score, s, y)
    acc_t, acc_v = best_by(accuracy_score, s, y)

    labels = (s >= f1_t).astype(int)
    mx = float(s.max())
    x = s / mx if mx > 1 else s
    w, b = exact_logistic(x, labels)
    sk = LogisticRegression().fit(x.reshape(-1, 1), labels)
    conf = 100.0 / (1.0 + np.exp(-(w * x + b)))
    confidence = {"threshold": f1_t, "w": w, "b": b, "normalizer": mx if mx > 0 else 1.0,
                  "denorm_max_true": float(conf[labels == 1].max()), "denorm_min_true": float(conf[labels == 1].min()),
                  "denorm_max_false": float(conf[labels == 0].max()),
                  "denorm_min_false": float(conf[labels == 0].min()),
                  "sklearn_lbfgs": {"w": float(sk.coef_[0][0]), "b": float(sk.intercept_[0])}}

    out = {
        "what": "similarity column (accept s >= t): scikit-learn/NumPy reference numbers, see the script's docstring",
        "generator": "reference/make_similarity_fixture.py",
        "sklearn": sklearn.__version__, "pandas": pd.__version__, "numpy": np.__version__,
        "pairs": int(len(s)), "positives": int(y.sum()),
        "stats": {"positive": {"count": int(pos.count()), "mean": float(pos.mean()), "std": float(pos.std()),
                               "min": float(pos.min()), "max": float(pos.max())}},
        "roc_auc": float(roc_auc_score(y, s)),
        "roc": {"fpr": [float(v) for v in fpr], "tpr": [float(v) for v in tpr], "threshold": [float(v) for v in thr]},
        "det": {"fpr": [float(v) for v in det_fpr], "fnr": [float(v) for v in det_fnr],
                "threshold": [float(v) for v in det_thr]},
        "tar_at_far": tar,
        "f1_max": {"threshold": f1_t, "f1": f1_v},
        "accuracy_max": {"threshold": acc_t, "accuracy": acc_v},
        "evaluation": {repr(t): evaluate(t, s, y) for t in FIXED},
        "notebook": notebook,
        "eer": eer,
        "confidence": confidence,
    }
    (FIXTURES / "similarity" / "expected.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {csv} and similarity/expected.json: AUC {out['roc_auc']:.6f}, f1_max {f1_t}, eer {eer}")


if __name__ == "__main__":
    main()
