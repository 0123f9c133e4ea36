/** One JSON file per bench section in bench/results/, overwritten by each run, with the machine and load noted. */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './machine';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface SectionFile<T> {
  section: string;
  machine: MachineInfo;
  /** 1-minute load average before and after the section ran (2 cores: anything above 2 means waiting). */
  loadAverage: { before: number; after: number };
  durationSeconds: number;
  results: T;
}

/** Runs one section and writes bench/results/<section>.json; returns what was written. */
export async function runSection<T>(section: string, machine: MachineInfo, run: () => Promise<T>): Promise<SectionFile<T>> {
  const before = os.loadavg()[0]!;
  const startMs = performance.now();
  const results = await run();
  const file: SectionFile<T> = {
    section,
    machine,
    loadAverage: { before: Math.round(before * 100) / 100, after: Math.round(os.loadavg()[0]! * 100) / 100 },
    durationSeconds: Math.round((performance.now() - startMs) / 100) / 10,
    results,
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(`${RESULTS_DIR}${section}.json`, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
