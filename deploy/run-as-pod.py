#!/usr/bin/env python3
"""Runs the containers of the rendered Deployments as a kubelet would, on a machine with neither a cluster nor a
container runtime: to check the images and the manifests together before a cluster sees them.

    deploy/run-as-pod.py --secrets FILE [--config FILE] [--tls-dir DIR] [--services "stg dds cdm"] [--first-port 8080]

For each service it
 1. takes the Deployment's container from `kubectl kustomize deploy/` (--config FILE: that ConfigMap instead of the
    one in deploy/config/, as a user edits it for their Kafka, PostgreSQL and Redis);
 2. pulls the image the Deployment names with skopeo (plain http allowed for a registry on loopback, such as the
    one deploy/push-to-local-registry.sh --keep-running leaves) and unpacks its layers;
 3. builds the environment as the kubelet does: the image's, then envFrom the ConfigMap and the service's Secret
    (from --secrets, a filled-in copy of deploy/config/service-secrets.template.yaml), then env; a missing Secret
    or required key stops it, as CreateContainerConfigError would;
 4. starts the image's entrypoint in its working directory as the pod's runAsUser/runAsGroup/fsGroup, with no new
    privileges, chrooted into the image with the root file system read-only, the emptyDir on /tmp (tmpfs), the
    TLS Secret's folder (--tls-dir) on /etc/pipeline, and the memory and CPU limits as cgroup (v1) limits;
 5. runs the startup probe until it passes or failureThreshold x periodSeconds is over, then liveness and
    readiness, and prints what each answered.
The pods share this machine's network, so each gets its own HTTP port (QUARKUS_HTTP_PORT from --first-port up,
the only change to what the manifests say); the probes follow it. The pods run until Ctrl-C or SIGTERM; their
output is in <work dir>/<service>.log. Needs root, skopeo, kubectl (for kustomize), python3 with PyYAML.
"""
import argparse
import base64
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38
CGROUP = "/sys/fs/cgroup"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--secrets", required=True, help="the services' Secrets, filled in (YAML, one document each)")
    parser.add_argument("--config", help="a ConfigMap order-pipeline-config to use instead of deploy/config's")
    parser.add_argument("--tls-dir", help="the files of the Secret order-pipeline-tls (CA certificates)")
    parser.add_argument("--services", default="stg dds cdm")
    parser.add_argument("--first-port", type=int, default=8080)
    parser.add_argument("--work-dir", help="where images are unpacked and logs written (default: a new temp dir)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root: chroot, mounts and cgroups")
    if not os.path.isdir(os.path.join(CGROUP, "memory")) or os.path.exists(os.path.join(CGROUP, "cgroup.controllers")):
        sys.exit(f"needs cgroups v1 with the memory and cpu controllers under {CGROUP} (cgroups v2 is not supported)")

    kustomize = subprocess.run(["kubectl", "kustomize", os.path.join(ROOT, "deploy")], capture_output=True, text=True)
    if kustomize.returncode != 0:
        sys.exit(f"kubectl kustomize deploy/ failed:\n{kustomize.stderr}")
    rendered = list(yaml.safe_load_all(kustomize.stdout))
    config_map = find(rendered, "ConfigMap", "order-pipeline-config")
    if args.config:
        config_map = yaml.safe_load(open(args.config))
    secrets = {document["metadata"]["name"]: document for document in yaml.safe_load_all(open(args.secrets)) if document}
    work = args.work_dir or tempfile.mkdtemp(prefix="pods-")
    print(f"work dir {work}")

    pods = []
    failed = False
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for index, service in enumerate(args.services.split()):
            deployment = find(rendered, "Deployment", f"{service}-service")
            pods.append(Pod(service, deployment, config_map, secrets, args.tls_dir, args.first_port + index, work))
        for pod in pods:
            pod.start()
        for pod in pods:
            pod.probe()
        print("\npods running; Ctrl-C stops them")
        while all(pod.process.poll() is None for pod in pods):
            time.sleep(1)
        for pod in pods:
            if pod.process.poll() is not None:
                print(f"{pod.service}: exited with {pod.process.returncode}; see {pod.log_path}")
                failed = True
    except KeyboardInterrupt:
        pass
    finally:
        for pod in pods:
            try:
                pod.stop()
            except OSError as error:
                print(f"{pod.service}: stopping it: {error}", file=sys.stderr)
    sys.exit(1 if failed else 0)


def secret_values(secret):
    values = {key: str(value) for key, value in (secret.get("stringData") or {}).items()}
    for key, value in (secret.get("data") or {}).items():
        values[key] = base64.b64decode(value).decode()
    return values


def find(resources, kind, name):
    for resource in resources:
        if resource and resource.get("kind") == kind and resource["metadata"]["name"] == name:
            return resource
    sys.exit(f"no {kind} {name} in `kubectl kustomize deploy/` (run ./mvnw package first)")


def quantity_bytes(value):
    units = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40,
             "k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12}
    for suffix, factor in units.items():
        if value.endswith(suffix):
            return int(float(value[:-len(suffix)]) * factor)
    return int(value)


def quantity_millicores(value):
    return int(value[:-1]) if value.endswith("m") else int(float(value) * 1000)


def write(path, value):
    with open(path, "w") as file:
        file.write(value)


def is_loopback(image):
    return image.split("/", 1)[0].split(":")[0] in ("127.0.0.1", "localhost", "[::1]")


def mount(source, target, fstype, flags, data=None):
    if LIBC.mount(source and source.encode(), target.encode(), fstype and fstype.encode(), flags,
                  data and data.encode()) != 0:
        raise OSError(ctypes.get_errno(), f"mount {source} on {target}: {os.strerror(ctypes.get_errno())}")


class Pod:
    def __init__(self, service, deployment, config_map, secrets, tls_dir, port, work):
        self.service = service
        self.port = port
        self.spec = deployment["spec"]["template"]["spec"]
        self.container = self.spec["containers"][0]
        self.dir = os.path.join(work, service)
        self.rootfs = os.path.join(self.dir, "rootfs")
        self.log_path = os.path.join(work, f"{service}.log")
        self.tls_dir = tls_dir
        self.process = None
        self.memory_cgroup = os.path.join(CGROUP, "memory", f"pod-{service}-{os.getpid()}")
        self.cpu_cgroup = os.path.join(CGROUP, "cpu", f"pod-{service}-{os.getpid()}")
        self.image_config = self.pull(self.container["image"])
        self.env = self.environment(config_map, secrets)

    def pull(self, image):
        print(f"\n== {self.service}: {image}")
        oci = os.path.join(self.dir, "oci")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.rootfs)
        # Plain http and unverified TLS only for a registry on this machine, as push-to-local-registry.sh runs one.
        tls = ["--src-tls-verify=false"] if is_loopback(image) else []
        subprocess.run(["skopeo", "copy", "--quiet", *tls, f"docker://{image}", f"oci:{oci}:pod"], check=True)

        def blob(digest):
            return os.path.join(oci, "blobs", *digest.split(":"))

        index = json.load(open(os.path.join(oci, "index.json")))
        manifest = json.load(open(blob(index["manifests"][0]["digest"])))
        for layer in manifest["layers"]:
            self.unpack(blob(layer["digest"]))
        for mount_point in ("proc", "dev", "sys", "tmp", "etc/pipeline"):
            os.makedirs(os.path.join(self.rootfs, mount_point), exist_ok=True)
        for mount_point in ("etc/hosts", "etc/resolv.conf"):
            path = os.path.join(self.rootfs, mount_point)
            if not os.path.lexists(path):
                write(path, "")
        config = json.load(open(blob(manifest["config"]["digest"])))["config"]
        print(f"   {len(manifest['layers'])} layers; entrypoint {config.get('Entrypoint')} {config.get('Cmd') or ''}; "
              f"user {config.get('User')}; workdir {config.get('WorkingDir')}")
        return config

    def unpack(self, layer):
        """One layer over the ones below it: OCI whiteouts delete, the tar filter keeps every path inside rootfs."""
        with tarfile.open(layer) as tar:
            members = []
            for member in tar.getmembers():
                directory, name = os.path.split(member.name)
                if name == ".wh..wh..opq":
                    opaque = os.path.join(self.rootfs, directory)
                    for entry in os.listdir(opaque) if os.path.isdir(opaque) else []:
                        remove(os.path.join(opaque, entry))
                elif name.startswith(".wh."):
                    remove(os.path.join(self.rootfs, directory, name[len(".wh."):]))
                else:
                    members.append(member)
            tar.extractall(self.rootfs, members=members, filter="tar")

    def environment(self, config_map, secrets):
        env = dict(item.split("=", 1) for item in self.image_config.get("Env", []))
        for source in self.container.get("envFrom", []):
            if "configMapRef" in source:
                ref = source["configMapRef"]
                if ref["name"] != config_map["metadata"]["name"]:
                    sys.exit(f"{self.service}: envFrom names ConfigMap {ref['name']}, which is not there")
                env.update({key: str(value) for key, value in (config_map.get("data") or {}).items()})
            elif "secretRef" in source:
                ref = source["secretRef"]
                if ref["name"] in secrets:
                    env.update(secret_values(secrets[ref["name"]]))
                elif not ref.get("optional"):
                    sys.exit(f"{self.service}: CreateContainerConfigError: secret \"{ref['name']}\" not found")
        for item in self.container.get("env", []):
            if "value" in item:
                env[item["name"]] = item["value"]
                continue
            source = item.get("valueFrom", {})
            ref = source.get("configMapKeyRef") or source.get("secretKeyRef")
            if ref is None:
                print(f"   {item['name']}: {list(source)} is not supported here; left unset")
                continue
            data = ({key: str(value) for key, value in (config_map.get("data") or {}).items()}
                    if "configMapKeyRef" in source and ref["name"] == config_map["metadata"]["name"]
                    else secret_values(secrets.get(ref["name"], {})))
            if ref["key"] in data:
                env[item["name"]] = data[ref["key"]]
            elif not ref.get("optional"):
                sys.exit(f"{self.service}: CreateContainerConfigError: key {ref['key']} not in {ref['name']}")
        env["QUARKUS_HTTP_PORT"] = str(self.port)
        shown = sorted(name for name in env if "PASSWORD" not in name and "JAAS" not in name)
        print(f"   environment: {len(env)} variables ({', '.join(shown)}; and the secrets)")
        return env

    def start(self):
        limits = self.container.get("resources", {}).get("limits", {})
        pod_context = self.spec.get("securityContext", {})
        context = {**pod_context, **self.container.get("securityContext", {})}
        uid, gid = int(context["runAsUser"]), int(context.get("runAsGroup", context["runAsUser"]))
        groups = [int(pod_context["fsGroup"])] if "fsGroup" in pod_context else []
        if context.get("runAsNonRoot") and uid == 0:
            sys.exit(f"{self.service}: runAsNonRoot with user 0")
        memory, cpu = self.memory_cgroup, self.cpu_cgroup
        os.makedirs(memory)
        os.makedirs(cpu)
        if "memory" in limits:
            write(os.path.join(memory, "memory.limit_in_bytes"), str(quantity_bytes(limits["memory"])))
        if "cpu" in limits:
            write(os.path.join(cpu, "cpu.cfs_period_us"), "100000")
            write(os.path.join(cpu, "cpu.cfs_quota_us"), str(quantity_millicores(limits["cpu"]) * 100))
        read_only = context.get("readOnlyRootFilesystem", False)
        workdir = self.container.get("workingDir") or self.image_config.get("WorkingDir") or "/"
        rootfs, tls_dir = self.rootfs, self.tls_dir
        # As a container runtime: command replaces the image's entrypoint, args its cmd.
        command = self.container.get("command") or self.image_config.get("Entrypoint") or []
        command = command + (self.container.get("args") or ([] if "command" in self.container
                                                            else self.image_config.get("Cmd") or []))

        def enter():
            for group in (memory, cpu):
                write(os.path.join(group, "cgroup.procs"), str(os.getpid()))
            if LIBC.unshare(CLONE_NEWNS) != 0:
                raise OSError(ctypes.get_errno(), "unshare")
            mount(None, "/", None, MS_REC | MS_PRIVATE)
            mount(rootfs, rootfs, None, MS_BIND | MS_REC)
            mount("proc", f"{rootfs}/proc", "proc", MS_NOSUID | MS_NODEV)
            mount("/dev", f"{rootfs}/dev", None, MS_BIND | MS_REC)
            mount("/sys", f"{rootfs}/sys", None, MS_BIND | MS_REC)
            mount(None, f"{rootfs}/sys", None, MS_BIND | MS_REMOUNT | MS_RDONLY)
            for name in ("hosts", "resolv.conf"):
                if os.path.exists(f"/etc/{name}"):
                    mount(f"/etc/{name}", f"{rootfs}/etc/{name}", None, MS_BIND)
            mount("tmpfs", f"{rootfs}/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m")
            if tls_dir:
                mount(tls_dir, f"{rootfs}/etc/pipeline", None, MS_BIND)
                mount(None, f"{rootfs}/etc/pipeline", None, MS_BIND | MS_REMOUNT | MS_RDONLY)
            if read_only:
                mount(None, rootfs, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
            os.chroot(rootfs)
            os.chdir(workdir)
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)

        print(f"\n== {self.service}: {' '.join(command)}")
        print(f"   as {uid}:{gid} (groups {groups}), root file system {'read-only' if read_only else 'writable'}, "
              f"limits {limits}, HTTP port {self.port}")
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        preexec_fn=enter, close_fds=True)

    def probe(self):
        started = time.time()
        startup = self.container["startupProbe"]
        time.sleep(startup.get("initialDelaySeconds", 0))
        for attempt in range(startup.get("failureThreshold", 3)):
            status, body = self.get(startup["httpGet"]["path"])
            if status == 200:
                print(f"\n== {self.service}: startup probe {startup['httpGet']['path']} passed after "
                      f"{time.time() - started:.1f} s (attempt {attempt + 1})")
                break
            if self.process.poll() is not None:
                sys.exit(f"{self.service} exited with {self.process.returncode} before it started; see {self.log_path}")
            time.sleep(startup.get("periodSeconds", 10))
        else:
            sys.exit(f"{self.service}: startup probe failed {startup.get('failureThreshold')} times: the kubelet "
                     f"would restart it; see {self.log_path}")
        for name in ("livenessProbe", "readinessProbe"):
            path = self.container[name]["httpGet"]["path"]
            status, body = self.get(path)
            checks = ", ".join(f"{check['name']}: {check['status']}" for check in json.loads(body).get("checks", [])) \
                if body.startswith("{") else body[:200]
            print(f"   {name} {path}: HTTP {status} ({checks})")

    def get(self, path):
        try:
            with NO_PROXY.open(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return None, ""

    def stop(self):
        try:
            if self.process and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            if os.path.isdir(self.memory_cgroup):
                with open(os.path.join(self.memory_cgroup, "memory.max_usage_in_bytes")) as usage:
                    print(f"{self.service}: peak memory in its cgroup {int(usage.read()) / (1 << 20):.0f} MiB")
        finally:
            for group in (self.memory_cgroup, self.cpu_cgroup):
                if os.path.isdir(group):
                    os.rmdir(group)
            # The unpacked image is big and rebuilt next time; the log stays.
            shutil.rmtree(self.dir, ignore_errors=True)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


if __name__ == "__main__":
    main()
