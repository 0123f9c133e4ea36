/**
 * One requestAnimationFrame loop that draws every meter on the page into ONE canvas laid over the page
 * (the surface). A meter is an ordinary element that holds the place (a "slot"); the loop paints each meter
 * into the surface at the slot's spot, clipped to the slot's scroll containers. One canvas is one compositor
 * layer: a hundred meter canvases cost the browser a layer each per frame (about 3 ms of a throttled
 * tablet's 16 ms), the surface costs one. The surface covers only the area the visible slots span, so the
 * browser copies no more pixels per frame than the meters need.
 *
 * Where the slots are is read only after something may have moved them (a DOM change, a scroll, a resize:
 * see `watchLayout`), not on every frame. Each slot keeps a pre-rendered background (scale, marks); only the
 * moving parts are drawn per frame, and a slot whose moving parts land on the same pixels as last frame is
 * not touched at all. When a slot moved, the whole surface is redrawn.
 */
import type { Attachment } from 'svelte/attachments';

/** Draws one meter. Sizes are CSS pixels; the loop has already scaled the context for the pixel ratio. */
export interface MeterPainter {
  /** Everything besides the size that the background depends on (e.g. "stale"); a change repaints it. */
  backgroundKey(): string;
  paintBackground(ctx: CanvasRenderingContext2D, width: number, height: number): void;
  /** A summary of what paint() would draw now (pixel positions, lights); unchanged means nothing to redraw. */
  frameKey(width: number, height: number, nowMs: number): string;
  paint(ctx: CanvasRenderingContext2D, width: number, height: number, nowMs: number): void;
}

/** A rectangle in CSS px, relative to the viewport. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MeterLoopDeps {
  requestFrame(run: (timeMs: number) => void): number;
  cancelFrame(id: number): void;
  pixelRatio(): number;
  createCanvas(): HTMLCanvasElement;
  /** The element's border box relative to the viewport, CSS px (getBoundingClientRect). */
  measure(element: Element): Box;
  /** Size of the viewport, CSS px: the surface covers it. */
  viewport(): { width: number; height: number };
  /** The ancestors that clip the element's content (scroll containers), nearest first. */
  clipsOf(element: Element): Element[];
  /** Calls `onChange` whenever the page's layout may have changed (DOM changes, scrolling, resizing); returns a stop function. */
  watchLayout(onChange: () => void): () => void;
  /** Places the surface canvas at `box` (viewport CSS px) with that size. */
  placeSurface(canvas: HTMLCanvasElement, box: Box): void;
}

interface Slot {
  element: Element;
  painter: MeterPainter;
  clips: Element[];
  /** Where the meter was drawn last, snapped to device pixels; null before the first frame. */
  box: Box | null;
  /** The part of `box` inside every clip. */
  visible: Box | null;
  background: HTMLCanvasElement;
  backgroundKey: string | null;
  /** frameKey of what the surface shows for this slot; null forces a redraw. */
  frameKey: string | null;
}

const EMPTY: Box = { x: 0, y: 0, width: 0, height: 0 };

export class MeterLoop {
  readonly #deps: MeterLoopDeps;
  readonly #slots = new Set<Slot>();
  #surface: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null = null;
  #frameId: number | null = null;
  #redrawAll = true;
  #layoutDirty = true;
  #ratio = 0;
  /** Where the surface is, viewport CSS px (snapped to device pixels). */
  #area: Box = EMPTY;
  #stopWatching: (() => void) | null = null;
  #viewportKey = '';

  constructor(deps: MeterLoopDeps) {
    this.#deps = deps;
  }

  /** Number of meters being drawn. */
  get size(): number {
    return this.#slots.size;
  }

  /** Draws every meter into `canvas` (laid over the viewport by CSS) until the returned function is called. */
  attachSurface(canvas: HTMLCanvasElement): () => void {
    const ctx = canvas.getContext('2d');
    if (ctx === null) return () => {};
    this.#surface = { canvas, ctx };
    this.#area = EMPTY;
    this.#redrawAll = true;
    this.#layoutDirty = true;
    this.#stopWatching = this.#deps.watchLayout(() => {
      this.#layoutDirty = true;
    });
    this.#schedule();
    return () => {
      if (this.#surface?.canvas !== canvas) return;
      this.#surface = null;
      this.#stopWatching?.();
      this.#stopWatching = null;
    };
  }

  /** Draws `painter` where `element` is, on every frame, until the returned function is called. */
  attach(element: Element, painter: MeterPainter): () => void {
    const slot: Slot = {
      element,
      painter,
      clips: this.#deps.clipsOf(element),
      box: null,
      visible: null,
      background: this.#deps.createCanvas(),
      backgroundKey: null,
      frameKey: null,
    };
    this.#slots.add(slot);
    this.#layoutDirty = true;
    this.#schedule();
    return () => {
      this.#slots.delete(slot);
      // Its pixels must go: redraw once more even when nothing else is left.
      this.#layoutDirty = true;
      this.#redrawAll = true;
      this.#schedule();
    };
  }

  /** The same as attach, as a Svelte attachment: `<div class="meter" {@attach loop.attachment(painter)}>`. */
  attachment(painter: MeterPainter): Attachment<HTMLElement> {
    return (element) => this.attach(element, painter);
  }

  /** The surface as a Svelte attachment: `<canvas {@attach loop.surfaceAttachment}>`. */
  readonly surfaceAttachment: Attachment<HTMLCanvasElement> = (canvas) => this.attachSurface(canvas);

  #schedule(): void {
    if (this.#frameId === null) this.#frameId = this.#deps.requestFrame((timeMs) => this.#draw(timeMs));
  }

  #draw(nowMs: number): void {
    this.#frameId = null;
    const surface = this.#surface;
    if (surface === null) return;
    const ratio = this.#deps.pixelRatio();
    if (ratio !== this.#ratio) {
      this.#ratio = ratio;
      this.#layoutDirty = true;
      for (const slot of this.#slots) slot.backgroundKey = null;
    }
    if (this.#layoutDirty) this.#measure(surface.canvas, ratio);
    const changed: Slot[] = [];
    for (const slot of this.#slots) {
      const box = slot.box ?? EMPTY;
      const visible = slot.visible ?? EMPTY;
      if (visible.width <= 0 || visible.height <= 0) continue;
      const backgroundKey = slot.painter.backgroundKey();
      if (backgroundKey !== slot.backgroundKey) this.#paintBackground(slot, backgroundKey, ratio);
      const frameKey = slot.painter.frameKey(box.width, box.height, nowMs);
      if (frameKey !== slot.frameKey) {
        slot.frameKey = frameKey;
        changed.push(slot);
      }
    }
    const { ctx } = surface;
    if (this.#redrawAll) {
      this.#redrawAll = false;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, surface.canvas.width, surface.canvas.height);
      for (const slot of this.#slots) this.#paintSlot(ctx, slot, ratio, nowMs);
    } else {
      for (const slot of changed) this.#paintSlot(ctx, slot, ratio, nowMs);
    }
    if (this.#slots.size > 0) this.#schedule();
  }

  /** Reads where every slot is; moves and resizes the surface to the area they span. */
  #measure(canvas: HTMLCanvasElement, ratio: number): void {
    this.#layoutDirty = false;
    const viewport = this.#deps.viewport();
    const viewportKey = `${viewport.width}x${viewport.height}`;
    if (viewportKey !== this.#viewportKey) {
      this.#viewportKey = viewportKey;
      // Media queries may have changed which ancestors scroll.
      for (const slot of this.#slots) slot.clips = this.#deps.clipsOf(slot.element);
    }
    const screen: Box = { x: 0, y: 0, width: viewport.width, height: viewport.height };
    const clipBoxes = new Map<Element, Box>();
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const slot of this.#slots) {
      const box = snap(this.#deps.measure(slot.element), ratio);
      let visible = intersect(box, screen);
      for (const clip of slot.clips) {
        let clipBox = clipBoxes.get(clip);
        if (clipBox === undefined) clipBoxes.set(clip, (clipBox = this.#deps.measure(clip)));
        visible = intersect(visible, clipBox);
      }
      if (!sameBox(box, slot.box) || !sameBox(visible, slot.visible)) this.#redrawAll = true;
      if (slot.box === null || slot.box.width !== box.width || slot.box.height !== box.height || slot.background.width === 0) {
        slot.background.width = Math.max(1, Math.round(box.width * ratio));
        slot.background.height = Math.max(1, Math.round(box.height * ratio));
        slot.backgroundKey = null;
      }
      slot.box = box;
      slot.visible = visible;
      if (visible.width <= 0 || visible.height <= 0) continue;
      left = Math.min(left, visible.x);
      top = Math.min(top, visible.y);
      right = Math.max(right, visible.x + visible.width);
      bottom = Math.max(bottom, visible.y + visible.height);
    }
    const area = right > left ? snap({ x: left, y: top, width: right - left, height: bottom - top }, ratio) : EMPTY;
    if (!sameBox(area, this.#area)) {
      this.#area = area;
      canvas.width = Math.max(1, Math.round(area.width * ratio));
      canvas.height = Math.max(1, Math.round(area.height * ratio));
      this.#deps.placeSurface(canvas, area);
      this.#redrawAll = true;
    }
  }

  #paintSlot(ctx: CanvasRenderingContext2D, slot: Slot, ratio: number, nowMs: number): void {
    const box = slot.box ?? EMPTY;
    const visible = slot.visible ?? EMPTY;
    if (visible.width <= 0 || visible.height <= 0) return;
    // Device pixels within the surface, which starts at the area's corner.
    const px = (css: number, origin: number) => Math.round((css - origin) * ratio);
    const clipX = px(visible.x, this.#area.x);
    const clipY = px(visible.y, this.#area.y);
    const clipWidth = Math.round(visible.width * ratio);
    const clipHeight = Math.round(visible.height * ratio);
    const x = px(box.x, this.#area.x);
    const y = px(box.y, this.#area.y);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.beginPath();
    ctx.rect(clipX, clipY, clipWidth, clipHeight);
    ctx.clip();
    ctx.clearRect(clipX, clipY, clipWidth, clipHeight);
    ctx.drawImage(slot.background, x, y);
    ctx.setTransform(ratio, 0, 0, ratio, x, y);
    slot.painter.paint(ctx, box.width, box.height, nowMs);
    ctx.restore();
  }

  #paintBackground(slot: Slot, key: string, ratio: number): void {
    const ctx = slot.background.getContext('2d');
    if (ctx === null) return;
    const box = slot.box ?? EMPTY;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, box.width, box.height);
    slot.painter.paintBackground(ctx, box.width, box.height);
    slot.backgroundKey = key;
    slot.frameKey = null;
  }
}

/** A box snapped to whole device pixels (sharp lines, and the same box every frame for the same layout). */
export function snap(box: Box, ratio: number): Box {
  const x = Math.round(box.x * ratio) / ratio;
  const y = Math.round(box.y * ratio) / ratio;
  return { x, y, width: Math.round(box.width * ratio) / ratio, height: Math.round(box.height * ratio) / ratio };
}

/** The overlap of two boxes; zero-sized when they do not overlap. */
export function intersect(a: Box, b: Box): Box {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

function sameBox(a: Box, b: Box | null): boolean {
  return b !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
