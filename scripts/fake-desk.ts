/**
 * Runs a fake X32 or X-Air on 127.0.0.1 (the same fakes the tests use: real OSC over UDP, meters that follow
 * the gains), so `npm start -- --console x32 --host 127.0.0.1 --console-port PORT` can be tried without a desk.
 *
 *   npx tsx scripts/fake-desk.ts x32 [port]     npx tsx scripts/fake-desk.ts xair [port]
 */
import { startFakeX32 } from '../test/fakes/fake-x32';
import { startFakeXAir } from '../test/fakes/fake-xair';

const [kind = 'x32', portText = '0'] = process.argv.slice(2);
if ((kind !== 'x32' && kind !== 'xair') || !/^\d+$/.test(portText)) {
  process.stderr.write('usage: npx tsx scripts/fake-desk.ts x32|xair [port]\n');
  process.exit(2);
}
const desk = await (kind === 'x32' ? startFakeX32 : startFakeXAir)({ port: Number(portText) });
process.stdout.write(`fake ${kind} listening on udp://127.0.0.1:${desk.port}\n`);
process.stdout.write(`try: npm start -- --console ${kind} --host 127.0.0.1 --console-port ${desk.port}\n`);
process.once('SIGINT', () => void desk.stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void desk.stop().then(() => process.exit(0)));
