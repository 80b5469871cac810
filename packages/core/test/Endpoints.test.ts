/**
 * The hand-written operations built on the generated endpoints (`src/internal/endpoints.ts`, `Op.request` and
 * `Op.listing`) send exactly what they sent when each wrote its own route: method, path, query and body, under the
 * span `<Module>.<function>`. Whatever the mock answers (an unknown route is a 404), the request is what counts.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Account from "../src/Account.js"
import * as Action from "../src/Action.js"
import * as Domain from "../src/Domain.js"
import * as DomainRecord from "../src/DomainRecord.js"
import * as Droplet from "../src/Droplet.js"
import * as FloatingIP from "../src/FloatingIP.js"
import * as Image from "../src/Image.js"
import * as Region from "../src/Region.js"
import * as ReservedIP from "../src/ReservedIP.js"
import * as Size from "../src/Size.js"
import * as Snapshot from "../src/Snapshot.js"
import * as SSHKey from "../src/SSHKey.js"
import * as Tag from "../src/Tag.js"
import * as Volume from "../src/Volume.js"
import * as MockHttp from "./utils/MockHttp.js"

type Sent = readonly [span: string, method: string, path: string, query: Record<string, string>, body?: unknown]

const page = { per_page: "200", page: "1" }
const uuid = "506f78a4-e098-11e5-ad9f-000f53306ae1"

const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, any>, Sent]> = [
  ["Account.fetch", Account.fetch, ["Account.fetch", "GET", "/v2/account", {}]],
  ["Region.fetchAll", Region.fetchAll, ["Region.stream", "GET", "/v2/regions", page]],
  ["Size.fetchAll", Size.fetchAll, ["Size.stream", "GET", "/v2/sizes", page]],
  ["SSHKey.fetch", SSHKey.fetch("3b:16:bf"), ["SSHKey.fetch", "GET", "/v2/account/keys/3b:16:bf", {}]],
  ["SSHKey.fetchAll", SSHKey.fetchAll, ["SSHKey.stream", "GET", "/v2/account/keys", page]],
  ["SSHKey.create", SSHKey.create({ public_key: "ssh-ed25519 AAAA", name: "k" }), [
    "SSHKey.create",
    "POST",
    "/v2/account/keys",
    {},
    { public_key: "ssh-ed25519 AAAA", name: "k" }
  ]],
  ["SSHKey.update", SSHKey.update(7, { name: "k" }), ["SSHKey.update", "PUT", "/v2/account/keys/7", {}, {
    name: "k"
  }]],
  ["SSHKey.delete", SSHKey.delete(7), ["SSHKey.delete", "DELETE", "/v2/account/keys/7", {}]],
  ["Domain.fetch", Domain.fetch("example.com"), ["Domain.fetch", "GET", "/v2/domains/example.com", {}]],
  ["Domain.fetchAll", Domain.fetchAll, ["Domain.stream", "GET", "/v2/domains", page]],
  ["Domain.create", Domain.create({ name: "example.com" }), ["Domain.create", "POST", "/v2/domains", {}, {
    name: "example.com"
  }]],
  ["Domain.delete", Domain.delete("example.com"), ["Domain.delete", "DELETE", "/v2/domains/example.com", {}]],
  ["DomainRecord.fetch", DomainRecord.fetch("example.com", 3), [
    "DomainRecord.fetch",
    "GET",
    "/v2/domains/example.com/records/3",
    {}
  ]],
  ["DomainRecord.fetchAll", DomainRecord.fetchAll("example.com", { name: "www.example.com", type: "A" }), [
    "DomainRecord.stream",
    "GET",
    "/v2/domains/example.com/records",
    { ...page, name: "www.example.com", type: "A" }
  ]],
  ["DomainRecord.create", DomainRecord.create("example.com", { type: "A", name: "www", data: "192.0.2.1" }), [
    "DomainRecord.create",
    "POST",
    "/v2/domains/example.com/records",
    {},
    { type: "A", name: "www", data: "192.0.2.1" }
  ]],
  ["DomainRecord.update", DomainRecord.update("example.com", 3, { type: "A", name: "w" }), [
    "DomainRecord.update",
    "PUT",
    "/v2/domains/example.com/records/3",
    {},
    { type: "A", name: "w" }
  ]],
  ["DomainRecord.delete", DomainRecord.delete("example.com", 3), [
    "DomainRecord.delete",
    "DELETE",
    "/v2/domains/example.com/records/3",
    {}
  ]],
  ["Tag.fetch", Tag.fetch("env:prod"), ["Tag.fetch", "GET", "/v2/tags/env:prod", {}]],
  ["Tag.fetchAll", Tag.fetchAll, ["Tag.stream", "GET", "/v2/tags", page]],
  ["Tag.create", Tag.create("env:prod"), ["Tag.create", "POST", "/v2/tags", {}, { name: "env:prod" }]],
  ["Tag.delete", Tag.delete("env:prod"), ["Tag.delete", "DELETE", "/v2/tags/env:prod", {}]],
  ["Tag.tagResources", Tag.tagResources("t", [{ resource_id: "9", resource_type: "volume" }]), [
    "Tag.tagResources",
    "POST",
    "/v2/tags/t/resources",
    {},
    { resources: [{ resource_id: "9", resource_type: "volume" }] }
  ]],
  ["Tag.untagResources", Tag.untagResources("t", [{ resource_id: "9", resource_type: "volume" }]), [
    "Tag.untagResources",
    "DELETE",
    "/v2/tags/t/resources",
    {},
    { resources: [{ resource_id: "9", resource_type: "volume" }] }
  ]],
  ["Snapshot.fetch", Snapshot.fetch(6), ["Snapshot.fetch", "GET", "/v2/snapshots/6", {}]],
  ["Snapshot.fetchAll", Snapshot.fetchAll({ resource_type: "droplet" }), [
    "Snapshot.stream",
    "GET",
    "/v2/snapshots",
    { ...page, resource_type: "droplet" }
  ]],
  ["Snapshot.delete", Snapshot.delete("abc"), ["Snapshot.delete", "DELETE", "/v2/snapshots/abc", {}]],
  // A volume id that is not a UUID is sent as before (the hand-written kind is a non-empty string).
  ["Volume.fetch", Volume.fetch("vol-1"), ["Volume.fetch", "GET", "/v2/volumes/vol-1", {}]],
  ["Volume.fetchAll", Volume.fetchAll({ region: "nyc1" }), ["Volume.stream", "GET", "/v2/volumes", {
    ...page,
    region: "nyc1"
  }]],
  ["Volume.create", Volume.create({ name: "v", size_gigabytes: 10, region: "nyc1" }), [
    "Volume.create",
    "POST",
    "/v2/volumes",
    {},
    { name: "v", size_gigabytes: 10, region: "nyc1" }
  ]],
  ["Volume.delete", Volume.delete(uuid), ["Volume.delete", "DELETE", `/v2/volumes/${uuid}`, {}]],
  ["Action.fetch", Action.fetch(36804636), ["Action.fetch", "GET", "/v2/actions/36804636", {}]],
  ["Action.fetchAll", Action.fetchAll, ["Action.stream", "GET", "/v2/actions", page]],
  ["Action.fetchLast", Action.fetchLast, ["Action.fetchLast", "GET", "/v2/actions", { page: "1", per_page: "1" }]],
  ["Droplet.fetch", Droplet.fetch(5), ["Droplet.fetch", "GET", "/v2/droplets/5", {}]],
  ["Droplet.fetchAll", Droplet.fetchAll({ tag_name: "web" }), ["Droplet.stream", "GET", "/v2/droplets", {
    ...page,
    tag_name: "web"
  }]],
  ["Droplet.create", Droplet.create({ name: "d", region: "nyc1", size: "s-1vcpu-1gb", image: "ubuntu" }), [
    "Droplet.create",
    "POST",
    "/v2/droplets",
    {},
    { name: "d", region: "nyc1", size: "s-1vcpu-1gb", image: "ubuntu" }
  ]],
  ["Droplet.delete", Droplet.delete(5), ["Droplet.delete", "DELETE", "/v2/droplets/5", {}]],
  ["Image.fetch", Image.fetch("ubuntu-24-04-x64"), ["Image.fetch", "GET", "/v2/images/ubuntu-24-04-x64", {}]],
  ["Image.fetchAll", Image.fetchAll({ type: "distribution" }), ["Image.stream", "GET", "/v2/images", {
    ...page,
    type: "distribution"
  }]],
  ["Image.update", Image.update(8, { name: "n" }), ["Image.update", "PUT", "/v2/images/8", {}, { name: "n" }]],
  ["Image.delete", Image.delete(8), ["Image.delete", "DELETE", "/v2/images/8", {}]],
  ["ReservedIP.fetch", ReservedIP.fetch(3232235777), ["ReservedIP.fetch", "GET", "/v2/reserved_ips/192.168.1.1", {}]],
  ["ReservedIP.fetchAll", ReservedIP.fetchAll, ["ReservedIP.stream", "GET", "/v2/reserved_ips", page]],
  ["ReservedIP.create", ReservedIP.create({ region: "nyc1" }), ["ReservedIP.create", "POST", "/v2/reserved_ips", {}, {
    region: "nyc1"
  }]],
  ["ReservedIP.delete", ReservedIP.delete("192.0.2.1"), [
    "ReservedIP.delete",
    "DELETE",
    "/v2/reserved_ips/192.0.2.1",
    {}
  ]],
  ["FloatingIP.fetch", FloatingIP.fetch("192.0.2.1"), ["FloatingIP.fetch", "GET", "/v2/floating_ips/192.0.2.1", {}]],
  ["FloatingIP.fetchAll", FloatingIP.fetchAll, ["FloatingIP.stream", "GET", "/v2/floating_ips", page]],
  ["FloatingIP.create", FloatingIP.create({ region: "nyc1" }), ["FloatingIP.create", "POST", "/v2/floating_ips", {}, {
    region: "nyc1"
  }]],
  ["FloatingIP.delete", FloatingIP.delete("192.0.2.1"), [
    "FloatingIP.delete",
    "DELETE",
    "/v2/floating_ips/192.0.2.1",
    {}
  ]]
]

describe("hand-written operations on the generated endpoints", () => {
  for (const [name, operation, expected] of cases) {
    it.effect(`${name} sends ${expected[1]} ${expected[2]}`, () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({})
        yield* Effect.exit(mock.provide(operation))
        const [request] = yield* mock.requests
        assert.isDefined(request, "a request was sent")
        assert.deepStrictEqual(
          [MockHttp.operationSpan(request).name, request.method, request.path, request.query, request.body],
          [expected[0], expected[1], expected[2], expected[3], expected[4]]
        )
      }))
  }
})
