#!/usr/bin/python3
"""Reference numbers for facecal's confidence-calibration checks (ReliabilityDiagram, PlattScaling,
IsotonicCalibration), computed by scikit-learn itself.

    /usr/bin/python3 reference/make_calibration_quality_fixture.py --shared ../shared \
        > src/test/resources/fixtures/expected/calibration_quality.json

Run with Debian's python3 (scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24.2). Inputs: DeepFace's real
face-recognition-pivot.csv (VGG-Face cosine distances and the Yes/No truth; read from the shared mirror, SHA-256
checked, never copied: the fixture holds only results) and the synthetic rs_style.csv fixture (euclidean).

For each input it records
- platt_sklearn: sklearn.calibration._sigmoid_calibration(d, y) -> (A, B) with P(same) = 1 / (1 + exp(A d + B)),
  scikit-learn's own result (scipy BFGS stopped at gtol 1e-5);
- platt_exact: the optimum of the same objective (Platt's targets, the negative log-likelihood scikit-learn
  minimises) found by Newton's method in 50-digit arithmetic (mpmath), the number facecal must match;
- isotonic: IsotonicRegression(increasing=False, out_of_bounds="clip", y_min=0, y_max=1).fit(d, y).predict at the
  distances and at a grid over and beyond their range;
- reliability: with p = the exact Platt probabilities: sklearn.calibration.calibration_curve(y, p, n_bins=10,
  strategy="uniform") (prob_true, prob_pred), the per-bin counts and the ECE on the same bins (numpy.searchsorted
  as calibration_curve bins), and sklearn.metrics.brier_score_loss(y, p).
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
import mpmath
from mpmath import exp as mexp
from mpmath import log as mlog
from mpmath import mp, mpf
from scipy.special import expit
from sklearn.calibration import _sigmoid_calibration, calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import brier_score_loss

PIVOT_REL = "datasets/deepface-unit/face-recognition-pivot.csv"
PIVOT_SHA256 = "7bdc59525a432c352530e6ff0810240691a2decd10e83572cec5fe63d3c5b005"
HERE = Path(__file__).resolve().parent
RS_STYLE = HERE.parent / "src/test/resources/fixtures/inputs/rs_style.csv"


def platt_exact(F, y):
    """Newton's method on Platt's objective in 50-digit arithmetic, to a step below 1e-40."""
    mp.dps = 50
    pos = int(np.sum(y > 0))
    neg = len(y) - pos
    T = [mpf(pos + 1) / (pos + 2) if v > 0 else mpf(1) / (neg + 2) for v in y]
    D = [mpf(float(v)) for v in F]
    a, b = mpf(0), mlog(mpf(neg + 1) / (pos + 1))
    for _ in range(200):
        ga = gb = haa = hab = hbb = mpf(0)
        for di, ti in zip(D, T):
            P = 1 / (1 + mexp(a * di + b))
            r, w = ti - P, P * (1 - P)
            ga += r * di
            gb += r
            haa += w * di * di
            hab += w * di
            hbb += w
        det = haa * hbb - hab * hab
        da, db = -(hbb * ga - hab * gb) / det, -(haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) < mpf(10) ** -40 and abs(db) < mpf(10) ** -40:
            break
    return float(a), float(b)


def one(name, d, y):
    d = np.asarray(d, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    a_sk, b_sk = _sigmoid_calibration(d, y)
    a, b = platt_exact(d, y)
    p = expit(-(a * d + b))
    iso = IsotonicRegression(increasing=False, out_of_bounds="clip", y_min=0, y_max=1).fit(d, y)
    lo, hi = float(d.min()), float(d.max())
    grid = np.linspace(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo), 41)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    bins = np.linspace(0.0, 1.0, 11)
    binids = np.searchsorted(bins[1:-1], p)
    total = np.bincount(binids, minlength=10)
    nonzero = total != 0
    ece = float(np.sum(total[nonzero] / len(p) * np.abs(prob_true - prob_pred)))
    return {
        "name": name,
        "pairs": int(len(d)),
        "platt_sklearn": {"a": float(a_sk), "b": float(b_sk)},
        "platt_exact": {"a": a, "b": b},
        "isotonic": {"at_distances": iso.predict(d).tolist(), "grid": grid.tolist(), "at_grid": iso.predict(grid).tolist()},
        "reliability": {"prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist(),
                        "counts": total[nonzero].tolist(), "ece": ece, "brier": float(brier_score_loss(y, p))},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True, help="the shared folder holding datasets/deepface-unit")
    args = ap.parse_args()
    pivot = Path(args.shared) / PIVOT_REL
    digest = hashlib.sha256(pivot.read_bytes()).hexdigest()
    if digest != PIVOT_SHA256:
        sys.exit(f"{pivot}: sha256 {digest} != {PIVOT_SHA256}")
    df = pd.read_csv(pivot, float_precision="round_trip")
    rs = pd.read_csv(RS_STYLE, float_precision="round_trip")
    out = {
        "generator": "reference/make_calibration_quality_fixture.py",
        "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__,
                     "pandas": pd.__version__, "mpmath": mpmath.__version__},
        "cases": [
            one("pivot VGG-Face_cosine", df["VGG-Face_cosine"], (df["decision"] == "Yes").astype(int)),
            one("rs_style euclidean", rs["euclidean"], rs["decision"].astype(int)),
        ],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
