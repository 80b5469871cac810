/**
 * Values as JSON: the models of @doapi/core are encoded by their own Schemas (so the JSON is the API's), anything
 * else structurally (dates as ISO strings, `Option`s as their value or `null`).
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/** @internal */
export const toJson = (value: unknown): unknown => {
  if (value === null || value === undefined) return null
  if (typeof value !== "object") return typeof value === "bigint" ? value.toString() : value
  if (Array.isArray(value)) return value.map(toJson)
  if (DateTime.isDateTime(value)) return DateTime.formatIso(value)
  if (Option.isOption(value)) return Option.isSome(value) ? toJson(value.value) : null
  if (Duration.isDuration(value)) return Duration.toMillis(value) / 1000
  if (Redacted.isRedacted(value)) return "<redacted>"
  const constructor = (value as { readonly constructor?: unknown }).constructor
  if (constructor !== Object && Schema.isSchema(constructor)) {
    try {
      return Schema.encodeUnknownSync(constructor as Schema.Schema<unknown, unknown>)(value)
    } catch {
      // Not a model after all: field by field.
    }
  }
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && typeof field !== "function") out[key] = toJson(field)
  }
  return out
}

/** One line of JSON. @internal */
export const line = (value: unknown): string => JSON.stringify(toJson(value))
