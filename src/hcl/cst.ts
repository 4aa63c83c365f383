/**
 * The concrete syntax tree of an HCL2 native-syntax file.
 *
 * Invariants (every producer and consumer relies on them):
 * - Offsets (`start`, `end`) are UTF-16 code-unit indexes into `File.source`,
 *   half-open: the node's text is `source.slice(start, end)`.
 * - Lines and columns are 1-based. A column counts Unicode code points from the
 *   start of the line (a non-BMP character is one column; a tab is one column).
 *   `endLine`/`endColumn` is the position just after the node's last character.
 * - The token list of a file tiles its source: concatenating the text of every
 *   token (trivia included) in order gives the source byte for byte. Printing is
 *   therefore lossless by construction (see `print`).
 * - A parent's range covers its children's ranges. Every node except the File
 *   has a `parent`.
 * - Bodies keep their items in source order (duplicates stay visible).
 * - Comments are never lost: each comment token is in `File.tokens`, and the
 *   comments that belong to an item are also referenced from it (`leadComments`,
 *   `lineComment`) following hclwrite's ownership: comments on the lines directly
 *   above an item (no blank line between) lead it; a comment after the item on
 *   its last line is its line comment.
 */

export type TokenKind =
  // trivia
  | 'Whitespace' // spaces and tabs (never newlines)
  | 'Comment' // `# …`, `// …` (without the line ending) or `/* … */`
  | 'BOM' // U+FEFF at offset 0
  // structure
  | 'Newline' // "\n" or "\r\n" (or a lone "\r"): significant in HCL
  | 'Ident'
  | 'Number'
  | 'OBrace'
  | 'CBrace'
  | 'OBrack'
  | 'CBrack'
  | 'OParen'
  | 'CParen'
  | 'Equal'
  | 'Colon'
  | 'Comma'
  | 'Dot'
  | 'Ellipsis'
  | 'Question'
  | 'FatArrow'
  | 'Star'
  | 'Slash'
  | 'Percent'
  | 'Plus'
  | 'Minus'
  | 'Bang'
  | 'EqualOp' // ==
  | 'NotEqual'
  | 'LessThan'
  | 'LessThanEq'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'And'
  | 'Or'
  // templates
  | 'OQuote' // opening `"`
  | 'CQuote' // closing `"`
  | 'OHeredoc' // `<<EOF` or `<<-EOF` including the line ending after the marker
  | 'CHeredoc' // the closing marker line's leading whitespace and marker
  | 'TemplateLiteral' // literal text inside a quoted template or heredoc
  | 'TemplateInterp' // `${` or `${~`
  | 'TemplateControl' // `%{` or `%{~`
  | 'TemplateSeqEnd' // `}` or `~}` closing an interpolation or directive
  | 'Invalid' // a character that starts no token; reported as a diagnostic
  | 'EOF'; // zero-width, at the end of the source

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** 1-based line and code-point column of `start`. */
  readonly line: number;
  readonly column: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in Unicode code points. */
  readonly column: number;
}

export interface Range {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type NodeKind =
  | 'File'
  | 'Body'
  | 'Attribute'
  | 'Block'
  | 'BlockLabel'
  | 'Comment'
  // expressions
  | 'NumberLit'
  | 'BoolLit'
  | 'NullLit'
  | 'Template' // quoted string, possibly with interpolations/directives
  | 'Heredoc'
  | 'Variable' // a bare identifier used as an expression root: `var`, `local`, `each`, …
  | 'GetAttr' // obj.name
  | 'Index' // obj[key] and the legacy obj.0 form
  | 'Splat' // obj[*] or obj.*; traversals after it apply to each element
  | 'FunctionCall'
  | 'Tuple'
  | 'TupleItem'
  | 'Object'
  | 'ObjectItem'
  | 'ForExpr'
  | 'Conditional'
  | 'Binary'
  | 'Unary'
  | 'Parens'
  | 'ErrorExpr'
  // template parts
  | 'TemplateText'
  | 'TemplateInterpolation'
  | 'TemplateIf'
  | 'TemplateFor';

export interface NodeBase extends Range {
  readonly kind: NodeKind;
  /** Set for every node except File. Mutable only while the parser builds the tree. */
  parent: Node | undefined;
}

export interface Comment extends NodeBase {
  readonly kind: 'Comment';
  readonly style: '#' | '//' | '/*';
  /** The full comment text including its opening marker (and `*\/` for block comments). */
  readonly text: string;
}

/** Comment ownership shared by body items, tuple items and object items. */
export interface Commented {
  /** Comments on the lines directly above the item (no blank line in between). */
  readonly leadComments: Comment[];
  /** The comment after the item (after its comma, if any) on the item's last line. */
  lineComment: Comment | undefined;
}

export interface File extends NodeBase {
  readonly kind: 'File';
  readonly path: string;
  readonly source: string;
  /** Every token including trivia, in source order, ending with EOF. */
  readonly tokens: Token[];
  readonly body: Body;
  /** Every comment in the file, in source order. */
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
  readonly hasBom: boolean;
  /** The dominant line ending of the file. */
  readonly eol: '\n' | '\r\n';
}

export interface Body extends NodeBase {
  readonly kind: 'Body';
  readonly items: BodyItem[];
}

export type BodyItem = Attribute | Block;

export interface Attribute extends NodeBase, Commented {
  readonly kind: 'Attribute';
  readonly name: string;
  readonly nameRange: Range;
  readonly equalsRange: Range;
  readonly value: Expression;
}

export interface BlockLabel extends NodeBase {
  readonly kind: 'BlockLabel';
  /** The label's value (decoded, without quotes). */
  readonly value: string;
  readonly quoted: boolean;
}

export interface Block extends NodeBase, Commented {
  readonly kind: 'Block';
  readonly type: string;
  readonly typeRange: Range;
  readonly labels: BlockLabel[];
  readonly openBrace: Range;
  /** Absent only when the block is unterminated (a diagnostic is reported). */
  readonly closeBrace: Range | undefined;
  readonly body: Body;
  /** `name { a = 1 }` written on one line. */
  readonly oneLine: boolean;
}

export type Expression =
  | NumberLit
  | BoolLit
  | NullLit
  | Template
  | Heredoc
  | Variable
  | GetAttr
  | Index
  | Splat
  | FunctionCall
  | Tuple
  | ObjectExpr
  | ForExpr
  | Conditional
  | Binary
  | Unary
  | Parens
  | ErrorExpr;

export interface NumberLit extends NodeBase {
  readonly kind: 'NumberLit';
  /** The source text, e.g. `1e3`. */
  readonly raw: string;
}

export interface BoolLit extends NodeBase {
  readonly kind: 'BoolLit';
  readonly value: boolean;
}

export interface NullLit extends NodeBase {
  readonly kind: 'NullLit';
}

export type TemplatePart = TemplateText | TemplateInterpolation | TemplateIf | TemplateFor;

export interface TemplateText extends NodeBase {
  readonly kind: 'TemplateText';
  /** The source text of the literal run (escapes not decoded). */
  readonly raw: string;
  /** The decoded value: escapes (`\n`, `\"`, `\u…`, `$${`, `%%{`) resolved. Heredoc text is not unescaped except `$${`/`%%{`. */
  readonly value: string;
}

export interface StripMarkers {
  /** `${~` / `%{~`: strip whitespace before the sequence. */
  readonly stripLeft: boolean;
  /** `~}`: strip whitespace after the sequence. */
  readonly stripRight: boolean;
}

export interface TemplateInterpolation extends NodeBase, StripMarkers {
  readonly kind: 'TemplateInterpolation';
  readonly expr: Expression;
}

/** A directive clause: `%{ if cond }`, `%{ else }`, `%{ endif }`, `%{ for … }`, `%{ endfor }`. */
export interface Directive extends Range, StripMarkers {
  readonly keyword: 'if' | 'else' | 'endif' | 'for' | 'endfor';
}

export interface TemplateIf extends NodeBase {
  readonly kind: 'TemplateIf';
  readonly ifDirective: Directive;
  readonly condition: Expression;
  readonly then: TemplatePart[];
  readonly elseDirective: Directive | undefined;
  readonly else: TemplatePart[];
  readonly endDirective: Directive | undefined;
}

export interface TemplateFor extends NodeBase {
  readonly kind: 'TemplateFor';
  readonly forDirective: Directive;
  readonly keyVar: string | undefined;
  readonly valueVar: string;
  readonly collection: Expression;
  readonly body: TemplatePart[];
  readonly endDirective: Directive | undefined;
}

export interface Template extends NodeBase {
  readonly kind: 'Template';
  readonly parts: TemplatePart[];
}

export interface Heredoc extends NodeBase {
  readonly kind: 'Heredoc';
  /** The delimiter word, e.g. `EOF`. */
  readonly marker: string;
  /** `<<-` (flush: the body's common leading whitespace is removed). */
  readonly indented: boolean;
  readonly parts: TemplatePart[];
  /** The range of the body (between the opening line and the closing marker line). */
  readonly bodyRange: Range;
}

export interface Variable extends NodeBase {
  readonly kind: 'Variable';
  readonly name: string;
}

export interface GetAttr extends NodeBase {
  readonly kind: 'GetAttr';
  readonly object: Expression;
  readonly name: string;
  readonly nameRange: Range;
}

export interface Index extends NodeBase {
  readonly kind: 'Index';
  readonly object: Expression;
  readonly key: Expression;
  /** The legacy `obj.0` form. */
  readonly legacy: boolean;
}

export interface Splat extends NodeBase {
  readonly kind: 'Splat';
  readonly object: Expression;
  /** `[*]` (full) or `.*` (attribute-only). */
  readonly style: 'full' | 'attr';
}

export interface FunctionCall extends NodeBase {
  readonly kind: 'FunctionCall';
  /** May contain `::` for provider functions. */
  readonly name: string;
  readonly nameRange: Range;
  readonly args: Expression[];
  /** The final argument is followed by `...`. */
  readonly expandFinal: boolean;
}

export interface Tuple extends NodeBase {
  readonly kind: 'Tuple';
  readonly items: TupleItem[];
  readonly openBracket: Range;
  readonly closeBracket: Range | undefined;
}

export interface TupleItem extends NodeBase, Commented {
  readonly kind: 'TupleItem';
  readonly value: Expression;
  /** The comma after the value, when present. */
  readonly comma: Range | undefined;
}

export interface ObjectExpr extends NodeBase {
  readonly kind: 'Object';
  readonly items: ObjectItem[];
  readonly openBrace: Range;
  readonly closeBrace: Range | undefined;
}

export interface ObjectItem extends NodeBase, Commented {
  readonly kind: 'ObjectItem';
  /** A bare identifier key is a `Variable` node; `(expr)` keys are `Parens`. */
  readonly key: Expression;
  readonly separator: '=' | ':';
  readonly value: Expression;
  /** The comma after the value, when present. */
  readonly comma: Range | undefined;
}

export interface ForExpr extends NodeBase {
  readonly kind: 'ForExpr';
  /** `[for …]` produces a tuple, `{for …}` an object. */
  readonly type: 'tuple' | 'object';
  readonly keyVar: string | undefined;
  readonly valueVar: string;
  readonly collection: Expression;
  /** Object for: the key expression before `=>`. */
  readonly keyExpr: Expression | undefined;
  readonly valueExpr: Expression;
  /** Object for: `...` grouping after the value. */
  readonly grouping: boolean;
  readonly condition: Expression | undefined;
}

export interface Conditional extends NodeBase {
  readonly kind: 'Conditional';
  readonly condition: Expression;
  readonly trueExpr: Expression;
  readonly falseExpr: Expression;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface Binary extends NodeBase {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly operatorRange: Range;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Unary extends NodeBase {
  readonly kind: 'Unary';
  readonly operator: '!' | '-';
  readonly operand: Expression;
}

export interface Parens extends NodeBase {
  readonly kind: 'Parens';
  readonly expr: Expression;
}

/** Stands where an expression failed to parse; a diagnostic says why. */
export interface ErrorExpr extends NodeBase {
  readonly kind: 'ErrorExpr';
}

export type Node =
  | File
  | Body
  | Attribute
  | Block
  | BlockLabel
  | Comment
  | Expression
  | TupleItem
  | ObjectItem
  | TemplatePart;

export interface Diagnostic extends Range {
  readonly severity: 'error';
  /** Short, e.g. "Unterminated template string". */
  readonly summary: string;
  /** One sentence: what was found and what was expected. */
  readonly detail: string;
}
