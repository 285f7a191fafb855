/**
 * Our helper processes (the slow upstream, the embedded Postgres supervisor) run as forked
 * children with an IPC channel. The child says `ready` with its URL; the parent stops it with
 * SIGTERM and, should the parent die first, the closed channel tells the child to stop itself.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '../config.js'

/** The project root (from src/infra or dist/infra alike): children run from here. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Built (`npm run build`, dist/): a child is the compiled `.js` next to this file, run by plain
 * node. From source: the `.ts`, run through tsx (a development dependency).
 */
const compiled = import.meta.url.endsWith('.js')

interface ReadyMessage {
  readonly type: 'ready'
  readonly url: string
}

export interface RunningChild {
  readonly url: string
  readonly pid: number | undefined
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export async function startChild(
  name: string,
  script: URL,
  args: readonly string[],
  { readyTimeoutMs = 60_000 }: { readyTimeoutMs?: number } = {},
): Promise<RunningChild> {
  const entry = compiled ? fileURLToPath(script).replace(/\.ts$/, '.js') : fileURLToPath(script)
  const child = fork(entry, args, {
    cwd: projectRoot,
    execArgv: compiled ? [] : ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Own process group: a Ctrl-C in the terminal reaches the parent only, which then stops its
    // children in order (the API first, its dependencies after).
    detached: true,
  })
  const url = await waitForReady(name, child, readyTimeoutMs)
  // Let the parent exit on its own even while the child runs; stop() is still how it ends.
  child.channel?.unref()
  child.unref()
  return { url, pid: child.pid, stop: (graceMs = 10_000) => stopProcess(child, graceMs) }
}

function waitForReady(name: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} did not report ready within ${timeoutMs} ms`))
    }, timeoutMs)
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer)
      // The child has said why on its own stderr, the line above: one line here too, no stack.
      reject(
        new ConfigError(
          `${name} exited before it was ready (code ${code}, signal ${signal}); its reason is the line above`,
        ),
      )
    }
    child.once('exit', onExit)
    child.on('message', (message: ReadyMessage) => {
      if (message.type !== 'ready') return
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(message.url)
    })
  })
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`; resolves once it has. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/**
 * Called by a child once it serves: tells the parent its URL (when forked) or prints it (when run
 * by hand), and arranges for the child to stop when its parent disappears.
 */
export function reportReady(url: string): void {
  if (process.send) {
    process.send({ type: 'ready', url } satisfies ReadyMessage)
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
  } else {
    console.log(`listening on ${url}`)
  }
}
