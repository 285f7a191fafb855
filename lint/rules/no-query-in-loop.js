// @ts-check
/**
 * Blind spot 2b (N+1): a query awaited inside a loop on a request path. One query for the list,
 * then one round trip per row: the latency is the row count times a round trip, and each holds a
 * pool connection in turn. A join, or one `WHERE id IN (…)` query, does it in one.
 */
import { chainNames, requestPathOf } from '../ast.js'

const QUERY = new Set(['select', 'execute', 'query', 'insert', 'update', 'delete', 'findFirst', 'findMany', 'sql'])
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement'])

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'no database query awaited in a loop on a request path (N+1)',
      url: 'lint/README.md#no-query-in-loop',
    },
    messages: {
      loop: 'Blind spot 2, N+1 queries: `{{name}}` is awaited once per loop turn, a round trip per row. Fetch the rows in one query (a join, or WHERE id IN (…)). Lesson: src/exhibits/scenarios/n-plus-one/README.md',
    },
    schema: [],
  },
  create(context) {
    return {
      AwaitExpression(node) {
        const fn = requestPathOf(node)
        if (fn === null) return
        // A loop between the await and its own function; `for await` reads a stream, one query.
        let inLoop = false
        for (
          let at = /** @type {import('eslint').Rule.Node | null} */ (node.parent);
          at && !isFunction(at);
          at = at.parent
        )
          if (LOOPS.has(at.type) && !(at.type === 'ForOfStatement' && at.await)) inLoop = true
        const name = chainNames(node.argument).find((n) => QUERY.has(n))
        if (inLoop && name) context.report({ node, messageId: 'loop', data: { name } })
      },
    }
  },
}

/** @param {import('estree').Node} node */
const isFunction = (node) =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
