/**
 * COPY's two bounds, against the real Postgres: a COPY that fails to open gives back both of its
 * slots (the COPY gate's and the pool gate's), whatever failed; and a COPY in progress holds a slot
 * of the app's pool gate, so pool + COPY connections never exceed DB_POOL_SIZE; and a connection
 * closed between two COPYs (postgres.js' idle timeout; a restart or an administrator alike) reconnects
 * with the next COPY's bytes still going to that COPY's body, and one found closed only as the next
 * COPY is written gives way to a new connection, the COPY run again; and a COPY that does not start
 * within its bound fails with a 503 instead of holding its request forever.
 */
import { text } from 'node:stream/consumers'
import postgres from 'postgres'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { ConnectionGate } from '../../../src/db/connection-gate.js'
import { CopyOut } from '../../../src/exhibits/db/copy-out.js'
import { DatabaseUnavailableError, DbPoolTimeoutError } from '../../../src/errors.js'
import { closedPortUrl, droppingProxy } from '../../helpers/servers.js'
import { waitFor } from '../../helpers/wait.js'

const GOOD_COPY = 'COPY (SELECT generate_series(1, 3)) TO STDOUT'
const WAIT_MS = 200

describe('CopyOut', () => {
  const opened: CopyOut[] = []
  afterEach(async () => {
    for (const copyOut of opened.splice(0)) await copyOut.close()
  })

  function copyOut(url: string, { copySlots = 2, poolSlots = 4, startTimeoutMs = 10_000, idleTimeoutS = 30 } = {}) {
    const copyGate = new ConnectionGate(copySlots, WAIT_MS)
    const poolGate = new ConnectionGate(poolSlots, WAIT_MS)
    const copy = new CopyOut({ url, copyGate, poolGate, startTimeoutMs, idleTimeoutS })
    opened.push(copy)
    return { copy, copyGate, poolGate }
  }

  const failures: Array<[string, () => Promise<{ url: string; sql: string; holdPool?: boolean }>]> = [
    [
      'the statement errors',
      async () => ({ url: inject('databaseUrl'), sql: 'COPY (SELECT * FROM no_such_table) TO STDOUT' }),
    ],
    ['the connection is refused', async () => ({ url: await closedPortUrl('postgres'), sql: GOOD_COPY })],
    ['the pool gate times out', async () => ({ url: inject('databaseUrl'), sql: GOOD_COPY, holdPool: true })],
  ]
  for (const [what, setUp] of failures) {
    it(`gives back both slots when opening fails because ${what}, so later COPYs still open`, async () => {
      const { url, sql, holdPool } = await setUp()
      const copySlots = 2
      const { copy, copyGate, poolGate } = copyOut(url, { copySlots, poolSlots: holdPool ? 1 : 4 })
      const held = holdPool ? await poolGate.acquire() : undefined
      // More failures than the COPY gate has slots: a leak of one per failure would fill it.
      for (let i = 0; i < copySlots + 1; i++) await expect(copy.open(sql)).rejects.toThrow()
      held?.()
      expect({ copy: copyGate.inUse, pool: poolGate.inUse }).toEqual({ copy: 0, pool: 0 })
      if (url === inject('databaseUrl')) expect(await text(await copy.open(GOOD_COPY))).toBe('1\n2\n3\n')
    })
  }

  it('holds a slot of the pool gate while it runs: with the pool full, a COPY waits its bound and gets a 503', async () => {
    const poolSlots = 2
    const { copy, copyGate, poolGate } = copyOut(inject('databaseUrl'), { copySlots: 4, poolSlots })
    // Two COPYs opened and not read yet: each holds a connection of its own.
    const running = [await copy.open(GOOD_COPY), await copy.open(GOOD_COPY)]
    expect(poolGate.inUse).toBe(poolSlots)
    // The COPY gate has room; the pool does not, so the third must not get a connection.
    await expect(copy.open(GOOD_COPY)).rejects.toBeInstanceOf(DbPoolTimeoutError)
    expect(copyGate.inUse).toBe(2)
    for (const body of running) expect(await text(body)).toBe('1\n2\n3\n')
    // Slots go back when a body closes, a tick after its end.
    await waitFor('both gates empty', () => copyGate.inUse === 0 && poolGate.inUse === 0)
  })

  it('reconnects a connection closed while idle, and the next COPY reaches its body', async () => {
    const url = inject('databaseUrl')
    // One COPY slot: the second COPY runs on the connection the first used, through a new socket.
    // Closed by postgres.js' idle timeout, so the client has seen the close before the next COPY
    // (a backend terminated by the server can still look open to a client on a busy machine).
    const { copy } = copyOut(url, { copySlots: 1, idleTimeoutS: 1 })
    const pid = Number(await text(await copy.open('COPY (SELECT pg_backend_pid()) TO STDOUT')))
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    try {
      await waitFor(
        'the backend gone',
        async () => (await admin`SELECT 1 FROM pg_stat_activity WHERE pid = ${pid}`).length === 0,
      )
    } finally {
      await admin.end()
    }
    let body: string | undefined
    void text(await copy.open(GOOD_COPY)).then((read) => (body = read))
    expect(await waitFor('the second COPY’s body', () => body)).toBe('1\n2\n3\n')
  })

  it('runs a COPY again on a new connection when its idle one turns out closed as the statement goes out', async () => {
    const proxy = await droppingProxy(inject('databaseUrl'))
    try {
      const { copy, copyGate, poolGate } = copyOut(proxy.url, { copySlots: 1 })
      expect(await text(await copy.open(GOOD_COPY))).toBe('1\n2\n3\n')
      // The first COPY's connection, idle now, is closed the moment the next statement reaches it.
      proxy.dropNextWrite()
      expect(await text(await copy.open(GOOD_COPY))).toBe('1\n2\n3\n')
      await waitFor('both gates empty', () => copyGate.inUse === 0 && poolGate.inUse === 0)
    } finally {
      await proxy.close()
    }
  })

  it('answers 503 for a COPY that does not start within its bound, and gives back both slots', async () => {
    const url = inject('databaseUrl')
    const { copy, copyGate, poolGate } = copyOut(url, { startTimeoutMs: 300 })
    // A table held in ACCESS EXCLUSIVE mode: the COPY waits for its lock before it answers at all.
    const table = `copy_start_${process.pid}`
    const admin = postgres(url, { max: 2, onnotice: () => {} })
    try {
      await admin.unsafe(`CREATE TABLE ${table} (id int)`)
      await admin.begin(async (locked) => {
        await locked.unsafe(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`)
        await expect(copy.open(`COPY (SELECT * FROM ${table}) TO STDOUT`)).rejects.toBeInstanceOf(
          DatabaseUnavailableError,
        )
      })
      expect({ copy: copyGate.inUse, pool: poolGate.inUse }).toEqual({ copy: 0, pool: 0 })
      expect(await text(await copy.open(GOOD_COPY))).toBe('1\n2\n3\n')
    } finally {
      await admin.unsafe(`DROP TABLE IF EXISTS ${table}`)
      await admin.end()
    }
  })
})
