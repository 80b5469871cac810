/**
 * The demo: the README's example program, run offline against a scripted DigitalOcean-like server.
 *
 *   npx -y pnpm@10.34.9 demo
 *
 * Part 1 is the README program, as it is in the README (only the layer differs: here it points at the local server).
 * Part 2 is the scripted server. Part 3 starts the server, runs the program against it and closes the server.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Part 1: the README program
// ---------------------------------------------------------------------------------------------------------------------

import { Account, Action, DoConfig, RateLimit, Region, Size } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { DateTime, Effect, Option } from "effect"

// Actions of your account, e.g. from creating a droplet (these ids are the demo server's).
const CREATE_ACTION = 36804636
const SNAPSHOT_ACTION = 36804637
const RESIZE_ACTION = 36804638

// Waits for an action to finish and says how it went; each failure is handled by its tag.
const waitFor = (id: number, options?: Action.WaitOptions) =>
  Action.wait(id, options).pipe(
    // A finished action may have errored: raiseForError turns that into an ActionError.
    Effect.flatMap(Action.raiseForError),
    Effect.map((action) => `action ${action.id} (${action.type}) ${action.status}`),
    Effect.catchTags({
      DOAPIError: (error) => Effect.succeed(`action ${id}: API error: ${error.message}`),
      WaitTimeoutError: (error) => Effect.succeed(`action ${id}: gave up: ${error.message}`),
      ActionError: (error) => Effect.succeed(`action ${id} failed: ${error.message}`)
    })
  )

const program = Effect.gen(function*() {
  const account = yield* Account.fetch
  console.log(`account ${account.email}: ${account.status}, up to ${account.droplet_limit} droplets`)

  const regions = yield* Region.fetchAll
  const available = regions.filter((region) => region.available)
  console.log(`${regions.length} regions, available: ${available.join(", ")}`)

  const sizes = yield* Size.fetchAll
  console.log(`${sizes.length} sizes:`)
  for (const size of sizes) {
    console.log(
      `  ${size.slug}: ${size.vcpus} vCPU, ${size.memory} MB, ${size.disk} GB, $${size.price_monthly}/month`
    )
  }

  console.log(yield* waitFor(CREATE_ACTION))
  console.log(yield* waitFor(SNAPSHOT_ACTION))
  // Gives up after a second (a WaitTimeoutError) instead of the default: waiting forever.
  console.log(yield* waitFor(RESIZE_ACTION, { timeout: "1 second" }))

  // A 404 is a DOAPIError too: its message names the request, the status and the API's own message.
  const missing = yield* Action.fetch(999999).pipe(
    Effect.map((action) => `found action ${action.id}?`),
    Effect.catchTag(
      "DOAPIError",
      (error) => Effect.succeed(`${error.message} (status ${error.status}, request_id ${error.request_id})`)
    )
  )
  console.log(missing)

  const rateLimit = yield* RateLimit.latest
  console.log(Option.match(rateLimit, {
    onNone: () => "no rate limit seen yet",
    onSome: ({ limit, remaining, resetAt }) =>
      `rate limit: ${remaining} of ${limit} left, resets at ${DateTime.formatIso(resetAt)}`
  }))
})

// Against the real API, with the token from DIGITALOCEAN_TOKEN (or DO_API_TOKEN), the README runs it with:
//
//   program.pipe(Effect.provide(FetchHttpClient.layer), Effect.provide(DoConfig.layerConfig()), Effect.runPromise)
//
// The demo runs it in Part 3 with `DoConfig.layer(...)` pointed at the scripted server instead.

// ---------------------------------------------------------------------------------------------------------------------
// Part 2: the scripted server
// ---------------------------------------------------------------------------------------------------------------------

import type { DoError } from "@doapi/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import { randomUUID } from "node:crypto"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

const TOKEN = "dop_v1_demo_token_0123456789abcdef"

const startedAt = new Date()
const iso = (date: Date) => date.toISOString().replace(/\.\d+Z$/, "Z")

const ACCOUNT = {
  droplet_limit: 25,
  floating_ip_limit: 5,
  email: "sammy@digitalocean.com",
  name: "Sammy the Shark",
  uuid: "b6fr89dbf6d9156cace5f3c78dc9851d957381ef",
  email_verified: true,
  status: "active",
  status_message: ""
}

const ALL_SIZES = ["s-1vcpu-1gb", "s-2vcpu-4gb", "c-4"]

const region = (slug: string, name: string, available = true) => ({
  slug,
  name,
  features: ["backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"],
  available,
  sizes: available ? ALL_SIZES : []
})

const REGIONS = [
  region("ams3", "Amsterdam 3"),
  region("fra1", "Frankfurt 1"),
  region("nyc1", "New York 1", false),
  region("nyc3", "New York 3"),
  region("sfo3", "San Francisco 3")
]

const size = (
  slug: string,
  description: string,
  vcpus: number,
  memory: number,
  disk: number,
  transfer: number,
  price_monthly: number
) => ({
  slug,
  memory,
  vcpus,
  disk,
  transfer,
  price_monthly,
  price_hourly: Math.round((price_monthly / 672) * 100000) / 100000,
  regions: REGIONS.filter((region) => region.available).map((region) => region.slug),
  available: true,
  description,
  disk_info: [{ type: "local", size: { amount: disk, unit: "gib" } }]
})

const SIZES = [
  size("s-1vcpu-1gb", "Basic", 1, 1024, 25, 1, 6),
  size("s-2vcpu-4gb", "Basic", 2, 4096, 80, 4, 24),
  size("c-4", "CPU-Optimized", 4, 8192, 50, 5, 84)
]

/** Each action's script: its status at each poll (the last one repeats). */
const ACTIONS: Record<number, { readonly type: string; readonly statuses: ReadonlyArray<string> }> = {
  [CREATE_ACTION]: { type: "create", statuses: ["in-progress", "in-progress", "completed"] },
  [SNAPSHOT_ACTION]: { type: "snapshot", statuses: ["in-progress", "errored"] },
  [RESIZE_ACTION]: { type: "resize", statuses: ["in-progress"] }
}

interface Reply {
  readonly status: number
  readonly body: unknown
}

const errorReply = (status: number, id: string, message: string): Reply => ({ status, body: { id, message } })

const paginated = (
  origin: string,
  path: string,
  key: string,
  items: ReadonlyArray<unknown>,
  query: URLSearchParams
) => {
  const perPage = Math.min(200, Math.max(1, Number(query.get("per_page") ?? 20) || 20))
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (n: number) => `${origin}${path}?page=${n}&per_page=${perPage}`
  const pages: Record<string, string> = {}
  if (page > 1) Object.assign(pages, { first: link(1), prev: link(Math.min(page, last + 1) - 1) })
  if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) })
  return {
    [key]: items.slice((page - 1) * perPage, page * perPage),
    links: { pages },
    meta: { total: items.length }
  }
}

/** The scripted DigitalOcean: a node:http server on 127.0.0.1 (a free port), acquired and released with a scope. */
const scriptedServer = Effect.acquireRelease(
  Effect.async<{ readonly server: http.Server; readonly origin: string }>((resume) => {
    const polls = new Map<number, number>()
    let remaining = 5000
    const reset = Math.floor(startedAt.getTime() / 1000) + 3600

    const answer = (origin: string, request: http.IncomingMessage): Reply => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        return errorReply(401, "unauthorized", "Unable to authenticate you.")
      }
      const url = new URL(request.url ?? "/", origin)
      const notFound = errorReply(404, "not_found", "The resource you requested could not be found.")
      if (request.method !== "GET") return notFound
      if (url.pathname === "/v2/account") return { status: 200, body: { account: ACCOUNT } }
      if (url.pathname === "/v2/regions") {
        return { status: 200, body: paginated(origin, url.pathname, "regions", REGIONS, url.searchParams) }
      }
      if (url.pathname === "/v2/sizes") {
        return { status: 200, body: paginated(origin, url.pathname, "sizes", SIZES, url.searchParams) }
      }
      const match = /^\/v2\/actions\/(\d+)$/.exec(url.pathname)
      const script = match === null ? undefined : ACTIONS[Number(match[1])]
      if (match === null || script === undefined) return notFound
      const id = Number(match[1])
      const poll = polls.get(id) ?? 0
      polls.set(id, poll + 1)
      const status = script.statuses[Math.min(poll, script.statuses.length - 1)]
      return {
        status: 200,
        body: {
          action: {
            id,
            status,
            type: script.type,
            started_at: iso(startedAt),
            completed_at: status === "in-progress" ? null : iso(new Date()),
            resource_id: 3164444,
            resource_type: "droplet",
            region: REGIONS[3],
            region_slug: REGIONS[3].slug
          }
        }
      }
    }

    const server = http.createServer((request, response) => {
      const origin = `http://${request.headers.host ?? "127.0.0.1"}`
      const reply = answer(origin, request)
      const requestId = randomUUID()
      remaining = Math.max(0, remaining - 1)
      const body = reply.status >= 400 ? { ...(reply.body as object), request_id: requestId } : reply.body
      response.writeHead(reply.status, {
        "content-type": "application/json; charset=utf-8",
        "ratelimit-limit": "5000",
        "ratelimit-remaining": String(remaining),
        "ratelimit-reset": String(reset),
        "x-request-id": requestId
      })
      response.end(JSON.stringify(body))
      console.log(`    [server] ${request.method} ${request.url} -> ${reply.status}`)
    })
    server.once("error", (error) => resume(Effect.die(error)))
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(Effect.succeed({ server, origin: `http://127.0.0.1:${port}` }))
    })
  }),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

// ---------------------------------------------------------------------------------------------------------------------
// Part 3: run the program against the server
// ---------------------------------------------------------------------------------------------------------------------

// The README program needs exactly an HttpClient and a DoConfig, and fails only with a DOAPIError.
const readmeProgram: Effect.Effect<void, DoError.DOAPIError, HttpClient.HttpClient | DoConfig.DoConfig> = program

const main = Effect.gen(function*() {
  const { origin } = yield* scriptedServer
  console.log(`scripted DigitalOcean API on ${origin}\n`)

  const settings = { endpoint: origin, waitInterval: "200 millis", perPage: 2 } as const
  yield* readmeProgram.pipe(
    Effect.provide(FetchHttpClient.layer),
    Effect.provide(DoConfig.layer({ token: TOKEN, ...settings }))
  )

  console.log("\nwith a wrong token:")
  const refused = yield* Account.fetch.pipe(
    Effect.map((account) => `signed in as ${account.email}?`),
    Effect.catchTag("DOAPIError", (error) => Effect.succeed(`${error.message} (id ${error.id})`)),
    Effect.provide(FetchHttpClient.layer),
    Effect.provide(DoConfig.layer({ token: "dop_v1_wrong", ...settings }))
  )
  console.log(refused)
}).pipe(Effect.scoped)

Effect.runPromise(main).then(
  () => console.log("\ndemo finished"),
  (error) => {
    console.error("demo failed:", error)
    process.exitCode = 1
  }
)
