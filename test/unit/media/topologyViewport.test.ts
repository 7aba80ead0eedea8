import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clampScale, fittedPanelHeight, fitToView, MAX_SCALE, MIN_SCALE, panBy, reveal, transformOf, zoomAt, type Viewport } from '../../../media/src/trace/topologyViewport';

/** Where a point of the picture shows on screen. */
const onScreen = (view: Viewport, x: number, y: number) => ({ x: x * view.scale + view.offsetX, y: y * view.scale + view.offsetY });

describe('topology zoom and pan', () => {
  test('fit to view shrinks a wide picture to the panel, whole and centred', () => {
    const view = fitToView({ width: 2000, height: 600 }, { width: 1016, height: 716 });
    assert.equal(view.scale, 0.5);
    const topLeft = onScreen(view, 0, 0);
    const bottomRight = onScreen(view, 2000, 600);
    assert.equal(topLeft.x, 8);
    assert.equal(bottomRight.x, 1008);
    assert.equal(topLeft.y, (716 - 300) / 2, 'centred vertically');
    assert.ok(bottomRight.y <= 716);
  });

  test('fit to view shrinks a tall picture by its height, and never enlarges a small one', () => {
    const tall = fitToView({ width: 400, height: 4000 }, { width: 800, height: 416 });
    assert.equal(tall.scale, 0.1);
    assert.ok(onScreen(tall, 0, 4000).y <= 416);
    const small = fitToView({ width: 300, height: 200 }, { width: 1200, height: 800 });
    assert.equal(small.scale, 1);
    assert.deepEqual(onScreen(small, 150, 100), { x: 600, y: 400 }, 'the centre of the picture is the centre of the panel');
  });

  test('a picture too big even at the smallest zoom starts at the top left', () => {
    const view = fitToView({ width: 30000, height: 20000 }, { width: 800, height: 600 });
    assert.equal(view.scale, MIN_SCALE);
    assert.deepEqual(onScreen(view, 0, 0), { x: 8, y: 8 });
  });

  test('the panel is as tall as the fitted picture, so a wide low picture leaves no empty band; a tall one is capped', () => {
    const wide = { width: 2000, height: 400 };
    const height = fittedPanelHeight(wide, 1016, 700);
    assert.equal(height, 216, 'half the width, so half the height, and the margins');
    const view = fitToView(wide, { width: 1016, height });
    assert.equal(view.scale, 0.5);
    assert.deepEqual([onScreen(view, 0, 0).y, onScreen(view, 0, 400).y], [8, 208], 'the picture fills the panel\'s height');
    assert.equal(fittedPanelHeight({ width: 300, height: 5000 }, 1016, 700), 700);
    assert.equal(fittedPanelHeight({ width: 300, height: 200 }, 1016, 700), 216, 'a small picture at its natural size');
  });

  test('zooming keeps the point under the cursor in place and stops at the limits', () => {
    const start: Viewport = { scale: 1, offsetX: 20, offsetY: 30 };
    const cursor = { x: 300, y: 200 };
    const zoomed = zoomAt(start, 2, cursor);
    assert.equal(zoomed.scale, 2);
    const under = { x: (cursor.x - start.offsetX) / start.scale, y: (cursor.y - start.offsetY) / start.scale };
    assert.deepEqual(onScreen(zoomed, under.x, under.y), cursor);
    let view = start;
    for (let step = 0; step < 50; step += 1) view = zoomAt(view, 1.25, cursor);
    assert.equal(view.scale, MAX_SCALE);
    for (let step = 0; step < 100; step += 1) view = zoomAt(view, 0.8, cursor);
    assert.equal(view.scale, MIN_SCALE);
    assert.equal(clampScale(0), MIN_SCALE);
    assert.equal(clampScale(100), MAX_SCALE);
  });

  test('panning moves the picture by screen pixels at any zoom, and the transform says so', () => {
    const view = panBy({ scale: 0.5, offsetX: 10, offsetY: 10 }, 40, -25);
    assert.deepEqual(view, { scale: 0.5, offsetX: 50, offsetY: -15 });
    assert.equal(transformOf(view), 'translate(50 -15) scale(0.5)');
  });

  test('focusing a box out of view pans just enough to show it; one in view does not move', () => {
    const view: Viewport = { scale: 1, offsetX: 0, offsetY: 0 };
    const panel = { width: 800, height: 600 };
    assert.deepEqual(reveal(view, { x: 100, y: 100, width: 200, height: 56 }, panel), view);
    const below = reveal(view, { x: 100, y: 900, width: 200, height: 56 }, panel);
    assert.equal(below.offsetX, 0);
    assert.equal(onScreen(below, 0, 956).y, 592, 'the box ends a margin above the panel\'s bottom');
    const left = reveal({ scale: 2, offsetX: -1000, offsetY: 0 }, { x: 100, y: 10, width: 100, height: 56 }, panel);
    assert.equal(onScreen(left, 100, 0).x, 8, 'the box starts a margin right of the panel\'s left edge');
  });
});
