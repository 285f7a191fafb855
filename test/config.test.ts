import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { ConfigError, configVariables, loadConfig } from '../src/config.js'

describe('loadConfig', () => {
  it('gives every setting a default', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined })
    expect(config.requestTimeoutMs).toBeGreaterThan(0)
    // exhibit:start
    expect(config).toMatchObject({ benchRoutes: false, swapFixes: false, scenarioFlags: {} })
    // exhibit:end
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('names the variable that is wrong, and why', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: .*number/)
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ REPORT_WORKER: 'elsewhere' })).toThrow(/REPORT_WORKER/)
    // exhibit:start
    expect(() => loadConfig({ BENCH_ROUTES: 'yes' })).toThrow(/BENCH_ROUTES/)
    // exhibit:end
  })

  // exhibit:start
  it('takes the SCENARIO_* flags as written (the app checks them against the scenarios), but only kebab-case', () => {
    expect(loadConfig({ SCENARIO_EXAMPLE: 'some-variant', SCENARIO_OTHER: 'off' }).scenarioFlags).toEqual({
      SCENARIO_EXAMPLE: 'some-variant',
      SCENARIO_OTHER: 'off',
    })
    expect(() => loadConfig({ SCENARIO_EXAMPLE: 'Not A Variant' })).toThrow(/SCENARIO_EXAMPLE: off, or a variant name/)
  })
  // exhibit:end

  it('every variable is documented in .env.example', async () => {
    const example = await readFile(new URL('../.env.example', import.meta.url), 'utf8')
    for (const name of configVariables)
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=|\\b${name} is read`, 'm'))
  })
})
