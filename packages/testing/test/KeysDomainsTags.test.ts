/**
 * The fake's SSH keys, domains (and records) and tags, through @doapi/core.
 */
import { Domain, DomainRecord, Droplet, SSHKey, Tag } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { resolveKey } from "../src/internal/handlers/keys.js"

// Keys made with `ssh-keygen`; the fingerprints are what `ssh-keygen -l -E md5` says of them.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHG7gIXb1O+RTWkgm3qfBvOVqOdmOSoG1YqZQ+1r7m6C alice@laptop"
const ED25519_MD5 = "2f:5e:66:7c:ae:e6:09:db:b3:7e:c6:55:83:30:4f:4c"
const RSA =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC122FSGxNTfj59lHd8jebueCexPwEigLAHXPJ85rt4U3Igg7qNr3R7Suc83X1m0zM3M9vhD" +
  "OUtC9BQ78Kr80LejHZHugSgFlkxh28j4vMMYwF6mz78zlsIRFl80Jn9sRiQ9eYa6y/4hM4QAuP2X9jF82NaHvCtWruJAesEUt7ikw=="
const RSA_MD5 = "cb:81:80:65:7c:39:e7:87:26:e7:19:24:d0:85:27:de"
const ECDSA =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBpgACH2/8gF4YO1pXruGibRwqfZHMBE" +
  "LizxeCOIHKZfdt1ekEBozrlmJFV0G/RMAnivwgkJCKzf2O8ZDoZtwng= ci"
const ECDSA_MD5 = "fe:9d:91:48:97:15:f7:da:99:35:42:85:a0:a5:8b:f5"

/** A request the client would not send (an invalid body, PATCH): status and JSON body. */
const raw = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.make(method)(`https://api.digitalocean.com${path}`, {
      headers: { authorization: `Bearer ${FakeDigitalOcean.TOKEN}` }
    })
    const response = yield* client.execute(
      body === undefined ? request : HttpClientRequest.bodyUnsafeJson(request, body)
    )
    const json = response.status === 204 ? undefined : yield* response.json
    return { status: response.status, json: json as any }
  }).pipe(Effect.orDie)

const createDroplet = (name: string, tags?: Array<string>) =>
  Droplet.create({ name, region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", tags })

describe("SSH keys", () => {
  it.effect("create computes the real MD5 fingerprint; fetch, update and delete by id or fingerprint", () =>
    Effect.gen(function*() {
      const ed = yield* SSHKey.create({ name: "laptop", public_key: ED25519 })
      assert.strictEqual(ed.fingerprint, ED25519_MD5)
      assert.strictEqual(ed.public_key, ED25519)
      assert.strictEqual(ed.name, "laptop")
      const rsa = yield* SSHKey.create({ name: "old", public_key: RSA })
      assert.strictEqual(rsa.fingerprint, RSA_MD5)
      const ecdsa = yield* SSHKey.create({ name: "ci", public_key: ECDSA })
      assert.strictEqual(ecdsa.fingerprint, ECDSA_MD5)
      assert.notStrictEqual(ed.id, rsa.id)

      assert.deepStrictEqual(yield* SSHKey.fetch(ED25519_MD5), ed)
      assert.deepStrictEqual(yield* SSHKey.fetch(rsa.id), rsa)
      assert.deepStrictEqual((yield* SSHKey.fetchAll).map((k) => k.fingerprint), [ED25519_MD5, RSA_MD5, ECDSA_MD5])

      const renamed = yield* SSHKey.update(RSA_MD5, { name: "legacy" })
      assert.strictEqual(renamed.name, "legacy")
      assert.strictEqual((yield* SSHKey.fetch(rsa.id)).name, "legacy")
      assert.strictEqual((yield* SSHKey.update(ed.id, { name: "desk" })).name, "desk")

      yield* SSHKey.remove(ECDSA_MD5)
      assert.strictEqual((yield* Effect.flip(SSHKey.fetch(ecdsa.id))).status, 404)
      yield* SSHKey.remove(rsa)
      assert.deepStrictEqual((yield* SSHKey.fetchAll).map((k) => k.id), [ed.id])
      // Deleted, the key may be added again.
      assert.strictEqual((yield* SSHKey.create({ name: "back", public_key: RSA })).fingerprint, RSA_MD5)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("404 for unknown keys; 422 for a duplicate, a key that is not an OpenSSH key, a missing name", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* Effect.flip(SSHKey.fetch(41_000_001))).status, 404)
      assert.strictEqual(
        (yield* Effect.flip(SSHKey.fetch("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"))).status,
        404
      )
      assert.strictEqual((yield* Effect.flip(SSHKey.update(7, { name: "x" }))).status, 404)
      assert.strictEqual((yield* Effect.flip(SSHKey.remove(7))).status, 404)

      yield* SSHKey.create({ name: "laptop", public_key: ED25519 })
      // The same key with another comment is the same key.
      const duplicate = yield* Effect.flip(
        SSHKey.create({ name: "again", public_key: ED25519.replace("alice@laptop", "other") })
      )
      assert.strictEqual(duplicate.status, 422)
      assert.include(duplicate.api_message, "already in use")

      const invalid = [
        "not a key",
        "ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIHG7gIXb1O+RTWkgm3qfBvOVqOdmOSoG1YqZQ+1r7m6C",
        "ssh-ed25519 !!!notbase64!!!",
        // An RSA blob labelled ed25519.
        RSA.replace("ssh-rsa", "ssh-ed25519"),
        "ssh-ed25519"
      ]
      for (const public_key of invalid) {
        const error = yield* Effect.flip(SSHKey.create({ name: "bad", public_key }))
        assert.strictEqual(error.status, 422, public_key)
      }
      assert.strictEqual((yield* raw("POST", "/v2/account/keys", { public_key: RSA })).status, 422)
      assert.strictEqual((yield* raw("POST", "/v2/account/keys", { name: "k" })).status, 422)
      assert.strictEqual((yield* SSHKey.fetchAll).length, 1)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("the listing pages (links and meta.total)", () =>
    Effect.gen(function*() {
      for (const [name, public_key] of [["a", ED25519], ["b", RSA], ["c", ECDSA]]) {
        yield* SSHKey.create({ name, public_key })
      }
      // perPage 2: two requests.
      assert.deepStrictEqual(
        (yield* SSHKey.fetchAll).map((k) => k.name),
        ["a", "b", "c"]
      )
      const first = yield* raw("GET", "/v2/account/keys?per_page=2")
      assert.strictEqual(first.json.ssh_keys.length, 2)
      assert.strictEqual(first.json.meta.total, 3)
      assert.include(first.json.links.pages.next, "page=2")
      const second = yield* raw("GET", "/v2/account/keys?per_page=2&page=2")
      assert.deepStrictEqual(second.json.ssh_keys.map((k: any) => k.name), ["c"])
      assert.isUndefined(second.json.links.pages.next)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ config: { perPage: 2 } }))))

  it.effect("resolveKey finds a key by id, by a string of digits or by fingerprint (for droplets' ssh_keys)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const key = yield* SSHKey.create({ name: "laptop", public_key: ED25519 })
      assert.strictEqual(resolveKey(fake.state, key.id)?.name, "laptop")
      assert.strictEqual(resolveKey(fake.state, String(key.id))?.name, "laptop")
      assert.strictEqual(resolveKey(fake.state, ED25519_MD5)?.id, key.id)
      assert.strictEqual(resolveKey(fake.state, ED25519_MD5.toUpperCase())?.id, key.id)
      assert.isUndefined(resolveKey(fake.state, key.id + 1))
      assert.isUndefined(resolveKey(fake.state, RSA_MD5))
      assert.isUndefined(resolveKey(fake.state, null))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("domains", () => {
  it.effect("create makes the SOA, NS and apex A records; the zone file is rendered from them; delete removes all", () =>
    Effect.gen(function*() {
      const created = yield* Domain.create({ name: "example.com", ip_address: "192.0.2.10" })
      assert.strictEqual(created.name, "example.com")
      assert.strictEqual(created.ttl, 1800)
      assert.isNull(created.zone_file)
      const posted = yield* raw("POST", "/v2/domains", { name: "example.org" })
      assert.strictEqual(posted.status, 201)
      assert.deepStrictEqual(Object.keys(posted.json.domain).sort(), ["name", "ttl", "zone_file"])

      const domain = yield* Domain.fetch("example.com")
      const zone = domain.zone_file ?? ""
      assert.match(zone, /^\$ORIGIN example\.com\.\n\$TTL 1800\n/)
      assert.match(
        zone,
        /example\.com\. IN SOA ns1\.digitalocean\.com\. hostmaster\.example\.com\. \d+ 10800 3600 604800 1800\n/
      )
      for (const ns of ["ns1", "ns2", "ns3"]) assert.include(zone, `example.com. 1800 IN NS ${ns}.digitalocean.com.\n`)
      assert.include(zone, "example.com. 1800 IN A 192.0.2.10\n")

      const records = yield* DomainRecord.fetchAll("example.com")
      assert.deepStrictEqual(records.map((r) => [r.type, r.name, r.data]), [
        ["SOA", "@", "1800"],
        ["NS", "@", "ns1.digitalocean.com"],
        ["NS", "@", "ns2.digitalocean.com"],
        ["NS", "@", "ns3.digitalocean.com"],
        ["A", "@", "192.0.2.10"]
      ])
      // Without ip_address, no A record.
      assert.deepStrictEqual((yield* DomainRecord.fetchAll("example.org")).map((r) => r.type), [
        "SOA",
        "NS",
        "NS",
        "NS"
      ])
      assert.notInclude((yield* Domain.fetch("example.org")).zone_file ?? "", " IN A ")

      assert.deepStrictEqual((yield* Domain.fetchAll).map((d) => d.name), ["example.com", "example.org"])
      yield* Domain.remove("example.com")
      assert.strictEqual((yield* Effect.flip(Domain.fetch("example.com"))).status, 404)
      assert.strictEqual((yield* Effect.flip(DomainRecord.fetch("example.com", records[4]))).status, 404)
      assert.deepStrictEqual((yield* Domain.fetchAll).map((d) => d.name), ["example.org"])
      // The name is free again, and comes back with fresh records.
      yield* Domain.create({ name: "example.com" })
      assert.strictEqual((yield* DomainRecord.fetchAll("example.com")).length, 4)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("404 for unknown domains; 422 for invalid names and addresses, and a duplicate", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* Effect.flip(Domain.fetch("nowhere.com"))).status, 404)
      assert.strictEqual((yield* Effect.flip(Domain.remove("nowhere.com"))).status, 404)
      assert.strictEqual((yield* Effect.flip(DomainRecord.fetchAll("nowhere.com"))).status, 404)
      for (const name of ["localhost", "exa mple.com", "-bad.com", "example.123", ""]) {
        assert.strictEqual((yield* Effect.flip(Domain.create({ name }))).status, 422, name)
      }
      for (const ip_address of ["300.1.1.1", "2001:db8::1", "host"]) {
        assert.strictEqual((yield* Effect.flip(Domain.create({ name: "example.com", ip_address }))).status, 422)
      }
      assert.strictEqual((yield* raw("POST", "/v2/domains", {})).status, 422)
      yield* Domain.create({ name: "example.com" })
      const duplicate = yield* Effect.flip(Domain.create({ name: "Example.COM" }))
      assert.strictEqual(duplicate.status, 422)
      assert.include(duplicate.api_message, "already exists")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("the listing pages", () =>
    Effect.gen(function*() {
      for (const name of ["a.com", "b.com", "c.com"]) yield* Domain.create({ name })
      assert.deepStrictEqual((yield* Domain.fetchAll).map((d) => d.name), ["a.com", "b.com", "c.com"])
      const second = yield* raw("GET", "/v2/domains?per_page=2&page=2")
      assert.deepStrictEqual(second.json.domains.map((d: any) => d.name), ["c.com"])
      assert.strictEqual(second.json.meta.total, 3)
      assert.include(second.json.links.pages.prev, "page=1")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ config: { perPage: 2 } }))))
})

describe("domain records", () => {
  const withDomain = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.zipRight(Domain.create({ name: "example.com" }), effect)

  it.effect("each type: its own fields, null for the rest, ttl 1800 unless given; in the zone file", () =>
    withDomain(Effect.gen(function*() {
      const a = yield* DomainRecord.create("example.com", { type: "A", name: "www", data: "192.0.2.1" })
      assert.deepStrictEqual(
        { ...a },
        {
          id: a.id,
          type: "A",
          name: "www",
          data: "192.0.2.1",
          priority: null,
          port: null,
          ttl: 1800,
          weight: null,
          flags: null,
          tag: null
        }
      )
      const aaaa = yield* DomainRecord.create("example.com", {
        type: "AAAA",
        name: "www",
        data: "2001:db8::1",
        ttl: 600
      })
      assert.strictEqual(aaaa.ttl, 600)
      const cname = yield* DomainRecord.create("example.com", { type: "CNAME", name: "blog", data: "www.example.com." })
      assert.strictEqual(cname.data, "www.example.com.")
      const mx = yield* DomainRecord.create("example.com", { type: "MX", data: "mail.example.com", priority: 10 })
      assert.strictEqual(mx.name, "@")
      assert.strictEqual(mx.priority, 10)
      assert.isNull(mx.port)
      const txt = yield* DomainRecord.create("example.com", {
        type: "TXT",
        name: "@",
        data: "v=spf1 include:_spf.example.com ~all"
      })
      assert.isNull(txt.priority)
      const ns = yield* DomainRecord.create("example.com", { type: "NS", name: "sub", data: "ns1.other.net" })
      assert.strictEqual(ns.data, "ns1.other.net")
      const srv = yield* DomainRecord.create("example.com", {
        type: "SRV",
        name: "_sip._tcp",
        data: "sip.example.com",
        priority: 10,
        port: 5060,
        weight: 5
      })
      assert.deepStrictEqual([srv.priority, srv.port, srv.weight, srv.flags, srv.tag], [10, 5060, 5, null, null])
      const caa = yield* DomainRecord.create("example.com", {
        type: "CAA",
        name: "@",
        data: "letsencrypt.org",
        flags: 0,
        tag: "issue"
      })
      assert.deepStrictEqual([caa.flags, caa.tag, caa.priority, caa.weight], [0, "issue", null, null])
      // A field that does not apply to the type comes back null.
      const posted = yield* raw("POST", "/v2/domains/example.com/records", {
        type: "A",
        name: "api",
        data: "192.0.2.2",
        priority: 5,
        tag: "issue"
      })
      assert.strictEqual(posted.status, 201)
      assert.isNull(posted.json.domain_record.priority)
      assert.isNull(posted.json.domain_record.tag)

      assert.deepStrictEqual(yield* DomainRecord.fetch("example.com", srv.id), srv)
      const zone = (yield* Domain.fetch("example.com")).zone_file ?? ""
      for (
        const line of [
          "www.example.com. 1800 IN A 192.0.2.1",
          "www.example.com. 600 IN AAAA 2001:db8::1",
          "blog.example.com. 1800 IN CNAME www.example.com.",
          "example.com. 1800 IN MX 10 mail.example.com.",
          "example.com. 1800 IN TXT \"v=spf1 include:_spf.example.com ~all\"",
          "sub.example.com. 1800 IN NS ns1.other.net.",
          "_sip._tcp.example.com. 1800 IN SRV 10 5 5060 sip.example.com.",
          "example.com. 1800 IN CAA 0 issue \"letsencrypt.org\""
        ]
      ) assert.include(zone, `${line}\n`)
    })).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("422 for a body its type refuses, an SOA, a CNAME beside another record; 404 for an unknown record", () =>
    withDomain(Effect.gen(function*() {
      const post = (body: object) => Effect.map(raw("POST", "/v2/domains/example.com/records", body), (r) => r.status)
      const refused = [
        { type: "A", name: "www", data: "2001:db8::1" },
        { type: "A", name: "www", data: "192.0.2.300" },
        { type: "A", data: "192.0.2.1" },
        { type: "A", name: "bad name", data: "192.0.2.1" },
        { type: "AAAA", name: "www", data: "192.0.2.1" },
        { type: "CNAME", name: "blog" },
        { type: "CNAME", name: "blog", data: "not a host" },
        { type: "MX", data: "mail.example.com" },
        { type: "MX", data: "mail.example.com", priority: 70000 },
        { type: "TXT", name: "@" },
        { type: "NS", data: "ns1.other.net" },
        { type: "SRV", name: "_sip._tcp", data: "sip.example.com", priority: 10, port: 5060 },
        { type: "SRV", name: "_sip._tcp", data: "sip.example.com", priority: 10, weight: 5 },
        { type: "CAA", name: "@", data: "letsencrypt.org", flags: 0, tag: "issuemail" },
        { type: "CAA", name: "@", data: "letsencrypt.org", flags: 256, tag: "issue" },
        { type: "CAA", name: "@", data: "letsencrypt.org", tag: "issue" },
        { type: "A", name: "www", data: "192.0.2.1", ttl: 5 },
        { type: "PTR", name: "www", data: "example.com" },
        { name: "www", data: "192.0.2.1" }
      ]
      for (const body of refused) assert.strictEqual(yield* post(body), 422, JSON.stringify(body))
      const soa = yield* Effect.flip(DomainRecord.create("example.com", { type: "SOA", ttl: 3600 }))
      assert.strictEqual(soa.status, 422)

      yield* DomainRecord.create("example.com", { type: "A", name: "www", data: "192.0.2.1" })
      assert.strictEqual(yield* post({ type: "CNAME", name: "www", data: "example.com." }), 422)
      yield* DomainRecord.create("example.com", { type: "CNAME", name: "blog", data: "www.example.com." })
      assert.strictEqual(yield* post({ type: "TXT", name: "blog", data: "hello" }), 422)
      assert.strictEqual((yield* DomainRecord.fetchAll("example.com")).length, 6)

      assert.strictEqual((yield* Effect.flip(DomainRecord.fetch("example.com", 1))).status, 404)
      assert.strictEqual((yield* Effect.flip(DomainRecord.remove("example.com", 1))).status, 404)
      // A record of another domain is not found under this one.
      yield* Domain.create({ name: "example.org" })
      const other = yield* DomainRecord.create("example.org", { type: "A", name: "www", data: "192.0.2.9" })
      assert.strictEqual((yield* Effect.flip(DomainRecord.fetch("example.com", other))).status, 404)
    })).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("filters: the fully qualified name (the domain itself for @) and the type", () =>
    withDomain(Effect.gen(function*() {
      yield* DomainRecord.create("example.com", { type: "A", name: "www", data: "192.0.2.1" })
      yield* DomainRecord.create("example.com", { type: "AAAA", name: "www", data: "2001:db8::1" })
      yield* DomainRecord.create("example.com", { type: "A", name: "@", data: "192.0.2.2" })
      yield* DomainRecord.create("example.com", { type: "MX", data: "mail.example.com", priority: 10 })
      const www = yield* DomainRecord.fetchAll("example.com", { name: "www.example.com" })
      assert.deepStrictEqual(www.map((r) => r.type), ["A", "AAAA"])
      assert.strictEqual((yield* DomainRecord.fetchAll("example.com", { name: "www" })).length, 0)
      const apex = yield* DomainRecord.fetchAll("example.com", { name: "example.com" })
      assert.deepStrictEqual(apex.map((r) => r.type), ["SOA", "NS", "NS", "NS", "A", "MX"])
      const a = yield* DomainRecord.fetchAll("example.com", { type: "A" })
      assert.deepStrictEqual(a.map((r) => r.data), ["192.0.2.1", "192.0.2.2"])
      const both = yield* DomainRecord.fetchAll("example.com", { name: "example.com", type: "A" })
      assert.deepStrictEqual(both.map((r) => r.data), ["192.0.2.2"])
      assert.strictEqual((yield* DomainRecord.fetchAll("example.com", { type: "NS" })).length, 3)
      assert.strictEqual((yield* raw("GET", "/v2/domains/example.com/records?type=PTR")).status, 422)
      const paged = yield* raw("GET", "/v2/domains/example.com/records?per_page=3")
      assert.strictEqual(paged.json.meta.total, 8)
      assert.strictEqual(paged.json.domain_records.length, 3)
    })).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("PUT and PATCH change the fields given (the type cannot change); DELETE removes; the zone follows", () =>
    withDomain(Effect.gen(function*() {
      const a = yield* DomainRecord.create("example.com", { type: "A", name: "www", data: "192.0.2.1" })
      const updated = yield* DomainRecord.update("example.com", a, { type: "A", data: "192.0.2.50", ttl: 300 })
      assert.deepStrictEqual([updated.name, updated.data, updated.ttl], ["www", "192.0.2.50", 300])
      assert.deepStrictEqual(yield* DomainRecord.fetch("example.com", a.id), updated)
      // The spec's PUT example sends only the name.
      const renamed = yield* DomainRecord.update("example.com", a, { type: "A", name: "web" })
      assert.deepStrictEqual([renamed.name, renamed.data, renamed.ttl], ["web", "192.0.2.50", 300])

      const mx = yield* DomainRecord.create("example.com", { type: "MX", data: "mail.example.com", priority: 10 })
      const patched = yield* raw("PATCH", `/v2/domains/example.com/records/${mx.id}`, { type: "MX", priority: 20 })
      assert.strictEqual(patched.status, 200)
      assert.deepStrictEqual([patched.json.domain_record.priority, patched.json.domain_record.data], [
        20,
        "mail.example.com"
      ])
      assert.strictEqual((yield* DomainRecord.fetch("example.com", mx)).priority, 20)

      const refuse = (method: "PUT" | "PATCH", id: number, body: object) =>
        Effect.map(raw(method, `/v2/domains/example.com/records/${id}`, body), (r) => r.status)
      assert.strictEqual(yield* refuse("PUT", a.id, { type: "AAAA", data: "2001:db8::1" }), 422)
      assert.strictEqual(yield* refuse("PATCH", a.id, { data: "192.0.2.9" }), 422)
      assert.strictEqual(yield* refuse("PUT", a.id, { type: "A", data: "not-an-ip" }), 422)
      assert.strictEqual(yield* refuse("PATCH", mx.id, { type: "MX", priority: null }), 422)
      assert.strictEqual(yield* refuse("PUT", 1, { type: "A", data: "192.0.2.9" }), 404)
      assert.strictEqual((yield* DomainRecord.fetch("example.com", a)).data, "192.0.2.50")

      // The SOA record: only its ttl changes; it cannot be deleted.
      const [soa] = yield* DomainRecord.fetchAll("example.com", { type: "SOA" })
      assert.strictEqual((yield* DomainRecord.update("example.com", soa, { type: "SOA", ttl: 3600 })).ttl, 3600)
      assert.match((yield* Domain.fetch("example.com")).zone_file ?? "", /IN SOA .* 604800 3600\n/)
      assert.strictEqual((yield* Effect.flip(DomainRecord.remove("example.com", soa))).status, 422)

      assert.include((yield* Domain.fetch("example.com")).zone_file, "web.example.com. 300 IN A 192.0.2.50\n")
      yield* DomainRecord.remove("example.com", a)
      assert.strictEqual((yield* Effect.flip(DomainRecord.fetch("example.com", a))).status, 404)
      assert.notInclude((yield* Domain.fetch("example.com")).zone_file, "192.0.2.50")
      assert.deepStrictEqual((yield* DomainRecord.fetchAll("example.com")).map((r) => r.type), [
        "SOA",
        "NS",
        "NS",
        "NS",
        "MX"
      ])
    })).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("tags", () => {
  it.effect("create (an existing name in any case answers the existing tag), fetch, list; 400 for an invalid name", () =>
    Effect.gen(function*() {
      const prod = yield* Tag.create("PROD")
      assert.strictEqual(prod.name, "PROD")
      assert.deepStrictEqual(prod.resources?.droplets, { count: 0 } as any)
      assert.strictEqual(prod.resources?.count, 0)
      assert.isUndefined(prod.resources?.last_tagged_uri)
      const again = yield* raw("POST", "/v2/tags", { name: "prod" })
      assert.strictEqual(again.status, 201)
      assert.strictEqual(again.json.tag.name, "PROD")
      yield* Tag.create("env:staging")
      assert.deepStrictEqual((yield* Tag.fetchAll).map((t) => t.name), ["PROD", "env:staging"])
      assert.strictEqual((yield* Tag.fetch("env:staging")).name, "env:staging")
      // Paths use the canonical capitalization.
      assert.strictEqual((yield* Effect.flip(Tag.fetch("prod"))).status, 404)
      assert.strictEqual((yield* Effect.flip(Tag.fetch("nope"))).status, 404)

      const invalid = yield* Effect.flip(Tag.create("not valid!"))
      assert.strictEqual(invalid.status, 400)
      assert.include(invalid.api_message, "contains invalid characters")
      const body = yield* raw("POST", "/v2/tags", { name: "x".repeat(256) })
      assert.strictEqual(body.status, 400)
      assert.isString(body.json.error)
      assert.isNull(body.json.messages)
      assert.isArray(body.json.root_causes)
      assert.strictEqual((yield* raw("POST", "/v2/tags", {})).status, 400)
      assert.strictEqual((yield* Tag.fetchAll).length, 2)
      const paged = yield* raw("GET", "/v2/tags?per_page=1&page=2")
      assert.deepStrictEqual(paged.json.tags.map((t: any) => t.name), ["env:staging"])
      assert.strictEqual(paged.json.meta.total, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("counts per kind and the last tagged URI, after tagging droplets, images, volumes and volume snapshots", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const web1 = yield* createDroplet("web-1", ["web"])
      yield* TestClock.adjust("1 second")
      const web2 = yield* createDroplet("web-2", ["web"])
      let tag = yield* Tag.fetch("web")
      assert.deepStrictEqual(tag.resources?.droplets, {
        count: 2,
        last_tagged_uri: `https://api.digitalocean.com/v2/droplets/${web2.id}`
      } as any)
      assert.strictEqual(tag.resources?.count, 2)
      assert.strictEqual(tag.resources?.images?.count, 0)

      // A volume and a volume snapshot, as the volume handlers would keep them.
      const volumeId = "3d80cb72-342b-4aaa-b92e-4e4abb24a933"
      fake.state.volumes.set(volumeId, { id: volumeId, name: "data", droplet_ids: [] })
      fake.state.snapshots.set("1f6f46e8-6b60-11e9-be4e-0a58ac144519", {
        id: "1f6f46e8-6b60-11e9-be4e-0a58ac144519",
        name: "data-snap",
        resource_id: volumeId,
        resource_type: "volume"
      })
      const image = [...fake.state.images.values()][0]
      yield* TestClock.adjust("1 second")
      yield* Tag.tagResources("web", [{ resource_id: image.id, resource_type: "image" }, web1])
      yield* TestClock.adjust("1 second")
      yield* Tag.tagResources("web", [
        { resource_id: volumeId, resource_type: "volume" },
        { resource_id: "1f6f46e8-6b60-11e9-be4e-0a58ac144519", resource_type: "volume_snapshot" }
      ])
      tag = yield* Tag.fetch("web")
      assert.strictEqual(tag.resources?.count, 5)
      assert.deepStrictEqual(tag.resources?.images, {
        count: 1,
        last_tagged_uri: `https://api.digitalocean.com/v2/images/${image.id}`
      } as any)
      // web-1 was tagged again, after web-2.
      assert.strictEqual(
        tag.resources?.droplets?.last_tagged_uri,
        `https://api.digitalocean.com/v2/droplets/${web1.id}`
      )
      assert.strictEqual(tag.resources?.volumes?.last_tagged_uri, `https://api.digitalocean.com/v2/volumes/${volumeId}`)
      assert.strictEqual(
        tag.resources?.volume_snapshots?.last_tagged_uri,
        "https://api.digitalocean.com/v2/snapshots/1f6f46e8-6b60-11e9-be4e-0a58ac144519"
      )
      assert.strictEqual(tag.resources?.volume_snapshots?.count, 1)
      assert.deepStrictEqual(tag.resources?.databases, { count: 0 } as any)
      assert.strictEqual(
        tag.resources?.last_tagged_uri,
        "https://api.digitalocean.com/v2/snapshots/1f6f46e8-6b60-11e9-be4e-0a58ac144519"
      )
      assert.deepStrictEqual((yield* Droplet.fetch(web1)).tags, ["web"])

      // Untagging lowers the counts; the last tagged URI falls back to the one tagged before.
      yield* Tag.untagResources("web", [
        { resource_id: "1f6f46e8-6b60-11e9-be4e-0a58ac144519", resource_type: "volume_snapshot" },
        { resource_id: volumeId, resource_type: "volume" },
        web1
      ])
      tag = yield* Tag.fetch("web")
      assert.strictEqual(tag.resources?.count, 2)
      assert.deepStrictEqual(tag.resources?.volumes, { count: 0 } as any)
      assert.deepStrictEqual(tag.resources?.droplets, {
        count: 1,
        last_tagged_uri: `https://api.digitalocean.com/v2/droplets/${web2.id}`
      } as any)
      assert.strictEqual(tag.resources?.last_tagged_uri, `https://api.digitalocean.com/v2/images/${image.id}`)
      assert.deepStrictEqual((yield* Droplet.fetch(web1)).tags, [])

      // A deleted droplet no longer counts.
      yield* Droplet.remove(web2)
      tag = yield* Tag.fetch("web")
      assert.strictEqual(tag.resources?.droplets?.count, 0)
      assert.strictEqual(tag.resources?.count, 1)
      assert.deepStrictEqual((yield* Droplet.fetchAll({ tag_name: "web" })).map((d) => d.id), [])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("tagging: 404 for an unknown tag, 422 for a resource that does not exist or an unknown type", () =>
    Effect.gen(function*() {
      const droplet = yield* createDroplet("web-1")
      assert.strictEqual((yield* Effect.flip(Tag.tagResources("nope", [droplet]))).status, 404)
      yield* Tag.create("web")
      const refused = [
        [{ resource_id: "999", resource_type: "droplet" }],
        [{ resource_id: "999", resource_type: "image" }],
        [{ resource_id: "no-such-volume", resource_type: "volume" }],
        [{ resource_id: "no-such-snapshot", resource_type: "volume_snapshot" }],
        [{ resource_id: String(droplet.id), resource_type: "database" }],
        // Both or neither: the valid droplet is not tagged either.
        [{ resource_id: String(droplet.id), resource_type: "droplet" }, {
          resource_id: "999",
          resource_type: "droplet"
        }]
      ]
      for (const resources of refused) {
        assert.strictEqual(
          (yield* Effect.flip(Tag.tagResources("web", resources))).status,
          422,
          JSON.stringify(resources)
        )
      }
      assert.strictEqual((yield* raw("POST", "/v2/tags/web/resources", { resources: [] })).status, 422)
      assert.strictEqual((yield* raw("POST", "/v2/tags/web/resources", {})).status, 422)
      assert.strictEqual(
        (yield* Effect.flip(Tag.untagResources("web", [{ resource_id: "999", resource_type: "droplet" }]))).status,
        422
      )
      assert.strictEqual((yield* Tag.fetch("web")).resources?.count, 0)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).tags, [])
      // A droplet snapshot is an image, not a volume snapshot.
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      fake.state.snapshots.set("170000001", { id: "170000001", resource_type: "droplet" })
      const snapshot = [{ resource_id: "170000001", resource_type: "volume_snapshot" }]
      assert.strictEqual((yield* Effect.flip(Tag.tagResources("web", snapshot))).status, 422)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("delete untags everything and frees the name; 404 after", () =>
    Effect.gen(function*() {
      const droplet = yield* createDroplet("web-1", ["web", "prod"])
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).tags, ["web", "prod"])
      yield* Tag.remove("web")
      assert.strictEqual((yield* Effect.flip(Tag.fetch("web"))).status, 404)
      assert.strictEqual((yield* Effect.flip(Tag.remove("web"))).status, 404)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).tags, ["prod"])
      assert.deepStrictEqual((yield* Tag.fetchAll).map((t) => t.name), ["prod"])
      const fresh = yield* Tag.create("Web")
      assert.strictEqual(fresh.name, "Web")
      assert.strictEqual(fresh.resources?.count, 0)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
