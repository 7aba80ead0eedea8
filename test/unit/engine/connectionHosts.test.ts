/** Which hosts a connection string names, and where a finding about one is marked. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hostOfValue, hostsIn } from '../../../server/src/engine/connectionHosts';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { substringRange } from '../../../server/src/engine/source';
import { symbolAt } from '../../../server/src/features/symbolAt';
import { hoverMarkdown } from '../../../server/src/features/hoverContent';
import { definitionAt } from '../../../server/src/features/navigation';
import type { ConfigMap } from '../../../server/src/engine/objects';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { snapshotOf } from '../../support/engineFixtures';

const hosts = (value: string) => hostsIn(value).map((reference) => `${reference.host}${reference.port ? `:${reference.port}` : ''}@${reference.start}`);

describe('the hosts a value connects to', () => {
  test('URLs whose scheme reaches a network host give their host and port', () => {
    assert.deepEqual(hosts('http://api:8080/v1'), ['api:8080@7']);
    assert.deepEqual(hosts('https://api.shop.svc.cluster.local'), ['api.shop.svc.cluster.local@8']);
    assert.deepEqual(hosts('grpc://orders:50051'), ['orders:50051@7']);
    assert.deepEqual(hosts('redis://cache:6379/0'), ['cache:6379@8']);
    assert.deepEqual(hosts('rediss://cache:6380'), ['cache:6380@9']);
    assert.deepEqual(hosts('mongodb+srv://mongo.data.svc.cluster.local/app'), ['mongo.data.svc.cluster.local@14']);
    assert.deepEqual(hosts('amqp://rabbitmq:5672'), ['rabbitmq:5672@7']);
    assert.deepEqual(hosts('nats://nats:4222'), ['nats:4222@7']);
    assert.deepEqual(hosts('kafka://broker:9092'), ['broker:9092@8']);
    assert.deepEqual(hosts('wss://feed:443/live'), ['feed:443@6']);
    assert.deepEqual(hosts('tcp://db:3306'), ['db:3306@6']);
    assert.deepEqual(hosts('git://gitserver/repo.git'), ['gitserver@6']);
  });

  test('JDBC URLs give the host after the driver name; parameters after `;` are not part of it', () => {
    assert.deepEqual(hosts('jdbc:postgresql://ledger-db:5432/postgresdb'), ['ledger-db:5432@18']);
    assert.deepEqual(hosts('jdbc:mysql://vets-db-mysql.spring-petclinic.svc.cluster.local:3306/db?x=1'), ['vets-db-mysql.spring-petclinic.svc.cluster.local:3306@13']);
    assert.deepEqual(hosts('jdbc:sqlserver://mssql:1433;databaseName=app'), ['mssql:1433@17']);
  });

  test('buckets, datasets, files and artifacts are not hosts of the cluster', () => {
    for (const value of ['s3://backups/', 'gs://models/llama', 'hf://meta-llama/Llama-3-8B', 'file:///etc/config.yaml', 'oci://quay.io/jetstack/charts/cert-manager', 'az://container/blob', 'unix:///var/run/docker.sock']) {
      assert.deepEqual(hostsIn(value), [], value);
      assert.equal(hostOfValue(value), undefined, value);
    }
  });

  test('user:password@ is skipped, never taken for a host; an @ in the password too', () => {
    assert.deepEqual(hosts('postgresql://accounts-admin:accounts-pwd@accounts-db:5432/accounts-db'), ['accounts-db:5432@41']);
    assert.deepEqual(hosts('redis://:s3cret@cache:6379'), ['cache:6379@16']);
    assert.deepEqual(hosts('amqp://guest:p@ss@rabbit:5672/'), ['rabbit:5672@18']);
    assert.equal(hostOfValue('postgres://admin:hunter2@db/app')?.host, 'db');
  });

  test('every host of a multi-host URL, and a bare host:port or a list of them', () => {
    assert.deepEqual(hosts('mongodb://mongo-0.mongo:27017,mongo-1.mongo:27017/?replicaSet=rs0'), ['mongo-0.mongo:27017@10', 'mongo-1.mongo:27017@30']);
    assert.deepEqual(hosts('cache:6379'), ['cache:6379@0']);
    assert.deepEqual(hosts('kafka-0.kafka:9092, kafka-1.kafka:9092'), ['kafka-0.kafka:9092@0', 'kafka-1.kafka:9092@20']);
  });

  test('hosts written with variables, times and bare words are not read as hosts', () => {
    assert.deepEqual(hostsIn('http://$(API_HOST):8080'), []);
    assert.deepEqual(hostsIn('http://api-${SUFFIX}:8080'), []);
    assert.deepEqual(hostsIn('12:30'), []);
    assert.deepEqual(hostsIn('debug'), []);
    assert.deepEqual(hostsIn('see http://'), []);
  });

  test('for hovers, a bare DNS name is the host it names', () => {
    assert.deepEqual(hostOfValue('postgres'), { host: 'postgres', start: 0 });
    assert.equal(hostOfValue('two words'), undefined);
  });
});

describe('where a part of a value is written', () => {
  const valueOf = (text: string, key: string) => {
    const configMap = parseManifest('file:///t.yaml', text).objects[0] as ConfigMap;
    return { value: configMap.data!.value[key]!, span: configMap.data!.entries[key]! };
  };
  const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n';

  test('in a plain or quoted scalar on one line, at its column', () => {
    const located = valueOf(`${HEAD}  plain: redis://cache:6379\n  quoted: "redis://cache:6379"\n  single: 'redis://cache:6379'\n`, 'plain');
    assert.deepEqual(substringRange(located, 8, 13), { start: { line: 4, character: 17 }, end: { line: 4, character: 22 } });
    const quoted = valueOf(`${HEAD}  quoted: "redis://cache:6379"\n`, 'quoted');
    assert.deepEqual(substringRange(quoted, 8, 13), { start: { line: 4, character: 19 }, end: { line: 4, character: 24 } });
  });

  test('in a literal block of several lines, on its own line', () => {
    const text = `${HEAD}  app.yaml: |\n    server:\n      port: 8080\n    visits:\n      url: http://vists-service:8080\n`;
    const located = valueOf(text, 'app.yaml');
    const start = located.value.indexOf('vists-service');
    const range = substringRange(located, start, start + 'vists-service'.length);
    const lines = text.split('\n');
    assert.equal(lines[range.start.line]!.slice(range.start.character, range.end.character), 'vists-service');
  });

  test('in a literal block with an indentation indicator, which keeps spaces in the value', () => {
    const text = `${HEAD}  app.yaml: |2\n      indented: http://api:80\n    url: http://cache:6379\n`;
    const located = valueOf(text, 'app.yaml');
    const start = located.value.indexOf('cache');
    const range = substringRange(located, start, start + 5);
    assert.equal(text.split('\n')[range.start.line]!.slice(range.start.character, range.end.character), 'cache');
  });

  test('where escapes or folding make the columns unknowable, the whole value', () => {
    const escaped = valueOf(`${HEAD}  e: "tab\\there redis://cache:6379"\n`, 'e');
    assert.deepEqual(substringRange(escaped, 17, 22), escaped.span.value);
    const folded = valueOf(`${HEAD}  f: >\n    one\n    redis://cache:6379\n`, 'f');
    assert.deepEqual(substringRange(folded, 12, 17), folded.span.value);
  });
});

describe('KT401/KT402 on connection strings', () => {
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: visits-service, namespace: app}\nspec:\n  ports: [{port: 8080}]\n';
  const WEB = (env: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: main\n          image: web\n          env:\n${env}`;

  test('a misspelt host in a ConfigMap block is marked on the host, on its own line of the block', () => {
    const text = `${SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: app}\ndata:\n  application.yaml: |-\n    server:\n      port: 8080\n    services:\n      visits: http://vists-service.app.svc.cluster.local:8080/\n      other: http://visits-service:8080\n`;
    const problems = checkCluster(snapshotOf(text)).filter((problem) => problem.code.startsWith('KT40'));
    assert.equal(problems.length, 1);
    const { range, message } = problems[0]!;
    assert.equal(range.start.line, range.end.line);
    assert.equal(text.split('\n')[range.start.line]!.slice(range.start.character, range.end.character), 'vists-service.app.svc.cluster.local');
    assert.match(message, /Did you mean visits-service\?/);
  });

  test('a wrong port in an env value is marked on the host, and credentials are never echoed', () => {
    const env = '            - {name: DB, value: "postgres://admin:hunter2@visits-service:5432/app"}\n';
    const text = `${SERVICE}---\n${WEB(env)}`;
    const problems = checkCluster(snapshotOf(text)).filter((problem) => problem.code.startsWith('KT40'));
    assert.deepEqual(problems.map((problem) => problem.code), ['KT402']);
    const line = text.split('\n')[problems[0]!.range.start.line]!;
    assert.equal(line.slice(problems[0]!.range.start.character, problems[0]!.range.end.character), 'visits-service');
    assert.doesNotMatch(JSON.stringify(problems), /hunter2|admin/);
  });

  test('a user name is never resolved as a host', () => {
    const env = '            - {name: DB, value: "postgres://nosuchuser:pw@visits-service:8080/app"}\n';
    assert.deepEqual(checkCluster(snapshotOf(`${SERVICE}---\n${WEB(env)}`)).filter((problem) => problem.code.startsWith('KT40')), []);
  });

  test('bucket, dataset, file and artifact URLs raise nothing, whatever the bucket is called', () => {
    const env = ['s3://backups/db', 'gs://models/llama', 'hf://org/model', 'file:///data/x', 'oci://registry/charts/app'].map((value, index) => `            - {name: V${index}, value: "${value}"}\n`).join('');
    assert.deepEqual(checkCluster(snapshotOf(`${SERVICE}---\n${WEB(env)}`)).filter((problem) => problem.code.startsWith('KT40')), []);
  });

  test('the hover and go to definition of an env value with credentials take the host, and the hover does not echo them', () => {
    const env = '            - {name: DB, value: "postgres://visits:hunter2@visits-service:8080/app"}\n';
    const text = `${SERVICE}---\n${WEB(env)}`;
    const snapshot = snapshotOf(text);
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes('hunter2'));
    const field = symbolAt(snapshot, 'file:///test/manifests.yaml', { line, character: lines[line]!.indexOf('postgres') + 2 });
    assert.ok(field);
    const hover = hoverMarkdown(field, snapshot) ?? '';
    assert.match(hover, /`visits-service` resolves to/);
    assert.doesNotMatch(hover, /hunter2/);
    const [target] = definitionAt(field, snapshot);
    assert.equal(lines[target!.range.start.line], 'metadata: {name: visits-service, namespace: app}');
  });
});
