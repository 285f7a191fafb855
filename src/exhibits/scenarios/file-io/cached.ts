/**
 * THE FIX for data that does not change while the process runs: read and parse it once, at
 * start-up, asynchronously; each request is then a lookup in memory. (Data that changes needs an
 * invalidation rule or a database, not a re-read per request.)
 * Bench: req/s limited by the framework, not the file; event-loop delay near zero.
 */
import { readFile } from 'node:fs/promises'
import type { Variant } from '../../scenario-kit/scenario.js'
import { ensureCatalogFile, type Catalog } from '../../files/catalog-file.js'
import type { productLookupSchema } from './contract.js'
import { findProduct } from './find-product.js'

export const cached: Variant<typeof productLookupSchema> = {
  role: 'optimized',
  summary: 'read and parsed once at start-up; each request is a lookup in memory',
  createHandler: async (app) => {
    const path = await ensureCatalogFile(app.config.filesDir)
    const catalog = JSON.parse(await readFile(path, 'utf8')) as Catalog
    return async (request) => findProduct(catalog, request.params.id)
  },
}
