import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podsOfApp, serviceIp, terminalOn } from './terminalFixture';

describe('commands in a pod, answered from the trace', () => {
  test('doc 001: the frontend reaches the backend; monitoring times out, as curl reports it, and the policy is named', () => {
    const { terminal, snapshot } = terminalOn();
    const allowed = terminal.run('kubectl exec -n production deploy/frontend -- curl -s --max-time 3 http://backend:8080/health');
    assert.equal(allowed.status, 0);
    const backends = podsOfApp(snapshot, 'production', 'backend').map((pod) => `${pod.namespace}/${pod.name}`);
    assert.ok(backends.some((name) => allowed.stdout.includes(`200 from pod ${name}`)), allowed.stdout);
    assert.match(allowed.stdout, /simulated/, 'the body says it is the simulator\'s');

    const blocked = terminal.run('kubectl exec -n production deploy/monitoring -- curl -sS --max-time 3 http://backend:8080/health');
    assert.equal(blocked.status, 28);
    assert.equal(blocked.stdout, '');
    assert.equal(blocked.stderr, 'curl: (28) Connection timed out after 3001 milliseconds\n');
    const decided = blocked.notes.find((note) => note.text.startsWith('denied:'));
    assert.match(decided?.text ?? '', /NetworkPolicy production\/deny-all-ingress/);
    assert.equal(decided?.source?.uri, 'file:///test/manifests.yaml');

    assert.equal(terminal.run('kubectl exec -n production deploy/monitoring -- curl -s --max-time 3 http://backend:8080/health').stderr, '', '-s alone silences the error');
    assert.match(terminal.run('kubectl exec -n production deploy/monitoring -- curl http://backend:8080/').stderr, /^curl: \(28\) Failed to connect to backend port 8080 after \d+ ms: Connection timed out\n$/);
  });

  test('curl: a name that does not resolve is (6), a Service without endpoints refuses (7), -f fails on an error status', () => {
    const { terminal } = terminalOn();
    const unresolved = terminal.run('kubectl exec deploy/debug -- curl http://no-such-service/');
    assert.deepEqual([unresolved.status, unresolved.stderr], [6, 'curl: (6) Could not resolve host: no-such-service\n']);
    const refused = terminal.run('kubectl exec deploy/debug -- curl orphan');
    assert.deepEqual([refused.status, refused.stderr], [7, 'curl: (7) Failed to connect to orphan port 80 after 1 ms: Connection refused\n']);
    assert.equal(terminal.run('kubectl exec deploy/debug -- curl --bogus my-api').status, 2);
  });

  test('curl -v shows the connection and the exchange on stderr; -I prints the status line and headers only', () => {
    const { terminal, snapshot } = terminalOn();
    const ip = serviceIp(snapshot, 'default', 'my-api');
    const verbose = terminal.run('kubectl exec deploy/debug -- curl -v http://my-api/users');
    assert.match(verbose.stderr, new RegExp(`^\\*   Trying ${ip.replace(/\./g, '\\.')}:80\\.\\.\\.\\n\\* Connected to my-api \\(${ip.replace(/\./g, '\\.')}\\) port 80 \\(#0\\)\\n> GET /users HTTP/1\\.1\\n> Host: my-api\\n`));
    assert.match(verbose.stderr, /^< HTTP\/1\.1 200 OK$/m);
    const head = terminal.run('kubectl exec deploy/debug -- curl -sI my-api');
    assert.match(head.stdout, /^HTTP\/1\.1 200 OK\r\n/);
    assert.doesNotMatch(head.stdout, /simulated response/);
    assert.equal(terminal.run('kubectl exec deploy/debug -- curl -s -o /dev/null -w %{http_code} my-api').stdout, '200');
  });

  test('doc 001: nslookup of a Service in the pod\'s namespace and in another, in the BIND tool\'s layout', () => {
    const { terminal, snapshot } = terminalOn();
    assert.equal(
      terminal.run('kubectl exec -it deploy/debug -- nslookup my-api').stdout,
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tmy-api.default.svc.cluster.local\nAddress: ${serviceIp(snapshot, 'default', 'my-api')}\n\n`,
    );
    assert.match(terminal.run('kubectl exec -it deploy/debug -- nslookup redis.cache.svc.cluster.local').stdout, new RegExp(`Name:\\tredis\\.cache\\.svc\\.cluster\\.local\\nAddress: ${serviceIp(snapshot, 'cache', 'redis').replace(/\./g, '\\.')}\\n`));
    const headless = terminal.run('kubectl exec deploy/debug -- nslookup redis-headless.cache').stdout;
    for (const pod of podsOfApp(snapshot, 'cache', 'redis')) assert.match(headless, new RegExp(`Address: ${pod.ips[0]!.replace(/\./g, '\\.')}\\n`), 'a headless Service answers with each pod');
    const missing = terminal.run('kubectl exec deploy/debug -- nslookup nosuch');
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /\*\* server can't find nosuch: NXDOMAIN/);
  });

  test('doc 001: cat /etc/resolv.conf prints what the kubelet writes for a ClusterFirst pod', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl exec deploy/debug -- cat /etc/resolv.conf').stdout, 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
    assert.equal(terminal.run('kubectl exec -n production deploy/frontend -- cat /etc/resolv.conf').stdout.split('\n')[1], 'search production.svc.cluster.local svc.cluster.local cluster.local');
  });

  test('dig asks the name as written (a short name is NXDOMAIN without +search); +short prints the data only', () => {
    const { terminal, snapshot } = terminalOn();
    assert.match(terminal.run('kubectl exec deploy/debug -- dig my-api').stdout, /status: NXDOMAIN/);
    assert.equal(terminal.run('kubectl exec deploy/debug -- dig +short +search my-api').stdout, `${serviceIp(snapshot, 'default', 'my-api')}\n`);
    const full = terminal.run('kubectl exec deploy/debug -- dig my-api.default.svc.cluster.local').stdout;
    assert.match(full, /status: NOERROR/);
    assert.match(full, new RegExp(`^my-api\\.default\\.svc\\.cluster\\.local\\.\\t\\t30\\tIN\\tA\\t${serviceIp(snapshot, 'default', 'my-api').replace(/\./g, '\\.')}$`, 'm'));
    assert.equal(terminal.run('kubectl exec deploy/debug -- dig +short _redis._tcp.redis.cache.svc.cluster.local SRV').stdout, '', 'an unnamed port has no SRV record');
    const named = terminalOn('apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector:\n    app: db\n  ports:\n    - name: pg\n      port: 5432\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n    - name: c\n      image: busybox\n');
    assert.equal(named.terminal.run('kubectl exec client -- dig +short _pg._tcp.db.default.svc.cluster.local SRV').stdout, '0 100 5432 db.default.svc.cluster.local.\n');
  });

  test('a DNS query that egress policy drops times out in nslookup and curl', () => {
    const lockedDown = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
    - name: c
      image: busybox
`;
    const { terminal } = terminalOn(lockedDown);
    const lookup = terminal.run('kubectl exec client -- nslookup kubernetes.default');
    assert.deepEqual([lookup.status, lookup.stdout], [1, ';; connection timed out; no servers could be reached\n\n']);
    assert.equal(terminal.run('kubectl exec client -- curl -sS --max-time 2 http://kubernetes.default/').stderr, 'curl: (28) Resolving timed out after 2000 milliseconds\n');
  });

  test('nc -zv reports the connection as OpenBSD netcat does; wget -qO- prints the body or busybox\'s error', () => {
    const { terminal, snapshot } = terminalOn();
    const ip = serviceIp(snapshot, 'default', 'my-api');
    assert.deepEqual(terminal.run('kubectl exec deploy/debug -- nc -zv my-api 80').stderr, `Connection to my-api (${ip}) 80 port [tcp/*] succeeded!\n`);
    const refused = terminal.run('kubectl exec deploy/debug -- nc -zv orphan 80');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^nc: connect to orphan \(\S+\) port 80 \(tcp\) failed: Connection refused\n$/);
    assert.match(terminal.run('kubectl exec deploy/debug -- wget -qO- http://my-api').stdout, /simulated response: 200/);
    assert.equal(terminal.run('kubectl exec deploy/debug -- wget -qO- http://nosuch').stderr, "wget: bad address 'nosuch'\n");
  });

  test('ping: nothing answers ICMP to a ClusterIP under iptables mode, the node does under IPVS', () => {
    const iptables = terminalOn();
    const lost = iptables.terminal.run('kubectl exec deploy/debug -- ping -c 2 my-api');
    assert.equal(lost.status, 1);
    assert.match(lost.stdout, /^PING my-api\.default\.svc\.cluster\.local \(\S+\) 56\(84\) bytes of data\.\n\n--- my-api\.default\.svc\.cluster\.local ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss/);
    const ipvs = terminalOn(undefined, { kubeProxy: { mode: 'ipvs' } });
    const answered = ipvs.terminal.run('kubectl exec deploy/debug -- ping -c 1 my-api');
    assert.equal(answered.status, 0);
    assert.match(answered.stdout, /1 packets transmitted, 1 received, 0% packet loss/);
  });

  test('kubectl exec -it POD -- sh moves the prompt into the pod until exit; errors name what is wrong', () => {
    const { terminal, snapshot } = terminalOn();
    const [frontend] = podsOfApp(snapshot, 'production', 'frontend');
    assert.equal(terminal.run(`kubectl exec -it -n production ${frontend!.name} -- sh`).status, 0);
    assert.equal(terminal.prompt(), `production/${frontend!.name}# `);
    assert.equal(terminal.run('hostname').stdout, `${frontend!.name}\n`);
    assert.equal(terminal.run('curl -s backend:8080').status, 0);
    terminal.run('exit');
    assert.equal(terminal.prompt(), 'default$ ');
    assert.match(terminal.run('kubectl exec nope -- ls').stderr, /pods "nope" not found/);
    assert.match(terminal.run('kubectl exec deploy/debug -c wrong -- ls').stderr, /container wrong is not valid/);
    assert.equal(terminal.run('kubectl exec deploy/debug -- rm -rf /').status, 127);
  });
});
