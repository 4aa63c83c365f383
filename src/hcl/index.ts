export type * from './cst.js';
export { lex, type LexResult } from './lexer.js';
export { parse, MAX_NESTING_DEPTH } from './parser.js';
export { print, nodeText } from './print.js';
export { walk, children } from './walk.js';
export { LineIndex } from './line-index.js';
export {
  getAttribute,
  getAttributes,
  getBlocks,
  stringValue,
  traversalPath,
  isTraversal,
  indentationAt,
  enclosingBlocks,
  blockAddress,
} from './query.js';
export * from './json.js';
