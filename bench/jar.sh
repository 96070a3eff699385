# Sourced by bench/run and bench/ab (after ci/jdk.sh, with root set): sets jar to the shaded benchmarks jar and builds
# it first when it is missing or older than the sources it holds.
jar="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/engine-core/src/main" "$root/engine-simd/src/main" "$root/datasets/src/main" \
    "$root/models/src/main" "$root/bench/src" "$root/pom.xml" "$root"/{engine-core,engine-simd,datasets,models,bench}/pom.xml \
    -newer "$jar" -type f -print -quit)" ]; then
  echo "bench/$(basename "$0"): building $jar" >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl bench -am)
fi
