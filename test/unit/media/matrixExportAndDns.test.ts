import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConnectivityMatrix } from '../../../server/src/engine';
import { readWebviewMessage } from '../../../media/src/protocol';
import { dnsDeniedSources } from '../../../media/src/trace/matrixDns';
import { matrixCsv, matrixExportRows, matrixJson } from '../../../media/src/trace/matrixExport';
import { matrixEmptyMessage, matrixGrid, matrixLegend } from '../../../media/src/trace/matrixModel';
import { EngineSession } from '../../../media/src/trace/viewModel';
import { exampleSnapshot } from '../../support/engineFixtures';

const session = new EngineSession();
const snapshot = exampleSnapshot();

describe('the matrix and the trace agree on DNS', () => {
  test('the frontend and shop-data (default deny), whose egress policies drop the DNS query, are marked; orders-api, whose policy admits it, is not', () => {
    const matrix = session.matrix(snapshot);
    const denied = dnsDeniedSources(snapshot, matrix.parties);
    assert.deepEqual([...denied.keys()].sort(), ['shop-data/postgres', 'shop-data/redis', 'shop-web/frontend']);
    const redis = session.trace(snapshot, 'shop-data/redis', 'orders-api.shop-api:80', 'TCP');
    assert.ok(!('error' in redis));
    assert.equal(redis.verdict.kind, 'denied', 'the trace by name agrees');
    assert.match(denied.get('shop-web/frontend')!, /shop-web\/frontend-egress/);
  });

  test('a cell of a marked row says its verdict is by address and that by name it fails at the DNS lookup, as the trace by name does', () => {
    const matrix = session.matrix(snapshot);
    const grid = matrixGrid(matrix, '', dnsDeniedSources(snapshot, matrix.parties));
    const cell = grid.cell('shop-web/frontend', 'shop-api/orders-api');
    assert.equal(cell.verdict, 'allowed');
    assert.match(cell.label, /^✓ allowed \(TCP\/8080 allowed\); by address; by name the connection fails first, at its DNS lookup \(denied\)$/);
    assert.doesNotMatch(grid.cell('shop-api/orders-api', 'shop-data/postgres').label, /DNS/);
    const byName = session.trace(snapshot, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in byName));
    assert.equal(byName.verdict.kind, 'denied');
    assert.match(byName.verdict.summary, /DNS query/);
    assert.match(matrixLegend(matrix, grid), /connections by address.*Rows marked "DNS denied" cannot look names up/);
  });

  test('without marks the legend still says the cells are connections by address, and names no DNS mark', () => {
    const matrix = session.matrix(snapshot);
    const legend = matrixLegend(matrix, matrixGrid(matrix));
    assert.match(legend, /Cells are connections by address/);
    assert.doesNotMatch(legend, /DNS denied/);
  });
});

describe('an empty matrix says why', () => {
  test('a filter that matches nothing says so; a matrix with rows says nothing', () => {
    const matrix = session.matrix(snapshot);
    assert.equal(matrixEmptyMessage(matrixGrid(matrix, 'no-such-thing'), ' no-such-thing '), 'Nothing matches "no-such-thing": no workload or outside address has it in its name.');
    assert.equal(matrixEmptyMessage(matrixGrid(matrix, ''), ''), undefined);
  });

  test('a filter that keeps only parties no connection goes to says there is no column', () => {
    const matrix: ConnectivityMatrix = { parties: [{ name: 'a/client', namespace: 'a', kind: 'workload' }], cells: [], classes: 1, enforced: true };
    assert.equal(matrixEmptyMessage(matrixGrid(matrix, 'client'), 'client'), 'No connection to show: what matches "client" is no destination of another match.');
  });
});

describe('matrix export', () => {
  const cell = (from: string, to: string, port: number, verdict: 'allowed' | 'denied', reason: string) => ({ from, to, protocol: 'TCP', port, verdict, reason });
  const matrix: ConnectivityMatrix = {
    parties: [
      { name: 'web/front', namespace: 'web', kind: 'workload' },
      { name: 'api/orders', namespace: 'api', kind: 'workload' },
    ],
    cells: [cell('web/front', 'api/orders', 80, 'allowed', 'ingress rule 1 of api/p admits it (from pods {app=front}, TCP 80)'), cell('web/front', 'api/orders', 443, 'denied', 'said "no"\nthen more'), cell('api/orders', 'web/front', 80, 'denied', 'isolated')],
    classes: 2,
    enforced: true,
  };
  const grid = matrixGrid(matrix, '', new Map([['web/front', 'egress of web/front is isolated']]));

  test('rows follow the grid (namespace order, then port) and carry the DNS mark of their source', () => {
    assert.deepEqual(
      matrixExportRows(grid).map((row) => [row.from, row.to, row.port, row.verdict, row.dnsDenied ?? '']),
      [
        ['api/orders', 'web/front', 80, 'denied', ''],
        ['web/front', 'api/orders', 80, 'allowed', 'egress of web/front is isolated'],
        ['web/front', 'api/orders', 443, 'denied', 'egress of web/front is isolated'],
      ],
    );
  });

  test('CSV: a header, one line per port, fields with commas, quotes or line breaks quoted as RFC 4180 says', () => {
    assert.equal(
      matrixCsv(grid),
      [
        'from,to,protocol,port,verdict,reason,dns_denied',
        'api/orders,web/front,TCP,80,denied,isolated,',
        'web/front,api/orders,TCP,80,allowed,"ingress rule 1 of api/p admits it (from pods {app=front}, TCP 80)",egress of web/front is isolated',
        'web/front,api/orders,TCP,443,denied,"said ""no""\nthen more",egress of web/front is isolated',
        '',
      ].join('\r\n'),
    );
  });

  test('CSV and JSON of a filtered matrix hold only what the grid shows', () => {
    const filtered = matrixGrid(matrix, 'orders');
    assert.equal(matrixCsv(filtered), 'from,to,protocol,port,verdict,reason,dns_denied\r\n');
    const document = JSON.parse(matrixJson(matrix, filtered, { cluster: 'shop', port: '', filter: ' orders ' })) as { filter: string; cells: unknown[]; parties: { name: string }[] };
    assert.equal(document.filter, 'orders');
    assert.deepEqual(document.cells, []);
    assert.deepEqual(document.parties.map((party) => party.name), ['api/orders']);
  });

  test('JSON: the context, whether policy is enforced, the parties once each, and the same cells as the CSV', () => {
    const document = JSON.parse(matrixJson(matrix, grid, { cluster: 'shop', port: 'TCP/80', filter: '' })) as { cluster: string; port: string; enforced: boolean; parties: { name: string }[]; cells: unknown[]; byAddress: string };
    assert.equal(document.cluster, 'shop');
    assert.equal(document.port, 'TCP/80');
    assert.equal(document.enforced, true);
    assert.deepEqual(document.parties.map((party) => party.name), ['api/orders', 'web/front']);
    assert.deepEqual(document.cells, JSON.parse(JSON.stringify(matrixExportRows(grid))));
    assert.match(document.byAddress, /by address/);
  });
});

describe('the export message', () => {
  test('the host accepts a CSV or JSON export to save or copy, and nothing else', () => {
    assert.deepEqual(readWebviewMessage({ type: 'exportMatrix', format: 'csv', action: 'save', text: 'a,b\r\n' }), { type: 'exportMatrix', format: 'csv', action: 'save', text: 'a,b\r\n' });
    assert.deepEqual(readWebviewMessage({ type: 'exportMatrix', format: 'json', action: 'copy', text: '{}' }), { type: 'exportMatrix', format: 'json', action: 'copy', text: '{}' });
    assert.equal(readWebviewMessage({ type: 'exportMatrix', format: 'xlsx', action: 'save', text: '' }), undefined);
    assert.equal(readWebviewMessage({ type: 'exportMatrix', format: 'csv', action: 'run', text: '' }), undefined);
    assert.equal(readWebviewMessage({ type: 'exportMatrix', format: 'csv', action: 'save', text: 42 }), undefined);
  });
});
