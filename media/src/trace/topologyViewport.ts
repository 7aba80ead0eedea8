/**
 * The topology's zoom and pan as plain numbers, free of the DOM so they are unit-tested: a point of the picture
 * at (x, y) shows on screen at (x · scale + offsetX, y · scale + offsetY).
 */

export interface Viewport {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Box extends Size {
  readonly x: number;
  readonly y: number;
}

/** Zoom limits: below a tenth nothing is legible, above four times a box fills the panel. */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;
/** One press of + or −, or one notch of ctrl+wheel, zooms by this factor. */
export const ZOOM_STEP = 1.25;
/** Room kept between the picture and the panel's edges when fitting. */
const FIT_MARGIN = 8;

export const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * The whole picture in the panel, centred; never enlarged past its natural size (a small picture stays crisp and
 * readable rather than blown up) nor shrunk below MIN_SCALE, where it starts at the top left and pans.
 */
export function fitToView(content: Size, panel: Size): Viewport {
  const room = { width: Math.max(1, panel.width - 2 * FIT_MARGIN), height: Math.max(1, panel.height - 2 * FIT_MARGIN) };
  const scale = Math.max(MIN_SCALE, Math.min(1, room.width / Math.max(1, content.width), room.height / Math.max(1, content.height)));
  const centre = (panelLength: number, contentLength: number) => Math.max(FIT_MARGIN, (panelLength - contentLength * scale) / 2);
  return { scale, offsetX: centre(panel.width, content.width), offsetY: centre(panel.height, content.height) };
}

/**
 * How tall the panel should be for a picture fitted to `width`: as tall as the fitted picture, at most `maxHeight`,
 * so a wide, low picture leaves no empty band under it.
 */
export function fittedPanelHeight(content: Size, width: number, maxHeight: number): number {
  const { scale } = fitToView(content, { width, height: maxHeight });
  return Math.min(maxHeight, Math.ceil(content.height * scale + 2 * FIT_MARGIN));
}

/** Zooms by `factor` about a point of the panel (the cursor, or the panel's centre), which stays where it is. */
export function zoomAt(view: Viewport, factor: number, at: { readonly x: number; readonly y: number }): Viewport {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, offsetX: at.x - (at.x - view.offsetX) * ratio, offsetY: at.y - (at.y - view.offsetY) * ratio };
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { scale: view.scale, offsetX: view.offsetX + dx, offsetY: view.offsetY + dy };
}

/** The least pan that brings a box of the picture (a focused node) wholly into the panel, with a margin where it fits. */
export function reveal(view: Viewport, box: Box, panel: Size): Viewport {
  const axis = (offset: number, start: number, length: number, panelLength: number) => {
    const low = start * view.scale + offset;
    const high = (start + length) * view.scale + offset;
    if (low < FIT_MARGIN) return offset + FIT_MARGIN - low;
    if (high > panelLength - FIT_MARGIN) return offset - Math.min(high - (panelLength - FIT_MARGIN), low - FIT_MARGIN);
    return offset;
  };
  return { scale: view.scale, offsetX: axis(view.offsetX, box.x, box.width, panel.width), offsetY: axis(view.offsetY, box.y, box.height, panel.height) };
}

/** The SVG transform attribute (an attribute, not a style, so the webview's CSP allows it). */
export function transformOf(view: Viewport): string {
  return `translate(${round(view.offsetX)} ${round(view.offsetY)}) scale(${round(view.scale)})`;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
