import { describe, expect, test } from 'vitest';
import { intersect, MeterLoop, snap, type Box, type MeterLoopDeps, type MeterPainter } from '../../../ui/src/lib/meter-loop';

/** A 2D context that records what was drawn where (only the calls the loop and these painters make). */
function fakeCanvas(log: string[], name: string) {
  const ctx = {
    setTransform: () => undefined,
    clearRect: () => undefined,
    save: () => undefined,
    restore: () => undefined,
    beginPath: () => undefined,
    rect: (x: number, y: number, w: number, h: number) => log.push(`${name} clip ${x},${y} ${w}x${h}`),
    clip: () => undefined,
    drawImage: () => undefined,
    fillRect: () => undefined,
  };
  return { width: 0, height: 0, style: {}, getContext: () => ctx } as unknown as HTMLCanvasElement;
}

function painter(name: string, log: string[], key: { value: string }): MeterPainter {
  return {
    backgroundKey: () => 'live',
    paintBackground: () => log.push(`${name} background`),
    frameKey: () => key.value,
    paint: (_ctx, width, height) => log.push(`${name} paint ${width}x${height}`),
  };
}

function harness(boxes: Map<object, Box>) {
  const log: string[] = [];
  const frames: ((timeMs: number) => void)[] = [];
  let layoutChanged = () => undefined as void;
  let measured = 0;
  const deps: MeterLoopDeps = {
    requestFrame: (run) => frames.push(run),
    cancelFrame: () => undefined,
    pixelRatio: () => 1,
    createCanvas: () => fakeCanvas(log, 'background'),
    measure: (element) => {
      measured++;
      return boxes.get(element) ?? { x: 0, y: 0, width: 0, height: 0 };
    },
    viewport: () => ({ width: 1000, height: 800 }),
    clipsOf: () => [],
    watchLayout: (onChange) => {
      layoutChanged = onChange;
      return () => undefined;
    },
    placeSurface: (_canvas, box) => log.push(`surface at ${box.x},${box.y} ${box.width}x${box.height}`),
  };
  const loop = new MeterLoop(deps);
  const runFrame = (timeMs: number) => frames.splice(0).forEach((run) => run(timeMs));
  return { log, loop, runFrame, layoutChanged: () => layoutChanged(), measured: () => measured };
}

describe('MeterLoop: every meter in one surface', () => {
  test('the surface spans the meters; a meter is repainted only when its picture changes', () => {
    const a = {} as Element;
    const b = {} as Element;
    const boxes = new Map<object, Box>([[a, { x: 10, y: 20, width: 40, height: 100 }], [b, { x: 60, y: 20, width: 40, height: 100 }]]);
    const { log, loop, runFrame } = harness(boxes);
    const surfaceLog: string[] = [];
    loop.attachSurface(fakeCanvas(surfaceLog, 'surface'));
    const keyA = { value: 'a1' };
    const keyB = { value: 'b1' };
    loop.attach(a, painter('A', log, keyA));
    loop.attach(b, painter('B', log, keyB));
    runFrame(0);
    expect(log).toEqual(expect.arrayContaining(['surface at 10,20 90x100', 'A paint 40x100', 'B paint 40x100']));
    // Slots are drawn relative to the surface's corner.
    expect(surfaceLog).toEqual(['surface clip 0,0 40x100', 'surface clip 50,0 40x100']);

    log.length = 0;
    surfaceLog.length = 0;
    runFrame(16);
    expect(log).toEqual([]);

    keyB.value = 'b2';
    runFrame(33);
    expect(log).toEqual(['B paint 40x100']);
    expect(surfaceLog).toEqual(['surface clip 50,0 40x100']);
  });

  test('positions are read again only after the layout may have changed', () => {
    const a = {} as Element;
    const boxes = new Map<object, Box>([[a, { x: 0, y: 0, width: 40, height: 100 }]]);
    const { log, loop, runFrame, layoutChanged, measured } = harness(boxes);
    loop.attachSurface(fakeCanvas([], 'surface'));
    loop.attach(a, painter('A', log, { value: 'a' }));
    runFrame(0);
    const afterFirst = measured();
    runFrame(16);
    runFrame(33);
    expect(measured()).toBe(afterFirst);

    boxes.set(a, { x: 0, y: -30, width: 40, height: 100 });
    layoutChanged();
    log.length = 0;
    runFrame(50);
    expect(measured()).toBe(afterFirst + 1);
    // Scrolled: the part above the screen is cut off, and the meter is drawn again at its new place.
    expect(log).toEqual(['surface at 0,0 40x70', 'A paint 40x100']);
  });
});

describe('boxes', () => {
  test('snap rounds to device pixels; intersect is empty for boxes apart', () => {
    expect(snap({ x: 10.3, y: 5.26, width: 40.5, height: 99.9 }, 2)).toEqual({ x: 10.5, y: 5.5, width: 40.5, height: 100 });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 }).width).toBe(0);
  });
});
