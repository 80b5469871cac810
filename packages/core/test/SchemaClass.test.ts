/**
 * The models' decoding shortcuts (`internal/schema.ts`): absent `orNull` and `[]` fields filled by the class, and
 * instances built directly, with the same result as `Schema.Class`'s own decoding and constructor.
 */
import { Domain, Droplet, Image } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Equal, Schema } from "effect"

const droplet = {
  id: 1,
  name: "web-1",
  memory: 1024,
  vcpus: 1,
  disk: 25,
  locked: false,
  status: "active",
  created_at: "2020-07-21T18:37:44Z",
  features: [],
  backup_ids: [],
  snapshot_ids: [],
  image: { id: 7, slug: "ubuntu-24-04-x64" },
  volume_ids: [],
  size: {
    available: true,
    disk: 25,
    memory: 1024,
    price_hourly: 0.00893,
    price_monthly: 6,
    regions: ["nyc1"],
    slug: "s-1vcpu-1gb",
    transfer: 1,
    vcpus: 1,
    description: "Basic"
  },
  size_slug: "s-1vcpu-1gb",
  networks: { v4: [{ ip_address: "10.0.0.2", netmask: "255.255.0.0", type: "private" }] },
  region: { available: true, features: [], name: "New York 1", sizes: [], slug: "nyc1" },
  tags: []
}

describe("model classes", () => {
  it("fill absent nullable fields with null and absent lists with [] when decoding", () => {
    const decoded = Schema.decodeUnknownSync(Droplet.Droplet)(droplet)
    assert.strictEqual(decoded.kernel, null)
    assert.strictEqual(decoded.next_backup_window, null)
    assert.deepStrictEqual(decoded.networks.v6, [])
    assert.strictEqual(Schema.decodeUnknownSync(Image.Image)({ id: 7 }).slug, null)
    const domain = Schema.decodeUnknownSync(Domain.Domain)({ name: "example.com" })
    assert.strictEqual(domain.ttl, null)
    assert.strictEqual(domain.zone_file, null)
  })

  it("decode to instances of the class, with its getters, equal to the constructor's", () => {
    const decoded = Schema.decodeUnknownSync(Droplet.Droplet)(droplet)
    assert.instanceOf(decoded, Droplet.Droplet)
    assert.instanceOf(decoded.networks.v4[0], Droplet.NetworkV4)
    assert.isTrue(decoded.active)
    assert.strictEqual(decoded.privateIpv4Address, "10.0.0.2")
    assert.strictEqual(decoded.regionSlug, "nyc1")
    assert.strictEqual(String(decoded.networks.v4[0]), "10.0.0.2")
    assert.isTrue(Schema.is(Droplet.Droplet)(decoded))
    const made = new Droplet.Droplet({ ...decoded })
    assert.deepStrictEqual(Object.keys(decoded).sort(), Object.keys(made).sort())
    assert.deepStrictEqual(Schema.encodeSync(Droplet.Droplet)(decoded), Schema.encodeSync(Droplet.Droplet)(made))
    // `Data`'s equality (shallow: nested arrays by reference) holds as it does for the constructor's instances.
    const kernel = Schema.decodeUnknownSync(Droplet.Kernel)({ id: 1, name: "k", version: "1" })
    assert.isTrue(Equal.equals(kernel, new Droplet.Kernel({ id: 1, name: "k", version: "1" })))
  })

  it("keep null given by the API, and encode back to the API's fields", () => {
    const decoded = Schema.decodeUnknownSync(Droplet.Droplet)({ ...droplet, kernel: null })
    assert.strictEqual(decoded.kernel, null)
    const encoded = Schema.encodeSync(Droplet.Droplet)(decoded)
    assert.strictEqual(encoded.kernel, null)
    assert.strictEqual(encoded.created_at, "2020-07-21T18:37:44.000Z")
    assert.deepStrictEqual(
      Schema.encodeSync(Droplet.Droplet)(Schema.decodeUnknownSync(Droplet.Droplet)(encoded)),
      encoded
    )
  })

  it("refuse a wrong shape as before", () => {
    assert.throws(() => Schema.decodeUnknownSync(Droplet.Droplet)({ ...droplet, kernel: 5 }))
    assert.throws(() => Schema.decodeUnknownSync(Droplet.Droplet)({ ...droplet, networks: { v4: "x" } }))
  })
})
