"""Checks infra/ without a Docker engine or a Kubernetes cluster: every YAML file parses, and the
Kubernetes manifests agree with each other and with what the server needs (labels, selectors,
probes, Orleans Kubernetes hosting variables, RBAC for its pod watcher). Exits non-zero on any problem."""
import glob
import sys

import yaml

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


documents = {}
for path in sorted(glob.glob("infra/**/*.y*ml", recursive=True)):
    try:
        documents[path] = [d for d in yaml.safe_load_all(open(path)) if d is not None]
    except yaml.YAMLError as error:
        problems.append(f"{path}: {error}")

k8s = [d for path, docs in documents.items() if path.startswith("infra/k8s/") for d in docs]
for doc in k8s:
    check(all(k in doc for k in ("apiVersion", "kind", "metadata")) and doc["metadata"].get("name"),
          f"a Kubernetes object lacks apiVersion, kind or metadata.name: {doc}")
by_kind = {}
for doc in k8s:
    by_kind.setdefault(doc.get("kind"), []).append(doc)

deployments = by_kind.get("Deployment", [])
check(len(deployments) == 1, "infra/k8s has exactly one Deployment")
for deployment in deployments:
    spec = deployment["spec"]
    pod = spec["template"]
    labels = pod["metadata"]["labels"]
    check(all(labels.get(k) == v for k, v in spec["selector"]["matchLabels"].items()), "the Deployment selector matches its pod labels")
    container = pod["spec"]["containers"][0]
    env = {e["name"]: e for e in container.get("env", [])}
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    check(container["readinessProbe"]["grpc"]["port"] == ports.get("grpc"), "readiness probes grpc.health.v1 on the native gRPC port")
    liveness = container["livenessProbe"]["grpc"]
    check(liveness["port"] == ports.get("grpc") and liveness.get("service") == "liveness",
          "liveness probes the 'liveness' health name, which stays SERVING while a silo drains")
    if env.get("Cluster__KubernetesHosting", {}).get("value") == "true":
        for name in ("POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"):
            check(name in env, f"Kubernetes hosting needs the {name} variable")
        for label in ("orleans/serviceId", "orleans/clusterId"):
            check(label in labels, f"Kubernetes hosting needs the pod label {label}")
        account = pod["spec"].get("serviceAccountName")
        check(any(a["metadata"]["name"] == account for a in by_kind.get("ServiceAccount", [])),
              f"the pods' service account '{account}' is defined")
        bound_roles = [b["roleRef"]["name"] for b in by_kind.get("RoleBinding", [])
                       if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in b["subjects"])]
        verbs = {v for r in by_kind.get("Role", []) if r["metadata"]["name"] in bound_roles
                 for rule in r["rules"] if "pods" in rule["resources"] for v in rule["verbs"]}
        check({"get", "list", "watch", "delete"} <= verbs, f"the service account may get, list, watch and delete pods (has {sorted(verbs)})")
    check("Cluster__RedisConnectionString" in env, "the silos run in cluster mode")
    for service in by_kind.get("Service", []):
        check(all(labels.get(k) == v for k, v in service["spec"]["selector"].items()), f"Service {service['metadata']['name']} selects the pods")
        for port in service["spec"]["ports"]:
            check(port["targetPort"] in ports, f"Service port {port['name']} targets a named container port")
    for budget in by_kind.get("PodDisruptionBudget", []):
        check(all(labels.get(k) == v for k, v in budget["spec"]["selector"]["matchLabels"].items()), "the PodDisruptionBudget selects the pods")
    for hpa in by_kind.get("HorizontalPodAutoscaler", []):
        target = hpa["spec"]["scaleTargetRef"]
        check(target["kind"] == "Deployment" and target["name"] == deployment["metadata"]["name"], "the autoscaler scales the Deployment")

for problem in problems:
    print(f"infra check: {problem}", file=sys.stderr)
print(f"infra check: {len(documents)} YAML files, {len(k8s)} Kubernetes objects, {len(problems)} problems")
sys.exit(1 if problems else 0)
