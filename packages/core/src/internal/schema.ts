/** @internal */
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
      const Instance = function(this: Record<PropertyKey, unknown>, props: object) {
        Object.assign(this, props)
      } as unknown as new(props: object) => Record<PropertyKey, unknown>
      Instance.prototype = this.prototype
      const construct = (props: object) => {
        const self = new Instance(props)
        for (const [key, value] of defaults) if (self[key] === undefined) self[key] = value()
        return ParseResult.succeed(self)
      }
      ast = new AST.Transformation(
        original.from,
        original.to,
        new AST.FinalTransformation(construct, (original.transformation as AST.FinalTransformation).encode),
        original.annotations
      )
      cache.set(this, ast)
      return ast
    }
  }
}
