import type { File } from './cst.js';

/**
 * The source text of `file`, rebuilt by concatenating the text of every token
 * (trivia included). Because the token list tiles the source, this is the
 * original text byte for byte, for broken files too.
 */
export function print(file: File): string {
  const { source, tokens } = file;
  const parts = new Array<string>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    parts[i] = source.slice(t.start, t.end);
  }
  return parts.join('');
}

/** The source text of a node (or any range) of `file`. */
export function nodeText(file: File, node: { start: number; end: number }): string {
  return file.source.slice(node.start, node.end);
}
