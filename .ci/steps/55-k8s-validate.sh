#!/usr/bin/env bash
# Validates deploy/ offline against the Kubernetes JSON schemas (kubernetes-validate, strict: no
# unknown fields) for the newest and an older supported Kubernetes version, scans the Dockerfile
# and the manifests with checkov, and runs the host build of the server with the ConfigMaps. Every checkov finding is either fixed or skipped in
# the file itself with a written reason (checkov.io/skip annotations, `# checkov:skip=` comments).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=/tmp/claim-scrubber-k8s-venv
if [ ! -x "$venv/bin/checkov" ] || [ ! -x "$venv/bin/kubernetes-validate" ]; then
    echo "== installing kubernetes-validate and checkov into $venv"
    python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate checkov
fi
manifests=()
for file in deploy/*.yaml; do
    [ "$(basename "$file")" = kustomization.yaml ] && continue   # kustomize's file, not an API object
    manifests+=("$file")
done
for version in 1.37.0 1.30.0; do
    echo "== kubernetes-validate --strict (Kubernetes $version)"
    "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${manifests[@]}" && echo "${#manifests[@]} manifests valid"
done
echo "== checkov (Dockerfile, deploy/)"
# --skip-download: no network but the package registries here; the bundled checks are the policy.
BC_SKIP_MAPPING=TRUE timeout 300 "$venv/bin/checkov" --skip-download --compact --quiet \
    --framework dockerfile --file Dockerfile
BC_SKIP_MAPPING=TRUE timeout 300 "$venv/bin/checkov" --skip-download --compact --quiet \
    --framework kubernetes --directory deploy

# The ConfigMaps must also be what the real server accepts: serve with the mounted file and the
# environment a pod gets (TLS paths pointing at a throwaway certificate), then /readyz over HTTPS.
bin=$(PATH=/opt/swift/usr/bin:$PATH swift build --show-bin-path 2>/dev/null)/claim-scrubber
if [ -x "$bin" ]; then
    echo "== deploy/configmap.yaml with the real server"
    dir=$(mktemp -d /tmp/claim-scrubber-configmap.XXXXXX)
    mkdir "$dir/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/tls/tls.key" -out "$dir/tls/tls.crt" 2>/dev/null
    "$venv/bin/python" scripts/container/configmap-serve.py deploy "$dir"
    port=${CONFIGMAP_CHECK_PORT:-18643}
    mapfile -t pod_env <"$dir/env"
    env -i PATH=/usr/bin:/bin "${pod_env[@]}" SCRUBBER_PORT="$port" timeout 60 "$bin" serve \
        >"$dir/out.log" 2>"$dir/err.log" &
    pid=$!
    status=000
    for _ in $(seq 1 100); do
        status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 --cacert "$dir/tls/tls.crt" \
            "https://127.0.0.1:$port/readyz" || true)
        [ "$status" = 200 ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM $pid 2>/dev/null || true
    wait $pid || true
    if [ "$status" != 200 ]; then
        cat "$dir/err.log"
        echo "the server does not run with deploy/configmap.yaml (readyz: $status)"
        exit 1
    fi
    echo "serve runs with deploy/configmap.yaml (file + environment + TLS): GET /readyz over HTTPS 200"
    rm -rf "$dir"
else
    echo "(no host build of claim-scrubber: the ConfigMap was not tried with the real server)"
fi
echo "k8s-validate: manifests valid, checkov clean"
