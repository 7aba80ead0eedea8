import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pick, seededRandom } from '../../support/random';
import { podsOfApp, terminalOn } from './terminalFixture';

const WORDS = [
  'kubectl', 'get', 'describe', 'exec', 'run', 'logs', 'port-forward', 'create', 'expose', 'label', 'annotate', 'scale', 'patch', 'apply', 'delete', 'debug', 'config',
  'svc', 'pods', 'po', 'ep', 'endpointslices', 'netpol', 'ing', 'nodes', 'ns', 'deploy', 'sts', 'ds', 'rs', 'gateway', 'httproute', 'node/node-1', 'deploy/debug', 'svc/my-api', 'pod/x', 'deployment', 'namespace',
  'my-api', 'backend', 'frontend', 'debug', 'orphan', 'redis-0', 'nope', '', ' ', '-', '--', '-n', 'production', '-A', '-l', 'app=web', 'app in (a,b', '-o', 'yaml', 'json', 'wide', 'name', 'jsonpath={}', '-it', '-c', 'api',
  '--image=busybox', '--rm', '--port=80', '--port', '--replicas=3', '--replicas=-1', '--overwrite', '-p', '{"spec":{}}', '[{"op":"remove","path":"/x"}]', '--type=json', '--type=merge', '-f', 'missing.yaml', 'policy.yaml', 'x=y', 'x-', '8080:80', '99999:1', 'abc',
  'curl', 'wget', 'nslookup', 'dig', 'nc', 'ping', 'cat', '/etc/resolv.conf', 'hostname', 'sh', 'exit', 'node', 'iptables', 'iptables-save', '-t', 'nat', '-L', 'KUBE-SERVICES', '--line-numbers', 'ipvsadm', '-Ln', 'nft', 'list', 'ip', 'route', 'conntrack',
  'http://my-api/', 'https://[::1]:0/', 'http://%%%', 'localhost:8080', '-s', '-S', '-v', '-I', '--max-time', '0', '3', '-H', 'Host:', '--resolve', 'a:80:10.0.0.1', '-w', '%{http_code}', '+short', '+search', 'SRV', 'AAAA', '-x', '-zv', '80', '-c', '-1',
  '|', 'grep', 'head', 'tail', 'wc', '-n', "'", '"', '\\', '#', 'ünïcödé', '\u0000', 'a'.repeat(300),
];

const VERBS = ['get', 'describe', 'exec', 'run', 'logs', 'port-forward', 'create', 'expose', 'label', 'annotate', 'scale', 'patch', 'apply', 'delete', 'debug'];
const POD_PROGRAMS = ['curl', 'wget', 'nslookup', 'dig', 'nc', 'ping', 'cat', 'hostname'];
const NODE_PROGRAMS = ['iptables', 'iptables-save', 'ipvsadm', 'nft', 'ip', 'conntrack'];

const FILES = { 'policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n', 'bad.yaml': 'a: [\n', 'list.yaml': '- 1\n- 2\n' };

describe('whatever is typed, the terminal answers without throwing', () => {
  test('3,000 random command lines from its own vocabulary each give output and a status', () => {
    const random = seededRandom(24);
    const { terminal, snapshot } = terminalOn(undefined, {}, FILES);
    const statuses = new Map<number, number>();
    for (let run = 0; run < 3000; run++) {
      const words = Array.from({ length: Math.floor(random() * 8) }, () => pick(WORDS, random));
      // Most lines start as a real command would, so that the arguments reach each command's own reading.
      const shape = random();
      const start = shape < 0.5 ? ['kubectl', pick(VERBS, random)] : shape < 0.75 ? ['kubectl', 'exec', 'deploy/debug', '--', pick(POD_PROGRAMS, random)] : shape < 0.85 ? ['node', 'node-1', ';'] : [];
      const line = start[2] === ';' ? 'node node-1' : [...start, ...words].join(' ');
      if (start[2] === ';') {
        terminal.run(line);
        words.unshift(pick(NODE_PROGRAMS, random));
      }
      let result;
      try {
        result = terminal.run(start[2] === ';' ? words.join(' ') : line);
      } catch (error) {
        assert.fail(`${JSON.stringify(line)} threw: ${error instanceof Error ? error.stack : String(error)}`);
      }
      assert.equal(typeof result.stdout, 'string', line);
      assert.ok(Number.isInteger(result.status) && result.status >= 0 && result.status < 256, `${line}: status ${result.status}`);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      // Leave a pod or node prompt now and then, so that workstation commands keep being tried.
      if (random() < 0.3) terminal.run('exit');
    }
    terminal.run('exit');
    const flood = terminal.run(`kubectl exec deploy/debug -- ping -c 1000000000 ${podsOfApp(snapshot, 'default', 'my-api')[0]!.ips[0]}`);
    assert.equal(flood.status, 0);
    assert.ok(flood.stdout.split('\n').length < 120, 'a huge ping count prints a bounded answer');
    // The lines reached the commands' own answers, not only their usage errors.
    assert.ok((statuses.get(0) ?? 0) > 150, `statuses: ${JSON.stringify([...statuses])}`);
    assert.ok(statuses.size >= 5, `statuses: ${JSON.stringify([...statuses])}`);
  });
});
