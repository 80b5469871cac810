/**
 * Turns openapi-gen's output into `src/generated/Schemas.ts`: keeps the schemas (not the client), suspends the
 * references of recursive schemas, marks every call `/*#__PURE__*\/` (so a bundler drops the schemas an application
 * does not use), and documents every declaration. Formatting is left to `eslint --fix` (run by `main.ts`).
 */

/** What post-processing did, for the summary `main.ts` prints. */
export interface Report {
  readonly declarations: number
  readonly classes: number
  readonly suspended: ReadonlyArray<string>
}

/** Double-quoted string literals (openapi-gen writes no other kind in its schemas). */
const stringLiteral = /"(?:[^"\\\n]|\\.)*"/g

/** Applies `f` to the code between string literals, leaving the literals as they are. */
const outsideStrings = (source: string, f: (code: string) => string): string => {
  let out = ""
  let last = 0
  for (const match of source.matchAll(stringLiteral)) {
    out += f(source.slice(last, match.index)) + match[0]
    last = match.index + match[0].length
  }
  return out + f(source.slice(last))
}

/**
 * The schemas: the text before the client (`export const make = ...`), without the imports the client needed.
 * Throws when the output does not have the expected shape (another openapi-gen version).
 */
export const keepSchemas = (output: string): string => {
  const end = output.indexOf("\nexport const make = (")
  if (end < 0) throw new Error("openapi-gen's output has no `export const make`: is it version 0.4.13?")
  const lines = output.slice(0, end).split("\n")
  const body = lines.filter((line) => !line.startsWith("import "))
  if (!lines.includes(`import * as S from "effect/Schema"`)) throw new Error("openapi-gen's output imports no `S`")
  return body.join("\n").trim()
}

/** One top-level declaration: `export class Name extends ... {}`. */
interface Declaration {
  readonly name: string
  readonly isClass: boolean
  /** Where the schema's own definition starts (after `S.Class<Name>("Name")`), in `text`. */
  readonly bodyStart: number
  text: string
}

const declarationHead = /^export class (\w+) extends (?:\/\*#__PURE__\*\/ )?(S\.Class<\1>\("\1"\))?/

/** Splits the schemas into their declarations (each starts a line with `export class`). */
export const declarations = (schemas: string): Array<Declaration> =>
  schemas.split(/\n(?=export class )/).map((text) => {
    const head = declarationHead.exec(text)
    if (head === null) throw new Error(`unexpected declaration: ${text.slice(0, 80)}`)
    return { name: head[1], isClass: head[2] !== undefined, bodyStart: head[0].length, text: text.trim() }
  })

/** The declared names `code` refers to (identifiers, not property names, which are string literals). */
const references = (code: string, names: ReadonlySet<string>): Set<string> => {
  const found = new Set<string>()
  outsideStrings(code, (part) => {
    for (const match of part.matchAll(/(?<![\w.$])[A-Z][\w$]*(?![\w$])/g)) {
      if (names.has(match[0])) found.add(match[0])
    }
    return part
  })
  return found
}

/** Strongly connected components of the reference graph (Tarjan), those with a cycle only. */
const cycles = (graph: ReadonlyMap<string, ReadonlySet<string>>): Array<ReadonlySet<string>> => {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const onStack = new Set<string>()
  const out: Array<ReadonlySet<string>> = []
  const visit = (v: string) => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!))
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = new Set<string>()
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.add(w)
      } while (w !== v)
      if (component.size > 1 || graph.get(v)?.has(v)) out.push(component)
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v)
  return out
}

/**
 * Defect of openapi-gen: recursive schemas (`apiAgent` ↔ `apiWorkspace`, `apiAgent` → itself; `apiTraceSpan` ↔
 * `apiAgentSpan`/`apiWorkflowSpan`) refer to each other directly, so a class is used before its declaration and
 * its type refers to itself as a base type. Every reference inside a cycle of the reference graph becomes
 * `S.suspend((): S.Schema<X, any> => X)`: the decoded type stays exact; the encoded side of a recursive reference is
 * `any` (spelling it out would need a hand-written `Encoded` interface per class; these schemas are responses,
 * only decoded).
 */
export const suspendCycles = (decls: ReadonlyArray<Declaration>): Array<string> => {
  const names = new Set(decls.map((d) => d.name))
  const graph = new Map(decls.map((d) => [d.name, references(d.text.slice(d.bodyStart), names)]))
  const suspended: Array<string> = []
  for (const component of cycles(graph)) {
    for (const decl of decls.filter((d) => component.has(d.name))) {
      const body = outsideStrings(decl.text.slice(decl.bodyStart), (part) =>
        part.replace(
          /(?<![\w.$])[A-Z][\w$]*(?![\w$])/g,
          (name) => component.has(name) ? `/*#__PURE__*/ S.suspend((): S.Schema<${name}, any> => ${name})` : name
        ))
      decl.text = decl.text.slice(0, decl.bodyStart) + body
      suspended.push(decl.name)
    }
  }
  return suspended.sort()
}

/**
 * Marks every call `/*#__PURE__*\/`: `S.Struct(...)`, `S.Class<X>("X")(...)`, `S.String.pipe(...)`,
 * `X.pipe(...)`, `new RegExp(...)`. A class whose `extends` clause is a pure call, with pure calls for arguments,
 * is dropped by esbuild and Rollup when unused.
 */
export const annotatePure = (code: string): string =>
  outsideStrings(
    code,
    (part) =>
      part
        .replace(/(?<![\w.$])S\.\w+(?=[(<.])/g, (m) => `/*#__PURE__*/ ${m}`)
        .replace(/(?<![\w.$])(?!S\.)[A-Z][\w$]*(?=\.pipe\()/g, (m) => `/*#__PURE__*/ ${m}`)
        .replace(/(?<![\w.$])new RegExp\(/g, (m) => `/*#__PURE__*/ ${m}`)
  )

/** Runs every step; `docs` gives each declaration's JSDoc (without the comment delimiters, one line per entry). */
export const postprocess = (
  output: string,
  docs: (name: string) => ReadonlyArray<string>,
  header: ReadonlyArray<string>
): { readonly source: string; readonly report: Report } => {
  const decls = declarations(annotatePure(keepSchemas(output)))
  const suspended = suspendCycles(decls)
  const comment = (lines: ReadonlyArray<string>) => ["/**", ...lines.map((l) => l === "" ? " *" : ` * ${l}`), " */"]
  const source = [
    ...comment(header),
    `import * as S from "effect/Schema"`,
    ...decls.flatMap((d) => ["", ...comment(docs(d.name)), d.text])
  ].join("\n") + "\n"
  return {
    source,
    report: { declarations: decls.length, classes: decls.filter((d) => d.isClass).length, suspended }
  }
}
