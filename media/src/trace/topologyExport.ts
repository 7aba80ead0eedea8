/**
 * The topology as a standalone SVG file: the same picture as the view (topologyDrawing.ts) with its style inline,
 * so it renders outside VS Code. The theme's colours are resolved to fixed values: those the webview reads from
 * its theme when given, else light-theme defaults.
 */
import { drawTopology, type SvgElement } from './topologyDrawing';
import type { TopologyLayout } from './topologyLayout';
import { FONT } from './topologyText';

/** The theme colours the style uses, with the value each takes when the webview does not supply one. */
export const EXPORT_COLOURS = {
  'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  background: '#ffffff',
  foreground: '#1f1f1f',
  description: '#616161',
  border: '#c8c8c8',
  band: '#e5ebf1',
  purple: '#652d90',
  blue: '#1a85ff',
  green: '#388a34',
  warning: '#bf8803',
  error: '#e51400',
  errorBackground: '#f2dede',
} as const;

export type ExportColours = Partial<Record<keyof typeof EXPORT_COLOURS, string>>;

/** The VS Code theme variable behind each export colour, for the webview to read with getComputedStyle. */
export const THEME_VARIABLES: Record<keyof typeof EXPORT_COLOURS, string> = {
  'font-family': '--vscode-font-family',
  background: '--vscode-editor-background',
  foreground: '--vscode-foreground',
  description: '--vscode-descriptionForeground',
  border: '--vscode-panel-border',
  band: '--vscode-editor-inactiveSelectionBackground',
  purple: '--vscode-charts-purple',
  blue: '--vscode-charts-blue',
  green: '--vscode-charts-green',
  warning: '--vscode-editorWarning-foreground',
  error: '--vscode-errorForeground',
  errorBackground: '--vscode-inputValidation-errorBackground',
};

/** The rules of media/topology.css that draw the picture (not those for hover and focus), on fixed colours. */
function styleOf(colours: Record<keyof typeof EXPORT_COLOURS, string>): string {
  const c = colours;
  return [
    `svg { font-family: ${c['font-family']}; font-size: ${FONT.label}px; }`,
    `.topo-background { fill: ${c.background}; }`,
    `.topo-column-title { fill: ${c.foreground}; font-weight: 600; font-size: ${FONT.title}px; }`,
    `.topo-group-band { fill: ${c.band}; fill-opacity: 0.35; stroke: none; }`,
    `.topo-group-label { fill: ${c.description}; font-size: ${FONT.group}px; }`,
    `.topo-box { fill: ${c.background}; stroke: ${c.border}; stroke-width: 1; }`,
    `.topo-label { fill: ${c.foreground}; font-weight: 600; }`,
    `.topo-badges, .topo-badge-separator, .topo-badge-more { fill: ${c.description}; font-size: ${FONT.badge}px; }`,
    `.topo-ingress .topo-box, .topo-gateway .topo-box { stroke: ${c.purple}; }`,
    `.topo-route .topo-box { stroke: ${c.blue}; stroke-dasharray: 6 2; }`,
    `.topo-service .topo-box { stroke: ${c.blue}; }`,
    `.topo-workload .topo-box { stroke: ${c.green}; }`,
    `.topo-attention .topo-badges { fill: ${c.warning}; }`,
    `.topo-node.topo-missing .topo-box { stroke: ${c.error}; stroke-dasharray: 4 3; fill: ${c.errorBackground}; }`,
    `.topo-node.topo-missing .topo-badges { fill: ${c.error}; }`,
    `.topo-edge-line { fill: none; stroke: ${c.description}; stroke-opacity: 0.6; stroke-width: 1.2; }`,
    '.topo-edge-parent .topo-edge-line { stroke-dasharray: 3 3; }',
    `.topo-edge.topo-missing .topo-edge-line { stroke: ${c.error}; stroke-dasharray: 5 3; stroke-opacity: 1; }`,
    `.topo-arrow { fill: ${c.description}; }`,
    `.topo-edge-label { fill: ${c.description}; font-size: ${FONT.edge}px; paint-order: stroke; stroke: ${c.background}; stroke-width: 3px; stroke-linejoin: round; }`,
  ].join('\n');
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

function serialise(element: SvgElement | string): string {
  if (typeof element === 'string') return escapeText(element);
  const attributes = Object.entries(element.attributes).map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`).join('');
  return element.children.length === 0 ? `<${element.tag}${attributes}/>` : `<${element.tag}${attributes}>${element.children.map(serialise).join('')}</${element.tag}>`;
}

/** A theme value is used only when it is a plain colour or font list: nothing that could end the style rule. */
const isSafeValue = (value: string | undefined): value is string => value !== undefined && value.trim() !== '' && !/[;{}<>]/.test(value);

/** The SVG file's text: well-formed XML with every label, badge and edge label in full in a <title> or aria-label. */
export function exportTopologySvg(layout: TopologyLayout, theme: ExportColours = {}): string {
  const colours = Object.fromEntries(Object.entries(EXPORT_COLOURS).map(([key, fallback]) => [key, isSafeValue(theme[key as keyof ExportColours]) ? theme[key as keyof ExportColours]!.trim() : fallback])) as Record<keyof typeof EXPORT_COLOURS, string>;
  const root: SvgElement = {
    tag: 'svg',
    attributes: { xmlns: 'http://www.w3.org/2000/svg', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': 'Kubetrace topology' },
    children: [{ tag: 'style', attributes: {}, children: [styleOf(colours)] }, { tag: 'rect', attributes: { class: 'topo-background', width: layout.width, height: layout.height }, children: [] }, ...drawTopology(layout)],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(root)}\n`;
}
