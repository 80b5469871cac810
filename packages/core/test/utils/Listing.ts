/**
 * A paginated collection for MockHttp, answering `page` and `per_page` as DigitalOcean does: the items under `key`,
 * `links.pages` (first/prev/next/last, absolute URLs) and `meta.total`.
 */
import * as MockHttp from "./MockHttp.js"

export interface Options {
  /** The most items the server returns per page, whatever per_page asks (DigitalOcean's is 200). */
  readonly maxPerPage?: number
  /** Leave out `meta` (some endpoints have none). */
  readonly noMeta?: boolean
}

/** The page of `items` that a request asks for, as a reply. */
export const page = (
  key: string,
  items: ReadonlyArray<unknown>,
  request: MockHttp.Recorded,
  options: Options = {}
): MockHttp.Reply => {
  const perPage = Math.min(Number(request.query["per_page"] ?? 20), options.maxPerPage ?? 200)
  const pageNo = Number(request.query["page"] ?? 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const url = (n: number) => `${request.url.origin}${request.path}?page=${n}&per_page=${perPage}`
  const pages: Record<string, string> = {}
  if (pageNo > 1) Object.assign(pages, { first: url(1), prev: url(pageNo - 1) })
  if (pageNo < last) Object.assign(pages, { next: url(pageNo + 1), last: url(last) })
  return MockHttp.json(200, {
    [key]: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    links: { pages },
    ...(options.noMeta ? {} : { meta: { total: items.length } })
  })
}

/** A route script serving `items` page by page. */
export const script =
  (key: string, items: ReadonlyArray<unknown>, options: Options = {}): MockHttp.Script => (request) =>
    page(key, items, request, options)
