/** The addresses a tablet on the venue network can open, and a QR code of the first one. */
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';

/** Every non-internal IPv4 address first (what a tablet on the LAN needs), then localhost. */
export function tabletUrls(port: number, listenHost: string): string[] {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return [`http://${listenHost}:${port}/`];
  const lan: string[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) lan.push(`http://${address.address}:${port}/`);
    }
  }
  return [...lan, `http://localhost:${port}/`];
}

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

export function qrTerminal(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'terminal', small: true });
}
