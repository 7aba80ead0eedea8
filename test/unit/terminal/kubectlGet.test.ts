import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podsOfApp, serviceIp, terminalOn } from './terminalFixture';

describe('kubectl get in the cluster terminal', () => {
  test("services: kubectl's columns, the namespace's Services by name, <none> where there is no external address", () => {
    const { terminal, snapshot } = terminalOn();
    const result = terminal.run('kubectl get svc');
    const myApi = serviceIp(snapshot, 'default', 'my-api');
    const orphan = serviceIp(snapshot, 'default', 'orphan');
    const width = Math.max('CLUSTER-IP'.length, myApi.length, orphan.length) + 3;
    assert.equal(
      result.stdout,
      [
        `NAME         TYPE        ${'CLUSTER-IP'.padEnd(width)}EXTERNAL-IP   PORT(S)   AGE`,
        `kubernetes   ClusterIP   ${'10.96.0.1'.padEnd(width)}<none>        443/TCP   <unknown>`,
        `my-api       ClusterIP   ${myApi.padEnd(width)}<none>        80/TCP    <unknown>`,
        `orphan       ClusterIP   ${orphan.padEnd(width)}<none>        80/TCP    <unknown>`,
        '',
      ].join('\n'),
    );
    assert.equal(result.status, 0);
  });

  test('-A adds the NAMESPACE column first; -o wide adds SELECTOR; a headless Service shows None and kube-dns its three ports', () => {
    const { terminal } = terminalOn();
    const lines = terminal.run('kubectl get svc -A -o wide').stdout.split('\n');
    assert.match(lines[0]!, /^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/);
    assert.match(lines.find((line) => line.includes('redis-headless'))!, /^cache\s+redis-headless\s+ClusterIP\s+None\s+<none>\s+6379\/TCP\s+<unknown>\s+app=redis$/);
    assert.match(lines.find((line) => line.includes('kube-dns'))!, /^kube-system\s+kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s+<unknown>\s+k8s-app=kube-dns$/);
  });

  test("NodePort and LoadBalancer Services show PORT:NODEPORT/TCP, and a LoadBalancer's address or <pending>", () => {
    const { terminal } = terminalOn('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n      nodePort: 30080\n');
    assert.match(terminal.run('kubectl get svc web').stdout, /^web\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP\s+<unknown>$/m);
  });

  test('endpoints: the ready addresses and target ports of the pods the selector picks, <none> when it picks none', () => {
    const { terminal, snapshot } = terminalOn();
    const pods = podsOfApp(snapshot, 'default', 'my-api');
    const endpoints = terminal.run('kubectl get endpoints my-api').stdout.split('\n')[1]!;
    const listed = /^my-api\s+(\S+)\s+<unknown>$/.exec(endpoints)?.[1];
    assert.deepEqual(listed?.split(',').sort(), pods.map((pod) => `${pod.ips[0]}:8080`).sort());
    assert.match(terminal.run('kubectl get ep orphan').stdout, /^orphan\s+<none>\s+<unknown>$/m);
  });

  test('networkpolicies: POD-SELECTOR as kubectl formats it, <none> for the empty selector (doc 001)', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl get networkpolicies -n production').stdout, 'NAME                        POD-SELECTOR   AGE\nallow-frontend-to-backend   app=backend    <unknown>\ndeny-all-ingress            <none>         <unknown>\n');
  });

  test('pods -o wide: READY, STATUS Running on a node, the IP and the node the simulation placed it on', () => {
    const { terminal, snapshot } = terminalOn();
    const output = terminal.run('kubectl get pods -o wide -n production -l app=backend').stdout;
    assert.match(output.split('\n')[0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    for (const pod of podsOfApp(snapshot, 'production', 'backend')) {
      assert.match(output, new RegExp(`^${pod.name}\\s+1/1\\s+Running\\s+0\\s+<unknown>\\s+${pod.ips[0]!.replace(/\./g, '\\.')}\\s+${pod.node}\\s+<none>\\s+<none>$`, 'm'));
    }
    assert.equal(output.trim().split('\n').length, 3, 'the label selector keeps only the backend pods');
  });

  test('several kinds: a table each, names prefixed by kind.group, a blank line between', () => {
    const { terminal } = terminalOn();
    const output = terminal.run('kubectl get deploy,svc -n production').stdout;
    const [deployments, services] = output.split('\n\n');
    assert.match(deployments!, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/backend\s+2\/2\s+2\s+2\s+<unknown>\n/);
    assert.match(services!, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/backend\s+ClusterIP\s/);
  });

  test('-o name, TYPE/NAME arguments, and cluster-scoped kinds without a NAMESPACE column', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl get svc/backend deploy/frontend -n production -o name').stdout, 'service/backend\ndeployment.apps/frontend\n');
    assert.match(terminal.run('kubectl get ns -A').stdout, /^NAME\s+STATUS\s+AGE\n/);
    assert.match(terminal.run('kubectl get nodes').stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nnode-1\s+Ready\s+<none>\s/);
  });

  test("what is not there: NotFound with status 1, kubectl's 'No resources found' on stderr with status 0, an unknown kind named", () => {
    const { terminal } = terminalOn();
    const missing = terminal.run('kubectl get svc nope');
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, 'Error from server (NotFound): services "nope" not found\n');
    const none = terminal.run('kubectl get ingress');
    assert.deepEqual([none.status, none.stdout, none.stderr], [0, '', 'No resources found in default namespace.\n']);
    const unknown = terminal.run('kubectl get widgets');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /doesn't have a resource type "widgets"/);
    assert.equal(terminal.run('kubectl get svc -o jsonpath={.items}').status, 1, 'an output form it does not print is refused, not printed as something else');
  });

  test('| grep and | head read what kubectl printed', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl get svc -A | grep redis | wc -l').stdout, '2\n');
    assert.equal(terminal.run('kubectl get svc -A | head -n 1').stdout.split('\n').length, 2);
    assert.equal(terminal.run('kubectl get svc | grep nothing-here').status, 1);
  });

  test('a command the terminal does not simulate says so and lists what it does, with status 127', () => {
    const { terminal } = terminalOn();
    const result = terminal.run('kubectl rollout restart deploy/web');
    assert.equal(result.status, 127);
    assert.match(result.stderr, /command not simulated: kubectl rollout restart deploy\/web\nsimulated here: kubectl get, kubectl describe svc\|pod\|ingress\|netpol, kubectl exec, /);
    assert.equal(terminal.run('terraform apply').status, 127);
  });

  test('-o yaml and -o json: the manifest as written with what the cluster fills in, or what it makes, one object alone and several as a List', () => {
    const { terminal, snapshot } = terminalOn();
    const ip = serviceIp(snapshot, 'default', 'my-api');
    assert.equal(terminal.run('kubectl get svc my-api -o yaml').stdout, `apiVersion: v1\nkind: Service\nmetadata:\n  name: my-api\n  namespace: default\nspec:\n  type: ClusterIP\n  clusterIP: ${ip}\n  clusterIPs:\n  - ${ip}\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 8080\n  sessionAffinity: None\nstatus:\n  loadBalancer: {}\n`);
    const pods = JSON.parse(terminal.run('kubectl get pods -n cache -o json').stdout) as { kind: string; items: { metadata: { name: string; ownerReferences: { kind: string }[] }; spec: { nodeName: string; containers: { image: string }[] }; status: { podIP: string } }[] };
    assert.equal(pods.kind, 'List');
    for (const pod of podsOfApp(snapshot, 'cache', 'redis')) {
      const listed = pods.items.find((item) => item.metadata.name === pod.name)!;
      assert.deepEqual([listed.spec.nodeName, listed.status.podIP, listed.metadata.ownerReferences[0]!.kind, listed.spec.containers[0]!.image], [pod.node, pod.ips[0], 'StatefulSet', 'redis:7.2']);
    }
    const endpoints = JSON.parse(terminal.run('kubectl get ep my-api -o json').stdout) as { subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] };
    assert.deepEqual(endpoints.subsets[0]!.addresses.map((address) => address.ip).sort(), podsOfApp(snapshot, 'default', 'my-api').map((pod) => pod.ips[0]).sort());
    assert.equal(endpoints.subsets[0]!.ports[0]!.port, 8080);
    assert.match(terminal.run('kubectl get netpol -n production -o yaml').stdout, /^apiVersion: v1\nitems:\n- apiVersion: networking\.k8s\.io\/v1\n {2}kind: NetworkPolicy\n/);
  });

  test("doc 001: an Ingress lists its class, hosts, the controller's address and 80, 443 when it has TLS", () => {
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-ingress\nspec:\n  ingressClassName: nginx\n  tls:\n    - hosts: [api.example.com]\n      secretName: api-tls-cert\n  rules:\n    - host: api.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: api\n                port:\n                  number: 80\n';
    const { terminal, snapshot } = terminalOn(ingress);
    const controller = snapshot.services.find((service) => service.namespace === 'ingress-nginx')!;
    const address = controller.loadBalancerIPs[0]!;
    assert.equal(terminal.run('kubectl get ingress').stdout, `NAME          CLASS   HOSTS             ADDRESS${' '.repeat(address.length - 4)}PORTS     AGE\napp-ingress   nginx   api.example.com   ${address}   80, 443   <unknown>\n`);
    const other = terminalOn(ingress.replace('ingressClassName: nginx', 'ingressClassName: traefik'));
    assert.match(other.terminal.run('kubectl get ing').stdout, /^app-ingress\s+traefik\s+api\.example\.com\s+80, 443\s+<unknown>$/m, 'no address from a controller that does not serve it');
  });

  test("Jobs and CronJobs in kubectl's columns: a Job runs and has not completed; a CronJob's schedule", () => {
    const { terminal } = terminalOn('apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      containers: [{name: migrate, image: app:1}]\n      restartPolicy: Never\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: backup, image: backup:2}]\n          restartPolicy: OnFailure\n');
    assert.equal(terminal.run('kubectl get jobs').stdout, 'NAME      STATUS    COMPLETIONS   DURATION    AGE\nmigrate   Running   0/1           <unknown>   <unknown>\n');
    assert.equal(terminal.run('kubectl get cj').stdout, 'NAME     SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nbackup   0 3 * * *   <none>     False     0        <none>          <unknown>\n');
  });
});
