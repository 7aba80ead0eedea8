import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podsOfApp, serviceIp, terminalOn } from './terminalFixture';

describe('kubectl describe in the cluster terminal', () => {
  test("a Service: kubectl's fields in its order, the value column after the longest key, the ready endpoints per port (doc 001)", () => {
    const { terminal, snapshot } = terminalOn();
    const ip = serviceIp(snapshot, 'default', 'my-api');
    const endpoints = podsOfApp(snapshot, 'default', 'my-api').map((pod) => `${pod.ips[0]}:8080`);
    const text = terminal.run('kubectl describe svc my-api').stdout;
    const lines = text.split('\n');
    assert.deepEqual(
      lines.slice(0, 11),
      ['Name:                     my-api', 'Namespace:                default', 'Labels:                   <none>', 'Annotations:              <none>', 'Selector:                 app=my-api', 'Type:                     ClusterIP', 'IP Family Policy:         SingleStack', 'IP Families:              IPv4', `IP:                       ${ip}`, `IPs:                      ${ip}`, 'Port:                     <unset>  80/TCP'],
    );
    assert.equal(lines[11], 'TargetPort:               8080/TCP');
    assert.deepEqual(/^Endpoints:\s+(\S+)$/.exec(lines[12]!)?.[1]?.split(',').sort(), endpoints.sort());
    assert.deepEqual(lines.slice(13), ['Session Affinity:         None', 'Internal Traffic Policy:  Cluster', 'Events:                   <none>', '']);
  });

  test('a NetworkPolicy: its selector, ports and peers in the "Allowing ingress traffic" prose, the defaulted policy types', () => {
    const { terminal } = terminalOn();
    assert.equal(
      terminal.run('kubectl describe netpol allow-frontend-to-backend -n production').stdout,
      'Name:         allow-frontend-to-backend\nNamespace:    production\nCreated on:   <unknown>\nLabels:       <none>\nAnnotations:  <none>\nSpec:\n  PodSelector:     app=backend\n  Allowing ingress traffic:\n    To Port: 8080/TCP\n    From:\n      PodSelector: app=frontend\n  Not affecting egress traffic\n  Policy Types: Ingress\n',
    );
    assert.match(terminal.run('kubectl describe networkpolicy/deny-all-ingress -n production').stdout, / {2}PodSelector: {5}<none> \(Allowing the specific traffic to all pods in this namespace\)\n {2}Allowing ingress traffic:\n {4}<none> \(Selected pods are isolated for ingress connectivity\)\n/);
    const egress = terminalOn('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: out\nspec:\n  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: [10.1.0.0/16]\n      ports:\n        - port: 5432\n');
    assert.match(egress.terminal.run('kubectl describe netpol out').stdout, / {2}Allowing egress traffic:\n {4}To Port: 5432\/TCP\n {4}To:\n {6}IPBlock:\n {8}CIDR: 10\.0\.0\.0\/8\n {8}Except: 10\.1\.0\.0\/16\n {2}Policy Types: Ingress, Egress\n$/);
  });

  test('a pod: its node, labels, addresses, controller and containers', () => {
    const { terminal } = terminalOn();
    const text = terminal.run('kubectl describe pod redis-0 -n cache').stdout;
    assert.match(text, /^Name:\s+redis-0\nNamespace:\s+cache\n/);
    assert.match(text, /^Labels:\s+app=redis\n\s+apps\.kubernetes\.io\/pod-index=0\n/m);
    assert.match(text, /^Controlled By:\s+StatefulSet\/redis$/m);
    assert.match(text, /^ {2}redis:\n {4}Image:\s+redis:7\.2\n {4}Port:\s+6379\/TCP\n/m);
  });

  test('an Ingress: its rules with each backend and the endpoints behind it', () => {
    const { terminal, snapshot } = terminalOn(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: api.example.com\n      http:\n        paths:\n          - path: /api\n            pathType: Prefix\n            backend:\n              service:\n                name: api\n                port:\n                  number: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n      targetPort: 8080\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: api-0\n  labels:\n    app: api\nspec:\n  containers:\n    - name: api\n      image: api\n',
    );
    const pod = snapshot.pods.find((candidate) => candidate.name === 'api-0')!;
    const text = terminal.run('kubectl describe ingress app').stdout;
    assert.match(text, /^Ingress Class:\s+nginx$/m);
    assert.match(text, new RegExp(`Rules:\\n  Host\\s+Path\\s+Backends\\n  ----\\s+----\\s+--------\\n  api\\.example\\.com\\n\\s+/api\\s+api:80 \\(${pod.ips[0]!.replace(/\./g, '\\.')}:8080\\)\\n`));
  });

  test('what it does not describe, or cannot find, it says', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl describe svc nope').stderr, 'Error from server (NotFound): services "nope" not found\n');
    assert.equal(terminal.run('kubectl describe node node-1').status, 127);
  });
});
