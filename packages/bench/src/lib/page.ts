/**
 * A page of droplets exactly as the fake serves it (the bytes of `GET /v2/droplets?per_page=N`).
 */
import { FakeDigitalOcean } from "@doapi/testing"
import * as Effect from "effect/Effect"

export const dropletPage = (count: number): Promise<string> =>
  Effect.runPromise(Effect.gen(function*() {
    const fake = yield* FakeDigitalOcean.make()
    yield* fake.seedDroplets(count)
    const outcome = yield* fake.handle({
      method: "GET",
      origin: "http://127.0.0.1",
      path: "/v2/droplets",
      query: new URLSearchParams({ per_page: String(count) }),
      headers: { authorization: `Bearer ${fake.token}` },
      body: ""
    })
    if (outcome._tag !== "Response" || outcome.status !== 200) throw new Error("the fake did not list droplets")
    return outcome.body
  }))
