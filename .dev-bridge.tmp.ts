// throwaway harness for UI development (not part of the repo; deleted afterwards)
import { Advisor } from './server/advisor/advisor';
import { startBridge } from './server/bridge';
import { SimulatorConsole } from './server/consoles/simulator/simulator-console';
import { suggest } from './server/engine/suggest';
import { RollingMeterStatistics } from './server/meters/rolling-meter-statistics';
import { defaultProfile } from './server/profiles/default-profile';
import { MemoryJournal } from './server/safety/journal';
import { qrSvg } from './server/tablet-urls';

const port = Number(process.argv[2] ?? 18080);
const desk = new SimulatorConsole({ seed: 7, autoRun: true });
const advisor = new Advisor({
  console: desk,
  statistics: new RollingMeterStatistics({ windowsMs: [400, 3000, 8000] }) as never,
  suggest,
  profile: defaultProfile(),
  windowMs: 3000,
  evaluateEveryMs: 500,
  nowMs: () => performance.now(),
  onError: (e) => console.error('engine', e),
});
const log = { info() {}, warn: (o: object, m: string) => console.warn(m, o), error: (o: object, m: string) => console.error(m, o) };
const bridge = await startBridge({
  console: desk, advisor, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6,
  uiDir: '/work/main/dist/ui', httpHost: '127.0.0.1', httpPort: port, meterIntervalMs: 50, logger: log,
  extraApi: (path) => (path === '/urls' ? qrSvg(`http://127.0.0.1:${port}/`).then((svg) => ({ urls: [`http://127.0.0.1:${port}/`], qrSvg: svg })) : undefined),
});
await desk.start(new AbortController().signal);
console.log('dev bridge on', bridge.port);
