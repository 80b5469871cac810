/**
 * Run settings: the full run (`pnpm bench`) and the quick pass (`pnpm bench:quick`, for CI: fewer rounds and smaller
 * sizes, so the harness never rots).
 */
export interface Settings {
  readonly quick: boolean
  /** Measured rounds per scenario (after one warm-up round). */
  readonly rounds: number
  /** `pairs`: back-to-back runs of doapi and Effect's HttpClient alone per transport, for the ratio between them. */
  readonly overhead: { readonly requests: number; readonly warmup: number; readonly pairs: number }
  readonly listing: { readonly droplets: number; readonly latencyMs: number; readonly rounds: number }
  readonly decoding: { readonly droplets: number; readonly iterations: number }
  readonly waiting: {
    readonly actions: number
    readonly withinMs: number
    readonly intervalMs: number
    readonly latencyMs: number
    readonly rounds: number
  }
  readonly memory: { readonly small: number; readonly large: number; readonly rounds: number }
  /** (a) of #11: many actions waited on within the budget, under TestClock. */
  readonly waitBudget: {
    readonly actions: number
    readonly withinMs: number
    readonly intervalMs: number
    readonly latencyMs: number
  }
}

/**
 * The client's rate budget in the scenarios whose fake has no rate limit (1e12 a minute and an hour): the same, so
 * pacing's bookkeeping runs on every request (its cost is measured) but never holds one back. Scenario 8 measures
 * pacing itself, at DigitalOcean's limits.
 */
export const unlimitedBudget = { perMinute: 1e12, perHour: 1e12 } as const

export const full: Settings = {
  quick: false,
  rounds: 9,
  overhead: { requests: 2000, warmup: 500, pairs: 15 },
  listing: { droplets: 10_000, latencyMs: 50, rounds: 7 },
  decoding: { droplets: 200, iterations: 400 },
  waiting: { actions: 100, withinMs: 10_000, intervalMs: 2000, latencyMs: 50, rounds: 2 },
  memory: { small: 10_000, large: 100_000, rounds: 5 },
  waitBudget: { actions: 100, withinMs: 300_000, intervalMs: 2000, latencyMs: 50 }
}

export const quick: Settings = {
  quick: true,
  rounds: 2,
  overhead: { requests: 300, warmup: 100, pairs: 3 },
  listing: { droplets: 2000, latencyMs: 20, rounds: 2 },
  decoding: { droplets: 200, iterations: 60 },
  waiting: { actions: 20, withinMs: 1500, intervalMs: 400, latencyMs: 20, rounds: 1 },
  memory: { small: 2000, large: 10_000, rounds: 1 },
  waitBudget: { actions: 30, withinMs: 60_000, intervalMs: 2000, latencyMs: 50 }
}
