/** Hour-of-week arithmetic in a fixed time zone offset (publishing schedules follow local time). */
export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;
export const weekHours = 168;

/**
 * The hour of the week (0 = Monday 00:00) of a timestamp, in the zone `utcOffsetMinutes` east of UTC
 * (Chinese sites publish on Beijing time, +480). Sample: 2026-11-30T12:30Z at +480 → Monday 20:30 → 20.
 */
export function hourOfWeek(timeMs: number, utcOffsetMinutes: number): number {
  const local = timeMs + utcOffsetMinutes * 60_000;
  // 1970-01-01 was a Thursday: shift by 3 days so that Monday is day 0.
  const hours = Math.floor(local / hourMs) + 3 * 24;
  return ((hours % weekHours) + weekHours) % weekHours;
}
