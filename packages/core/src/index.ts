/**
 * The entry point of `@doapi/core`, a typed, Effect-native client for the DigitalOcean API v2. Every module is
 * re-exported here as a namespace (`import { Account, DoConfig, Droplet } from "@doapi/core"`), and each is also
 * importable on its own (`@doapi/core/Droplet`).
 *
 * @since 0.1.0
 */

/**
 * The account the token belongs to.
 *
 * @since 0.1.0
 */
export * as Account from "./Account.js"

/**
 * Actions: the changes made to droplets, images, IPs and volumes, and waiting for them to finish.
 *
 * @since 0.1.0
 */
export * as Action from "./Action.js"

/**
 * The Action resource on its own (the model, fetching, listing, waiting), which the resource modules build on.
 * Everything in it is also in `Action`: import from there.
 *
 * @since 0.2.0
 */
export * as ActionModel from "./ActionModel.js"

/**
 * Freeform access, as doapi's `request()` and `paginate()`: for endpoints the typed modules do not cover yet. Same
 * auth, retries, rate-limit tracking, errors and pagination as every typed call.
 *
 * @since 0.1.0
 */
export * as Api from "./Api.js"

/**
 * The configuration every API call reads: the token, the endpoint, timeouts, waiting defaults, paging and retries.
 *
 * @since 0.1.0
 */
export * as DoConfig from "./DoConfig.js"

/**
 * The failures of doapi: `DOAPIError` for anything that went wrong talking to the API, `WaitTimeoutError` when a
 * wait runs out of time. (`ActionError`, for an errored action, lives in `Action`.)
 *
 * @since 0.1.0
 */
export * as DoError from "./DoError.js"

/**
 * Droplets: DigitalOcean's virtual machines.
 *
 * @since 0.1.0
 */
export * as Droplet from "./Droplet.js"

/**
 * Floating IPs: the former name of reserved IPs; the `/v2/floating_ips` paths are still live.
 *
 * @since 0.1.0
 */
export * as FloatingIP from "./FloatingIP.js"

/**
 * Images: distributions, applications, snapshots, backups and custom images.
 *
 * @since 0.1.0
 */
export * as Image from "./Image.js"

/**
 * DigitalOcean's rate limits: every response carries `ratelimit-limit`, `ratelimit-remaining` and
 * `ratelimit-reset`; the latest snapshot is kept and is on every error.
 *
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * Regions: the datacenters droplets can live in.
 *
 * @since 0.1.0
 */
export * as Region from "./Region.js"

/**
 * Reserved IPs: static IPv4 addresses that can be moved between droplets.
 *
 * @since 0.1.0
 */
export * as ReservedIP from "./ReservedIP.js"

/**
 * Sizes: the amounts of memory, CPU and disk a droplet can have, and their prices.
 *
 * @since 0.1.0
 */
export * as Size from "./Size.js"

/**
 * Snapshots: the saved copies of droplets and volumes, both managed through `/v2/snapshots`.
 *
 * @since 0.1.0
 */
export * as Snapshot from "./Snapshot.js"

/**
 * Volumes: block storage that attaches to droplets.
 *
 * @since 0.1.0
 */
export * as Volume from "./Volume.js"

/**
 * SSH keys: the public keys of the account (`/v2/account/keys`), to embed into droplets at creation.
 *
 * DigitalOcean allows only 10 `GET /v2/account/keys` per minute: a listing here costs one request per 200 keys
 * (the default `perPage`) and nothing else.
 *
 * @since 0.1.0
 */
export * as SSHKey from "./SSHKey.js"

/**
 * Domains: the DNS zones DigitalOcean's name servers serve (their records are in `DomainRecord`).
 *
 * @since 0.1.0
 */
export * as Domain from "./Domain.js"

/**
 * Domain records: the DNS records of a domain (`/v2/domains/{domain_name}/records`).
 *
 * A record does not know its domain (the API's object does not carry it), so every function here takes the domain
 * explicitly, as a `Domain` or its name, before the record (a `DomainRecord` or its id).
 *
 * @since 0.1.0
 */
export * as DomainRecord from "./DomainRecord.js"

/**
 * Tags: labels on droplets, images, volumes, volume snapshots and databases; tagging and untagging resources; and
 * acting on every droplet with a tag at once.
 *
 * @since 0.1.0
 */
export * as Tag from "./Tag.js"

/**
 * Load balancers: creating, updating and deleting them, their droplets and forwarding rules, and waiting until one is active.
 *
 * @since 0.3.0
 */
export * as LoadBalancer from "./LoadBalancer.js"

/**
 * Cloud firewalls: their rules, droplets and tags, and holding exactly a given set of rules.
 *
 * @since 0.3.0
 */
export * as Firewall from "./Firewall.js"

/**
 * VPCs: private networks in a region, and their members.
 *
 * @since 0.3.0
 */
export * as VPC from "./VPC.js"

/**
 * Projects: grouping resources, and assigning resources to them.
 *
 * @since 0.3.0
 */
export * as Project from "./Project.js"

/**
 * Kubernetes clusters: node pools, kubeconfig and credentials, upgrades, and waiting until a cluster is running.
 *
 * @since 0.3.0
 */
export * as Kubernetes from "./Kubernetes.js"

/**
 * Managed databases: clusters, databases, users, connection pools, firewall rules and replicas, and waiting until a cluster is online.
 *
 * @since 0.3.0
 */
export * as Database from "./Database.js"

/**
 * App Platform: apps, deployments and logs, and waiting for a deployment to be active.
 *
 * @since 0.3.0
 */
export * as App from "./App.js"
