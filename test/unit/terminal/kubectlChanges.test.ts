import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SEED_CLUSTER, terminalOn } from './terminalFixture';

const DENY_WEB = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n';

describe('kubectl commands that change the cluster change the terminal\'s layer, never a file', () => {
  test('doc 004: create a deployment, expose it, and its endpoints and DNS name follow', () => {
    const { terminal, layer } = terminalOn();
    assert.equal(terminal.run('kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80').stdout, 'deployment.apps/web created\n');
    assert.equal(terminal.run('kubectl expose deployment web --port=80').stdout, 'service/web exposed\n');
    const endpoints = terminal.run('kubectl get endpoints web').stdout.split('\n')[1]!;
    assert.equal(/^web\s+(\S+)/.exec(endpoints)?.[1]?.split(',').length, 3);
    const ip = layer.snapshot().services.find((service) => service.name === 'web')!.clusterIPs[0];
    assert.match(terminal.run('kubectl exec deploy/debug -- nslookup web').stdout, new RegExp(`Name:\\tweb\\.default\\.svc\\.cluster\\.local\\nAddress: ${ip!.replace(/\./g, '\\.')}`));
    assert.match(terminal.run('kubectl create deployment web --image=nginx').stderr, /AlreadyExists/);
  });

  test('kubectl run --rm -it -- CMD runs in a pod of the namespace with its labels, which policies select, and deletes it', () => {
    const { terminal } = terminalOn();
    const allowed = terminal.run('kubectl run probe --rm -it --image=busybox -n production --labels=app=frontend -- wget -qO- -T 2 http://backend:8080');
    assert.equal(allowed.status, 0);
    assert.match(allowed.stdout, /simulated response: 200[\s\S]*pod "probe" deleted\n$/);
    const blocked = terminal.run('kubectl run probe --rm -it --image=busybox -n production -- wget -qO- -T 2 http://backend:8080');
    assert.equal(blocked.status, 1);
    assert.match(blocked.stderr, /wget: download timed out/);
    assert.match(terminal.run('kubectl get pods -n production').stdout, /^(?!.*probe)/s, 'the --rm pod is gone');
    assert.equal(terminal.run('kubectl run plain --image=busybox -- sleep 1').stdout, 'pod/plain created\n');
    assert.match(terminal.run('kubectl get pod plain').stdout, /^plain\s+1\/1\s+Running/m);
    assert.match(terminal.run('kubectl run x --rm --image=busybox -- true').stderr, /--rm should only be used for attached containers/);
  });

  test('kubectl run -it without a command moves the prompt into the new pod; exit deletes it with --rm', () => {
    const { terminal } = terminalOn();
    terminal.run('kubectl run shell --rm -it --image=nicolaka/netshoot');
    assert.equal(terminal.prompt(), 'default/shell# ');
    assert.match(terminal.run('cat /etc/resolv.conf').stdout, /^nameserver 10\.96\.0\.10\n/);
    assert.equal(terminal.run('exit').stdout, 'pod "shell" deleted\n');
    assert.equal(terminal.run('kubectl get pod shell').status, 1);
  });

  test('apply -f: created, unchanged, then its policy drops traffic; delete puts the cluster back', () => {
    const { terminal } = terminalOn(SEED_CLUSTER, {}, { 'deny.yaml': DENY_WEB });
    terminal.run('kubectl create deployment web --image=nginx --port=80');
    terminal.run('kubectl expose deploy/web --port=80');
    assert.equal(terminal.run('kubectl exec deploy/debug -- curl -s -o /dev/null -w %{http_code} web').stdout, '200');
    assert.equal(terminal.run('kubectl apply -f deny.yaml').stdout, 'networkpolicy.networking.k8s.io/deny-web created\n');
    assert.equal(terminal.run('kubectl apply -f deny.yaml').stdout, 'networkpolicy.networking.k8s.io/deny-web unchanged\n');
    assert.equal(terminal.run('kubectl exec deploy/debug -- curl -s --max-time 1 web').status, 28);
    assert.equal(terminal.run('kubectl delete -f deny.yaml').stdout, 'networkpolicy.networking.k8s.io "deny-web" deleted\n');
    assert.equal(terminal.run('kubectl exec deploy/debug -- curl -s --max-time 1 web').status, 0);
    assert.match(terminal.run('kubectl apply -f missing.yaml').stderr, /the path "missing.yaml" does not exist/);
  });

  test('label and annotate need --overwrite to change a value; a label moves a pod out of a Service', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api-0\n  labels:\n    app: api\nspec:\n  containers:\n    - name: api\n      image: api\n      ports:\n        - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n      targetPort: 8080\n';
    const { terminal } = terminalOn(pod);
    assert.match(terminal.run('kubectl get ep api').stdout, /^api\s+\d+\.\d+\.\d+\.\d+:8080\s/m);
    assert.match(terminal.run('kubectl label pod api-0 app=debugging').stderr, /'app' already has a value \(api\), and --overwrite is false/);
    assert.equal(terminal.run('kubectl label pod api-0 app=debugging --overwrite').stdout, 'pod/api-0 labeled\n');
    assert.match(terminal.run('kubectl get ep api').stdout, /^api\s+<none>\s/m);
    assert.equal(terminal.run('kubectl annotate svc api team=payments').stdout, 'service/api annotated\n');
    assert.match(terminal.run('layer').stdout, /annotations:\n\s+team: payments/);
  });

  test('scale and patch change the workload; a simulated pod cannot be labelled, and the message says what to change', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('kubectl scale deployment my-api --replicas=5').stdout, 'deployment.apps/my-api scaled\n');
    assert.match(terminal.run('kubectl get deploy my-api').stdout, /^my-api\s+5\/5\s+5\s+5\s/m);
    assert.equal(terminal.run(`kubectl patch svc my-api -p '{"spec":{"ports":[{"port":80,"targetPort":9090}]}}'`).stdout, 'service/my-api patched\n');
    assert.match(terminal.run('kubectl get ep my-api').stdout, /:9090/);
    assert.equal(terminal.run(`kubectl patch svc my-api --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'`).stdout, 'service/my-api patched\n');
    assert.equal(terminal.run(`kubectl patch svc my-api --type=merge -p '{"spec":{"selector":{"app":"my-api"}}}'`).stdout, 'service/my-api patched (no change)\n');
    const simulatedPod = terminal.run('kubectl get pods -o name').stdout.split('\n')[0]!.replace('pod/', '');
    assert.match(terminal.run(`kubectl label pod ${simulatedPod} x=y`).stderr, /which the simulation makes from its template/);
  });

  test('the layer prints as YAML to save; deleting a workspace object is a comment; nothing changed says so', () => {
    const { terminal } = terminalOn();
    assert.equal(terminal.run('layer').stdout, '# the terminal has changed nothing\n');
    terminal.run('kubectl delete svc orphan');
    terminal.run('kubectl create namespace team-a');
    assert.equal(terminal.run('layer').stdout, '# deleted: /Service/default/orphan\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n');
    assert.match(terminal.run('kubectl delete svc orphan').stderr, /services "orphan" not found/);
  });

  test("kubectl delete netpol names Kubernetes' NetworkPolicy, never a Calico NetworkPolicy of the same name", () => {
    const calico = `${SEED_CLUSTER}\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: default}\nspec: {selector: all()}\n`;
    const { terminal } = terminalOn(calico);
    assert.match(terminal.run('kubectl delete netpol web-only').stderr, /networkpolicies.networking.k8s.io "web-only" not found/);
    assert.equal(terminal.run('layer').stdout, '# the terminal has changed nothing\n');
  });

  test("a Secret applied through the terminal shows its keys in the layer, never its values", () => {
    const { terminal } = terminalOn(SEED_CLUSTER, {}, { 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n' });
    assert.equal(terminal.run('kubectl apply -f secret.yaml').stdout, 'secret/db created\n');
    const layer = terminal.run('layer').stdout;
    assert.doesNotMatch(layer, /hunter2/);
    assert.match(layer, /password: "\(hidden: Kubetrace never shows Secret values\)"/);
  });
});
