/**
 * Headless Debian chromium for the browser tests, driven by playwright-core (no downloaded browser).
 * Each launch gets a fresh profile directory, removed on close.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Without the networking flags chromium keeps probing a network these machines do not have. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The tablet the UI is designed for first: a 10" screen in landscape. */
export const TABLET_VIEWPORT = { width: 1280, height: 800 } as const;

/** Longest any single wait in a browser test may take, ms (machines are shared and slow; this is not a timing assertion). */
export const WAIT_MS = 15_000;

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab that records uncaught page errors into `pageErrors`. */
  newPage(): Promise<Page>;
  /** Uncaught exceptions in any page of this browser, as messages. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport: { width: number; height: number } = TABLET_VIEWPORT): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'headroom-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
  });
  context.setDefaultTimeout(WAIT_MS);
  const pageErrors: string[] = [];
  return {
    context,
    pageErrors,
    newPage: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
