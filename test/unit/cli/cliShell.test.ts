import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubetrace } from '../../support/cliRun';

const SEED = 'test/fixtures/terminal/seed-cluster.yaml';

describe('kubetrace sh', () => {
  test('-c runs one command: its output on stdout, its errors and the [kubetrace] notes on stderr, its own exit status', () => {
    const blocked = kubetrace(['sh', SEED, '-c', 'kubectl exec -n production deploy/monitoring -- curl -sS --max-time 3 http://backend:8080/health']);
    assert.equal(blocked.status, 28);
    assert.equal(blocked.stdout, '');
    assert.match(blocked.stderr, /^curl: \(28\) Connection timed out after 3001 milliseconds\n/);
    assert.match(blocked.stderr, /^\[kubetrace\] denied: .*NetworkPolicy production\/deny-all-ingress.* \(test\/fixtures\/terminal\/seed-cluster\.yaml:\d+\)$/m);
    const quiet = kubetrace(['sh', SEED, '--quiet', '-c', 'kubectl exec -n production deploy/monitoring -- curl -sS --max-time 3 http://backend:8080/health']);
    assert.equal(quiet.stderr, 'curl: (28) Connection timed out after 3001 milliseconds\n');
  });

  test('-c with kubectl get prints the table; a command not simulated exits 127', () => {
    const listed = kubetrace(['sh', SEED, '-c', 'kubectl get netpol -n production']);
    assert.equal(listed.status, 0);
    assert.match(listed.stdout, /^NAME\s+POD-SELECTOR\s+AGE\nallow-frontend-to-backend\s+app=backend\s+<unknown>\n/);
    assert.equal(kubetrace(['sh', SEED, '-c', 'helm install x']).status, 127);
  });

  test('without -c it reads commands from standard input, the prompt saying where they run, until exit', () => {
    const session = kubetrace(['sh', SEED], { input: 'kubectl exec -it deploy/debug -- sh\ncat /etc/resolv.conf\nexit\nkubectl get svc my-api -o name\nexit\nkubectl get svc\n' });
    assert.equal(session.status, 0);
    assert.match(session.stdout, /^default\$ default\/debug-\S+# nameserver 10\.96\.0\.10\n/);
    assert.match(session.stdout, /service\/my-api\ndefault\$ $/, 'the session ends at exit: the last line is never run');
  });

  test('usage errors exit 2', () => {
    assert.equal(kubetrace(['sh']).status, 2);
    assert.equal(kubetrace(['sh', 'no/such/folder', '-c', 'kubectl get pods']).status, 2);
  });
});
