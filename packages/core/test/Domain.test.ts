/**
 * Domain and DomainRecord: every operation's method, path, query and body, and the spec's response examples decoded
 * through it; a record's create body for each record type, and the typed refusal of one missing a field its type
 * requires.
 */
import { Domain, DomainRecord } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const sent = (request: MockHttp.Recorded) => [request.method, request.path, request.query, request.body]

/** The fields of a decoded record, to compare with the example's. */
const recordFields = (record: DomainRecord.DomainRecord) => ({
  id: record.id,
  type: record.type,
  name: record.name,
  data: record.data,
  priority: record.priority,
  port: record.port,
  ttl: record.ttl,
  weight: record.weight,
  flags: record.flags,
  tag: record.tag
})

describe("Domain", () => {
  it.effect("fetch: GET /v2/domains/{name}, by name or object; the spec's example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/domains/{domain_name}", 200).domain
      const mock = yield* MockHttp.make({ "GET /v2/domains/example.com": MockHttp.json(200, { domain: example }) })
      const domain = yield* mock.provide(Domain.fetch("example.com"))
      assert.instanceOf(domain, Domain.Domain)
      assert.deepStrictEqual({ name: domain.name, ttl: domain.ttl, zone_file: domain.zone_file }, example)
      assert.strictEqual(domain.ttl, 1800)
      assert.include(domain.zone_file, "example.com. IN SOA ns1.digitalocean.com.")
      assert.strictEqual(String(domain), "example.com")
      yield* mock.provide(Domain.fetch(domain))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/domains/example.com", {}, undefined],
        ["GET", "/v2/domains/example.com", {}, undefined]
      ])
    }))

  it.effect("fetch: the name is URI-encoded in the path", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      yield* mock.provide(Effect.flip(Domain.fetch("a/b")))
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.path), ["/v2/domains/a%2Fb"])
    }))

  it.effect("fetchAll: GET /v2/domains with per_page; the spec's listing example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/domains", 200)
      const mock = yield* MockHttp.make({ "GET /v2/domains": MockHttp.json(200, example) })
      const domains = yield* mock.provide(Domain.fetchAll)
      assert.deepStrictEqual(
        domains.map((d) => ({ name: d.name, ttl: d.ttl, zone_file: d.zone_file })),
        example.domains
      )
      assert.strictEqual(domains[0].name, "example.com")
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/domains", { page: "1", per_page: "200" }, undefined]
      ])
    }))

  it.effect("create: POST /v2/domains with name and ip_address; the spec's 201 example decodes (zone_file null)", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/domains", 201).domain
      const mock = yield* MockHttp.make({ "POST /v2/domains": MockHttp.json(201, { domain: example }) })
      const domain = yield* mock.provide(Domain.create({ name: "example.com", ip_address: "192.0.2.1" }))
      assert.strictEqual(domain.name, "example.com")
      assert.strictEqual(domain.ttl, 1800)
      assert.isNull(domain.zone_file)
      yield* mock.provide(Domain.create({ name: "example.org" }))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["POST", "/v2/domains", {}, { name: "example.com", ip_address: "192.0.2.1" }],
        ["POST", "/v2/domains", {}, { name: "example.org" }]
      ])
    }))

  it.effect("a domain without ttl or zone_file decodes them as null", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/domains": MockHttp.json(201, { domain: { name: "x.test" } }) })
      const domain = yield* mock.provide(Domain.create({ name: "x.test" }))
      assert.isNull(domain.ttl)
      assert.isNull(domain.zone_file)
    }))

  it.effect("remove (and delete): DELETE /v2/domains/{name}, 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/domains/example.com": MockHttp.empty(204) })
      assert.strictEqual(Domain.delete, Domain.remove)
      yield* mock.provide(Domain.remove("example.com"))
      yield* mock.provide(Domain.delete(Domain.Domain.make({ name: "example.com", ttl: null, zone_file: null })))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["DELETE", "/v2/domains/example.com", {}, undefined],
        ["DELETE", "/v2/domains/example.com", {}, undefined]
      ])
    }))
})

const RECORD = "/v2/domains/{domain_name}/records/{domain_record_id}"

describe("DomainRecord", () => {
  it.effect("fetch: GET /v2/domains/{name}/records/{id}, domain and record as objects or identifiers", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", RECORD, 200).domain_record
      const mock = yield* MockHttp.make({
        "GET /v2/domains/example.com/records/3352896": MockHttp.json(200, { domain_record: example })
      })
      const record = yield* mock.provide(DomainRecord.fetch("example.com", 3352896))
      assert.instanceOf(record, DomainRecord.DomainRecord)
      assert.deepStrictEqual(recordFields(record), example)
      assert.strictEqual(record.type, "A")
      assert.strictEqual(record.name, "blog")
      assert.strictEqual(record.data, "162.10.66.0")
      assert.isNull(record.priority)
      const domain = Domain.Domain.make({ name: "example.com", ttl: 1800, zone_file: null })
      yield* mock.provide(DomainRecord.fetch(domain, record))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/domains/example.com/records/3352896", {}, undefined],
        ["GET", "/v2/domains/example.com/records/3352896", {}, undefined]
      ])
    }))

  it.effect("fetchAll: GET /v2/domains/{name}/records; the spec's example decodes; name and type filters", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/domains/{domain_name}/records", 200)
      const mock = yield* MockHttp.make({ "GET /v2/domains/example.com/records": MockHttp.json(200, example) })
      const records = yield* mock.provide(DomainRecord.fetchAll("example.com"))
      assert.deepStrictEqual(records.map(recordFields), example.domain_records)
      assert.deepStrictEqual(records.map((r) => r.type), ["NS", "NS", "NS", "A"])
      assert.deepStrictEqual(records.map((r) => r.data), [
        "ns1.digitalocean.com",
        "ns2.digitalocean.com",
        "ns3.digitalocean.com",
        "1.2.3.4"
      ])
      yield* mock.provide(DomainRecord.fetchAll("example.com", { name: "www.example.com", type: "A" }))
      yield* mock.provide(DomainRecord.fetchAll("example.com", { type: "MX" }))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/domains/example.com/records", { page: "1", per_page: "200" }, undefined],
        [
          "GET",
          "/v2/domains/example.com/records",
          { page: "1", per_page: "200", name: "www.example.com", type: "A" },
          undefined
        ],
        ["GET", "/v2/domains/example.com/records", { page: "1", per_page: "200", type: "MX" }, undefined]
      ])
    }))

  it.effect("create: the spec's 201 example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/domains/{domain_name}/records", 201).domain_record
      const mock = yield* MockHttp.make({
        "POST /v2/domains/example.com/records": MockHttp.json(201, { domain_record: example })
      })
      const record = yield* mock.provide(
        DomainRecord.create("example.com", { type: "A", name: "www", data: "162.10.66.0", ttl: 1800 })
      )
      assert.deepStrictEqual(recordFields(record), example)
      assert.strictEqual(record.id, 28448433)
      assert.strictEqual(record.ttl, 1800)
    }))

  /** One record of each type, and the body that must be sent for it. */
  const creates: ReadonlyArray<readonly [DomainRecord.CreateOptions, Record<string, unknown>]> = [
    [{ type: "A", name: "www", data: "162.10.66.0" }, { type: "A", name: "www", data: "162.10.66.0" }],
    [
      { type: "AAAA", name: "www", data: "2001:db8::1", ttl: 3600 },
      { type: "AAAA", name: "www", data: "2001:db8::1", ttl: 3600 }
    ],
    [
      { type: "CAA", name: "@", data: "letsencrypt.org.", flags: 0, tag: "issue" },
      { type: "CAA", name: "@", data: "letsencrypt.org.", flags: 0, tag: "issue" }
    ],
    [
      { type: "CNAME", name: "blog", data: "example.com.", ttl: 1800 },
      { type: "CNAME", name: "blog", data: "example.com.", ttl: 1800 }
    ],
    [
      { type: "MX", data: "mail.example.com.", priority: 10 },
      { type: "MX", data: "mail.example.com.", priority: 10 }
    ],
    [
      { type: "NS", name: "sub", data: "ns1.example.net." },
      { type: "NS", name: "sub", data: "ns1.example.net." }
    ],
    [{ type: "SOA", ttl: 3600 }, { type: "SOA", ttl: 3600 }],
    [
      { type: "SRV", name: "_sip._tcp", data: "sip.example.com.", priority: 10, port: 5060, weight: 5 },
      { type: "SRV", name: "_sip._tcp", data: "sip.example.com.", priority: 10, port: 5060, weight: 5 }
    ],
    [
      { type: "TXT", name: "@", data: "v=spf1 include:_spf.example.com ~all" },
      { type: "TXT", name: "@", data: "v=spf1 include:_spf.example.com ~all" }
    ]
  ]

  for (const [options, body] of creates) {
    it.effect(`create ${options.type}: POST /v2/domains/{name}/records with the type's fields`, () =>
      Effect.gen(function*() {
        const mock = yield* MockHttp.make({
          "POST /v2/domains/example.com/records": MockHttp.json(201, {
            domain_record: { id: 7, ...body }
          })
        })
        const record = yield* mock.provide(DomainRecord.create("example.com", options))
        assert.strictEqual(record.id, 7)
        assert.strictEqual(record.type, options.type)
        assert.deepStrictEqual((yield* mock.requests).map(sent), [
          ["POST", "/v2/domains/example.com/records", {}, body]
        ])
      }))
  }

  it.effect("create: a record missing a field its type requires is an Encode error, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "POST /v2/domains/example.com/records": MockHttp.json(201, { domain_record: { id: 1, type: "A" } })
      })
      const missing: ReadonlyArray<Record<string, unknown>> = [
        { type: "A", name: "www" }, // no data
        { type: "MX", data: "mail.example.com." }, // no priority
        { type: "CAA", name: "@", data: "letsencrypt.org.", flags: 0 }, // no tag
        { type: "CAA", name: "@", data: "letsencrypt.org.", flags: 256, tag: "issue" }, // flags out of 0-255
        { type: "SRV", name: "_sip._tcp", data: "sip.example.com.", priority: 10, port: 5060 }, // no weight
        { type: "SOA" }, // no ttl
        { type: "PTR", name: "x", data: "y" } // not a type DigitalOcean serves
      ]
      for (const options of missing) {
        const error = yield* mock.provide(
          Effect.flip(DomainRecord.create("example.com", options as unknown as DomainRecord.CreateOptions))
        )
        assert.strictEqual(error._tag, "DOAPIError")
        assert.strictEqual(error.reason, "Encode", JSON.stringify(options))
        assert.include(error.message, "POST /v2/domains/example.com/records: request not sent: invalid options")
      }
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("update: PUT /v2/domains/{name}/records/{id} with the options; the spec's 200 example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("PUT", RECORD, 200).domain_record
      const mock = yield* MockHttp.make({
        "PUT /v2/domains/example.com/records/3352896": MockHttp.json(200, { domain_record: example })
      })
      const record = yield* mock.provide(
        DomainRecord.update("example.com", 3352896, { type: "A", name: "blog", ttl: 600 })
      )
      assert.deepStrictEqual(recordFields(record), example)
      assert.strictEqual(record.name, "blog")
      yield* mock.provide(DomainRecord.update("example.com", record, { type: "SRV", weight: null, port: 443 }))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["PUT", "/v2/domains/example.com/records/3352896", {}, { type: "A", name: "blog", ttl: 600 }],
        ["PUT", "/v2/domains/example.com/records/3352896", {}, { type: "SRV", weight: null, port: 443 }]
      ])
    }))

  it.effect("remove (and delete): DELETE /v2/domains/{name}/records/{id}, 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/domains/example.com/records/3352896": MockHttp.empty(204) })
      assert.strictEqual(DomainRecord.delete, DomainRecord.remove)
      yield* mock.provide(DomainRecord.remove("example.com", 3352896))
      yield* mock.provide(
        DomainRecord.delete(
          Domain.Domain.make({ name: "example.com", ttl: null, zone_file: null }),
          DomainRecord.DomainRecord.make({
            id: 3352896,
            type: "A",
            priority: null,
            port: null,
            weight: null,
            flags: null,
            tag: null
          })
        )
      )
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["DELETE", "/v2/domains/example.com/records/3352896", {}, undefined],
        ["DELETE", "/v2/domains/example.com/records/3352896", {}, undefined]
      ])
    }))
})
