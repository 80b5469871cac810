/**
 * The README's provisioning example: create a droplet with an SSH key, wait until it is active, assign a reserved
 * IP, snapshot it, add a DNS record pointing at it, tag it, and clean everything up, each failure handled by its tag.
 *
 * Every resource is created with `Effect.acquireRelease`, so the scope deletes it (in reverse order) whether the
 * program succeeds, fails, or is interrupted.
 */
import { Action, Domain, DomainRecord, Droplet, Image, ReservedIP, SSHKey, Tag } from "@doapi/core"
import type { DoConfig, DoError } from "@doapi/core"
import type { HttpClient } from "@effect/platform"
import { Console, Effect } from "effect"

/** An example public key (ed25519): put your own here. */
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g deploy@example.com"

/** Waits for an action to finish; an action that errored becomes an `ActionError`. */
const finish = (action: Action.Action) =>
  Action.wait(action, { timeout: "10 minutes" }).pipe(Effect.flatMap(Action.raiseForError))

/** Creates a resource that is deleted when the scope closes; a failed deletion is reported, not fatal. */
const owned = <A, E, R>(
  what: (a: A) => string,
  create: Effect.Effect<A, E, R>,
  remove: (a: A) => Effect.Effect<unknown, DoError.DOAPIError | DoError.WaitTimeoutError | Action.ActionError, R>
) =>
  Effect.acquireRelease(
    Effect.tap(create, (a) => Console.log(`  created ${what(a)}`)),
    (a) =>
      remove(a).pipe(
        Effect.zipRight(Console.log(`  deleted ${what(a)}`)),
        Effect.catchAll((error) => Console.error(`  could not delete ${what(a)}: ${error.message}`))
      )
  )

/**
 * Provisions a web server, reports what it built, and cleans everything up. It needs exactly an HttpClient and a
 * DoConfig, and cannot fail: every failure is turned into a message by its tag.
 */
export const provision: Effect.Effect<string, never, HttpClient.HttpClient | DoConfig.DoConfig> = Effect.gen(
  function*() {
    const key = yield* owned(
      (k) => `SSH key ${k.name} (${k.fingerprint})`,
      SSHKey.create({ name: "deploy", public_key: PUBLIC_KEY }),
      SSHKey.delete
    )

    const created = yield* owned(
      (d) => `droplet ${d.name} (${d.id})`,
      Droplet.create({
        name: "web-1",
        region: "nyc3",
        size: "s-1vcpu-1gb",
        image: "ubuntu-24-04-x64",
        ssh_keys: [key.id],
        monitoring: true
      }),
      Droplet.delete
    )
    const droplet = yield* Droplet.wait(created, { status: Droplet.STATUS_ACTIVE }, { timeout: "10 minutes" })
    yield* Console.log(`  ${droplet.name} is active at ${droplet.ipv4Address}`)

    // Released before the droplet goes: unassigned first, then given back.
    const ip = yield* owned(
      (i) => `reserved IP ${i.ip}`,
      ReservedIP.create({ region: droplet.regionSlug }),
      (i) => ReservedIP.unassign(i).pipe(Effect.flatMap(finish), Effect.zipRight(ReservedIP.delete(i)))
    )
    yield* ReservedIP.assign(ip, droplet).pipe(Effect.flatMap(finish))
    yield* Console.log(`  ${ip.ip} now points at ${droplet.name}`)

    const snapshotAction = yield* Droplet.snapshot(droplet, "web-1-initial").pipe(Effect.flatMap(finish))
    const snapshot = yield* owned(
      (s) => `snapshot ${s.name} (image ${s.id})`,
      Droplet.fetch(droplet).pipe(
        Effect.flatMap((fresh) => Image.fetch(fresh.snapshot_ids[fresh.snapshot_ids.length - 1]))
      ),
      Image.delete
    )
    yield* Console.log(`  snapshot taken by action ${snapshotAction.id}: ${snapshot.size_gigabytes} GB`)

    const domain = yield* owned((d) => `domain ${d.name}`, Domain.create({ name: "example.com" }), Domain.delete)
    const record = yield* DomainRecord.create(domain, { type: "A", name: "www", data: ip.ip, ttl: 300 })
    yield* Console.log(`  www.${domain.name} -> ${record.data}`)

    const tag = yield* owned((t) => `tag ${t.name}`, Tag.create("web"), Tag.delete)
    yield* Tag.tagResources(tag, [droplet])
    yield* Console.log(`  tagged ${droplet.name} with ${tag.name}; cleaning up:`)
    return { droplet: droplet.name, ip: ip.ip, record: `www.${domain.name}`, snapshot: snapshot.name }
  }
).pipe(
  Effect.scoped,
  Effect.map((built) => `provisioned and cleaned up: ${JSON.stringify(built)}`),
  // Each failure by its tag: what went wrong, and what to do about it.
  Effect.catchTags({
    DOAPIError: (error) =>
      Effect.succeed(
        error.status === 401
          ? `the token was refused: check DIGITALOCEAN_TOKEN (${error.message})`
          : error.status === 429
          ? `rate limited: retry after ${error.retry_after ?? "a while"} s (${error.message})`
          : `the API said no: ${error.message} [request ${error.request_id ?? "unknown"}]`
      ),
    WaitTimeoutError: (error) => Effect.succeed(`gave up waiting: ${error.message}`),
    ActionError: (error) => Effect.succeed(`an action failed: ${error.message}`)
  })
)
