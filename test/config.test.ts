import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { ConfigError, configVariables, loadConfig } from '../src/config.js'
import { scenarios } from '../src/scenarios/index.js'

describe('loadConfig', () => {
  it('gives every setting a default, and enables every scenario on its good variant', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, benchRoutes: false, databaseUrl: undefined })
    expect(config.requestTimeoutMs).toBeGreaterThan(0)
    for (const s of scenarios) expect(config.scenarios[s.name]).toBe(s.defaultVariant)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('names the variable that is wrong, and why', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: .*number/)
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ BENCH_ROUTES: 'yes' })).toThrow(/BENCH_ROUTES/)
  })

  it('takes a scenario flag: off, or one of its variants, and nothing else', () => {
    expect(loadConfig({ SCENARIO_OUTBOUND_HTTP: 'blocking' }).scenarios['outbound-http']).toBe('blocking')
    expect(loadConfig({ SCENARIO_OUTBOUND_HTTP: 'off' }).scenarios['outbound-http']).toBe('off')
    expect(() => loadConfig({ SCENARIO_OUTBOUND_HTTP: 'fast' })).toThrow(/SCENARIO_OUTBOUND_HTTP: .*"blocking"/)
  })

  it('every variable is documented in .env.example', async () => {
    const example = await readFile(new URL('../.env.example', import.meta.url), 'utf8')
    for (const name of configVariables) expect(example, name).toMatch(new RegExp(`^#? ?${name}=|\\b${name} is read`, 'm'))
  })
})
