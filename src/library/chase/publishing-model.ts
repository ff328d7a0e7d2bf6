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

interface ModelInput {
  /** When the listing's chapters appeared, as check windows; the most recent matter most. */
  readonly arrivals: readonly Arrival[];
  readonly now: number;
  readonly finished?: boolean;
  /** Minutes east of UTC of the site's schedule; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
  /**
   * An array to write the shape into and return as the model's, instead of a new one: a caller
   * relearning a listing passes its previous model's, which it gives up (less garbage).
   */
  readonly shapeInto?: number[];
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
  const now = input.now;
  const arrivals = sortedByEnd(input.arrivals);
  // 0.5 ^ (age / half-life), as an exponential (cheaper than Math.pow).
  const decay = (t: number) => Math.exp(-((now - t) / day / halfLifeDays) * Math.LN2);

  // Rate: decayed count over decayed exposure (since the first arrival), with the prior mixed in.
  // In the same pass, chapters found in the same check (or within minutes) were published
  // together: one event each, kept in scratch arrays (this runs on every check that finds news).
  let weightedCount = 0;
  let count = 0;
  let first = Infinity;
  let last = -Infinity;
  let lastEventTo = -Infinity;
  let eventCount = 0;
  if (eventScratch.from.length < arrivals.length) growEventScratch(arrivals.length);
  const { from: eventFrom, to: eventTo, weight: eventWeight } = eventScratch;
  for (const a of arrivals) {
    if (a.to > now) continue;
    const weight = decay(a.to);
    count++;
    weightedCount += weight;
    first = Math.min(first, a.to);
    last = Math.max(last, a.to);
    if (a.to - lastEventTo < burstWindowMs) continue;
    lastEventTo = a.to;
    eventFrom[eventCount] = Math.max(a.from, a.to - maxWindowMs);
    eventTo[eventCount] = a.to;
    eventWeight[eventCount] = weight;
    eventCount++;
  }
  const exposureDays = count === 0 ? 0 : ((1 - decay(first)) * halfLifeDays) / Math.LN2 + 0.5;
  const ratePerDay = (weightedCount + priorChapters) / (exposureDays + priorDays);

  const { shape, weight } = learnShape(eventCount, offset, input.shapeInto);
  const confidence = weight / (weight + 3);

  // Hiatus: quiet far longer than the usual gap lowers the expected rate, but never to zero.
  const expectedGapDays = 1 / Math.max(ratePerDay, 1e-3);
  const quietDays = count === 0 ? 0 : (now - last) / day;
  const excess = quietDays - hiatusGaps * expectedGapDays;
  const activity =
    excess > 0 ? Math.max(minimumActivity, Math.exp(-excess / expectedGapDays / 2)) : 1;

  return { ratePerDay, shape, confidence, activity, finished: input.finished ?? false };
}

/** The arrivals in order of their end (as kept by the chase, so usually no copy is needed). */
function sortedByEnd(arrivals: readonly Arrival[]): readonly Arrival[] {
  for (let i = 1; i < arrivals.length; i++) {
    if (arrivals[i]!.to < arrivals[i - 1]!.to) return [...arrivals].sort((a, b) => a.to - b.to);
  }
  return arrivals;
}

/** Publishing events of the model being learned: check windows and decayed weights. */
const eventScratch = {
  from: new Float64Array(256),
  to: new Float64Array(256),
  weight: new Float64Array(256),
};

function growEventScratch(length: number): void {
  eventScratch.from = new Float64Array(length);
  eventScratch.to = new Float64Array(length);
  eventScratch.weight = new Float64Array(length);
}

/**
 * The hours each event's window covers, computed once and read by every round of learnShape:
 * event e covers bins [binStart[e], binStart[e + 1]), each an hour of the week and the fraction of
 * an hour of the window in it. A window shorter than a minute is one bin of fraction -1: the whole
 * weight goes to its hour, whatever the profile.
 */
const binScratch = {
  start: new Int32Array(257),
  hour: new Int32Array(1024),
  fraction: new Float64Array(1024),
};

function windowBins(eventCount: number, offset: number): void {
  const { from, to } = eventScratch;
  if (binScratch.start.length < eventCount + 1) binScratch.start = new Int32Array(eventCount + 1);
  let bins = 0;
  for (let e = 0; e < eventCount; e++) {
    binScratch.start[e] = bins;
    const windowEnd = to[e]!;
    if (windowEnd - from[e]! < 60_000) {
      bins = pushBin(bins, hourOfWeek(windowEnd, offset), -1);
      continue;
    }
    for (let t = from[e]!; t < windowEnd;) {
      const end = Math.min(windowEnd, (Math.floor(t / hour) + 1) * hour);
      bins = pushBin(bins, hourOfWeek(t, offset), (end - t) / hour);
      t = end;
    }
  }
  binScratch.start[eventCount] = bins;
}

function pushBin(bins: number, hourOfWeek: number, fraction: number): number {
  if (bins === binScratch.hour.length) {
    const hours = new Int32Array(bins * 2);
    const fractions = new Float64Array(bins * 2);
    hours.set(binScratch.hour);
    fractions.set(binScratch.fraction);
    binScratch.hour = hours;
    binScratch.fraction = fractions;
  }
  binScratch.hour[bins] = hourOfWeek;
  binScratch.fraction[bins] = fraction;
  return bins + 1;
}

/**
 * The hour-of-week profile from interval-censored observations: each event is spread over the hours
 * of its check window in proportion to the current hour-of-day profile, a few rounds of
 * expectation-maximisation. Narrow windows (checks close together) pin the hour down; wide ones
 * borrow from the narrow ones. The result blends the week profile, the day profile and a flat prior,
 * trusting the specific profiles more as events accumulate. Reads the first `eventCount` events.
 */
function learnShape(
  eventCount: number,
  offset: number,
  into: number[] | undefined,
): { shape: readonly number[]; weight: number } {
  const weight = eventScratch.weight;
  let total = 0;
  for (let e = 0; e < eventCount; e++) total += weight[e]!;
  if (total === 0) return { shape: into ? into.fill(1) : flatShape, weight: 0 };
  windowBins(eventCount, offset);
  const { start, hour: binHour, fraction } = binScratch;
  const { day, nextDay, week } = profileScratch;
  day.fill(1 / 24);
  week.fill(0);
  for (let round = 0; round < emRounds; round++) {
    nextDay.fill(0);
    const last = round === emRounds - 1;
    for (let e = 0; e < eventCount; e++) {
      // Spread the event's weight over its window's hours in proportion to the day profile.
      const first = start[e]!;
      const end = start[e + 1]!;
      if (fraction[first]! < 0) {
        nextDay[binHour[first]! % 24]! += weight[e]!;
        if (last) week[binHour[first]!]! += weight[e]!;
        continue;
      }
      let sum = 0;
      for (let b = first; b < end; b++) sum += fraction[b]! * day[binHour[b]! % 24]!;
      for (let b = first; b < end; b++) {
        const h = binHour[b]!;
        const w = ((fraction[b]! * day[h % 24]!) / sum) * weight[e]!;
        nextDay[h % 24]! += w;
        if (last) week[h]! += w;
      }
    }
    // Smooth over neighbouring hours and keep a little mass everywhere, then normalise.
    let sum = 0;
    for (let h = 0; h < 24; h++) {
      day[h] =
        0.6 * nextDay[h]! +
        0.2 * nextDay[(h + 1) % 24]! +
        0.2 * nextDay[(h + 23) % 24]! +
        (0.02 * total) / 24;
      sum += day[h]!;
    }
    for (let h = 0; h < 24; h++) day[h]! /= sum;
  }
  const weekWeight = total / (total + 20);
  const dayWeight = (total / (total + 2)) * (1 - weekWeight);
  const flatWeight = 1 - weekWeight - dayWeight;
  const shape = into ?? new Array<number>(weekHours);
  for (let h = 0; h < weekHours; h++) {
    const perWeek =
      ((0.6 * week[h]! +
        0.2 * week[h === weekHours - 1 ? 0 : h + 1]! +
        0.2 * week[h === 0 ? weekHours - 1 : h - 1]!) /
        total) *
      weekHours;
    shape[h] = weekWeight * perWeek + dayWeight * day[h % 24]! * 24 + flatWeight;
  }
  return { shape, weight: total };
}

/** The shape of a listing with no history: every hour alike (shared: shapes are read-only). */
const flatShape: readonly number[] = Object.freeze(new Array<number>(weekHours).fill(1));

/** The profiles learnShape works on, reused (allocating typed arrays costs more than filling). */
const profileScratch = {
  day: new Float64Array(24),
  nextDay: new Float64Array(24),
  week: new Float64Array(weekHours),
};

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
