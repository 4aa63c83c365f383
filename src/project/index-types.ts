/**
 * The repository index: what rules know about the whole repository.
 *
 * Covers every file of the repository (not only the linted ones), so that a
 * rule can resolve a namespace defined in another stack or find the callers
 * of a module; a folder is read when it is first asked about (repo-index.ts).
 * Folders are Terraform modules: a stack root, a nested module under a stack,
 * or a shared module.
 */
import type { Attribute, Block, Expression } from '../hcl/cst.js';
import type { SourceFile } from '../engine/types.js';

export type FolderKind = 'stack' | 'nested-module' | 'shared-module' | 'other';

export interface Declared<T extends Block | Attribute = Block> {
  readonly name: string;
  readonly node: T;
  readonly file: SourceFile;
}

export interface ResourceInfo extends Declared {
  /** `resource` or `data`. */
  readonly mode: 'resource' | 'data';
  readonly type: string;
  /** `resource.kubernetes_deployment.web` (or `data.x.y`). */
  readonly address: string;
}

export interface ModuleCallInfo extends Declared {
  /** The `source` string, when literal. */
  readonly source: string | undefined;
  /** Absolute folder the source resolves to (local paths only). */
  readonly sourceDir: string | undefined;
  /** The call's folder (where the module block is written). */
  readonly callerDir: string;
}

export interface VariableInfo extends Declared {
  readonly defaultExpr: Expression | undefined;
}

export interface NamespaceInfo {
  /** The resource declaring the namespace (`kubernetes_namespace` or `_v1`). */
  readonly resource: ResourceInfo;
  /** The namespace name when it resolves to a literal. */
  readonly name: string | undefined;
  /** Labels with literal values. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImportInfo {
  readonly node: Block;
  readonly file: SourceFile;
  /** `to` as written (a traversal such as `helm_release.kured`). */
  readonly to: string | undefined;
  readonly idExpr: Expression | undefined;
}

export interface FolderIndex {
  /** Absolute folder path. */
  readonly dir: string;
  /** Relative to the repository root, `/` separators, `''` for the root. */
  readonly relDir: string;
  readonly kind: FolderKind;
  /** The stack this folder belongs to (`stacks/<name>`), when any. */
  readonly stack: string | undefined;
  /** The folder has a `terragrunt.hcl` (so it receives every config.tfvars value). */
  readonly hasTerragrunt: boolean;
  readonly files: SourceFile[];
  readonly resources: ResourceInfo[];
  readonly moduleCalls: ModuleCallInfo[];
  readonly variables: Map<string, VariableInfo>;
  readonly locals: Map<string, Declared<Attribute>>;
  readonly outputs: Map<string, Declared>;
  readonly imports: ImportInfo[];
  readonly namespaces: NamespaceInfo[];
}

/** Where a value in force came from. */
export interface SourcedValue {
  readonly value: string;
  readonly source: string;
}

export interface NamespaceResolution {
  /** The namespace name. */
  readonly name: string;
  /** The namespace resource(s) with that name, when declared in the repo. */
  readonly namespaces: NamespaceInfo[];
  /** When resolved through module callers: the calls that passed this namespace. */
  readonly via: ModuleCallInfo[];
}

export interface RepoIndex {
  /** Absolute repository root. */
  readonly root: string;
  /** The absolute path of every file of the repository (after .gitignore and ignorePatterns), sorted. */
  readonly paths: readonly string[];
  /** Terraform folders by absolute path. */
  readonly folders: ReadonlyMap<string, FolderIndex>;
  /** Values of `config.tfvars` (literal strings only), when it is readable. */
  readonly configValues: ReadonlyMap<string, SourcedValue>;
  /**
   * A file of the repository as rules see it, read (and parsed) on first use.
   * Undefined when it does not exist or cannot be read.
   */
  getFile(path: string): SourceFile | undefined;
  /** The folder index of the folder that holds `path`. */
  folderOf(path: string): FolderIndex | undefined;
  /** Every module call in the repository whose source resolves to `dir`. */
  callersOf(dir: string): ModuleCallInfo[];
  /**
   * Namespace resources with this literal name, anywhere in the repository,
   * or only in the folders of `stack` (`stacks/<name>`) when it is given
   * (which reads no other folder).
   */
  namespacesNamed(name: string, stack?: string): NamespaceInfo[];
  /** Every resource and data source of one of these types, anywhere in the repository, in folder and declaration order. */
  resourcesOfType(types: ReadonlySet<string>): ResourceInfo[];
  /**
   * Resolve an expression to a literal string: a literal, `var.x` (config.tfvars,
   * then the variable's default), `local.x` with a literal value, a template whose
   * parts all resolve, `kubernetes_namespace.x.metadata[0].name`. Undefined when unknown.
   */
  resolveString(expr: Expression, file: SourceFile): string | undefined;
  /**
   * Resolve a workload's namespace expression. For `var.x` inside a module this
   * follows every caller of the module; the result lists each distinct namespace.
   * An empty array means it could not be resolved.
   */
  resolveNamespace(expr: Expression, file: SourceFile): NamespaceResolution[];
}
