/** The lock on starting a database folder: one starter at a time; a lock whose process is gone is taken over. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { takeStartLock } from '../../src/infra/start-lock.js'

describe('takeStartLock', () => {
  const dirs: string[] = []
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))
  const folder = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blindspots-lock-'))
    dirs.push(dir)
    return join(dir, 'pg')
  }

  it('one holder at a time, free again once released', async () => {
    const dir = await folder()
    const release = await takeStartLock(dir)
    expect(release).toBeTypeOf('function')
    expect(await takeStartLock(dir)).toBeUndefined()
    await release!()
    const again = await takeStartLock(dir)
    expect(again).toBeTypeOf('function')
    await again!()
  })

  it('a lock left by a process that is gone is taken over', async () => {
    const dir = await folder()
    // A pid no process has: above the kernel's pid_max.
    await writeFile(`${dir}.starting`, '99999999')
    const release = await takeStartLock(dir)
    expect(release).toBeTypeOf('function')
    await release!()
  })
})
