// @ts-check
/**
 * Blind spot 3b: OFFSET paging fed by a request. The database reads and throws away every row
 * before the page, so page N costs N pages, and a client can ask for page 10,000. A keyset
 * (WHERE (created_at, id) < the last row's) reads only the page.
 */
import { calleeName, requestPathOf } from '../ast.js'

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'no OFFSET paging on a request path', url: 'lint/README.md#no-offset-pagination' },
    messages: {
      offset:
        'Blind spot 3, OFFSET paging: the database reads every row before the page and discards it, so deep pages cost the whole table. Page by a keyset (the last row seen). Lesson: src/exhibits/scenarios/pagination/README.md',
    },
    schema: [],
  },
  create(context) {
    /** @param {import('eslint').Rule.Node} node */
    const sqlOffset = (node, /** @type {string} */ text) => {
      if (/\bOFFSET\s+(\$|\?|:)/i.test(text) && requestPathOf(node) !== null)
        context.report({ node, messageId: 'offset' })
    }
    return {
      CallExpression(node) {
        const [argument] = node.arguments
        if (calleeName(node.callee) !== 'offset' || argument === undefined || argument.type === 'Literal') return
        // Reported at `.offset`, where a chain spans lines: the line a disable comment goes above.
        const at = node.callee.type === 'MemberExpression' ? node.callee.property : node
        if (requestPathOf(node) !== null) context.report({ node: at, messageId: 'offset' })
      },
      // OFFSET in SQL text with a parameter after it: `… OFFSET ${skip}` in a sql`` template, or `OFFSET $2`.
      TemplateLiteral(node) {
        const parts = node.quasis.map((q) => q.value.cooked ?? '')
        if (parts.slice(0, -1).some((part) => /\bOFFSET\s*$/i.test(part)) && requestPathOf(node) !== null)
          context.report({ node, messageId: 'offset' })
      },
      Literal(node) {
        if (typeof node.value === 'string') sqlOffset(node, node.value)
      },
    }
  },
}
