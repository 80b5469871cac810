/**
 * The resource schemas against DigitalOcean's own OpenAPI document: every 200 example of the spec, served through
 * the mock and fetched through the public API, decodes to exactly what the example says; unknown fields and enum
 * values decode; a wrong shape is a typed `Decode` failure; and every schema class round-trips (property tests).
 */
import { Account, Action, DoError, Droplet, FloatingIP, Image, RateLimit, Region, ReservedIP, Size } from "@doapi/core"
import { assert, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import * as os from "node:os"
import * as path from "node:path"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

// -------------------------------------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------------------------------------

/**
 * How `Schema.DateTimeUtc` encodes an instant: ISO 8601 with milliseconds (`2020-07-21T18:37:44.000Z`), where the
 * spec writes `2020-07-21T18:37:44Z`. Computed with `Date`, independently of effect's DateTime.
 */
const isoMillis = (spec: string): string => {
  const date = new Date(spec)
  assert.isFalse(Number.isNaN(date.getTime()), `the spec's date-time ${spec} parses`)
  return date.toISOString()
}

/** Asserts a decoded date-time field is a `DateTime.Utc` at the instant the spec's string names. */
const assertUtc = (value: unknown, spec: string) => {
  assert.isTrue(DateTime.isDateTime(value), `${String(value)} is a DateTime`)
  const dateTime = value as DateTime.DateTime
  assert.isTrue(DateTime.isUtc(dateTime), "a DateTime.Utc")
  assert.strictEqual(DateTime.formatIso(dateTime), isoMillis(spec))
}

/**
 * A field with a default, as it encodes: the example's value when the example gives the field, else the default the
 * schema fills in (`orNull` fields: `null`; `Networks.v4`/`v6`: `[]`).
 */
const given = (object: any, key: string, fallback: unknown) => (key in object ? object[key] : fallback)

/** The encoded form of a spec image: `created_at` gains milliseconds; `slug` defaults to null. */
const encodedImage = (image: any) => ({
  ...image,
  ...(image.created_at === undefined ? {} : { created_at: isoMillis(image.created_at) }),
  slug: given(image, "slug", null)
})

/**
 * The encoded form of a spec droplet: its date-times (`created_at`, `next_backup_window`, `image.created_at`) gain
 * milliseconds; `kernel` and `next_backup_window` default to null, `networks.v4`/`v6` to `[]`.
 */
const encodedDroplet = (droplet: any) => {
  const window = given(droplet, "next_backup_window", null)
  return {
    ...droplet,
    kernel: given(droplet, "kernel", null),
    created_at: isoMillis(droplet.created_at),
    next_backup_window: window === null ? null : { start: isoMillis(window.start), end: isoMillis(window.end) },
    image: encodedImage(droplet.image),
    networks: { v4: given(droplet.networks, "v4", []), v6: given(droplet.networks, "v6", []) }
  }
}

/** The encoded form of a spec action: its date-times gain milliseconds; the nullable fields default to null. */
const encodedAction = (action: any) => {
  const completed = given(action, "completed_at", null)
  return {
    ...action,
    started_at: isoMillis(action.started_at),
    completed_at: completed === null ? null : isoMillis(completed),
    resource_id: given(action, "resource_id", null),
    region: given(action, "region", null),
    region_slug: given(action, "region_slug", null)
  }
}

/** The encoded form of a spec reserved / floating IP: its droplet (default null) as a droplet encodes. */
const encodedIp = (ip: any) => {
  const droplet = given(ip, "droplet", null)
  return { ...ip, droplet: droplet === null ? null : encodedDroplet(droplet) }
}

/** Spot checks of a decoded droplet against the spec's droplet: classes, date-times and getters. */
const assertDroplet = (droplet: Droplet.Droplet, spec: any) => {
  assert.instanceOf(droplet, Droplet.Droplet)
  assert.instanceOf(droplet.image, Image.Image)
  assert.instanceOf(droplet.size, Size.Size)
  assert.instanceOf(droplet.region, Region.Region)
  assert.instanceOf(droplet.networks, Droplet.Networks)
  assert.instanceOf(droplet.next_backup_window, Droplet.BackupWindow)
  assert.lengthOf(droplet.networks.v4, spec.networks.v4.length)
  for (const network of droplet.networks.v4) assert.instanceOf(network, Droplet.NetworkV4)
  for (const network of droplet.networks.v6) assert.instanceOf(network, Droplet.NetworkV6)
  assert.isNull(droplet.kernel)
  assertUtc(droplet.created_at, spec.created_at)
  assertUtc(droplet.next_backup_window?.start, spec.next_backup_window.start)
  assertUtc(droplet.next_backup_window?.end, spec.next_backup_window.end)
  assertUtc(droplet.image.created_at, spec.image.created_at)
  assert.strictEqual(droplet.status, "active")
  assert.isTrue(droplet.active)
  assert.isFalse(droplet.off)
  // the spec's networks: a private 10.128.192.124 first, then a public 192.241.165.154, and one public IPv6
  assert.strictEqual(droplet.ipv4Address, "192.241.165.154")
  assert.strictEqual(droplet.privateIpv4Address, "10.128.192.124")
  assert.strictEqual(droplet.ipv6Address, "2604:a880:0:1010::18a:a001")
  assert.strictEqual(String(droplet.networks.v4[1]), "192.241.165.154")
  assert.strictEqual(droplet.regionSlug, "nyc3")
  assert.strictEqual(droplet.imageSlug, "ubuntu-20-04-x64")
  assert.strictEqual(String(droplet.region), "nyc3")
  assert.strictEqual(String(droplet.size), "s-1vcpu-1gb")
  assert.strictEqual(droplet.size.price_hourly, spec.size.price_hourly)
}

/** Spot checks of a decoded region against the spec's. */
const assertRegion = (region: Region.Region | null, spec: any) => {
  assert.instanceOf(region, Region.Region)
  assert.strictEqual(region?.toString(), spec.slug)
  assert.strictEqual(`${region}`, "nyc3")
  assert.deepStrictEqual(region?.sizes, spec.sizes)
}

/** Spot checks of a decoded action against the spec's (a completed `create` of a droplet). */
const assertAction = (action: Action.Action, spec: any) => {
  assert.instanceOf(action, Action.Action)
  assert.strictEqual(action.id, spec.id)
  assertUtc(action.started_at, spec.started_at)
  assertUtc(action.completed_at, spec.completed_at)
  assertRegion(action.region, spec.region)
  assert.strictEqual(action.status, "completed")
  assert.isTrue(action.done)
  assert.isTrue(action.completed)
  assert.isFalse(action.inProgress)
  assert.isFalse(action.errored)
  assert.isUndefined(action.project_id, "the spec's action has no project_id")
}

// -------------------------------------------------------------------------------------------------------------------
// the spec
// -------------------------------------------------------------------------------------------------------------------

describe("Spec", () => {
  it("is found at ../shared/do-openapi beside the repository", () => {
    assert.strictEqual(
      Spec.specPath,
      path.join(path.dirname(Spec.repositoryRoot), "shared", "do-openapi", "DigitalOcean-public.v2.json")
    )
    assert.strictEqual(Spec.load().openapi, "3.0.0")
  })

  it("when absent, the error says it is missing, where it was expected and where it comes from", () => {
    const absent = path.join(os.tmpdir(), "doapi-no-such-dir", "DigitalOcean-public.v2.json")
    assert.throws(() => Spec.read(absent), /OpenAPI spec is missing: expected it at .*doapi-no-such-dir.*\.\.\/shared/)
  })
})

// -------------------------------------------------------------------------------------------------------------------
// the spec's examples through the public API
// -------------------------------------------------------------------------------------------------------------------

describe("the spec's 200 examples, fetched through the public API", () => {
  it.effect("GET /v2/account: Account.fetch", () =>
    Effect.gen(function*() {
      // The spec gives no example body here: it is assembled from the `account` schema's property examples.
      const body = Spec.responseExample("GET", "/v2/account", 200)
      const mock = yield* MockHttp.make({ "GET /v2/account": MockHttp.json(200, body) })
      const account = yield* mock.provide(Account.fetch)
      // no date-times and no defaulted fields: the encoded account is the example itself
      assert.deepStrictEqual(Schema.encodeSync(Account.Account)(account), body.account)
      assert.instanceOf(account, Account.Account)
      assert.instanceOf(account.team, Account.Team)
      assert.strictEqual(account.team?.name, "My Team")
      assert.strictEqual(account.droplet_limit, 25)
      assert.strictEqual(account.email, "sammy@digitalocean.com")
      assert.isTrue(account.active)
      assert.isFalse(account.locked)
      const [request] = yield* mock.requests
      assert.strictEqual(request.path, "/v2/account")
    }))

  it.effect("GET /v2/actions: Action.fetchAll", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/actions", 200)
      // Assembled from property examples: `meta.total` is 1, so there is one page.
      assert.strictEqual(body.meta.total, 1)
      const mock = yield* MockHttp.make({ "GET /v2/actions": MockHttp.json(200, body) })
      const actions = yield* mock.provide(Action.fetchAll)
      assert.lengthOf(actions, body.actions.length)
      assert.deepStrictEqual(
        actions.map((action) => Schema.encodeSync(Action.Action)(action)),
        body.actions.map(encodedAction)
      )
      assertAction(actions[0], body.actions[0])
      assert.lengthOf(yield* mock.requests, 1)
    }))

  it.effect("GET /v2/actions/{action_id}: Action.fetch", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/actions/{action_id}", 200)
      const id: number = body.action.id
      const mock = yield* MockHttp.make({ [`GET /v2/actions/${id}`]: MockHttp.json(200, body) })
      const action = yield* mock.provide(Action.fetch(id))
      assert.deepStrictEqual(Schema.encodeSync(Action.Action)(action), encodedAction(body.action))
      assertAction(action, body.action)
    }))

  it.effect("GET /v2/regions: Region.fetchAll", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/regions", 200)
      // The example holds one region with `meta.total` 13: the listing asks for the 12 other pages, gets the same
      // body each time (the mock ignores the query), and drops the repeats by slug.
      const mock = yield* MockHttp.make({ "GET /v2/regions": MockHttp.json(200, body) })
      const regions = yield* mock.provide(Region.fetchAll)
      assert.lengthOf(regions, 1)
      assert.deepStrictEqual(regions.map((region) => Schema.encodeSync(Region.Region)(region)), body.regions)
      assertRegion(regions[0], body.regions[0])
      assert.isTrue(regions[0].available)
      assert.include(regions[0].features, "ipv6")
      assert.lengthOf(yield* mock.requests, body.meta.total)
    }))

  it.effect("GET /v2/sizes: Size.fetchAll", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/sizes", 200)
      const mock = yield* MockHttp.make({ "GET /v2/sizes": MockHttp.json(200, body) })
      const sizes = yield* mock.provide(Size.fetchAll)
      assert.lengthOf(sizes, 1)
      assert.deepStrictEqual(sizes.map((size) => Schema.encodeSync(Size.Size)(size)), body.sizes)
      const [size] = sizes
      assert.instanceOf(size, Size.Size)
      assert.strictEqual(String(size), "s-1vcpu-1gb")
      assert.strictEqual(size.price_hourly, 0.00743999984115362)
      assert.strictEqual(size.description, "Basic")
      assert.isUndefined(size.gpu_info)
      assert.instanceOf(size.disk_info?.[0], Size.DiskInfo)
      assert.instanceOf(size.disk_info?.[0].size, Size.Amount)
      assert.deepStrictEqual(size.disk_info?.[0].size.amount, 25)
    }))

  const dropletExamples = Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)
  it("GET /v2/droplets/{droplet_id} has examples", () => assert.isAtLeast(dropletExamples.length, 1))
  for (const example of dropletExamples) {
    it.effect(`GET /v2/droplets/{droplet_id}: Droplet.fetch (example "${example.name}")`, () =>
      Effect.gen(function*() {
        const spec = example.value.droplet
        const mock = yield* MockHttp.make({ [`GET /v2/droplets/${spec.id}`]: MockHttp.json(200, example.value) })
        const droplet = yield* mock.provide(Droplet.fetch(spec.id))
        assert.deepStrictEqual(Schema.encodeSync(Droplet.Droplet)(droplet), encodedDroplet(spec))
        assertDroplet(droplet, spec)
        assert.instanceOf(droplet.disk_info?.[0], Size.DiskInfo)
        assert.isUndefined(droplet.gpu_info)
      }))
  }

  it.effect("GET /v2/images/{image_id}: Image.fetch", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/images/{image_id}", 200)
      const id: number = body.image.id
      const mock = yield* MockHttp.make({ [`GET /v2/images/${id}`]: MockHttp.json(200, body) })
      const image = yield* mock.provide(Image.fetch(id))
      assert.deepStrictEqual(Schema.encodeSync(Image.Image)(image), encodedImage(body.image))
      assert.instanceOf(image, Image.Image)
      assertUtc(image.created_at, "2014-10-17T20:24:33Z")
      assert.strictEqual(String(image), "ubuntu-16-04-x64")
      assert.strictEqual(image.size_gigabytes, 2.34)
      assert.isUndefined(image.type, "the example has no type")
      assert.deepStrictEqual(image.tags, [])
    }))

  const ipFamilies = [
    {
      name: "floating",
      specPath: "/v2/floating_ips/{floating_ip}",
      key: "floating_ip",
      route: "/v2/floating_ips",
      fetch: FloatingIP.fetch,
      schema: FloatingIP.FloatingIP
    },
    {
      name: "reserved",
      specPath: "/v2/reserved_ips/{reserved_ip}",
      key: "reserved_ip",
      route: "/v2/reserved_ips",
      fetch: ReservedIP.fetch,
      schema: ReservedIP.ReservedIP
    }
  ] as const
  for (const family of ipFamilies) {
    const examples = Spec.responseExamples("GET", family.specPath, 200)
    it(`GET ${family.specPath} has an assigned and an unassigned example`, () => {
      assert.isTrue(examples.some((example) => example.value[family.key].droplet !== null))
      assert.isTrue(examples.some((example) => example.value[family.key].droplet === null))
    })
    for (const example of examples) {
      it.effect(`GET ${family.specPath}: ${family.schema.name}.fetch (example "${example.name}")`, () =>
        Effect.gen(function*() {
          const spec = example.value[family.key]
          const mock = yield* MockHttp.make({ [`GET ${family.route}/${spec.ip}`]: MockHttp.json(200, example.value) })
          const ip: FloatingIP.FloatingIP | ReservedIP.ReservedIP = yield* mock.provide(family.fetch(spec.ip))
          assert.deepStrictEqual(Schema.encodeSync(family.schema)(ip as any), encodedIp(spec))
          assert.instanceOf(ip, family.schema)
          assert.strictEqual(String(ip), "45.55.96.47")
          assert.strictEqual(ip.locked, false)
          assert.strictEqual(ip.project_id, "746c6152-2fa2-11ed-92d3-27aaa54e4988")
          assertRegion(ip.region, spec.region)
          if (spec.droplet === null) {
            assert.isNull(ip.droplet)
          } else {
            assert.isNotNull(ip.droplet)
            assertDroplet(ip.droplet!, spec.droplet)
            assert.isUndefined(ip.droplet!.disk_info, "the IP examples' droplet has no disk_info")
          }
          const [request] = yield* mock.requests
          assert.strictEqual(request.path, `${family.route}/45.55.96.47`)
        }))
    }
  }
})

// -------------------------------------------------------------------------------------------------------------------
// forward compatibility
// -------------------------------------------------------------------------------------------------------------------

describe("forward compatibility", () => {
  it.effect("an unknown field is ignored and an unknown account status decodes", () =>
    Effect.gen(function*() {
      const { account } = Spec.responseExample("GET", "/v2/account", 200)
      const mock = yield* MockHttp.make({
        "GET /v2/account": MockHttp.json(200, {
          account: { ...account, status: "suspended", brand_new_field: { nested: [1, 2, 3] } }
        })
      })
      const decoded = yield* mock.provide(Account.fetch)
      assert.strictEqual(decoded.status, "suspended")
      assert.isFalse(decoded.active)
      assert.isFalse(decoded.locked)
      assert.notProperty(decoded, "brand_new_field")
      assert.deepStrictEqual(Schema.encodeSync(Account.Account)(decoded), { ...account, status: "suspended" })
    }))

  it.effect("an unknown action status and resource_type decode; an unknown status counts as done", () =>
    Effect.gen(function*() {
      const { action } = Spec.responseExample("GET", "/v2/actions/{action_id}", 200)
      const mock = yield* MockHttp.make({
        [`GET /v2/actions/${action.id}`]: MockHttp.json(200, {
          action: { ...action, status: "paused", resource_type: "load_balancer", something_new: true }
        })
      })
      const decoded = yield* mock.provide(Action.fetch(action.id))
      assert.strictEqual(decoded.status, "paused")
      assert.strictEqual(decoded.resource_type, "load_balancer")
      assert.isTrue(decoded.done, "anything but in-progress is done")
      assert.isFalse(decoded.inProgress)
      assert.isFalse(decoded.completed)
      assert.isFalse(decoded.errored)
      assert.notProperty(decoded, "something_new")
    }))

  it.effect("an unknown droplet status and network type decode", () =>
    Effect.gen(function*() {
      const [{ value }] = Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)
      const spec = value.droplet
      const droplet = {
        ...spec,
        status: "migrating",
        networks: { ...spec.networks, v4: [{ ...spec.networks.v4[1], type: "anycast" }] },
        image: { ...spec.image, type: "future", status: "quarantined", future_image_field: 1 },
        region: { ...spec.region, future_region_field: "x" }
      }
      const mock = yield* MockHttp.make({ [`GET /v2/droplets/${spec.id}`]: MockHttp.json(200, { droplet }) })
      const decoded = yield* mock.provide(Droplet.fetch(spec.id))
      assert.strictEqual(decoded.status, "migrating")
      assert.isFalse(decoded.active)
      assert.isFalse(decoded.new)
      assert.isFalse(decoded.off)
      assert.isFalse(decoded.archive)
      assert.strictEqual(decoded.networks.v4[0].type, "anycast")
      assert.isUndefined(decoded.ipv4Address, "an anycast interface is not the public one")
      assert.strictEqual(decoded.image.type, "future")
      assert.strictEqual(decoded.image.status, "quarantined")
      assert.notProperty(decoded.image, "future_image_field")
      assert.notProperty(decoded.region, "future_region_field")
    }))

  it.effect("an unknown image type decodes", () =>
    Effect.gen(function*() {
      const { image } = Spec.responseExample("GET", "/v2/images/{image_id}", 200)
      const mock = yield* MockHttp.make({
        [`GET /v2/images/${image.id}`]: MockHttp.json(200, { image: { ...image, type: "future" } })
      })
      const decoded = yield* mock.provide(Image.fetch(image.id))
      assert.strictEqual(decoded.type, "future")
      assert.deepStrictEqual(Schema.encodeSync(Image.Image)(decoded), encodedImage({ ...image, type: "future" }))
    }))

  it.effect("nullable fields the server leaves out decode to null (and encode as null)", () =>
    Effect.gen(function*() {
      const { action } = Spec.responseExample("GET", "/v2/actions/{action_id}", 200)
      const { completed_at: _c, region: _r, region_slug: _s, resource_id: _i, ...partial } = action
      const mock = yield* MockHttp.make({ [`GET /v2/actions/${action.id}`]: MockHttp.json(200, { action: partial }) })
      const decoded = yield* mock.provide(Action.fetch(action.id))
      assert.isNull(decoded.completed_at)
      assert.isNull(decoded.region)
      assert.isNull(decoded.region_slug)
      assert.isNull(decoded.resource_id)
      // the defaults, written out: absent from the body, null once decoded, and encoded as null
      assert.deepStrictEqual(Schema.encodeSync(Action.Action)(decoded), {
        ...partial,
        started_at: isoMillis(action.started_at),
        completed_at: null,
        resource_id: null,
        region: null,
        region_slug: null
      })
    }))
})

// -------------------------------------------------------------------------------------------------------------------
// a wrong shape
// -------------------------------------------------------------------------------------------------------------------

describe("a wrong shape from the server", () => {
  it.effect("is a typed Decode failure naming the field", () =>
    Effect.gen(function*() {
      const { account } = Spec.responseExample("GET", "/v2/account", 200)
      const mock = yield* MockHttp.make({
        "GET /v2/account": MockHttp.json(200, { account: { ...account, droplet_limit: "lots" } })
      })
      const error = yield* Effect.flip(mock.provide(Account.fetch))
      assert.isTrue(DoError.isDOAPIError(error))
      assert.instanceOf(error, DoError.DOAPIError)
      assert.strictEqual(error.reason, "Decode")
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.method, "GET")
      assert.strictEqual(error.path, "/v2/account")
      assert.notInclude(error.message, "\n")
      assert.include(error.message, "droplet_limit")
      assert.include(error.message, "account.droplet_limit")
      assert.isTrue(error.message.startsWith("GET /v2/account: 200 "), error.message)
      assert.notInclude(error.message, MockHttp.TOKEN)
    }))

  it.effect("deep inside a droplet, the path is the nested field's", () =>
    Effect.gen(function*() {
      const [{ value }] = Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)
      const spec = value.droplet
      const droplet = { ...spec, networks: { ...spec.networks, v6: [{ ...spec.networks.v6[0], netmask: "64" }] } }
      const mock = yield* MockHttp.make({ [`GET /v2/droplets/${spec.id}`]: MockHttp.json(200, { droplet }) })
      const error = yield* Effect.flip(mock.provide(Droplet.fetch(spec.id)))
      assert.strictEqual(error.reason, "Decode")
      assert.strictEqual(error.path, `/v2/droplets/${spec.id}`)
      assert.notInclude(error.message, "\n")
      assert.include(error.message, "droplet.networks.v6.0.netmask")
    }))
})

// -------------------------------------------------------------------------------------------------------------------
// property tests: every schema class round-trips
// -------------------------------------------------------------------------------------------------------------------

describe("encode then decode round-trips", () => {
  // The round trip is in memory (no JSON in between): the `Schema.Number` arbitrary makes NaN, ±Infinity and -0,
  // which JSON cannot carry, and the API never sends.
  const roundTrips = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
    it.prop(name, [schema], ([value]) => {
      const encode = Schema.encodeSync(schema)
      const decode = Schema.decodeUnknownSync(schema)
      const encoded = encode(value)
      const decoded = decode(encoded)
      assert.deepStrictEqual(encode(decoded), encoded)
      // `toEqual` ignores prototypes (a class instance equals a plain object with its fields): check the class apart
      assert.strictEqual(Object.getPrototypeOf(decoded), Object.getPrototypeOf(value), "decodes to its class")
      // `toEqual` works here: it compares enumerable own fields, and a DateTime.Utc's only enumerable field is
      // `epochMillis` (its cached parts are non-enumerable), so equal instants are equal whatever was cached.
      // (@effect/vitest's `addEqualityTesters` is not installed, so Effect's `Equal` does not take over.)
      expect(decoded).toEqual(value)
    }, { fastCheck: { numRuns: 50 } })

  roundTrips("Account", Account.Account)
  roundTrips("Account.Team", Account.Team)
  roundTrips("Action", Action.Action)
  roundTrips("Region", Region.Region)
  roundTrips("Size", Size.Size)
  roundTrips("Size.Amount", Size.Amount)
  roundTrips("Size.DiskInfo", Size.DiskInfo)
  roundTrips("Size.GpuInfo", Size.GpuInfo)
  roundTrips("Droplet", Droplet.Droplet)
  roundTrips("Droplet.Kernel", Droplet.Kernel)
  roundTrips("Droplet.BackupWindow", Droplet.BackupWindow)
  roundTrips("Droplet.NetworkV4", Droplet.NetworkV4)
  roundTrips("Droplet.NetworkV6", Droplet.NetworkV6)
  roundTrips("Droplet.Networks", Droplet.Networks)
  roundTrips("Image", Image.Image)
  roundTrips("FloatingIP", FloatingIP.FloatingIP)
  roundTrips("ReservedIP", ReservedIP.ReservedIP)
  roundTrips("RateLimit", RateLimit.RateLimit)
})
