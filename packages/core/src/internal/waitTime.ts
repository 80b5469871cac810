/**
 * Wait limits as doapi read them: a per-call `timeout`. `DoConfig` reads its `waitTime` by the same rule (it sits
 * below the machinery, so it keeps its own copy).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/**
 * A negative number or an infinite duration means "forever" (`None`).
 *
 * @internal
 */
export const decode = (input: Duration.DurationInput): Option.Option<Duration.Duration> => {
  if (typeof input === "number" && input < 0) return Option.none()
  const duration = Duration.decode(input)
  return Duration.isFinite(duration) ? Option.some(duration) : Option.none()
}
