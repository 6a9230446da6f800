#!/usr/bin/env python3
"""Run facecal's Java notebooks headless and export them to self-contained HTML.

    environment/run-notebooks.py [--out DIR] [--kernel facecal] [--timeout SEC] [NOTEBOOK...]

Without NOTEBOOK arguments it runs every notebooks/*.ipynb in name order. Each notebook is executed with nbclient
in its own folder with the `facecal` kernel (environment/setup.sh installs it); the executed NAME.ipynb and a
NAME.html that loads nothing from the network are written to the out folder (default out/notebooks), plus
summary.json (per notebook: status, time, errors and the provenance the notebook recorded: facecal version,
input SHA-256, options, model hash). The executed notebooks are signed for this user (`jupyter trust`), so JupyterLab treats their
outputs as trusted when you open them. Only the kernel start is retried (rapaio-jupyter-kernel sometimes never answers the start-up
handshake); a notebook's cells are never rerun. Exit status: 0 when every notebook ran clean, 1 when a cell failed
(an error output, or "Exception"/"Error:" on stderr) or a kernel never started, 2 for a usage/setup problem.

Run it with the project's environment: .venv/bin/python environment/run-notebooks.py (./facecal run does).
"""

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from html.parser import HTMLParser

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences debugpy's "frozen modules" notice

try:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbclient.util import ensure_async
    from nbconvert import HTMLExporter
    from nbformat.sign import NotebookNotary
except ImportError as e:  # pragma: no cover
    print(f"run-notebooks: {e}. Run it with the project's .venv/bin/python after environment/setup.sh "
          f"(./facecal run does both).", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "python"))  # facecal_jupyter (also on .venv's path through setup's .pth)
ROOT = os.path.dirname(HERE)
TEMPLATE_BASEDIR = os.path.join(HERE, "nbconvert")
TEMPLATE_NAME = "facecal"
START_TRIES = 4
STDERR_FAILURE = re.compile(r"Exception|Error:")


def log(msg):
    print(msg, flush=True)


def usage_error(msg):
    print(f"run-notebooks: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


def shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="notebooks to run (default: notebooks/*.ipynb)")
    p.add_argument("--out", default=os.path.join(ROOT, "out", "notebooks"), help="output folder (default out/notebooks)")
    p.add_argument("--kernel", default="facecal", help="kernelspec name (default facecal)")
    p.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    p.add_argument("--startup-timeout", type=int, default=60,
                   help="seconds for the kernel process to open its ports (default 60)")
    p.add_argument("--handshake-timeout", type=int, default=20,
                   help="seconds for the kernel to answer once its ports are open (default 20)")
    p.add_argument("--start-tries", type=int, default=START_TRIES, help=f"kernel start attempts (default {START_TRIES})")
    p.add_argument("--allow-errors", action="store_true", help="keep running a notebook's cells after a cell error")
    p.add_argument("--strict-offline", action="store_true",
                   help="fail when an output referenced a network resource (it is removed from the HTML either way)")
    return p.parse_args(argv)


def check_kernelspec(name):
    """Returns the kernelspec; exits 2 when it is missing. Warns about class-path jars that no longer exist."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        usage_error(f"no Jupyter kernel named '{name}'. Run environment/setup.sh first.")
    env = spec.env or {}
    entries = []
    if env.get("RJK_CLASSPATH"):
        entries = env["RJK_CLASSPATH"].split(";")
    elif env.get("IJAVA_CLASSPATH"):
        entries = env["IJAVA_CLASSPATH"].split(os.pathsep)
    missing = [e for e in entries if e and "*" not in e and not os.path.exists(e)]
    if missing:
        log(f"run-notebooks: warning: the '{name}' kernelspec names {len(missing)} missing jar(s), e.g. {missing[0]}; "
            f"rebuild (./facecal --version) and rerun environment/setup.sh")
    return spec


# ------------------------------------------------------------------------------------------------ execution
class KernelStartFailed(Exception):
    pass


async def execute(nb, cwd, args, kernel_log):
    """Executes nb (in place) and returns (attempts, failure) where failure is an exception or None.

    The kernel start is retried when the kernel does not answer the handshake. rapaio-jupyter-kernel 3.0.x has two
    start-up races: a kernel_info_request that arrives while it is still binding its sockets kills its shell thread
    (NullPointerException in Channels.getHandler), and its loop threads can exit at once (LoopThread sets `running`
    after Thread.start()). The first is avoided by connecting only once the shell port is bound; the second needs
    a new kernel. The cells run once only, on the first kernel that answered.
    """
    last = None
    for attempt in range(1, args.start_tries + 1):
        client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout,
                                startup_timeout=args.handshake_timeout, allow_errors=args.allow_errors,
                                resources={"metadata": {"path": cwd}})
        client.km = client.create_kernel_manager()
        with open(kernel_log, "a") as klog:
            klog.write(f"--- kernel start attempt {attempt} ({time.strftime('%Y-%m-%d %H:%M:%S')})\n")
            klog.flush()
            try:
                await client.async_start_new_kernel(stdout=klog, stderr=klog)
                await wait_for_shell_port(client.km, args.startup_timeout)
                await client.async_start_new_kernel_client()
            except OSError as e:  # the kernel command itself cannot run: retrying does not help
                await _cleanup(client)
                raise KernelStartFailed(f"cannot start the kernel: {e}") from e
            except (RuntimeError, TimeoutError, asyncio.TimeoutError) as e:
                await _cleanup(client)
                last = e
                log(f"  kernel start failed (attempt {attempt}/{args.start_tries}): {e}")
                continue
            # The kernel answered: run the cells once, whatever happens.
            try:
                await client.async_execute()
                return attempt, None
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                return attempt, e
            finally:
                await _cleanup(client)
    raise KernelStartFailed(f"the kernel did not start in {args.start_tries} attempts; last error: {last}")


async def wait_for_shell_port(km, timeout):
    """Waits until the kernel accepts connections on its shell port (it has bound its sockets), then a moment more."""
    if getattr(km, "transport", "tcp") != "tcp":
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(km.ip, km.shell_port), 1)
            writer.close()
            break
        except (OSError, asyncio.TimeoutError):
            pass
        if not await ensure_async(km.is_alive()):
            raise RuntimeError("the kernel process exited during start-up")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't open its ports in {timeout} seconds")
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)


async def _cleanup(client):
    try:
        await client._async_cleanup_kernel()
    except Exception:  # noqa: BLE001 - best effort
        pass


# ------------------------------------------------------------------------------------------------ checking
def first_line(text, limit=300):
    text = (text or "").strip()
    line = text.splitlines()[0] if text else ""
    return line[:limit]


def cell_failures(nb):
    """Lists (cell index, kind, name, value) for error outputs and stderr streams that mention an exception."""
    failures = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                failures.append({"cell": i, "ename": out.get("ename", ""), "evalue": first_line(out.get("evalue", ""))})
            elif out.output_type == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                if STDERR_FAILURE.search(text):
                    hit = next((ln for ln in text.splitlines() if STDERR_FAILURE.search(ln)), text)
                    failures.append({"cell": i, "ename": "stderr", "evalue": first_line(hit)})
    return failures


def _log_tail(path, lines=12):
    """The end of a kernel log, without rapaio's per-jar class-path lines."""
    try:
        with open(path, errors="replace") as f:
            text = [ln.rstrip() for ln in f if not ln.startswith(("Parsing classpath: ", "Add "))]
    except OSError:
        return []
    return text[-lines:]


def _last_started_cell(nb):
    started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count") is not None]
    return started[-1] if started else None


# ------------------------------------------------------------------------------------------------ HTML export
EXTERNAL_URL = re.compile(r"^\s*(?:https?:)?//", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?((?:https?:)?//[^"')\s;]+)["']?\s*\)?[^;]*;""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)["']?\s*\)""", re.I)
# attributes that make a browser fetch something (an <a href> is only a link)
_LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "href", "xlink:href"}


class _ExternalScan(HTMLParser):
    """Finds what a page would load from the network, as (start, end, replacement, url) edits of the source."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.edits = []
        self.open_script = None  # (start offset, url) of an external <script src> awaiting its </script>

    def _abs(self):
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._abs()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        if tag == "a":
            return
        urls = [v for k, v in attrs if k in _LOADING_ATTRS and v and _is_external(k, v)]
        if not urls:
            return
        if tag == "script":
            self.open_script = (start, urls[0])
        elif tag in ("link", "base", "meta"):
            self.edits.append((start, end, f"<!-- removed external resource: {_comment_safe(urls[0])} -->", urls[0]))
        else:
            neutral = raw
            for k, v in attrs:
                if k in _LOADING_ATTRS and v and _is_external(k, v):
                    neutral = re.sub(r"(\s)" + re.escape(k) + r"(\s*=)", r"\1data-removed-" + k + r"\2", neutral, count=1)
            self.edits.append((start, end, neutral, urls[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script" and self.open_script:  # <script src=... />
            start, url = self.open_script
            self.open_script = None
            end = start + len(self.get_starttag_text() or "")
            self.edits.append((start, end, f"<!-- removed external script: {_comment_safe(url)} -->", url))

    def handle_endtag(self, tag):
        if tag == "script" and self.open_script:
            start, url = self.open_script
            self.open_script = None
            close = self.text.find(">", self._abs()) + 1
            self.edits.append((start, close, f"<!-- removed external script: {_comment_safe(url)} -->", url))

    def handle_data(self, data):
        if self.lasttag != "style" or "//" not in data:
            return
        base = self._abs()
        for pattern, repl in ((_CSS_IMPORT, ""), (_CSS_URL, "url()")):
            for m in pattern.finditer(data):
                self.edits.append((base + m.start(), base + m.end(), repl, m.group(1)))


def _is_external(attr, value):
    if attr == "srcset":
        return any(EXTERNAL_URL.match(part.strip()) for part in value.split(","))
    return bool(EXTERNAL_URL.match(value))


def _comment_safe(s):
    return s.replace("--", "%2D%2D")


def strip_external(html):
    """Removes what a browser would load from the network from html. Returns (html, the urls removed)."""
    scan = _ExternalScan(html)
    scan.feed(html)
    scan.close()
    edits = sorted(scan.edits, key=lambda e: e[0])
    out, pos, removed = [], 0, []
    for start, end, repl, url in edits:
        if start < pos:  # overlapping (CSS inside a removed element): already handled
            continue
        out.append(html[pos:start])
        out.append(repl)
        pos = end
        removed.append(url)
    out.append(html[pos:])
    return "".join(out), removed


def export_html(nb):
    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[TEMPLATE_BASEDIR],
                            preprocessors=["facecal_jupyter.PlotlyInliner"])
    exporter.embed_images = True
    body, _ = exporter.from_notebook_node(nb)
    return strip_external(body)


def write_atomic(path, text):
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ------------------------------------------------------------------------------------------------ main
def default_notebooks():
    folder = os.path.join(ROOT, "notebooks")
    if not os.path.isdir(folder):
        return []
    return [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".ipynb")]


def read_provenance(out, name):
    """How the notebook's results were made (Workspace.recordProvenance writes <out>/<name>/provenance.json):
    facecal version, input SHA-256, options, model hash. None when the notebook recorded none."""
    path = os.path.join(out, name, "provenance.json")
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        log(f"  warning: cannot read {path} ({e})")
        return None


def run_one(path, args, index, total):
    name = os.path.splitext(os.path.basename(path))[0]
    cwd = os.path.dirname(os.path.abspath(path))
    nb = nbformat.read(path, as_version=4)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    log_dir = os.path.join(args.out, "logs")
    os.makedirs(log_dir, exist_ok=True)
    kernel_log = os.path.join(log_dir, name + ".kernel.log")
    if os.path.exists(kernel_log):
        os.unlink(kernel_log)
    log(f"[{index}/{total}] {name}.ipynb: running {code_cells} code cells with kernel '{args.kernel}' ...")
    record = {"notebook": name + ".ipynb", "path": os.path.relpath(os.path.abspath(path), ROOT), "cells": code_cells}
    t0 = time.monotonic()
    try:
        attempts, failure = asyncio.run(execute(nb, cwd, args, kernel_log))
    except KernelStartFailed as e:
        record.update(seconds=round(time.monotonic() - t0, 1), status="kernel-start-failed",
                      errors=[{"cell": None, "ename": "KernelStartFailed", "evalue": str(e)}])
        log(f"[{index}/{total}] {name}.ipynb: FAILED, {e} (kernel output: {shown(kernel_log)})")
        for line in _log_tail(kernel_log):
            log(f"    | {line}")
        return record
    seconds = round(time.monotonic() - t0, 1)
    errors = cell_failures(nb)
    if failure is not None and not any(err["ename"] != "stderr" for err in errors):
        # a timeout or a dead kernel leaves no error output: report the exception itself
        cell = _last_started_cell(nb)
        errors.append({"cell": cell, "ename": type(failure).__name__, "evalue": first_line(str(failure))})
    try:
        NotebookNotary().sign(nb)  # trusted when this user opens it in JupyterLab
    except Exception as e:  # noqa: BLE001 - signing is a convenience; the figures draw untrusted too
        log(f"  warning: could not sign {name}.ipynb ({e})")
    write_atomic(os.path.join(args.out, name + ".ipynb"), nbformat.writes(nb))
    html, removed = export_html(nb)
    write_atomic(os.path.join(args.out, name + ".html"), html)
    record.update(seconds=seconds, status="ok" if not errors else "error", kernel_start_attempts=attempts,
                  errors=errors, removed_external=removed)
    provenance = read_provenance(args.out, name)
    if provenance is not None:
        record["provenance"] = provenance
    if removed:
        log(f"  warning: removed {len(removed)} network resource(s) from {name}.html: {', '.join(sorted(set(removed)))}")
        if args.strict_offline:
            record["status"] = "error"
            errors.append({"cell": None, "ename": "ExternalResource", "evalue": ", ".join(sorted(set(removed)))})
    state = "ok" if record["status"] == "ok" else "FAILED"
    retry = f", kernel started on attempt {attempts}" if attempts > 1 else ""
    log(f"[{index}/{total}] {name}.ipynb: {state} in {seconds:.1f} s{retry}")
    return record


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    notebooks = args.notebooks or default_notebooks()
    if not notebooks:
        usage_error("no notebooks given and none in notebooks/")
    for nbpath in notebooks:
        if not os.path.isfile(nbpath):
            usage_error(f"no such notebook: {nbpath}")
    check_kernelspec(args.kernel)
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    # the kernels inherit this: what a notebook writes (Workspace.output) goes beside the executed notebooks
    os.environ["FACECAL_NOTEBOOK_OUT"] = args.out

    t0 = time.monotonic()
    records = []
    for i, nbpath in enumerate(notebooks, 1):
        records.append(run_one(nbpath, args, i, len(notebooks)))
    ok = all(r["status"] == "ok" for r in records)
    summary = {"kernel": args.kernel, "ok": ok, "seconds": round(time.monotonic() - t0, 1), "notebooks": records}
    write_atomic(os.path.join(args.out, "summary.json"), json.dumps(summary, indent=2) + "\n")

    failed = [r for r in records if r["status"] != "ok"]
    log(f"run-notebooks: {len(records) - len(failed)}/{len(records)} notebooks ok in {summary['seconds']:.1f} s; "
        f"output in {shown(args.out)}")
    if failed:
        log("run-notebooks: FAILED:")
        for r in failed:
            for err in r["errors"]:
                where = f"cell {err['cell']}" if err["cell"] is not None else "kernel"
                log(f"  {r['notebook']} {where}: {err['ename']}: {err['evalue']}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
