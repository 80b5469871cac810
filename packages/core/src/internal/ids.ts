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

const DropletIdsBody = Schema.Struct({ droplet_ids: PositiveIds })

/**
 * The body of a call that adds or removes droplets by id (`{ droplet_ids }`: load balancers, firewalls), with the
 * Schema that checks it, for `Op.request`.
 *
 * @internal
 */
export const dropletIdsBody = (
  droplets: Iterable<unknown>
): { readonly body: unknown; readonly bodySchema: Schema.Schema<any, any> } => ({
  body: { droplet_ids: ids(droplets) },
  bodySchema: DropletIdsBody
})
