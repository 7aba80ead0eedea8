import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSnapshot, leastPrivilegePolicies, policiesYaml, type ClusterProfile } from '../engine';
import { planComments } from '../features/policyPlanText';
import type { ClusterModel } from '../model/clusterModel';
import { PathError } from './arguments';
import { displayPath } from './paths';

export const GENERATE_HELP = `Usage: kubetrace generate [options] PATH...

Prints NetworkPolicies that admit exactly the connections the manifests imply, and nothing else: per namespace a
default deny of ingress and egress, DNS to kube-dns for every pod, and for each connection string a container
names (env, args, command), each Ingress backend (from the ingress controller) and each Service exposed outside
the cluster (from anywhere) an egress rule at the client and an ingress rule at the server. Each rule carries a
comment naming the line that implies it. Connections the manifests' own policies admit by a rule already are
listed, not written again; a ConfigMap's connection strings count for the workloads that read it (envFrom, a
configMapKeyRef, a volume). What cannot be inferred (an address outside the cluster, a ConfigMap no workload
reads) is listed for you to add. Nothing is written unless --out names a folder.

Options:
  --namespace NS         generate for this namespace only (repeatable; default: every namespace with workloads)
  --out DIR              write DIR/NAMESPACE.yaml for each namespace instead of printing
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the cluster's folder)
  --cluster NAME         the cluster, when the PATHs hold several
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

/** Prints the plan as YAML (what was admitted already and what was not inferred as comments first), or writes it to `out`. */
export function runGenerate(cluster: ClusterModel | undefined, profile: ClusterProfile, options: { readonly namespaces?: readonly string[]; readonly out?: string }, write: (text: string) => void): number {
  const snapshot = buildSnapshot(cluster?.objects ?? [], profile);
  const plan = leastPrivilegePolicies(snapshot, options.namespaces);
  if (options.out === undefined) {
    write(`${planComments(plan, displayPath)}${policiesYaml(plan.policies, displayPath)}`);
    return 0;
  }
  try {
    fs.mkdirSync(options.out, { recursive: true });
    for (const namespace of plan.namespaces) {
      const file = path.join(options.out, `${namespace}.yaml`);
      fs.writeFileSync(file, policiesYaml(plan.policies.filter((policy) => policy.namespace === namespace), displayPath));
      write(`wrote ${file}\n`);
    }
  } catch (error) {
    throw new PathError(`cannot write to ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
  }
  write(planComments(plan, displayPath));
  return 0;
}
