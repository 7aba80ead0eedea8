import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, kubetrace } from '../../support/cliRun';
import { PROJECT_ROOT, useTempTrees } from '../../support/fixtures';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'query.schema.json'), 'utf8')) as {
  $defs: Record<string, { required?: string[] }>;
};


/** Every answer carries the fields its schema definition requires. */
function assertShape(answer: object, definition: string, except: string[] = []): void {
  for (const field of (SCHEMA.$defs[definition]?.required ?? []).filter((name) => !except.includes(name))) assert.ok(field in answer, `${definition} answer has ${field}: ${JSON.stringify(answer).slice(0, 200)}`);
}

describe('kubetrace trace', () => {
  test('prints the hops and exits 0 when the request is delivered, 1 when a policy denies it', () => {
    const result = kubetrace(['trace', 'examples', '--from', 'shop-api/orders-api', '--to', 'redis.shop-data:6379']);
    assert.equal(result.stdout.split('\n')[0], 'verdict: no-route: Service shop-data/redis does not serve TCP port 6379 (ports: none)', 'its port is a string, so the Service has none');
    const delivered = kubetrace(['trace', 'examples', '--from', 'shop-api/orders-api', '--to', 'postgres.shop-data:5432']);
    assert.equal(delivered.status, 0);
    assert.match(delivered.stdout, /^verdict: delivered: delivered to pod shop-data\/postgres-\d at \S+:5432$/m);
    assert.match(delivered.stdout, /^2\. \[dns\] on node-\d DNS lookup of postgres\.shop-data$/m);
    const denied = kubetrace(['trace', 'examples', '--from', 'shop-web/frontend', '--to', 'http://orders-api.shop-api/users']);
    assert.equal(denied.status, 1);
    assert.match(denied.stdout, /^verdict: denied: the DNS query to kube-dns is denied by NetworkPolicy shop-web\/frontend-egress/);
  });

  test('exits 1 when it is not, and --format json gives the trace as data', () => {
    const result = kubetrace(['trace', 'examples', '--from', 'shop-api/orders-api', '--to', 'orders-api-internal.shop-api:8080', '--format', 'json']);
    assert.equal(result.status, 1);
    const trace = JSON.parse(result.stdout) as { verdict: { kind: string } };
    assertShape(trace, 'traceAnswer', ['id']);
    assert.equal(trace.verdict.kind, 'no-endpoints');
  });

  test('usage errors exit 2 with a message', () => {
    assert.equal(kubetrace(['trace', 'examples', '--from', 'shop-web/frontend']).status, 2);
    const bad = kubetrace(['trace', 'examples', '--from', 'a/b/c/d', '--to', 'x']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cannot read "a\/b\/c\/d" as a source/);
    assert.equal(kubetrace(['trace', 'examples', '--from', 'nope/x', '--to', 'x']).status, 1);
  });

  test('reads kubetrace.yaml next to the manifests: cluster domain and kube-proxy mode', () => {
    const tree = useTempTrees();
    const root = tree({
      'kubetrace.yaml': 'clusterDomain: corp.local\nkubeProxy: {mode: ipvs}\n',
      'app/web.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: a}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
    });
    const result = kubetrace(['trace', 'app', '--from', 'pod:a/web', '--to', 'web', '--rules'], { cwd: root });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /web\.a\.svc\.corp\.local\. → A /);
    assert.match(result.stdout, /kube-proxy \(ipvs\)/);
    const broken = kubetrace(['trace', 'app', '--from', 'pod:a/web', '--to', 'web', '--profile', 'nope.yaml'], { cwd: root });
    assert.equal(broken.status, 2);
  });
});

describe('kubetrace query', () => {
  test('answers each JSON line in order, echoing ids, and survives bad lines', () => {
    const input = [
      '{"id":1,"kind":"dns","name":"orders-api.shop-api","type":"A","fromNamespace":"shop-web"}',
      'not json',
      '[1,2]',
      '{"id":"t","kind":"trace","from":"shop-web/frontend","to":"orders-api-admin.shop-api:9000"}',
      '{"id":3,"kind":"rules","mode":"nftables","node":"node-2"}',
      '{"id":4,"kind":"endpoints","namespace":"shop-api"}',
      '{"id":5,"kind":"env","namespace":"shop-api"}',
      '{"id":6,"kind":"connect","from":"shop-web/frontend","to":"shop-api/orders-api","protocol":"TCP","port":8080}',
      '{"id":7,"kind":"what"}',
      '{"id":8,"kind":"rules","node":"node-99"}',
      '{"id":9,"kind":"dns","name":"nope.example","type":"A","fromNamespace":null}',
      '{"id":10,"kind":"http","url":"https://shop.example.com/api/orders?page=2","from":"external"}',
      '{"id":11,"kind":"http","url":"http://shop.example.com/"}',
      '{"id":12,"kind":"http","url":"ftp://x"}',
    ].join('\n');
    const result = kubetrace(['query', 'examples'], { input: `${input}\n` });
    assert.equal(result.status, 0);
    type Answer = {
      id: unknown;
      rcode?: string;
      tried?: string[];
      verdict?: { kind: string };
      text?: string;
      variables?: Record<string, string>;
      allowed?: boolean;
      explanation?: string;
      status?: number;
      backend?: { namespace: string; service: string; port: number } | null;
    };
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    assert.deepEqual(answers.map((answer) => answer.id), [1, null, null, 't', 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [dns, notJson, notObject, trace, rules, endpoints, env, connect, unknown, badNode, upstream, http, redirect, badUrl] = answers;
    assertShape(dns!, 'dnsAnswer');
    assert.equal(dns!.rcode, 'NOERROR');
    assert.deepEqual(dns!.tried, ['orders-api.shop-api.shop-web.svc.cluster.local.', 'orders-api.shop-api.svc.cluster.local.']);
    for (const answer of [notJson, notObject, unknown, badNode]) assertShape(answer!, 'errorAnswer');
    assertShape(connect!, 'connectAnswer');
    assert.equal(connect!.allowed, true);
    assert.match(connect!.explanation ?? '', /^allowed: egress rule 1 of shop-web\/frontend-egress admits it/);
    assertShape(trace!, 'traceAnswer');
    assert.equal(trace!.verdict?.kind, 'denied');
    assertShape(rules!, 'rulesAnswer');
    assert.match(rules!.text ?? '', /^add table ip kube-proxy/m);
    assertShape(endpoints!, 'endpointsAnswer');
    assert.match(endpoints!.text ?? '', /^orders-api-internal +<none>$/m);
    assertShape(env!, 'envAnswer');
    assert.equal(env!.variables?.['ORDERS_API_SERVICE_PORT_HTTP'], '80');
    assert.equal(env!.variables?.['KUBERNETES_SERVICE_HOST'], '10.96.0.1');
    assert.equal(upstream!.rcode, 'SERVFAIL', 'an unknown upstream name is not guessed');
    assertShape(http!, 'httpAnswer');
    assert.equal(http!.status, 200);
    assert.deepEqual(http!.backend, { namespace: 'shop-api', service: 'orders-api', port: 80, portName: 'http' });
    assert.equal(redirect!.status, 308, 'TLS on the host: plain HTTP is redirected');
    assertShape(badUrl!, 'errorAnswer');
  });

  test('answers a line before the next one arrives', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [CLI, 'query', 'examples'], { cwd: PROJECT_ROOT });
    try {
      const firstLine = new Promise<string>((resolve) => {
        let buffer = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          if (buffer.includes('\n')) resolve(buffer.split('\n')[0]!);
        });
      });
      child.stdin.write('{"id":"first","kind":"dns","name":"kubernetes.default.svc.cluster.local."}\n');
      const line = await firstLine;
      assert.equal((JSON.parse(line) as { id: string }).id, 'first');
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});

describe('kubetrace matrix', () => {
  test('a grid in text, one row per connection in csv and json', () => {
    const text = kubetrace(['matrix', 'examples']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^FROM \\ TO +1 +2 +3/);
    assert.match(text.stdout, /^shop-web\/frontend +✗ +✗ +✗ +✓ +✗ +✗ +· +✗$/m, 'the frontend reaches only the API, not the internet');
    assert.match(text.stdout, /^shop-api\/orders-api +✗ +✗ +~ +· +✓ +✓ +✗ +✗$/m, 'the API reaches its databases and DNS (UDP and TCP 53, not 9153)');
    const csv = kubetrace(['matrix', 'examples', '--format', 'csv', '--port', '5432']).stdout.trim().split('\n');
    assert.equal(csv[0], 'from,to,protocol,port,verdict,reason');
    assert.ok(csv.some((line) => line.startsWith('shop-api/orders-api,shop-data/postgres,TCP,5432,allowed,')));
    assert.ok(csv.some((line) => line.startsWith('shop-web/frontend,shop-data/postgres,TCP,5432,denied,')));
    const json = JSON.parse(kubetrace(['matrix', 'examples', '--format', 'json', '--port', 'UDP/53']).stdout) as { cells: { to: string; protocol: string }[] };
    assert.ok(json.cells.length > 0 && json.cells.every((cell) => cell.protocol === 'UDP'));
    assert.equal(kubetrace(['matrix', 'examples', '--port', 'ninety']).status, 2);
  });

  test('rows fold the sources a destination treats alike; the pairwise formats refuse a matrix too large to list', () => {
    const json = JSON.parse(kubetrace(['matrix', 'examples', '--format', 'json']).stdout) as { cells: { from: string; to: string; protocol: string; port: number; verdict: string }[] };
    const rows = JSON.parse(kubetrace(['matrix', 'examples', '--format', 'rows']).stdout) as {
      parties: { name: string }[];
      rows: { to: string; protocol: string; port: number; others?: { verdict: string }; cells: { from: string; verdict: string }[] }[];
    };
    assert.ok(rows.rows.some((row) => row.others !== undefined && row.cells.length < rows.parties.length - 1), 'some sources are folded');
    for (const cell of json.cells) {
      const row = rows.rows.find((candidate) => candidate.to === cell.to && candidate.protocol === cell.protocol && candidate.port === cell.port)!;
      assert.equal(row.cells.find((listed) => listed.from === cell.from)?.verdict ?? row.others?.verdict, cell.verdict, `${cell.from} -> ${cell.to} ${cell.port}`);
    }
    // 1,100 pods on ten nodes, each its own workload: about 1.2 million pairs on their one port.
    const pods = Array.from({ length: 1100 }, (_, index) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${index}, namespace: big}\nspec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n`);
    const root = useTempTrees()({ 'kubetrace.yaml': 'nodes: 10\n', 'pods.yaml': pods.join('---\n') });
    const large = kubetrace(['matrix', root]);
    assert.equal(large.status, 2);
    assert.match(large.stderr, /about [\d,]+ source-destination-port pairs, too many to list one by one: use --format rows/);
    assert.equal(kubetrace(['matrix', root, '--format', 'rows']).status, 0);
  });
});
