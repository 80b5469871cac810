/**
 * What profiling and prototypes found about the missed targets (not re-measured by each run: the date says when).
 * Appended to BENCHMARKS.md so that each missed target has what it would take next to it.
 */
export const findings = `## Findings behind the missed targets (profiling and prototypes, 2026-11-28)

These were measured once on the machine above with throw-away prototypes (a copy of core's \`internal/http.ts\` with
switches, and copies of the Droplet schema, which the decoding scenario keeps); they are not re-run by \`pnpm bench\`.

**1. Per-request overhead.** Over loopback, per request (2,000 sequential \`Account.fetch\`, 8 interleaved rounds,
medians; ratio to raw fetch, and the client's CPU from \`process.cpuUsage()\`):

| Variant of \`Http.execute\` | Ratio | CPU / request |
| --- | --- | --- |
| as it is | 2.17× | 513 µs |
| without the per-attempt \`Effect.timeout\` | 1.74× | 365 µs |
| per-attempt timeout with one forked fiber and a \`setTimeout\` instead of \`Effect.timeout\` (two fibers) | 1.99× | 454 µs |
| with @effect/platform's own \`http.client\` span off (\`HttpClient.currentTracerDisabledWhen\`), doapi's span kept | 1.99× | 458 µs |
| \`Effect.retry\` only after a first failure (the first failure replayed into the same schedule) | 2.11× | 501 µs |
| no timeout + retry after failure + no inner span | 1.57× | 333 µs |
| Effect HttpClient alone (no doapi), for reference | 1.67× | 359 µs |

So the per-attempt timeout is doapi's largest cost (about 100 µs a request under I/O, four times its cost in
isolation), then the platform's second span (with trace headers sent to DigitalOcean), then the retry driver. Even
with all three gone the ratio stays above 1.25, because Effect's HttpClient and runtime alone cost about 1.5–1.7× a
loopback round trip. A timeout without forks needs the transport to honour a deadline; FetchHttpClient passes its own
AbortSignal and overrides any \`signal\` in \`FetchHttpClient.RequestInit\`, so that is an upstream change (or a
doapi-owned fetch transport). A \`setTimeout\`-based timeout also ignores \`TestClock\` (core's Errors tests use it).

**2. Listing.** With pageConcurrency 8 the listing is bound by the client's CPU per page (about 15 ms, of which
about 8 ms is decoding 200 droplets, and much of the rest garbage collection of what decoding allocates); a CPU
profile of \`Droplet.fetchAll\` puts about 55% of the client's time in Schema decoding and 22% in GC. The stream
machinery (mapEffect, mapConcat, the duplicate filter) is under 1%.

**3. Decoding.** A CPU profile of decoding pages of droplets: about 27% of the time is Schema.Class construction
(\`lazilyMergeDefaults\` walking every field with \`hasProperty\` on every instance, the props copies, the Data
constructor), the rest the TypeLiteral and Union parsers. In isolation, per value: \`openEnum(13 literals)\` 480 ns vs
String 41 ns; a Class of three fields 730 ns vs a Struct 225 ns; a struct of 20 strings 1.2 µs, 2.4 µs once one field
is \`optionalWith(..., { default })\` (the struct becomes a transformation that validates its type side again).

**Applied since (in this run's figures).** doapi now turns the platform's own \`http.client\` span off inside its
request path (its operation span stays, and no trace headers go to DigitalOcean), and \`openEnum\` fields decode as
plain strings (the literals stay in the type). Both helped, a little: per request 2.29× → 2.2×, and decoding a droplet about 10% faster (the
breakdown in scenario 3 has both versions of open enums side by side). Not applied, each for a reason: dropping the per-attempt timeout (a hung request must end);
\`setTimeout\` timeouts (they would ignore TestClock); a default \`pageConcurrency\` of 8 (the foundation's issue fixes
the default at 4; \`DoConfig.layer({ pageConcurrency: 8 })\` is one option away, measured above); and schemas without
the \`null\` defaults (they would give \`Droplet.kernel\`, \`Image.slug\` and others the type \`| undefined\` as
well as \`| null\`, trading the API's convenience for about 25% of the decoding time).
`
