/**
 * Lists of ids in bodies (`droplet_ids` and the like): from models or ids, checked by the body's Schema.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * The ids of `items`: an object's `id`, any other value as it is (for the body's Schema to refuse when it is not an
 * id), so a caller outside TypeScript gets an `Encode` failure, never a crash.
 *
 * @internal
 */
export const ids = (items: Iterable<unknown>): Array<unknown> =>
  Array.from(items, (item) => item !== null && typeof item === "object" && "id" in item ? item.id : item)

/**
 * A list of positive integer ids (droplets).
 *
 * @internal
 */
export const PositiveIds = Schema.Array(Schema.Int.pipe(Schema.positive()))
