/** The lookup every file-io variant makes, once it has the catalogue in hand. */
import { ProductNotFoundError } from '../../../errors.js'
import type { Catalog, Product } from '../../files/catalog-file.js'

export function findProduct(catalog: Catalog, id: number): Product {
  // Ids are 1..n in order; a real catalogue would need a search, which only widens the gap.
  const found = catalog.products[id - 1]
  if (found?.id !== id) throw new ProductNotFoundError(id)
  return found
}
