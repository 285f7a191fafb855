/**
 * THE MISTAKE: `readFileSync` and `JSON.parse` of a 5 MB file on every request. Both run on the
 * event loop: while one request reads and parses, no other request is even accepted.
 * Bench: req/s bounded by one core's read + parse speed, event-loop delay ≈ that time and more.
 */
import { readFileSync } from 'node:fs'
import type { Variant } from '../../scenario-kit/scenario.js'
import { ensureCatalogFile, type Catalog } from '../../files/catalog-file.js'
import type { productLookupSchema } from './contract.js'
import { findProduct } from './find-product.js'

export const syncRead: Variant<typeof productLookupSchema> = {
  role: 'naive',
  summary: 'readFileSync + JSON.parse of the 5 MB file on every request',
  createHandler: async (app) => {
    const path = await ensureCatalogFile(app.config.filesDir)
    return async (request) => {
      // eslint-disable-next-line blindspots/no-sync-on-request-path, blindspots/no-whole-file-read -- the blind spot
      const catalog = JSON.parse(readFileSync(path, 'utf8')) as Catalog
      return findProduct(catalog, request.params.id)
    }
  },
}
