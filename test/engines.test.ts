/**
 * The Node lines the project supports, said once (package.json's engines) and held everywhere:
 * .nvmrc and the image name the newest, CI installs both, and every installed package accepts
 * every version engines admits (npm only warns, EBADENGINE, and installs anyway).
 */
import { readFile } from 'node:fs/promises'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const json = async <T>(file: string) => JSON.parse(await readFile(new URL(file, root), 'utf8')) as T

describe('supported Node versions', () => {
  it('engines admits only lines under support (22 and 24), and .nvmrc names the newest', async () => {
    const { engines } = await json<{ engines: { node: string } }>('package.json')
    expect(semver.validRange(engines.node)).not.toBeNull()
    // Node 20 reached end of life on 2026-04-30; 23 (odd) was never LTS.
    for (const version of ['20.19.0', '23.11.0', '25.0.0'])
      expect(semver.satisfies(version, engines.node), version).toBe(false)
    for (const version of ['22.13.0', '24.0.0', '24.22.3'])
      expect(semver.satisfies(version, engines.node), version).toBe(true)
    const nvmrc = (await readFile(new URL('.nvmrc', root), 'utf8')).trim()
    // The other file version managers read (nodenv, fnm, asdf's plugin, setup-node) says the same.
    expect((await readFile(new URL('.node-version', root), 'utf8')).trim()).toBe(nvmrc)
    expect(semver.satisfies(`${nvmrc}.0.0`, engines.node)).toBe(true)
    expect(semver.major(semver.minVersion(`>=${nvmrc}`)!)).toBe(24)
  })

  it('every package in the lockfile accepts every version the project admits', async () => {
    const { engines } = await json<{ engines: { node: string } }>('package.json')
    const lock = await json<{ packages: Record<string, { engines?: { node?: string } | string[] }> }>(
      'package-lock.json',
    )
    const refused = Object.entries(lock.packages)
      .filter(([path, meta]) => path !== '' && !Array.isArray(meta.engines) && meta.engines?.node)
      .filter(([, meta]) => !semver.subset(engines.node, (meta.engines as { node: string }).node))
      .map(
        ([path, meta]) => `${path.replace(/^.*node_modules\//, '')}: node ${(meta.engines as { node: string }).node}`,
      )
    expect(refused).toEqual([])
  })
})
