/**
 * `npm run scenario:remove -- <name> [<name> …]`: deletes a scenario the way the layout promises
 * is enough: its folder (variants, contract, workload, tests) and its two lines in the registry
 * (src/exhibits/scenarios/index.ts), plus its documented flag in .env.example. Nothing else refers to a
 * scenario, so what remains builds and passes; CI proves it on a copy of every push.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const registryFile = join(root, 'src/exhibits/scenarios/index.ts')
const names = process.argv.slice(2)
if (names.length === 0) {
  console.error('usage: npm run scenario:remove -- <scenario-name> [<scenario-name> …]')
  process.exit(2)
}

let registry = readFileSync(registryFile, 'utf8')
let envExample = readFileSync(join(root, '.env.example'), 'utf8')
for (const name of names) {
  const folder = join(root, 'src/exhibits/scenarios', name)
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(folder)) {
    console.error(`scenario:remove: no scenario folder src/exhibits/scenarios/${name}`)
    process.exit(1)
  }
  // The import names the folder; the list entry names what the import binds.
  const importLine = new RegExp(`^import \\{ (\\w+) \\} from '\\./${name}/index\\.js'\\n`, 'm').exec(registry)
  if (!importLine) throw new Error(`src/exhibits/scenarios/index.ts does not import ./${name}/index.js`)
  registry = registry
    .replace(importLine[0], '')
    .replace(new RegExp(`^  ${importLine[1]} as Scenario<FastifySchema>,\\n`, 'm'), '')
  const flag = `SCENARIO_${name.toUpperCase().replaceAll('-', '_')}`
  envExample = envExample.replace(new RegExp(`^# ${name} \\(.*\\n# ${flag}=.*\\n`, 'm'), '')
  rmSync(folder, { recursive: true })
  console.log(`scenario:remove: removed src/exhibits/scenarios/${name}/ and its registry lines`)
}
writeFileSync(registryFile, registry)
writeFileSync(join(root, '.env.example'), envExample)
