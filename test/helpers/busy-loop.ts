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
