/**
 * `COPY (…) TO STDOUT` through postgres.js, on connections kept for COPY alone: the fastest way to
 * get many rows out of Postgres, as text Postgres has already formatted. What decides how it is done
 * (measured on 100,000 orders, see the export scenario):
 *
 * - The bytes skip the driver's COPY readable. It receives one chunk per row (a CopyData message
 *   each): piped, 100,001 writes to the client (44–48% of Postgres' rate); read with `for await`,
 *   still 100,000 slices and pushes, 600 reads of 8 KB and a new Buffer per read, which with
 *   little else allocated made V8 run a full GC several times a second. Our own socket
 *   (copy-protocol.ts) joins the rows of each read and hands them to a body that writes them from
 *   buffers it reuses (copy-relay.ts): a third of the CPU per MB for CSV. Over TLS the driver's
 *   readable is read as before.
 * - After a COPY, resume the socket. CopyData pauses the socket when the readable is full, and only
 *   the readable's `read()` resumes it; when CopyDone and ReadyForQuery arrive in the same TCP chunk
 *   as that pause, the stream is gone and nothing resumes it: the connection's next query hangs
 *   (https://github.com/porsager/postgres/issues/917, fix proposed in
 *   https://github.com/porsager/postgres/pull/1016).
 * - A COPY abandoned half-way cannot be stopped on its connection: the readable has no `destroy`
 *   that tells Postgres, later rows keep pausing the socket, and the next query fails with
 *   COPY_IN_PROGRESS. That connection is destroyed (its backend sees the socket close and stops),
 *   never reused.
 *
 * And a COPY must not share a connection: postgres.js pipelines queries onto busy connections, so
 * a pooled connection in COPY could be handed another request's query. So COPY gets its own small
 * set of connections, at most `cap` at a time, and each also holds a slot of the app's connection
 * gate: exports count against the same bound as every other query and cannot starve them.
 */
import { once } from 'node:events'
import net from 'node:net'
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import postgres, { type Sql } from 'postgres'
import { ConnectionGate } from '../../db/connection-gate.js'
import { DatabaseUnavailableError } from '../../errors.js'
import { within } from '../../infra/within.js'
import { CopyOutSocket, READ_SIZE, type CopySink } from './copy-protocol.js'
import { CopyRelayBody, RelayBuffers, type Rewriter } from './copy-relay.js'
import { sessionParameters } from '../../db/session-parameters.js'

/** How long one COPY may run: as long as a slow client takes to read an export, within reason. */
const COPY_STATEMENT_TIMEOUT_MS = 60_000
/**
 * How long the COPY's first answer may take. Postgres sends it once the statement is planned, before
 * any row: a connection silent this long is lost, and the request gets a 503 instead of waiting on
 * it forever.
 */
const COPY_START_TIMEOUT_MS = 10_000

interface Started {
  readonly connection: CopyConnection
  /** Where the COPY's bytes go on a plain socket. */
  readonly relay: CopyRelayBody
  /** The driver's COPY readable: the bytes over TLS; on a plain socket, only when the COPY ends. */
  readonly copy: Readable
}

interface CopyConnection {
  readonly sql: Sql
  readonly socket: () => net.Socket | undefined
  /** The next COPY's bytes go to `sink` (on a plain socket; over TLS the driver's readable has them). */
  readonly attach: (sink: CopySink) => void
  /** The COPY is over: a socket made from now on gets no sink. */
  readonly detach: () => void
  readonly sinkReady: () => void
  /** Whether the COPY's bytes went to the sink. */
  readonly relaying: () => boolean
}

export interface CopyOutOptions {
  readonly url: string
  /** Connections in COPY at once; a request beyond waits, like the pool, then gets a 503. */
  readonly copyGate: ConnectionGate
  /** The app's gate: each COPY also holds one of its slots. */
  readonly poolGate: ConnectionGate
  /** How long the COPY's first answer may take (10 s unless said). */
  readonly startTimeoutMs?: number
  /** Seconds an idle COPY connection stays open (postgres.js' `idle_timeout`; 30 unless said). */
  readonly idleTimeoutS?: number
}

export class CopyOut {
  readonly #idle: CopyConnection[] = []
  readonly #open = new Set<CopyConnection>()
  readonly #options: CopyOutOptions
  readonly #buffers = new RelayBuffers()

  constructor(options: CopyOutOptions) {
    this.#options = options
  }

  /**
   * Runs `copySql` (a whole `COPY (…) TO STDOUT …` statement: COPY takes no bind parameters, so
   * every value in it must already be a validated integer or enum) and returns its output as a
   * stream read only as fast as its consumer reads. Slots are taken before it returns, so a full
   * gate fails the request (503) before any byte is sent. A stream closed before its end (a client
   * that hung up) destroys its connection. `rewrite`, if given, makes what turns the COPY's bytes
   * into the body's as they pass (one stream, so a hang-up reaches the COPY however the bytes were
   * changed).
   */
  async open(copySql: string, rewrite?: () => Rewriter): Promise<Readable> {
    const releaseCopy = await this.#options.copyGate.acquire()
    let releasePool: (() => void) | undefined
    let started: Started
    try {
      releasePool = await this.#options.poolGate.acquire()
      started = await this.#start(copySql, rewrite)
    } catch (error) {
      releasePool?.()
      releaseCopy()
      throw error
    }
    const { connection, relay, copy } = started
    // postgres.js destroys the COPY readable with an error when its connection closes, ours
    // included (below), or when the statement fails half-way. Unread (a client gone before the
    // first chunk), an 'error' with no listener would crash the process. So: a listener.
    let finished = false
    let body: Readable
    if (connection.relaying()) {
      // The bytes went to the relay; the driver's readable only says when the COPY is over.
      copy.on('error', (error) => relay.destroy(error))
      copy.resume()
      body = relay
      body.once('end', () => (finished = true))
    } else {
      copy.on('error', () => {})
      const rewriter = rewrite?.()
      const take = () => Buffer.allocUnsafe(READ_SIZE)
      async function* chunks() {
        for await (const chunk of copy) {
          const out: Buffer[] = []
          if (rewriter) rewriter.push(chunk as Buffer, take, (json) => out.push(json))
          else out.push(chunk as Buffer)
          yield* out
        }
        rewriter?.end()
        finished = true
      }
      // One chunk read ahead, no more (Readable.from's default would take 16).
      body = Readable.from(chunks(), { highWaterMark: 1 })
    }
    body.once('close', () => {
      connection.detach()
      if (finished) this.#reuse(connection)
      else {
        copy.destroy()
        this.#destroy(connection)
      }
      releasePool?.()
      releaseCopy()
    })
    return body
  }

  /**
   * The COPY started on an idle connection, or on a new one. An idle connection the server has
   * closed (a restart, an administrator, a network drop) before this client read the close fails
   * the statement with CONNECTION_CLOSED: no byte has reached the client and a COPY TO only reads,
   * so it runs again, once, on a new connection, instead of answering 503.
   */
  async #start(copySql: string, rewrite: (() => Rewriter) | undefined): Promise<Started> {
    const idle = this.#idle.pop()
    if (idle) {
      try {
        return await this.#startOn(idle, copySql, rewrite)
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'CONNECTION_CLOSED') throw error
      }
    }
    return await this.#startOn(this.#connect(), copySql, rewrite)
  }

  /** Sends the statement; on any failure the connection is destroyed, which settles it. */
  async #startOn(connection: CopyConnection, copySql: string, rewrite: (() => Rewriter) | undefined) {
    const relay = new CopyRelayBody(this.#buffers, () => connection.sinkReady(), rewrite?.())
    try {
      // Before the statement goes out: its first bytes may come in the same read as its answer.
      connection.attach(relay)
      const startMs = this.#options.startTimeoutMs ?? COPY_START_TIMEOUT_MS
      const copy = await within(
        connection.sql.unsafe(copySql).readable(),
        startMs,
        () => new DatabaseUnavailableError(`no answer to a COPY within ${startMs} ms`),
      )
      return { connection, relay, copy }
    } catch (error) {
      this.#destroy(connection)
      relay.destroy()
      throw error
    }
  }

  /** Closes every connection (idle ones at once; one in COPY ends with its socket). */
  async close(): Promise<void> {
    await Promise.all([...this.#open].map((c) => c.sql.end({ timeout: 0 })))
    this.#open.clear()
    this.#idle.length = 0
  }

  #connect(): CopyConnection {
    let socket: net.Socket | undefined
    // The sink of the COPY under way, for every socket that may carry it: postgres.js makes a new
    // one when the server has closed the last (its idle timeout, a restart, an administrator), and
    // it does so only when the statement goes out, after `attach`.
    let sink: CopySink | null = null
    const options = {
      max: 1,
      connect_timeout: 5,
      idle_timeout: this.#options.idleTimeoutS ?? 30,
      onnotice: () => {},
      connection: sessionParameters('blindspots-copy', COPY_STATEMENT_TIMEOUT_MS),
      // The socket is ours, so we can resume it (#917 above). postgres.js expects it connected.
      socket: async (options: postgres.ParsedOptions, host: string, port: number) => {
        // In plain text the server's bytes are messages from the first on; an SSL negotiation
        // starts with a one-byte answer, and TLS hides the messages: a plain socket there.
        const plain = !options.ssl || options.ssl === 'disable'
        socket = plain ? new CopyOutSocket() : new net.Socket()
        if (socket instanceof CopyOutSocket && sink) socket.attach(sink)
        if (options.path) socket.connect(options.path)
        else socket.connect(port, host)
        await once(socket, 'connect')
        // A net.Socket is what postgres.js' SocketLike describes; its overloads only differ in typing.
        return socket as unknown as postgres.SocketLike
      },
    }
    const connection: CopyConnection = {
      sql: postgres(this.#options.url, options),
      socket: () => socket,
      attach: (next) => {
        sink = next
        if (socket instanceof CopyOutSocket && !socket.destroyed) socket.attach(next)
      },
      detach: () => {
        sink = null
      },
      sinkReady: () => {
        if (socket instanceof CopyOutSocket) socket.sinkReady()
      },
      relaying: () => socket instanceof CopyOutSocket,
    }
    this.#open.add(connection)
    return connection
  }

  #reuse(connection: CopyConnection) {
    // The workaround for #917: a no-op when the socket is flowing.
    connection.socket()?.resume()
    this.#idle.push(connection)
  }

  #destroy(connection: CopyConnection) {
    this.#open.delete(connection)
    connection.socket()?.destroy()
    void connection.sql.end({ timeout: 0 }).catch(() => {})
  }
}

/**
 * A CopyOut on the app's database for one route: at most `connections` COPYs at once, the rest
 * waiting as long as the pool's waiters do; each COPY also holds a slot of the app's gate; closed
 * with the app.
 */
export function routeCopyOut(app: FastifyInstance, connections: number): CopyOut {
  const copyOut = new CopyOut({
    url: app.config.databaseUrl,
    copyGate: new ConnectionGate(connections, app.config.dbAcquireTimeoutMs),
    poolGate: app.dbGate,
  })
  app.addHook('onClose', () => copyOut.close())
  return copyOut
}
