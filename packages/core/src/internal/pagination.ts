/**
 * The one pagination: every listing is a Stream built here.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { DoConfig } from "../DoConfig.js"
import type { DOAPIError } from "../DoError.js"
import * as Http from "./http.js"
import * as Schemas from "./schema.js"

/** @internal */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** `meta.total`, when the endpoint reports it. */
  readonly total: number | undefined
  /** Whether `links.pages.next` is there. */
  readonly hasNext: boolean
}

const Meta = Schema.Struct({ total: Schema.Int })
const Links = Schema.Struct({
  pages: Schema.optional(Schema.Struct({ next: Schema.optional(Schema.String) }))
})

/**
 * Decodes one page of a listing: `{ [key]: [...], links, meta }`.
 *
 * @internal
 */
export const page = <A, I>(key: string, item: Schema.Schema<A, I>): Http.Decoder<Page<A>> => {
  const decode = Schemas.decodeUnknown(Schema.Struct({
    [key]: Schema.Array(item),
    meta: Schema.optional(Meta),
    links: Schema.optional(Links)
  }))
  return (body) =>
    Effect.map(decode(body), (decoded) => {
      const { links, meta } = decoded as { readonly meta?: typeof Meta.Type; readonly links?: typeof Links.Type }
      return { items: decoded[key] as ReadonlyArray<A>, total: meta?.total, hasNext: links?.pages?.next !== undefined }
    })
}

const defaultKey = (item: unknown): unknown =>
  item !== null && typeof item === "object" && "id" in item ? (item as { id: unknown }).id : undefined

/** @internal */
export interface Listing<A> {
  readonly operation: string
  readonly route: Http.Route
  readonly params?: Http.Params | undefined
  readonly decode: Http.Decoder<Page<A>>
  /** What identifies an item, to drop one seen twice; items without one are always kept. Defaults to `id`. */
  readonly key?: ((item: A) => unknown) | undefined
  /** The schema every page's params are encoded with (generated operations), as `Http.Request` has it. */
  readonly paramsSchema?: Schema.Schema<any, any> | undefined
  /** The params that are request headers, as `Http.Request` has them. */
  readonly headerParams?: ReadonlyArray<string> | undefined
}

/**
 * All items of a listing, in the API's order. The first page is fetched with `perPage`; when `meta.total` says there
 * are more, the other pages are fetched concurrently (at most `pageConcurrency` at once, and only as the stream is
 * pulled) and emitted in page order. Without `meta.total`, pages are followed one by one while `links.pages.next`
 * is there. An item seen twice (the collection shifted while paging) is dropped; a failing page fails the stream.
 *
 * @internal
 */
export const stream = <A>(listing: Listing<A>): Stream.Stream<A, DOAPIError, Http.Requirements> =>
  Stream.unwrap(Effect.gen(function*() {
    const config = yield* DoConfig
    const params = { per_page: config.perPage, ...listing.params }
    const fetchPage = (page: number) =>
      Http.execute({
        operation: listing.operation,
        method: "GET",
        route: listing.route,
        params: { ...params, page },
        paramsSchema: listing.paramsSchema,
        headerParams: listing.headerParams
      }, listing.decode)

    const first = yield* fetchPage(1)
    const size = first.items.length
    let rest: Stream.Stream<Page<A>, DOAPIError, Http.Requirements>
    if (first.total !== undefined) {
      const pages = size > 0 && first.total > size ? Math.ceil(first.total / size) : 1
      // An empty page means the collection shrank while paging (or `meta.total` overstated it): stop there rather
      // than requesting every page the first total promised.
      rest = Stream.range(2, pages).pipe(
        Stream.mapEffect(fetchPage, { concurrency: config.pageConcurrency }),
        Stream.takeWhile((page) => page.items.length > 0)
      )
    } else {
      const next = (n: number, page: Page<A>) =>
        page.hasNext && page.items.length > 0 ? Option.some(n + 1) : Option.none()
      rest = Option.isSome(next(1, first))
        ? Stream.paginateEffect(2, (n) => Effect.map(fetchPage(n), (page) => [page, next(n, page)] as const))
        : Stream.empty
    }

    const key = listing.key ?? defaultKey
    const seen = new Set<unknown>()
    const firstSeen = (item: A): boolean => {
      const id = key(item)
      if (id === undefined) return true
      if (seen.has(id)) return false
      seen.add(id)
      return true
    }
    return Stream.concat(Stream.succeed(first), rest).pipe(
      Stream.mapConcat((page) => page.items),
      Stream.filter(firstSeen)
    )
  }))

/**
 * A listing, collected (the `fetchAll` of every module).
 *
 * @internal
 */
export const collect = <A, E, R>(self: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(self), Chunk.toReadonlyArray)
