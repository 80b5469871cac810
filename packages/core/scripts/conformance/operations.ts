/**
 * The conformance table: every operation of `@doapi/core`, grouped by module, each with the call that `run.ts` sends
 * to Prism (static mode: the spec's examples) through the public API.
 *
 * To add an operation, add one entry to its module's group: the key is the exported name (a delete function is keyed
 * `delete`, its `remove` alias is then covered too), followed by ` (variant)` when one function has several entries;
 * the value is the Effect (or Stream) to run. Use identifiers the spec's examples and parameters accept (the `EXAMPLE`
 * values below): Prism validates path parameters (`format: ipv4`, integers), query parameters and bodies.
 *
 * To add a module, add a `group(...)` for it (importing it from `@doapi/core`, or from `@doapi/core/<Module>` until
 * it is exported by the index). `run.ts` fails when an exported operation of a grouped module, or a module of the
 * index, is missing from this table.
 *
 * Three other kinds of entry:
 * - `example(name, call)`: the call, answered with the response example `name` (sent as `Prefer: example=<name>`),
 *   for an endpoint whose examples depend on the request (Prism's static mode otherwise answers with the first).
 * - `known(mistake, call)`: the spec itself is wrong (a mistake documented in digest §13, listed in `MISTAKES`), so
 *   Prism rejects a correct request, or answers with an example a correct client cannot decode. It is reported as
 *   `known`, not `ok`, and does not fail the run, but only when Prism's violation (or the error) matches the mistake:
 *   any other failure is a real one. A `known` entry that passes is reported as `stale`.
 * - `skip(reason)`: an export that makes no request, or a wait that never ends against the static examples (their
 *   actions stay `in-progress`). Listed so that the table accounts for every export.
 */
import {
  Account,
  Action,
  Api,
  App,
  Database,
  Domain,
  DomainRecord,
  Droplet,
  FloatingIP,
  Image,
  Kubernetes,
  Region,
  ReservedIP,
  Size,
  Snapshot,
  SSHKey,
  Tag,
  Volume
} from "@doapi/core"
import type { DoConfig } from "@doapi/core"
import * as Firewall from "@doapi/core/Firewall"
import * as LoadBalancer from "@doapi/core/LoadBalancer"
import * as Project from "@doapi/core/Project"
import * as VPC from "@doapi/core/VPC"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** What every operation needs: the client and the configuration (`run.ts` provides them). */
export type Requirements = HttpClient.HttpClient | DoConfig.DoConfig

/**
 * A documented mistake of the spec (digest §13): Prism rejects a correct request (`violation`), or answers with an
 * example that a correct client cannot decode (`error`).
 */
export interface SpecMistake {
  /** What is wrong, and where it is documented. */
  readonly reason: string
  /** Matches the `sl-violations` message Prism gives for it; any other violation is a real failure. */
  readonly violation?: RegExp
  /** Matches the operation's error when Prism accepted every request (a wrong response example). */
  readonly error?: RegExp
  /**
   * The mistake is in a response example that Prism flags (`violation`) but that the client decodes: the operation
   * succeeds, and the entry is `known` as long as every violation is this one.
   */
  readonly decodable?: boolean
}

/**
 * One row of the table. `prefer` is sent as the `Prefer` header (e.g. `example=<name>`), for Prism to answer with
 * that named example instead of the first one.
 */
export type Entry =
  | { readonly _tag: "Run"; readonly run: Effect.Effect<unknown, unknown, Requirements>; readonly prefer?: string }
  | {
    readonly _tag: "Known"
    readonly mistake: SpecMistake
    readonly run: Effect.Effect<unknown, unknown, Requirements>
  }
  | { readonly _tag: "Skip"; readonly reason: string }

/** A call: an operation's Effect, or a listing's Stream (run to the end). */
export type Call = Effect.Effect<unknown, unknown, Requirements> | Stream.Stream<unknown, unknown, Requirements>

/** A module's operations: keys are `export` or `export (variant)`. */
export interface Group {
  readonly module: string
  /** The module's namespace, to check that every exported operation is in the table. */
  readonly exports: object
  readonly entries: Readonly<Record<string, Entry>>
}

const toEffect = (call: Call): Effect.Effect<unknown, unknown, Requirements> =>
  Effect.isEffect(call) ? call : Stream.runCollect(call)

const isEntry = (value: Call | Entry): value is Entry => !Effect.isEffect(value) && !(Stream.StreamTypeId in value)

/** An entry that fails because of a documented spec mistake (see `SpecMistake`). */
export const known = (mistake: SpecMistake, call: Call): Entry => ({ _tag: "Known", mistake, run: toEffect(call) })

/**
 * An entry answered with the response example named `name`: for an endpoint whose examples differ by request (Prism
 * static mode always answers with the first one otherwise).
 */
export const example = (name: string, call: Call): Entry => ({
  _tag: "Run",
  run: toEffect(call),
  prefer: `example=${name}`
})

/** An export that is not run, and why. */
export const skip = (reason: string): Entry => ({ _tag: "Skip", reason })

const toEntry = (value: Call | Entry): Entry => (isEntry(value) ? value : { _tag: "Run", run: toEffect(value) })

/** A module's group: plain calls are `Run` entries. */
export const group = (module: string, exports: object, entries: Readonly<Record<string, Call | Entry>>): Group => ({
  module,
  exports,
  entries: Object.fromEntries(Object.entries(entries).map(([name, value]) => [name, toEntry(value)]))
})

// ---------------------------------------------------------------------------------------------------------------------
// Identifiers the spec's examples and parameters accept
// ---------------------------------------------------------------------------------------------------------------------

/** Values from the spec's examples. */
export const EXAMPLE = {
  droplet: 3164444,
  action: 36804636,
  /** A backup of the example droplet (its `backup_ids`). */
  backup: 53893572,
  /** The example droplet's image. */
  image: 63663980,
  imageSlug: "ubuntu-20-04-x64",
  /** A kernel of `GET /v2/droplets/{droplet_id}/kernels`. */
  kernel: 7515,
  region: "nyc3",
  size: "s-1vcpu-1gb",
  largerSize: "s-2vcpu-2gb",
  ip: "45.55.96.47",
  /** 45.55.96.47 as a 32-bit integer (what IP actions' `resource_id` holds). */
  ipInt: 758603823,
  tag: "env:prod",
  vpc: "760e09ef-dc84-11e8-981e-3cfdfeaae000",
  volume: "12e97116-7280-11ed-b3d0-0a58ac146812",
  sshKeys: [289794, "3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45"],
  /** A droplet snapshot (`GET /v2/snapshots/{snapshot_id}` takes an integer or a string). */
  dropletSnapshot: 6372321,
  volumeSnapshot: "fbe805e8-866b-11e6-96bf-000f53315a41",
  /** The spec's example database cluster. */
  databaseCluster: "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30",
  /** The volume path parameter is `format: uuid`. */
  volumeId: "7724db7c-e098-11e5-b522-000f53304e51",
  volumeName: "example",
  /** The volume examples' region. */
  volumeRegion: "nyc1",
  volumeDroplet: 11612190,
  sshKey: 512189,
  sshKeyFingerprint: "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
  publicKey: "ssh-rsa AEXAMPLEaC1yc2EAAAADAQABAAAAQQDDHr/jh2Jy4yALcK4JyWbVkPRaWmhck3IgCoeOO3z1e2dBowLh64QAM+Qb72pxekA" +
    "Lga2oi4GvT+TlWNhzPH4V example",
  domain: "example.com",
  domainRecord: 3352896,
  /** The tag path parameter's example (`^[a-zA-Z0-9_\\-\\:]+$`). */
  tagName: "awesome",
  /** A Kubernetes cluster, node pool and node (the spec's examples; the paths take UUIDs). */
  cluster: "bd5f5959-5e1e-4205-a714-a914373942af",
  nodePool: "cdda885e-7663-40c8-bc74-3a036c66545d",
  node: "478247f8-b1bb-4f7a-8db9-2a5f8d4b8f8f"
} as const

/** The spec's known mistakes (digest §13) that Prism trips on. */
export const MISTAKES = {
  changeBackupPolicy: {
    reason: "digest §13.1: change_backup_policy is missing from the droplet action `type` enum",
    violation: /type must be equal to one of the allowed values/
  },
  // Found by this conformance run (not in the digest): the example of GET /v2/tags/{tag_id} (`tags_existing`) is
  // wrapped twice, `{"tag": {"tag": {...}}}`, against the spec's own schema and the real API.
  tagExample: {
    reason: "spec mistake: the GET /v2/tags/{tag_id} example is wrapped twice ({tag: {tag: ...}})",
    error: /at tag\.name: is missing/
  },
  // Found by this conformance run (not in the digest): the body of POST /v2/droplets/actions is a oneOf of
  // `droplet_action` and `droplet_action_snapshot`, and the second is the first plus an optional `name`, so every
  // valid body matches both branches and fails "exactly one" (the same kind of mistake as digest §13.8).
  dropletActionsByTag: {
    reason: "spec mistake: POST /v2/droplets/actions's body is a oneOf whose branches both match any body",
    violation: /must match exactly one schema in oneOf/
  }
} as const satisfies Record<string, SpecMistake>

/** The value of an operation that must find something (`None` would hide a 404). */
const found = <A>(option: Option.Option<A>): Effect.Effect<A, string> =>
  Option.match(option, { onNone: () => Effect.fail("found nothing (None)"), onSome: Effect.succeed })

const NEVER_ENDS = "waits for an action, which the static examples keep in-progress forever"
const CLUSTER_CREATING = "waits until online, and the spec's cluster example stays creating forever"

/** Every field of the create body, so that Prism validates each one's encoding. */
const createFields = {
  region: EXAMPLE.region,
  size: EXAMPLE.size,
  image: EXAMPLE.imageSlug,
  ssh_keys: EXAMPLE.sshKeys,
  backups: true,
  backup_policy: { plan: "weekly", weekday: "SUN", hour: 8 },
  ipv6: true,
  monitoring: true,
  tags: [EXAMPLE.tag, "web"],
  user_data: "#cloud-config\nruncmd:\n  - touch /test.txt\n",
  private_networking: false,
  volumes: [EXAMPLE.volume],
  vpc_uuid: EXAMPLE.vpc,
  with_droplet_agent: true,
  public_networking: true
} as const

// ---------------------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------------------

/** The App Platform examples' ids, and a spec Prism accepts. */
const APP = {
  id: "4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf",
  deployment: "3aa4d20e-5527-4c00-b496-601fbd22520a",
  spec: {
    name: "web-app",
    region: "nyc",
    services: [{
      name: "api",
      github: { repo: "digitalocean/sample-golang", branch: "main", deploy_on_push: true },
      run_command: "bin/api",
      environment_slug: "go",
      instance_count: 2,
      instance_size_slug: "apps-s-1vcpu-0.5gb",
      http_port: 8080,
      envs: [{ key: "API_KEY", value: "secret", scope: "RUN_TIME", type: "SECRET" }]
    }]
  } satisfies App.AppSpec
}
const DEPLOYMENT_NEVER_ENDS = "waits for a deployment, which the static examples keep in PENDING_BUILD forever"

export const groups: ReadonlyArray<Group> = [
  group("Account", Account, {
    fetch: Account.fetch
  }),

  group("Action", Action, {
    stream: Action.stream,
    fetchAll: Action.fetchAll,
    fetchLast: Effect.flatMap(Action.fetchLast, found),
    fetch: Action.fetch(EXAMPLE.action),
    // The example action is a droplet's: fetches the droplet, which must be there.
    fetchResource: Action.fetch(EXAMPLE.action).pipe(Effect.flatMap(Action.fetchResource), Effect.flatMap(found)),
    wait: skip(NEVER_ENDS),
    waitAll: skip(NEVER_ENDS),
    waitActionsOnObjects: skip(NEVER_ENDS),
    raiseForError: skip("makes no request")
  }),

  group("Api", Api, {
    "request (GET)": Api.request("GET", "/v2/account"),
    "request (POST with a body)": Api.request("POST", `/v2/droplets/${EXAMPLE.droplet}/actions`, {
      body: { type: "reboot" }
    }),
    "request (query)": Api.request("GET", "/v2/droplets", { params: { tag_name: EXAMPLE.tag } }),
    paginate: Api.paginate("/v2/droplets", "droplets", { name: "example.com" })
  }),

  group("App", App, {
    fetch: App.fetch(APP.id),
    stream: App.stream(),
    "stream (with projects)": App.stream({ with_projects: true }),
    fetchAll: App.fetchAll(),
    create: App.create({ spec: APP.spec }),
    "create (project)": App.create({ spec: APP.spec, project_id: "88b72d1a-b78a-4d9f-9090-b53c4399073f" }),
    update: App.update(APP.id, { spec: APP.spec, update_all_source_versions: true }),
    delete: App.delete(APP.id),
    propose: App.propose({ spec: APP.spec }),
    "propose (an update)": App.propose({ spec: APP.spec, app_id: APP.id }),
    regions: App.regions,
    createDeployment: App.createDeployment(APP.id, { force_build: true }),
    "createDeployment (no options)": App.createDeployment(APP.id),
    deployments: App.deployments(APP.id),
    fetchAllDeployments: App.fetchAllDeployments(APP.id),
    fetchDeployment: App.fetchDeployment(APP.id, APP.deployment),
    cancelDeployment: App.cancelDeployment(APP.id, APP.deployment),
    logs: App.logs(APP.id, { type: "RUN" }),
    "logs (component)": App.logs(APP.id, { type: "RUN", component: "api", follow: true }),
    "logs (deployment)": App.logs(APP.id, { type: "BUILD", deployment: APP.deployment }),
    "logs (deployment and component)": App.logs(APP.id, {
      type: "DEPLOY",
      deployment: APP.deployment,
      component: "api",
      pod_connection_timeout: "3m"
    }),
    raiseForFailure: skip("makes no request"),
    waitForDeployment: skip(DEPLOYMENT_NEVER_ENDS),
    waitForDeployments: skip(DEPLOYMENT_NEVER_ENDS),
    waitUntilDeployed: skip(DEPLOYMENT_NEVER_ENDS)
  }),

  group("Region", Region, {
    stream: Region.stream,
    fetchAll: Region.fetchAll
  }),

  group("Size", Size, {
    stream: Size.stream,
    fetchAll: Size.fetchAll
  }),

  group("Image", Image, {
    "fetch (id)": Image.fetch(EXAMPLE.image),
    "fetch (slug)": Image.fetch(EXAMPLE.imageSlug),
    stream: Image.stream(),
    "stream (filters)": Image.stream({ type: "distribution", private: false, tag_name: "base-image" }),
    fetchAll: Image.fetchAll(),
    create: Image.create({
      name: "ubuntu-18.04-minimal",
      url: "http://cloud-images.ubuntu.com/minimal/releases/bionic/release/ubuntu-18.04-minimal-cloudimg-amd64.img",
      region: EXAMPLE.region,
      distribution: "Ubuntu",
      description: "Cloud-optimized image w/ small footprint",
      tags: ["base-image", "prod"]
    }),
    update: Image.update(EXAMPLE.image, { name: "new-image-name", distribution: "Ubuntu", description: "" }),
    delete: Image.delete(EXAMPLE.image),
    act: Image.act(EXAMPLE.image, { type: "convert" }),
    transfer: Image.transfer(EXAMPLE.image, "nyc2"),
    convert: Image.convert(EXAMPLE.image),
    streamActions: Image.streamActions(EXAMPLE.image),
    fetchAllActions: Image.fetchAllActions(EXAMPLE.image),
    fetchLastAction: Image.fetchLastAction(EXAMPLE.image),
    fetchCurrentAction: Image.fetchCurrentAction(EXAMPLE.image),
    waitForAction: skip(NEVER_ENDS)
  }),

  ...([["ReservedIP", ReservedIP, "reserved_ip"], ["FloatingIP", FloatingIP, "floating_ip"]] as const).map(
    ([module, IP, key]) =>
      group(module, IP, {
        "fetch (address)": IP.fetch(EXAMPLE.ip),
        "fetch (integer)": IP.fetch(EXAMPLE.ipInt),
        stream: IP.stream,
        fetchAll: IP.fetchAll,
        "create (droplet)": example(`${key}_assigning`, IP.create({ droplet_id: EXAMPLE.droplet })),
        "create (region)": example(`${key}_reserving`, IP.create({ region: EXAMPLE.region })),
        "create (region and project)": example(
          `${key}_reserving`,
          IP.create({ region: EXAMPLE.region, project_id: "746c6152-2fa2-11ed-92d3-27aaa54e4988" })
        ),
        delete: IP.delete(EXAMPLE.ip),
        act: IP.act(EXAMPLE.ip, { type: "unassign" }),
        assign: IP.assign(EXAMPLE.ip, EXAMPLE.droplet),
        unassign: IP.unassign(EXAMPLE.ip),
        streamActions: IP.streamActions(EXAMPLE.ip),
        fetchAllActions: IP.fetchAllActions(EXAMPLE.ip),
        fetchLastAction: IP.fetchLastAction(EXAMPLE.ip),
        fetchCurrentAction: IP.fetchCurrentAction(EXAMPLE.ip),
        waitForAction: skip(NEVER_ENDS)
      })
  ),

  group("Droplet", Droplet, {
    fetch: Droplet.fetch(EXAMPLE.droplet),
    stream: Droplet.stream(),
    "stream (tag_name)": Droplet.stream({ tag_name: EXAMPLE.tag }),
    "stream (name and type)": Droplet.stream({ name: "web-01", type: "droplets" }),
    "stream (gpus)": Droplet.stream({ type: "gpus" }),
    fetchAll: Droplet.fetchAll(),
    create: Droplet.create({ name: "example.com", ...createFields }),
    "create (minimal)": Droplet.create({ name: "example.com", size: EXAMPLE.size, image: EXAMPLE.image }),
    createMultiple: example(
      "Multiple Droplet Create Response",
      Droplet.createMultiple({ names: ["sub-01.example.com", "sub-02.example.com"], ...createFields })
    ),
    delete: Droplet.delete(EXAMPLE.droplet),
    deleteByTag: Droplet.deleteByTag("env:test"),
    neighbors: Droplet.neighbors(EXAMPLE.droplet),
    fetchAllNeighbors: Droplet.fetchAllNeighbors,
    snapshots: Droplet.snapshots(EXAMPLE.droplet),
    backups: Droplet.backups(EXAMPLE.droplet),
    kernels: Droplet.kernels(EXAMPLE.droplet),

    act: Droplet.act(EXAMPLE.droplet, { type: "reboot" }),
    enableBackups: Droplet.enableBackups(EXAMPLE.droplet),
    "enableBackups (policy)": Droplet.enableBackups(EXAMPLE.droplet, { plan: "daily", hour: 20 }),
    changeBackupPolicy: known(
      MISTAKES.changeBackupPolicy,
      Droplet.changeBackupPolicy(EXAMPLE.droplet, { plan: "weekly", weekday: "SUN", hour: 8 })
    ),
    disableBackups: Droplet.disableBackups(EXAMPLE.droplet),
    reboot: Droplet.reboot(EXAMPLE.droplet),
    powerCycle: Droplet.powerCycle(EXAMPLE.droplet),
    shutdown: Droplet.shutdown(EXAMPLE.droplet),
    powerOff: Droplet.powerOff(EXAMPLE.droplet),
    powerOn: Droplet.powerOn(EXAMPLE.droplet),
    passwordReset: Droplet.passwordReset(EXAMPLE.droplet),
    enableIpv6: Droplet.enableIpv6(EXAMPLE.droplet),
    restore: Droplet.restore(EXAMPLE.droplet, EXAMPLE.backup),
    resize: Droplet.resize(EXAMPLE.droplet, EXAMPLE.largerSize),
    "resize (disk)": Droplet.resize(EXAMPLE.droplet, EXAMPLE.largerSize, { disk: true }),
    "rebuild (slug)": Droplet.rebuild(EXAMPLE.droplet, EXAMPLE.imageSlug),
    "rebuild (id)": Droplet.rebuild(EXAMPLE.droplet, EXAMPLE.image),
    rename: Droplet.rename(EXAMPLE.droplet, "nifty-new-name"),
    changeKernel: Droplet.changeKernel(EXAMPLE.droplet, EXAMPLE.kernel),
    snapshot: Droplet.snapshot(EXAMPLE.droplet),
    "snapshot (name)": Droplet.snapshot(EXAMPLE.droplet, "Nifty New Snapshot"),

    streamActions: Droplet.streamActions(EXAMPLE.droplet),
    fetchAllActions: Droplet.fetchAllActions(EXAMPLE.droplet),
    fetchLastAction: Effect.flatMap(Droplet.fetchLastAction(EXAMPLE.droplet), found),
    fetchCurrentAction: Droplet.fetchCurrentAction(EXAMPLE.droplet),

    // The example droplet is active: these waits end at their first poll.
    wait: Droplet.wait(EXAMPLE.droplet, { status: Droplet.STATUS_ACTIVE }, { timeout: "5 seconds" }),
    "wait (locked)": Droplet.wait(EXAMPLE.droplet, { locked: false }, { timeout: "5 seconds" }),
    waitAll: Droplet.waitAll([EXAMPLE.droplet], { status: Droplet.STATUS_ACTIVE }, { timeout: "5 seconds" }),
    ensureOn: Droplet.ensureOn(EXAMPLE.droplet, { timeout: "5 seconds" }),
    ensureOff: skip(`shuts the active example droplet down, then ${NEVER_ENDS}`),
    waitForAction: skip(NEVER_ENDS)
  }),

  group("SSHKey", SSHKey, {
    "fetch (id)": SSHKey.fetch(EXAMPLE.sshKey),
    "fetch (fingerprint)": SSHKey.fetch(EXAMPLE.sshKeyFingerprint),
    stream: SSHKey.stream,
    fetchAll: SSHKey.fetchAll,
    create: SSHKey.create({ name: "My SSH Public Key", public_key: EXAMPLE.publicKey }),
    "update (id)": SSHKey.update(EXAMPLE.sshKey, { name: "Renamed SSH Key" }),
    "update (fingerprint)": SSHKey.update(EXAMPLE.sshKeyFingerprint, { name: "Renamed SSH Key" }),
    "delete (id)": SSHKey.delete(EXAMPLE.sshKey),
    "delete (fingerprint)": SSHKey.delete(EXAMPLE.sshKeyFingerprint)
  }),

  group("Domain", Domain, {
    fetch: Domain.fetch(EXAMPLE.domain),
    stream: Domain.stream,
    fetchAll: Domain.fetchAll,
    create: Domain.create({ name: EXAMPLE.domain, ip_address: "192.0.2.1" }),
    "create (no address)": Domain.create({ name: EXAMPLE.domain }),
    delete: Domain.delete(EXAMPLE.domain),
    domainName: skip("makes no request")
  }),

  group("DomainRecord", DomainRecord, {
    fetch: DomainRecord.fetch(EXAMPLE.domain, EXAMPLE.domainRecord),
    stream: DomainRecord.stream(EXAMPLE.domain),
    "stream (name and type)": DomainRecord.stream(EXAMPLE.domain, { name: "sub.example.com", type: "A" }),
    fetchAll: DomainRecord.fetchAll(EXAMPLE.domain),
    "create (A)": DomainRecord.create(EXAMPLE.domain, { type: "A", name: "www", data: "162.10.66.0", ttl: 1800 }),
    "create (AAAA)": DomainRecord.create(EXAMPLE.domain, { type: "AAAA", name: "www", data: "2001:db8::1" }),
    "create (CAA)": DomainRecord.create(EXAMPLE.domain, {
      type: "CAA",
      name: "@",
      data: "letsencrypt.org.",
      flags: 0,
      tag: "issue"
    }),
    "create (CNAME)": DomainRecord.create(EXAMPLE.domain, { type: "CNAME", name: "blog", data: "@" }),
    "create (MX)": DomainRecord.create(EXAMPLE.domain, { type: "MX", data: "mail.example.com.", priority: 10 }),
    "create (NS)": DomainRecord.create(EXAMPLE.domain, { type: "NS", name: "@", data: "ns1.digitalocean.com." }),
    "create (SOA)": DomainRecord.create(EXAMPLE.domain, { type: "SOA", ttl: 1800 }),
    "create (SRV)": DomainRecord.create(EXAMPLE.domain, {
      type: "SRV",
      name: "_sip._tcp",
      data: "sip.example.com.",
      priority: 0,
      port: 5060,
      weight: 5
    }),
    "create (TXT)": DomainRecord.create(EXAMPLE.domain, { type: "TXT", name: "@", data: "v=spf1 -all" }),
    update: DomainRecord.update(EXAMPLE.domain, EXAMPLE.domainRecord, {
      type: "A",
      name: "www",
      data: "162.10.66.1",
      ttl: 1800
    }),
    delete: DomainRecord.delete(EXAMPLE.domain, EXAMPLE.domainRecord)
  }),

  group("Tag", Tag, {
    fetch: known(MISTAKES.tagExample, Tag.fetch(EXAMPLE.tagName)),
    "fetch (with a colon)": known(MISTAKES.tagExample, Tag.fetch(EXAMPLE.tag)),
    stream: Tag.stream,
    fetchAll: Tag.fetchAll,
    create: Tag.create(EXAMPLE.tagName),
    delete: Tag.delete(EXAMPLE.tagName),
    tagResources: Tag.tagResources(EXAMPLE.tagName, [
      { resource_id: String(EXAMPLE.droplet), resource_type: "droplet" },
      { resource_id: String(EXAMPLE.image), resource_type: "image" },
      { resource_id: EXAMPLE.volumeId, resource_type: "volume" },
      { resource_id: EXAMPLE.volumeSnapshot, resource_type: "volume_snapshot" }
    ]),
    untagResources: Tag.untagResources(EXAMPLE.tagName, [{ resource_id: EXAMPLE.droplet, resource_type: "droplet" }]),
    actOnDroplets: known(MISTAKES.dropletActionsByTag, Tag.actOnDroplets(EXAMPLE.tag, { type: "power_cycle" })),
    powerCycleDroplets: known(MISTAKES.dropletActionsByTag, Tag.powerCycleDroplets(EXAMPLE.tag)),
    powerOnDroplets: known(MISTAKES.dropletActionsByTag, Tag.powerOnDroplets(EXAMPLE.tag)),
    powerOffDroplets: known(MISTAKES.dropletActionsByTag, Tag.powerOffDroplets(EXAMPLE.tag)),
    shutdownDroplets: known(MISTAKES.dropletActionsByTag, Tag.shutdownDroplets(EXAMPLE.tag)),
    enableIpv6Droplets: known(MISTAKES.dropletActionsByTag, Tag.enableIpv6Droplets(EXAMPLE.tag)),
    enableBackupsDroplets: known(MISTAKES.dropletActionsByTag, Tag.enableBackupsDroplets(EXAMPLE.tag)),
    disableBackupsDroplets: known(MISTAKES.dropletActionsByTag, Tag.disableBackupsDroplets(EXAMPLE.tag)),
    snapshotDroplets: known(MISTAKES.dropletActionsByTag, Tag.snapshotDroplets(EXAMPLE.tag)),
    "snapshotDroplets (name)": known(
      MISTAKES.dropletActionsByTag,
      Tag.snapshotDroplets(EXAMPLE.tag, "Nifty New Snapshot")
    ),
    tagName: skip("makes no request")
  }),

  group("Snapshot", Snapshot, {
    "fetch (droplet snapshot)": Snapshot.fetch(EXAMPLE.dropletSnapshot),
    "fetch (volume snapshot)": Snapshot.fetch(EXAMPLE.volumeSnapshot),
    stream: Snapshot.stream(),
    "stream (droplet)": Snapshot.stream({ resource_type: Snapshot.RESOURCE_DROPLET }),
    "stream (volume)": Snapshot.stream({ resource_type: Snapshot.RESOURCE_VOLUME }),
    fetchAll: Snapshot.fetchAll(),
    "delete (droplet snapshot)": Snapshot.delete(EXAMPLE.dropletSnapshot),
    "delete (volume snapshot)": Snapshot.delete(EXAMPLE.volumeSnapshot)
  }),

  group("Volume", Volume, {
    fetch: Volume.fetch(EXAMPLE.volumeId),
    stream: Volume.stream(),
    "stream (name and region)": Volume.stream({ name: EXAMPLE.volumeName, region: EXAMPLE.volumeRegion }),
    fetchAll: Volume.fetchAll(),
    fetchByName: Effect.flatMap(Volume.fetchByName(EXAMPLE.volumeName, EXAMPLE.volumeRegion), found),
    create: Volume.create({
      name: "ext4-example",
      size_gigabytes: 10,
      region: EXAMPLE.volumeRegion,
      description: "Block store for examples",
      tags: ["aninterestingtag"],
      filesystem_type: "ext4",
      filesystem_label: "ext4_volume_01"
    }),
    "create (from a snapshot)": Volume.create({
      name: "snapshot_example",
      size_gigabytes: 10,
      region: EXAMPLE.volumeRegion,
      snapshot_id: "b0798135-fb76-11eb-946a-0a58ac146f33",
      filesystem_type: "xfs",
      filesystem_label: "xfs_volume01"
    }),
    delete: Volume.delete(EXAMPLE.volumeId),
    removeByName: Volume.removeByName(EXAMPLE.volumeName, EXAMPLE.volumeRegion),
    snapshots: Volume.snapshots(EXAMPLE.volumeId),
    createSnapshot: Volume.createSnapshot(EXAMPLE.volumeId, { name: "big-data-snapshot1475261774", tags: ["web"] }),
    fetchSnapshot: Volume.fetchSnapshot(EXAMPLE.volumeSnapshot),
    removeSnapshot: Volume.removeSnapshot(EXAMPLE.volumeSnapshot),
    act: Volume.act(EXAMPLE.volumeId, { type: "detach", droplet_id: EXAMPLE.volumeDroplet }),
    attach: Volume.attach(EXAMPLE.volumeId, EXAMPLE.volumeDroplet),
    "attach (region and tags)": Volume.attach(EXAMPLE.volumeId, EXAMPLE.volumeDroplet, {
      region: EXAMPLE.volumeRegion,
      tags: ["aninterestingtag"]
    }),
    detach: Volume.detach(EXAMPLE.volumeId, EXAMPLE.volumeDroplet),
    "detach (region)": Volume.detach(EXAMPLE.volumeId, EXAMPLE.volumeDroplet, { region: EXAMPLE.volumeRegion }),
    attachByName: Volume.attachByName(EXAMPLE.volumeName, EXAMPLE.volumeDroplet, EXAMPLE.volumeRegion, {
      tags: ["aninterestingtag"]
    }),
    detachByName: Volume.detachByName(EXAMPLE.volumeName, EXAMPLE.volumeDroplet, EXAMPLE.volumeRegion),
    resize: Volume.resize(EXAMPLE.volumeId, 100),
    "resize (region)": Volume.resize(EXAMPLE.volumeId, 100, EXAMPLE.volumeRegion),
    resizeByName: Volume.resizeByName(EXAMPLE.volumeName, EXAMPLE.volumeRegion, 100),
    streamActions: Volume.streamActions(EXAMPLE.volumeId),
    fetchAllActions: Volume.fetchAllActions(EXAMPLE.volumeId),
    fetchLastAction: Volume.fetchLastAction(EXAMPLE.volumeId),
    fetchCurrentAction: Volume.fetchCurrentAction(EXAMPLE.volumeId),
    waitForAction: skip(NEVER_ENDS)
  }),

  group("Database", Database, {
    fetchOptions: Database.fetchOptions,
    fetch: Database.fetch(EXAMPLE.databaseCluster),
    stream: Database.stream(),
    "stream (tag)": Database.stream({ tag_name: "production" }),
    fetchAll: Database.fetchAll(),
    create: Database.create({
      name: "backend",
      engine: "pg",
      version: "14",
      num_nodes: 2,
      size: "db-s-2vcpu-4gb",
      region: "nyc3",
      tags: ["production"],
      storage_size_mib: 61440,
      rules: [{ type: "ip_addr", value: "192.168.1.1" }]
    }),
    resize: Database.resize(EXAMPLE.databaseCluster, { size: "db-s-4vcpu-8gb", num_nodes: 3 }),
    delete: Database.delete(EXAMPLE.databaseCluster),
    listDBs: Database.listDBs(EXAMPLE.databaseCluster),
    addDB: Database.addDB(EXAMPLE.databaseCluster, "alpha"),
    fetchDB: Database.fetchDB(EXAMPLE.databaseCluster, "alpha"),
    removeDB: Database.removeDB(EXAMPLE.databaseCluster, "alpha"),
    listUsers: Database.listUsers(EXAMPLE.databaseCluster),
    addUser: Database.addUser(EXAMPLE.databaseCluster, { name: "app-01" }),
    "addUser (mysql_settings)": Database.addUser(EXAMPLE.databaseCluster, {
      name: "app-02",
      mysql_settings: { auth_plugin: "mysql_native_password" }
    }),
    fetchUser: Database.fetchUser(EXAMPLE.databaseCluster, "app-01"),
    removeUser: Database.removeUser(EXAMPLE.databaseCluster, "app-01"),
    resetUserAuth: Database.resetUserAuth(EXAMPLE.databaseCluster, "app-01"),
    "resetUserAuth (mysql_settings)": Database.resetUserAuth(EXAMPLE.databaseCluster, "app-01", {
      mysql_settings: { auth_plugin: "caching_sha2_password" }
    }),
    listPools: Database.listPools(EXAMPLE.databaseCluster),
    addPool: Database.addPool(EXAMPLE.databaseCluster, {
      name: "backend-pool",
      mode: "transaction",
      size: 10,
      db: "defaultdb",
      user: "doadmin"
    }),
    fetchPool: Database.fetchPool(EXAMPLE.databaseCluster, "backend-pool"),
    updatePool: Database.updatePool(EXAMPLE.databaseCluster, "backend-pool", {
      mode: "session",
      size: 5,
      db: "defaultdb"
    }),
    removePool: Database.removePool(EXAMPLE.databaseCluster, "backend-pool"),
    fetchFirewallRules: Database.fetchFirewallRules(EXAMPLE.databaseCluster),
    updateFirewallRules: Database.updateFirewallRules(EXAMPLE.databaseCluster, [
      { type: "ip_addr", value: "192.168.1.1" },
      { type: "tag", value: "backend" }
    ]),
    listReplicas: Database.listReplicas(EXAMPLE.databaseCluster),
    createReplica: Database.createReplica(EXAMPLE.databaseCluster, {
      name: "read-nyc3-01",
      size: "db-s-2vcpu-4gb",
      region: "nyc3"
    }),
    fetchReplica: Database.fetchReplica(EXAMPLE.databaseCluster, "read-nyc3-01"),
    removeReplica: Database.removeReplica(EXAMPLE.databaseCluster, "read-nyc3-01"),
    promoteReplica: Database.promoteReplica(EXAMPLE.databaseCluster, "read-nyc3-01"),
    // The spec's replica example is online: the wait ends with its first poll.
    waitReplicaUntilOnline: Database.waitReplicaUntilOnline(EXAMPLE.databaseCluster, "read-nyc3-01"),
    waitAllReplicasUntilOnline: Database.waitAllReplicasUntilOnline(EXAMPLE.databaseCluster, ["read-nyc3-01"]),
    waitUntilOnline: skip(CLUSTER_CREATING),
    waitAllUntilOnline: skip(CLUSTER_CREATING)
  }),

  group("Kubernetes", Kubernetes, {
    fetch: Kubernetes.fetch(EXAMPLE.cluster),
    stream: Kubernetes.stream,
    fetchAll: Kubernetes.fetchAll,
    create: Kubernetes.create({
      name: "prod-cluster-01",
      region: "nyc1",
      version: "1.18.6-do.0",
      tags: ["production", "web-team"],
      node_pools: [
        { size: "s-1vcpu-2gb", count: 3, name: "frontend-pool", tags: ["frontend"] },
        {
          size: "g-4vcpu-16gb",
          count: 2,
          name: "backend-pool",
          labels: { service: "backend", priority: "high" },
          taints: [{ key: "priority", value: "high", effect: "NoSchedule" }],
          auto_scale: true,
          min_nodes: 2,
          max_nodes: 5
        }
      ],
      maintenance_policy: { start_time: "12:00", day: "any" },
      auto_upgrade: true,
      surge_upgrade: true,
      ha: true,
      isolated_workers: false,
      vpc_uuid: "c33931f2-a26a-4e61-b85c-4e95a2ec431b",
      control_plane_firewall: { enabled: true, allowed_addresses: ["1.2.3.4/32"] },
      cluster_autoscaler_configuration: { scale_down_utilization_threshold: 0.65, expanders: ["priority"] },
      routing_agent: { enabled: true }
    }),
    update: Kubernetes.update(EXAMPLE.cluster, {
      name: "prod-cluster-01",
      tags: ["production"],
      maintenance_policy: { start_time: "12:00", day: "sunday" },
      auto_upgrade: true,
      surge_upgrade: true
    }),
    delete: Kubernetes.delete(EXAMPLE.cluster),
    fetchOptions: Kubernetes.fetchOptions,
    fetchKubeconfig: Kubernetes.fetchKubeconfig(EXAMPLE.cluster, { expiry_seconds: 300 }),
    fetchCredentials: Kubernetes.fetchCredentials(EXAMPLE.cluster, { expiry_seconds: 300 }),
    fetchUser: Kubernetes.fetchUser(EXAMPLE.cluster),
    fetchUpgrades: Kubernetes.fetchUpgrades(EXAMPLE.cluster),
    upgrade: Kubernetes.upgrade(EXAMPLE.cluster, "1.16.13-do.0"),
    fetchNodePools: Kubernetes.fetchNodePools(EXAMPLE.cluster),
    fetchNodePool: Kubernetes.fetchNodePool(EXAMPLE.cluster, EXAMPLE.nodePool),
    addNodePool: Kubernetes.addNodePool(EXAMPLE.cluster, {
      size: "s-1vcpu-2gb",
      count: 3,
      name: "new-pool",
      tags: ["frontend"],
      auto_scale: true,
      min_nodes: 3,
      max_nodes: 6
    }),
    updateNodePool: Kubernetes.updateNodePool(EXAMPLE.cluster, EXAMPLE.nodePool, {
      name: "renamed-pool",
      count: 3,
      tags: ["new-tag"],
      labels: null
    }),
    removeNodePool: Kubernetes.removeNodePool(EXAMPLE.cluster, EXAMPLE.nodePool),
    removeNode: Kubernetes.removeNode(EXAMPLE.cluster, EXAMPLE.nodePool, EXAMPLE.node, {
      skip_drain: true,
      replace: true
    }),
    recycleNodes: Kubernetes.recycleNodes(EXAMPLE.cluster, EXAMPLE.nodePool, [EXAMPLE.node]),
    // The example cluster is running, and so are its nodes: these waits end at their first poll.
    waitUntilRunning: Kubernetes.waitUntilRunning(EXAMPLE.cluster, { timeout: "5 seconds" }),
    waitAllUntilRunning: Kubernetes.waitAllUntilRunning([EXAMPLE.cluster], { timeout: "5 seconds" })
  }),
  ...networking()
]

/** The groups of LoadBalancer, Firewall, VPC and Project (issue #13); a function, as `groups` is built at load. */
function networking(): ReadonlyArray<Group> {
  /** The ids of the spec's examples of load balancers, firewalls, VPCs and projects. */
  const NET = {
    lb: "4de7ac8b-495b-4884-9a69-1050c6793cd6",
    firewall: "bb4b2611-3d72-467b-8602-280330ecd65c",
    vpc: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
    project: "4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679"
  } as const
  const LB_NEW = "waits until active, and the spec's load balancer examples stay new forever"
  const NO_REQUEST = "makes no request"
  const rule = { entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 8080 } as const
  const lbOptions: LoadBalancer.CreateOptions = {
    name: "example-lb-01",
    region: EXAMPLE.region,
    forwarding_rules: [rule],
    droplet_ids: [EXAMPLE.droplet],
    size_unit: 1,
    health_check: { protocol: "http", port: 80, path: "/", check_interval_seconds: 10 },
    sticky_sessions: { type: "none" },
    redirect_http_to_https: false,
    http_idle_timeout_seconds: 60,
    vpc_uuid: EXAMPLE.vpc,
    firewall: { deny: ["ip:1.2.3.4"], allow: [] }
  }
  const ssh = { protocol: "tcp", ports: "22", sources: { addresses: ["0.0.0.0/0"], tags: ["gateway"] } } as const
  const out = { protocol: "tcp", ports: "80", destinations: { addresses: ["0.0.0.0/0", "::/0"] } } as const
  return [
    group("LoadBalancer", LoadBalancer, {
      fetch: LoadBalancer.fetch(NET.lb),
      stream: LoadBalancer.stream,
      fetchAll: LoadBalancer.fetchAll,
      create: LoadBalancer.create(lbOptions),
      "create (by tag)": LoadBalancer.create({ ...lbOptions, droplet_ids: undefined, tag: "prod:web" }),
      update: LoadBalancer.update(NET.lb, lbOptions),
      delete: LoadBalancer.delete(NET.lb),
      purgeCache: LoadBalancer.purgeCache(NET.lb),
      addDroplets: LoadBalancer.addDroplets(NET.lb, [EXAMPLE.droplet]),
      removeDroplets: LoadBalancer.removeDroplets(NET.lb, [EXAMPLE.droplet]),
      addForwardingRules: LoadBalancer.addForwardingRules(NET.lb, [rule]),
      removeForwardingRules: LoadBalancer.removeForwardingRules(NET.lb, [rule]),
      waitUntilActive: skip(LB_NEW),
      waitAllActive: skip(LB_NEW)
    }),
    group("Firewall", Firewall, {
      fetch: Firewall.fetch(NET.firewall),
      stream: Firewall.stream,
      fetchAll: Firewall.fetchAll,
      ofDroplet: Firewall.ofDroplet(EXAMPLE.droplet),
      create: Firewall.create({
        name: "firewall",
        inbound_rules: [ssh],
        outbound_rules: [out],
        droplet_ids: [EXAMPLE.droplet],
        tags: ["gateway"]
      }),
      update: Firewall.update(NET.firewall, { name: "frontend-firewall", inbound_rules: [ssh], tags: ["frontend"] }),
      delete: Firewall.delete(NET.firewall),
      addDroplets: Firewall.addDroplets(NET.firewall, [EXAMPLE.droplet]),
      removeDroplets: Firewall.removeDroplets(NET.firewall, [EXAMPLE.droplet]),
      addTags: Firewall.addTags(NET.firewall, ["frontend"]),
      removeTags: Firewall.removeTags(NET.firewall, ["frontend"]),
      addRules: Firewall.addRules(NET.firewall, { inbound_rules: [ssh], outbound_rules: [out] }),
      removeRules: Firewall.removeRules(NET.firewall, { outbound_rules: [out] }),
      // Fetches the example firewall, then removes and adds rules: both bodies are checked.
      ensureRules: Firewall.ensureRules(NET.firewall, { inbound_rules: [ssh] }),
      ruleKey: skip(NO_REQUEST)
    }),
    group("VPC", VPC, {
      fetch: VPC.fetch(NET.vpc),
      stream: VPC.stream,
      fetchAll: VPC.fetchAll,
      fetchDefault: Effect.flatMap(VPC.fetchDefault("nyc1"), found),
      create: VPC.create({ name: "env.prod-vpc", region: "nyc1", description: "VPC", ip_range: "10.10.10.0/24" }),
      update: VPC.update(NET.vpc, { name: "env.prod-vpc", description: "VPC", default: true }),
      patch: VPC.patch(NET.vpc, { description: "VPC for production" }),
      delete: VPC.delete(NET.vpc),
      members: VPC.members(NET.vpc),
      "members (resource_type)": VPC.members(NET.vpc, { resource_type: "droplet" }),
      fetchAllMembers: VPC.fetchAllMembers(NET.vpc)
    }),
    group("Project", Project, {
      fetch: Project.fetch(NET.project),
      fetchDefault: Project.fetchDefault,
      stream: Project.stream,
      fetchAll: Project.fetchAll,
      create: Project.create({ name: "my-web-api", purpose: "Service or API", environment: "Production" }),
      update: Project.update(NET.project, {
        name: "my-web-api",
        description: "My website API",
        purpose: "Service or API",
        environment: "Production",
        is_default: false
      }),
      patch: Project.patch(NET.project, { name: "my-web-api" }),
      patchDefault: Project.patchDefault({ name: "my-web-api" }),
      updateDefault: Project.updateDefault({
        name: "Default",
        description: "Default project",
        purpose: "Just trying out DigitalOcean",
        environment: "Development",
        is_default: true
      }),
      delete: Project.delete(NET.project),
      resources: Project.resources(NET.project),
      fetchAllResources: Project.fetchAllResources(NET.project),
      defaultResources: Project.defaultResources,
      assign: Project.assign(NET.project, [Project.urnOf("droplet", EXAMPLE.droplet), "do:domain:example.com"]),
      assignDefault: Project.assignDefault([`do:floatingip:${EXAMPLE.ip}`]),
      urn: skip(NO_REQUEST),
      urnOf: skip(NO_REQUEST),
      parseUrn: skip(NO_REQUEST)
    })
  ]
}

/**
 * Modules of the index that need no group of their own: those that hold no API operation (configuration, errors,
 * rate-limit snapshots), and `ActionModel`, whose every export is re-exported by `Action` and run in its group. Every
 * other module of `@doapi/core` must have a group.
 */
export const notResources: ReadonlyArray<string> = ["DoConfig", "DoError", "RateLimit", "ActionModel"]
