/**
 * Closes the process once: on the first SIGINT or SIGTERM, or on an uncaught error, it runs
 * `close`, then exits 0 (1 after an error, or if `close` outlasts `delayMs`). close-with-grace does
 * the work; this adds one thing it cannot be told. Under `npm start`, a signal sent to the process
 * group (Ctrl-C in a terminal; systemd's default KillMode) reaches node twice within milliseconds:
 * once from the kernel, once forwarded by npm (@npmcli/run-script's signal-manager). close-with-grace
 * takes the copy for an impatient second signal and exits 1 in the middle of the shutdown. Here a
 * repeat within ECHO_WINDOW_MS counts as the same signal; a later one still forces the exit.
 */
import closeWithGrace from 'close-with-grace'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const
/** npm's copy follows the kernel's within milliseconds; a person's second Ctrl-C takes longer. */
const ECHO_WINDOW_MS = 500

type Logger = { info(obj: object, msg: string): void; error(obj: object | string, msg?: string): void }

export interface ShutdownReason {
  readonly signal?: NodeJS.Signals
  readonly err?: Error
}

export function closeGracefully(
  { delayMs, log }: { delayMs: number; log: Logger },
  close: (reason: ShutdownReason) => Promise<void>,
): void {
  let received: NodeJS.Signals | undefined
  let receivedAt = 0
  // skip beforeExit: a process that ends by itself (a failed listen) keeps its exit code.
  const closer = closeWithGrace({ delay: delayMs, logger: log, skip: ['beforeExit', ...SIGNALS] }, async ({ err }) => {
    if (err) log.error({ err }, 'closing after an error')
    else log.info({ signal: received }, 'closing')
    await close(err ? { err } : { signal: received })
  })
  const onSignal = (signal: NodeJS.Signals) => {
    if (received === undefined) {
      received = signal
      receivedAt = performance.now()
      void closer.close()
    } else if (performance.now() - receivedAt > ECHO_WINDOW_MS) {
      log.error({ signal }, 'second signal while closing: exiting now')
      process.exit(1)
    }
  }
  for (const signal of SIGNALS) process.on(signal, onSignal)
}
