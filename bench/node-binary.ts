/**
 * The node binary of a major line: this process's own when it is that line, otherwise the
 * registry's binary package (node-<os>-<cpu>@<major>, which holds bin/node), installed once under
 * .data/node-<major>, the folder `.ci/use-node` uses too.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../src/infra/child-process.js'

const CPU: Record<string, string> = { x64: 'x64', arm64: 'arm64' }

export function nodeBinary(major: number, log: (line: string) => void = () => {}): string {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath
  const cpu = CPU[process.arch] ?? process.arch
  const pkg = `node-${process.platform}-${cpu}`
  const dir = join(projectRoot, '.data', `node-${major}`)
  const bin = join(dir, 'node_modules', pkg, 'bin', 'node')
  if (!existsSync(bin)) {
    log(`node ${major}: installing ${pkg}@${major} from the registry into .data/`)
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${pkg}@${major}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
  }
  return bin
}

/** `v24.22.3` of a binary. */
export const nodeVersionOf = (bin: string): string => execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()
