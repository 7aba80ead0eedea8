import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConnectivityMatrix } from '../../../server/src/engine/connectivity/matrix';
import { matrixGrid, matrixPorts, summarizeCells } from '../../../media/src/trace/matrixModel';
import { EngineSession } from '../../../media/src/trace/viewModel';
import { exampleSnapshot } from '../../support/engineFixtures';

const cell = (from: string, to: string, port: number, verdict: 'allowed' | 'denied' | 'depends', protocol = 'TCP') => ({ from, to, protocol, port, verdict, reason: `${verdict} by test` });

describe('connectivity matrix grid', () => {
  test('a pair is allowed or denied only when every port agrees; the label says it in words', () => {
    assert.deepEqual(
      [
        summarizeCells([cell('a/x', 'b/y', 80, 'allowed'), cell('a/x', 'b/y', 443, 'allowed')]),
        summarizeCells([cell('a/x', 'b/y', 80, 'denied'), cell('a/x', 'b/y', 53, 'denied', 'UDP')]),
        summarizeCells([cell('a/x', 'b/y', 80, 'allowed'), cell('a/x', 'b/y', 443, 'denied')]),
        summarizeCells([]),
      ].map(({ verdict, label, symbol }) => [verdict, label, symbol]),
      [
        ['allowed', '✓ allowed (TCP/80 allowed, TCP/443 allowed)', '✓'],
        ['denied', '✗ denied (TCP/80 denied, UDP/53 denied)', '✗'],
        ['depends', '~ depends (TCP/80 allowed, TCP/443 denied)', '~'],
        ['none', 'not evaluated', '·'],
      ],
    );
  });

  test('rows and columns are grouped by namespace, the outside last; a filter keeps matching parties on both axes', () => {
    const matrix: ConnectivityMatrix = {
      parties: [
        { name: 'web/front', namespace: 'web', kind: 'workload' },
        { name: 'api/orders', namespace: 'api', kind: 'workload' },
        { name: 'api/users', namespace: 'api', kind: 'workload' },
        { name: 'external 198.51.100.7 (the internet)', kind: 'external', ip: '198.51.100.7' },
      ],
      cells: [cell('web/front', 'api/orders', 80, 'allowed'), cell('api/orders', 'web/front', 80, 'denied'), cell('external 198.51.100.7 (the internet)', 'web/front', 80, 'allowed'), cell('api/users', 'external 198.51.100.7 (the internet)', 443, 'denied')],
      classes: 3,
      enforced: true,
    };
    const grid = matrixGrid(matrix);
    assert.deepEqual(grid.rows.map((group) => [group.label, group.parties.map((party) => party.name)]), [
      ['namespace api', ['api/orders', 'api/users']],
      ['namespace web', ['web/front']],
      ['outside the cluster', ['external 198.51.100.7 (the internet)']],
    ]);
    // api/users is no cell's destination: it is a row, not a column.
    assert.deepEqual(grid.columns.flatMap((group) => group.parties.map((party) => party.name)), ['api/orders', 'web/front', 'external 198.51.100.7 (the internet)']);
    assert.equal(grid.cell('web/front', 'api/orders').verdict, 'allowed');
    assert.equal(grid.cell('api/users', 'external 198.51.100.7 (the internet)').verdict, 'denied');
    assert.equal(grid.cell('api/users', 'web/front').verdict, 'none');
    const filtered = matrixGrid(matrix, ' ORDERS ');
    assert.deepEqual(filtered.rows.flatMap((group) => group.parties.map((party) => party.name)), ['api/orders']);
    assert.deepEqual(filtered.columns.flatMap((group) => group.parties.map((party) => party.name)), ['api/orders']);
    assert.deepEqual(matrixPorts(matrix), ['TCP/80', 'TCP/443']);
  });

  test('the example workspace: orders-api may reach postgres, the frontend may not reach the database, egress to the internet is a column', () => {
    const session = new EngineSession();
    const snapshot = exampleSnapshot();
    const matrix = session.matrix(snapshot);
    assert.equal(session.matrix(snapshot), matrix, 'the same snapshot and port give the cached matrix');
    const grid = matrixGrid(matrix);
    assert.equal(grid.cell('shop-api/orders-api', 'shop-data/postgres').verdict, 'allowed');
    assert.equal(grid.cell('shop-web/frontend', 'shop-data/postgres').verdict, 'denied');
    assert.ok(grid.columns.some((group) => group.label === 'outside the cluster'), 'external classes are destinations too');
    assert.ok(matrixPorts(matrix).includes('TCP/5432'));
    const onlyDns = session.matrix(snapshot, { protocol: 'UDP', port: 53 });
    assert.ok(onlyDns.cells.length > 0 && onlyDns.cells.every((entry) => entry.protocol === 'UDP' && entry.port === 53));
  });

  test('the panel computes the matrix of the filtered workloads only, and counts them first', () => {
    const session = new EngineSession();
    const snapshot = exampleSnapshot();
    assert.equal(session.workloadCount(snapshot), 7);
    assert.equal(session.workloadCount(snapshot, ' SHOP-'), 4);
    const part = session.matrix(snapshot, undefined, 'shop-data');
    assert.deepEqual(part.parties.filter((party) => party.kind === 'workload').map((party) => party.name), ['shop-data/postgres', 'shop-data/redis']);
    assert.ok(part.cells.every((cell) => ['shop-data/postgres', 'shop-data/redis'].includes(cell.from) || cell.from.startsWith('external')), 'no cell from a workload left out');
    const whole = session.matrix(snapshot);
    assert.deepEqual(
      part.cells.filter((cell) => cell.from === 'shop-data/postgres' && cell.to === 'shop-data/redis'),
      whole.cells.filter((cell) => cell.from === 'shop-data/postgres' && cell.to === 'shop-data/redis'),
      'a cell of the part is the same cell as in the whole',
    );
  });
});
