/**
 * Which Ingresses the simulated controller serves, from the Kubernetes docs' Ingress page ("Ingress class",
 * "Default IngressClass": an Ingress without a class gets the IngressClass marked
 * ingressclass.kubernetes.io/is-default-class) and ingress-nginx's (it serves the IngressClasses whose
 * spec.controller is its --controller-class, k8s.io/ingress-nginx, and the legacy annotation of its --ingress-class,
 * nginx); and that an Ingress of another controller gets 404 from it and none of its findings.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import type { Ingress } from '../../../server/src/engine/objects';
import { readIngressClass } from '../../../server/src/engine/routing/ingressClass';
import { routeHttp } from '../../../server/src/engine/routing/routeHttp';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;

function ingress(name: string, host: string, classLine = '', annotations = '', path = '/'): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: app${annotations && `, annotations: {${annotations}}`}}
spec:
${classLine && `  ingressClassName: ${classLine}\n`}  rules: [{host: ${host}, http: {paths: [{path: "${path}", pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;
}

function ingressClass(name: string, controller: string, isDefault = false): string {
  return `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${name}${isDefault ? ', annotations: {ingressclass.kubernetes.io/is-default-class: "true"}' : ''}}
spec: {controller: ${controller}}
`;
}

function served(snapshot: ClusterSnapshot): Record<string, boolean> {
  const ingresses = snapshot.objects.filter((object): object is Ingress => object.type === 'Ingress');
  return Object.fromEntries(ingresses.map((object) => [object.id.name, readIngressClass(object, snapshot).served]));
}

describe('the Ingresses the simulated controller serves', () => {
  test('its class, or no class, whether or not the workspace has IngressClasses; not istio, traefik or AKS\'s web app routing', () => {
    const ingresses = [
      ingress('none', 'a.example.com'),
      ingress('nginx', 'b.example.com', 'nginx'),
      ingress('istio', 'c.example.com', 'istio'),
      ingress('aks', 'd.example.com', 'webapprouting.kubernetes.azure.com'),
      ingress('legacy-nginx', 'e.example.com', '', 'kubernetes.io/ingress.class: nginx'),
      ingress('legacy-traefik', 'f.example.com', '', 'kubernetes.io/ingress.class: traefik'),
    ];
    const expected = { none: true, nginx: true, istio: false, aks: false, 'legacy-nginx': true, 'legacy-traefik': false };
    assert.deepEqual(served(snapshotOf(ingresses.join('---\n'))), expected);
    assert.deepEqual(served(snapshotOf([...ingresses, ingressClass('nginx', 'k8s.io/ingress-nginx')].join('---\n'))), expected);
  });

  test('IngressClasses of ingress-nginx\'s controller are its own, whatever their name; the profile names another controller\'s class', () => {
    const text = [ingress('public', 'a.example.com', 'public'), ingress('internal', 'b.example.com', 'internal'), ingressClass('public', 'k8s.io/ingress-nginx'), ingressClass('internal', 'example.com/internal-lb')].join('---\n');
    assert.deepEqual(served(snapshotOf(text)), { public: true, internal: false });
    assert.deepEqual(served(snapshotOf(text, { ingressController: { className: 'internal', controller: 'example.com/internal-lb' } })), { public: false, internal: true });
  });

  test('an Ingress naming no class takes the IngressClass marked default: another controller\'s makes it theirs', () => {
    const none = ingress('none', 'a.example.com');
    assert.deepEqual(served(snapshotOf([none, ingressClass('traefik', 'traefik.io/ingress-controller', true)].join('---\n'))), { none: false });
    assert.deepEqual(served(snapshotOf([none, ingressClass('nginx', 'k8s.io/ingress-nginx', true)].join('---\n'))), { none: true });
    assert.deepEqual(served(snapshotOf([none, ingressClass('traefik', 'traefik.io/ingress-controller')].join('---\n'))), { none: true }, 'a class not marked default does not claim it');
    const snapshot = snapshotOf([none, ingressClass('traefik', 'traefik.io/ingress-controller', true)].join('---\n'));
    assert.match(readIngressClass(snapshot.objects.find((object): object is Ingress => object.type === 'Ingress')!, snapshot).why, /default IngressClass traefik/);
  });
});

describe('a request for an Ingress of another class', () => {
  const snapshot = snapshotOf([APP, ingress('mesh', 'mesh.example.com', 'istio'), ingress('edge', 'edge.example.com', 'nginx')].join('---\n'));
  const request = (host: string) => routeHttp({ host, path: '/', method: 'GET', headers: {}, scheme: 'http', port: 80 }, snapshot);

  test('gets 404 from ingress-nginx, which says the Ingress names another class', () => {
    const result = request('mesh.example.com');
    assert.equal(result.status, 404);
    assert.equal(result.backend, null);
    assert.match(result.rule, /Ingress app\/mesh does, but its class is istio \(ingressClassName\), not the controller's \(nginx\)/);
    assert.deepEqual(result.refs.map((ref) => ref.label), ['Ingress.networking.k8s.io app/mesh spec.ingressClassName']);
    assert.equal(request('edge.example.com').status, 200);
  });

  test('reaching ingress-nginx anyway, it answers 404 by its Ingresses, not by the workspace\'s HTTPRoutes', () => {
    const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: app}
spec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: all, namespace: app}
spec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: web, port: 80}]}]}
`;
    const withGateway = snapshotOf([APP, gateway, ingress('mesh', '', 'istio').replace('{host: , ', '{')].join('---\n'));
    const trace = traceRequest({ from: parseSource('app/web') as TraceSource, to: parseDestination('http://ingress-nginx-controller.ingress-nginx/') as TraceDestination, protocol: 'TCP' }, withGateway);
    assert.ok(!('error' in trace));
    assert.equal(trace.verdict.kind, 'no-route');
    assert.match(trace.verdict.summary, /HTTP 404: no Ingress the controller serves matches .*Ingress app\/mesh does, but its class is istio/);
  });

  test('is not sent to ingress-nginx\'s address by the trace: the DNS hop says whose host it is', () => {
    const trace = traceRequest({ from: parseSource('external') as TraceSource, to: parseDestination('http://mesh.example.com/') as TraceDestination, protocol: 'TCP' }, snapshot);
    assert.ok(!('error' in trace));
    assert.equal(trace.verdict.kind, 'dns-failure');
    const dns = trace.hops.find((hop) => hop.component === 'dns')!;
    assert.ok(dns.details?.some((detail) => /mesh\.example\.com is a host of Ingress app\/mesh, but its class is istio/.test(detail)), JSON.stringify(dns));
  });
});

describe('the findings of an Ingress of another class', () => {
  const codesOf = (text: string) => checkCluster(snapshotOf(text)).filter((problem) => problem.code.startsWith('KT2')).map((problem) => `${problem.code} ${problem.severity}`);
  const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n';

  test('ingress-nginx\'s own (its pods held off by NetworkPolicy, a regex under Prefix) are not raised', () => {
    assert.deepEqual(codesOf([APP, deny, ingress('edge', 'a.example.com', 'nginx', '', '/api/(.*)')].join('---\n')), ['KT205 warning', 'KT210 error']);
    assert.deepEqual(codesOf([APP, deny, ingress('mesh', 'a.example.com', 'istio', '', '/api/(.*)')].join('---\n')), []);
  });

  test('those of the API server and the Service any controller meets stay: a missing Service, an invalid path', () => {
    const text = ingress('mesh', 'a.example.com', 'istio', '', 'api').replace('name: web, port', 'name: webb, port');
    const problems = checkCluster(snapshotOf([APP, text].join('---\n'))).filter((problem) => problem.code.startsWith('KT2'));
    assert.deepEqual(problems.map((problem) => `${problem.code} ${problem.severity}`).sort(), ['KT201 error', 'KT205 error']);
    assert.match(problems.find((problem) => problem.code === 'KT201')!.message, /^There is no Service webb in app: the controller of class istio cannot send requests to it\. Did you mean web\?$/);
  });

  test('two Ingresses claiming one path conflict only under one controller', () => {
    const same = [APP, ingress('a', 'x.example.com', 'istio'), ingress('b', 'x.example.com', 'istio')].join('---\n');
    assert.deepEqual(codesOf(same), ['KT206 warning']);
    assert.deepEqual(codesOf([APP, ingress('a', 'x.example.com', 'istio'), ingress('b', 'x.example.com')].join('---\n')), []);
  });

  test('a class the workspace lacks: a typo of one it has is a warning, another controller\'s name is information', () => {
    const classes = ingressClass('nginx', 'k8s.io/ingress-nginx');
    assert.deepEqual(codesOf([APP, classes, ingress('a', 'x.example.com', 'ngnix')].join('---\n')), ['KT204 warning']);
    assert.deepEqual(codesOf([APP, classes, ingress('a', 'x.example.com', 'traefik')].join('---\n')), ['KT204 information']);
    assert.deepEqual(codesOf([APP, ingressClass('internal', 'k8s.io/ingress-nginx'), ingress('a', 'x.example.com', 'nginx')].join('---\n')), [], 'the profile\'s class needs no IngressClass object');
  });
});
