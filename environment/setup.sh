#!/usr/bin/env bash
# Sets up what the facecal notebooks need: Jupyter (nbconvert + nbclient), the facecal jar, a Java kernel and a
# Jupyter kernelspec named `facecal` that puts target/facecal.jar and target/lib/*.jar on the kernel's class path
# from the start (so the notebooks use no magics and run unchanged on IJava, JJava and rapaio-jupyter-kernel).
#
#   environment/setup.sh [--browser] [--kernel auto|ijava|rapaio] [--no-build] [--system-only] [--help]
#
#   --browser       also install Debian's `chromium` (the notebook browser tests need it)
#   --kernel K      same as FACECAL_KERNEL=K
#   --no-build      do not (re)build the jar, only require target/facecal.jar (used by the tests, after mvn package)
#   --system-only   only the system part (Jupyter, and Chromium with --browser); no jar, kernel or kernelspec
#                   (./facecal test uses this before mvn verify; the tests install their own kernelspec)
#
# Environment:
#   FACECAL_KERNEL=auto|ijava|rapaio   kernel choice (default auto: IJava if you have it or it can be downloaded,
#                                      else rapaio-jupyter-kernel 3.0.1 from Maven Central)
#   IJAVA_JAR=/path/ijava-1.3.0.jar    use this IJava jar
#   FACECAL_IJAVA_URL                  where to download the IJava 1.3.0 release zip from (default: GitHub)
#   FACECAL_IJAVA_SHA256               expected SHA-256 of that zip (checked when set)
#   FACECAL_PYTHON                     a python3 with nbclient/nbconvert (default /usr/bin/python3, then python3)
#   FACECAL_KERNEL_JAVA_OPTS           extra JVM options for the kernel (e.g. -Xmx6g), written into the kernelspec
#   FACECAL_RJK_PATCH=0                run rapaio-jupyter-kernel without environment/rjk-patch (its start-up race fix)
#   CI=true                            skip the GitHub download (auto then goes straight to rapaio)
#
# Safe to rerun: every step checks first and only does what is missing; the kernelspec is rewritten each time.
set -euo pipefail
export PYDEVD_DISABLE_FILE_VALIDATION=1  # silences debugpy's "frozen modules" notice from jupyter commands

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/facecal/kernels"

RJK_VERSION=3.0.1
RJK_SHA256=cffac185dafff9a4d62ffdbeb357822b56931c41421c576314a84d3605addd09
RJK_PATH="io/github/padreati/rapaio-jupyter-kernel/$RJK_VERSION/rapaio-jupyter-kernel-$RJK_VERSION.jar"
IJAVA_VERSION=1.3.0
IJAVA_URL="${FACECAL_IJAVA_URL:-https://github.com/SpencerPark/IJava/releases/download/v$IJAVA_VERSION/ijava-$IJAVA_VERSION.zip}"
JUPYTER_DEBS=(jupyter-nbconvert python3-nbclient jupyter-client python3-notebook)
KERNEL_NAME=facecal
DISPLAY_NAME="Java (facecal)"
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true
           --add-modules jdk.incubator.vector)

say()  { echo "setup: $*"; }
warn() { echo "setup: warning: $*" >&2; }
die()  { echo "setup: error: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

browser=0
build=1
system_only=0
kernel_choice="${FACECAL_KERNEL:-auto}"
while [ $# -gt 0 ]; do
  case "$1" in
    --browser) browser=1 ;;
    --no-build) build=0 ;;
    --system-only) system_only=1 ;;
    --kernel) [ $# -ge 2 ] || die "--kernel needs a value (auto, ijava or rapaio)"; kernel_choice="$2"; shift ;;
    --kernel=*) kernel_choice="${1#--kernel=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
case "$kernel_choice" in auto|ijava|rapaio) ;; *) die "FACECAL_KERNEL/--kernel must be auto, ijava or rapaio (got '$kernel_choice')" ;; esac

is_root() { [ "$(id -u)" = 0 ]; }
is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }

# apt-get install, running apt-get update first only when a package has no install candidate.
apt_install() {
  local p need_update=0
  for p in "$@"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]'; then need_update=1; fi
  done
  export DEBIAN_FRONTEND=noninteractive
  if [ "$need_update" = 1 ]; then
    say "apt-get update"
    apt-get update -qq || die "apt-get update failed"
  fi
  say "apt-get install -y $*"
  apt-get install -y -qq "$@" || die "apt-get install $* failed"
}

# ---------------------------------------------------------------- 1. Jupyter
py_has_jupyter() { "$1" -c 'import nbclient, nbconvert, nbformat, jupyter_client, jupyter_core' >/dev/null 2>&1; }

find_python() {
  local c
  for c in ${FACECAL_PYTHON:-} /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
    [ -n "$c" ] && [ -x "$c" ] && py_has_jupyter "$c" && { echo "$c"; return 0; }
  done
  return 1
}

if ! PY="$(find_python)"; then
  if is_debian && is_root; then
    say "Jupyter (nbconvert + nbclient) not found; installing the Debian packages"
    apt_install "${JUPYTER_DEBS[@]}"
    PY="$(find_python)" || die "installed ${JUPYTER_DEBS[*]} but /usr/bin/python3 still cannot import nbclient/nbconvert"
  else
    cat >&2 <<EOF
setup: error: Jupyter with nbconvert and nbclient is missing (looked for a python3 that can import them:
       ${FACECAL_PYTHON:+$FACECAL_PYTHON, }/usr/bin/python3, $(command -v python3 2>/dev/null || echo 'no python3 on PATH')).
       Get it one of these ways, then rerun environment/setup.sh:
         Debian/Ubuntu:  sudo apt-get install ${JUPYTER_DEBS[*]}
         pip:            python3 -m pip install notebook nbconvert nbclient      (then FACECAL_PYTHON=\$(command -v python3))
         conda:          conda env create -f environment/environment.yml && conda activate facecal
EOF
    exit 1
  fi
fi
jupyter() { "$PY" -m jupyter "$@"; }
say "Jupyter: $PY ($("$PY" -c 'import nbconvert, nbclient; print("nbconvert", nbconvert.__version__, "nbclient", nbclient.__version__)'))"

# ---------------------------------------------------------------- 1b. Chromium (tests)
find_chromium() {
  local c
  for c in "${FACECAL_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}
if [ "$browser" = 1 ]; then
  if chromium_bin="$(find_chromium)"; then
    say "Chromium: $chromium_bin"
  elif is_debian && is_root; then
    apt_install chromium
    chromium_bin="$(find_chromium)" || die "installed chromium but /usr/bin/chromium is missing"
    say "Chromium: $chromium_bin"
  else
    die "--browser: Chromium is missing. On Debian: sudo apt-get install chromium (or set FACECAL_CHROMIUM=/path/to/chromium)"
  fi
fi

if [ "$system_only" = 1 ]; then
  say "system part done (--system-only)"
  exit 0
fi

# ---------------------------------------------------------------- 2. JDK 25 and the jar
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
jdk="$(find_jdk)" || die "no JDK 25 found (looked at JAVA_HOME=${JAVA_HOME:-<unset>} and /usr/lib/jvm/*25*); install one (e.g. Temurin 25) and set JAVA_HOME"
java_bin="$jdk/bin/java"
say "JDK: $jdk"

jar="$root/target/facecal.jar"
if [ "$build" = 1 ]; then
  say "checking the facecal jar (./facecal --version builds it when sources changed) ..."
  if ! version_out="$(cd "$root" && JAVA_HOME="$jdk" ./facecal --version 2>&1)"; then
    echo "$version_out" >&2
    die "building/running the facecal jar failed (output above)"
  fi
  say "jar: $jar ($(echo "$version_out" | tail -n 1))"
else
  say "jar: $jar (--no-build: not rebuilt)"
fi
[ -f "$jar" ] || die "$jar is missing (build it: ./facecal --version, or mvn -DskipTests package)"
[ -d "$root/target/lib" ] || die "$root/target/lib is missing (mvn package copies the runtime jars there)"

# ---------------------------------------------------------------- 3. the kernel
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
  # environment/rjk-patch: a fixed LoopThread class ahead of the kernel jar (see the comment in its source)
  if [ "${FACECAL_RJK_PATCH:-1}" != 0 ]; then
    patch_src="$root/environment/rjk-patch/org/rapaio/jupyter/kernel/channels/LoopThread.java"
    kernel_patch="$cache/rjk-$RJK_VERSION-patch"
    patch_class="$kernel_patch/org/rapaio/jupyter/kernel/channels/LoopThread.class"
    if [ ! -f "$patch_class" ] || [ "$patch_src" -nt "$patch_class" ]; then
      rm -rf "$kernel_patch.tmp"
      "$jdk/bin/javac" --release 17 -nowarn -d "$kernel_patch.tmp" "$patch_src" \
        || die "compiling $patch_src failed (set FACECAL_RJK_PATCH=0 to run the kernel unpatched)"
      rm -rf "$kernel_patch"; mv "$kernel_patch.tmp" "$kernel_patch"
    fi
    say "rapaio-jupyter-kernel start-up fix: $kernel_patch (environment/rjk-patch)"
  fi
fi
say "kernel: $kernel ($kernel_jar)"

# ---------------------------------------------------------------- 4. the kernelspec
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
print(f"setup: kernelspec class path: {len(classpath)} jars (target/facecal.jar + {len(deps)} from target/lib)")
EOF
install_out="$(jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir" 2>&1)" \
  || { echo "$install_out" >&2; die "jupyter kernelspec install failed"; }
installed="$(jupyter kernelspec list --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["kernelspecs"]["facecal"]["resource_dir"])')" \
  || die "the facecal kernelspec is not listed by 'jupyter kernelspec list' after installing it"
say "installed kernelspec '$KERNEL_NAME' (\"$DISPLAY_NAME\", $kernel) in $installed"
say "done. Run the notebooks headless: environment/run-notebooks.py   or open them: jupyter lab notebooks/"
