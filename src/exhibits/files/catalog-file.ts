/**
 * The multi-megabyte file the file scenarios read: a product catalogue in JSON, generated at
 * start-up (never committed) from the product number alone, so it is the same on every machine.
 * Written to a temporary name and renamed when complete, so no reader ever sees half a file.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { access, mkdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

export const PRODUCT_COUNT = 20_000
const FILE_NAME = `catalog-${PRODUCT_COUNT}.json`

export const productSchema = z.object({
  id: z.number().int(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  tags: z.array(z.string()),
})
export type Product = z.infer<typeof productSchema>
export type Catalog = { products: Product[] }

function product(id: number): Product {
  return {
    id,
    sku: `SKU-${String(id).padStart(6, '0')}`,
    name: `Product ${id}`,
    description: `A sturdy, dependable item number ${id}, `.repeat(1 + (id % 5)),
    priceCents: 100 + ((id * 7919) % 100_000),
    tags: [`colour-${id % 10}`, `size-${id % 7}`, `line-${id % 13}`],
  }
}

/** The catalogue's path, generating the file first if it is not there yet. */
export async function ensureCatalogFile(dir: string): Promise<string> {
  const path = join(dir, FILE_NAME)
  try {
    await access(path)
    return path
  } catch {
    // not there yet: write it
  }
  await mkdir(dir, { recursive: true })
  const partial = `${path}.${process.pid}.partial`
  const out = createWriteStream(partial)
  out.write('{"products":[')
  for (let id = 1; id <= PRODUCT_COUNT; id++) {
    // Respect backpressure: wait for the stream to drain rather than buffering the whole file.
    if (!out.write(`${id > 1 ? ',' : ''}${JSON.stringify(product(id))}`)) await once(out, 'drain')
  }
  out.end(']}')
  await once(out, 'close')
  await rename(partial, path)
  return path
}
