import type { Node } from './cst.js';

/**
 * The child nodes of `node`, in source order. Comments are not children: they
 * are reached through `File.comments` and the `leadComments`/`lineComment` of
 * the items that own them.
 */
export function children(node: Node): Node[] {
  switch (node.kind) {
    case 'File':
      return [node.body];
    case 'Body':
      return node.items;
    case 'Attribute':
      return [node.value];
    case 'Block':
      return [...node.labels, node.body];
    case 'Template':
    case 'Heredoc':
      return node.parts;
    case 'GetAttr':
    case 'Splat':
      return [node.object];
    case 'Index':
      return [node.object, node.key];
    case 'FunctionCall':
      return node.args;
    case 'Tuple':
    case 'Object':
      return node.items;
    case 'TupleItem':
      return [node.value];
    case 'ObjectItem':
      return [node.key, node.value];
    case 'ForExpr': {
      const out: Node[] = [node.collection];
      if (node.keyExpr) out.push(node.keyExpr);
      out.push(node.valueExpr);
      if (node.condition) out.push(node.condition);
      return out;
    }
    case 'Conditional':
      return [node.condition, node.trueExpr, node.falseExpr];
    case 'Binary':
      return [node.left, node.right];
    case 'Unary':
      return [node.operand];
    case 'Parens':
    case 'TemplateInterpolation':
      return [node.expr];
    case 'TemplateIf':
      return [node.condition, ...node.then, ...node.else];
    case 'TemplateFor':
      return [node.collection, ...node.body];
    case 'BlockLabel':
    case 'Comment':
    case 'NumberLit':
    case 'BoolLit':
    case 'NullLit':
    case 'Variable':
    case 'ErrorExpr':
    case 'TemplateText':
      return [];
  }
}

/**
 * Visits `node` and its descendants depth-first in source order (pre-order).
 * `visit` receives each node and its parent in the walk (`node.parent` for the
 * start node); returning `false` skips that node's children. Iterative, so
 * arbitrarily deep trees cannot overflow the stack.
 */
// `void | false` lets callbacks without a return statement (inferred `void`) be passed.
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export function walk(node: Node, visit: (node: Node, parent: Node | undefined) => void | false): void {
  const stack: Node[] = [node];
  const parents: (Node | undefined)[] = [node.parent];
  for (;;) {
    const current = stack.pop();
    if (current === undefined) return;
    const parent = parents.pop();
    if (visit(current, parent) === false) continue;
    const list = children(current);
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push(list[i]!);
      parents.push(current);
    }
  }
}
