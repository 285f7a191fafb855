/**
 * Holds this thread's event loop busy for `ms`: a stall made on purpose (an in-process app shares the loop;
 * the metrics test and the scenarios use it).
 */
export function busyLoop(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy
  }
}

/**
 * Spends `ms` of this process's CPU time, however long that takes on the wall clock: on a machine
 * shared with other work a wall-clock loop gets only part of a core, so a test about CPU accounting
 * burns CPU time, not wall time.
 */
export function burnCpu(ms: number): void {
  const start = process.cpuUsage()
  const spent = () => {
    const { user, system } = process.cpuUsage(start)
    return (user + system) / 1000
  }
  while (spent() < ms) {
    // busy
  }
}
