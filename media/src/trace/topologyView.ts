/**
 * Shows the topology's picture (topologyDrawing.ts) in the panel: fitted to it at first, then zoomed (buttons,
 * ctrl+wheel or pinch, + and −) and panned (drag, wheel, arrow keys on the picture) through an SVG transform
 * attribute, which the webview's CSP allows where inline styles are not. Boxes are buttons: click, Enter or Space
 * open the YAML; Up and Down move within a column, Left and Right to the first neighbour in the next column, and
 * the picture pans to keep the focused box in view.
 */
import type { SourceRef } from '../../../server/src/engine';
import { element } from './dom';
import { drawTopology, type SvgElement } from './topologyDrawing';
import { exportTopologySvg, THEME_VARIABLES, type ExportColours } from './topologyExport';
import type { LaidOutNode, TopologyLayout } from './topologyLayout';
import { fittedPanelHeight, fitToView, panBy, reveal, transformOf, zoomAt, ZOOM_STEP, type Viewport } from './topologyViewport';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** How far one arrow key pans the picture, in screen px. */
const PAN_STEP = 40;
/** The panel is as tall as the fitted picture, up to this share of the window (and at least MIN_PANEL_HEIGHT px). */
const PANEL_HEIGHT_SHARE = 0.7;
const MIN_PANEL_HEIGHT = 240;

function toDom(drawn: SvgElement | string): Node {
  if (typeof drawn === 'string') return document.createTextNode(drawn);
  const node = document.createElementNS(SVG_NS, drawn.tag);
  for (const [name, value] of Object.entries(drawn.attributes)) node.setAttribute(name, String(value));
  for (const child of drawn.children) node.append(toDom(child));
  return node;
}

export interface TopologyActions {
  open(ref: SourceRef): void;
  /** Export SVG was pressed: the file's text, in the current theme's colours. */
  exportSvg(text: string): void;
}

/** The current theme's values of the colours the exported SVG uses. */
function themeColours(): ExportColours {
  const style = getComputedStyle(document.body);
  return Object.fromEntries(Object.entries(THEME_VARIABLES).map(([key, variable]) => [key, style.getPropertyValue(variable)]));
}

/** Appends the toolbar (fit, zoom, export) and the picture, fitted to the room it gets, to `root`. */
export function renderTopology(root: HTMLElement, layout: TopologyLayout, actions: TopologyActions): void {
  const counts = [0, 1, 2].map((column) => layout.nodes.filter((node) => node.column === column).length);
  const picture = document.createElementNS(SVG_NS, 'svg');
  picture.setAttribute('class', 'topo');
  picture.setAttribute('tabindex', '0');
  picture.setAttribute('role', 'group');
  picture.setAttribute('aria-roledescription', 'zoomable picture');
  picture.setAttribute('aria-label', `Topology: ${counts[0]} entry points, ${counts[1]} Services, ${counts[2]} workloads. Arrow keys pan, + and − zoom, 0 fits to the panel.`);
  const content = document.createElementNS(SVG_NS, 'g');
  content.setAttribute('class', 'topo-content');
  for (const drawn of drawTopology(layout)) content.append(toDom(drawn));
  picture.append(content);

  const frame = element('div', { class: 'topo-frame' });
  frame.append(picture);
  const button = (id: string, text: string, label: string, action: () => void) => {
    const made = element('button', { type: 'button', id, class: 'secondary', 'aria-label': label, title: label }, text);
    made.addEventListener('click', action);
    return made;
  };
  const zoom = element('span', { class: 'topo-zoom', role: 'status', 'aria-live': 'polite' });

  let view: Viewport = { scale: 1, offsetX: 0, offsetY: 0 };
  // Until the user zooms or pans, the picture follows the panel's size.
  let fitted = true;
  const panel = () => ({ width: picture.clientWidth, height: picture.clientHeight });
  const apply = (next: Viewport, stillFitted = false) => {
    view = next;
    fitted = stillFitted;
    content.setAttribute('transform', transformOf(view));
    zoom.textContent = `${Math.round(view.scale * 100)}%`;
  };
  const fit = () => {
    // A hidden panel has no size to fit to; the tab draws again when it is shown.
    if (picture.clientWidth === 0) return;
    picture.setAttribute('height', String(fittedPanelHeight(layout, picture.clientWidth, Math.max(MIN_PANEL_HEIGHT, window.innerHeight * PANEL_HEIGHT_SHARE))));
    apply(fitToView(layout, panel()), true);
  };
  const centre = () => ({ x: picture.clientWidth / 2, y: picture.clientHeight / 2 });

  const toolbar = element('div', { class: 'toolbar topo-toolbar', role: 'toolbar', 'aria-label': 'Topology view' });
  toolbar.append(
    button('topology-fit', 'Fit', 'Fit the topology to the panel', fit),
    button('topology-zoom-out', '−', 'Zoom out', () => apply(zoomAt(view, 1 / ZOOM_STEP, centre()))),
    button('topology-zoom-in', '+', 'Zoom in', () => apply(zoomAt(view, ZOOM_STEP, centre()))),
    zoom,
    button('topology-export', 'Export SVG…', 'Export SVG… of the topology, to a file', () => actions.exportSvg(exportTopologySvg(layout, themeColours()))),
  );

  // ctrl+wheel (and a trackpad's pinch, which arrives as one) zooms about the cursor; the wheel alone pans.
  picture.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const bounds = picture.getBoundingClientRect();
      if (event.ctrlKey) apply(zoomAt(view, Math.exp(-event.deltaY / 300), { x: event.clientX - bounds.left, y: event.clientY - bounds.top }));
      else apply(panBy(view, -event.deltaX, -event.deltaY));
    },
    { passive: false },
  );
  // A drag on the background pans; a press on a box stays a click.
  let drag: { x: number; y: number; pointer: number } | undefined;
  picture.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || (event.target as Element).closest('.topo-node')) return;
    drag = { x: event.clientX, y: event.clientY, pointer: event.pointerId };
    picture.setPointerCapture(event.pointerId);
    picture.classList.add('topo-dragging');
  });
  picture.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    apply(panBy(view, event.clientX - drag.x, event.clientY - drag.y));
    drag = { ...drag, x: event.clientX, y: event.clientY };
  });
  const endDrag = () => {
    drag = undefined;
    picture.classList.remove('topo-dragging');
  };
  picture.addEventListener('pointerup', endDrag);
  picture.addEventListener('pointercancel', endDrag);
  picture.addEventListener('keydown', (event) => {
    if (event.target !== picture) return;
    const pans: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    const pan = pans[event.key];
    if (pan) apply(panBy(view, ...pan));
    else if (event.key === '+' || event.key === '=') apply(zoomAt(view, ZOOM_STEP, centre()));
    else if (event.key === '-') apply(zoomAt(view, 1 / ZOOM_STEP, centre()));
    else if (event.key === '0') fit();
    else return;
    event.preventDefault();
  });

  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  const byColumn = [0, 1, 2].map((column) => layout.nodes.filter((node) => node.column === column).sort((a, b) => a.y - b.y));
  /** The box an arrow key moves to: the next one in the column, or the topmost neighbour in the next column (else the nearest box there). */
  const target = (node: LaidOutNode, key: string): LaidOutNode | undefined => {
    const column = byColumn[node.column] ?? [];
    const index = column.indexOf(node);
    if (key === 'ArrowUp') return column[index - 1];
    if (key === 'ArrowDown') return column[index + 1];
    const step = key === 'ArrowRight' ? 1 : -1;
    // The next column that has boxes (a filter may have emptied the one between).
    const next = [1, 2].map((distance) => byColumn[node.column + step * distance]).find((candidate) => candidate !== undefined && candidate.length > 0);
    if (!next) return undefined;
    const linked = new Set(layout.edges.flatMap((edge) => (edge.from === node.id ? [edge.to] : edge.to === node.id ? [edge.from] : [])));
    const neighbour = next.find((candidate) => linked.has(candidate.id));
    if (neighbour) return neighbour;
    return next.reduce((nearest, candidate) => (Math.abs(candidate.y - node.y) < Math.abs(nearest.y - node.y) ? candidate : nearest));
  };

  const edges = [...content.querySelectorAll<SVGGElement>('.topo-edge')];
  const elements = new Map([...content.querySelectorAll<SVGGElement>('.topo-node')].map((drawn) => [drawn.getAttribute('data-id') ?? '', drawn]));
  for (const [id, drawn] of elements) {
    const node = byId.get(id)!;
    const open = () => {
      if (node.ref) actions.open(node.ref);
    };
    drawn.addEventListener('click', open);
    drawn.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
        return;
      }
      if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key)) return;
      event.preventDefault();
      const next = target(node, event.key);
      if (next) elements.get(next.id)?.focus();
    });
    // The focused or hovered box shows its own lines, which helps in a dense picture.
    const related = edges.filter((edge) => edge.getAttribute('data-from') === id || edge.getAttribute('data-to') === id);
    const highlight = (on: boolean) => {
      for (const edge of related) edge.classList.toggle('topo-related', on);
    };
    drawn.addEventListener('focus', () => {
      highlight(true);
      const shown = reveal(view, node, panel());
      if (shown.offsetX !== view.offsetX || shown.offsetY !== view.offsetY) apply(shown);
    });
    drawn.addEventListener('blur', () => highlight(false));
    drawn.addEventListener('mouseenter', () => highlight(true));
    drawn.addEventListener('mouseleave', () => highlight(false));
  }

  root.append(toolbar, frame);
  fit();
  new ResizeObserver(() => {
    if (fitted && picture.isConnected) fit();
  }).observe(frame);
}
