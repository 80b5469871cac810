/**
 * `droplet new --ssh-key`: a key given by ID, fingerprint or name, or a public key file, registered if it is new.
 *
 * @internal
 */
import { SSHKey } from "@doapi/core"
import type { DoConfig, DoError } from "@doapi/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import * as Path from "node:path"
import { type CommandFailure, usage } from "./errors.js"
import type { Host } from "./host.js"
import * as Output from "./output.js"
import type * as Resolve from "./resolve.js"

/** A public key's MD5 fingerprint (colon-separated hex), its text and its comment; undefined if it is not one. */
export const parsePublicKey = (
  text: string
): { readonly fingerprint: string; readonly publicKey: string; readonly comment: string } | undefined => {
  const publicKey = text.trim()
  const [, blob, ...comment] = publicKey.split(/\s+/)
  if (blob === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined
  const digest = createHash("md5").update(Buffer.from(blob, "base64")).digest("hex")
  return { fingerprint: digest.match(/../g)!.join(":"), publicKey, comment: comment.join(" ") }
}

/**
 * The ID of the key `label` names: a registered key (ID, fingerprint or name), else a public key file, whose key is
 * registered unless a key with its fingerprint already is.
 *
 * @internal
 */
export const keyId = (
  keys: Resolve.Resolver<SSHKey.SSHKey>,
  label: string,
  unique: boolean
): Effect.Effect<
  number,
  DoError.DOAPIError | CommandFailure,
  HttpClient.HttpClient | DoConfig.DoConfig | Output.Output | Host
> =>
  Effect.gen(function*() {
    const known = yield* keys.lookup(label, false)
    if (known.length > 0) return known[0]!.id
    if (!existsSync(label)) return yield* usage(`'${label}': no such SSH key, nor a public key file`)
    const text = yield* Effect.try({
      try: () => readFileSync(label, "utf8"),
      catch: (error) => usage(`cannot read the public key file ${label}: ${(error as Error).message}`)
    })
    const parsed = parsePublicKey(text)
    if (parsed === undefined) return yield* usage(`${label} is not an SSH public key`)
    const all = yield* keys.all
    const registered = all.find((key) => key.fingerprint === parsed.fingerprint)
    if (registered !== undefined) return registered.id
    const name = parsed.comment !== ""
      ? parsed.comment
      : `doapi-${Path.basename(label)}-${Math.floor((yield* Clock.currentTimeMillis) / 1000)}`
    yield* keys.checkName(name, unique)
    const created = yield* SSHKey.create({ name, public_key: parsed.publicKey })
    yield* Effect.flatMap(Output.Output, (output) =>
      output.error(
        `new SSH key '${created.name}' registered with ID ${created.id} and fingerprint ${created.fingerprint}`
      ))
    return created.id
  })
