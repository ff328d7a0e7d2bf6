import { dayMs, hourMs, hourOfWeek, weekHours as weekHoursExport } from './time-bins.ts';

// Local copies: module bindings read in hot loops cost a getter call each under tsx.
const day = dayMs;
const hour = hourMs;
const weekHours = weekHoursExport;

/**
 * What we learned about when one listing publishes: a rate, an hour-of-week profile, and whether
 * it has gone quiet. Publication is modelled as a non-homogeneous Poisson process with intensity
 * `rate(t) = ratePerDay × shape(hourOfWeek(t))`, the model of Cho & Garcia-Molina (2003) extended
 * with a weekly profile, as Kolobov et al. (2019) do for content with periodic change.
 */
export interface PublishingModel {
  /** Expected chapters per day while active. */
  readonly ratePerDay: number;
  /** Relative intensity per hour of the week; averages to 1 over the week. */
  readonly shape: readonly number[];
  /** 0–1: how sure we are of the shape (0 = flat prior only). */
  readonly confidence: number;
  /** Multiplier below 1 when the listing has been quiet much longer than usual (hiatus). */
  readonly activity: number;
  readonly finished: boolean;
}

/** A chapter appeared at this listing some time in (from, to]: after one check, by the next. */
export interface Arrival {
  readonly from: number;
  readonly to: number;
}

export interface ModelInput {
  /** When the listing's chapters appeared, as check windows; the most recent matter most. */
  readonly arrivals: readonly Arrival[];
  readonly now: number;
  readonly finished?: boolean;
  /** Minutes east of UTC of the site's schedule; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
}

// Prior: a listing with no history behaves like a web novel updated about once a day, at any hour.
const priorChapters = 1;
const priorDays = 1;
/** Arrivals older than this barely count: schedules drift. Half-life in days. */
const halfLifeDays = 21;
/** Chapters found in windows ending this close together are one publishing event (a burst). */
const burstWindowMs = 10 * 60_000;
/** A window longer than this says little about the hour; only its last part is used. */
const maxWindowMs = 2 * day;
/** A listing quiet for longer than this many expected gaps is in hiatus. */
const hiatusGaps = 4;
const minimumActivity = 0.02;
const emRounds = 2;

export function learnPublishingModel(input: ModelInput): PublishingModel {
  const offset = input.utcOffsetMinutes ?? 480;
  const arrivals = input.arrivals.filter((a) => a.to <= input.now);
  const decay = (t: number) => Math.pow(0.5, (input.now - t) / day / halfLifeDays);

  // Rate: decayed count over decayed exposure (since the first arrival), with the prior mixed in.
  let weightedCount = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const a of arrivals) {
    weightedCount += decay(a.to);
    first = Math.min(first, a.to);
    last = Math.max(last, a.to);
  }
  const exposureDays =
    arrivals.length === 0 ? 0 : ((1 - decay(first)) * halfLifeDays) / Math.LN2 + 0.5;
  const ratePerDay = (weightedCount + priorChapters) / (exposureDays + priorDays);

  const events = publishingEvents(arrivals, decay);
  const { shape, weight } = learnShape(events, offset);
  const confidence = weight / (weight + 3);

  // Hiatus: quiet far longer than the usual gap lowers the expected rate, but never to zero.
  const expectedGapDays = 1 / Math.max(ratePerDay, 1e-3);
  const quietDays = arrivals.length === 0 ? 0 : (input.now - last) / day;
  const excess = quietDays - hiatusGaps * expectedGapDays;
  const activity =
    excess > 0 ? Math.max(minimumActivity, Math.exp(-excess / expectedGapDays / 2)) : 1;

  return { ratePerDay, shape, confidence, activity, finished: input.finished ?? false };
}

interface PublishingEvent {
  readonly from: number;
  readonly to: number;
  readonly weight: number;
}

/** Chapters found in the same check (or within minutes) were published together: one event. */
function publishingEvents(
  arrivals: readonly Arrival[],
  decay: (t: number) => number,
): PublishingEvent[] {
  const sorted = [...arrivals].sort((a, b) => a.to - b.to);
  const events: PublishingEvent[] = [];
  let lastTo = -Infinity;
  for (const a of sorted) {
    if (a.to - lastTo < burstWindowMs) continue;
    lastTo = a.to;
    events.push({ from: Math.max(a.from, a.to - maxWindowMs), to: a.to, weight: decay(a.to) });
  }
  return events;
}

/**
 * The hour-of-week profile from interval-censored observations: each event is spread over the hours
 * of its check window in proportion to the current hour-of-day profile, a few rounds of
 * expectation-maximisation. Narrow windows (checks close together) pin the hour down; wide ones
 * borrow from the narrow ones. The result blends the week profile, the day profile and a flat prior,
 * trusting the specific profiles more as events accumulate.
 */
function learnShape(
  events: readonly PublishingEvent[],
  offset: number,
): { shape: number[]; weight: number } {
  let day = new Float64Array(24).fill(1 / 24);
  const week = new Float64Array(weekHours);
  let total = 0;
  for (const e of events) total += e.weight;
  if (total === 0) return { shape: new Array<number>(weekHours).fill(1), weight: 0 };
  for (let round = 0; round < emRounds; round++) {
    const nextDay = new Float64Array(24);
    const last = round === emRounds - 1;
    for (const e of events) spreadEvent(e, offset, day, nextDay, last ? week : undefined);
    // Smooth over neighbouring hours and keep a little mass everywhere, then normalise.
    const smoothed = new Float64Array(24);
    let sum = 0;
    for (let h = 0; h < 24; h++) {
      smoothed[h] =
        0.6 * nextDay[h]! +
        0.2 * nextDay[(h + 1) % 24]! +
        0.2 * nextDay[(h + 23) % 24]! +
        (0.02 * total) / 24;
      sum += smoothed[h]!;
    }
    for (let h = 0; h < 24; h++) smoothed[h]! /= sum;
    day = smoothed;
  }
  const weekWeight = total / (total + 20);
  const dayWeight = (total / (total + 2)) * (1 - weekWeight);
  const flatWeight = 1 - weekWeight - dayWeight;
  const shape: number[] = [];
  for (let h = 0; h < weekHours; h++) {
    const perWeek =
      ((0.6 * week[h]! +
        0.2 * week[(h + 1) % weekHours]! +
        0.2 * week[(h + weekHours - 1) % weekHours]!) /
        total) *
      weekHours;
    shape.push(weekWeight * perWeek + dayWeight * day[h % 24]! * 24 + flatWeight);
  }
  return { shape, weight: total };
}

/** Adds one event's weight to the hours of its window, in proportion to `profile`. */
function spreadEvent(
  e: PublishingEvent,
  offset: number,
  profile: Float64Array,
  intoDay: Float64Array,
  intoWeek: Float64Array | undefined,
): void {
  if (e.to - e.from < 60_000) {
    const hour = hourOfWeek(e.to, offset);
    intoDay[hour % 24]! += e.weight;
    if (intoWeek) intoWeek[hour]! += e.weight;
    return;
  }
  // Two passes over the window's hours (no allocation: this runs for every check that finds news).
  let sum = 0;
  for (let t = e.from; t < e.to;) {
    const end = Math.min(e.to, (Math.floor(t / hour) + 1) * hour);
    sum += ((end - t) / hour) * profile[hourOfWeek(t, offset) % 24]!;
    t = end;
  }
  for (let t = e.from; t < e.to;) {
    const end = Math.min(e.to, (Math.floor(t / hour) + 1) * hour);
    const h = hourOfWeek(t, offset);
    const w = ((((end - t) / hour) * profile[h % 24]!) / sum) * e.weight;
    intoDay[h % 24]! += w;
    if (intoWeek) intoWeek[h]! += w;
    t = end;
  }
}

/** Chapters expected per hour at `timeMs`. */
export function intensityPerHour(
  model: PublishingModel,
  timeMs: number,
  utcOffsetMinutes = 480,
): number {
  const effectiveRate = model.finished
    ? model.ratePerDay * 0.01
    : model.ratePerDay * model.activity;
  return (effectiveRate / 24) * model.shape[hourOfWeek(timeMs, utcOffsetMinutes)]!;
}
