/**
 * Requests the kernel holds for a server that has not taken them yet, read from /proc (Linux):
 * connections waiting in its listening socket's accept queue, and connections with bytes it has not
 * read. A blocked loop leaves both behind after a run: libuv accepts one connection per loop turn
 * (https://github.com/libuv/libuv/pull/3696), so most of a blocking variant's clients are still in
 * the queue when the run ends, their requests sent, autocannon gone. The server counts none of
 * them in flight and answers /health between two of them, so neither tells.
 */
import { readFileSync } from 'node:fs'

const LISTEN = '0A'
const ESTABLISHED = '01'
/** The client has closed its end; what it sent before may still be unread. */
const CLOSE_WAIT = '08'
/** The client's FIN takes a sequence number: a closed connection, its bytes all read, shows 1 until its end is read. */
const FIN = 1

export interface KernelBacklog {
  /** Connections the kernel has completed that the server has not accepted. */
  readonly unaccepted: number
  /** Connections, accepted or not, with request bytes the server has not read. */
  readonly unread: number
}

/** The backlog on `port` in a /proc/net/tcp or tcp6 table (for a LISTEN socket, rx_queue is its accept queue). */
export function backlogInTable(table: string, port: number): KernelBacklog {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`
  let unaccepted = 0
  let unread = 0
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state, queues] = line.trim().split(/\s+/)
    if (!local?.endsWith(hexPort) || queues === undefined) continue
    const rxQueue = Number.parseInt(queues.split(':')[1] ?? '0', 16)
    if (state === LISTEN) unaccepted += rxQueue
    else if (rxQueue > (state === CLOSE_WAIT ? FIN : 0) && (state === ESTABLISHED || state === CLOSE_WAIT)) unread++
  }
  return { unaccepted, unread }
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** The kernel's backlog for a server on this machine's `port`; null where /proc cannot say (not Linux). */
export function kernelBacklog(port: number): KernelBacklog | null {
  if (process.platform !== 'linux') return null
  const both = [backlogInTable(read('/proc/net/tcp'), port), backlogInTable(read('/proc/net/tcp6'), port)]
  return {
    unaccepted: both[0]!.unaccepted + both[1]!.unaccepted,
    unread: both[0]!.unread + both[1]!.unread,
  }
}
