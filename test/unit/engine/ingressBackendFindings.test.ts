/**
 * An Ingress's backend findings come once per backend (a Service, and a port of it), located where the backend
 * is first named and relating the others: ten paths to one missing Service are one problem to fix, not ten.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec: {selector: {app: web}, ports: [{name: http, port: 80}, {name: admin, port: 81}]}\n';

/** An Ingress whose paths /p0, /p1, ... send to the backends given, one a line, so that finding lines name paths. */
function ingress(backends: readonly string[], defaultBackend?: string): string {
  const paths = backends.map((backend, index) => `      - {path: /p${index}, pathType: Prefix, backend: {service: ${backend}}}`).join('\n');
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, namespace: app}
spec:
${defaultBackend ? `  defaultBackend: {service: ${defaultBackend}}\n` : ''}  rules:
  - host: site.example.com
    http:
      paths:
${paths}
`;
}

function backendFindings(text: string) {
  return checkCluster(snapshotOf(text)).filter((problem) => /^KT20[123]$/.test(problem.code));
}

/** The zero-based line of path /pN in a text. */
function lineOfPath(text: string, index: number): number {
  return text.split('\n').findIndex((line) => line.includes(`path: /p${index},`));
}

describe('Ingress backend findings, one per backend', () => {
  test('ten paths to one missing Service give one KT201 at the first, relating the other nine', () => {
    const text = ingress(Array.from({ length: 10 }, () => '{name: api, port: {number: 80}}'));
    const found = backendFindings(text);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'KT201');
    assert.equal(found[0]!.range.start.line, lineOfPath(text, 0));
    assert.deepEqual(found[0]!.related?.map((related) => [related.range.start.line, related.message]), Array.from({ length: 9 }, (_, index) => [lineOfPath(text, index + 1), `the same backend, for path site.example.com/p${index + 1}`]));
  });

  test('a missing Service is one finding whatever ports the paths name; the defaultBackend comes first', () => {
    const found = backendFindings(ingress(['{name: api, port: {number: 80}}', '{name: api, port: {name: grpc}}'], '{name: api, port: {number: 80}}'));
    assert.deepEqual(found.map((problem) => [problem.code, problem.range.start.line, problem.related?.length]), [['KT201', 4, 2]]);
    assert.equal(found[0]!.related![0]!.message, 'the same backend, for path site.example.com/p0');
  });

  test('an endpointless Service: one KT203 per Service port, by number or by name, each relating its own other paths', () => {
    const text = [SERVICE, ingress(['{name: web, port: {number: 80}}', '{name: web, port: {number: 81}}', '{name: web, port: {number: 80}}', '{name: web, port: {name: admin}}'])].join('---\n');
    const pathOf = (line: number) => [0, 1, 2, 3].find((index) => lineOfPath(text, index) === line);
    assert.deepEqual(
      backendFindings(text).map((problem) => [problem.code, pathOf(problem.range.start.line), problem.related?.filter((related) => related.message.startsWith('the same backend')).map((related) => pathOf(related.range.start.line))]),
      [
        ['KT203', 0, [2]],
        ['KT203', 1, [3]],
      ],
    );
  });

  test('a port the Service lacks, named by two paths, is one KT202', () => {
    const found = backendFindings([SERVICE, ingress(['{name: web, port: {number: 8080}}', '{name: web, port: {number: 8080}}'])].join('---\n'));
    assert.deepEqual(found.map((problem) => [problem.code, problem.related?.length]), [['KT202', 1]]);
  });
});
