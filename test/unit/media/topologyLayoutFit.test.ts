import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drawTopology, type SvgElement } from '../../../media/src/trace/topologyDrawing';
import { BOX_PADDING, layoutTopology } from '../../../media/src/trace/topologyLayout';
import { filterTopology } from '../../../media/src/trace/topologyModel';
import { FONT, fitText, nodeHeading, textWidth } from '../../../media/src/trace/topologyText';
import { buildTopology, type Topology } from '../../../server/src/engine/topology';
import { exampleSnapshot } from '../../support/engineFixtures';

const LONG_NAME = 'payments-settlement-reconciliation-worker-for-the-european-union-region-with-a-very-long-name';

/** A hand-made topology: one short and one very long workload name, a Service, an Ingress with a long edge label. */
function namedTopology(): Topology {
  return {
    nodes: [
      { id: 'ingress:a/web', kind: 'ingress', label: 'web', namespace: 'a', column: 0, badges: ['class nginx'] },
      { id: 'service:a/api', kind: 'service', label: 'api', namespace: 'a', column: 1, badges: ['ClusterIP'] },
      { id: 'workload:a/short', kind: 'workload', label: 'api (Deployment)', namespace: 'a', column: 2, badges: ['1 pod', 'not isolated'] },
      { id: 'workload:a/long', kind: 'workload', label: `${LONG_NAME} (Deployment)`, namespace: 'a', column: 2, badges: ['2 pods'] },
    ],
    edges: [
      { from: 'ingress:a/web', to: 'service:a/api', kind: 'backend', label: 'example.com/api → http' },
      { from: 'service:a/api', to: 'workload:a/short', kind: 'endpoints', label: '8080' },
      { from: 'service:a/api', to: 'workload:a/long', kind: 'endpoints', label: '8080' },
    ],
  };
}

/** All text of an element and its children, and the element found by a predicate. */
const textOf = (element: SvgElement | string): string => (typeof element === 'string' ? element : element.children.map(textOf).join(''));
/** The text drawn: a text element ends with a space that is not drawn (it separates words for accessibility tools). */
const shownText = (element: SvgElement): string => textOf(element).trimEnd();
function findAll(elements: readonly (SvgElement | string)[], predicate: (element: SvgElement) => boolean): SvgElement[] {
  return elements.flatMap((element) => (typeof element === 'string' ? [] : [...(predicate(element) ? [element] : []), ...findAll(element.children, predicate)]));
}
const hasClass = (name: string) => (element: SvgElement) => String(element.attributes['class'] ?? '').split(' ').includes(name);

describe('topology layout: labels fit, no empty room', () => {
  test('a box is named by what it shows (WCAG 2.5.3, label in name): its aria-label begins with the drawn text, word for word, and says in full what was cut', () => {
    const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const topology of [namedTopology(), buildTopology(exampleSnapshot())]) {
      const layout = layoutTopology(topology);
      const drawn = drawTopology(layout);
      for (const node of layout.nodes) {
        const [box] = findAll(drawn, (element) => element.attributes['data-id'] === node.id);
        const name = String(box!.attributes['aria-label']);
        // What accessibility tools read as the box's visible text: its texts' contents run together.
        const visible = findAll([box!], (element) => element.tag === 'text').map(textOf).join('');
        assert.deepEqual(words(name).slice(0, words(visible).length), words(visible), `"${name}" begins with the drawn "${visible}"`);
        for (const badge of node.badges) assert.ok(name.includes(badge), `${node.id}'s aria-label says "${badge}"`);
        assert.ok(name.includes(nodeHeading(node)), `${node.id}'s aria-label has the whole heading`);
      }
    }
  });

  test('every heading fits its box as drawn, or is cut with "…" and kept whole in the title and aria-label', () => {
    for (const topology of [namedTopology(), buildTopology(exampleSnapshot())]) {
      const layout = layoutTopology(topology);
      const drawn = drawTopology(layout);
      for (const node of layout.nodes) {
        const [box] = findAll(drawn, (element) => element.attributes['data-id'] === node.id);
        assert.ok(box, `${node.id} is drawn`);
        const [label] = findAll([box], hasClass('topo-label'));
        const shown = shownText(label!);
        assert.ok(textWidth(shown, FONT.label) <= node.width - BOX_PADDING, `"${shown}" fits ${node.width}px`);
        if (shown !== nodeHeading(node)) {
          assert.ok(shown.endsWith('…'), `${node.id} is cut with an ellipsis`);
          assert.ok(textOf(findAll([box], (element) => element.tag === 'title')[0]!).includes(node.label), 'the tooltip has the full name');
          assert.ok(String(box.attributes['aria-label']).includes(node.label), 'the aria-label has the full name');
        }
        for (const badges of findAll([box], hasClass('topo-badges'))) assert.ok(textWidth(shownText(badges), FONT.badge) <= node.width - BOX_PADDING, `badges "${shownText(badges)}" fit`);
      }
      for (const edge of findAll(drawn, hasClass('topo-edge'))) {
        const full = textOf(findAll([edge], (element) => element.tag === 'title')[0]!);
        const [label] = findAll([edge], hasClass('topo-edge-label'));
        if (label && textOf(label) !== full) assert.ok(textOf(label).endsWith('…') && full.startsWith(textOf(label).slice(0, -1)), `edge label "${textOf(label)}" is cut, its tooltip whole`);
      }
    }
  });

  test('a column is as wide as its longest heading, so ordinary names are never cut; only one beyond the widest column is', () => {
    const layout = layoutTopology(namedTopology());
    const workloads = layout.columns.find((column) => column.column === 2)!;
    const services = layout.columns.find((column) => column.column === 1)!;
    assert.equal(workloads.width, 360, 'the long name asks for more than the widest column');
    assert.ok(services.width < 200, `a column of short names stays narrow (${services.width}px)`);
    const drawn = drawTopology(layout);
    const shownOf = (id: string) => shownText(findAll(findAll(drawn, (element) => element.attributes['data-id'] === id), hasClass('topo-label'))[0]!);
    assert.equal(shownOf('workload:a/short'), 'Workload api (Deployment)');
    assert.match(shownOf('workload:a/long'), /^Workload payments-settlement.*…$/);
    const example = layoutTopology(buildTopology(exampleSnapshot()));
    for (const node of example.nodes) assert.equal(fitText(nodeHeading(node), node.width - BOX_PADDING, FONT.label).cut, false, `${node.id} fits whole`);
  });

  test('the gap between adjacent columns is as wide as the edge labels crossing it, within bounds', () => {
    const layout = layoutTopology(namedTopology());
    const [entry, services, workloads] = layout.columns;
    const firstGap = services!.x - (entry!.x + entry!.width);
    const secondGap = workloads!.x - (services!.x + services!.width);
    assert.ok(firstGap >= textWidth('example.com/api → http', FONT.edge) + 12, `the long edge label has room (${firstGap}px)`);
    assert.ok(secondGap <= 60, `a gap crossed only by "8080" stays narrow (${secondGap}px)`);
    for (const edge of layout.edges.filter((candidate) => candidate.labelAt)) {
      const [start, end] = edge.points;
      assert.ok(end!.x - start!.x <= 200, 'no gap is wider than the widest allowed');
    }
  });

  test('a column without boxes takes no room, and the picture is as wide as its columns', () => {
    const onlyData = filterTopology(buildTopology(exampleSnapshot()), 'shop-data');
    const layout = layoutTopology(onlyData);
    assert.deepEqual(layout.columns.map((column) => column.title), ['Services', 'Workloads']);
    const [first, last] = [layout.columns[0]!, layout.columns[layout.columns.length - 1]!];
    assert.equal(first.x, 16, 'the first column that has boxes starts at the margin');
    assert.equal(layout.width, last.x + last.width + 16);
    const workloadsOnly: Topology = { nodes: [{ id: 'workload:a/w', kind: 'workload', label: 'w (Deployment)', namespace: 'a', column: 2, badges: ['1 pod'] }], edges: [] };
    const single = layoutTopology(workloadsOnly);
    assert.equal(single.width, 16 + single.columns[0]!.width + 16);
    assert.ok(single.width < 250, `one small box makes a small picture (${single.width}px)`);
  });

  test('no empty rows: every row of each namespace band has a box in some column, and the height is that of the rows', () => {
    const layout = layoutTopology(buildTopology(exampleSnapshot()));
    const bands = [...new Map(layout.groups.map((group) => [group.namespace, group])).values()];
    let rowsInAll = 0;
    for (const band of bands) {
      const tops = new Set(layout.nodes.filter((node) => node.namespace === band.namespace).map((node) => node.y));
      const rows = (band.height - 22) / 66;
      assert.equal(tops.size, rows, `namespace ${band.namespace}: ${rows} rows, each with a box`);
      rowsInAll += rows;
    }
    // Margins, column titles, one header and a gap per band, and the rows: nothing else.
    assert.equal(layout.height, 16 + 28 + bands.length * 22 + (bands.length - 1) * 10 + rowsInAll * 66 + 16);
    const area = layout.nodes.reduce((sum, node) => sum + node.width * node.height, 0);
    assert.ok(layout.width * layout.height <= 4 * area, `the picture (${layout.width}×${layout.height}) is within four times the boxes' area`);
  });
});
