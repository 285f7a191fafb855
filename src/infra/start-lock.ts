/**
 * A lock on starting a database folder: two first starts at once would both initialise it and
 * fail with a misleading message about pg_control. The lock is a file beside the folder holding
 * the starter's pid, linked into place whole (link fails if it exists, and a reader never sees it
 * empty); one whose process is gone is stale and taken over.
 */
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The function that releases the lock, or undefined while a live process holds it. */
export async function takeStartLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  const path = `${dir}.starting`
  const mine = `${path}.${process.pid}`
  await mkdir(dirname(path), { recursive: true })
  await writeFile(mine, String(process.pid))
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, path)
        return () => rm(path, { force: true })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
        const holder = Number(await readFile(path, 'utf8').catch(() => '0'))
        if (holder > 0 && isAlive(holder)) return undefined
        await rm(path, { force: true })
      }
    }
    return undefined
  } finally {
    await rm(mine, { force: true })
  }
}
