#!/usr/bin/python3
"""Writes the reference fixtures for dev.facecal.report.KdeTest.

Run with Debian's interpreter (it has numpy, scipy, pandas and matplotlib):

    /usr/bin/python3 reference/make_kde_fixture.py

For each case it draws a deterministic sample (numpy default_rng with a fixed seed), evaluates
the Gaussian KDE the way pandas' Series.plot.kde() does (scipy.stats.gaussian_kde with Scott's
factor, evaluated on np.linspace(min - 0.5*range, max + 0.5*range, points)), checks that this
equals the line pandas actually draws, and writes values, grid and density to
src/test/resources/fixtures/kde/<case>.json. Floats are written with repr(), so they round-trip
exactly into Java doubles.
"""
import json
import pathlib
import platform

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
from scipy.stats import gaussian_kde  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/kde"


def pandas_grid(values, points):
    """pandas.plotting._matplotlib.hist.KdePlot._get_ind for ind=None / ind=int."""
    lo, hi = np.nanmin(values), np.nanmax(values)
    sample_range = hi - lo
    return np.linspace(lo - 0.5 * sample_range, hi + 0.5 * sample_range, points)


def pandas_line(values, points):
    """The (x, y) data of the line pandas draws for Series.plot.kde(ind=points)."""
    fig, ax = plt.subplots()
    pd.Series(values).plot.kde(ax=ax, ind=points)
    xy = ax.get_lines()[0].get_xydata()
    plt.close(fig)
    return xy[:, 0], xy[:, 1]


def case(name, values, points, decimals=None, note=""):
    values = np.asarray(values, dtype=np.float64)
    if decimals is not None:
        values = np.round(values, decimals)
    kde = gaussian_kde(values)  # bw_method=None -> Scott's factor, as pandas
    x = pandas_grid(values, points)
    density = kde.evaluate(x)
    px, py = pandas_line(values, points)
    assert np.array_equal(px, x), name
    assert np.array_equal(py, density), name
    doc = {
        "case": name,
        "note": note,
        "generator": "reference/make_kde_fixture.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
        },
        "n": int(values.size),
        "points": int(points),
        "factor": float(kde.factor),
        "bandwidth": float(np.sqrt(kde.covariance[0, 0])),
        "values": [float(v) for v in values],
        "x": [float(v) for v in x],
        "density": [float(v) for v in density],
    }
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"{path.relative_to(OUT.parent.parent.parent.parent.parent)}: n={values.size} points={points} "
          f"bandwidth={doc['bandwidth']:.6g} max density={density.max():.6g}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261122)
    # Cosine distances of same-person pairs: one skewed bump.
    case("small", rng.gamma(shape=6.0, scale=0.05, size=200), 1000,
         note="exact path: n=200, pandas default of 1000 points")
    # Few points on a coarser grid, with ties.
    case("ties", np.round(rng.normal(0.6, 0.1, size=40), 2), 101,
         note="exact path: n=40 with ties, ind=101")
    # Bimodal, large enough for the binned path (n > 20 000); rounded to 5 decimals to keep the file small.
    n = 30_000
    pos = rng.normal(0.35, 0.08, size=n // 5)
    neg = rng.normal(0.85, 0.12, size=n - n // 5)
    case("large", np.concatenate([pos, neg]), 1000, decimals=5,
         note="binned path: n=30000 bimodal, values rounded to 5 decimals")


if __name__ == "__main__":
    main()
