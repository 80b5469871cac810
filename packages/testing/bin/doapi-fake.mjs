#!/usr/bin/env node
// The `doapi-fake` command: serves a fake DigitalOcean API on loopback. Its sources are TypeScript; tsx loads them.
import { register } from "tsx/esm/api"

register()
await import("../src/bin.ts")
