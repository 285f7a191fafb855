// @ts-check
/**
 * One password hash, in a worker thread of the pool (hash-threads.ts). Plain JS so that worker
 * threads need no TypeScript loader. The task's shape is HashTask (password-hashing.ts).
 * CommonJS on purpose: piscina loads a task file with require() first, and on Node 20.19+ a
 * require() of an ES module takes the require(esm) path, which once aborted a whole test process
 * here with a native assertion (ModuleWrap::CreateRequiredModuleFacade); the same crash class is
 * reported with piscina on Node 22 (https://github.com/jhipster/generator-jhipster/pull/32899).
 * A CommonJS file takes the plain require path.
 */
'use strict'
const { scryptSync } = require('node:crypto')

/** @param {{ password: string, salt: string, cost: number, keyLength: number }} task */
module.exports = function hash({ password, salt, cost, keyLength }) {
  return scryptSync(password, Buffer.from(salt, 'base64'), keyLength, { N: cost, r: 8, p: 1 }).toString('base64')
}
