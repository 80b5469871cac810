/**
 * A client that is not ours, for driving the fake's HTTP server as any other language's client would: plain `fetch`
 * with the bearer token, JSON in and out (text out when the answer is not JSON, e.g. YAML). And a Console that records
 * what a program prints. Shared by the `*Fetch`/HTTP tests and the README example tests.
 */
import { Console, Effect } from "effect"

/** A tiny client: the bearer token, JSON in (and out, unless the answer is not JSON). */
export const client = (url: string, token: string) => (method: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    const type = response.headers.get("content-type") ?? ""
    return {
      status: response.status,
      type,
      body: text === "" ? undefined : type.includes("json") ? JSON.parse(text) : text
    }
  })

/** A Console that records what the program prints: `log` into `lines`, `error` into `errors`. */
export const recording = () => {
  const lines: Array<string> = []
  const errors: Array<string> = []
  const record = (into: Array<string>) => (...args: ReadonlyArray<unknown>) =>
    Effect.sync(() => void into.push(args.map(String).join(" ")))
  const console = new Proxy({} as Console.Console, {
    get: (_target, name) =>
      name === Console.TypeId
        ? Console.TypeId
        : name === "unsafe"
        ? globalThis.console
        : name === "log"
        ? record(lines)
        : name === "error"
        ? record(errors)
        : () => Effect.void
  })
  return { console, errors, lines }
}
