import { podTemplateOf } from '../objects';
import { DAEMON_SET_TOLERATIONS, whyNoNodeFits } from '../snapshot/nodeFit';
import type { CheckContext } from './context';

/**
 * KT113: a pod (or a workload's pods) that fits no node of the cluster, at the field that excludes it: the
 * nodeSelector entry, the node affinity requirement, or the tolerations that miss the nodes' taints.
 */
export function checkScheduling(context: CheckContext): void {
  const { nodes } = context.snapshot;
  const assumed = nodes.every((node) => node.assumed);
  for (const object of context.subjects()) {
    const template = podTemplateOf(object);
    // A pod that names its node is not scheduled (nodeName is checked with the node, in the snapshot's notes).
    if (!template || template.spec?.nodeName) continue;
    const daemonSet = object.type === 'DaemonSet';
    const why = whyNoNodeFits(template.spec, nodes, daemonSet ? DAEMON_SET_TOLERATIONS : []);
    if (!why) continue;
    const what = object.type === 'Pod' ? 'the pod' : `the pods of ${object.id.kind} ${object.id.namespace ?? 'default'}/${object.id.name}`;
    if (assumed) {
      context.report({ code: 'KT113', severity: 'information', object, at: why.at, message: `The default nodes do not fit: ${why.message}. The simulation runs ${what} on them anyway; describe the cluster's nodes (nodes in kubetrace.yaml, or Node objects) to check where they can run.` });
    } else if (daemonSet) {
      context.report({ code: 'KT113', severity: 'information', object, at: why.at, message: `No node fits: ${why.message} (of ${nodes.length}). The DaemonSet runs no pod.` });
    } else {
      context.report({ code: 'KT113', object, at: why.at, message: `No node fits: ${why.message} (of ${nodes.length}). ${what[0]!.toUpperCase()}${what.slice(1)} would stay Pending, and nothing reaches ${object.type === 'Pod' ? 'it' : 'them'}.` });
    }
  }
}
