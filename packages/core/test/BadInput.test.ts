/**
 * Bad input, from the server and from callers outside TypeScript: a body nested 100,000 deep is a bounded `Decode`
 * failure (never a stack overflow), and an id or name of the wrong kind is an `Encode` failure naming the parameter,
 * with nothing sent.
 */
import {
  Account,
  Action,
  Api,
  App,
  DoError,
  Domain,
  DomainRecord,
  Droplet,
  Firewall,
  FloatingIP,
  Image,
  Kubernetes,
  LoadBalancer,
  ReservedIP,
  Snapshot,
  SSHKey,
  Tag,
  Volume
} from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Stream } from "effect"
import * as MockHttp from "./utils/MockHttp.js"

/** JSON text nested `depth` levels: `[[[...]]]` or `{"a":{"a":...1}}` (JSON.stringify itself overflows on these). */
const nested = (shape: "array" | "object", depth: number): string =>
  shape === "array" ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

const jsonText = (body: string): MockHttp.Reply =>
  MockHttp.text(200, body, { "content-type": "application/json", "x-request-id": "req-deep" })

/** The call's failure, asserting it is a typed `DOAPIError` (not a defect such as a RangeError). */
const failureOf = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.exit(self), (exit): Effect.Effect<DoError.DOAPIError> => {
    if (Exit.isSuccess(exit)) return Effect.dieMessage("the call succeeded")
    const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
    if (!DoError.isDOAPIError(failure)) return Effect.dieMessage(`not a DOAPIError: ${String(exit.cause)}`)
    return Effect.succeed(failure)
  })

const MAX_MESSAGE = 600

describe("a deeply nested body from the server", () => {
  for (const depth of [3_000, 100_000]) {
    for (const shape of ["array", "object"] as const) {
      it.effect(`${depth} levels (${shape}) where a field belongs: a bounded Decode failure`, () =>
        Effect.gen(function*() {
          const mock = yield* MockHttp.make({
            "GET /v2/account": jsonText(`{"account":${nested(shape, depth)}}`),
            "GET /v2/droplets": jsonText(`{"droplets":[{"id":1,"name":${nested(shape, depth)}}],"meta":{"total":1}}`)
          })
          const calls: ReadonlyArray<Effect.Effect<unknown, DoError.DOAPIError, any>> = [
            Account.fetch,
            Droplet.fetchAll()
          ]
          for (const call of calls) {
            const error = yield* failureOf(mock.provide(call))
            assert.isTrue(DoError.isDOAPIError(error))
            assert.strictEqual(error.reason, "Decode")
            assert.strictEqual(error.status, 200)
            assert.strictEqual(error.method, "GET")
            assert.strictEqual(error.request_id, "req-deep")
            assert.include(error.message, "undecodable response: wrong shape")
            assert.isBelow(error.message.length, MAX_MESSAGE, error.message)
            assert.notInclude(error.message, "\n")
          }
        }))
    }
  }

  it.effect("the field's path is named, however deep the value under it", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": jsonText(`{"account":${nested("array", 100_000)}}`) })
      const error = yield* failureOf(mock.provide(Account.fetch))
      assert.strictEqual(error.path, "/v2/account")
      assert.include(error.message, "at account: Expected ")
      assert.include(error.message, "actual [[[...]]]")
    }))

  it.effect("a huge value (a 5 MB string, an array of 1,000,000 items) is cut short in the message", () =>
    Effect.gen(function*() {
      const long = "x".repeat(5_000_000)
      const items = `[${Array.from({ length: 1_000_000 }, () => "1").join(",")}]`
      const mock = yield* MockHttp.make({
        "GET /v2/account": [jsonText(`{"account":${JSON.stringify(long)}}`), jsonText(`{"account":${items}}`)]
      })
      for (let i = 0; i < 2; i++) {
        const error = yield* failureOf(mock.provide(Account.fetch))
        assert.strictEqual(error.reason, "Decode")
        assert.isBelow(error.message.length, MAX_MESSAGE)
      }
    }))

  it.effect("a freeform request returns the nested body as it is (nothing to decode)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": jsonText(nested("array", 100_000)) })
      const body = yield* mock.provide(Api.request("GET", "/v2/account"))
      assert.isTrue(Array.isArray(body))
    }))
})

/** A call with a value of any type, as plain JavaScript could make it. */
type Call = (value: any) => Effect.Effect<unknown, unknown, any> | Stream.Stream<unknown, unknown, any>

interface Kind {
  readonly param: string
  readonly calls: ReadonlyArray<readonly [string, Call]>
  readonly bad: ReadonlyArray<unknown>
}

const always = [undefined, null, {}, [], true, Symbol("id"), () => 1] as const
const numericBad = ["7", "", 7.5, -1, 0, NaN, Infinity, -Infinity, 2 ** 53, { id: "7" }, ...always]
const stringBad = ["", 7, NaN, ".", "..", { id: 7 }, ...always]
const eitherBad = ["", -1, 7.5, NaN, Infinity, 0, "..", ...always]

const run = (call: Call, value: unknown): Effect.Effect<unknown, unknown, any> => {
  const result = call(value)
  return Effect.isEffect(result) ? result : Stream.runDrain(result)
}

const kinds: ReadonlyArray<Kind> = [
  {
    param: "droplet_id",
    calls: [
      ["Droplet.fetch", Droplet.fetch],
      ["Droplet.delete", Droplet.delete],
      ["Droplet.reboot", Droplet.reboot],
      ["Droplet.snapshots", Droplet.snapshots],
      ["Droplet.waitForAction", (v) => Droplet.waitForAction(v)]
    ],
    bad: numericBad
  },
  {
    param: "action_id",
    calls: [["Action.fetch", Action.fetch], ["Action.wait", (v) => Action.wait(v)]],
    bad: numericBad
  },
  { param: "image_id", calls: [["Image.delete", Image.delete], ["Image.convert", Image.convert]], bad: numericBad },
  {
    param: "domain_record_id",
    calls: [["DomainRecord.fetch", (v) => DomainRecord.fetch("example.com", v)]],
    bad: numericBad
  },
  { param: "image_id", calls: [["Image.fetch", Image.fetch]], bad: eitherBad },
  {
    param: "snapshot_id",
    calls: [["Snapshot.fetch", Snapshot.fetch], ["Snapshot.delete", Snapshot.delete]],
    bad: eitherBad
  },
  {
    param: "ssh_key_identifier",
    calls: [["SSHKey.fetch", SSHKey.fetch], ["SSHKey.delete", SSHKey.delete]],
    bad: eitherBad
  },
  {
    param: "volume_id",
    calls: [["Volume.fetch", Volume.fetch], ["Volume.delete", Volume.delete], ["Volume.snapshots", Volume.snapshots]],
    bad: stringBad
  },
  { param: "snapshot_id", calls: [["Volume.fetchSnapshot", Volume.fetchSnapshot]], bad: stringBad },
  {
    param: "domain_name",
    calls: [
      ["Domain.fetch", Domain.fetch],
      ["Domain.delete", Domain.delete],
      ["DomainRecord.fetchAll", (v) => DomainRecord.fetchAll(v)],
      ["DomainRecord.fetch", (v) => DomainRecord.fetch(v, 5)]
    ],
    bad: [...stringBad, { name: "" }]
  },
  { param: "tag_id", calls: [["Tag.fetch", Tag.fetch], ["Tag.delete", Tag.delete]], bad: [...stringBad, { name: 7 }] },
  {
    param: "reserved_ip",
    calls: [["ReservedIP.fetch", ReservedIP.fetch], ["ReservedIP.unassign", ReservedIP.unassign]],
    bad: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "example.com", -1, 2 ** 32, 7.5, NaN, ...always]
  },
  {
    param: "floating_ip",
    calls: [["FloatingIP.fetch", FloatingIP.fetch]],
    bad: ["", "1.2.3", NaN, { ip: "7" }, ...always]
  }
]

describe("an id or a name of the wrong kind", () => {
  for (const { bad, calls, param } of kinds) {
    for (const [label, call] of calls) {
      it.effect(`${label}: ${param} of the wrong kind is an Encode failure naming it, and nothing is sent`, () =>
        Effect.gen(function*() {
          const mock = yield* MockHttp.make({})
          for (const value of bad) {
            const error = yield* failureOf(mock.provide(run(call, value)))
            assert.strictEqual(error.reason, "Encode", `${label}(${String(value)})`)
            assert.match(error.description ?? "", new RegExp(`^${param} (must be|cannot be)`), error.message)
            assert.include(error.path, `{${param}}`)
            assert.include(error.message, "request not sent")
            assert.isBelow(error.message.length, MAX_MESSAGE)
          }
          assert.deepStrictEqual(yield* mock.requests, [])
        }))
    }
  }

  it.effect("the message says what the parameter must be and what it got", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* failureOf(mock.provide(Action.fetch("7" as any)))
      assert.strictEqual(error.method, "GET")
      assert.strictEqual(error.path, "/v2/actions/{action_id}")
      assert.strictEqual(error.description, "action_id must be a positive integer, got \"7\"")
      assert.strictEqual(
        error.message,
        "GET /v2/actions/{action_id}: request not sent: action_id must be a positive integer, got \"7\""
      )
      const fromObject = yield* failureOf(mock.provide(Droplet.fetch({ id: "7" } as any)))
      assert.strictEqual(
        fromObject.description,
        "droplet_id must be a positive integer, got \"7\" (the id of the object given)"
      )
      const both = yield* failureOf(mock.provide(DomainRecord.fetch("", NaN)))
      assert.strictEqual(
        both.description,
        "domain_name must be a non-empty string, got \"\"; domain_record_id must be a positive integer, got NaN"
      )
      const long = yield* failureOf(mock.provide(Droplet.fetch("9".repeat(100_000) as any)))
      assert.isBelow(long.message.length, 200)
      assert.deepStrictEqual(yield* mock.requests, [])
    }))
})

describe("a good id or name", () => {
  it.effect("is sent, percent-encoded as before (':' and '@' kept)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const calls: ReadonlyArray<readonly [Effect.Effect<unknown, DoError.DOAPIError, any>, string]> = [
        [Droplet.fetch(5), "/v2/droplets/5"],
        [Droplet.fetch({ id: 6 } as Droplet.Droplet), "/v2/droplets/6"],
        [Action.fetch(2 ** 53 - 1), `/v2/actions/${2 ** 53 - 1}`],
        [Image.fetch("ubuntu-24-04-x64"), "/v2/images/ubuntu-24-04-x64"],
        [Image.fetch(7), "/v2/images/7"],
        [Snapshot.fetch(6372321), "/v2/snapshots/6372321"],
        [SSHKey.fetch("3b:16:bf:e4"), "/v2/account/keys/3b:16:bf:e4"],
        [Volume.fetch("506f78a4-e098-11e5-ad9f-000f53306ae1"), "/v2/volumes/506f78a4-e098-11e5-ad9f-000f53306ae1"],
        [Tag.fetch("env:prod@eu west/1"), "/v2/tags/env:prod@eu%20west%2F1"],
        [Domain.fetch("example.com"), "/v2/domains/example.com"],
        [DomainRecord.fetch("a/b", 3), "/v2/domains/a%2Fb/records/3"],
        [ReservedIP.fetch("192.0.2.1"), "/v2/reserved_ips/192.0.2.1"],
        [ReservedIP.fetch(3232235777), "/v2/reserved_ips/192.168.1.1"],
        [FloatingIP.fetch(0), "/v2/floating_ips/0.0.0.0"]
      ]
      for (const [call, _] of calls) {
        // The mock answers 404 to every route: what matters is the path it saw.
        const error = yield* failureOf(mock.provide(call))
        assert.strictEqual(error.reason, "ErrorResponse")
      }
      const paths = (yield* mock.requests).map((request) => request.url.pathname)
      assert.deepStrictEqual(paths, calls.map(([, path]) => path))
      // The span's route template names the parameter.
      const [first] = yield* mock.requests
      assert.strictEqual(MockHttp.operationSpan(first).attributes.get("http.route"), "/v2/droplets/{droplet_id}")
    }))
})

describe("a reference of the wrong kind in a body or a query", () => {
  const references: ReadonlyArray<readonly [string, string, Call, ReadonlyArray<unknown>]> = [
    ["Droplet.restore", "image", (v) => Droplet.restore(5, v), numericBad],
    ["Droplet.rebuild", "image", (v) => Droplet.rebuild(5, v), eitherBad],
    ["Droplet.changeKernel", "kernel", (v) => Droplet.changeKernel(5, v), numericBad],
    ["Droplet.resize", "size", (v) => Droplet.resize(5, v), ["", 7, { slug: 7 }, ...always]],
    ["Image.transfer", "region", (v) => Image.transfer(7, v), ["", 7, { slug: "" }, ...always]],
    ["ReservedIP.assign", "droplet_id", (v) => ReservedIP.assign("192.0.2.1", v), numericBad],
    ["Volume.attach", "droplet_id", (v) => Volume.attach("vol-1", v), numericBad],
    ["Volume.detachByName", "droplet_id", (v) => Volume.detachByName("vol", v, "nyc1"), numericBad],
    ["Droplet.deleteByTag", "tag_name", (v) => Droplet.deleteByTag(v), stringBad],
    ["Tag.actOnDroplets", "tag_name", (v) => Tag.actOnDroplets(v, { type: "power_on" }), stringBad]
  ]
  for (const [label, param, call, bad] of references) {
    it.effect(`${label}: ${param} of the wrong kind is an Encode failure naming it, and nothing is sent`, () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({})
        for (const value of bad) {
          const error = yield* failureOf(mock.provide(run(call, value)))
          assert.strictEqual(error.reason, "Encode", `${label}(${String(value)})`)
          assert.match(error.description ?? "", new RegExp(`^${param} (must be|cannot be)`), error.message)
        }
        assert.deepStrictEqual(yield* mock.requests, [])
      }))
  }

  it.effect("a good reference is sent as its value", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      yield* Effect.ignore(mock.provide(Droplet.restore(5, { id: 9 } as Image.Image)))
      yield* Effect.ignore(mock.provide(Image.transfer(7, { slug: "nyc3" } as any)))
      yield* Effect.ignore(mock.provide(Droplet.deleteByTag("env:prod")))
      const [restore, transfer, deleted] = yield* mock.requests
      assert.deepStrictEqual(restore.body, { type: "restore", image: 9 })
      assert.deepStrictEqual(transfer.body, { type: "transfer", region: "nyc3" })
      assert.deepStrictEqual(deleted.query, { tag_name: "env:prod" })
    }))
})

describe("a wait given one object or nothing where a list belongs", () => {
  it.effect("nothing is an Encode failure naming the parameter, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      for (const nothing of [undefined, null]) {
        const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, DoError.DOAPIError | unknown, any>]> = [
          ["Action.waitAll", Stream.runDrain(Action.waitAll(nothing as any))],
          ["Droplet.waitAll", Stream.runDrain(Droplet.waitAll(nothing as any, { status: "active" }))],
          ["Action.waitActionsOnObjects", Stream.runDrain(Action.waitActionsOnObjects(nothing as any))]
        ]
        for (const [label, call] of calls) {
          const error = yield* failureOf(mock.provide(call))
          assert.strictEqual(error.reason, "Encode", `${label}(${nothing})`)
        }
      }
      assert.deepStrictEqual(yield* mock.requests, [])
    }))

  it.effect("one object is the one object waited on (not a wait on nothing)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* failureOf(mock.provide(Stream.runDrain(Droplet.waitAll(5 as any, { status: "active" }))))
      assert.strictEqual(error.path, "/v2/droplets/5")
      assert.strictEqual(error.status, 404)
    }))
})

describe("options left out where a body belongs", () => {
  it.effect("is an Encode failure, and nothing is sent (not a request without its body)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, DoError.DOAPIError, any>]> = [
        ["Droplet.create", Droplet.create(undefined as any)],
        ["Domain.create", Domain.create(undefined as any)],
        ["Firewall.create", Firewall.create(undefined as any)],
        ["LoadBalancer.create", LoadBalancer.create(undefined as any)],
        ["Kubernetes.create", Kubernetes.create(undefined as any)],
        ["App.create", App.create(undefined as any)]
      ]
      for (const [label, call] of calls) {
        const error = yield* failureOf(mock.provide(call))
        assert.strictEqual(error.reason, "Encode", label)
        assert.strictEqual(error.description, "invalid options: none were given", label)
      }
      assert.deepStrictEqual(yield* mock.requests, [])
    }))
})
