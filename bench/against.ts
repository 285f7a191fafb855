/**
 * `npm run bench -- --against <commit>`: this tree against an older one, in the same run, on the
 * same machine, Postgres, Redis and upstream, round after round (bench/by-version.ts pairs them).
 * Machines differ; the ratio of one tree to the other on one machine travels, absolute figures
 * do not. The older tree is checked out once under .data/against/<commit> (a git worktree, its own
 * `npm ci`) and runs as that commit ran (its own scripts' node flags unknown here: none), on a
 * database of its own on the same server, seeded by its own code: its migrations are its own.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { projectRoot } from '../src/infra/child-process.js'
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import type { ByVersionResults, ComparedLine } from './by-version.js'
import { thisRuntime } from './api-process.js'
import { spanText } from './stats.js'

const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8' }).trim()

/** The older tree's line and this tree's, in that order (the first is the base of every ratio). */
export async function againstLines(
  ref: string,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<ComparedLine[]> {
  const commit = git('rev-parse', '--short', `${ref}^{commit}`)
  const root = join(projectRoot, '.data', 'against', commit)
  if (!existsSync(join(root, 'package.json'))) {
    log(`--against ${ref}: checking out ${commit} into ${root}`)
    git('worktree', 'add', '--force', '--detach', root, commit)
  }
  if (!existsSync(join(root, 'node_modules'))) {
    log(`--against ${ref}: npm ci in ${root}`)
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' })
  }
  return [
    {
      label: commit,
      node: process.execPath,
      flags: [],
      root,
      env: { DATABASE_URL: await databaseBeside(databaseUrl, commit) },
    },
    { label: `${git('rev-parse', '--short', 'HEAD')} (this tree)`, ...thisRuntime },
  ]
}

/** A database named after `commit` on the server of `url`, made if missing; its URL. */
async function databaseBeside(url: string, commit: string): Promise<string> {
  const target = new URL(url)
  const name = `${target.pathname.slice(1) || 'postgres'}_against_${commit}`
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`
    if (!found) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  target.pathname = `/${name}`
  return target.toString()
}

/**
 * The export scenario's workload asks for NDJSON; the volume rows of issue-sized comparisons also
 * want CSV: the same scenario under another name, its request asking for CSV.
 */
export function csvExport(scenario: Scenario): Scenario {
  return {
    ...scenario,
    name: `${scenario.name}-csv`,
    workload: {
      ...scenario.workload,
      request: (path, conditions) => {
        const request = scenario.workload.request(path, conditions)
        return { ...request, path: `${request.path}${request.path.includes('?') ? '&' : '?'}format=csv` }
      },
    },
  }
}

/** The issue-sized rows of an against run, for the README: each variant's req/s and CPU ratios. */
export function againstSummary(results: ByVersionResults, link: string): string[] {
  const [then, now] = results.meta.versions
  const x = (i: { estimate: number; low: number; high: number } | null | undefined) =>
    i ? `${i.estimate.toFixed(2)}× [${spanText(i, 2)}]` : '–'
  const rows = results.rows.filter((r) => r.role === 'optimized')
  // The run's scenarios, less the CSV one --against adds itself.
  const scenarios = [...new Set(results.rows.map((r) => r.scenario))].filter((s) => !s.endsWith('-csv'))
  const command = `npm run bench -- --against ${then} ${scenarios.map((s) => `--scenario ${s}`).join(' ')}`
  return [
    `\`${command} --rounds ${results.meta.rounds} --duration ${results.meta.durationSec}\` (${results.meta.machine}; ${results.meta.date.slice(0, 10)}): ${now} ÷ ${then}, req/s and CPU per request [95%] ([all rows](${link})):`,
    '',
    ...rows.map(
      (r) =>
        `- ${r.scenario}/${r.variant}${r.versus === undefined ? '' : ` (new; against ${then}'s fastest, ${r.versus})`}: req/s ${x(r.ratios[now!])}, CPU per request ${x(r.cpuRatios[now!])}`,
    ),
  ]
}
