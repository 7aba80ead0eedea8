import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { formatTraceText, parseDestination, parseSource, traceRequest } from '../../../server/src/engine';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { sourceGroups, verdictText } from '../../../media/src/trace/viewModel';
import { workspacePath } from '../../../media/src/trace/workspacePaths';
import { exampleSnapshot } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

const snapshot = exampleSnapshot();

function trace(from: string, to: string): Trace {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

describe('the trace view\'s words', () => {
  test('every source option names its namespace, so the closed box does too', () => {
    const options = sourceGroups(snapshot).flatMap((group) => group.options);
    assert.ok(options.some((option) => option.label === 'shop-web/frontend (Deployment)'));
    assert.ok(options.some((option) => option.label === 'shop-data/postgres (StatefulSet)'));
    for (const option of options.filter((candidate) => candidate.value.startsWith('pod:'))) assert.match(option.label, /^ {2}pod [a-z0-9-]+\/[a-z0-9-]+( on node-\d)?$/, option.label);
  });

  test('a name that does not resolve: the banner says NXDOMAIN once', () => {
    const text = verdictText(trace('shop-api/orders-api', 'nosuch.shop-data:5432'));
    assert.match(text, /^NXDOMAIN: nosuch\.shop-data does not resolve from shop-api \(tried /);
    assert.equal(text.split('NXDOMAIN').length - 1, 1, text);
  });

  test('no "(s)" and no empty braces anywhere in the traces of the example workspace', () => {
    const traces = [
      trace('shop-web/frontend', 'http://orders-api.shop-api/users'),
      trace('shop-api/orders-api', 'postgres.shop-data:5432'),
      trace('external', 'https://shop.example.com/api/orders'),
      trace('shop-api/orders-api', 'orders-api-internal.shop-api:80'),
    ];
    for (const text of traces.map((result) => formatTraceText(result, false, (uri) => uri))) {
      assert.doesNotMatch(text, /\(s\)/);
      assert.doesNotMatch(text, /\{\}/);
    }
  });
});

describe('copy as text: paths relative to the workspace', () => {
  const folder = { uri: `file://${PROJECT_ROOT}`, name: 'kubetrace' };

  test('a file of the only folder is named from the folder; with several, by the folder\'s name first; outside them, by its path', () => {
    assert.equal(workspacePath('file:///work/app/shop/web/frontend.yaml', [{ uri: 'file:///work/app', name: 'app' }]), 'shop/web/frontend.yaml');
    assert.equal(workspacePath('file:///work/app/shop/web/frontend.yaml', [{ uri: 'file:///work/app/', name: 'app' }]), 'shop/web/frontend.yaml');
    assert.equal(workspacePath('file:///work/app/shop/a%20b.yaml', [{ uri: 'file:///work/app', name: 'app' }]), 'shop/a b.yaml');
    const two = [{ uri: 'file:///work/infra', name: 'infra' }, { uri: 'file:///work/app', name: 'app' }];
    assert.equal(workspacePath('file:///work/app/shop/web/frontend.yaml', two), 'app/shop/web/frontend.yaml');
    assert.equal(workspacePath('file:///work/application/x.yaml', [{ uri: 'file:///work/app', name: 'app' }]), '/work/application/x.yaml', 'a folder whose name starts another is not its parent');
  });

  test('the copied trace names its YAML by workspace-relative paths', () => {
    const text = formatTraceText(trace('shop-api/orders-api', 'postgres.shop-data:5432'), true, (uri) => workspacePath(uri, [folder]));
    const places = text.split('\n').filter((line) => line.trimStart().startsWith('@ '));
    assert.ok(places.length > 0);
    for (const line of places) assert.match(line, /^ {3}@ examples\/shop\/[a-z/-]+\.yaml:\d+:\d+ /, line);
    assert.ok(!text.includes(path.join(PROJECT_ROOT, 'examples')));
  });
});
