/**
 * GET /docs/json is the OpenAPI 3 document of every route, generated from the zod schemas: each
 * route is in it with its method, its parameters or body, its success reply and its error replies;
 * /docs serves Swagger UI from the package's own files (no CDN: it works offline).
 */
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'

interface Operation {
  parameters?: Array<{ in: string; name: string }>
  requestBody?: unknown
  responses: Record<string, unknown>
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> }

describe('openapi', () => {
  const server = useListeningApp()
  const fetchDoc = async () => (await server.app.inject('/docs/json')).json<Document>()

  it('documents every route the app serves, and nothing it does not', async () => {
    const doc = await fetchDoc()
    expect(doc.openapi).toMatch(/^3\./)
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })),
    )
    for (const route of documented)
      expect(server.app.hasRoute(route as never), `${route.method} ${route.url}`).toBe(true)
    const expected = [
      'GET /health',
      'GET /health/ready',
      'GET /orders/:id',
      'POST /jobs/reports',
      'GET /jobs/metrics',
      'GET /jobs/dead-letter',
      'POST /jobs/dead-letter/:id/redrive',
      'GET /jobs/:id',
      'GET /reports/results/:file',
    ]
    const keys = new Set(documented.map((r) => `${r.method} ${r.url}`))
    for (const route of expected) expect(keys, route).toContain(route)
    // exhibit:start
    expect(keys).toContain('GET /scenarios')
    const listing = (await server.app.inject('/scenarios')).json<{
      scenarios: Array<{ path: string; variants: Array<{ path: string }> }>
    }>()
    const scenarioPaths = listing.scenarios.flatMap((s) => [s.path, ...s.variants.map((v) => v.path)])
    for (const path of scenarioPaths)
      expect(
        [...keys].some((k) => k.endsWith(` ${path}`)),
        path,
      ).toBe(true)
    // exhibit:end
  })

  it('gives every operation its inputs, its success reply and its error replies', async () => {
    const doc = await fetchDoc()
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`
        expect(
          Object.keys(op.responses).some((status) => /^2/.test(status)),
          where,
        ).toBe(true)
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['4XX', '5XX']))
        for (const param of path.match(/\{\w+\}/g) ?? []) {
          expect(
            op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === param),
            `${where} ${param}`,
          ).toBe(true)
        }
      }
    }
    const post = doc.paths['/jobs/reports']?.post
    expect(post?.requestBody).toBeDefined()
    expect(post?.parameters?.map((p) => p.name)).toContain('idempotency-key')
  })

  it('serves Swagger UI and its assets from the package', async () => {
    const page = await fetch(`${server.url}/docs/`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('swagger-ui')
    // Every script and stylesheet the page loads comes from this server.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(([, a]) => a!)
    expect(assets.length).toBeGreaterThan(0)
    for (const asset of assets) {
      expect(asset, asset).not.toMatch(/^https?:/)
      expect((await fetch(new URL(asset, `${server.url}/docs/`))).status, asset).toBe(200)
    }
  })

  it('/docs/static/index.html redirects to /docs/ once, with or without a query string (no loop)', async () => {
    for (const [url, location] of [
      ['/docs/static/index.html', '/docs/'],
      ['/docs/static/index.html?url=x&a=%00', '/docs/?url=x&a=%00'],
    ] as const) {
      const first = await server.app.inject(url)
      expect([first.statusCode, first.headers.location]).toEqual([302, location])
      expect((await server.app.inject(location)).statusCode).toBe(200)
    }
  })
})
