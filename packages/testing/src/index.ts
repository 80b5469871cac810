/**
 * An in-memory fake DigitalOcean: every endpoint @doapi/core covers, with state, time (from Effect's Clock, so
 * `TestClock.adjust` finishes actions), rate limits and injectable faults. Use it in process as a Layer that
 * provides `HttpClient` and `DoConfig`, or serve it over HTTP on loopback.
 *
 * @since 0.1.0
 */
export * as FakeDigitalOcean from "./FakeDigitalOcean.js"
