/**
 * A copy of @doapi/core's Droplet schema (with Image, Size, Region, Networks, ...), built with switches, to find
 * where decoding time goes: Schema.Class vs Schema.Struct, `openEnum` as String (as core) vs a union of literals and
 * String (as core had it first), `orNull` and the `[]` defaults as `optionalWith`'s default (a struct
 * transformation, core's first version) vs a constructor default (as core) vs no default, and the class built by
 * `Schema.Class`'s own decoding vs core's `Class` (one copy of the decoded fields). The decoding scenario runs the
 * copy as it is beside the real schema, so a drift between the two shows in the table.
 */
import { Image as CoreImage } from "@doapi/core"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

export interface Switches {
  /** Models as Schema.Class (as core) or Schema.Struct. */
  readonly classes: boolean
  /** `openEnum(...)` as a union of literals and String (core's first version), or plain String (as core now). */
  readonly openEnum: boolean
  /** `orNull` and the `[]` defaults with a default (as core), or `optional(...)` without the default. */
  readonly nullDefault: boolean
  /**
   * How a default is given: `optionalWith`'s `default` (a struct transformation: core's first version) or a
   * constructor default on a plain optional key, filled in by the class's constructor (as core now).
   */
  readonly defaultAs: "transformation" | "constructor"
  /** Instances built by Schema.Class's decoding (its constructor) or directly (core's `Class`, as core now). */
  readonly construct: "schema" | "direct"
}

export const core: Switches = {
  classes: true,
  openEnum: false,
  nullDefault: true,
  defaultAs: "constructor",
  construct: "direct"
}

/** A copy of core's `internal/schema.ts` `Class`: decoding builds the instance with one copy of the fields. */
const directClass = (identifier: string, fields: Schema.Struct.Fields): any => {
  const Base: any = Schema.Class<any>(identifier)(fields)
  const defaults: Array<readonly [PropertyKey, () => unknown]> = []
  for (const key of Reflect.ownKeys(fields)) {
    const field = fields[key]
    if (!Schema.isPropertySignature(field)) continue
    const ast = field.ast
    const value = ast._tag === "PropertySignatureDeclaration" ? ast.defaultValue : ast.to.defaultValue
    if (value !== undefined) defaults.push([key, value])
  }
  const cache = new WeakMap<object, AST.AST>()
  return class extends Base {
    static get ast(): AST.AST {
      let ast = cache.get(this)
      if (ast !== undefined) return ast
      const original = Reflect.get(Base, "ast", this) as AST.Transformation
      const Instance = function(this: any, props: object) {
        Object.assign(this, props)
      } as any
      Instance.prototype = this.prototype
      const construct = (props: object) => {
        const self = new Instance(props)
        for (const [key, value] of defaults) if (self[key] === undefined) self[key] = value()
        return ParseResult.succeed(self)
      }
      ast = new AST.Transformation(
        original.from,
        original.to,
        new AST.FinalTransformation(construct, (original.transformation as AST.FinalTransformation).encode),
        original.annotations
      )
      cache.set(this, ast)
      return ast
    }
  }
}

export const dropletArray = (switches: Switches): Schema.Schema<ReadonlyArray<unknown>, ReadonlyArray<unknown>> => {
  const openEnum = (...literals: Array<string>): Schema.Schema<string> =>
    switches.openEnum ? Schema.Union(Schema.Literal(...literals), Schema.String) : Schema.String
  const withDefault = <A, I>(schema: Schema.Schema<A, I>, value: () => A) =>
    !switches.nullDefault
      ? Schema.optional(schema)
      : switches.defaultAs === "transformation"
      ? Schema.optionalWith(schema, { default: value })
      : Schema.optional(schema).pipe(Schema.withConstructorDefault(value))
  const orNull = <A, I>(schema: Schema.Schema<A, I>) => withDefault(Schema.NullOr(schema), () => null)
  let n = 0
  const model = (fields: Schema.Struct.Fields): Schema.Schema<any, any> =>
    (!switches.classes
      ? Schema.Struct(fields)
      : switches.construct === "direct"
      ? directClass(`bench/Replica${n++}`, fields)
      : Schema.Class<any>(`bench/Replica${n++}`)(fields)) as any

  const Amount = model({ amount: Schema.Int, unit: Schema.String })
  const DiskInfo = model({ type: openEnum("local", "boot", "scratch"), size: Amount })
  const GpuInfo = model({ count: Schema.Int, model: Schema.String, vram: Amount })
  const Size = model({
    available: Schema.Boolean,
    disk: Schema.Int,
    memory: Schema.Int,
    price_hourly: Schema.Number,
    price_monthly: Schema.Number,
    regions: Schema.Array(Schema.String),
    slug: Schema.String,
    transfer: Schema.Number,
    vcpus: Schema.Int,
    description: Schema.String,
    disk_info: Schema.optional(Schema.Array(DiskInfo)),
    gpu_info: Schema.optional(GpuInfo)
  })
  const Region = model({
    available: Schema.Boolean,
    features: Schema.Array(Schema.String),
    name: Schema.String,
    sizes: Schema.Array(Schema.String),
    slug: Schema.String
  })
  const Image = model({
    id: Schema.Int,
    name: Schema.optional(Schema.String),
    type: Schema.optional(openEnum("base", "snapshot", "backup", "custom", "admin")),
    distribution: Schema.optional(
      openEnum(...CoreImage.DISTRIBUTIONS)
    ),
    slug: orNull(Schema.String),
    public: Schema.optional(Schema.Boolean),
    regions: Schema.optional(Schema.Array(Schema.String)),
    created_at: Schema.optional(Schema.DateTimeUtc),
    min_disk_size: Schema.optional(Schema.NullOr(Schema.Int)),
    size_gigabytes: Schema.optional(Schema.NullOr(Schema.Number)),
    description: Schema.optional(Schema.String),
    tags: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
    status: Schema.optional(openEnum("NEW", "available", "pending", "deleted", "retired")),
    error_message: Schema.optional(Schema.String)
  })
  const Kernel = model({ id: Schema.Int, name: Schema.String, version: Schema.String })
  const BackupWindow = model({ start: Schema.DateTimeUtc, end: Schema.DateTimeUtc })
  const NetworkV4 = model({
    ip_address: Schema.String,
    netmask: Schema.String,
    gateway: Schema.optional(Schema.String),
    type: openEnum("public", "private")
  })
  const NetworkV6 = model({
    ip_address: Schema.String,
    netmask: Schema.Int,
    gateway: Schema.String,
    type: openEnum("public")
  })
  const Networks = model({
    v4: withDefault(Schema.Array(NetworkV4), () => []),
    v6: withDefault(Schema.Array(NetworkV6), () => [])
  })
  const Droplet = model({
    id: Schema.Int,
    name: Schema.String,
    memory: Schema.Int,
    vcpus: Schema.Int,
    disk: Schema.Int,
    disk_info: Schema.optional(Schema.Array(DiskInfo)),
    locked: Schema.Boolean,
    status: openEnum("new", "active", "off", "archive"),
    kernel: orNull(Kernel),
    created_at: Schema.DateTimeUtc,
    features: Schema.Array(Schema.String),
    backup_ids: Schema.Array(Schema.Int),
    next_backup_window: orNull(BackupWindow),
    snapshot_ids: Schema.Array(Schema.Int),
    image: Image,
    volume_ids: Schema.Array(Schema.String),
    size: Size,
    size_slug: Schema.String,
    networks: Networks,
    region: Region,
    tags: Schema.Array(Schema.String),
    vpc_uuid: Schema.optional(Schema.String),
    gpu_info: Schema.optional(GpuInfo)
  })
  return Schema.Array(Droplet)
}
