/**
 * What a fresh fake holds: DigitalOcean-like regions, sizes and distribution images, and an account.
 *
 * @internal
 */
import type { Json } from "./store.js"

const regionNames: Record<string, string> = {
  nyc1: "New York 1",
  nyc3: "New York 3",
  sfo3: "San Francisco 3",
  ams3: "Amsterdam 3",
  fra1: "Frankfurt 1",
  lon1: "London 1",
  sgp1: "Singapore 1",
  tor1: "Toronto 1",
  blr1: "Bangalore 1",
  syd1: "Sydney 1"
}

/** Region slugs, all within the spec's `region_slug` enum (so responses validate). */
export const regionSlugs: ReadonlyArray<string> = Object.keys(regionNames)

const sizeSpecs: ReadonlyArray<
  readonly [
    slug: string,
    memory: number,
    vcpus: number,
    disk: number,
    transfer: number,
    monthly: number,
    description: string
  ]
> = [
  ["s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4, "Basic"],
  ["s-1vcpu-1gb", 1024, 1, 25, 1, 6, "Basic"],
  ["s-1vcpu-2gb", 2048, 1, 50, 2, 12, "Basic"],
  ["s-2vcpu-2gb", 2048, 2, 60, 3, 18, "Basic"],
  ["s-2vcpu-4gb", 4096, 2, 80, 4, 24, "Basic"],
  ["s-4vcpu-8gb", 8192, 4, 160, 5, 48, "Basic"],
  ["g-2vcpu-8gb", 8192, 2, 25, 4, 63, "General Purpose"],
  ["c-2", 4096, 2, 25, 4, 42, "CPU-Optimized"],
  ["m-2vcpu-16gb", 16384, 2, 50, 4, 84, "Memory-Optimized"]
]

export const sizes = (): Array<Json> =>
  sizeSpecs.map(([slug, memory, vcpus, disk, transfer, monthly, description]) => ({
    slug,
    memory,
    vcpus,
    disk,
    transfer,
    price_monthly: monthly,
    price_hourly: Math.round((monthly / 672) * 1e6) / 1e6,
    regions: [...regionSlugs],
    available: true,
    description,
    disk_info: [{ type: "local", size: { amount: disk, unit: "gib" } }]
  }))

export const regions = (): Array<Json> =>
  regionSlugs.map((slug) => ({
    name: regionNames[slug],
    slug,
    features: ["backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"],
    available: true,
    sizes: sizeSpecs.map(([s]) => s)
  }))

const imageSpecs: ReadonlyArray<readonly [id: number, slug: string, distribution: string, name: string]> = [
  [159651797, "ubuntu-24-04-x64", "Ubuntu", "24.04 (LTS) x64"],
  [129211873, "ubuntu-22-04-x64", "Ubuntu", "22.04 (LTS) x64"],
  [162327396, "debian-12-x64", "Debian", "12 x64"],
  [155765101, "fedora-40-x64", "Fedora", "40 x64"],
  [163117856, "centos-stream-9-x64", "CentOS", "Stream 9 x64"],
  [161003291, "rockylinux-9-x64", "Rocky Linux", "9 x64"]
]

export const images = (createdAt: string): Array<Json> =>
  imageSpecs.map(([id, slug, distribution, name]) => ({
    id,
    name,
    type: "base",
    distribution,
    slug,
    public: true,
    regions: [...regionSlugs],
    created_at: createdAt,
    min_disk_size: 7,
    size_gigabytes: 2.36,
    description: `${distribution} ${name}`,
    tags: [],
    status: "available",
    error_message: ""
  }))

export const account = (): Json => ({
  droplet_limit: 25,
  floating_ip_limit: 5,
  email: "sammy@example.com",
  name: "Sammy the Shark",
  uuid: "b6fr89dbf6d9156cace5f3c78dc9851d957381ef",
  email_verified: true,
  status: "active",
  status_message: ""
})
