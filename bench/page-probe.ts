/**
 * Instrumentation injected into the tablet page before it loads (page.addInitScript): it watches the
 * WebSocket for meter frames in which one channel turns loud, and after every animation-frame callback
 * reads that channel's meter canvas until the loud bar is on it. Times are epoch ms at sub-ms resolution
 * (performance.timeOrigin + performance.now()), comparable with the bench's own clock. The page's code
 * is not changed: the probe wraps window.WebSocket and requestAnimationFrame.
 *
 * This function is serialised into the page: it must not use anything from its module.
 */
export interface PaintRecord {
  channel: number;
  /** Sequence number of the first frame that carried the loud level to the page. */
  seq: number;
  arrivalMs: number;
  /** The canvas already showed a tall bar when the frame arrived: the trial cannot be judged. */
  armed: boolean;
  /** End of the animation-frame callback after which the canvas showed the loud bar; null if it never did. */
  paintedMs: number | null;
}

export interface PaintProbeResults {
  records: PaintRecord[];
  /** Start of every animation frame the probe saw, epoch ms. */
  frameStarts: number[];
}

export function installPaintProbe(): void {
  const now = () => performance.timeOrigin + performance.now();
  const records: PaintRecord[] = [];
  const frameStarts: number[] = [];
  const pending = new Map<number, PaintRecord>();
  // The meter zone colours (meter-paint.ts): a channel's bar is drawn in these.
  const zoneColours = [[35, 152, 90], [61, 220, 132], [255, 176, 32], [255, 59, 63]];
  const LIT_FRACTION = 0.5;
  const GIVE_UP_MS = 2000;
  // These mirror x32-markers.ts (HOT_DBFS -3 is above LOUD_DBFS; the sequence rides on channel 32 from -10 dBFS down).
  const LOUD_DBFS = -10;
  const SEQUENCE_INDEX = 31;

  /** Share of the meter's middle column drawn in a zone colour (in the page's one meter canvas): the height of the bar, roughly. */
  const litFraction = (channel: number): number => {
    const slot = document.querySelector(`[data-testid="meter-${channel}"]`);
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.meter-surface');
    const ctx = canvas?.getContext('2d');
    if (!slot || !canvas || !ctx || canvas.width <= 1 || canvas.height <= 1) return 1;
    const area = canvas.getBoundingClientRect();
    const box = slot.getBoundingClientRect();
    const ratio = canvas.width / Math.max(1, area.width);
    const x = Math.round((box.left + box.width / 2 - area.left) * ratio);
    const y = Math.max(0, Math.round((box.top - area.top) * ratio));
    const height = Math.min(canvas.height - y, Math.round(box.height * ratio));
    if (x < 0 || x >= canvas.width || height <= 0) return 1;
    const column = ctx.getImageData(x, y, 1, height).data;
    let lit = 0;
    for (let i = 0; i < column.length; i += 4) {
      for (const [r, g, b] of zoneColours) {
        if (Math.abs(column[i]! - r!) <= 6 && Math.abs(column[i + 1]! - g!) <= 6 && Math.abs(column[i + 2]! - b!) <= 6) {
          lit++;
          break;
        }
      }
    }
    return lit / height;
  };

  // The binary meter frames (server/hub/meter-binary.ts): a 12-byte header with the layout id at byte 2,
  // then values in the order of the layout the bridge announced as JSON (inputs: Int16 LE in 0.1 dB).
  type Segment = { area: string; first: number; count: number; areaLength: number; encoding: 'i16' | 'u8' };
  let layout: { id: number; segments: Segment[] } | null = null;
  const SILENCE = -32768;
  const inputLevels = (bytes: ArrayBuffer): (number | null)[] | null => {
    if (layout === null || bytes.byteLength < 12) return null;
    const view = new DataView(bytes);
    if (view.getUint16(2, true) !== layout.id) return null;
    let offset = 12;
    for (const segment of layout.segments) {
      if (segment.area === 'channelInputDbfs') {
        const levels: (number | null)[] = new Array(segment.areaLength).fill(null);
        for (let i = 0; i < segment.count; i++) {
          const raw = view.getInt16(offset + i * 2, true);
          levels[segment.first + i] = raw === SILENCE ? null : raw / 10;
        }
        return levels;
      }
      offset += segment.count * (segment.encoding === 'i16' ? 2 : 1);
    }
    return null;
  };

  const onMessage = (event: MessageEvent): void => {
    const arrivalMs = now();
    let levels: (number | null)[] | null = null;
    if (event.data instanceof ArrayBuffer) {
      levels = inputLevels(event.data);
    } else if (typeof event.data === 'string' && event.data.startsWith('{"type":"meter-layout"')) {
      layout = (JSON.parse(event.data) as { layout: typeof layout }).layout;
    } else if (typeof event.data === 'string' && event.data.startsWith('{"type":"snapshot"')) {
      layout = (JSON.parse(event.data) as { meterLayout: typeof layout }).meterLayout ?? layout;
    } else if (typeof event.data === 'string' && event.data.startsWith('{"type":"meters"')) {
      levels = (JSON.parse(event.data) as { frame: { channelInputDbfs: (number | null)[] } }).frame.channelInputDbfs;
    }
    if (levels === null) return;
    const marker = levels[SEQUENCE_INDEX];
    if (typeof marker !== 'number') return;
    const seq = Math.round((-10 - marker) * 10);
    for (let i = 0; i < SEQUENCE_INDEX; i++) {
      const level = levels[i];
      const channel = i + 1;
      if (typeof level === 'number' && level > LOUD_DBFS && !pending.has(channel)) {
        pending.set(channel, { channel, seq, arrivalMs, armed: litFraction(channel) < LIT_FRACTION, paintedMs: null });
      }
    }
  };

  const NativeSocket = window.WebSocket;
  class ProbedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', onMessage);
    }
  }
  window.WebSocket = ProbedSocket;

  const afterFrame = (): void => {
    const at = now();
    for (const [channel, record] of pending) {
      if (litFraction(channel) >= LIT_FRACTION) {
        record.paintedMs = now();
      } else if (at - record.arrivalMs < GIVE_UP_MS) {
        continue;
      }
      records.push(record);
      pending.delete(channel);
    }
  };
  const nativeFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
    nativeFrame((time) => {
      callback(time);
      afterFrame();
    });
  const watchFrames = (): void => {
    frameStarts.push(now());
    nativeFrame(watchFrames);
  };
  nativeFrame(watchFrames);

  (window as unknown as { __paintProbe: PaintProbeResults }).__paintProbe = { records, frameStarts };
}
