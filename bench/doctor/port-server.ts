/**
 * A server in a process of its own that prints the port it listens on (127.0.0.1) as its first
 * output: the doctor's control server and its foreign servers alike. A process that exits before
 * printing fails the start rather than leaving it waiting.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'

export interface PortServer {
  readonly origin: string
  /** Stops the process, and waits for it to exit. */
  stop(): Promise<void>
}

export async function startPortServer(command: string, args: readonly string[]): Promise<PortServer> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = once(child, 'exit')
  const [chunk] = (await Promise.race([once(child.stdout, 'data'), exited.then(() => [null])])) as [Buffer | null]
  if (chunk === null) throw new Error(`${command} ${args.join(' ')} exited before it printed its port`)
  return {
    origin: `http://127.0.0.1:${chunk.toString().trim()}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill()
      await exited
    },
  }
}
