/**
 * `npm run bench:render [-- path/to/report.html]`: opens the HTML report in headless Chromium as a
 * reader would, saves a full-page screenshot to .data/ (never committed) and counts the page's
 * errors (script errors and console messages, which the page should have none of: it has no
 * script). Exits 1 on any; skips, saying so, when no Chromium is on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const report = resolve(process.argv[2] ?? 'bench/results/latest.html')
const screenshot = resolve('.data/report.png')

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
    } catch {
      // not this one
    }
  }
  return undefined
}

const chromium = findChromium()
if (!chromium) {
  console.log('bench:render skipped: no chromium on PATH (apt-get install chromium)')
  process.exit(0)
}
mkdirSync('.data', { recursive: true })
const run = spawnSync(
  chromium,
  [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--enable-logging=stderr',
    '--v=0',
    '--window-size=1100,9000',
    `--screenshot=${screenshot}`,
    pathToFileURL(report).href,
  ],
  { encoding: 'utf8', timeout: 60_000 },
)
const pageErrors = (run.stderr ?? '').split('\n').filter((line) => /:CONSOLE[:(]/.test(line))
if (run.status !== 0) {
  console.error(`bench:render: chromium exited ${run.status}\n${run.stderr}`)
  process.exit(1)
}
console.log(
  `bench:render: ${report} rendered, ${pageErrors.length} page errors; screenshot ${screenshot} (${Math.round(statSync(screenshot).size / 1024)} KB)`,
)
for (const line of pageErrors) console.error(`  ${line}`)
process.exitCode = pageErrors.length === 0 ? 0 : 1
