/**
 * The `doapi` command as a program: `run(args)` parses the arguments, runs the command on the HttpClient it is
 * given (`FetchHttpClient` in the binary, a fake in tests) and the Host (streams, environment), and returns the exit
 * code. It never fails: usage errors, API errors, timeouts and errored actions are one line on stderr and a code.
 *
 * @internal
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Span from "@effect/cli/HelpDoc/Span"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Action from "./commands/action.js"
import * as Api from "./commands/api.js"
import * as Domain from "./commands/domain.js"
import * as Droplet from "./commands/droplet.js"
import * as Image from "./commands/image.js"
import * as Info from "./commands/info.js"
import * as Ip from "./commands/ip.js"
import * as Snapshot from "./commands/snapshot.js"
import * as SshKey from "./commands/sshkey.js"
import * as Tag from "./commands/tag.js"
import * as Volume from "./commands/volume.js"
import * as Common from "./common.js"
import * as Environment from "./environment.js"
import { CommandFailure, EXIT, ExitStatus } from "./errors.js"
import { Host } from "./host.js"

/** The version printed by `--version`. @internal */
export const VERSION = "0.1.0"

/** @internal */
export const root = Command.make("doapi").pipe(
  Command.withDescription(HelpDoc.blocks([
    HelpDoc.p(
      "DigitalOcean from the shell. Every command prints JSON, one object a line, as results arrive (pipe it to " +
        "jq), or a table with --format table. Droplets, images and SSH keys are named by ID, slug or " +
        "fingerprint, or name. The token comes from --api-token, --api-token-file, $DIGITALOCEAN_TOKEN, " +
        "$DO_API_TOKEN or ~/.doapi."
    ),
    HelpDoc.p(
      "Exit codes: 0 done; 1 an action errored; 2 bad usage (unknown option, no token, a name that matches " +
        "nothing or too much); 3 a wait ran out of time (what is unfinished is printed); 4 the API failed."
    ),
    HelpDoc.p("Examples:"),
    HelpDoc.p("  $ doapi droplet new --image ubuntu-24-04-x64 --size s-1vcpu-1gb --region nyc3 --wait web-1"),
    HelpDoc.p("    creates a droplet and prints it once it is active"),
    HelpDoc.p("  $ doapi droplet show | jq -r '.name + \" \" + .status'"),
    HelpDoc.p("    every droplet's name and status"),
    HelpDoc.p("  $ doapi droplet show --help"),
    HelpDoc.p("    the options of one command")
  ])),
  Command.withSubcommands([
    Droplet.command,
    Image.command,
    Ip.reservedIp,
    Ip.floatingIp,
    SshKey.command,
    Domain.command,
    Tag.command,
    Volume.command,
    Snapshot.command,
    Action.command,
    Info.account,
    Info.region,
    Info.size,
    Info.request,
    Api.command
  ])
)

// @effect/cli's built-in options are hidden (--wizard needs a terminal that reads, --log-level has nothing to log):
// these are listed after the command's own.
const footer = HelpDoc.blocks([
  HelpDoc.h1("GLOBAL OPTIONS"),
  HelpDoc.descriptionList([
    [Span.text("-h, --help"), HelpDoc.p("Shows the help of any command.")],
    [Span.text("--version"), HelpDoc.p("Prints the version.")],
    [
      Span.text("--completions (bash | zsh | fish | sh)"),
      HelpDoc.p("Prints a shell completion script, e.g. doapi --completions bash > /etc/bash_completion.d/doapi.")
    ]
  ])
])

const commands: ReadonlyArray<readonly [string, string]> = [
  ["droplet", "droplets: show, create, act on (power, resize, snapshot, ...), wait for, tag and delete them"],
  ["image", "images: distributions, applications, your snapshots and backups"],
  ["reserved-ip", "reserved IPs: create, assign, unassign, delete"],
  ["floating-ip", "the same, by their former name"],
  ["ssh-key", "SSH keys on the account"],
  ["domain", "domains and their DNS records"],
  ["tag", "tags"],
  ["volume", "block storage volumes: create, attach, detach, resize, snapshot"],
  ["snapshot", "snapshots of droplets and volumes"],
  ["action", "actions: show them, wait for them, fetch what they acted on"],
  ["account", "the account, or its rate limit"],
  ["region", "the regions"],
  ["size", "the droplet sizes"],
  ["request", "any request to the API, e.g. one no command covers yet"],
  ["api", "any operation of the API by tag and name: doapi api lists them"]
]

/** `doapi --help`: the commands in a few lines (@effect/cli's own would list every subcommand's usage). */
const rootHelp = `doapi ${VERSION}: DigitalOcean from the shell

USAGE
  doapi <command> <subcommand> [options] [arguments]

COMMANDS
${commands.map(([name, what]) => `  ${name.padEnd(13)}${what}`).join("\n")}

  doapi <command> --help lists a command's subcommands; doapi <command> <subcommand> --help, its options
  and an example.

OUTPUT
  JSON, one object a line, printed as each result arrives (pipe it to jq); --format table for people.
  Droplets, images, SSH keys, volumes and snapshots are named by ID, slug or fingerprint, or name;
  -M/--multiple lets a name stand for all it matches.

TOKEN
  --api-token, --api-token-file, $DIGITALOCEAN_TOKEN, $DO_API_TOKEN or ~/.doapi, in that order;
  --endpoint (or $DIGITALOCEAN_ENDPOINT) and --timeout SECONDS.

WAITING
  -w/--wait waits for the actions a command starts, printing each result as it finishes, with a progress
  line when stderr is a terminal; --wait-time SECONDS (default ${Common.DEFAULT_WAIT_TIME}; negative: forever), --wait-interval.

EXIT CODES
  0 done; 1 an action errored; 2 bad usage (unknown option, no token, a name that matches nothing or too
  much); 3 a wait ran out of time (what is unfinished is printed); 4 the API failed.

EXAMPLES
  $ doapi droplet new --image ubuntu-24-04-x64 --size s-1vcpu-1gb --region nyc3 --wait web-1
    creates a droplet and prints it once it is active
  $ doapi droplet show | jq -r '.name + " " + .status'
    every droplet's name and status
  $ doapi droplet power-off --tag staging --wait
    powers off every droplet tagged staging, and waits

OTHER OPTIONS
  --version                          prints the version
  --completions bash|zsh|fish|sh     prints a shell completion script
`

/** One line for what @effect/cli says about bad usage. */
const usageLine = (error: ValidationError.ValidationError): string => {
  const text = Environment.stripAnsi(HelpDoc.toAnsiText(error.error))
  const line = text.split("\n").map((line) => line.trim()).find((line) => line.length > 0) ?? "bad usage"
  const unknown = /^Received unknown argument: '(.*)'$/.exec(line)
  if (unknown !== null) {
    const argument = unknown[1]!
    return argument.startsWith("-")
      ? `unknown option ${argument} (see --help), or an option given twice or without its value`
      : `unexpected argument ${JSON.stringify(argument)} (see --help)`
  }
  return line
}

// @effect/cli's help says what type each option is and that it is optional (the descriptions say what matters), and
// lists every command with the options all commands share: left out, so the help shows what is particular.
const editHelp = (args: ReadonlyArray<string>) => (text: string): string =>
  text
    // The usage line names the whole command, not only the last word.
    .replace(/^doapi\n\ndoapi (\S+)\n\nUSAGE\n\n\$ \S+/, (_, version) => {
      const path = args.slice(0, args.findIndex((arg) => arg.startsWith("-")) >>> 0).join(" ")
      return `doapi ${version}\n\nUSAGE\n\n$ doapi ${path}`
    })
    .replace(
      /\n *(A user-defined piece of text( that is confidential)?\.|This setting is optional\.|A floating point number\.|An integer\.|A true or false value\.|One of the following: [^\n]*)\n/g,
      ""
    )
    .replace(
      / ?\[--api-token( TOKEN)?\] \[--api-token-file( FILE)?\] \[--endpoint( URL)?\] \[--timeout( SECONDS)?\] \[--format( json \| table)?\]/g,
      " [options]"
    )
    .replace(/ ?\[\(-w, --wait\)\] \[--wait-time( SECONDS)?\] \[--wait-interval( SECONDS)?\]/g, " [wait options]")
    .replace(/[ \u00a0]+\n/g, "\n")

const cli = Command.run(root, { name: "doapi", version: VERSION, executable: "doapi", footer })

/**
 * Runs `doapi` with `args` (without the node and script paths) and returns its exit code.
 *
 * @internal
 */
export const run = (args: ReadonlyArray<string>): Effect.Effect<number, never, Host | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const host = yield* Host
    if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
      host.stdout(rootHelp)
      return 0
    }
    const status = yield* Ref.make(0)
    return yield* Environment.withQuietErrors(cli(["node", "doapi", ...args]), editHelp(args)).pipe(
      Effect.provideService(ExitStatus, status),
      Effect.provide(Layer.merge(Environment.layer, CliConfig.layer({ showBuiltIns: false, showTypes: false }))),
      Effect.zipRight(Ref.get(status)),
      Effect.catchAll((error) => {
        const failure = ValidationError.isValidationError(error)
          ? new CommandFailure({ message: usageLine(error), exitCode: EXIT.usage })
          : error instanceof CommandFailure
          ? error
          : new CommandFailure({ message: String(error), exitCode: 1 })
        return Effect.sync(() => {
          host.stderr(`doapi: ${failure.message}\n`)
          return failure.exitCode
        })
      })
    )
  })
