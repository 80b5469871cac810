/**
 * Bounded descriptions of what came in or was given: whatever the value (nested 100,000 deep, megabytes long), the
 * text is built in bounded depth, time and length, so describing a failure can never fail itself.
 *
 * @internal
 */
import type * as ParseResult from "effect/ParseResult"
import * as AST from "effect/SchemaAST"

/**
 * The text on one line, cut to `max` characters (`...` marks a cut).
 *
 * @internal
 */
export const oneLine = (text: string, max = 120): string => {
  // Only a bounded prefix is flattened: a multi-megabyte text costs no more than a short one.
  const flat = text.slice(0, max * 4 + 16).replace(/\s+/g, " ").trim()
  return flat.length > max || text.length > max * 4 + 16 ? `${flat.slice(0, max)}...` : flat
}

const MAX_ITEMS = 3
const MAX_DEPTH = 2

/**
 * A value as a short string for messages: strings quoted, numbers as they are (`NaN`, `-1`, `7.5`), arrays and
 * objects shown two levels deep and three entries wide, the whole at most `max` characters. Never throws.
 *
 * @internal
 */
export const show = (value: unknown, max = 60): string => {
  const go = (u: unknown, depth: number): string => {
    switch (typeof u) {
      case "string":
        return u.length > max ? `${JSON.stringify(u.slice(0, max)).slice(0, -1)}..."` : JSON.stringify(u)
      case "number":
        return Object.is(u, -0) ? "-0" : String(u)
      case "bigint":
        return `${u}n`
      case "boolean":
      case "undefined":
        return String(u)
      case "symbol":
        return oneLine(String(u), max)
      case "function":
        return "a function"
    }
    if (u === null) return "null"
    try {
      if (Array.isArray(u)) {
        if (depth >= MAX_DEPTH) return u.length === 0 ? "[]" : "[...]"
        const items = u.slice(0, MAX_ITEMS).map((item) => go(item, depth + 1))
        return `[${items.join(",")}${u.length > MAX_ITEMS ? ",..." : ""}]`
      }
      const keys = Object.keys(u as object)
      if (depth >= MAX_DEPTH) return keys.length === 0 ? "{}" : "{...}"
      const entries = keys.slice(0, MAX_ITEMS).map((key) =>
        `${JSON.stringify(oneLine(key, 20))}:${go((u as Record<string, unknown>)[key], depth + 1)}`
      )
      return `{${entries.join(",")}${keys.length > MAX_ITEMS ? ",..." : ""}}`
    } catch {
      return "an object"
    }
  }
  return oneLine(go(value, 0), max)
}

/**
 * What was thrown, as one bounded line: `RangeError: Maximum call stack size exceeded`. Never throws.
 *
 * @internal
 */
export const thrown = (defect: unknown): string => {
  try {
    if (defect instanceof Error) return oneLine(`${defect.name}: ${defect.message}`)
  } catch {
    // An error whose name or message throws is shown as a value.
  }
  return show(defect, 120)
}

/** A path as `a.b.0.c`: at most the first 4 and last 4 keys, each at most 30 characters. */
const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  const key = (k: PropertyKey) => oneLine(String(k), 30)
  if (path.length <= 8) return path.map(key).join(".")
  return `${path.slice(0, 4).map(key).join(".")}...(${path.length - 8} more)...${path.slice(-4).map(key).join(".")}`
}

/** The message a schema's annotation gives an issue, when it is a plain string. */
const annotated = (issue: ParseResult.ParseIssue): string | undefined => {
  if (!("ast" in issue)) return undefined
  const annotation = AST.getMessageAnnotation(issue.ast)
  if (annotation._tag === "None") return undefined
  try {
    const message = annotation.value(issue)
    if (typeof message === "string") return message
    if ("message" in message && typeof message.message === "string") return message.message
  } catch {
    // An annotation that throws says nothing.
  }
  return undefined
}

const expected = (ast: AST.AST): string => {
  if (AST.isRefinement(ast)) {
    const described = AST.getDescriptionAnnotation(ast).pipe(
      (o) => o._tag === "Some" ? o : AST.getTitleAnnotation(ast),
      (o) => o._tag === "Some" ? o : AST.getIdentifierAnnotation(ast)
    )
    if (described._tag === "Some") return described.value
  }
  return String(ast)
}

/** A leaf's message, as the platform's formatters word it, but with the actual value shown bounded. */
const leafMessage = (issue: ParseResult.ParseIssue): string => {
  switch (issue._tag) {
    case "Type":
      return issue.message ?? annotated(issue) ??
        `Expected ${oneLine(expected(issue.ast))}, actual ${show(issue.actual)}`
    case "Missing":
      return issue.message ?? "is missing"
    case "Unexpected":
      return issue.message ?? "is unexpected"
    case "Forbidden":
      return issue.message ?? "is forbidden"
    default:
      return annotated(issue) ?? "is invalid"
  }
}

/** A path as a linked list from the leaf up: sharing the parent's path costs nothing, however deep the tree. */
interface PathNode {
  readonly key: ParseResult.Path
  readonly parent: PathNode | undefined
}

const pathOf = (node: PathNode | undefined): ReadonlyArray<PropertyKey> => {
  const parts: Array<ReadonlyArray<PropertyKey>> = []
  for (let current = node; current !== undefined; current = current.parent) {
    parts.push(Array.isArray(current.key) ? current.key : [current.key as PropertyKey])
  }
  return parts.reverse().flat()
}

const issuesOf = (composite: ParseResult.Composite): ReadonlyArray<ParseResult.ParseIssue> =>
  Array.isArray(composite.issues)
    ? composite.issues as ReadonlyArray<ParseResult.ParseIssue>
    : [composite.issues as ParseResult.ParseIssue]

/** At most this many issues are visited: past it, the count says "more". */
const MAX_VISITED = 10_000

/**
 * A parse error as one bounded line: the first issue, with its path, and how many more there are. The issue tree is
 * walked without recursion (the platform's formatters recurse into the actual value, and overflow the stack on a
 * deeply nested body).
 *
 * @internal
 */
export const parseError = (error: ParseResult.ParseError): string => {
  const stack: Array<readonly [ParseResult.ParseIssue, PathNode | undefined]> = [[error.issue, undefined]]
  let first: readonly [string, PathNode | undefined] | undefined = undefined
  let leaves = 0
  let visited = 0
  while (stack.length > 0 && visited < MAX_VISITED) {
    visited++
    const [issue, path] = stack.pop()!
    let children: ReadonlyArray<ParseResult.ParseIssue> = []
    let childPath = path
    switch (issue._tag) {
      case "Pointer":
        children = [issue.issue]
        childPath = { key: issue.path, parent: path }
        break
      case "Composite":
        children = annotated(issue) === undefined ? issuesOf(issue) : []
        break
      case "Refinement":
      case "Transformation":
        children = annotated(issue) === undefined ? [issue.issue] : []
        break
    }
    if (children.length === 0) {
      leaves++
      if (first === undefined) first = [leafMessage(issue), path]
    }
    // Pushed in reverse, so the first child is visited first (the platform's order).
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], childPath])
  }
  if (first === undefined) return "wrong shape"
  const path = pathOf(first[1])
  const where = path.length > 0 ? `at ${formatPath(path)}: ` : ""
  const truncated = stack.length > 0
  const more = leaves > 1 || truncated ? ` (and ${leaves - 1}${truncated ? "+" : ""} more)` : ""
  return `wrong shape: ${where}${oneLine(first[0])}${more}`
}
