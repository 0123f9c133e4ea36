/**
 * Which meter points a tablet receives, in which order: the layout of its binary frames, from its view
 * (protocol.ts MeterView) and the shape of the console's frames. Layouts are numbered once per bridge, so
 * every tablet with the same view shares one layout id and one encoded frame.
 */
import type { MeterFrame } from '../model/meter-frame';
import type { MeterArea, MeterEncoding, MeterLayout, MeterLayoutSegment, MeterView } from './protocol';

const ALL_AREAS: readonly MeterArea[] = [
  'channelInputDbfs', 'channelGateGrDb', 'channelDynGrDb', 'channelPostFaderDbfs', 'busDbfs', 'matrixDbfs', 'mainDbfs',
];
/** What the overview draws: each strip's input meter with its gate and compressor reduction, the buses and the main. */
const OVERVIEW_AREAS: readonly MeterArea[] = ['channelInputDbfs', 'channelGateGrDb', 'channelDynGrDb', 'busDbfs', 'mainDbfs'];
const REDUCTION_AREAS: ReadonlySet<MeterArea> = new Set<MeterArea>(['channelGateGrDb', 'channelDynGrDb']);
const CHANNEL_AREAS: readonly MeterArea[] = ['channelInputDbfs', 'channelGateGrDb', 'channelDynGrDb', 'channelPostFaderDbfs'];

/** Layout ids are 16-bit in the frame header. */
const MAX_LAYOUT_ID = 0xffff;

/** The segments a view takes from a frame of this shape; areas the console does not meter are left out. */
export function layoutSegments(view: MeterView, frame: MeterFrame): MeterLayoutSegment[] {
  // The overview draws gain reduction as bars only: half a dB a byte is plenty there; figures elsewhere get 0.1 dB.
  const encodingOf = (area: MeterArea): MeterEncoding => (view.kind === 'overview' && REDUCTION_AREAS.has(area) ? 'u8' : 'i16');
  const whole = (area: MeterArea): MeterLayoutSegment[] => {
    const length = frame[area].length;
    return length === 0 ? [] : [{ area, first: 0, count: length, areaLength: length, encoding: encodingOf(area) }];
  };
  const one = (area: MeterArea, index: number): MeterLayoutSegment[] => {
    const length = frame[area].length;
    return index >= 0 && index < length ? [{ area, first: index, count: 1, areaLength: length, encoding: encodingOf(area) }] : [];
  };
  switch (view.kind) {
    case 'all': return ALL_AREAS.flatMap(whole);
    case 'overview': return OVERVIEW_AREAS.flatMap(whole);
    case 'channel': return [...CHANNEL_AREAS.flatMap((area) => one(area, view.channel - 1)), ...whole('busDbfs'), ...whole('mainDbfs')];
    case 'mix': return view.bus === null ? whole('mainDbfs') : one('busDbfs', view.bus - 1);
  }
}

/** A key for the frame's shape: a layout stays valid while the shape does. */
export function frameShape(frame: MeterFrame): string {
  // Spelled out rather than mapped over ALL_AREAS and joined: it runs once per frame on the way to the first
  // tablet, and the map and join cost ~8 µs more on a packet 50 ms cold (measured in bench/, wifi).
  const f = frame;
  return `${f.channelInputDbfs.length},${f.channelGateGrDb.length},${f.channelDynGrDb.length},${f.channelPostFaderDbfs.length},${f.busDbfs.length},${f.matrixDbfs.length},${f.mainDbfs.length}`;
}

/** Hands out one id per distinct layout, for the life of the bridge. */
export class MeterLayouts {
  readonly #ids = new Map<string, number>();

  layoutFor(view: MeterView, frame: MeterFrame): MeterLayout {
    const segments = layoutSegments(view, frame);
    const key = JSON.stringify(segments);
    let id = this.#ids.get(key);
    if (id === undefined) {
      // Views x desk shapes are a handful; should a bridge ever see 65535 of them, ids start again.
      id = (this.#ids.size % MAX_LAYOUT_ID) + 1;
      this.#ids.set(key, id);
    }
    return { id, segments };
  }
}
