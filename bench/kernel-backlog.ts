/**
 * Requests the kernel holds for a server that has not taken them yet, read from /proc (Linux):
 * connections waiting in its listening socket's accept queue, and connections with bytes it has not
 * read. A blocked loop leaves both behind after a run: libuv accepts one connection per loop turn
 * (https://github.com/libuv/libuv/pull/3696), so most of a blocking variant's clients are still in
 * the queue when the run ends, their requests sent, autocannon gone. The server counts none of
 * them in flight and answers /health between two of them, so neither tells.
 */
import { TCP_STATE, socketsInTable, tcpTables } from './proc.js'

/** The client's FIN takes a sequence number: a closed connection, its bytes all read, shows 1 until its end is read. */
const FIN = 1

export interface KernelBacklog {
  /** Connections the kernel has completed that the server has not accepted. */
  readonly unaccepted: number
  /** Connections, accepted or not, with request bytes the server has not read. */
  readonly unread: number
}

/** The backlog on `port` in /proc/net/tcp or tcp6 text. */
export function backlogInTable(table: string, port: number): KernelBacklog {
  let unaccepted = 0
  let unread = 0
  for (const { localPort, state, rxQueue } of socketsInTable(table)) {
    if (localPort !== port) continue
    if (state === TCP_STATE.listen) unaccepted += rxQueue
    else if (state === TCP_STATE.established ? rxQueue > 0 : state === TCP_STATE.closeWait && rxQueue > FIN) unread++
  }
  return { unaccepted, unread }
}

/** The kernel's backlog for a server on this machine's `port`; null where /proc cannot say (not Linux). */
export function kernelBacklog(port: number): KernelBacklog | null {
  return process.platform === 'linux' ? backlogInTable(tcpTables(), port) : null
}

/** Whether the kernel holds requests for a server on this machine's `port`; false where /proc cannot say. */
export function kernelHoldsRequests(port: number): boolean {
  const backlog = kernelBacklog(port)
  return backlog !== null && backlog.unaccepted + backlog.unread > 0
}
