#!/usr/bin/python3
"""Reference values for facecal's distances (``dev.facecal.distance``), computed with numpy as DeepFace does.

Two modes.

Fixture (default)
-----------------
Writes ``src/test/resources/fixtures/distances/deepface_distances.json``: fixed float32 vectors (numpy seed
20260701, no photos) and, per pair, DeepFace's four distances as ``deepface/modules/verification.py`` defines
them for single (1-D) embeddings, computed in float64 from the float32 values (DeepFace's embeddings are
Python lists of floats, i.e. float64):

- ``cosine``       ``1 - dot(a, b) / (norm(a) * norm(b))``            (``find_cosine_distance``)
- ``euclidean``    ``norm(a - b)``                                    (``find_euclidean_distance``)
- ``euclidean_l2`` ``norm(a / (norm(a) + 1e-10) - b / (norm(b) + 1e-10))`` (``l2_normalize`` + euclidean)
- ``angular``      ``arccos(dot(a, b) / (norm(a) * norm(b))) / pi``   (``find_angular_distance``)

with ``norm`` = ``np.linalg.norm`` (for 1-D float64: ``sqrt(x.dot(x))``, a BLAS ddot). Per pair and metric the
fixture holds ``raw`` (the unrounded value; ``null`` where numpy gives NaN) and ``rounded`` =
``np.round(raw, 6)``, which is what DeepFace's ``find_distance`` returns. DeepFace does not clip the cosine
similarity to [-1, 1] before ``arccos``, so identical or opposite vectors can give NaN; facecal clips. The
fixture therefore also holds ``angular_clipped`` (``arccos(clip(cos, -1, 1)) / pi``, and its rounding), which is
what facecal must return, and ``cos`` (the similarity) so that the tests can tell ill-conditioned pairs
(|cos| within 1e-6 of 1, where arccos magnifies a 1-ulp difference in cos to about 1e-8).

With ``--deepface DIR`` (a checkout of serengil/deepface at the pin below, e.g.
``git --git-dir=MIRROR archive 243209fd7b46ecdecf72665cc25219f6e8181f25 | tar -x -C /tmp/deepface``) the script
also extracts ``find_cosine_distance``, ``find_angular_distance``, ``find_euclidean_distance``,
``l2_normalize`` and ``find_distance`` from that file with ``ast`` (no deepface import, which would need
TensorFlow), runs them on every pair and checks that they give bit for bit the values written here. Nothing
from DeepFace is copied into this repository.

    /usr/bin/python3 reference/distances_reference.py [--deepface /tmp/deepface] [--out FILE]

Benchmark (``--bench``)
-----------------------
The numpy side of ``dev.facecal.distance.AllPairsBenchmark`` (src/test/java), which launches it as a subprocess
in the same run. Reads N x D float32 embeddings (raw little-endian, row-major) and computes the condensed
all-pairs matrix (pairs i < j in row order, as ``scipy.spatial.distance.pdist``; N(N-1)/2 float32 values)
of cosine and euclidean distance the fast numpy way: one Gram matrix ``X @ X.T`` (OpenBLAS, multi-threaded),
then per block of rows ``1 - G / sqrt(|a|^2 |b|^2)`` and ``sqrt(max(|a|^2 + |b|^2 - 2 G, 0))``, upper
triangle copied row by row into the condensed array. (DeepFace's own batch euclidean builds an N x N x D
difference tensor, 168 GB here, so it cannot run at this size.) Each metric runs ``--repeats`` times after an
untimed warm-up on the first 500 rows; the times go to stdout as one JSON object. With ``--out DIR`` the last
run's results are written (untimed) as float64 ``<metric>.f64`` for the Java side to compare.

    /usr/bin/python3 reference/distances_reference.py --bench --embeddings emb.f32 --n 12797 --dim 128 \
        --repeats 3 [--out DIR]

Counts (``--counts``)
---------------------
The numpy side of ``AllPairsBenchmark``'s cutoff counting: the work of ``dev.facecal.distance.CutoffCounter``
(notebook 04's at-scale pass) done the fast numpy way. Reads the embeddings and their int32 labels
(``--labels``), and per block of ``--block`` rows computes the Gram block ``X[r0:r1] @ X[r0:].T`` (float64,
OpenBLAS), the distances of the pairs i < j as in ``--bench`` (euclidean_l2 from the L2-normalised rows with
DeepFace's epsilon, angular as ``arccos(clip(cos, -1, 1)) / pi``), and counts with ``np.bincount``: per class
(same label or not) the histogram bin ``int(d / w)`` (NaN, negative or past ``bins * w``: the last bin) and
the cutoff bucket ``searchsorted(cutoffs, d)`` (the first cutoff at or above d), plus each class's count, sum,
sum of squares, min and max. Each metric runs ``--repeats`` times after an untimed warm-up on the first 1000
rows; stdout gets one JSON object with the times and the counts of the last run, which the Java side compares
with its own.

    python3 reference/distances_reference.py --counts --embeddings emb.f32 --labels lab.i32 --n 12797 \
        --dim 128 --metrics euclidean,cosine --cutoffs 0,0.3,0.4 --width 0.01 --bins 200 --repeats 3
"""

import argparse
import ast
import hashlib
import json
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np

DEEPFACE_COMMIT = "243209fd7b46ecdecf72665cc25219f6e8181f25"
VERIFICATION_BLOB = "68a49825051b8c3ffbb75d5c3837b851e4cfba1e"  # git hash-object deepface/modules/verification.py
SEED = 20260701
EPSILON = 1e-10  # DeepFace's l2_normalize default
METRICS = ["cosine", "euclidean", "euclidean_l2", "angular"]

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/distances/deepface_distances.json"


# --------------------------------------------------------------------------------------------
# DeepFace's definitions, written out (single 1-D embeddings, float64)
# --------------------------------------------------------------------------------------------


def norm(x):
    return np.linalg.norm(x)


def similarity(a, b):
    return np.dot(a, b) / (norm(a) * norm(b))


def distances(a, b):
    """The four unrounded distances, as DeepFace computes them (NaN where numpy gives NaN)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = similarity(a, b)
        return {
            "cosine": float(1 - cos),
            "euclidean": float(norm(a - b)),
            "euclidean_l2": float(norm(a / (norm(a) + EPSILON) - b / (norm(b) + EPSILON))),
            "angular": float(np.arccos(cos) / np.pi),
            "angular_clipped": float(np.arccos(np.clip(cos, -1.0, 1.0)) / np.pi),
            "cos": float(cos),
        }


def deepface_round(x):
    return float(np.round(np.float64(x), 6))


# --------------------------------------------------------------------------------------------
# DeepFace's own functions, for the cross-check
# --------------------------------------------------------------------------------------------


def git_blob_sha(path):
    data = Path(path).read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def load_deepface(root):
    src_path = Path(root) / "deepface/modules/verification.py"
    sha = git_blob_sha(src_path)
    if sha != VERIFICATION_BLOB:
        print(f"warning: {src_path} has blob {sha}, not the pinned {VERIFICATION_BLOB} "
              f"(deepface {DEEPFACE_COMMIT})", file=sys.stderr)
    tree = ast.parse(src_path.read_text(), filename=str(src_path))
    wanted = {"find_cosine_distance", "find_angular_distance", "find_euclidean_distance", "l2_normalize",
              "find_distance"}
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    if {n.name for n in nodes} != wanted:
        raise RuntimeError(f"could not find {wanted} in {src_path}")

    class InvalidEmbeddingsShapeError(ValueError):
        pass

    # annotations such as Union[NDArray[Any], List[float]] are evaluated at def time: make them harmless
    ns = {"np": np, "Any": object, "List": _Anything(), "Union": _Anything(), "NDArray": _Anything(),
          "cast": lambda _t, v: v, "InvalidEmbeddingsShapeError": InvalidEmbeddingsShapeError}
    exec(compile(ast.Module(body=nodes, type_ignores=[]), str(src_path), "exec"), ns)
    return ns, sha


class _Anything:
    def __getitem__(self, _item):
        return self


def deepface_values(ns, a, b):
    with np.errstate(invalid="ignore", divide="ignore"):
        out = {}
        for m in METRICS:
            raw_fn = {"cosine": ns["find_cosine_distance"], "angular": ns["find_angular_distance"],
                      "euclidean": ns["find_euclidean_distance"]}.get(m)
            if raw_fn is None:
                raw = ns["find_euclidean_distance"](ns["l2_normalize"](a), ns["l2_normalize"](b))
            else:
                raw = raw_fn(a, b)
            out[m] = (float(raw), float(ns["find_distance"](a.tolist(), b.tolist(), m)))
        return out


# --------------------------------------------------------------------------------------------
# fixture
# --------------------------------------------------------------------------------------------


def f32(x):
    return np.asarray(x, dtype=np.float32)


def cases():
    rng = np.random.default_rng(SEED)
    out = []

    def add(name, a, b, note=""):
        out.append((name, f32(a), f32(b), note))

    for k in range(8):
        add(f"random_128_{k}", rng.normal(0, 0.1, 128), rng.normal(0, 0.1, 128), "independent N(0, 0.1) vectors")
    for k in range(4):
        a = rng.normal(0, 0.1, 128)
        add(f"same_person_like_{k}", a, a + rng.normal(0, 0.03, 128), "b = a + N(0, 0.03) noise")
    a = rng.normal(0, 0.1, 128)
    add("near_identical", a, f32(a) + f32(rng.normal(0, 1e-6, 128)), "b = a + N(0, 1e-6): cosine ~1e-10")
    for k in range(3):
        a = rng.normal(0, 0.1, 128)
        add(f"identical_{k}", a, a, "b = a: DeepFace's cos may leave [-1, 1]")
    a = rng.normal(0, 0.1, 128)
    add("scaled_3x", a, 3 * f32(a), "b = 3a (rounded to float32)")
    a = rng.normal(0, 0.1, 128)
    add("opposite", a, -f32(a), "b = -a: angular 1")
    add("orthogonal", [1, 0, 0], [0, 1, 0], "cos 0, angular 0.5")
    add("dim_1", [2.5], [-1.5], "one dimension")
    v = np.maximum(rng.normal(0, 1, 4096), 0)
    w = np.maximum(rng.normal(0, 1, 4096), 0)
    add("vgg_like_4096", v / np.linalg.norm(v), w / np.linalg.norm(w), "ReLU outputs, L2-normalised, 4096-D")
    add("large_512", rng.normal(0, 50, 512), rng.normal(0, 50, 512), "N(0, 50), 512-D")
    add("tiny_values", rng.normal(0, 1e-30, 64), rng.normal(0, 1e-30, 64),
        "|a| ~ 1e-29 << 1e-10: euclidean_l2 shows DeepFace's epsilon")
    add("zero_vector", np.zeros(128), rng.normal(0, 0.1, 128), "a = 0: cosine and angular NaN")
    add("positive_2622", np.abs(rng.normal(0, 1, 2622)), np.abs(rng.normal(0, 1, 2622)),
        "|N(0, 1)|, 2622-D (VGG-Face 2020)")
    return out


class F32(float):
    """A float32 value that JSON writes with its shortest float32 repr (e.g. 0.1, not 0.10000000149011612)."""

    def __new__(cls, text):
        value = super().__new__(cls, float(np.float32(text)))
        value.text = text
        return value

    def __repr__(self):
        return self.text


def dumps(doc):
    """JSON with one pair per line (the vectors are long)."""
    def enc(v):
        if isinstance(v, F32):
            return v.text
        if isinstance(v, list):
            return "[" + ",".join(enc(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(json.dumps(k) + ": " + enc(x) for k, x in v.items()) + "}"
        return json.dumps(v, allow_nan=False)

    head = {k: v for k, v in doc.items() if k != "pairs"}
    lines = ["{"] + ["  " + json.dumps(k) + ": " + enc(v) + "," for k, v in head.items()]
    lines.append('  "pairs": [')
    lines += ["    " + enc(p) + ("," if i + 1 < len(doc["pairs"]) else "") for i, p in enumerate(doc["pairs"])]
    lines += ["  ]", "}"]
    return "\n".join(lines)


def finite_or_none(x):
    return x if math.isfinite(x) else None


def fixture(deepface_root):
    ns = sha = None
    if deepface_root:
        ns, sha = load_deepface(deepface_root)
    pairs = []
    checked = 0
    for name, a32, b32, note in cases():
        a = a32.astype(np.float64)
        b = b32.astype(np.float64)
        d = distances(a, b)
        entry = {"name": name, "note": note,
                 # float32 values as their shortest float32 repr: Java's Float.parseFloat gives them back exactly
                 "a": [F32(str(x)) for x in a32], "b": [F32(str(x)) for x in b32], "cos": finite_or_none(d["cos"])}
        for m in METRICS:
            entry[m] = {"raw": finite_or_none(d[m]), "rounded": finite_or_none(deepface_round(d[m]))}
        entry["angular_clipped"] = {"raw": finite_or_none(d["angular_clipped"]),
                                    "rounded": finite_or_none(deepface_round(d["angular_clipped"]))}
        if ns is not None:
            got = deepface_values(ns, a, b)
            for m in METRICS:
                raw, rounded = got[m]
                same_raw = (raw == d[m]) or (math.isnan(raw) and math.isnan(d[m]))
                r = deepface_round(d[m])
                same_rounded = (rounded == r) or (math.isnan(rounded) and math.isnan(r))
                if not (same_raw and same_rounded):
                    raise SystemExit(f"{name} {m}: DeepFace gives {raw!r} / {rounded!r}, "
                                     f"this script {d[m]!r} / {r!r}")
                checked += 1
        pairs.append(entry)
    doc = {
        "what": "DeepFace's single-embedding distances (deepface/modules/verification.py) on float32 vectors "
                "taken as float64; raw = unrounded, rounded = np.round(raw, 6) as find_distance returns; "
                "null = NaN; angular_clipped = arccos(clip(cos, -1, 1)) / pi, what facecal returns",
        "generator": "reference/distances_reference.py",
        "seed": SEED,
        "deepface_commit": DEEPFACE_COMMIT,
        "checked_against_deepface": {"verification_py_blob": sha, "values": checked} if ns is not None else None,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "pairs": pairs,
    }
    return doc


# --------------------------------------------------------------------------------------------
# benchmark
# --------------------------------------------------------------------------------------------


def condensed(x, metric, block=256):
    """All pairs i < j of the rows of x (float64), in condensed order, as float32."""
    n = x.shape[0]
    gram = x @ x.T
    sq = np.einsum("ij,ij->i", x, x)
    out = np.empty(n * (n - 1) // 2, dtype=np.float32)
    pos = 0
    for r0 in range(0, n, block):
        r1 = min(n, r0 + block)
        g = gram[r0:r1, r0:]  # only columns j >= r0 are needed
        if metric == "cosine":
            d = 1.0 - g / np.sqrt(sq[r0:r1, None] * sq[None, r0:])
        else:
            d = sq[r0:r1, None] + sq[None, r0:] - 2.0 * g
            np.maximum(d, 0.0, out=d)
            np.sqrt(d, out=d)
        for i in range(r0, r1):
            row = d[i - r0, i - r0 + 1:]
            out[pos:pos + row.size] = row
            pos += row.size
    return out


def condensed64(x, metric, block=256):
    """The same values as float64 (untimed; for the Java side's comparison)."""
    n = x.shape[0]
    gram = x @ x.T
    sq = np.einsum("ij,ij->i", x, x)
    out = np.empty(n * (n - 1) // 2, dtype=np.float64)
    pos = 0
    for r0 in range(0, n, block):
        r1 = min(n, r0 + block)
        g = gram[r0:r1, r0:]
        if metric == "cosine":
            d = 1.0 - g / np.sqrt(sq[r0:r1, None] * sq[None, r0:])
        else:
            d = sq[r0:r1, None] + sq[None, r0:] - 2.0 * g
            np.maximum(d, 0.0, out=d)
            np.sqrt(d, out=d)
        for i in range(r0, r1):
            row = d[i - r0, i - r0 + 1:]
            out[pos:pos + row.size] = row
            pos += row.size
    return out


def blas_info():
    try:
        import threadpoolctl  # noqa: F401
        return [{k: v for k, v in p.items() if k in ("internal_api", "version", "num_threads")}
                for p in threadpoolctl.threadpool_info()]
    except ImportError:
        libs = [line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
                if "blas" in line.lower()]
        return sorted(set(libs))


def bench(args):
    emb = np.fromfile(args.embeddings, dtype="<f4")
    if emb.size != args.n * args.dim:
        raise SystemExit(f"{args.embeddings}: {emb.size} floats, expected {args.n} x {args.dim}")
    x = emb.reshape(args.n, args.dim).astype(np.float64)
    result = {"python": platform.python_version(), "numpy": np.__version__, "blas": blas_info(),
              "n": args.n, "dim": args.dim, "pairs": args.n * (args.n - 1) // 2, "times": {}, "summary": {}}
    for metric in ("cosine", "euclidean"):
        condensed(x[:500], metric)  # warm-up
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            out = condensed(x, metric)
            times.append(time.perf_counter() - t0)
            print(f"numpy {metric}: {times[-1]:.3f} s", file=sys.stderr)
        result["times"][metric] = times
        result["summary"][metric] = {"min": float(out.min()), "max": float(out.max()),
                                     "mean": float(out.astype(np.float64).mean())}
        del out
        if args.out:
            condensed64(x, metric).tofile(Path(args.out) / f"{metric}.f64")
    json.dump(result, sys.stdout)
    print()


def block_distances(x, sq, r0, r1, metric):
    """Distances of rows r0..r1 against rows r0.. (float64), from the Gram block."""
    g = x[r0:r1] @ x[r0:].T
    if metric in ("cosine", "angular"):
        with np.errstate(invalid="ignore", divide="ignore"):
            c = g / np.sqrt(sq[r0:r1, None] * sq[None, r0:])
        if metric == "cosine":
            return 1.0 - c
        return np.arccos(np.clip(c, -1.0, 1.0)) / np.pi
    d = sq[r0:r1, None] + sq[None, r0:] - 2.0 * g
    np.maximum(d, 0.0, out=d)
    return np.sqrt(d, out=d)


def count_pairs(x32, labels, metric, cutoffs, width, bins, block):
    """CutoffCounter's counts, numpy style: histogram and cutoff buckets per class, class sums and extremes."""
    x = x32.astype(np.float64)
    if metric == "euclidean_l2":
        x = x / (np.sqrt(np.einsum("ij,ij->i", x, x)) + EPSILON)[:, None]
    sq = np.einsum("ij,ij->i", x, x)
    n = x.shape[0]
    cut = np.sort(np.asarray(cutoffs, dtype=np.float64))
    m = cut.size
    hist = np.zeros(2 * (bins + 1) + 1, dtype=np.int64)
    buckets = np.zeros(2 * (m + 1) + 1, dtype=np.int64)
    total = np.zeros(2)
    total_sq = np.zeros(2)
    lo = np.full(2, np.inf)
    hi = np.full(2, -np.inf)
    nan = np.zeros(2, dtype=np.int64)
    end = bins * width
    inv = 1.0 / width
    for r0 in range(0, n, block):
        r1 = min(n, r0 + block)
        d = block_distances(x, sq, r0, r1, metric)
        cols = np.arange(r0, n)
        upper = cols[None, :] > np.arange(r0, r1)[:, None]
        same = labels[r0:r1, None] == labels[None, r0:]
        with np.errstate(invalid="ignore"):
            inside = (d >= 0) & (d < end)
            h = np.where(inside, np.minimum(bins - 1, (np.where(inside, d, 0) * inv).astype(np.int64)), bins)
        h += (bins + 1) * same
        h[~upper] = 2 * (bins + 1)
        hist += np.bincount(h.ravel(), minlength=hist.size)
        b = np.searchsorted(cut, d, side="left")
        b += (m + 1) * same
        b[~upper] = 2 * (m + 1)
        buckets += np.bincount(b.ravel(), minlength=buckets.size)
        isnan = np.isnan(d)
        for c, sel in ((0, upper & ~same), (1, upper & same)):
            v = d[sel & ~isnan]
            nan[c] += int(np.count_nonzero(sel & isnan))
            if v.size:
                total[c] += float(v.sum())
                total_sq[c] += float(np.dot(v, v))
                lo[c] = min(lo[c], float(v.min()))
                hi[c] = max(hi[c], float(v.max()))
    out = {}
    for c, name in ((1, "same"), (0, "different")):
        hb = hist[c * (bins + 1):(c + 1) * (bins + 1)]
        bb = buckets[c * (m + 1):(c + 1) * (m + 1)]
        count = int(hb.sum())
        k = count - int(nan[c])
        out[name] = {"histogram": [int(v) for v in hb], "buckets": [int(v) for v in bb], "count": count,
                     "nan": int(nan[c]), "mean": total[c] / k if k else None,
                     "std": math.sqrt(max(0.0, (total_sq[c] - k * (total[c] / k) ** 2) / (k - 1))) if k > 1 else None,
                     "min": lo[c] if k else None, "max": hi[c] if k else None}
    return out


def counts(args):
    emb = np.fromfile(args.embeddings, dtype="<f4")
    if emb.size != args.n * args.dim:
        raise SystemExit(f"{args.embeddings}: {emb.size} floats, expected {args.n} x {args.dim}")
    x = emb.reshape(args.n, args.dim)
    labels = np.fromfile(args.labels, dtype="<i4")
    if labels.size != args.n:
        raise SystemExit(f"{args.labels}: {labels.size} labels, expected {args.n}")
    cutoffs = [float(c) for c in args.cutoffs.split(",")]
    result = {"python": platform.python_version(), "numpy": np.__version__, "blas": blas_info(),
              "n": args.n, "dim": args.dim, "pairs": args.n * (args.n - 1) // 2, "block": args.block,
              "times": {}, "counts": {}}
    for metric in args.metrics.split(","):
        count_pairs(x[:1000], labels[:1000], metric, cutoffs, args.width, args.bins, args.block)  # warm-up
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            out = count_pairs(x, labels, metric, cutoffs, args.width, args.bins, args.block)
            times.append(time.perf_counter() - t0)
            print(f"numpy counts {metric}: {times[-1]:.3f} s", file=sys.stderr)
        result["times"][metric] = times
        result["counts"][metric] = out
    json.dump(result, sys.stdout)
    print()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--deepface", help="checkout of serengil/deepface to cross-check against")
    p.add_argument("--out", help="fixture file (default: the one in src/test/resources), or with --bench the "
                                 "folder for the float64 results")
    p.add_argument("--bench", action="store_true")
    p.add_argument("--counts", action="store_true")
    p.add_argument("--labels")
    p.add_argument("--metrics", default="euclidean")
    p.add_argument("--cutoffs", default="0,0.3,0.4,0.45,0.5,0.55,0.6,0.9,1,1.5")
    p.add_argument("--width", type=float, default=0.01)
    p.add_argument("--bins", type=int, default=200)
    p.add_argument("--block", type=int, default=512)
    p.add_argument("--embeddings")
    p.add_argument("--n", type=int)
    p.add_argument("--dim", type=int)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args()
    if args.counts:
        if not (args.embeddings and args.labels and args.n and args.dim):
            p.error("--counts needs --embeddings, --labels, --n and --dim")
        counts(args)
        return
    if args.bench:
        if not (args.embeddings and args.n and args.dim):
            p.error("--bench needs --embeddings, --n and --dim")
        bench(args)
        return
    doc = fixture(args.deepface)
    out = Path(args.out) if args.out else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps(doc) + "\n")
    checked = doc["checked_against_deepface"]
    print(f"wrote {out}: {len(doc['pairs'])} pairs"
          + (f", {checked['values']} values identical to DeepFace's own functions" if checked else
             " (not cross-checked: no --deepface)"), file=sys.stderr)


if __name__ == "__main__":
    main()
