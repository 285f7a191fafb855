/**
 * `work`, or `timeoutError()` after `ms`: the one bound every outbound call without a timeout of
 * its own gets (Redis calls, health probes, a COPY's first answer, an upstream call's deadline).
 * The timer is cleared either way; `work` settling after the bound is ignored.
 */
export async function within<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms)
  })
  work.catch(() => {})
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}
