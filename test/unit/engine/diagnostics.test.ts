import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

/** The findings for some manifests, as `CODE line: message`, lines 1-based. */
function findings(text: string, profile: object = {}): string[] {
  return checkCluster(snapshotOf(text, profile)).map((problem) => `${problem.code} ${problem.range.start.line + 1}: ${problem.message}`);
}

function codes(text: string): string[] {
  return checkCluster(snapshotOf(text)).map((problem) => problem.code);
}

const DEPLOY = (name: string, ports = '[{name: http, containerPort: 8080}]', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: app}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          ports: ${ports}${extra}
`;
const SERVICE = (name: string, spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: app}\nspec:\n${spec}\n`;

describe('Service checks (KT1xx)', () => {
  test('KT101 a selector with a typo names the label it lacks and the nearest value', () => {
    const text = [DEPLOY('orders'), SERVICE('orders', '  selector: {app: order}\n  ports: [{port: 80}]')].join('---\n');
    assert.deepEqual(findings(text), ['KT101 17: The selector matches no pod in namespace app: no pod of the namespace has app=order. Did you mean app: orders?']);
  });

  test('KT102 a numeric targetPort no container declares; KT103 a named one missing', () => {
    const text = [DEPLOY('web'), SERVICE('web', '  selector: {app: web}\n  ports: [{name: a, port: 80, targetPort: 8081}, {name: b, port: 81, targetPort: metrics}]')].join('---\n');
    assert.deepEqual(codes(text), ['KT102', 'KT103']);
    assert.match(findings(text)[1]!, /targetPort "metrics" names no TCP container port on any of the selected pods: the Service has no endpoints for this port/);
  });

  test('KT104 NodePorts out of range, taken, or on a ClusterIP Service', () => {
    const text = [
      SERVICE('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]'),
      SERVICE('b', '  type: NodePort\n  ports: [{name: x, port: 80, nodePort: 30080}, {name: y, port: 81, nodePort: 80}]'),
      SERVICE('c', '  ports: [{port: 80, nodePort: 30100}]'),
    ].join('---\n');
    assert.deepEqual(findings(text).filter((line) => line.startsWith('KT104')).map((line) => line.replace(/^KT104 \d+: /, '')), [
      'nodePort 30080 is already used by Service app/a.',
      'nodePort 80 is outside the NodePort range 30000-32767.',
      'A ClusterIP Service cannot have a nodePort.',
    ]);
  });

  test('KT105 duplicate and unnamed ports; KT110 invalid port names', () => {
    const text = [SERVICE('a', '  ports: [{port: 80}, {port: 80}, {name: Web_Port, port: 81}]'), DEPLOY('b', '[{name: this-name-is-too-long, containerPort: 1}]')].join('---\n');
    assert.deepEqual(codes(text).sort(), ['KT105', 'KT105', 'KT105', 'KT110', 'KT110']);
  });

  test('KT106 ExternalName: a selector is ignored, the name must be a DNS name', () => {
    assert.deepEqual(codes(SERVICE('x', '  type: ExternalName\n  externalName: 10.0.0.1\n  selector: {app: x}')), ['KT106', 'KT106']);
  });

  test('KT107 a clusterIP outside the service CIDR or taken', () => {
    const text = [SERVICE('a', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]'), SERVICE('b', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]'), SERVICE('c', '  clusterIP: 172.16.0.1\n  ports: [{port: 80}]')].join('---\n');
    assert.deepEqual(codes(text), ['KT107', 'KT107']);
  });

  test('KT108 a StatefulSet whose serviceName is missing or not headless; KT109 bad source ranges', () => {
    const statefulSet = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: app}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db}]}}\n';
    assert.deepEqual(codes(statefulSet), ['KT108']);
    assert.deepEqual(codes([statefulSet, SERVICE('db', '  selector: {app: db}\n  ports: [{port: 5432}]')].join('---\n')), ['KT108']);
    assert.deepEqual(codes([statefulSet, SERVICE('db', '  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]')].join('---\n')), []);
    assert.deepEqual(codes(SERVICE('lb', '  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, nope]\n  ports: [{port: 80}]')), ['KT109']);
  });

  test('KT111 a workload whose selector does not match its template; KT112 a probe on a port name the container lacks (a number needs no declaration)', () => {
    const mismatch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: app}\nspec:\n  selector: {matchLabels: {app: x}}\n  template: {metadata: {labels: {app: y}}, spec: {containers: [{name: c}]}}\n';
    assert.deepEqual(codes(mismatch), ['KT111']);
    const probe = DEPLOY('p', '[{name: http, containerPort: 8080}]', '\n          readinessProbe: {httpGet: {path: /, port: health}}\n          livenessProbe: {tcpSocket: {port: 9090}}');
    assert.deepEqual(findings(probe).map((line) => line.split(':')[0]), ['KT112 12']);
  });
});

describe('Ingress and Gateway API checks (KT2xx)', () => {
  const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: app}\nspec:\n${spec}\n`;

  test('KT201 a missing backend with a suggestion; KT202 a port the Service lacks, naming the targetPort mix-up; KT203 no endpoints', () => {
    const text = [
      SERVICE('web', '  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]'),
      ingress('  rules: [{http: {paths: [{path: /a, pathType: Prefix, backend: {service: {name: webb, port: {number: 80}}}}, {path: /b, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}, {path: /c, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]'),
    ].join('---\n');
    const lines = findings(text).filter((line) => line.startsWith('KT2'));
    assert.match(lines[0]!, /^KT201 \d+: There is no Service webb in app: the controller answers 503\. Did you mean web\?$/);
    assert.match(lines[1]!, /^KT202 \d+: Service app\/web has no port 8080 \(8080 is the targetPort of its port 80; an Ingress names the Service port\)/);
    assert.match(lines[2]!, /^KT203 /);
  });

  test('KT202 a half-typed backend port (`port: {}`) on a Service with no ports is reported, not a crash (found by the fuzz test)', () => {
    const text = [SERVICE('bare', '  selector: {app: web}'), ingress('  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: bare, port: {}}}}]}}]')].join('---\n');
    assert.deepEqual(findings(text).filter((line) => line.startsWith('KT202')).map((line) => line.replace(/^KT202 \d+: /, '')), ['The backend names neither a port number nor a port name, and Service app/bare has no port.']);
  });

  test('KT204 an unknown IngressClass; KT205 invalid paths; KT206 a host and path claimed twice; KT207 a TLS secret not in the workspace', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n',
      ingress('  ingressClassName: ngnix\n  tls: [{hosts: [a.example.com], secretName: a-tls}]\n  rules: [{host: a.example.com, http: {paths: [{path: api, pathType: Prefix, backend: {service: {name: x, port: {number: 80}}}}, {path: /v1/*, pathType: Exact, backend: {service: {name: x, port: {number: 80}}}}]}}]'),
      // Of the same (mistyped) class as the first: two Ingresses of one controller claim the path.
      ingress('  ingressClassName: ngnix\n  rules: [{host: a.example.com, http: {paths: [{path: api, pathType: Prefix, backend: {service: {name: x, port: {number: 80}}}}]}}]').replace('name: web', 'name: web2'),
    ].join('---\n');
    const found = codes(text);
    for (const code of ['KT204', 'KT205', 'KT206', 'KT207']) assert.ok(found.includes(code), `${code} in ${found}`);
    assert.ok(findings(text).some((line) => line.includes('Did you mean nginx?')));
  });

  test('KT208 a parent Gateway that does not exist; KT209 a cross-namespace backend without a ReferenceGrant', () => {
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: app}\nspec:\n  parentRefs: [{name: gw}]\n  rules: [{backendRefs: [{name: db, namespace: data, port: 80}]}]\n';
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {ports: [{port: 80}]}\n';
    assert.deepEqual(codes([route, service].join('---\n')), ['KT208', 'KT209']);
    const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: data}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}]\n  to: [{group: "", kind: Service}]\n';
    assert.deepEqual(codes([route, service, grant].join('---\n')), ['KT208']);
  });

  test('KT210 NetworkPolicy keeps the ingress controller from the backend pods', () => {
    const text = [
      DEPLOY('web'),
      SERVICE('web', '  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]'),
      ingress('  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]'),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n',
    ].join('---\n');
    assert.ok(codes(text).includes('KT210'));
  });
});

describe('NetworkPolicy checks (KT3xx)', () => {
  const policy = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n${spec}\n`;

  test('KT301 a policy that selects nothing, with a suggestion; KT302 a peer that matches nothing; KT303 a namespaceSelector that matches no namespace', () => {
    const text = [DEPLOY('carts'), policy('  podSelector: {matchLabels: {app: cart}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: nobody}}}, {namespaceSelector: {matchLabels: {team: x}}}]}]')].join('---\n');
    assert.deepEqual(findings(text), [
      'KT301 17: The podSelector matches no pod in namespace app: this policy applies to nothing. Did you mean app: carts?',
      'KT302 18: The podSelector matches no pod in namespace app.',
      'KT303 18: The namespaceSelector matches no namespace of the workspace (namespace labels set outside the manifests are not seen).',
    ]);
  });

  test('KT304 a named port no selected pod has; KT306 rules that admit nothing new; KT307 bad CIDRs', () => {
    const text = [DEPLOY('web'), policy('  podSelector: {}\n  ingress:\n    - {ports: [{port: metrics}]}\n    - {}\n    - {ports: [{port: 80}]}\n    - {from: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}, {ipBlock: {cidr: 10.0.0.0/33}}]}')].join('---\n');
    assert.deepEqual(codes(text).sort(), ['KT304', 'KT306', 'KT306', 'KT307', 'KT307']);
  });

  test('KT305 egress isolated without DNS; allowing UDP 53 to kube-dns clears it', () => {
    const isolated = [DEPLOY('web'), policy('  podSelector: {}\n  policyTypes: [Egress]')].join('---\n');
    assert.deepEqual(codes(isolated), ['KT305']);
    const withDns = [DEPLOY('web'), policy('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]')].join('---\n');
    assert.deepEqual(codes(withDns), []);
  });
});

describe('connection strings (KT4xx)', () => {
  test('KT401 a name that resolves to nothing, pointing at the Service in another namespace; KT402 a targetPort used as the port', () => {
    const text = [
      DEPLOY('web', '[{containerPort: 8080}]', '\n          env:\n            - {name: API, value: "http://api:8080/v1"}\n            - {name: CACHE, value: "cache:6379"}\n            - {name: SITE, value: "https://www.example.com"}'),
      SERVICE('api', '  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: cache, namespace: data}\nspec: {ports: [{port: 6379}]}\n',
    ].join('---\n');
    assert.deepEqual(findings(text), [
      'KT402 13: Service app/api has no port 8080: 8080 is the targetPort of its port 80; clients must use 80.',
      'KT401 14: "cache" resolves to nothing from namespace app (NXDOMAIN; tried cache.app.svc.cluster.local., cache.svc.cluster.local., cache.cluster.local., cache.). A Service cache exists in another namespace: write cache.data.',
    ]);
  });
});

describe('connection strings in ConfigMaps (KT401)', () => {
  test('a ConfigMap value is resolved as a pod of its namespace would', () => {
    const text = [SERVICE('api', '  ports: [{port: 80}]'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: app}\ndata:\n  GOOD: http://api/v1\n  BAD: redis://cache:6379\n'].join('---\n');
    assert.deepEqual(findings(text), ['KT401 12: "cache" resolves to nothing from namespace app (NXDOMAIN; tried cache.app.svc.cluster.local., cache.svc.cluster.local., cache.cluster.local., cache.).']);
  });
});

describe('the example workspace', () => {
  test('every deliberate mistake is found, and nothing else but the default-deny DNS warning of shop-data', async () => {
    const { exampleSnapshot } = await import('../../support/engineFixtures');
    const found = checkCluster(exampleSnapshot()).map((problem) => `${problem.code} ${problem.uri.split('/examples/')[1]}:${problem.range.start.line + 1}`);
    assert.deepEqual(found, [
      'KT101 shop/api/orders-api.yaml:61',
      'KT102 shop/api/orders-api.yaml:79',
      'KT207 shop/ingress/shop-ingress.yaml:37',
      'KT305 shop/policies/shop-data.yaml:9',
      'KT305 shop/policies/shop-web.yaml:34',
      'KT101 shop/web/web-config.yaml:21',
    ]);
  });
});
