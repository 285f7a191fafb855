/**
 * Reading /proc (Linux): a file's text, and the TCP sockets of /proc/net/tcp and tcp6 (the port
 * each is bound to, its state, its receive queue, its inode). The doctor finds a server's processes
 * by its listening socket (doctor/process-cpu.ts); the bench sees the requests a server has not
 * taken yet in the receive queues (kernel-backlog.ts).
 */
import { readFileSync } from 'node:fs'

/** The kernel's codes for the states read here. */
export const TCP_STATE = { established: '01', closeWait: '08', listen: '0A' } as const

export interface TcpSocket {
  readonly localPort: number
  readonly state: string
  /** For a listening socket, its accept queue; for another, the bytes received and not yet read. */
  readonly rxQueue: number
  readonly inode: string
}

/** A /proc file's text; '' where it cannot be read (gone, hidden, not Linux). */
export function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** The sockets in a /proc/net/tcp or tcp6 text, or several joined: header lines are skipped. */
export function socketsInTable(table: string): TcpSocket[] {
  const sockets: TcpSocket[] = []
  for (const line of table.split('\n')) {
    const [, local, , state, queues, , , , , inode] = line.trim().split(/\s+/)
    const portAt = local?.lastIndexOf(':') ?? -1
    if (portAt < 0 || state === undefined || !queues?.includes(':')) continue
    sockets.push({
      localPort: Number.parseInt(local!.slice(portAt + 1), 16),
      state,
      rxQueue: Number.parseInt(queues.split(':')[1]!, 16),
      inode: inode ?? '',
    })
  }
  return sockets
}

/** This machine's TCP tables, IPv4 then IPv6, as one text for socketsInTable. */
export const tcpTables = () => `${readProc('/proc/net/tcp')}\n${readProc('/proc/net/tcp6')}`
