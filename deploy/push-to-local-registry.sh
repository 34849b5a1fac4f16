#!/usr/bin/env bash
# Builds the images of stg, dds and cdm with Jib (JVM, or with --native the native executables), pushes them to
# a registry on loopback and checks what arrived: entrypoint, user, ports, layers. No Docker or other container
# runtime is needed.
#
#   deploy/push-to-local-registry.sh [--native] [--port 5000] [--base IMAGE] [--services "stg dds cdm"] [--keep-running]
#
# Needs: a JDK 17, the Debian packages docker-registry, skopeo and jq (as root:
# `apt-get update && apt-get install -y docker-registry skopeo jq`), python3.
#
# What it does:
#  1. starts a private registry (Debian's docker-registry, i.e. CNCF Distribution) on 127.0.0.1:PORT,
#     storing into a temporary folder, and stops it again at the end (unless --keep-running);
#  2. provides the base image. The real build uses registry.access.redhat.com/ubi9/openjdk-17-runtime
#     (quarkus.jib.base-jvm-image in the root pom.xml), which this script does not pull: it
#     assembles a small JRE base image from this machine's Debian openjdk-17-jre-headless package (user
#     185, nothing else) and pushes it to the local registry first; --base IMAGE uses IMAGE instead. With
#     --native it first builds the native executables (bin/native-toolchain finds the toolchain), and the
#     release base is quay.io/quarkus/ubi9-quarkus-micro-image; here it is the C libraries they link (ldd of
#     the first service's executable: the three link the same ones) and user 185;
#  3. runs the ordinary build with -Dquarkus.container-image.push=true against that registry (http on
#     loopback, hence quarkus.container-image.insecure=true);
#  4. inspects every pushed image with skopeo and fails unless it runs as a numeric non-root user,
#     exposes 8080/tcp, starts the Quarkus fast-jar (or the native executable) and has its layers on top of
#     the base.
#
# Side effect: deploy/generated/ then names 127.0.0.1:PORT/order-pipeline/...; build again with your
# own registry (README, "Deploy") before applying it to a cluster.
set -euo pipefail

PORT=5000
BASE_IMAGE=""
KEEP_RUNNING=false
NATIVE=false
SERVICES=(stg dds cdm)
MVN=${MVN:-./mvnw}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --base) BASE_IMAGE="$2"; shift 2 ;;
    --services) read -r -a SERVICES <<<"$2"; shift 2 ;;
    --keep-running) KEEP_RUNNING=true; shift ;;
    --native) NATIVE=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
for tool in docker-registry skopeo jq python3 curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y docker-registry skopeo jq)" >&2; exit 2; }
done

REGISTRY="127.0.0.1:${PORT}"
WORK="$(mktemp -d)"
REGISTRY_PID=""
cleanup() {
  if [[ -n "$REGISTRY_PID" && "$KEEP_RUNNING" != true ]]; then
    kill "$REGISTRY_PID" 2>/dev/null || true
    wait "$REGISTRY_PID" 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

# ---- 1. the registry ----
step "registry on ${REGISTRY}"
if curl -sf "http://${REGISTRY}/v2/" >/dev/null 2>&1; then
  echo "something already answers on ${REGISTRY}: choose another --port" >&2; exit 2
fi
mkdir -p "$WORK/storage"
cat > "$WORK/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/storage
http:
  addr: ${REGISTRY}
EOF
docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 1 50); do
  curl -sf "http://${REGISTRY}/v2/" >/dev/null 2>&1 && break
  kill -0 "$REGISTRY_PID" 2>/dev/null || { cat "$WORK/registry.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf "http://${REGISTRY}/v2/" >/dev/null
echo "registry pid ${REGISTRY_PID}, storage ${WORK}/storage"

# ---- 2. the base image ----
MODULES="$(IFS=,; echo "${SERVICES[*]}")"
NATIVE_OPTIONS=()
if [[ "$NATIVE" == true ]]; then
  read -r -a NATIVE_OPTIONS <<<"-Pnative $(bin/native-toolchain) -Dquarkus.native.reuse-existing=true"
  step "native executables: ${MVN} package -pl ${MODULES} -am -Pnative -DskipTests (about 5 min each)"
  start=$(date +%s)
  if ! "$MVN" -B -q package -pl "$MODULES" -am -DskipTests "${NATIVE_OPTIONS[@]}" > "$WORK/native-build.log" 2>&1; then
    tail -40 "$WORK/native-build.log" >&2; echo "native build failed" >&2; exit 1
  fi
  echo "built in $(( $(date +%s) - start )) s"
fi
if [[ -z "$BASE_IMAGE" ]]; then
  if [[ "$NATIVE" == true ]]; then
    RUNNER=$(ls "${SERVICES[0]}"/target/native/*-runner)
    step "base image: the C libraries ${RUNNER} links, from this machine"
    BASE_MODE=native; BASE_FROM="$RUNNER"; BASE_IMAGE="${REGISTRY}/base/native:debian"
  else
    step "base image: a JRE 17 from this machine's Debian package openjdk-17-jre-headless"
    BASE_FROM=/usr/lib/jvm/java-17-openjdk-amd64
    [[ -x "$BASE_FROM/bin/java" ]] || { echo "needs Debian's openjdk-17-jre-headless" >&2; exit 2; }
    BASE_MODE=jre; BASE_IMAGE="${REGISTRY}/base/openjdk-17-jre:debian"
  fi
  python3 - "$WORK/base-oci" "$BASE_FROM" "$BASE_MODE" <<'PY'
import gzip, hashlib, io, json, os, re, subprocess, sys, tarfile

# mode jre: source is a JAVA_HOME; mode native: source is a native executable, whose C libraries the base gets.
out, source, mode = sys.argv[1], sys.argv[2], sys.argv[3]
java_home = source
entries = {}  # path in image -> (kind, host path or link target)

def add(path):
    """Adds path and every directory and symlink on the way to it, following symlinks to their targets."""
    path = os.path.normpath(path)
    parts = path.strip('/').split('/')
    cur = ''
    for i, part in enumerate(parts):
        cur = cur + '/' + part
        if os.path.islink(cur):
            target = os.readlink(cur)
            entries[cur] = ('link', target)
            resolved = os.path.normpath(os.path.join(os.path.dirname(cur), target))
            add(os.path.join(resolved, *parts[i + 1:]) if i + 1 < len(parts) else resolved)
            return
        if os.path.isdir(cur):
            entries.setdefault(cur, ('dir', cur))
        elif os.path.isfile(cur):
            entries[cur] = ('file', cur)
            return
        else:
            return

def add_tree(root):
    for d, dirs, files in os.walk(root):
        add(d)
        for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            add(os.path.join(d, f))

if mode == 'jre':
    listed = subprocess.run(['dpkg', '-L', 'openjdk-17-jre-headless'], capture_output=True, text=True, check=True).stdout.split()
    for p in listed:
        if p.startswith('/usr/share/doc') or p.startswith('/usr/share/man') or p.startswith('/usr/share/lintian'):
            continue
        if os.path.lexists(p):
            add(p)
    add('/etc/ssl/certs/java/cacerts')
    # The shared libraries the JVM and its own libraries load, with the loader.
    objects = [os.path.join(java_home, 'bin', 'java')]
    for d, _, files in os.walk(os.path.join(java_home, 'lib')):
        objects += [os.path.join(d, f) for f in files if f.endswith('.so')]
else:
    # A native executable carries its Java code and trust store; it needs only the C libraries it links.
    objects = [source]
libs = set()
for o in objects:
    res = subprocess.run(['ldd', o], capture_output=True, text=True)
    for line in res.stdout.splitlines():
        m = re.search(r'(?:=>\s*)?(/\S+)\s+\(0x', line)
        if m:
            libs.add(m.group(1))
for lib in sorted(libs):
    add(lib)
for extra in ['/etc/nsswitch.conf', '/usr/lib/x86_64-linux-gnu/libnss_files.so.2', '/usr/lib/x86_64-linux-gnu/libnss_dns.so.2']:
    if os.path.exists(extra):
        add(extra)

generated = {
    '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:185:jboss:/home/jboss:/sbin/nologin\n',
    '/etc/group': 'root:x:0:\njboss:x:185:\n',
}

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode='w', format=tarfile.PAX_FORMAT) as tar:
    def info(name, **kw):
        ti = tarfile.TarInfo(name.lstrip('/'))
        ti.mtime = 0
        ti.uid = ti.gid = 0
        for k, v in kw.items():
            setattr(ti, k, v)
        return ti
    for d in ['/tmp', '/home', '/home/jboss']:
        ti = info(d, type=tarfile.DIRTYPE, mode=0o1777 if d == '/tmp' else 0o755)
        if d == '/home/jboss':
            ti.uid = ti.gid = 185
        tar.addfile(ti)
    for path in sorted(entries):
        kind, src = entries[path]
        if path in generated or path in ('/tmp', '/home'):
            continue
        if kind == 'dir':
            tar.addfile(info(path, type=tarfile.DIRTYPE, mode=0o755))
        elif kind == 'link':
            tar.addfile(info(path, type=tarfile.SYMTYPE, linkname=src, mode=0o777))
        else:
            st = os.stat(src)
            with open(src, 'rb') as f:
                tar.addfile(info(path, size=st.st_size, mode=st.st_mode & 0o7777), f)
    for path, text in generated.items():
        data = text.encode()
        tar.addfile(info(path, size=len(data), mode=0o644), io.BytesIO(data))
layer = raw.getvalue()
layer_gz = gzip.compress(layer, compresslevel=6, mtime=0)

def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(out, 'blobs', 'sha256'), exist_ok=True)
    with open(os.path.join(out, 'blobs', 'sha256', digest), 'wb') as f:
        f.write(data)
    return 'sha256:' + digest, len(data)

config = {
    'architecture': 'amd64', 'os': 'linux',
    'config': {
        'User': '185',
        'Env': (['PATH=' + java_home + '/bin:/usr/local/bin:/usr/bin:/bin', 'JAVA_HOME=' + java_home, 'LANG=C.UTF-8']
                if mode == 'jre' else ['PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8']),
        'WorkingDir': '/home/jboss',
    },
    'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + hashlib.sha256(layer).hexdigest()]},
    'history': [{'created_by': 'deploy/push-to-local-registry.sh: ' + ('openjdk-17-jre-headless' if mode == 'jre'
                 else 'the C libraries of the native executables') + ' from the build machine'}],
}
config_digest, config_size = blob(json.dumps(config, sort_keys=True).encode())
layer_digest, layer_size = blob(layer_gz)
manifest = {
    'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
    'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': config_digest, 'size': config_size},
    'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': layer_digest, 'size': layer_size}],
}
manifest_digest, manifest_size = blob(json.dumps(manifest, sort_keys=True).encode())
with open(os.path.join(out, 'index.json'), 'w') as f:
    json.dump({'schemaVersion': 2, 'manifests': [{
        'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': manifest_digest, 'size': manifest_size,
        'annotations': {'org.opencontainers.image.ref.name': mode}}]}, f)
with open(os.path.join(out, 'oci-layout'), 'w') as f:
    json.dump({'imageLayoutVersion': '1.0.0'}, f)
print(f'{len(entries)} paths, layer {layer_size / 1e6:.1f} MB compressed')
PY
  skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/base-oci:${BASE_MODE}" "docker://${BASE_IMAGE}"
  echo "pushed ${BASE_IMAGE}"
else
  step "base image: ${BASE_IMAGE}"
fi

# ---- 3. build and push ----
step "build and push: ${MVN} package -pl ${MODULES} -am -DskipTests ${NATIVE_OPTIONS[*]} -Dquarkus.container-image.push=true"
start=$(date +%s)
if ! "$MVN" -B -q package -pl "$MODULES" -am -DskipTests "${NATIVE_OPTIONS[@]}" \
    -Dquarkus.container-image.registry="${REGISTRY}" \
    -Dquarkus.container-image.insecure=true \
    -Dquarkus.container-image.push=true \
    -Dquarkus.jib.base-jvm-image="${BASE_IMAGE}" -Dquarkus.jib.base-native-image="${BASE_IMAGE}" > "$WORK/build.log" 2>&1; then
  tail -40 "$WORK/build.log" >&2; echo "build failed" >&2; exit 1
fi
echo "built and pushed in $(( $(date +%s) - start )) s"

# ---- 4. inspect ----
step "what the registry holds"
curl -sf "http://${REGISTRY}/v2/_catalog" | jq -c .
base_layers=$(skopeo inspect --tls-verify=false "docker://${BASE_IMAGE}" | jq -r '.Layers[]')
failures=0
for service in "${SERVICES[@]}"; do
  # The image the generated Deployment names: what a cluster would pull.
  image=$(sed -n 's/^ *image: *//p' "deploy/generated/${service}/kubernetes.yml" | head -1)
  step "${service}: ${image}"
  if [[ "$image" != "${REGISTRY}/order-pipeline/${service}-service:"* ]]; then
    echo "FAIL: deploy/generated/${service}/kubernetes.yml names ${image}"; failures=$((failures + 1)); continue
  fi
  if ! inspect=$(skopeo inspect --tls-verify=false "docker://${image}" 2>&1); then
    echo "FAIL: not in the registry: $inspect"; failures=$((failures + 1)); continue
  fi
  config=$(skopeo inspect --tls-verify=false --config "docker://${image}")
  user=$(jq -r '.config.User // ""' <<<"$config")
  entrypoint=$(jq -c '.config.Entrypoint' <<<"$config")
  ports=$(jq -c '.config.ExposedPorts // {} | keys' <<<"$config")
  workdir=$(jq -r '.config.WorkingDir // ""' <<<"$config")
  echo "digest:     $(jq -r .Digest <<<"$inspect")"
  echo "entrypoint: ${entrypoint}"
  echo "user:       ${user}"
  echo "ports:      ${ports}"
  echo "workdir:    ${workdir}"
  echo "env:        $(jq -c '[.config.Env[] | select(test("PASSWORD|SECRET|JAAS") | not)]' <<<"$config")"
  echo "layers (oldest first):"
  manifest=$(skopeo inspect --tls-verify=false --raw "docker://${image}")
  # What made each layer, from the image's history (Jib names its fast-jar layers there).
  mapfile -t made_by < <(jq -r '[.history[]? | select(.empty_layer != true) | (.comment // .created_by // "")] | .[]' <<<"$config")
  i=0
  while read -r digest size; do
    origin=""
    grep -q -F "$digest" <<<"$base_layers" && origin="base image"
    printf '  %s  %8.2f MiB  %s\n' "${digest:7:12}" "$(jq -n "$size / 1048576")" "${origin:-${made_by[$i]:-}}"
    i=$((i + 1))
  done < <(jq -r '.layers[] | "\(.digest) \(.size)"' <<<"$manifest")
  app_layers=$(jq -r '.Layers[]' <<<"$inspect" | grep -v -x -F -f <(echo "$base_layers") | wc -l)
  check() { if eval "$2"; then echo "ok:   $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi; }
  check "user is numeric and not root (${user})" '[[ "$user" =~ ^[0-9]+(:[0-9]+)?$ && "${user%%:*}" != 0 ]]'
  check "exposes 8080/tcp" 'jq -e "index(\"8080/tcp\")" <<<"$ports" >/dev/null'
  if [[ "$NATIVE" == true ]]; then
    check "starts the native executable" '[[ "$entrypoint" == *application* ]]'
    check "the executable on top of the base (${app_layers} layers)" '[[ "$app_layers" -ge 1 ]]'
  else
    check "starts the Quarkus fast-jar" '[[ "$entrypoint" == *quarkus-run.jar* || "$entrypoint" == *run-java.sh* ]]'
    check "fast-jar layers on top of the base (${app_layers})" '[[ "$app_layers" -ge 3 ]]'
  fi
  check "no password in the image's environment" '! jq -e ".config.Env[] | select(test(\"PASSWORD=.+\"))" <<<"$config" >/dev/null'
done

step "result"
if [[ "$KEEP_RUNNING" == true ]]; then
  echo "registry left running on ${REGISTRY} (pid ${REGISTRY_PID}, storage ${WORK}/storage)"
fi
if [[ $failures -gt 0 ]]; then
  echo "${failures} check(s) failed"; exit 1
fi
echo "all images pushed and checked"
