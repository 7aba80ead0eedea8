import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXPORT_COLOURS, exportTopologySvg } from '../../../media/src/trace/topologyExport';
import { layoutTopology } from '../../../media/src/trace/topologyLayout';
import { readWebviewMessage } from '../../../media/src/protocol';
import { buildTopology, type Topology } from '../../../server/src/engine/topology';
import { exampleSnapshot } from '../../support/engineFixtures';

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: (XmlElement | string)[];
}

const decode = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);

/**
 * A strict reader for the XML the export writes (elements, attributes in double quotes, text, the five
 * entities): throws on anything not well-formed, such as an unescaped < or &, or a tag closed out of order.
 */
function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml [^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: new Map(), children: [] };
  const stack = [root];
  const token = /<\/([A-Za-z][\w:-]*)>|<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    match = token.exec(body);
    assert.ok(match, `not well-formed at ${at}: ${body.slice(at, at + 60)}`);
    at = token.lastIndex;
    const [, closing, opening, attributeText, selfClosing, textPart] = match;
    const top = stack[stack.length - 1]!;
    if (closing) {
      assert.equal(closing, top.name, 'tags close in order');
      stack.pop();
    } else if (opening) {
      const attributes = new Map<string, string>();
      for (const [, name, value] of (attributeText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) {
        assert.ok(!attributes.has(name!), `attribute ${name} once`);
        assert.doesNotMatch(value!, /&(?!(lt|gt|quot|apos|amp);)/, 'a bare & in an attribute');
        attributes.set(name!, decode(value!));
      }
      const made: XmlElement = { name: opening, attributes, children: [] };
      top.children.push(made);
      if (!selfClosing) stack.push(made);
    } else {
      assert.doesNotMatch(textPart!, /&(?!(lt|gt|quot|apos|amp);)/, 'a bare & in text');
      assert.doesNotMatch(textPart!, />/, 'a bare > in text');
      top.children.push(decode(textPart!));
    }
  }
  assert.equal(stack.length, 1, 'every element is closed');
  const elements = root.children.filter((child): child is XmlElement => typeof child !== 'string');
  assert.equal(elements.length, 1, 'one root element');
  return elements[0]!;
}

const all = (element: XmlElement): XmlElement[] => [element, ...element.children.flatMap((child) => (typeof child === 'string' ? [] : all(child)))];
const textOf = (element: XmlElement): string => element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');

/** Names and badges that would break markup if written raw. */
const HOSTILE: Topology = {
  nodes: [
    { id: 'service:x/a', kind: 'service', label: '<script>alert("a&b")</script>', namespace: 'x&y', column: 1, badges: ['ClusterIP', 'port "<http>" & more'] },
    { id: 'workload:x/b', kind: 'workload', label: `b ${'very-long-'.repeat(12)}name (Deployment)`, namespace: 'x&y', column: 2, badges: ['1 pod'] },
  ],
  edges: [{ from: 'service:x/a', to: 'workload:x/b', kind: 'endpoints', label: '8080 <tcp> & "udp"' }],
};

describe('topology SVG export', () => {
  test('the file is well-formed SVG with the picture\'s size, one box per node', () => {
    const layout = layoutTopology(buildTopology(exampleSnapshot()));
    const svg = parseXml(exportTopologySvg(layout));
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
    assert.equal(svg.attributes.get('viewBox'), `0 0 ${layout.width} ${layout.height}`);
    const boxes = all(svg).filter((element) => element.attributes.get('class')?.split(' ').includes('topo-node'));
    assert.deepEqual(boxes.map((box) => box.attributes.get('data-id')).sort(), layout.nodes.map((node) => node.id).sort());
  });

  test('every node\'s full label, namespace and badges, and every edge\'s label, are in it as text, escaped', () => {
    const layout = layoutTopology(HOSTILE);
    const text = exportTopologySvg(layout);
    assert.doesNotMatch(text, /<script/);
    const svg = parseXml(text);
    assert.equal(all(svg).filter((element) => element.name === 'script').length, 0);
    for (const node of layout.nodes) {
      const box = all(svg).find((element) => element.attributes.get('data-id') === node.id)!;
      const title = textOf(box.children.find((child): child is XmlElement => typeof child !== 'string' && child.name === 'title')!);
      assert.ok(title.includes(`${node.namespace}/${node.label}`), `the title of ${node.id} has its full name: ${title}`);
      for (const badge of node.badges) assert.ok(title.includes(badge), `the title has "${badge}"`);
      assert.ok(box.attributes.get('aria-label')!.includes(node.label));
    }
    const edgeTitles = all(svg).filter((element) => element.attributes.get('class')?.includes('topo-edge ')).map((edge) => textOf(edge.children.find((child): child is XmlElement => typeof child !== 'string' && child.name === 'title')!));
    assert.deepEqual(edgeTitles, ['8080 <tcp> & "udp"']);
  });

  test('the style is inline, with fixed colours: the theme\'s when given, else the defaults; nothing unsafe gets in', () => {
    const layout = layoutTopology(HOSTILE);
    const style = (text: string) => textOf(all(parseXml(text)).find((element) => element.name === 'style')!);
    const plain = style(exportTopologySvg(layout));
    assert.doesNotMatch(plain, /var\(/, 'no theme variables, which nothing outside VS Code defines');
    assert.match(plain, /\.topo-label \{ fill: #1f1f1f; font-weight: 600; \}/);
    assert.ok(plain.includes(`.topo-box { fill: ${EXPORT_COLOURS.background}`));
    const dark = style(exportTopologySvg(layout, { foreground: ' #cccccc ', background: '#1e1e1e', error: 'red; } svg { display: none', blue: '' }));
    assert.match(dark, /\.topo-label \{ fill: #cccccc;/);
    assert.match(dark, /\.topo-box \{ fill: #1e1e1e;/);
    assert.ok(dark.includes(`stroke: ${EXPORT_COLOURS.error}`), 'a value that could end the rule falls back');
    assert.ok(dark.includes(`stroke: ${EXPORT_COLOURS.blue}`), 'an empty value falls back');
    assert.doesNotMatch(dark, /display: none/);
    assert.ok(all(parseXml(exportTopologySvg(layout))).some((element) => element.attributes.get('class') === 'topo-background'), 'a background, so the file is readable on any page');
  });

  test('the host takes the exported text as a saveSvg message, and nothing else under that name', () => {
    const text = exportTopologySvg(layoutTopology(HOSTILE));
    assert.deepEqual(readWebviewMessage({ type: 'saveSvg', text }), { type: 'saveSvg', text });
    assert.equal(readWebviewMessage({ type: 'saveSvg', text: 42 }), undefined);
    assert.equal(readWebviewMessage({ type: 'saveSvg' }), undefined);
  });
});
