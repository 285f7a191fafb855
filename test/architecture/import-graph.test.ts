/**
 * The layout's promises, checked on the real import graph (import-graph.ts): scenario folders are
 * closed rooms, config and the worker reach no scenario, and nothing imports in a circle. The
 * checker itself is tested on small graphs, so a rule that stopped firing would show here.
 */
import { describe, expect, it } from 'vitest'
import { readImportGraph, violations, type ImportGraph } from './import-graph.js'

const graph = (edges: Record<string, string[]>): ImportGraph => ({ edges: new Map(Object.entries(edges)) })

describe('the import graph', () => {
  it('has no import between scenarios, none into a scenario but the registry, no entry point that reaches one, no cycle', () => {
    const real = readImportGraph()
    expect(real.edges.size).toBeGreaterThan(50)
    expect(violations(real)).toEqual([])
  })

  it('catches each kind of violation', () => {
    const found = violations(
      graph({
        'src/exhibits/scenarios/index.ts': ['src/exhibits/scenarios/a/index.ts', 'src/exhibits/scenarios/b/index.ts'],
        'src/exhibits/scenarios/a/index.ts': [
          'src/exhibits/scenarios/b/contract.ts',
          'src/exhibits/scenario-kit/scenario.ts',
        ],
        'src/exhibits/scenarios/b/index.ts': ['src/exhibits/scenarios/b/contract.ts'],
        'src/exhibits/scenarios/b/contract.ts': [],
        'src/exhibits/scenario-kit/scenario.ts': [],
        'bench/run.ts': ['src/exhibits/scenarios/b/contract.ts'],
        'src/config.ts': ['src/exhibits/scenarios/index.ts'],
        'src/x.ts': ['src/y.ts'],
        'src/y.ts': ['src/x.ts'],
      }),
    )
    expect(found.map((v) => `${v.rule}: ${v.detail}`)).toEqual([
      'between scenarios: src/exhibits/scenarios/a/index.ts → src/exhibits/scenarios/b/contract.ts',
      'into a scenario: bench/run.ts → src/exhibits/scenarios/b/contract.ts',
      expect.stringMatching(
        /^entry point reaches a scenario: src\/config.ts → src\/exhibits\/scenarios\/a\/index.ts, .*src\/exhibits\/scenarios\/index.ts$/,
      ),
      'circular: src/x.ts ⇄ src/y.ts',
    ])
  })
})
