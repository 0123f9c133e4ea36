import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { BridgeConnection, type Clock } from './lib/bridge-connection.svelte';
import { DeskJournal } from './lib/desk-journal.svelte';
import { DeskWrites } from './lib/desk-writes.svelte';
import { LiveMeters } from './lib/live-meters.svelte';
import { MeterLoop } from './lib/meter-loop';
import { followMeterView } from './lib/meter-view-follow.svelte';
import { Router } from './lib/router.svelte';
import { ReadoutChoice } from './lib/readout-choice.svelte';
import { Soundcheck } from './lib/soundcheck.svelte';
import { StageBox } from './lib/stage-box.svelte';
import { Venues } from './lib/venues.svelte';

/** Text readouts and the level ladder refresh at most this often, ms. */
const READOUT_INTERVAL_MS = 250;
/** Where this tablet keeps its engineer token between reloads. */
const TOKEN_KEY = 'headroom.engineerToken';
/** Where this tablet keeps its choice of big number (held peak or average). */
const READOUT_KEY = 'headroom.readout';

const meters = new LiveMeters(READOUT_INTERVAL_MS);
const clock: Clock = {
  nowMs: () => performance.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};
const connection = new BridgeConnection({
  socketUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  openSocket: (url) => new WebSocket(url),
  meters,
  engineerToken: {
    load: () => localStorage.getItem(TOKEN_KEY),
    save: (token) => (token === null ? localStorage.removeItem(TOKEN_KEY) : localStorage.setItem(TOKEN_KEY, token)),
  },
  clock,
});
const journal = new DeskJournal(connection, clock);
const writes = new DeskWrites(connection, clock);
const soundcheck = new Soundcheck(connection, clock);
const venues = new Venues(connection, clock);
const http = (path: string, init?: RequestInit) => fetch(path, { cache: 'no-store', ...init });
const stageBox = new StageBox({ http, token: () => connection.engineerToken, notify: (tone, text) => connection.notify(tone, text) });
for (const sink of [journal, writes, soundcheck, venues, stageBox]) connection.attach(sink);
const loop = new MeterLoop({
  requestFrame: (run) => requestAnimationFrame(run),
  cancelFrame: (id) => cancelAnimationFrame(id),
  pixelRatio: () => window.devicePixelRatio || 1,
  createCanvas: () => document.createElement('canvas'),
  measure: (element) => {
    const box = element.getBoundingClientRect();
    return { x: box.left, y: box.top, width: box.width, height: box.height };
  },
  viewport: () => ({ width: document.documentElement.clientWidth, height: document.documentElement.clientHeight }),
  clipsOf: (element) => {
    const clips: Element[] = [];
    for (let at = element.parentElement; at !== null && at !== document.body; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clips.push(at);
    }
    return clips;
  },
  watchLayout: (onChange) => {
    const mutations = new MutationObserver(onChange);
    // Not every attribute: readouts rewrite their data-value and aria-label a few times a second without moving.
    mutations.observe(document.body, { subtree: true, childList: true, characterData: true, attributeFilter: ['class', 'style', 'open', 'hidden'] });
    const sizes = new ResizeObserver(onChange);
    sizes.observe(document.documentElement);
    window.addEventListener('scroll', onChange, { capture: true, passive: true });
    window.addEventListener('resize', onChange);
    document.fonts.addEventListener('loadingdone', onChange);
    return () => {
      mutations.disconnect();
      sizes.disconnect();
      window.removeEventListener('scroll', onChange, { capture: true });
      window.removeEventListener('resize', onChange);
      document.fonts.removeEventListener('loadingdone', onChange);
    };
  },
  placeSurface: (canvas, box) => {
    canvas.style.transform = `translate(${box.x}px, ${box.y}px)`;
    canvas.style.width = `${box.width}px`;
    canvas.style.height = `${box.height}px`;
  },
});
const readoutChoice = new ReadoutChoice({ load: () => localStorage.getItem(READOUT_KEY), save: (value) => localStorage.setItem(READOUT_KEY, value) });
const router = new Router({
  get hash() {
    return location.hash;
  },
  assign: (hash) => {
    if (location.hash !== hash) location.hash = hash;
  },
  onHashChange: (listener) => {
    window.addEventListener('hashchange', listener);
    return () => window.removeEventListener('hashchange', listener);
  },
});

router.start();
followMeterView(() => router.route, (view) => connection.setMeterView(view));
connection.start();
// A tablet coming back to the network or waking up should not wait for the next backoff step.
window.addEventListener('online', () => connection.retryNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') connection.retryNow();
});

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
mount(App, {
  target,
  props: { connection, journal, writes, soundcheck, venues, stageBox, meters, loop, readoutChoice, router, http, pageUrl: `${location.origin}/` },
});

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    console.warn('Headroom: the app shell will not work offline:', error);
  });
}
