/** Readers for the custom resources whose operators make pods (engine/snapshot/operatorPods.ts lists them). */
import type * as K from '../engine/objects';
import { boolean, integer, list, object, string, stringMap, type Decoder } from './decode';
import { podTemplate } from './schemas';

const podMetadata = object<K.OperatorPodMetadata>({ labels: stringMap });
const strimziTemplate = object<K.StrimziTemplate>({ pod: object<NonNullable<K.StrimziTemplate['pod']>>({ metadata: podMetadata }) });
const strimziComponent = object<K.StrimziComponent>({
  replicas: integer,
  listeners: list(object<K.StrimziListener>({ name: string, port: integer, type: string })),
  template: strimziTemplate,
});
const presence = object<K.Spanned>({});

const operatorSpec = object<K.OperatorSpec>({
  replicas: integer,
  shards: integer,
  instances: integer,
  count: integer,
  podMetadata,
  listenLocal: boolean,
  portName: string,
  thanos: presence,
  inheritedMetadata: podMetadata,
  template: (raw, place, context) => {
    const pod = podTemplate(raw, place, context);
    const strimzi = strimziTemplate(raw, place, context);
    return pod || strimzi ? ({ ...pod, ...strimzi } as K.PodTemplate & K.StrimziTemplate) : undefined;
  },
  cluster: object<NonNullable<K.OperatorSpec['cluster']>>({ name: string }),
  leaderWorkerTemplate: object<K.LeaderWorkerTemplate>({ size: integer, leaderTemplate: podTemplate, workerTemplate: podTemplate }),
  nodeSets: list(object<K.ElasticNodeSet>({ name: string, count: integer, podTemplate })),
  podTemplate,
  kafka: strimziComponent,
  zookeeper: strimziComponent,
  entityOperator: presence,
  cruiseControl: presence,
  kafkaExporter: presence,
  roles: list(string),
  http: object<NonNullable<K.OperatorSpec['http']>>({ port: integer }),
});

/**
 * The spec of a pod-making custom resource, read without reporting: its CRD, not the model, says what is valid,
 * and a field this reader takes for another shape (an older API version's) must not become a finding.
 */
const quietOperatorSpec: Decoder<K.OperatorSpec> = (raw, place, context) => operatorSpec(raw, place, { ...context, problems: [] });

export const operatorResourceFields = { spec: quietOperatorSpec };
