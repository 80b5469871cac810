/**
 * ReservedIP and FloatingIP, the two path families of the same IPs: every operation's request (method, path,
 * query, body, span) and the spec's response example of every endpoint, decoded through the public API, for both.
 */
import { Action, DoError, Droplet, FloatingIP, Region, ReservedIP } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const families = [
  {
    module: ReservedIP,
    Class: ReservedIP.ReservedIP,
    name: "ReservedIP",
    collection: "/v2/reserved_ips",
    key: "reserved_ip",
    specPath: "/v2/reserved_ips/{reserved_ip}"
  },
  {
    module: FloatingIP,
    Class: FloatingIP.FloatingIP,
    name: "FloatingIP",
    collection: "/v2/floating_ips",
    key: "floating_ip",
    specPath: "/v2/floating_ips/{floating_ip}"
  }
] as const

const PROJECT = "746c6152-2fa2-11ed-92d3-27aaa54e4988"
/** The examples' address, and the 32-bit integer an action gives for it. */
const ADDRESS = "45.55.96.47"
const AS_INT = ((45 * 256 + 55) * 256 + 96) * 256 + 47

const assertInstant = (value: DateTime.Utc | null, spec: string) => {
  assert.isNotNull(value)
  assert.strictEqual(DateTime.formatIso(value!), new Date(spec).toISOString())
}

for (const family of families) {
  const { collection, key, module: Ip, name } = family
  const one = `${collection}/${ADDRESS}`
  const actionsPath = `${one}/actions`

  /** Asserts a decoded IP is the spec's: address, region, lock, project and droplet. */
  const assertIp = (ip: ReservedIP.ReservedIP | FloatingIP.FloatingIP, spec: any) => {
    assert.instanceOf(ip, family.Class)
    assert.strictEqual(ip.ip, spec.ip)
    assert.strictEqual(String(ip), spec.ip)
    assert.strictEqual(ip.locked, spec.locked)
    assert.strictEqual(ip.project_id, spec.project_id)
    assert.instanceOf(ip.region, Region.Region)
    assert.strictEqual(ip.region.slug, spec.region.slug)
    assert.deepStrictEqual(ip.region.sizes, spec.region.sizes)
    if (spec.droplet === null) return assert.isNull(ip.droplet)
    assert.instanceOf(ip.droplet, Droplet.Droplet)
    assert.strictEqual(ip.droplet?.id, spec.droplet.id)
    assert.strictEqual(ip.droplet?.ipv4Address, "192.241.165.154")
  }

  /** Asserts a decoded action is the spec's, its resource_id the IP as an integer. */
  const assertAction = (action: Action.Action, spec: any) => {
    assert.instanceOf(action, Action.Action)
    assert.deepStrictEqual(
      [action.id, action.status, action.type, action.resource_id, action.resource_type, action.region_slug],
      [spec.id, spec.status, spec.type, spec.resource_id, key, spec.region_slug]
    )
    assert.strictEqual(action.project_id, spec.project_id)
    assert.strictEqual(String(action.region), spec.region.slug)
    assertInstant(action.started_at, spec.started_at)
    assertInstant(action.completed_at, spec.completed_at)
  }

  const postActionExample = () => Spec.responseExample("POST", `${family.specPath}/actions`, 201)
  const listActionsExample = () => Spec.responseExample("GET", `${family.specPath}/actions`, 200)

  describe(`${name}.fetch`, () => {
    const examples = Spec.responseExamples("GET", family.specPath, 200)

    for (const example of examples) {
      it.effect(`GET ${family.specPath} by address, integer and object (example "${example.name}")`, () =>
        Effect.gen(function*() {
          const spec = example.value[key]
          const mock = yield* MockHttp.make({ [`GET ${one}`]: MockHttp.json(200, example.value) })
          const ip = yield* mock.provide(Ip.fetch(ADDRESS))
          assertIp(ip, spec)
          assertIp(yield* mock.provide(Ip.fetch(AS_INT)), spec)
          assertIp(yield* mock.provide(Ip.fetch(ip)), spec)
          const requests = yield* mock.requests
          assert.lengthOf(requests, 3)
          for (const request of requests) MockHttp.assertSent(request, "GET", one, `${name}.fetch`)
        }))
    }

    it("the examples hold an assigned and an unassigned IP", () => {
      assert.deepStrictEqual(examples.map((example) => example.value[key].droplet === null).sort(), [false, true])
    })
  })

  describe(`${name}.stream and ${name}.fetchAll`, () => {
    it.effect(`GET ${collection}: the spec's example decodes`, () =>
      Effect.gen(function*() {
        const body = Spec.responseExample("GET", collection, 200)
        const mock = yield* MockHttp.make({ [`GET ${collection}`]: MockHttp.json(200, body) })
        const all = yield* mock.provide(Ip.fetchAll)
        assert.lengthOf(all, 1)
        assertIp(all[0], body[`${key}s`][0])
        const streamed = yield* mock.provide(Stream.runCollect(Ip.stream))
        assert.deepStrictEqual([...streamed].map(String), [ADDRESS])
        const [first, second] = yield* mock.requests
        for (const request of [first, second]) {
          MockHttp.assertSent(request, "GET", collection, `${name}.stream`, { query: { page: "1", per_page: "200" } })
        }
      }))

    it.effect("pages through the listing, dropping an address seen twice", () =>
      Effect.gen(function*() {
        const [spec] = Spec.responseExample("GET", collection, 200)[`${key}s`]
        const pages = [["10.0.0.1"], ["10.0.0.2"], ["10.0.0.2"], ["10.0.0.3"]]
        const mock = yield* MockHttp.make({
          [`GET ${collection}`]: (request) =>
            MockHttp.json(200, {
              [`${key}s`]: pages[Number(request.query.page) - 1].map((ip) => ({ ...spec, ip })),
              links: {},
              meta: { total: pages.length }
            })
        }, { perPage: 1 })
        const all = yield* mock.provide(Ip.fetchAll)
        assert.deepStrictEqual(all.map(String), ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        assert.deepStrictEqual((yield* mock.requests).map((request) => request.query.page).sort(), ["1", "2", "3", "4"])
      }))
  })

  describe(`${name}.create`, () => {
    const examples = Spec.responseExamples("POST", collection, 202)
    const assigning = examples.find((example) => example.name.endsWith("_assigning"))!.value
    const reserving = examples.find((example) => example.name.endsWith("_reserving"))!.value

    it.effect(`POST ${collection} {droplet_id}: the spec's "assigning" 202 decodes to the IP`, () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({ [`POST ${collection}`]: MockHttp.json(202, assigning) })
        const ip = yield* mock.provide(Ip.create({ droplet_id: 213939433 }))
        assertIp(ip, assigning[key])
        assert.isTrue(ip.locked)
        // The response's links (the droplet and the assign_ip action) are not kept.
        assert.strictEqual(assigning.links.actions[0].rel, "assign_ip")
        assert.notProperty(ip, "links")
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "POST", collection, `${name}.create`, { body: { droplet_id: 213939433 } })
      }))

    it.effect(`POST ${collection} {region, project_id}: the spec's "reserving" 202 (links {}) decodes`, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(reserving.links, {})
        const mock = yield* MockHttp.make({ [`POST ${collection}`]: MockHttp.json(202, reserving) })
        const ip = yield* mock.provide(Ip.create({ region: "nyc3", project_id: PROJECT }))
        assertIp(ip, reserving[key])
        assert.isNull(ip.droplet)
        yield* mock.provide(Ip.create({ region: "nyc3" }))
        const [first, second] = yield* mock.requests
        MockHttp.assertSent(first, "POST", collection, `${name}.create`, {
          body: { region: "nyc3", project_id: PROJECT }
        })
        MockHttp.assertSent(second, "POST", collection, `${name}.create`, { body: { region: "nyc3" } })
      }))

    it.effect("options with both a droplet and a region fail to encode, and nothing is sent", () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({ [`POST ${collection}`]: MockHttp.json(202, reserving) })
        // @ts-expect-error: the options' type forbids both too
        const both: ReservedIP.CreateOptions = { droplet_id: 1, region: "nyc3" }
        const error = yield* mock.provide(Effect.flip(Ip.create(both)))
        assert.isTrue(DoError.isDOAPIError(error))
        assert.strictEqual(error.reason, "Encode")
        assert.lengthOf(yield* mock.requests, 0)
      }))
  })

  describe(`${name}.remove`, () => {
    it.effect(`DELETE ${family.specPath}, 204; delete is remove`, () =>
      Effect.gen(function*() {
        assert.strictEqual(Ip.delete, Ip.remove)
        const mock = yield* MockHttp.make({ [`DELETE ${one}`]: MockHttp.empty(204) })
        yield* mock.provide(Ip.remove(ADDRESS))
        yield* mock.provide(Ip.delete(AS_INT))
        const requests = yield* mock.requests
        assert.lengthOf(requests, 2)
        for (const request of requests) MockHttp.assertSent(request, "DELETE", one, `${name}.delete`)
      }))
  })

  describe(`${name} actions`, () => {
    it.effect(`assign: POST ${family.specPath}/actions {type: assign, droplet_id}; the spec's 201 decodes`, () =>
      Effect.gen(function*() {
        const body = postActionExample()
        const mock = yield* MockHttp.make({ [`POST ${actionsPath}`]: MockHttp.json(201, body) })
        const action = yield* mock.provide(Ip.assign(ADDRESS, 3164444))
        assertAction(action, body.action)
        assert.strictEqual(action.project_id, PROJECT)
        assert.strictEqual(action.type, "assign_ip")
        const [example] = Spec.responseExamples("GET", family.specPath, 200).filter((e) => e.value[key].droplet)
        const droplet = Schema.decodeUnknownSync(Droplet.Droplet)(example.value[key].droplet)
        yield* mock.provide(Ip.assign(AS_INT, droplet))
        const [first, second] = yield* mock.requests
        MockHttp.assertSent(first, "POST", actionsPath, `${name}.assign`, {
          body: { type: "assign", droplet_id: 3164444 }
        })
        MockHttp.assertSent(second, "POST", actionsPath, `${name}.assign`, {
          body: { type: "assign", droplet_id: 3164444 }
        })
      }))

    it.effect("unassign: {type: unassign}", () =>
      Effect.gen(function*() {
        const body = postActionExample()
        const unassign = { ...body.action, type: "unassign_ip" }
        const mock = yield* MockHttp.make({ [`POST ${actionsPath}`]: MockHttp.json(201, { action: unassign }) })
        assertAction(yield* mock.provide(Ip.unassign(ADDRESS)), unassign)
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "POST", actionsPath, `${name}.unassign`, { body: { type: "unassign" } })
      }))

    it.effect("act: any body", () =>
      Effect.gen(function*() {
        const body = postActionExample()
        const mock = yield* MockHttp.make({ [`POST ${actionsPath}`]: MockHttp.json(201, body) })
        assertAction(yield* mock.provide(Ip.act(ADDRESS, { type: "future", n: 1 })), body.action)
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "POST", actionsPath, `${name}.act`, { body: { type: "future", n: 1 } })
      }))

    it.effect(`streamActions / fetchAllActions: GET ${family.specPath}/actions; the spec's example decodes`, () =>
      Effect.gen(function*() {
        const body = listActionsExample()
        const mock = yield* MockHttp.make({ [`GET ${actionsPath}`]: MockHttp.json(200, body) })
        const all = yield* mock.provide(Ip.fetchAllActions(ADDRESS))
        assert.lengthOf(all, 1)
        assertAction(all[0], body.actions[0])
        assert.strictEqual(all[0].type, "reserve_ip")
        assert.isUndefined(all[0].project_id, "the listing's example has no project_id")
        const streamed = yield* mock.provide(Stream.runCollect(Ip.streamActions(AS_INT)))
        assert.deepStrictEqual([...streamed].map((action) => action.id), [body.actions[0].id])
        const requests = yield* mock.requests
        assert.lengthOf(requests, 2)
        for (const request of requests) {
          MockHttp.assertSent(request, "GET", actionsPath, `${name}.fetchAllActions`, {
            query: { page: "1", per_page: "200" }
          })
        }
      }))

    it.effect("fetchLastAction asks for one action; None when there is none", () =>
      Effect.gen(function*() {
        const body = listActionsExample()
        const mock = yield* MockHttp.make({
          [`GET ${actionsPath}`]: [
            MockHttp.json(200, body),
            MockHttp.json(200, { actions: [], links: {}, meta: { total: 0 } })
          ]
        })
        assertAction(Option.getOrThrow(yield* mock.provide(Ip.fetchLastAction(ADDRESS))), body.actions[0])
        assert.isTrue(Option.isNone(yield* mock.provide(Ip.fetchLastAction(ADDRESS))))
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "GET", actionsPath, `${name}.fetchLastAction`, {
          query: { page: "1", per_page: "1" }
        })
      }))
  })

  describe(`${name}.fetchCurrentAction`, () => {
    const action = (id: number, type: string, status: string, started_at: string) => ({
      id,
      status,
      type,
      started_at,
      completed_at: status === "in-progress" ? null : started_at,
      resource_id: AS_INT,
      resource_type: key,
      region: null,
      region_slug: "nyc3"
    })
    const listing = (...actions: Array<unknown>) =>
      MockHttp.json(200, { actions, links: {}, meta: { total: actions.length } })

    it.effect("a create assigned to a droplet: the in-progress one of the actions that started together", () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({
          [`GET ${actionsPath}`]: listing(
            action(3, "reserve_ip", "completed", "2024-01-01T10:00:00Z"),
            action(2, "assign_ip", "in-progress", "2024-01-01T10:00:00Z"),
            action(1, "unassign_ip", "in-progress", "2024-01-01T09:00:00Z")
          )
        })
        const current = Option.getOrThrow(yield* mock.provide(Ip.fetchCurrentAction(ADDRESS)))
        assert.deepStrictEqual([current.id, current.type], [2, "assign_ip"])
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "GET", actionsPath, `${name}.fetchAllActions`, {
          query: { page: "1", per_page: "200" }
        })
      }))

    it.effect("None when the newest started alone and is done", () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({
          [`GET ${actionsPath}`]: listing(
            action(2, "assign_ip", "completed", "2024-01-01T10:00:01Z"),
            action(1, "reserve_ip", "in-progress", "2024-01-01T10:00:00Z")
          )
        })
        assert.isTrue(Option.isNone(yield* mock.provide(Ip.fetchCurrentAction(ADDRESS))))
      }))
  })

  describe(`${name}.waitForAction`, () => {
    /** The last action runs for one poll, then is the spec's GET {ip}/actions/{action_id} example (completed). */
    const routes = (ip: MockHttp.Reply) => {
      const { action } = Spec.responseExample("GET", `${family.specPath}/actions/{action_id}`, 200)
      assert.strictEqual(action.status, "completed")
      const running = { ...action, status: "in-progress", completed_at: null }
      return {
        [`GET ${actionsPath}`]: MockHttp.json(200, { actions: [running], links: {}, meta: { total: 1 } }),
        [`GET /v2/actions/${action.id}`]: [
          MockHttp.json(200, { action: running }),
          MockHttp.json(200, { action })
        ],
        [`GET ${one}`]: ip
      }
    }

    it.effect("polls the last action until it is done, then returns the fresh IP", () =>
      Effect.gen(function*() {
        const [example] = Spec.responseExamples("GET", family.specPath, 200)
        const mock = yield* MockHttp.make(routes(MockHttp.json(200, example.value)))
        const fiber = yield* Effect.fork(mock.provide(Ip.waitForAction(ADDRESS)))
        yield* TestClock.adjust("1999 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting before the second poll")
        yield* TestClock.adjust("1 millis")
        const ip = Option.getOrThrow(yield* Fiber.join(fiber))
        assertIp(ip, example.value[key])
        const requests = yield* mock.requests
        assert.deepStrictEqual(requests.map((request) => [request.path, request.at]), [
          [actionsPath, 0],
          ["/v2/actions/72531856", 0],
          ["/v2/actions/72531856", 2000],
          [one, 2000]
        ])
        MockHttp.assertSent(requests[0], "GET", actionsPath, `${name}.fetchAllActions`, {
          query: { page: "1", per_page: "200" }
        })
        MockHttp.assertSent(requests[3], "GET", one, `${name}.fetch`)
      }))

    it.effect("is None when the IP is gone (404) once the action is done", () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make(routes(MockHttp.error(404, "not_found", "released")))
        const fiber = yield* Effect.fork(mock.provide(Ip.waitForAction(AS_INT)))
        yield* TestClock.adjust("1 minute")
        assert.isTrue(Option.isNone(yield* Fiber.join(fiber)))
        assert.lengthOf(yield* mock.requests, 4)
      }))

    it.effect("passes on an error other than 404", () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make(routes(MockHttp.error(500, "server_error", "boom")), {
          retry: { times: 0 }
        })
        const fiber = yield* Effect.fork(mock.provide(Effect.flip(Ip.waitForAction(ADDRESS))))
        yield* TestClock.adjust("1 minute")
        const error = yield* Fiber.join(fiber)
        assert.isTrue(DoError.isDOAPIError(error) && error.status === 500)
      }))
  })
}
