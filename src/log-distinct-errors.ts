/**
 * ioredis repeats the same connection error on every reconnect attempt (dozens during a few
 * seconds of outage). Each distinct error is logged once, and again only after a recovery, so an
 * outage reads as one line and its end, not a flood.
 */
type Warn = { warn(obj: object, msg: string): void }

export function distinctErrorLogger(
  log: Warn,
  message: string,
): { error: (err: Error) => void; recovered: () => void } {
  let last = ''
  return {
    error: (err) => {
      if (err.message !== last) log.warn({ err }, message)
      last = err.message
    },
    recovered: () => {
      last = ''
    },
  }
}
