/**
 * Naming droplets, images and SSH keys as doapi did: every object of the kind is fetched once, and a label is
 * looked up by ID (when it is an integer), then by slug or fingerprint, then by name. Without `--multiple` the first
 * kind of match must be a single object; with it, a label stands for all it matches. An object named twice is kept
 * once, with a warning.
 *
 * @internal
 */
import { Droplet, Image, Snapshot, SSHKey, Volume } from "@doapi/core"
import type { DoConfig, DoError } from "@doapi/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import { type CommandFailure, usage } from "./errors.js"
import * as Output from "./output.js"

type R = HttpClient.HttpClient | DoConfig.DoConfig

/** @internal */
export interface Kind<A> {
  /** `droplet`, `image`, `SSH key`. */
  readonly name: string
  readonly fetchAll: Effect.Effect<ReadonlyArray<A>, DoError.DOAPIError, R>
  /** The ID: an integer, or (volumes, snapshots) a string matched exactly. */
  readonly id: (a: A) => number | string
  /** The string keys tried after the ID, in order (slug or fingerprint, then name). */
  readonly keys: ReadonlyArray<(a: A) => string | null | undefined>
  /** Whether the command has `--multiple` (for the hint on an ambiguous label). */
  readonly hasMultiple?: boolean
}

/** @internal */
export const droplets: Kind<Droplet.Droplet> = {
  name: "droplet",
  fetchAll: Droplet.fetchAll(),
  id: (d) => d.id,
  keys: [(d) => d.name]
}

/** @internal */
export const images: Kind<Image.Image> = {
  name: "image",
  fetchAll: Image.fetchAll(),
  id: (i) => i.id,
  keys: [(i) => i.slug, (i) => i.name]
}

/** @internal */
export const sshKeys: Kind<SSHKey.SSHKey> = {
  name: "SSH key",
  fetchAll: SSHKey.fetchAll,
  id: (k) => k.id,
  keys: [(k) => k.fingerprint, (k) => k.name]
}

/** @internal */
export const volumes: Kind<Volume.Volume> = {
  name: "volume",
  fetchAll: Volume.fetchAll(),
  id: (v) => v.id,
  keys: [(v) => v.name]
}

/** @internal */
export const snapshots: Kind<Snapshot.Snapshot> = {
  name: "snapshot",
  fetchAll: Snapshot.fetchAll(),
  id: (s) => s.id,
  keys: [(s) => s.name]
}

/** @internal */
export interface Resolver<A> {
  readonly kind: Kind<A>
  readonly all: Effect.Effect<ReadonlyArray<A>, DoError.DOAPIError, R>
  /** What one label matches: empty when nothing does. */
  readonly lookup: (
    label: string,
    multiple: boolean
  ) => Effect.Effect<ReadonlyArray<A>, DoError.DOAPIError | CommandFailure, R>
  /** Every label resolved (each must match); duplicates are dropped with a warning. */
  readonly resolve: (
    labels: ReadonlyArray<string>,
    options?: { readonly multiple?: boolean | undefined } | undefined
  ) => Effect.Effect<ReadonlyArray<A>, DoError.DOAPIError | CommandFailure, R | Output.Output>
  /** One label, that must match exactly one object. */
  readonly one: (label: string) => Effect.Effect<A, DoError.DOAPIError | CommandFailure, R>
  /** A warning (or, with `unique`, a usage error) when another object already has `name`. */
  readonly checkName: (
    name: string,
    unique: boolean
  ) => Effect.Effect<void, DoError.DOAPIError | CommandFailure, R | Output.Output>
}

/** A resolver that fetches the objects of the kind once, when first needed. @internal */
export const make = <A>(kind: Kind<A>): Effect.Effect<Resolver<A>> =>
  Effect.map(Effect.cached(kind.fetchAll), (all): Resolver<A> => {
    const groups = (label: string) =>
      Effect.map(all, (objects) => {
        const found: Array<ReadonlyArray<A>> = []
        found.push(objects.filter((a) => {
          const id = kind.id(a)
          return typeof id === "number" ? /^\d+$/.test(label) && id === Number(label) : id === label
        }))
        for (const key of kind.keys) found.push(objects.filter((a) => key(a) === label))
        return found.filter((group) => group.length > 0)
      })
    const lookup = (label: string, multiple: boolean) =>
      Effect.flatMap(groups(label), (found) => {
        if (found.length === 0) return Effect.succeed([])
        if (multiple) return Effect.succeed(found.flat())
        const first = found[0]!
        if (first.length === 1) return Effect.succeed(first)
        const hint = kind.hasMultiple === false ? "" : " (--multiple acts on all of them)"
        return Effect.fail(
          usage(`'${label}': ambiguous; used by ${first.length} ${kind.name}s: ${first.map(kind.id).join(", ")}${hint}`)
        )
      })
    const noSuch = (label: string) => usage(`'${label}': no such ${kind.name}`)
    return {
      kind,
      all,
      lookup,
      resolve: (labels, options) =>
        Effect.gen(function*() {
          const seen = new Set<number | string>()
          const result: Array<A> = []
          for (const label of labels) {
            const matches = yield* lookup(label, options?.multiple === true)
            if (matches.length === 0) return yield* noSuch(label)
            for (const match of matches) {
              const id = kind.id(match)
              if (seen.has(id)) {
                yield* Output.warn(`${kind.name} ${id} specified multiple times; ignoring later occurrence`)
              } else {
                seen.add(id)
                result.push(match)
              }
            }
          }
          return result
        }),
      one: (label) =>
        Effect.flatMap(
          lookup(label, false),
          (matches) => matches.length === 0 ? Effect.fail(noSuch(label)) : Effect.succeed(matches[0]!)
        ),
      checkName: (name, unique) =>
        Effect.flatMap(all, (objects) => {
          if (!objects.some((a) => kind.keys.some((key) => key(a) === name))) return Effect.void
          return unique
            ? Effect.fail(usage(`there is already another ${kind.name} named '${name}' (--unique)`))
            : Output.warn(`there is already another ${kind.name} named '${name}'`)
        })
    }
  })
