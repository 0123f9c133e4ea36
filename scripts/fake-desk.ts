/**
 * Runs a fake X32, X-Air, WING or Soundcraft Ui on 127.0.0.1 (the same fakes the tests use: real OSC over UDP,
 * or the Ui's WebSocket; meters that follow the gains), so `npm start -- --console x32 --host 127.0.0.1 --console-port PORT` can be tried
 * without a desk. The fake WING also listens on TCP PORT-1 for meter requests, as a WING does (2223/2222).
 *
 * The fake Yamaha speaks RCP over TCP; its third argument is the model family (tf, dm3, dm7, cl, ql, rivage).
 *
 *   npx tsx scripts/fake-desk.ts x32|xair|wing|soundcraft-ui [port]
 *   npx tsx scripts/fake-desk.ts yamaha [port] [model]
 */
import { FAKE_DESKS } from '../test/fakes/fake-desks';
import { isConsoleKind } from '../server/consoles/registry';

const [kind = 'x32', portText = '0', model = null] = process.argv.slice(2);
const start = isConsoleKind(kind) ? FAKE_DESKS[kind] : undefined;
if (!start || !/^\d+$/.test(portText)) {
  process.stderr.write(`usage: npx tsx scripts/fake-desk.ts ${Object.keys(FAKE_DESKS).join('|')} [port]\n`);
  process.exit(2);
}
const desk = await start({ port: Number(portText), variant: model });
const modelArgs = kind === 'yamaha' ? ` --model ${model ?? 'cl'}` : '';
process.stdout.write(`fake ${kind}${modelArgs} listening on ${kind === 'yamaha' ? 'tcp' : kind === 'soundcraft-ui' ? 'ws' : 'udp'}://127.0.0.1:${desk.port}\n`);
process.stdout.write(`try: npm start -- --console ${kind}${modelArgs} --host 127.0.0.1 --console-port ${desk.port}\n`);
process.once('SIGINT', () => void desk.stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void desk.stop().then(() => process.exit(0)));
