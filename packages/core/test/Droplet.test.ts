/**
 * Droplet: every operation's method, path, query and body, and the spec's response examples decoded through it.
 */
import type { Action } from "@doapi/core"
import { Droplet } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = 3164444
const dropletExample = () => Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)[0].value.droplet
const dropletWith = (fields: Record<string, unknown>) => ({ ...dropletExample(), ...fields })
const actionJson = (type: string, status = "in-progress", extra: Record<string, unknown> = {}) => ({
  id: 36804636,
  status,
  type,
  started_at: "2020-11-14T16:29:21Z",
  completed_at: status === "in-progress" ? null : "2020-11-14T16:30:06Z",
  resource_id: ID,
  resource_type: "droplet",
  region_slug: "nyc3",
  ...extra
})
const actionReply = (type: string) => MockHttp.json(201, { action: actionJson(type) })
const decodeDroplet = Schema.decodeUnknownSync(Droplet.Droplet)

describe("Droplet", () => {
  it.effect("fetch: GET /v2/droplets/{id}, by id or by the object", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: MockHttp.json(200, { droplet: dropletExample() })
      })
      const droplet = yield* mock.provide(Droplet.fetch(ID))
      assert.strictEqual(droplet.id, ID)
      yield* mock.provide(Droplet.fetch(droplet))
      assert.deepStrictEqual((yield* mock.requests).map((r) => `${r.method} ${r.path}`), [
        `GET /v2/droplets/${ID}`,
        `GET /v2/droplets/${ID}`
      ])
    }))

  it.effect("fetchAll: the spec's listing example, and the tag_name / name / type filters", () =>
    Effect.gen(function*() {
      const examples = Spec.responseExamples("GET", "/v2/droplets", 200)
      for (const example of examples) {
        const mock = yield* MockHttp.make({ "GET /v2/droplets": MockHttp.json(200, example.value) })
        const all = yield* mock.provide(Droplet.fetchAll())
        assert.deepStrictEqual(all.map((d) => d.id), example.value.droplets.map((d: any) => d.id), example.name)
        assert.isTrue(all.every((d) => d instanceof Droplet.Droplet))
      }
      const mock = yield* MockHttp.make({
        "GET /v2/droplets": MockHttp.json(200, { droplets: [], meta: { total: 0 } })
      })
      yield* mock.provide(Droplet.fetchAll({ tag_name: "env:prod" }))
      yield* mock.provide(Droplet.fetchAll({ name: "web-1" }))
      yield* mock.provide(Droplet.fetchAll({ type: "gpus" }))
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.query), [
        { per_page: "200", tag_name: "env:prod", page: "1" },
        { per_page: "200", name: "web-1", page: "1" },
        { per_page: "200", type: "gpus", page: "1" }
      ])
    }))

  it.effect("create: POST /v2/droplets with the options as the body; the spec's 202 example decodes", () =>
    Effect.gen(function*() {
      const [single] = Spec.responseExamples("POST", "/v2/droplets", 202).filter((e) => "droplet" in e.value)
      const mock = yield* MockHttp.make({ "POST /v2/droplets": MockHttp.json(202, single.value) })
      const options: Droplet.CreateOptions = {
        name: "example.com",
        region: "nyc3",
        size: "s-1vcpu-1gb",
        image: "ubuntu-20-04-x64",
        ssh_keys: [289794, "3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45"],
        backups: true,
        backup_policy: Droplet.BackupPolicy.make({ plan: "weekly", weekday: "TUE", hour: 8 }),
        ipv6: true,
        monitoring: true,
        tags: ["env:prod", "web"],
        user_data: "#cloud-config\nruncmd:\n  - touch /test.txt\n",
        vpc_uuid: "760e09ef-dc84-11e8-981e-3cfdfeaae000"
      }
      const droplet = yield* mock.provide(Droplet.create(options))
      assert.strictEqual(droplet.id, single.value.droplet.id)
      assert.strictEqual(droplet.status, single.value.droplet.status)
      const [request] = yield* mock.requests
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/v2/droplets")
      assert.deepStrictEqual(request.body, {
        ...options,
        backup_policy: { plan: "weekly", weekday: "TUE", hour: 8 }
      })
    }))

  it.effect("createMultiple: names, and the response's links.actions kept", () =>
    Effect.gen(function*() {
      const [multiple] = Spec.responseExamples("POST", "/v2/droplets", 202).filter((e) => "droplets" in e.value)
      const mock = yield* MockHttp.make({ "POST /v2/droplets": MockHttp.json(202, multiple.value) })
      const created = yield* mock.provide(Droplet.createMultiple({
        names: ["sub-01.example.com", "sub-02.example.com"],
        size: "s-1vcpu-1gb",
        image: "ubuntu-20-04-x64",
        region: "nyc3"
      }))
      assert.deepStrictEqual(created.droplets.map((d) => d.name), multiple.value.droplets.map((d: any) => d.name))
      assert.deepStrictEqual(
        created.links.actions.map((a) => [a.id, a.rel, a.href]),
        multiple.value.links.actions.map((a: any) => [a.id, a.rel, a.href])
      )
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.body, {
        names: ["sub-01.example.com", "sub-02.example.com"],
        size: "s-1vcpu-1gb",
        image: "ubuntu-20-04-x64",
        region: "nyc3"
      })
    }))

  it.effect("createMultiple refuses more than 10 names before sending anything", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const names = Array.from({ length: 11 }, (_, i) => `web-${i}`)
      const error = yield* mock.provide(Effect.flip(Droplet.createMultiple({ names, size: "s-1vcpu-1gb", image: 1 })))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "POST /v2/droplets: request not sent: invalid options")
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("delete and deleteByTag: 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`DELETE /v2/droplets/${ID}`]: MockHttp.empty(204),
        "DELETE /v2/droplets": MockHttp.empty(204)
      })
      yield* mock.provide(Droplet.delete(ID))
      yield* mock.provide(Droplet.deleteByTag("env:test"))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.query]), [
        ["DELETE", `/v2/droplets/${ID}`, {}],
        ["DELETE", "/v2/droplets", { tag_name: "env:test" }]
      ])
    }))

  it.effect("neighbors and the account-wide neighbors report", () =>
    Effect.gen(function*() {
      const neighbors = Spec.responseExample("GET", "/v2/droplets/{droplet_id}/neighbors", 200)
      const report = Spec.responseExample("GET", "/v2/reports/droplet_neighbors_ids", 200)
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}/neighbors`]: MockHttp.json(200, neighbors),
        "GET /v2/reports/droplet_neighbors_ids": MockHttp.json(200, report)
      })
      const found = yield* mock.provide(Droplet.neighbors(ID))
      assert.deepStrictEqual(found.map((d) => d.id), neighbors.droplets.map((d: any) => d.id))
      assert.deepStrictEqual(yield* mock.provide(Droplet.fetchAllNeighbors), report.neighbor_ids)
    }))

  it.effect("snapshots, backups and kernels: the spec's listing examples", () =>
    Effect.gen(function*() {
      const listing = (path: string) => Spec.responseExample("GET", `/v2/droplets/{droplet_id}/${path}`, 200)
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}/snapshots`]: MockHttp.json(200, listing("snapshots")),
        [`GET /v2/droplets/${ID}/backups`]: MockHttp.json(200, listing("backups")),
        [`GET /v2/droplets/${ID}/kernels`]: MockHttp.json(200, listing("kernels"))
      })
      const collect = <A>(s: Stream.Stream<A, any, any>) =>
        mock.provide(Stream.runCollect(s)).pipe(Effect.map(Chunk.toArray))
      const snapshots = yield* collect(Droplet.snapshots(ID))
      assert.deepStrictEqual(
        snapshots.map((s) => [s.id, s.name, s.type]),
        listing("snapshots").snapshots.map((s: any) => [s.id, s.name, s.type])
      )
      const backups = yield* collect(Droplet.backups(ID))
      assert.deepStrictEqual(backups.map((s) => s.id), listing("backups").backups.map((s: any) => s.id))
      const kernels = yield* collect(Droplet.kernels(ID))
      assert.deepStrictEqual(
        kernels.map((k) => [k.id, k.name, k.version]),
        listing("kernels").kernels.map((k: any) => [k.id, k.name, k.version])
      )
    }))
})

describe("Droplet actions", () => {
  const cases: ReadonlyArray<
    readonly [string, (d: number) => Effect.Effect<Action.Action, any, any>, Record<string, unknown>]
  > = [
    ["enableBackups", (d) => Droplet.enableBackups(d), { type: "enable_backups" }],
    [
      "enableBackups with a policy",
      (d) => Droplet.enableBackups(d, Droplet.BackupPolicy.make({ plan: "daily", hour: 20 })),
      { type: "enable_backups", backup_policy: { plan: "daily", hour: 20 } }
    ],
    ["disableBackups", Droplet.disableBackups, { type: "disable_backups" }],
    [
      "changeBackupPolicy",
      (d) => Droplet.changeBackupPolicy(d, Droplet.BackupPolicy.make({ plan: "weekly", weekday: "SUN", hour: 4 })),
      { type: "change_backup_policy", backup_policy: { plan: "weekly", weekday: "SUN", hour: 4 } }
    ],
    ["reboot", Droplet.reboot, { type: "reboot" }],
    ["powerCycle", Droplet.powerCycle, { type: "power_cycle" }],
    ["shutdown", Droplet.shutdown, { type: "shutdown" }],
    ["powerOff", Droplet.powerOff, { type: "power_off" }],
    ["powerOn", Droplet.powerOn, { type: "power_on" }],
    ["restore", (d) => Droplet.restore(d, 12389723), { type: "restore", image: 12389723 }],
    ["passwordReset", Droplet.passwordReset, { type: "password_reset" }],
    ["resize", (d) => Droplet.resize(d, "s-2vcpu-2gb"), { type: "resize", size: "s-2vcpu-2gb" }],
    ["resize with disk", (d) => Droplet.resize(d, "s-2vcpu-2gb", { disk: true }), {
      type: "resize",
      size: "s-2vcpu-2gb",
      disk: true
    }],
    ["rebuild by slug", (d) => Droplet.rebuild(d, "ubuntu-20-04-x64"), { type: "rebuild", image: "ubuntu-20-04-x64" }],
    ["rebuild by id", (d) => Droplet.rebuild(d, 7555620), { type: "rebuild", image: 7555620 }],
    ["rename", (d) => Droplet.rename(d, "nifty-new-name"), { type: "rename", name: "nifty-new-name" }],
    ["changeKernel", (d) => Droplet.changeKernel(d, 12389723), { type: "change_kernel", kernel: 12389723 }],
    ["enableIpv6", Droplet.enableIpv6, { type: "enable_ipv6" }],
    ["snapshot", (d) => Droplet.snapshot(d, "Nifty New Snapshot"), { type: "snapshot", name: "Nifty New Snapshot" }],
    ["act", (d) => Droplet.act(d, { type: "future_action", level: 3 }), { type: "future_action", level: 3 }]
  ]

  for (const [name, run, body] of cases) {
    it.effect(`${name}: POST /v2/droplets/{id}/actions ${JSON.stringify(body)}`, () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({ [`POST /v2/droplets/${ID}/actions`]: actionReply(String(body.type)) })
        const action = yield* mock.provide(run(ID))
        assert.strictEqual(action.type, body.type)
        const [request] = yield* mock.requests
        assert.strictEqual(request.method, "POST")
        assert.strictEqual(request.path, `/v2/droplets/${ID}/actions`)
        assert.deepStrictEqual(request.body, body)
        assert.strictEqual(request.headers["content-type"], "application/json")
      }))
  }

  it.effect("the spec's action response example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExamples("POST", "/v2/droplets/{droplet_id}/actions", 201)[0].value
      const mock = yield* MockHttp.make({ [`POST /v2/droplets/${ID}/actions`]: MockHttp.json(201, example) })
      const action = yield* mock.provide(Droplet.reboot(ID))
      assert.strictEqual(action.id, example.action.id)
      assert.strictEqual(action.status, example.action.status)
      assert.strictEqual(action.resource_type, "droplet")
    }))

  it.effect("fetchAllActions and fetchLastAction: GET /v2/droplets/{id}/actions", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/droplets/{droplet_id}/actions", 200)
      const mock = yield* MockHttp.make({ [`GET /v2/droplets/${ID}/actions`]: MockHttp.json(200, example) })
      const all = yield* mock.provide(Droplet.fetchAllActions(ID))
      assert.deepStrictEqual(all.map((a) => a.id), example.actions.map((a: any) => a.id))
      const last = yield* mock.provide(Droplet.fetchLastAction(ID))
      assert.strictEqual(Option.getOrThrow(last).id, example.actions[0].id)
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests[requests.length - 1].query, { page: "1", per_page: "1" })
    }))

  it.effect("fetchCurrentAction: the in-progress one among those that started with the newest", () =>
    Effect.gen(function*() {
      const at = (started_at: string, id: number, status: string, type: string) =>
        actionJson(type, status, { id, started_at })
      const listing = (actions: ReadonlyArray<unknown>) =>
        MockHttp.json(200, { actions, meta: { total: actions.length } })
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}/actions`]: [
          // "create" and "assign" started together, listed in either order: the in-progress one is current.
          listing([
            at("2024-01-01T00:00:10Z", 3, "completed", "create"),
            at("2024-01-01T00:00:10Z", 2, "in-progress", "assign"),
            at("2024-01-01T00:00:00Z", 1, "in-progress", "stale")
          ]),
          // The newest is done; an older in-progress one does not count.
          listing([
            at("2024-01-01T00:00:10Z", 3, "completed", "reboot"),
            at("2024-01-01T00:00:00Z", 1, "in-progress", "stale")
          ])
        ]
      })
      assert.strictEqual(Option.getOrThrow(yield* mock.provide(Droplet.fetchCurrentAction(ID))).id, 2)
      assert.isTrue(Option.isNone(yield* mock.provide(Droplet.fetchCurrentAction(ID))))
    }))

  it.effect("waitForAction: waits on the last action, then returns the fresh droplet, None once it is gone", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}/actions`]: MockHttp.json(200, {
          actions: [actionJson("power_off")],
          meta: { total: 1 }
        }),
        "GET /v2/actions/36804636": [
          MockHttp.json(200, { action: actionJson("power_off") }),
          MockHttp.json(200, { action: actionJson("power_off", "completed") })
        ],
        [`GET /v2/droplets/${ID}`]: [
          MockHttp.json(200, { droplet: dropletWith({ status: "off" }) }),
          MockHttp.error(404, "not_found", "gone")
        ]
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.waitForAction(ID)))
      yield* TestClock.adjust("10 seconds")
      const fresh = yield* Fiber.join(fiber)
      assert.strictEqual(Option.getOrThrow(fresh).status, "off")
      const actionPolls = (yield* mock.requests).filter((r) => r.path === "/v2/actions/36804636")
      assert.deepStrictEqual(actionPolls.map((r) => r.at), [0, 2000])
      const gone = yield* Effect.fork(mock.provide(Droplet.waitForAction(ID)))
      yield* TestClock.adjust("10 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.join(gone)))
    }))
})

describe("waitForAction with actions that started together", () => {
  it.effect("waits on every in-progress action that started with the newest, whatever the listing order", () =>
    Effect.gen(function*() {
      const started = "2024-01-01T00:00:10Z"
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}/actions`]: MockHttp.json(200, {
          actions: [
            actionJson("create", "completed", { id: 1, started_at: started }),
            actionJson("assign", "in-progress", { id: 2, started_at: started }),
            actionJson("old", "in-progress", { id: 3, started_at: "2024-01-01T00:00:00Z" })
          ],
          meta: { total: 3 }
        }),
        "GET /v2/actions/2": (_request, index) =>
          MockHttp.json(200, { action: actionJson("assign", index < 2 ? "in-progress" : "completed", { id: 2 }) }),
        [`GET /v2/droplets/${ID}`]: MockHttp.json(200, { droplet: dropletExample() })
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.waitForAction(ID)))
      yield* TestClock.adjust("10 seconds")
      assert.isTrue(Option.isSome(yield* Fiber.join(fiber)))
      const requests = yield* mock.requests
      // The completed "create" listed first did not end the wait; the older in-progress action was not waited on.
      assert.deepStrictEqual(requests.map((r) => [r.path, r.at]), [
        [`/v2/droplets/${ID}/actions`, 0],
        ["/v2/actions/2", 0],
        ["/v2/actions/2", 2000],
        ["/v2/actions/2", 4000],
        [`/v2/droplets/${ID}`, 4000]
      ])
    }))
})

describe("Droplet getters", () => {
  it("derive from the fields", () => {
    const droplet = decodeDroplet(dropletExample())
    assert.strictEqual(droplet.active, droplet.status === "active")
    assert.strictEqual(droplet.regionSlug, dropletExample().region.slug)
    assert.strictEqual(droplet.imageSlug, dropletExample().image.slug)
    const v4 = dropletExample().networks.v4
    assert.strictEqual(droplet.ipv4Address, v4.find((n: any) => n.type === "public").ip_address)
    assert.strictEqual(droplet.privateIpv4Address, v4.find((n: any) => n.type === "private").ip_address)
    assert.strictEqual(droplet.ipv6Address, dropletExample().networks.v6[0].ip_address)
    const off = decodeDroplet(dropletWith({ status: "off", networks: { v4: [], v6: [] } }))
    assert.isTrue(off.off && !off.active && !off.new && !off.archive)
    assert.isUndefined(off.ipv4Address)
    assert.isUndefined(off.ipv6Address)
  })
})

describe("Droplet waits", () => {
  const status = (s: string, locked = false) => MockHttp.json(200, { droplet: dropletWith({ status: s, locked }) })

  it.effect("wait({ status }) polls until the droplet reaches it", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: [status("new"), status("new"), status("active")]
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.wait(ID, { status: Droplet.STATUS_ACTIVE })))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).status, "active")
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 2000, 4000])
    }))

  it.effect("wait({ locked: false }) and its WaitTimeoutError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ [`GET /v2/droplets/${ID}`]: status("active", true) })
      const fiber = yield* Effect.fork(
        mock.provide(Effect.flip(Droplet.wait(ID, { locked: false }, { timeout: "3 seconds" })))
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual(error.attr, "locked")
      assert.strictEqual(error.value, false)
      assert.strictEqual((error.in_progress[0] as Droplet.Droplet).locked, true)
    }))

  it.effect("waitAll emits the droplets as they become active", () =>
    Effect.gen(function*() {
      // Droplet 1 is active from 4 s, droplet 2 from 2 s; the listing and the GETs agree.
      const at = (id: number, time: number) => dropletWith({ id, status: time >= id * -2000 + 6000 ? "active" : "new" })
      const mock = yield* MockHttp.make({
        "GET /v2/droplets": (r) =>
          MockHttp.json(200, { droplets: [at(1, r.at), at(2, r.at)], links: {}, meta: { total: 2 } }),
        "GET /v2/droplets/1": (r) => MockHttp.json(200, { droplet: at(1, r.at) }),
        "GET /v2/droplets/2": (r) => MockHttp.json(200, { droplet: at(2, r.at) })
      })
      const fiber = yield* Effect.fork(mock.provide(Stream.runCollect(Droplet.waitAll([1, 2], { status: "active" }))))
      yield* TestClock.adjust("1 minute")
      assert.deepStrictEqual(Chunk.toArray(yield* Fiber.join(fiber)).map((d) => d.id), [2, 1])
      // Both polled with one page while both wait, then the last one with its GET.
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.path, r.at]), [
        ["/v2/droplets", 0],
        ["/v2/droplets", 2000],
        ["/v2/droplets/1", 4000]
      ])
    }))

  it.effect("ensureOn: nothing for an active droplet; powers on an off one and waits for the action", () =>
    Effect.gen(function*() {
      const active = yield* MockHttp.make({ [`GET /v2/droplets/${ID}`]: status("active") })
      assert.strictEqual((yield* active.provide(Droplet.ensureOn(ID))).status, "active")
      assert.lengthOf(yield* active.requests, 1)

      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: [status("off"), status("active")],
        [`POST /v2/droplets/${ID}/actions`]: actionReply("power_on"),
        "GET /v2/actions/36804636": [MockHttp.json(200, { action: actionJson("power_on", "completed") })]
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.ensureOn(ID)))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).status, "active")
      const posted = (yield* mock.requests).filter((r) => r.method === "POST")
      assert.deepStrictEqual(posted.map((r) => r.body), [{ type: "power_on" }])
    }))

  it.effect("ensureOff: a graceful shutdown, falling back to power_off when the droplet stays on", () =>
    Effect.gen(function*() {
      // The droplet ignores the shutdown: it stays active until it is powered off.
      let poweredOff = false
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: () => poweredOff ? status("off") : status("active"),
        [`POST /v2/droplets/${ID}/actions`]: (request) => {
          const type = (request.body as { type: string }).type
          if (type === "power_off") poweredOff = true
          return MockHttp.json(201, { action: actionJson(type) })
        },
        "GET /v2/actions/36804636": MockHttp.json(200, { action: actionJson("shutdown", "completed") })
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.ensureOff(ID, { shutdownWait: "10 seconds" })))
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual((yield* Fiber.join(fiber)).status, "off")
      const posted = (yield* mock.requests).filter((r) => r.method === "POST")
      assert.deepStrictEqual(posted.map((r) => r.body), [{ type: "shutdown" }, { type: "power_off" }])
      // The power_off comes only after the 10-second grace period.
      assert.deepStrictEqual(posted.map((r) => r.at), [0, 10000])
    }))

  it.effect("ensureOff: no power_off when the shutdown works", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: [status("active"), status("off")],
        [`POST /v2/droplets/${ID}/actions`]: actionReply("shutdown"),
        "GET /v2/actions/36804636": MockHttp.json(200, { action: actionJson("shutdown", "completed") })
      })
      const fiber = yield* Effect.fork(mock.provide(Droplet.ensureOff(ID)))
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual((yield* Fiber.join(fiber)).status, "off")
      const posted = (yield* mock.requests).filter((r) => r.method === "POST")
      assert.deepStrictEqual(posted.map((r) => r.body), [{ type: "shutdown" }])
    }))

  it.effect("ensureOff: an errored shutdown is an ActionError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/droplets/${ID}`]: status("active"),
        [`POST /v2/droplets/${ID}/actions`]: actionReply("shutdown"),
        "GET /v2/actions/36804636": MockHttp.json(200, { action: actionJson("shutdown", "errored") })
      })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Droplet.ensureOff(ID))))
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual((yield* Fiber.join(fiber))._tag, "ActionError")
    }))
})
