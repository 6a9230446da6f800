"""Checks that the `facecal` Java kernel behaves as JupyterLab expects, over the Jupyter messaging protocol.

    .venv/bin/python environment/check-kernel.py [--kernel facecal] [--startup-timeout SEC] [--json FILE]

Starts the kernel the way JupyterLab does (jupyter_client, the kernelspec) and checks, in order:
  start       the kernel answers kernel_info within --startup-timeout seconds
  info        kernel_info_reply: protocol 5.x, language "java", a language version
  history     history_request gets a history_reply (status ok) and busy/idle, as JupyterLab asks when a notebook
              opens (without it the status reads "Unknown")
  execute     a cell returns its value ("facecal:" + (40 + 2) shows facecal:42)
  interrupt   a cell sleeping for 60 s, interrupted after 2 s, ends within 10 s with an error reply and idle
  after       the next cell runs normally (the kernel stays usable after an interrupt)
  restart     a restart gives a fresh kernel that runs a cell again
Prints one line per check and a summary; --json writes the results. Exit status 0 when every check passed, 1 when
one failed, 2 when the kernelspec does not exist or jupyter_client is missing (run environment/setup.sh).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

try:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import KernelManager
except ImportError as e:  # pragma: no cover
    print(f"check-kernel: {e}: run it with the project's .venv/bin/python after environment/setup.sh", file=sys.stderr)
    sys.exit(2)


class Check:
    def __init__(self, kernel, startup_timeout):
        self.kernel = kernel
        self.startup_timeout = startup_timeout
        self.km = None
        self.kc = None
        self.results = []

    def record(self, name, ok, detail, seconds):
        self.results.append({"check": name, "ok": ok, "detail": detail, "seconds": round(seconds, 2)})
        print(f"check-kernel: {'ok  ' if ok else 'FAIL'} {name}: {detail} ({seconds:.1f} s)", flush=True)
        return ok

    def start(self):
        t0 = time.monotonic()
        self.km = KernelManager(kernel_name=self.kernel)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=self.startup_timeout)
        except RuntimeError as e:
            return self.record("start", False, f"the kernel did not answer in {self.startup_timeout} s ({e}); "
                               f"rerun environment/setup.sh, then see the kernel's output above", time.monotonic() - t0)
        return self.record("start", True, "kernel_info answered", time.monotonic() - t0)

    def request(self, send, timeout, interrupt_after=None):
        """Sends a shell request; returns (reply content, iopub messages with it as parent, saw idle)."""
        mid = send()
        t0 = time.monotonic()
        reply, msgs, idle, interrupted = None, [], False, False
        while time.monotonic() - t0 < timeout and not (reply is not None and idle):
            if interrupt_after is not None and not interrupted and time.monotonic() - t0 > interrupt_after:
                self.km.interrupt_kernel()
                interrupted = True
            for get, channel in ((self.kc.get_shell_msg, "shell"), (self.kc.get_iopub_msg, "iopub")):
                try:
                    m = get(timeout=0.05)
                except Exception:  # noqa: BLE001 - queue.Empty
                    continue
                if m["parent_header"].get("msg_id") != mid:
                    continue
                if channel == "shell":
                    reply = m["content"]
                    reply["msg_type"] = m["msg_type"]
                elif m["msg_type"] == "status" and m["content"].get("execution_state") == "idle":
                    idle = True
                else:
                    msgs.append(m)
        return reply, msgs, idle

    @staticmethod
    def text_of(msgs):
        out = []
        for m in msgs:
            c = m["content"]
            if m["msg_type"] in ("execute_result", "display_data"):
                out.append(str(c["data"].get("text/plain", c["data"].get("text/html", ""))))
            elif m["msg_type"] == "stream":
                out.append(c.get("text", ""))
            elif m["msg_type"] == "error":
                out.append(f"{c.get('ename')}: {c.get('evalue')}")
        return " | ".join(out)

    def info(self):
        t0 = time.monotonic()
        reply, _, idle = self.request(self.kc.kernel_info, 15)
        if reply is None:
            return self.record("info", False, "no kernel_info_reply in 15 s", time.monotonic() - t0)
        lang = reply.get("language_info", {})
        ok = (str(reply.get("protocol_version", "")).startswith("5.") and lang.get("name") == "java"
              and bool(lang.get("version")))
        return self.record("info", ok, f"protocol {reply.get('protocol_version')}, {reply.get('implementation')} "
                           f"{reply.get('implementation_version')}, {lang.get('name')} {lang.get('version')}",
                           time.monotonic() - t0)

    def history(self):
        t0 = time.monotonic()
        reply, _, idle = self.request(lambda: self.kc.history(hist_access_type="tail", n=10), 15)
        ok = reply is not None and reply.get("msg_type") == "history_reply" and reply.get("status") == "ok" and idle
        detail = "no reply in 15 s" if reply is None else f"{reply.get('msg_type')} status {reply.get('status')}, " \
                                                          f"idle {'seen' if idle else 'MISSING'}"
        return self.record("history", ok, detail, time.monotonic() - t0)

    def execute(self, name, code, expect):
        t0 = time.monotonic()
        reply, msgs, idle = self.request(lambda: self.kc.execute(code), 60)
        text = self.text_of(msgs)
        ok = reply is not None and reply.get("status") == "ok" and idle and expect in text
        return self.record(name, ok, f"status {reply and reply.get('status')}, output '{text[:80]}'",
                           time.monotonic() - t0)

    def interrupt(self):
        t0 = time.monotonic()
        reply, msgs, idle = self.request(lambda: self.kc.execute("Thread.sleep(60_000);"), 12, interrupt_after=2)
        seconds = time.monotonic() - t0
        ok = reply is not None and reply.get("status") == "error" and idle and seconds < 12
        return self.record("interrupt", ok, f"a 60 s sleep interrupted after 2 s: status "
                           f"{reply and reply.get('status')}, '{self.text_of(msgs)[:80]}'", seconds)

    def restart(self):
        t0 = time.monotonic()
        try:
            self.km.restart_kernel(now=False)
            self.kc.wait_for_ready(timeout=self.startup_timeout)
        except RuntimeError as e:
            return self.record("restart", False, f"no answer after the restart ({e})", time.monotonic() - t0)
        return self.execute("restart", '"restarted:" + (40 + 2)', "restarted:42")

    def stop(self):
        try:
            if self.kc:
                self.kc.stop_channels()
            if self.km and self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - best effort
            pass


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kernel", default="facecal")
    p.add_argument("--startup-timeout", type=int, default=60)
    p.add_argument("--json", help="write the results here")
    args = p.parse_args(argv)
    try:
        KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        print(f"check-kernel: no Jupyter kernel named '{args.kernel}': run environment/setup.sh first", file=sys.stderr)
        return 2
    check = Check(args.kernel, args.startup_timeout)
    try:
        if check.start():
            check.info()
            check.history()
            check.execute("execute", '"facecal:" + (40 + 2)', "facecal:42")
            check.interrupt()
            check.execute("after", '"after:" + (40 + 2)', "after:42")
            check.restart()
    finally:
        check.stop()
    ok = all(r["ok"] for r in check.results) and len(check.results) == 7
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"kernel": args.kernel, "ok": ok, "checks": check.results}, f, indent=2)
            f.write("\n")
    print(f"check-kernel: {'all checks passed' if ok else 'FAILED'} ({sum(r['ok'] for r in check.results)}/7)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
