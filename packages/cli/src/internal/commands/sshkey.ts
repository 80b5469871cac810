/**
 * `doapi ssh-key ...`: doapi-ssh-key's subcommands.
 *
 * @internal
 */
import { SSHKey } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Files from "../files.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"

const resolveAll = (labels: ReadonlyArray<string>, multiple: boolean) =>
  Effect.flatMap(Resolve.make(Resolve.sshKeys), (r) => r.resolve(labels, { multiple }))

const show = Command.make("show", {
  ...Common.common,
  multiple: Common.multiple,
  keys: Common.many("key", "SSH keys, by ID, fingerprint or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    o.keys.length === 0
      ? Common.emitAll(SSHKey.stream)
      : Effect.flatMap(resolveAll(o.keys, o.multiple), (found) => Effect.forEach(found, Output.emit, { discard: true }))
  )).pipe(Common.describe(
    "Prints SSH keys: those named, or all of them.",
    ["doapi ssh-key show | jq -r '.name + \" \" + .fingerprint'", "every key's name and fingerprint"]
  ))

const create = Command.make("new", {
  ...Common.common,
  unique: Common.unique,
  name: Common.one("name", "The key's name."),
  file: Args.text({ name: "public-key-file" }).pipe(
    Args.withDescription("The public key file. Default: standard input."),
    Args.optional
  )
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const resolver = yield* Resolve.make(Resolve.sshKeys)
      yield* resolver.checkName(o.name, o.unique)
      const text = (yield* Files.read(Option.getOrElse(o.file, () => "-"), "the public key file")).trim()
      if (text === "") return yield* usage("the public key is empty")
      yield* Output.emit(yield* SSHKey.create({ name: o.name, public_key: text }))
    })
  )).pipe(Common.describe(
    "Registers an SSH key.",
    ["doapi ssh-key new laptop ~/.ssh/id_ed25519.pub", "registers your key as laptop"]
  ))

const update = Command.make("update", {
  ...Common.common,
  unique: Common.unique,
  key: Common.one("key", "The key, by ID, fingerprint or name."),
  name: Common.one("name", "The new name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const resolver = yield* Resolve.make(Resolve.sshKeys)
      const key = yield* resolver.one(o.key)
      yield* resolver.checkName(o.name, o.unique)
      yield* Output.emit(yield* SSHKey.update(key, { name: o.name }))
    })
  )).pipe(Common.describe("Renames an SSH key.", ["doapi ssh-key update laptop old-laptop", "renames the key"]))

const remove = Command.make("delete", {
  ...Common.common,
  multiple: Common.multiple,
  keys: Common.some("key", "SSH keys, by ID, fingerprint or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(resolveAll(o.keys, o.multiple), (found) => Effect.forEach(found, SSHKey.delete, { discard: true }))
  )).pipe(Common.describe("Deletes SSH keys. Prints nothing.", ["doapi ssh-key delete old-laptop", "removes it"]))

/** @internal */
export const command = Command.make("ssh-key").pipe(
  Command.withDescription("SSH keys registered on the account."),
  Command.withSubcommands([show, create, update, remove])
)
