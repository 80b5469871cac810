/** @internal */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * An enum-like string field that stays open: the values known today are listed (and offered by editors), but any
 * other string DigitalOcean adds later still decodes, so a new status never makes a call fail.
 *
 * @internal
 */
export const openEnum = <const Literals extends ReadonlyArray<string>>(
  ...literals: Literals
): Schema.Schema<Literals[number] | (string & {}), string> =>
  // Every string decodes, so at run time this is `Schema.String` (a union of the literals and String would try each
  // literal first, for nothing); the literals live in the type, and in the annotation for documentation.
  Schema.String.annotations({ examples: literals as any }) as any

/**
 * A field of a `Class` that may be absent from the API's JSON and is then `value()` on the instance: its type is
 * `optionalWith(schema, { default: value })`'s (required in the class, optional in the JSON and the constructor),
 * but it is not a transformation. `optionalWith`'s default turns the whole struct into a transformation, which
 * decodes the struct and then validates its type side again (scenario 3 of the bench); here the field is a plain
 * optional key with a constructor default, and the class's constructor, which decoding runs, fills it in.
 *
 * Only for fields of a `Schema.Class` (a `Schema.Struct` would leave the key out).
 *
 * @internal
 */
export const withDefault = <A, I, R>(
  schema: Schema.Schema<A, I, R>,
  value: () => NoInfer<A>
): Schema.optionalWith<Schema.Schema<A, I, R>, { default: () => A }> =>
  Schema.optional(schema).pipe(Schema.withConstructorDefault(value)) as any

/**
 * A field that is `null` when it does not apply, and is taken as `null` when the API leaves it out (a field of a
 * `Class`: see `withDefault`).
 *
 * @internal
 */
export const orNull = <A, I, R>(
  schema: Schema.Schema<A, I, R>
): Schema.optionalWith<Schema.NullOr<Schema.Schema<A, I, R>>, { default: () => null }> =>
  withDefault(Schema.NullOr(schema), () => null) as any

/** How the compiled decoder builds an instance of a `Class` (below) without an intermediate object of its fields. */
const instances = new WeakMap<AST.AST, {
  readonly make: () => Record<PropertyKey, unknown>
  readonly fill: (self: Record<PropertyKey, unknown>) => unknown
}>()

const defaultsOf = (fields: Schema.Struct.Fields): ReadonlyArray<readonly [PropertyKey, () => unknown]> => {
  const defaults: Array<readonly [PropertyKey, () => unknown]> = []
  for (const key of Reflect.ownKeys(fields)) {
    const field = fields[key]
    if (!Schema.isPropertySignature(field)) continue
    const ast = field.ast
    const value = ast._tag === "PropertySignatureDeclaration" ? ast.defaultValue : ast.to.defaultValue
    if (value !== undefined) defaults.push([key, value])
  }
  return defaults
}

/**
 * `Schema.Class`, with the same type, fields, getters, constructor and encoding, whose decoding builds the instance
 * directly: `Schema.Class` decodes the fields and then runs the constructor (unvalidated), which copies the decoded
 * fields twice and walks every field looking for defaults; here the decoded fields are copied once onto a new
 * instance and the defaults (precomputed) filled in. For classes without instance fields or a constructor of their
 * own (getters and methods are fine), like every model of this package.
 *
 * @internal
 */
export const Class: typeof Schema.Class = (identifier: string) => (fieldsOr: any, annotations?: any): any => {
  const Base: any = Schema.Class<any>(identifier)(fieldsOr, annotations)
  const defaults = defaultsOf(Base.fields)
  const cache = new WeakMap<object, AST.AST>()
  return class extends Base {
    static get ast(): AST.AST {
      let ast = cache.get(this)
      if (ast !== undefined) return ast
      const original = Reflect.get(Base, "ast", this) as AST.Transformation
      // A plain constructor sharing the class's prototype: `instanceof`, the getters and `Data`'s equality hold.
      const Instance = function() {} as unknown as new() => Record<PropertyKey, unknown>
      Instance.prototype = this.prototype
      const fill = (self: Record<PropertyKey, unknown>) => {
        for (const [key, value] of defaults) if (self[key] === undefined) self[key] = value()
        return self
      }
      const construct = (props: object) => ParseResult.succeed(fill(Object.assign(new Instance(), props)))
      ast = new AST.Transformation(
        original.from,
        original.to,
        new AST.FinalTransformation(construct, (original.transformation as AST.FinalTransformation).encode),
        original.annotations
      )
      instances.set(ast, { make: () => new Instance(), fill })
      cache.set(this, ast)
      return ast
    }
  }
}

/** What a compiled decoder returns when the input does not decode, or when it cannot tell: Schema's parser decides. */
const Fail: unique symbol = Symbol.for("@doapi/core/internal/schema/Fail")

type Fast = (input: unknown) => unknown

const fastMemo = new WeakMap<AST.AST, Fast>()

/** The subtree decoded by Schema's own parser (what the compiler does not take on): the same result, its cost. */
const slow = (ast: AST.AST): Fast => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => {
    const result = parse(input)
    return result._tag === "Right" ? result.right : Fail
  }
}

const guard = (is: (input: unknown) => boolean): Fast => (input) => is(input) ? input : Fail

const identity: Fast = (input) => input

const isRecord = (input: unknown): input is Record<PropertyKey, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Whether Schema's parser could try a union's members in another order than theirs: it first tries the members with
 * a required literal field (or element) that the input matches (`ParseResult.getSearchTree`). A union holding such a
 * member is left to Schema's parser.
 */
const hasLiteralTag = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration": {
      const surrogate = AST.getSurrogateAnnotation(ast)
      return surrogate._tag === "Some" && hasLiteralTag(surrogate.value)
    }
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
      return hasLiteralTag(ast.from)
    case "Transformation":
      return hasLiteralTag(ast.from)
    case "Suspend":
      return true
    default:
      return false
  }
}

const compile = (ast: AST.AST): Fast => {
  let fast = fastMemo.get(ast)
  if (fast === undefined) {
    // Recursive schemas come back to a node only through `Suspend`, which compiles its target on first use.
    fast = AST.getParseOptionsAnnotation(ast)._tag === "Some" || AST.getDecodingFallbackAnnotation(ast)._tag === "Some"
      ? slow(ast)
      : compileNode(ast)
    fastMemo.set(ast, fast)
  }
  return fast
}

const compileNode = (ast: AST.AST): Fast => {
  switch (ast._tag) {
    case "StringKeyword":
      return guard((u) => typeof u === "string")
    case "NumberKeyword":
      return guard((u) => typeof u === "number")
    case "BooleanKeyword":
      return guard((u) => typeof u === "boolean")
    case "UndefinedKeyword":
      return guard((u) => u === undefined)
    case "UnknownKeyword":
    case "AnyKeyword":
      return identity
    case "Literal": {
      const literal = ast.literal
      return guard((u) => u === literal)
    }
    case "Refinement": {
      const from = compile(ast.from)
      return (input) => {
        const a = from(input)
        return a === Fail || ast.filter(a, AST.defaultParseOption, ast)._tag === "Some" ? Fail : a
      }
    }
    case "Transformation": {
      const transformation = ast.transformation
      const instance = instances.get(ast)
      // A `Class` of this module: its fields are decoded straight onto a new instance (which is what its
      // construction and its declaration's `instanceof` check amount to).
      if (instance !== undefined && ast.from._tag === "TypeLiteral" && ast.from.propertySignatures.length > 0) {
        const fields = compileTypeLiteral(ast.from, instance.make)
        return (input) => {
          const self = fields(input)
          return self === Fail ? Fail : instance.fill(self as Record<PropertyKey, unknown>)
        }
      }
      const from = compile(ast.from)
      const to = compile(ast.to)
      if (transformation._tag === "ComposeTransformation") {
        return (input) => {
          const a = from(input)
          return a === Fail ? Fail : to(a)
        }
      }
      if (transformation._tag === "TypeLiteralTransformation") {
        // What Schema's parser does with the fields' renames and defaults (`optionalWith`, `fromKey`): each takes the
        // field's value (or none) and gives the value of its new key (or none).
        const steps = transformation.propertySignatureTransformations
        return (input) => {
          const a = from(input)
          if (a === Fail || !isRecord(a)) return Fail
          const out: Record<PropertyKey, unknown> = a === input ? { ...a } : a
          for (const step of steps) {
            const value = step.decode(hasOwn.call(out, step.from) ? Option.some(out[step.from]) : Option.none())
            delete out[step.from]
            if (value._tag === "Some") out[step.to] = value.value
          }
          return to(out)
        }
      }
      const decode = transformation.decode
      return (input) => {
        const a = from(input)
        if (a === Fail) return Fail
        const result = decode(a, AST.defaultParseOption, ast, input)
        return Either.isEither(result) && result._tag === "Right" ? to(result.right) : Fail
      }
    }
    case "Declaration": {
      const decode = ast.decodeUnknown(...ast.typeParameters)
      return (input) => {
        const result = decode(input, AST.defaultParseOption, ast)
        return Either.isEither(result) && result._tag === "Right" ? result.right : Fail
      }
    }
    case "Union": {
      if (ast.types.some(hasLiteralTag)) return slow(ast)
      const members = ast.types.map(compile)
      return (input) => {
        for (let i = 0; i < members.length; i++) {
          const a = members[i](input)
          if (a !== Fail) return a
        }
        return Fail
      }
    }
    case "TupleType": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return slow(ast)
      const item = compile(ast.rest[0].type)
      // The input is the request path's own parsed JSON, which nothing else holds: an array whose items decode to
      // themselves (strings, numbers) is the result as it is, not a copy.
      return (input) => {
        if (!Array.isArray(input)) return Fail
        let output: Array<unknown> | undefined
        for (let i = 0; i < input.length; i++) {
          const a = item(input[i])
          if (a === Fail) return Fail
          if (output === undefined) {
            if (a === input[i]) continue
            output = input.slice(0, i)
          }
          output[i] = a
        }
        return output ?? input
      }
    }
    case "TypeLiteral":
      return compileTypeLiteral(ast)
    case "Suspend": {
      let target: Fast | undefined
      return (input) => (target ??= compile(ast.f()))(input)
    }
    default:
      return slow(ast)
  }
}

const compileTypeLiteral = (
  ast: AST.TypeLiteral,
  make: () => Record<PropertyKey, unknown> = () => ({})
): Fast => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return guard((u) => u !== null && u !== undefined)
  }
  const signature = ast.indexSignatures[0]
  if (
    ast.indexSignatures.length > 1 ||
    ast.propertySignatures.some((ps) => typeof ps.name !== "string") ||
    (signature !== undefined && signature.parameter._tag !== "StringKeyword")
  ) return slow(ast)
  const names = ast.propertySignatures.map((ps) => ps.name as string)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const types = ast.propertySignatures.map((ps) => compile(ps.type))
  const values = signature === undefined ? undefined : compile(signature.type)
  const expected = new Set<string>(names)
  return (input) => {
    if (!isRecord(input)) return Fail
    const output = make()
    for (let i = 0; i < names.length; i++) {
      const name = names[i]
      // Schema's parser: an absent optional key stays absent; an absent required one is decoded as `undefined`.
      if (optional[i] && !hasOwn.call(input, name)) continue
      const a = types[i](input[name])
      if (a === Fail) return Fail
      output[name] = a
    }
    if (values !== undefined) {
      for (const key of Object.keys(input)) {
        const a = values(input[key])
        if (a === Fail) return Fail
        if (!expected.has(key)) output[key] = a
      }
    }
    return output
  }
}

/**
 * `Schema.decodeUnknown(schema)`, the same results, at a fraction of the cost: the decoding is compiled once from the
 * schema's AST into plain functions (what Schema's parser does, without an `Either` for every value). Whatever the
 * compiled decoder does not decode, or does not take on (discriminated unions, annotations that change parsing,
 * effectful transformations), goes to Schema's parser, so failures are always Schema's own `ParseError`.
 *
 * @internal
 */
export const decodeUnknown = <A, I>(
  schema: Schema.Schema<A, I, never>
): (input: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  const decode = Schema.decodeUnknown(schema)
  let fast: Fast | undefined
  return (input) => {
    let result: unknown
    try {
      result = (fast ??= compile(schema.ast))(input)
    } catch {
      // A body deeper than the stack, or a filter that throws: Schema's parser, run by the caller, decides.
      result = Fail
    }
    return result === Fail ? decode(input) : Effect.succeed(result as A)
  }
}
