/**
 * One requestAnimationFrame loop that draws every meter canvas on the page. Sizes come from a
 * ResizeObserver, so a frame never reads layout (no layout thrash); each canvas keeps a pre-rendered
 * background (scale, marks), only the moving parts are drawn per frame, and a canvas whose moving parts
 * land on the same pixels as last frame is not touched at all.
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

export interface MeterLoopDeps {
  requestFrame(run: (timeMs: number) => void): number;
  cancelFrame(id: number): void;
  pixelRatio(): number;
  createCanvas(): HTMLCanvasElement;
  /** Calls `onSize` with the element's content size (CSS px) now and after every change; returns a stop function. */
  observeSize(element: Element, onSize: (width: number, height: number) => void): () => void;
}

interface Entry {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  painter: MeterPainter;
  width: number;
  height: number;
  sizeChanged: boolean;
  pixelRatio: number;
  background: HTMLCanvasElement;
  backgroundKey: string | null;
  /** frameKey of what the canvas shows now; null forces a redraw. */
  frameKey: string | null;
}

export class MeterLoop {
  readonly #deps: MeterLoopDeps;
  readonly #entries = new Set<Entry>();
  #frameId: number | null = null;

  constructor(deps: MeterLoopDeps) {
    this.#deps = deps;
  }

  /** Number of canvases being drawn. */
  get size(): number {
    return this.#entries.size;
  }

  /** Draws `painter` into `canvas` on every frame until the returned function is called. */
  attach(canvas: HTMLCanvasElement, painter: MeterPainter): () => void {
    const ctx = canvas.getContext('2d');
    if (ctx === null) return () => {};
    const entry: Entry = {
      canvas,
      ctx,
      painter,
      width: 0,
      height: 0,
      sizeChanged: false,
      pixelRatio: 0,
      background: this.#deps.createCanvas(),
      backgroundKey: null,
      frameKey: null,
    };
    const stopObserving = this.#deps.observeSize(canvas, (width, height) => {
      entry.width = width;
      entry.height = height;
      entry.sizeChanged = true;
    });
    this.#entries.add(entry);
    this.#schedule();
    return () => {
      stopObserving();
      this.#entries.delete(entry);
      if (this.#entries.size === 0 && this.#frameId !== null) {
        this.#deps.cancelFrame(this.#frameId);
        this.#frameId = null;
      }
    };
  }

  /** The same as attach, as a Svelte attachment: `<canvas {@attach loop.attachment(painter)}>`. */
  attachment(painter: MeterPainter): Attachment<HTMLCanvasElement> {
    return (canvas) => this.attach(canvas, painter);
  }

  #schedule(): void {
    if (this.#frameId === null) this.#frameId = this.#deps.requestFrame((timeMs) => this.#draw(timeMs));
  }

  #draw(nowMs: number): void {
    this.#frameId = null;
    const ratio = this.#deps.pixelRatio();
    for (const entry of this.#entries) {
      if (entry.width <= 0 || entry.height <= 0) continue;
      if (entry.sizeChanged || entry.pixelRatio !== ratio) this.#resize(entry, ratio);
      const key = entry.painter.backgroundKey();
      if (key !== entry.backgroundKey) this.#paintBackground(entry, key);
      const frameKey = entry.painter.frameKey(entry.width, entry.height, nowMs);
      if (frameKey === entry.frameKey) continue;
      entry.frameKey = frameKey;
      const { ctx } = entry;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
      ctx.drawImage(entry.background, 0, 0);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      entry.painter.paint(ctx, entry.width, entry.height, nowMs);
    }
    if (this.#entries.size > 0) this.#schedule();
  }

  #resize(entry: Entry, ratio: number): void {
    const pixelWidth = Math.max(1, Math.round(entry.width * ratio));
    const pixelHeight = Math.max(1, Math.round(entry.height * ratio));
    entry.canvas.width = entry.background.width = pixelWidth;
    entry.canvas.height = entry.background.height = pixelHeight;
    entry.pixelRatio = ratio;
    entry.sizeChanged = false;
    entry.backgroundKey = null;
    entry.frameKey = null;
  }

  #paintBackground(entry: Entry, key: string): void {
    const ctx = entry.background.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(entry.pixelRatio, 0, 0, entry.pixelRatio, 0, 0);
    ctx.clearRect(0, 0, entry.width, entry.height);
    entry.painter.paintBackground(ctx, entry.width, entry.height);
    entry.backgroundKey = key;
    entry.frameKey = null;
  }
}
