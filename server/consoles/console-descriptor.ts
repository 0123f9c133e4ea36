/**
 * What the bridge needs to know about one kind of console to offer it on the command line and build it.
 * Each console folder exports one descriptor; ./registry.ts lists them, and the CLI's choices, defaults,
 * checks and help, and the ConsoleKind type, all derive from that list.
 */
import type { BridgeCliOptions } from '../cli/options';
import type { Logger } from '../logger';
import type { Console } from './console';

export interface ConsoleDescriptor {
  /** For --help: the desks this covers, e.g. "Behringer WING, WING Compact, WING Rack". */
  label: string;
  /** For --help: how the bridge talks to it, with its ports, e.g. "OSC over UDP 2223, meters over TCP 2222". */
  transport: string;
  /** The --console-port used when none is given; null: the adapter or its map decides, or there is none. */
  defaultPort: number | null;
  /** Whether --host is required (it may depend on the transport chosen). */
  needsHost(options: Pick<BridgeCliOptions, 'midiTransport'>): boolean;
  /** For --help, when --host may be left out of a networked console: how the desk is found instead. */
  findsHost?: string;
  /** Shipped mapping files (names for --map); absent when the console takes no map. */
  maps?: readonly string[];
  /** Model families for --model, which is then required; absent when the console takes no model. */
  models?: readonly string[];
  /** Builds the adapter. Nothing may be sent before start(). Rejects with the adapter's own error. */
  create(options: BridgeCliOptions, logger: Logger): Console | Promise<Console>;
}
