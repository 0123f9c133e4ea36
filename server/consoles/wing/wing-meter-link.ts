/**
 * The WING's meter stream: a TCP connection to the native port asks for the meters and names a UDP port;
 * the desk streams datagrams there until a renewal lapses. One link per session: aborting `signal` closes
 * both sockets and the renewal timer.
 */
import dgram from 'node:dgram';
import type { MeterFrame } from '../../model/meter-frame';
import { connectTcp } from '../tcp-connection';
import { decodeMeterPacket, encodeMeterRenewal, encodeMeterRequest } from './native-meters';
import { WING_METER_SELECTION, wingMeterFrame } from './wing-meter-frame';

export interface WingMeterLinkOptions {
  /** Desk IPv4 address (already resolved). */
  address: string;
  /** The desk's native TCP port (2222 on a WING). */
  nativePort: number;
  /** Report id that marks our datagrams. */
  reportId: number;
  /** Period of the renewal; the desk drops a stream after about 5 s without one. */
  renewMs: number;
  onFrame(frame: MeterFrame): void;
  /** A datagram that was not a valid meter packet for this request (counted and logged by the caller). */
  onMalformed(reason: string): void;
  /** The TCP link failed or closed; meters stop until the next session. */
  onLinkError(error: Error): void;
}

/** A desk whose native port neither answers nor refuses is given up after this, ms (the session retries). */
const NATIVE_CONNECT_TIMEOUT_MS = 3000;

/** Opens the link; resolves once the request is sent. Rejects when the desk's native port cannot be reached. */
export async function openWingMeterLink(options: WingMeterLinkOptions, signal: AbortSignal): Promise<void> {
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  udp.on('error', (error) => options.onLinkError(error));
  udp.on('message', (bytes, from) => {
    if (from.address !== options.address) return options.onMalformed(`meter datagram from a stranger ${from.address}`);
    const decoded = decodeMeterPacket(bytes);
    if (!decoded.ok) return options.onMalformed(decoded.reason);
    if (decoded.reportId !== options.reportId) return options.onMalformed(`meter datagram for report ${decoded.reportId}`);
    const frame = wingMeterFrame(decoded.valuesDb, Date.now());
    if (!frame) return options.onMalformed(`meter datagram with ${decoded.valuesDb.length} values`);
    options.onFrame(frame);
  });

  const tcp = connectTcp({
    host: options.address,
    port: options.nativePort,
    connectTimeoutMs: NATIVE_CONNECT_TIMEOUT_MS,
    error: (message) => new Error(message),
    connectHint: (reason) => `cannot reach the WING's native port ${options.address}:${options.nativePort} for meters (${reason})`,
    // Values arrive over UDP; whatever the desk sends on the control channel is not needed here.
    onData: () => undefined,
    onLost: (reason) => options.onLinkError(new Error(`the WING's native connection ended (${reason})`)),
  });
  try {
    await tcp.opened;
  } catch (error) {
    udp.close();
    throw error;
  }
  tcp.write(encodeMeterRequest(udp.address().port, options.reportId, WING_METER_SELECTION));
  const timer = setInterval(() => tcp.write(encodeMeterRenewal(options.reportId)), options.renewMs);

  const close = (): void => {
    clearInterval(timer);
    tcp.close();
    udp.close();
  };
  if (signal.aborted) close();
  else signal.addEventListener('abort', close, { once: true });
}
