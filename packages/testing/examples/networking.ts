/**
 * The README's networking example: a VPC with two web droplets in it, a load balancer in front of them waited on
 * until active, a firewall that lets only the load balancer (and SSH from inside the VPC) in, and a project holding
 * it all. Run twice, the firewall step changes nothing the second time.
 */
import { Droplet, Firewall, LoadBalancer, Project, VPC } from "@doapi/core"
import type { DoConfig } from "@doapi/core"
import type { HttpClient } from "@effect/platform"
import { Console, Effect } from "effect"

export const networking: Effect.Effect<string, never, HttpClient.HttpClient | DoConfig.DoConfig> = Effect.gen(
  function*() {
    const vpc = yield* VPC.create({ name: "shop-net", region: "nyc3", ip_range: "10.20.0.0/24" })
    const created = yield* Droplet.createMultiple({
      names: ["shop-web-1", "shop-web-2"],
      region: "nyc3",
      size: "s-1vcpu-1gb",
      image: "ubuntu-24-04-x64",
      vpc_uuid: vpc.id,
      tags: ["shop-web"]
    })
    const droplets = yield* Effect.forEach(created.droplets, (droplet) => Droplet.wait(droplet, { status: "active" }))

    const lb = yield* LoadBalancer.create({
      name: "shop-lb",
      region: "nyc3",
      vpc_uuid: vpc.id,
      forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 8080 }],
      health_check: { protocol: "http", port: 8080, path: "/health" },
      tag: "shop-web"
    })
    // A minute or two on DigitalOcean: poll every 10 seconds, give up after 10 minutes.
    const active = yield* LoadBalancer.waitUntilActive(lb, { interval: "10 seconds", timeout: "10 minutes" })
    yield* Console.log(`load balancer ${active.name}: ${active.ip} -> ${active.droplet_ids.length} droplets`)

    const firewall = yield* Firewall.create({
      name: "shop-web",
      inbound_rules: [{ protocol: "tcp", ports: "22", sources: { addresses: ["0.0.0.0/0"] } }],
      tags: ["shop-web"]
    })
    const rules: Firewall.Rules = {
      inbound_rules: [
        { protocol: "tcp", ports: "8080", sources: { load_balancer_uids: [active.id] } },
        { protocol: "tcp", ports: "22", sources: { addresses: [vpc.ip_range] } }
      ],
      outbound_rules: [{ protocol: "tcp", ports: "all", destinations: { addresses: ["0.0.0.0/0", "::/0"] } }]
    }
    for (const run of [1, 2]) {
      const ensured = yield* Firewall.ensureRules(firewall, rules)
      const { added, removed } = ensured
      yield* Console.log(
        `firewall, run ${run}: ${added.inbound_rules.length + added.outbound_rules.length} added, ` +
          `${removed.inbound_rules.length + removed.outbound_rules.length} removed`
      )
    }

    const project = yield* Project.create({ name: "shop", purpose: "Web Application", environment: "Production" })
    yield* Project.assign(project, [...droplets, active])
    const resources = yield* Project.fetchAllResources(project)
    return `project ${project.name}: ${resources.map((resource) => resource.urn.split(":")[1]).join(", ")}`
  }
).pipe(
  Effect.catchTags({
    DOAPIError: (error) => Effect.succeed(`the API said no: ${error.message}`),
    WaitTimeoutError: (error) => Effect.succeed(`gave up waiting: ${error.message}`),
    LoadBalancerError: (error) => Effect.succeed(`the load balancer failed: ${error.message}`)
  })
)
