// @ts-check
/**
 * What the rules share: where a request path begins, and the names a call goes by. A request path
 * is a function that serves a request: its first parameter is the request (`request`, `req`, with
 * or without a leading underscore), as in a Fastify handler or hook, or any function nested in one
 * (a callback run for the request). Start-up code, where a synchronous read or a client built once
 * is right, is not one.
 */

/** @typedef {import('eslint').Rule.Node} Node */
/** @typedef {import('estree').Node} EsNode */

const REQUEST_PARAM = /^_?(request|req)$/

/** @param {EsNode} fn */
function takesRequest(fn) {
  if (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')
    return false
  const first = fn.params[0]
  return first?.type === 'Identifier' && REQUEST_PARAM.test(first.name)
}

/**
 * The request-path function `node` runs in, or null.
 * @param {Node} node
 * @returns {Node | null}
 */
export function requestPathOf(node) {
  for (let at = node.parent; at; at = at.parent) if (takesRequest(at)) return at
  return null
}

/**
 * A callee's last name: `readFileSync` for `readFileSync()`, `fs.readFileSync()` and `this.#x.readFileSync()`.
 * @param {EsNode} callee
 * @returns {string | null}
 */
export function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name
  if (callee.type === 'MemberExpression') {
    const { property } = callee
    if (property.type === 'Identifier' || property.type === 'PrivateIdentifier') return property.name
  }
  return null
}

/**
 * The name of what a method is called on: `syncSql` for `syncSql.query()`, `lock` for `this.#lock.run()`.
 * @param {EsNode} callee
 * @returns {string | null}
 */
export function receiverName(callee) {
  if (callee.type !== 'MemberExpression') return null
  const object = callee.object
  if (object.type === 'Identifier') return object.name
  if (object.type === 'MemberExpression') return calleeName(object)
  return null
}

/**
 * Every method name along a call chain: `db.select().from(t).where(x)` gives where, from, select.
 * @param {EsNode} node
 * @returns {string[]}
 */
export function chainNames(node) {
  /** @type {string[]} */
  const names = []
  let at = /** @type {EsNode | null} */ (node)
  while (at) {
    if (at.type === 'CallExpression') {
      const name = calleeName(at.callee)
      if (name) names.push(name)
      at = at.callee.type === 'MemberExpression' ? at.callee.object : null
    } else if (at.type === 'MemberExpression') at = at.object
    else if (at.type === 'TaggedTemplateExpression') {
      const tag = at.tag.type === 'Identifier' ? at.tag.name : calleeName(at.tag)
      if (tag) names.push(tag)
      at = null
    } else at = null
  }
  return names
}

/** The lesson of each blind spot, for the rules' messages and docs. */
export const LESSON = (/** @type {string} */ room) => `src/exhibits/scenarios/${room}/README.md`
