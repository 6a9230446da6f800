#!/usr/bin/env bash
# Builds ijava-1.3.0.jar (shaded, like the GitHub release jar) from IJava's v1.3.0 sources, for machines that
# cannot download the release zip from GitHub: the dependencies come from Maven Central.
#
#   environment/build-ijava.sh IJAVA_SRC_DIR OUT_DIR
#   IJAVA_JAR=OUT_DIR/ijava-1.3.0.jar FACECAL_KERNEL=ijava environment/setup.sh
#
# IJAVA_SRC_DIR is a checkout (or source archive) of https://github.com/SpencerPark/IJava at v1.3.0. javac
# --release 9 gives the release's bytecode level; the kernel runs on JDK 25 without extra --add-opens flags.
# Tested here: all six notebooks run on the result (docs/notebooks.md).
set -euo pipefail
src="$(cd "$1" && pwd)"; out="$2"; JDK="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"; out="$(cd "$out" && pwd)"; cd "$out"
cat > pom.xml <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>ijava-deps</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>io.github.spencerpark</groupId><artifactId>jupyter-jvm-basekernel</artifactId><version>2.3.0</version></dependency>
    <dependency><groupId>org.apache.ivy</groupId><artifactId>ivy</artifactId><version>2.5.0-rc1</version></dependency>
    <dependency><groupId>org.apache.maven</groupId><artifactId>maven-model-builder</artifactId><version>3.6.0</version></dependency>
  </dependencies></project>
POM
JAVA_HOME="$JDK" mvn -q -B dependency:copy-dependencies -DoutputDirectory="$out/lib"
rm -rf classes fat && mkdir classes fat
find "$src/src/main/java" -name '*.java' > sources.txt
"$JDK/bin/javac" --release 9 -nowarn -encoding UTF-8 -cp "$(ls "$out"/lib/*.jar | paste -sd:)" -d classes @sources.txt
cp "$src"/src/main/resources/* classes/
sed -i 's/@version@/1.3.0/; s/@project@/ijava/' classes/ijava-kernel-metadata.json   # gradle processResources tokens
(cd fat && for j in "$out"/lib/*.jar; do unzip -qo "$j" -x 'META-INF/MANIFEST.MF' 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'module-info.class' 2>/dev/null || true; done)
cp -R classes/. fat/
printf 'Main-Class: io.github.spencerpark.ijava.IJava\n' > manifest.txt
rm -f ijava-1.3.0.jar
"$JDK/bin/jar" --create --file ijava-1.3.0.jar --manifest manifest.txt -C fat .
echo "built $out/ijava-1.3.0.jar"
