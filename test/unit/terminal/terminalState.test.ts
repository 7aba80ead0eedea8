import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podsOfApp, serviceIp, terminalOn } from './terminalFixture';

describe('what earlier commands did, later commands show', () => {
  test("kubectl logs of CoreDNS shows the queries the terminal's commands sent, in the log plugin's format, each command's on one pod", () => {
    const { terminal, snapshot } = terminalOn();
    const [debug] = podsOfApp(snapshot, 'default', 'debug');
    terminal.run('kubectl exec deploy/debug -- nslookup redis.cache');
    const logs = terminal.run('kubectl logs -n kube-system -l k8s-app=kube-dns --tail=-1');
    assert.equal(logs.status, 0);
    const queries = logs.stdout.split('\n').filter((line) => line.startsWith('[INFO] 10.'));
    // ndots:5: the search list first; redis.cache.svc.cluster.local answers, A and AAAA for each name.
    assert.deepEqual(
      queries.map((line) => /"(\w+) IN (\S+) udp \d+ false 512" (\w+)/.exec(line)!.slice(1).join(' ')),
      ['A redis.cache.default.svc.cluster.local. NXDOMAIN', 'AAAA redis.cache.default.svc.cluster.local. NXDOMAIN', 'A redis.cache.svc.cluster.local. NOERROR', 'AAAA redis.cache.svc.cluster.local. NOERROR'],
    );
    assert.ok(queries.every((line) => line.startsWith(`[INFO] ${debug!.ips[0]}:`)));
    assert.equal(new Set(queries.map((line) => line.split(' ')[1])).size, 1, 'one client socket for one command');
    assert.match(logs.stdout, /^\.:53\n\[INFO\] plugin\/reload/m);
    assert.match(logs.notes[0]!.text, /no `log` plugin/);
    assert.equal(terminal.run('kubectl logs deploy/debug').status, 127, 'an application\'s logs are not in the manifests');
  });

  test('doc 000: kubectl port-forward svc/NAME 8080:80, then curl localhost:8080 reaches a pod through it', () => {
    const { terminal } = terminalOn();
    const forward = terminal.run('kubectl port-forward svc/my-api 8080:80');
    assert.equal(forward.stdout, 'Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
    const through = terminal.run('curl -s -o /dev/null -w %{http_code} http://localhost:8080/');
    assert.equal(through.stdout, '200');
    assert.match(through.notes.map((note) => note.text).join('\n'), /port-forward/);
    assert.equal(terminal.run('curl localhost:9999').stderr, 'curl: (7) Failed to connect to localhost port 9999 after 0 ms: Connection refused\n');
    assert.match(terminal.run('kubectl port-forward svc/orphan 8081:80').stderr, /selects no running pod/);
    assert.match(terminal.run('kubectl port-forward svc/my-api 8082:81').stderr, /does not have a service port 81/);
  });

  test('doc 004: curl from the user\'s machine to a NodePort goes in through the node', () => {
    const { terminal, snapshot } = terminalOn('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n      nodePort: 30080\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: web\n');
    const node = snapshot.nodes[0]!.addresses[0]!;
    const result = terminal.run(`curl -s http://${node}:30080/`);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /200 from pod default\/web-0/);
  });

  test('conntrack -L on the client\'s node lists its connections: answered ones ESTABLISHED after DNAT, dropped ones UNREPLIED', () => {
    const { terminal, snapshot } = terminalOn();
    const [monitoring] = podsOfApp(snapshot, 'production', 'monitoring');
    const backend = serviceIp(snapshot, 'production', 'backend');
    terminal.run('kubectl exec -n production deploy/monitoring -- curl -s -m 1 backend:8080');
    terminal.run(`node ${monitoring!.node}`);
    const listed = terminal.run('conntrack -L');
    assert.match(listed.stdout, new RegExp(`^tcp      6 117 SYN_SENT src=${monitoring!.ips[0]!.replace(/\./g, '\\.')} dst=${backend.replace(/\./g, '\\.')} sport=\\d+ dport=8080 \\[UNREPLIED\\] src=10\\.244\\.\\d+\\.\\d+ dst=${monitoring!.ips[0]!.replace(/\./g, '\\.')} sport=8080`, 'm'));
    assert.equal(listed.stderr, 'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    terminal.run('exit');
    const other = snapshot.nodes.find((node) => node.name !== monitoring!.node)!;
    terminal.run(`node ${other.name}`);
    assert.equal(terminal.run('conntrack -L').stdout.includes(monitoring!.ips[0]!), false, 'another node did not track it');
  });

  test('curl --resolve and -H Host: the ingress controller routes by the Host header, not by the address connected to', () => {
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: api.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: api\n                port:\n                  number: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: api-0\n  labels:\n    app: api\nspec:\n  containers:\n    - name: api\n      image: api\n';
    const { terminal, snapshot } = terminalOn(ingress);
    const address = snapshot.services.find((service) => service.namespace === 'ingress-nginx')!.loadBalancerIPs[0]!;
    const code = (line: string) => terminal.run(line).stdout;
    assert.equal(code(`curl -s -o /dev/null -w %{http_code} --resolve api.example.com:80:${address} http://api.example.com/`), '200');
    assert.equal(code(`curl -s -o /dev/null -w %{http_code} -H 'Host: api.example.com' http://${address}/`), '200');
    assert.equal(code(`curl -s -o /dev/null -w %{http_code} http://${address}/`), '404', 'no Host header, no rule: the default backend');
    assert.match(terminal.run(`curl -v --resolve api.example.com:80:${address} http://api.example.com/`).stderr, new RegExp(`Trying ${address.replace(/\./g, '\\.')}:80[\\s\\S]*> Host: api\\.example\\.com\\n`));
  });
});
