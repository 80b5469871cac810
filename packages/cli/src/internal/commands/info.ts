/**
 * `doapi account`, `doapi region`, `doapi size` and `doapi request`.
 *
 * @internal
 */
import { Account, Api, RateLimit, Region, Size } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Files from "../files.js"
import * as Output from "../output.js"

/** @internal */
export const account = Command.make("account", {
  ...Common.common,
  rateLimit: Options.boolean("rate-limit").pipe(
    Options.withAlias("R"),
    Options.withDescription(
      "Prints the rate limit the API reported with the account (limit, remaining, reset) instead of the account."
    )
  )
}, (options) =>
  Common.run(
    options,
    undefined,
    Effect.gen(function*() {
      const fetched = yield* Account.fetch
      if (!options.rateLimit) return yield* Output.emit(fetched)
      const limit = yield* RateLimit.latest
      yield* Output.emit(Option.map(limit, (limit) => ({ ...limit, reset_at: limit.resetAt })))
    })
  )).pipe(Common.describe(
    "Prints the account (email, status, droplet limit, ...).",
    ["doapi account | jq -r .email", "the account's email address"],
    ["doapi account --rate-limit", "how many requests are left this hour"]
  ))

/** @internal */
export const region = Command.make(
  "region",
  Common.common,
  (options) => Common.run(options, undefined, Common.emitAll(Region.stream))
).pipe(Common.describe(
  "Lists the regions, one JSON object a line.",
  ["doapi region | jq -r 'select(.available) | .slug'", "the slugs of the regions open for new droplets"]
))

/** @internal */
export const size = Command.make(
  "size",
  Common.common,
  (options) => Common.run(options, undefined, Common.emitAll(Size.stream))
).pipe(Common.describe(
  "Lists the droplet sizes, one JSON object a line.",
  ["doapi size --format table", "the sizes as a table"]
))

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

/** Splits `?a=1&b=2` off a path into query parameters. */
const splitQuery = (target: string): readonly [string, Record<string, string>] => {
  const at = target.indexOf("?")
  if (at < 0 || !target.startsWith("/")) return [target, {}]
  return [target.slice(0, at), Object.fromEntries(new URLSearchParams(target.slice(at + 1)))]
}

/** @internal */
export const request = Command.make("request", {
  ...Common.common,
  method: Options.choice("method", methods).pipe(
    Options.withAlias("X"),
    Options.withDescription("The HTTP method."),
    Options.withDefault("GET" as const)
  ),
  data: Options.text("data").pipe(
    Options.withAlias("d"),
    Options.withPseudoName("JSON"),
    Options.withDescription("The request's JSON body; @FILE reads it from FILE, @- from standard input."),
    Options.optional
  ),
  dumpHeaders: Options.text("dump-headers").pipe(
    Options.withAlias("D"),
    Options.withPseudoName("FILE"),
    Options.withDescription(
      "Writes the response's headers to FILE as JSON (- for standard output); with --paginate, the last page's."
    ),
    Options.optional
  ),
  paginate: Options.text("paginate").pipe(
    Options.withPseudoName("KEY"),
    Options.withDescription("Follows the pages of a listing and prints each object under KEY as it arrives."),
    Options.optional
  ),
  path: Common.one("path", "A path such as /v2/account, or a URL on the endpoint.")
}, (options) =>
  Common.run(
    options,
    undefined,
    Effect.gen(function*() {
      if (Option.isSome(options.paginate) && options.method !== "GET") {
        return yield* usage("--paginate needs the GET method")
      }
      if (Option.isSome(options.paginate) && Option.isSome(options.data)) {
        return yield* usage("--paginate and --data cannot be used together")
      }
      let body: unknown = undefined
      if (Option.isSome(options.data)) {
        const text = yield* Files.stringOrFile(options.data.value, "--data")
        body = yield* Effect.try({
          try: () => JSON.parse(text) as unknown,
          catch: () => usage("--data is not JSON")
        })
      }
      let headers: Record<string, string> | undefined
      const [path, params] = splitQuery(options.path)
      const call = Option.isSome(options.paginate)
        ? Common.emitAll(Api.paginate(path, options.paginate.value, params))
        : Effect.flatMap(
          Api.request(options.method, path, { params, body }),
          (result) => result === undefined ? Effect.void : Output.emit(result)
        )
      const exit = yield* Effect.exit(Effect.updateService(
        call,
        HttpClient.HttpClient,
        HttpClient.tap((response) => Effect.sync(() => void (headers = { ...response.headers })))
      ))
      if (Option.isSome(options.dumpHeaders)) {
        yield* Files.write(options.dumpHeaders.value, `${JSON.stringify(headers ?? null)}\n`, "--dump-headers")
      }
      return yield* exit
    })
  )).pipe(Common.describe(
    "Sends any request to the API and prints the JSON it answers (nothing for an empty answer).",
    ["doapi request /v2/account", "the account, as the API sends it"],
    [
      "doapi request --paginate droplets '/v2/droplets?tag_name=web' | jq .id",
      "the ids of every droplet tagged web, page after page"
    ],
    ["doapi request -X POST -d '{\"name\":\"web\"}' /v2/tags", "creates a tag"],
    ["doapi request -D headers.json /v2/regions > regions.json", "the regions, and the response's headers"]
  ))
