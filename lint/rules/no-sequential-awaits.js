// @ts-check
/**
 * Blind spot 7a: independent calls awaited one after another on a request path. When the second
 * call needs nothing from the first, the wait for it could have overlapped: the latency is the sum
 * of the calls instead of the slowest one. `Promise.all` (with a timeout on each) runs them together.
 * Awaits that order on purpose are left alone: taking a lock or a connection, opening a transaction.
 */
import { calleeName, requestPathOf } from '../ast.js'

const ORDERING = new Set(['acquire', 'connect', 'lock', 'begin', 'transaction', 'runExclusive', 'reserve'])

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'no independent calls awaited one after another on a request path',
      url: 'lint/README.md#no-sequential-awaits',
    },
    messages: {
      sequential:
        'Blind spot 7, sequential awaits: this call uses nothing `{{previous}}` returned, yet waits for it. Start both and await them together (Promise.all, each with its timeout). Lesson: src/exhibits/scenarios/fan-out/README.md',
    },
    schema: [],
  },
  create(context) {
    const { visitorKeys } = context.sourceCode
    /**
     * The names an expression reads.
     * @param {import('estree').Node} node
     * @param {Set<string>} into
     */
    const namesIn = (node, into) => {
      if (node.type === 'Identifier') into.add(node.name)
      for (const key of visitorKeys[node.type] ?? []) {
        if (node.type === 'MemberExpression' && key === 'property' && !node.computed) continue
        const child = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (node))[key]
        /** @type {unknown[]} */
        const children = Array.isArray(child) ? child : [child]
        for (const c of children)
          if (c && typeof c === 'object' && 'type' in c) namesIn(/** @type {import('estree').Node} */ (c), into)
      }
      return into
    }
    /**
     * The await a statement is, and the names it declares; null when it is not a plain awaited call.
     * @param {import('estree').Statement | import('estree').Directive | import('estree').ModuleDeclaration} statement
     * @returns {{ call: import('estree').CallExpression, declares: Set<string> } | null}
     */
    const awaitedCall = (statement) => {
      /** @type {import('estree').Expression | null | undefined} */
      let expression = null
      /** @type {Set<string>} */
      const declares = new Set()
      if (statement.type === 'ExpressionStatement') expression = statement.expression
      else if (statement.type === 'VariableDeclaration' && statement.declarations.length === 1) {
        const [declarator] = statement.declarations
        expression = declarator?.init
        if (declarator) namesIn(declarator.id, declares)
      }
      if (expression?.type !== 'AwaitExpression' || expression.argument.type !== 'CallExpression') return null
      const name = calleeName(expression.argument.callee)
      if (name !== null && ORDERING.has(name)) return null
      return { call: expression.argument, declares }
    }
    return {
      BlockStatement(block) {
        if (requestPathOf(block) === null) return
        /** @type {Set<string>} */
        let declared = new Set()
        let previous = ''
        let run = 0
        for (const statement of block.body) {
          const awaited = awaitedCall(statement)
          if (awaited === null) {
            run = 0
            declared = new Set()
            continue
          }
          const reads = namesIn(awaited.call, new Set())
          if (run > 0 && ![...declared].some((name) => reads.has(name))) {
            context.report({ node: awaited.call, messageId: 'sequential', data: { previous } })
            run = 0
            declared = new Set()
          }
          run++
          for (const name of awaited.declares) declared.add(name)
          previous = context.sourceCode.getText(awaited.call.callee)
        }
      },
    }
  },
}
