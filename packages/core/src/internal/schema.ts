/** @internal */
import * as Schema from "effect/Schema"

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
 * A field that is `null` when it does not apply, and is taken as `null` when the API leaves it out.
 *
 * @internal
 */
export const orNull = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null })
