/**
 * Lookups and bookkeeping that several resources share (regions, sizes, images, tags, generated addresses).
 *
 * @internal
 */
import type { Context } from "../router.js"
import { Reject, require, unprocessable } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp } from "../store.js"

/** A region by slug, or a 422 naming the field. */
export const regionOf = (state: State, slug: unknown, field = "region"): Json => {
  const region = state.regions.find((r) => r.slug === slug)
  if (region === undefined) throw new Reject(unprocessable(`${field} ${String(slug)} is not a valid region`))
  return region
}

/** A size by slug, or a 422. */
export const sizeOf = (state: State, slug: unknown): Json => {
  const size = state.sizes.find((s) => s.slug === slug)
  if (size === undefined) throw new Reject(unprocessable(`size ${String(slug)} is not a valid size`))
  return size
}

/** An image by id or slug, or a 422. */
export const imageOf = (state: State, idOrSlug: unknown): Json => {
  const image = typeof idOrSlug === "number"
    ? state.images.get(idOrSlug)
    : [...state.images.values()].find((i) => i.slug === idOrSlug)
  if (image === undefined) throw new Reject(unprocessable(`image ${String(idOrSlug)} does not exist`))
  require(image.status === "available", `image ${String(idOrSlug)} is not available (${image.status})`)
  return image
}

/** A random address in a /16, e.g. `publicAddress(state, "164.90")`. */
export const address = (state: State, prefix: string): string =>
  `${prefix}.${1 + Math.floor(state.random() * 254)}.${2 + Math.floor(state.random() * 252)}`

/**
 * What counts against the account's `droplet_limit`: its droplets and every Kubernetes node (nodes are droplets; the
 * kubernetes handler keeps them in its clusters' `node_pools`).
 */
export const dropletsHeld = (state: State): number => {
  let count = state.droplets.size
  for (const cluster of state.kubernetes.values()) {
    for (const pool of cluster.node_pools as Array<Json>) count += (pool.nodes as Array<unknown>).length
  }
  return count
}

/** A valid tag name. */
export const TAG_NAME = /^[a-zA-Z0-9_\-:]{1,255}$/

/** The tag named so, created when missing (DigitalOcean creates tags given at resource creation). */
export const ensureTag = (state: State, name: string) => {
  require(TAG_NAME.test(name), `tag ${name} is not a valid tag name`)
  const existing = [...state.tags.keys()].find((t) => t.toLowerCase() === name.toLowerCase())
  if (existing !== undefined) return state.tags.get(existing)!
  const tag = { json: { name }, resources: new Map<string, number>() }
  state.tags.set(name, tag)
  return tag
}

/** Tags a resource (`droplet:5`, ...). */
export const tagResource = (state: State, name: string, key: string, now: number): void => {
  ensureTag(state, name).resources.set(key, now)
}

/** Removes a resource from every tag (when it is deleted). */
export const untagEverywhere = (state: State, key: string): void => {
  for (const tag of state.tags.values()) tag.resources.delete(key)
}

/** The names of the tags a resource has. */
export const tagsOf = (state: State, key: string): Array<string> =>
  [...state.tags.entries()].filter(([, tag]) => tag.resources.has(key)).map(([name]) => name)

/** `created_at` for now. */
export const createdAt = (context: Context): string => timestamp(context.now)
