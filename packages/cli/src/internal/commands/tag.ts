/**
 * `doapi tag ...`: doapi-tag's subcommands (tags cannot be renamed any more: no `update`).
 *
 * @internal
 */
import { Tag } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Common from "../common.js"
import * as Output from "../output.js"

const show = Command.make("show", { ...Common.common, tags: Common.many("tag", "Tag names.") }, (o) =>
  Common.run(
    o,
    undefined,
    o.tags.length === 0
      ? Common.emitAll(Tag.stream)
      : Effect.forEach(o.tags, (name) => Effect.flatMap(Tag.fetch(name), Output.emit), { discard: true })
  )).pipe(Common.describe(
    "Prints tags (with how many resources have each): those named, or all of them.",
    ["doapi tag show | jq -r .name", "every tag's name"]
  ))

const create = Command.make(
  "new",
  { ...Common.common, tags: Common.some("name", "The new tags' names.") },
  (o) =>
    Common.run(
      o,
      undefined,
      Effect.forEach(o.tags, (name) => Effect.flatMap(Tag.create(name), Output.emit), { discard: true })
    )
).pipe(Common.describe("Creates tags.", ["doapi tag new web staging", "two tags"]))

const remove = Command.make("delete", { ...Common.common, tags: Common.some("tag", "Tag names.") }, (o) =>
  Common.run(
    o,
    undefined,
    // Every tag is fetched before any is deleted.
    Effect.flatMap(Effect.forEach(o.tags, Tag.fetch), (found) => Effect.forEach(found, Tag.delete, { discard: true }))
  )).pipe(Common.describe(
    "Deletes tags (the resources stay). Prints nothing.",
    ["doapi tag delete staging", "deletes the tag"]
  ))

/** @internal */
export const command = Command.make("tag").pipe(
  Command.withDescription("Tags, to group droplets, images and volumes (doapi droplet tag/untag applies them)."),
  Command.withSubcommands([show, create, remove])
)
