// Readability of a webview in the current colour theme: the contrast of every piece of text against what is drawn
// behind it (WCAG 2 relative luminance), and an axe-core audit of the page. Both run inside the webview's frame.
// lowContrastText and the axe call run in the webview's page, where these are defined.
/* global document, getComputedStyle, Node, SVGElement, SVGGeometryElement, SVGTextContentElement */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** WCAG AA for body text; the views' text is small, so no exception for large text is taken. */
export const MINIMUM_CONTRAST = 4.5;

// AXE_CORE names axe.min.js where axe-core is not installed in node_modules (a local run before `npm ci`).
const axeSource = readFileSync(process.env.AXE_CORE ?? createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Each visible piece of text whose contrast is below `minimum`: its text, colours and ratio. Runs in the page
 * (Playwright serialises it): the colour of HTML text is `color`, of SVG text `fill`; the background is the first
 * opaque background walking up, with the translucent ones above it laid over it, or for SVG text the shape under
 * it (a box) or the halo it is drawn on. Disabled controls are left out, as WCAG leaves out inactive components.
 */
function lowContrastText(body, minimum) {
  const parse = (value) => {
    const rgb = /^rgba?\(([^)]+)\)$/.exec(value);
    if (rgb) {
      const [r, g, b, a] = rgb[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a: a ?? 1 };
    }
    const srgb = /^color\(srgb ([^)]+)\)$/.exec(value);
    if (srgb) {
      const [r, g, b, a] = srgb[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return { r: r * 255, g: g * 255, b: b * 255, a: a ?? 1 };
    }
    return undefined;
  };
  const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const luminance = ({ r, g, b }) => {
    const channel = (value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const pageBackground = parse(getComputedStyle(document.body).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
  const htmlBackground = (element) => {
    const layers = [];
    for (let at = element; at && at !== document.documentElement; at = at.parentElement) {
      const colour = parse(getComputedStyle(at).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    const base = layers.at(-1)?.a >= 1 ? layers.pop() : over(pageBackground, { r: 255, g: 255, b: 255, a: 1 });
    return layers.reverse().reduce((below, layer) => over(layer, below), base);
  };
  const svgBackground = (text) => {
    const style = getComputedStyle(text);
    const halo = parse(style.stroke);
    if (style.paintOrder.startsWith('stroke') && halo && halo.a > 0 && parseFloat(style.strokeWidth) >= 2) return over(halo, htmlBackground(text.ownerSVGElement));
    const box = text.getBoundingClientRect();
    const below = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    const shape = below.find((element) => element instanceof SVGGeometryElement && !(element instanceof SVGTextContentElement) && parse(getComputedStyle(element).fill)?.a > 0);
    const background = htmlBackground(text.ownerSVGElement);
    if (!shape) return background;
    const fill = parse(getComputedStyle(shape).fill);
    return over({ ...fill, a: fill.a * Number(getComputedStyle(shape).fillOpacity) }, background);
  };
  const problems = [];
  for (const element of body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'TITLE'].includes(element.tagName)) continue;
    const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent.trim()).join(' ').trim();
    if (!own || element.getClientRects().length === 0 || element.closest('[hidden], :disabled')) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
    const svg = element instanceof SVGElement;
    const background = svg ? svgBackground(element) : htmlBackground(element);
    const colour = parse(svg ? style.fill : style.color);
    if (!colour) continue;
    const foreground = over({ ...colour, a: colour.a * (svg ? Number(style.fillOpacity) : 1) }, background);
    const value = ratio(foreground, background);
    if (value < minimum) {
      const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList].map((c) => `.${c}`).join('')}`;
      const rgb = ({ r, g, b }) => `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
      problems.push(`${name} "${own.slice(0, 40)}": ${value.toFixed(2)}:1 (${rgb(foreground)} on ${rgb(background)})`);
    }
  }
  return problems;
}

/** Text of the webview `view` (a FrameLocator) below the minimum contrast, one line each; empty when all is readable. */
export async function contrastProblems(view) {
  return view.locator('body').evaluate(lowContrastText, MINIMUM_CONTRAST);
}

/** axe-core's violations of impact serious or critical in the webview `view`, one line each (rule, impact, where). */
export async function axeViolations(view) {
  const frame = await (await view.locator('body').elementHandle()).ownerFrame();
  // Evaluated through the DevTools protocol, which the page's CSP (scripts by nonce only) does not govern.
  await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1, 2).join('').trim()})` : ''}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.targets.join('; ')}`);
}
