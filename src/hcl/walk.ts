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
 * Pushes the children of `node` onto `stack` in reverse source order (so that
 * popping yields them in source order), each with `node` as its parent: the
 * same nodes as `children(node)`, without allocating a list per node.
 */
function pushChildren(node: Node, stack: Node[], parents: Node[]): void {
  switch (node.kind) {
    case 'File':
      stack.push(node.body);
      parents.push(node);
      return;
    case 'Body':
    case 'Tuple':
    case 'Object':
      pushList(node.items, node, stack, parents);
      return;
    case 'Attribute':
    case 'TupleItem':
      stack.push(node.value);
      parents.push(node);
      return;
    case 'Block':
      stack.push(node.body);
      parents.push(node);
      pushList(node.labels, node, stack, parents);
      return;
    case 'Template':
    case 'Heredoc':
      pushList(node.parts, node, stack, parents);
      return;
    case 'GetAttr':
    case 'Splat':
      stack.push(node.object);
      parents.push(node);
      return;
    case 'Index':
      stack.push(node.key, node.object);
      parents.push(node, node);
      return;
    case 'FunctionCall':
      pushList(node.args, node, stack, parents);
      return;
    case 'ObjectItem':
      stack.push(node.value, node.key);
      parents.push(node, node);
      return;
    case 'ForExpr':
      if (node.condition) {
        stack.push(node.condition);
        parents.push(node);
      }
      stack.push(node.valueExpr);
      parents.push(node);
      if (node.keyExpr) {
        stack.push(node.keyExpr);
        parents.push(node);
      }
      stack.push(node.collection);
      parents.push(node);
      return;
    case 'Conditional':
      stack.push(node.falseExpr, node.trueExpr, node.condition);
      parents.push(node, node, node);
      return;
    case 'Binary':
      stack.push(node.right, node.left);
      parents.push(node, node);
      return;
    case 'Unary':
      stack.push(node.operand);
      parents.push(node);
      return;
    case 'Parens':
    case 'TemplateInterpolation':
      stack.push(node.expr);
      parents.push(node);
      return;
    case 'TemplateIf':
      pushList(node.else, node, stack, parents);
      pushList(node.then, node, stack, parents);
      stack.push(node.condition);
      parents.push(node);
      return;
    case 'TemplateFor':
      pushList(node.body, node, stack, parents);
      stack.push(node.collection);
      parents.push(node);
      return;
    case 'BlockLabel':
    case 'Comment':
    case 'NumberLit':
    case 'BoolLit':
    case 'NullLit':
    case 'Variable':
    case 'ErrorExpr':
    case 'TemplateText':
      return;
  }
}

function pushList(list: readonly Node[], parent: Node, stack: Node[], parents: Node[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    stack.push(list[i]!);
    parents.push(parent);
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
  if (visit(node, node.parent) === false) return;
  const stack: Node[] = [];
  const parents: Node[] = [];
  pushChildren(node, stack, parents);
  while (stack.length > 0) {
    const current = stack.pop()!;
    const parent = parents.pop()!;
    if (visit(current, parent) !== false) pushChildren(current, stack, parents);
  }
}
