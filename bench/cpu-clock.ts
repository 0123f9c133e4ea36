/**
 * Wall and CPU time of a piece of work. On a shared machine the wall time includes time spent waiting for
 * a core; the process's CPU time (user + system, every thread: includes V8's GC helpers) does not, so the
 * bench reports both and judges cost by CPU time.
 */
export interface Cost {
  wallMs: number;
  cpuMs: number;
}

export function measure(work: () => void): Cost {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  work();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** CPU time of the process since `before` (a process.cpuUsage() reading), ms. */
export function cpuMsSince(before: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}
