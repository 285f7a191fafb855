/**
 * `npm run template:strip`: turns a clone of blindspots into a clean service to build on. It
 * deletes the exhibits' folders (src/exhibits, test/exhibits, migrations/exhibits: the scenarios,
 * their kit and machinery, the slow upstream; then the bench, the doctor, the scripts and their
 * tests), cuts the `exhibit:start` … `exhibit:end` blocks out of the files that stay (the one
 * registration in app.ts, the exhibits' settings in config.ts and their infrastructure), drops
 * the scripts and packages only the exhibits used, writes a README for the service, and runs
 * `npm install` so the lockfile matches. What stays: the app factory, server and worker; config;
 * the error catalogue and handler; Postgres (drizzle, migrations, the connection gate), Redis and
 * the report queue with its worker, dead-letter queue and routes; health, OpenAPI at /docs,
 * graceful close; Dockerfile and docker-compose; and the tests of all of it.
 * `--name <service>` (lower case, digits, dashes) renames what says blindspots: the package, the
 * metric prefix (`<service>_`), the error codes' prefix (`<SERVICE>_`), the queue prefix, the
 * Postgres application name, the lint rules' namespace, and files named after it.
 * Refuses to run on a git tree with uncommitted changes (pass --force to run anyway), so a
 * `git checkout .` undoes it. CI runs it on a copy of every push and checks the result.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { parseArgs } from 'node:util'

const root = join(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
    name: { type: 'string' },
  },
})
// A name that is a valid npm package, Prometheus metric prefix (dashes become underscores) and
// error-code prefix (upper case) alike.
const SERVICE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
if (values.name !== undefined && (!SERVICE_NAME.test(values.name) || values.name.length > 40)) {
  console.error(
    `template:strip: --name ${JSON.stringify(values.name)}: use lower-case letters, digits and single dashes, starting with a letter, at most 40 characters (e.g. orders-service)`,
  )
  process.exit(1)
}

/** The exhibits: deleted whole. */
const EXHIBITS = [
  // The exhibits' code, their tests and their tables: three folders.
  'src/exhibits',
  'test/exhibits',
  'migrations/exhibits',
  // The exhibits' tools: the bench and the doctor, the docs and workshop scripts, and their tests.
  'bench',
  'scripts',
  'test/bench',
  'test/scripts',
  'test/architecture',
  'test/swapped-run.ts',
  // The live Prometheus test loads a blocking scenario; the exhibits' dashboard shows their pools.
  'test/observability/prometheus-live.test.ts',
  'observability/grafana/dashboards/exhibits.json',
  // The guides and their test go (they describe the exhibits); the strip writes a README for the service.
  'docs',
  'test/docs.test.ts',
  'test/helpers/load.ts',
  'test/helpers/claims.ts',
  'test/helpers/scratch-database.ts',
  'stryker.config.mjs',
  'vitest.mutation.config.ts',
]
const SCRIPTS = [
  'upstream',
  'bench',
  'bench:check',
  'bench:render',
  'docs',
  'verify',
  'doctor',
  'doctor:check',
  'lint:check',
  'test:swapped',
  'test:mutation',
  'check:imports',
  'template:strip',
  'scenario:remove',
]
const PACKAGES = [
  'diff',
  'piscina',
  '@fastify/under-pressure',
  'autocannon',
  '@types/autocannon',
  '@stryker-mutator/core',
  '@stryker-mutator/vitest-runner',
]
/** Files whose `exhibit:start` … `exhibit:end` blocks are cut (any comment syntax). */
const MARKED = /\.(ts|mts|cts|js|mjs|cjs|json|ya?ml|md)$|^\.env\.example$|^run$/

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
}

function insideGitTree(): boolean {
  try {
    return git('rev-parse', '--is-inside-work-tree').trim() === 'true'
  } catch {
    return false
  }
}

/** A marker is a comment line of its own (`//`, `#` or `<!--`), so prose that names one is not one. */
const START = /^\s*(?:\/\/|#|<!--)\s*exhibit:start\b/
const END = /^\s*(?:\/\/|#|<!--)\s*exhibit:end\b/

/** Removes every line from an `exhibit:start` marker to the next `exhibit:end`, both included. */
function cutExhibits(text: string, file: string): string {
  const out: string[] = []
  let inside = false
  for (const line of text.split('\n')) {
    if (START.test(line)) {
      if (inside) throw new Error(`${file}: exhibit:start inside another block`)
      inside = true
    } else if (END.test(line)) {
      if (!inside) throw new Error(`${file}: exhibit:end without a start`)
      inside = false
    } else if (!inside) out.push(line)
  }
  if (inside) throw new Error(`${file}: exhibit:start never ends`)
  return out.join('\n')
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (['node_modules', '.git', '.data', 'dist', 'coverage'].includes(name)) return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

const README = (name: string) => `# ${name}

A Fastify API in TypeScript: an app factory (\`src/app.ts\`) separate from the server
(\`src/server.ts\`) and the queue worker (\`src/worker.ts\`), one Fastify plugin per resource
(\`src/plugins/\`), one validated, frozen config (\`src/config.ts\`, every variable in
\`.env.example\`), one error catalogue (\`src/errors.ts\`).

What it does for you:
- PostgreSQL through drizzle-orm over postgres.js, with a bounded wait for a pool connection
  (503, never an unbounded queue), a statement timeout, and migrations in \`migrations/\` applied
  at start-up under an advisory lock. With no \`DATABASE_URL\` it starts an embedded PostgreSQL
  (a development dependency).
- Redis (\`REDIS_URL\`, or 127.0.0.1:6379, or a \`redis-server\` on PATH) and a BullMQ queue of
  report jobs: \`POST /jobs/reports\` answers 202 + Location at once, workers retry with backoff,
  jobs that fail every attempt go to a dead-letter queue (\`GET /jobs/dead-letter\`, re-drive).
- \`GET /health\`, \`GET /health/ready\`; the OpenAPI document at \`/docs/json\` and Swagger UI at
  \`/docs\`, generated from the zod schemas that validate every route; Prometheus metrics at
  \`/metrics\`.
- Graceful close on SIGTERM and SIGINT: in-flight requests and jobs finish, nothing is lost.
- A multi-stage \`Dockerfile\` (compiled output only, non-root, HEALTHCHECK) and
  \`docker-compose.yml\` (migrations once, then the API, workers, PostgreSQL, Redis).

## Run

\`\`\`sh
npm ci
npm run dev        # from source (tsx) on http://127.0.0.1:3000, a report worker in the same process
npm run demo       # the same, with example rows seeded once (1,000 customers, 100,000 orders)
npm test           # the suite, against a real PostgreSQL and Redis
npm run lint && npm run typecheck
npm run build      # tsc to dist/
npm start          # the built service, as production runs it (npm run worker: a worker alone)
\`\`\`

## Configure

Every setting is an environment variable, listed with its default and meaning in \`.env.example\`
and validated at start-up (\`src/config.ts\`): a bad value stops the process with its name.

## Migrate

\`migrations/\` holds the schema's history; \`npm run db:generate\` writes the next one from
\`src/db/schema.ts\`. Start-up applies what the database lacks (\`DB_MIGRATE_ON_START\`, on by
default); \`npm run db:migrate\` (\`node dist/db/cli.js migrate\` in the image) does it alone, the
job to run once before the replicas. Start-up never writes example rows: \`npm run db:seed\` or
\`DEMO_DATA=true\` only.

## Deploy

\`docker build .\` gives a non-root image that runs \`node dist/server.js\` (\`node dist/worker.js\`
for a worker); \`docker compose up\` runs the migrations once, then the API and two workers with
PostgreSQL and Redis. \`/health/ready\` is the readiness probe, \`/metrics\` the Prometheus
endpoint (alert rules in \`observability/\`), and SIGTERM drains requests and jobs before the
process exits.
`

if (insideGitTree() && !values.force && git('status', '--porcelain').trim() !== '') {
  console.error(
    'template:strip: the tree has uncommitted changes; commit them first (or pass --force), so `git checkout .` can undo the strip',
  )
  process.exit(1)
}

for (const path of EXHIBITS) rmSync(join(root, path), { recursive: true, force: true })
// A build made before the strip holds the exhibits compiled: `npm run build` makes the service's.
rmSync(join(root, 'dist'), { recursive: true, force: true })

let cut = 0
for (const file of files(root)) {
  const name = relative(root, file)
  if (!MARKED.test(name.split('/').pop()!) || name === 'README.md') continue
  const text = readFileSync(file, 'utf8')
  if (!text.split('\n').some((line) => START.test(line))) continue
  writeFileSync(file, cutExhibits(text, name))
  cut++
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  description: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
pkg.description =
  'A Fastify API: PostgreSQL, a Redis job queue with retries and a dead-letter queue, OpenAPI, graceful close.'
for (const script of SCRIPTS) delete pkg.scripts[script]
for (const name of PACKAGES) {
  delete pkg.dependencies[name]
  delete pkg.devDependencies[name]
}
writeFileSync(join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
writeFileSync(join(root, 'README.md'), README(values.name ?? 'Service'))
if (values.name !== undefined) console.log(`template:strip: ${renameService(values.name)}`)

/** Every mention of blindspots, in text and in file names, becomes the service's own name. */
function renameService(name: string): string {
  const snake = name.replaceAll('-', '_')
  const rename = (text: string) =>
    text
      .replace(/\bBS_/g, `${snake.toUpperCase()}_`)
      .replace(/blindspots_/g, `${snake}_`)
      .replace(/blindspots/gi, name)
  let changed = 0
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8')
    if (text.includes('\0')) continue
    const renamed = rename(text)
    if (renamed !== text) {
      writeFileSync(file, renamed)
      changed++
    }
    if (/blindspots/i.test(basename(file))) renameSync(file, join(dirname(file), rename(basename(file))))
  }
  return `named ${name}: ${changed} files changed (metrics ${snake}_*, error codes ${snake.toUpperCase()}_*)`
}

console.log(
  `template:strip: removed ${EXHIBITS.filter((p) => !existsSync(join(root, p))).length} exhibit paths, cut exhibit blocks from ${cut} files, dropped ${SCRIPTS.length} scripts and ${PACKAGES.length} packages`,
)
// A cut block leaves two blank lines where it stood, a longer name a line past the width: the
// stripped tree must pass its own format:check, so Prettier (a dev dependency it keeps) rewrites
// what needs it.
const prettier = join(root, 'node_modules', '.bin', 'prettier')
if (existsSync(prettier)) execFileSync(prettier, ['--write', '--log-level=warn', '.'], { cwd: root, stdio: 'inherit' })
else console.log('template:strip: Prettier is not installed here: run npm run format once npm install has')
if (!values['no-install']) execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
console.log('template:strip: done. Next: npm run lint && npm run format:check && npm run typecheck && npm test')
