/**
 * What tablets get about the desk set and its shared stage box (the `stage-box` message and
 * GET /api/stage-box). Types only: the UI imports them.
 */
import type { ConnectionState } from '../consoles/console';
import type { DeskRole } from './stage-box';

export interface WireDesk {
  id: string;
  name: string;
  role: DeskRole;
  /** The port this desk's tablets connect to (same host), or null before its hub listens. */
  httpPort: number | null;
  state: ConnectionState;
}

export interface WirePreampMember {
  desk: string;
  channel: number;
  /** "Ch 17 Sax" as that desk names it. */
  label: string;
  trimDb: number | null;
  /** Trim range left below and above the trim, dB; null without a trim. */
  trimRoomDb: { down: number; up: number } | null;
}

export interface WireSharedPreamp {
  /** 1-based stage box input. */
  input: number;
  /** The desk whose engineer owns this preamp's gain and 48 V. */
  owner: string;
  gainDb: number | null;
  phantom: boolean | null;
  members: WirePreampMember[];
}

/** One tracked gain change: the preamp move and the trims that answered it, undoable as one action. */
export interface WireTrackedChange {
  id: string;
  atIso: string;
  input: number;
  deltaDb: number;
  /** The desk the gain change is attributed to. */
  mover: string;
  /** 'desk': turned at a desk (seen, then tracked); 'headroom': written through Headroom. */
  how: 'desk' | 'headroom';
  /** Desks whose journals hold a part of it. */
  desks: string[];
  undone: boolean;
}

export type StageWarningKind = 'both-desks' | 'non-owner-gain' | 'non-owner-phantom' | 'phantom-at-desk' | 'untracked' | 'trim-ran-out' | 'trim-running-out' | 'tracking-failed';

export interface WireStageWarning {
  id: string;
  atIso: string;
  kind: StageWarningKind;
  /** The box input it is about, or null. */
  input: number | null;
  text: string;
}

export interface WireStageBox {
  desks: WireDesk[];
  /** Tracking of desk-made gain changes per pair of desks; off by default. */
  pairs: { desks: [string, string]; tracking: boolean }[];
  preamps: WireSharedPreamp[];
  /** Newest last. */
  changes: WireTrackedChange[];
  /** Newest last. */
  warnings: WireStageWarning[];
}
