/**
 * What profiling and prototypes found behind the targets (not re-measured by each run: the date says when).
 * Appended to BENCHMARKS.md so that each target has what it would take next to it.
 */
export const findings = `## Findings behind the targets (profiling and prototypes, 2026-11-29)

These were measured once on the machine above with throw-away prototypes (switches in a copy of core's
\`internal/http.ts\`, variants of the pagination stream, and the copy of the Droplet schema that scenario 3 keeps);
they are not re-run by \`pnpm bench\`. The machine is shared: the load average during these runs was 2 to 4.5.

**Decoding (scenario 3), first steps (Schema's parser).** Three changes, each measured in the breakdown table:

- \`orNull\` and the \`[]\` defaults of \`Networks\` are constructor defaults on plain optional keys
  (\`internal/schema.ts\` \`withDefault\`), not \`optionalWith\`'s \`default\`, which turned every struct holding one into
  a transformation that decodes the struct and then validates its type side again. The class's constructor, which
  decoding runs, fills the absent key in, so the public types are unchanged (\`kernel: Kernel | null\`, no
  \`| undefined\`): about 7.0× → 4.9× JSON.parse per droplet on its own.
- Model classes are built by \`internal/schema.ts\` \`Class\` (same type, fields, getters, constructor and encoding as
  \`Schema.Class\`), whose decoding copies the decoded fields once onto a new instance instead of running the
  constructor (a copy of the fields, a walk over every field for defaults, then \`Data\`'s copy). \`Schema.Class\`
  already constructs without validating when it decodes, so there was no second validation to remove there.
  Together: 7.2× → 3.5–3.6×.
- Not applied: arrays of strings and integers as a declared schema that checks the array and returns it as it is
  (no copy, no per-element \`Either\`): 16.4 → 13.5 µs per droplet (3.5× → 2.9×), but it shares the parsed JSON's
  arrays with the result and loses the array's own Schema annotations (arbitraries, JSON Schema), for 0.6 ms a page.
  What is left is effect's parser itself: a CPU profile of decoding puts 18% in the TypeLiteral parser, 10% in
  \`isEither\` checks (\`Predicate.hasProperty\`) on every field's result, 4.5% sorting array results by index, and
  10% in garbage collection.

**Per request (scenario 1).** In process, with an in-memory transport (10,000 \`Account.fetch\`, medians of 7):
doapi went from 140 µs to about 70 µs per call, against 40 µs for Effect's HttpClient with its tracer off. The
per-attempt \`Effect.timeout\` (two fibers and a timer: about 25 µs, and about 100 µs under I/O) is now one timer
that closes a scope the request was sent in (\`HttpClient.withScope\`), which aborts the request through the signal
every platform transport hands to fetch or undici; under TestClock the limit stays \`Effect.timeout\`, so tests
still drive it. With the limit on or off, the span on or off, and the rate-limit snapshot on or off, the call costs
the same within noise (± 3 µs); the retry driver only starts after a first failure, and the operation's span no
longer captures a stack trace. The remaining 25–30 µs are the Effect program itself (the request's build, the
match on the response, decoding, the span): no single part of it stands out. Under I/O that gap grows (fiber
suspension, GC), which is what scenario 1's wall-time ratios show.

**Listing (scenario 2), before the compiled decoder.** With 50 pages of 200 droplets at 50 ms, the listing is bound by the client's CPU and the
fake's, not by latency: doapi's client CPU is about 10 ms a page (of which about 4 ms decoding as scenario 3 measures
it, and the rest garbage collection of the droplets a \`fetchAll\` keeps, fetch and parse), against 3 ms for raw fetch
+ JSON.parse. Listing with items decoded as \`Schema.Unknown\` took about 230 ms of CPU against 530 ms with droplets.
Decoding each page in the stream's consumer instead of the page's own fiber (so a page's fiber frees its slot as
soon as its body is parsed) measured the same, 692 vs 693 ms at pageConcurrency 8, so pages are still decoded where
they are fetched (a decode failure keeps the response's status and request id).

The default pageConcurrency is 10, the fastest in scenario 2 (in a run with 8, 9, 10, 12 and 16 side by side: 614,
583, 500, 512 and 543 ms). No setting meets both listing targets here: at 10 the listing is 5.5× faster than
sequential but 1.67× its floor of 6 round trips, because the client's CPU for the listing (about 450 ms) is above
that floor; at 8 the floor (8 round trips, 400 ms) is about the client's CPU, so it comes within 1.5× of it but is
only 4.5× faster than sequential. Raw fetch + JSON.parse on the same schedule, with no decoding, is itself 1.2× the
floor: the fake builds every page on one core of the same two.

**After #11 (pacing in the request path), 2026-11-29 06:20–06:45.** With an unlimited budget the pacer's fast path
(a few comparisons, no fiber, no timer) did not show in a CPU profile of 100,000 \`Account.fetch\` calls. What only a
failure needs (the error, the transport failure, the error response, the decode failure) is now built by
module-level functions instead of closures on every call (under tsx, whose \`keepNames\` names each such closure, the
naming cost went from 170 ms to 77 ms per 100,000 calls); sending the configuration's headers as one prebuilt
\`Headers\` object instead of four \`setHeader\` copies measured the same within noise and was not kept. The rest of
the per-call gap is spread over the Effect runtime's steps, the span and decoding; under I/O it grows (GC, fiber
resumption), and the ratios swing by ±0.15 from run to run on this shared machine.

**The compiled decoder, 2026-11-29 07:40–08:35 (load average about 1).** Decoding went from Schema's parser to a
decoder compiled once per schema from its AST (\`internal/schema.ts\` \`decodeUnknown\`): plain functions with no
\`Either\` per value, the fields of a model class decoded straight onto a new instance (what its construction and
its declaration's \`instanceof\` check amount to), and arrays whose items decode to themselves (strings, numbers)
kept as parsed (the request path's own JSON, which nothing else holds). Whatever it does not take on
(discriminated unions, annotations that change parsing, effectful transformations) and every failure go to
Schema's parser, so results and errors are Schema's own (the fields' renames and defaults of \`optionalWith\`, which
the generated Schemas use, are compiled too: 1.3–2.7× faster than Schema's parser on generated classes such as
\`Firewall\`, \`App\` or \`KubernetesNodePool\`); core's \`Decoding.test.ts\` checks that on every model
(arbitrary values, encoded, through JSON, then bent) and \`GeneratedExamples.test.ts\` on every example of the spec.
On the page of scenario 3, in process: 15 µs per droplet with Schema's parser, 6.2 µs compiled, 4.3 µs with the
instances built directly and the arrays kept (JSON.parse: 4.8 µs). In the listing, the client's CPU went from about
490 ms to about 380 ms for 10,000 droplets at no latency (items left undecoded: about 200 ms; raw fetch + JSON.parse:
about 135 ms). What is left of the difference is garbage collection: a page's parsed JSON lives until its droplets
are built, across the fetch's asynchronous steps, and each young-generation collection meanwhile copies it (with
\`--max-semi-space-size=64\` the same listing of one page took 2.8 ms instead of 4.1 ms); Effect's Stream adds about
0.5 ms a page of 200 items.

**The request path, same session.** \`execute\` lost its generator, builds the request and parses and decodes the
body in plain code, handles an undecodable body (failure or defect) in one step, and uses the operation's span
directly (\`Effect.useSpan\`): attributes are set on it, and it is made the transport's current span by the same
change of context that provides the attempt's scope, instead of a context change of its own. Switching parts off
in a copy of \`dist\` (A/B against Effect's HttpClient alone on undici over loopback, 9 pairs each): the time limit
(scope, \`withScope\`, the timer) about 5% of Effect alone's time per call, of which the timer itself nothing
measurable; pacing's fast path about 2.5%; everything off still about 15% more than Effect alone in process, the
cost of the Effect steps the call takes (building the request, matching the response, the rate-limit snapshot).

**Why pairs for the per-request targets.** In scenario 1's rounds the rotation keeps doapi right before Effect's
HttpClient alone on each transport and other clients run around them (axios opens a connection per request); the
ratio between the two then moved by ±0.15 from run to run and leaned on whichever ran first. Back-to-back pairs with
the order alternating gave 1.07–1.14 in every run of this session.

**Why a shuffled order in scenario 2.** With the rotation, the same contender always ran right after dots-wrapper and
paid for it: pageConcurrency 10 measured 575–760 ms of CPU there against 325–440 ms for its neighbours; moved to
another place in the list, it measured like them and the one put after dots-wrapper paid instead. A listing run
alone right after dots-wrapper, sequential paging or 6 s of idling did not show it, so the cause (sockets, the
fake's state, the collector) is not known; a seeded shuffle per round spreads it over the contenders.

**Memory (scenario 5) before and after the compiled decoder.** The stream's peak RSS at 100,000 droplets did not
change: 206.3 MB in the full run of 04:07 (before), 189–206 MB in this session's runs (after). What changed is the
peak at 10,000 droplets, which fell from 157.5 MB to 133–143 MB (peak heap 63.8 MB to 45–47 MB): the growth between
the two sizes, which the target measures, rose from 48.8 MB to 53–73 MB because its smaller end got cheaper. Run twice
the same morning, the code before this session (commit 487b28e) gave 161 and 164 MB at 10,000 and 204 and 215 MB at
100,000 (growth 43 and 51 MB). Slowing the compiled decoder down to the old listing's pace (a busy wait per page)
left the growth at 58–63 MB, so the faster allocation is not the cause; with 4 pages in flight instead of 12 (a
listing then twice as slow in scenario 2) it was still 52.6 MB (134.2 MB and 186.8 MB), so no setting of doapi's brings it under
50 MB. The live heap after a forced collection stays
at 13–18 MB throughout: the stream holds nothing it emitted, and the peak at 100,000 is the garbage (each page's body
is a string of about 300 kB, allocated straight into the old generation) that V8 lets build up between its
collections over a 3-second run.
`
