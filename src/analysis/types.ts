/** The analysis result: the DESIGN.md output contract, defined once. */
import type { ZoneKind } from '../zones/zone.js';
import type { Formation } from './formations.js';

export type Finding = 'territorial-entry' | 'adiz-entry' | 'adiz-noncompliance' | 'own-zone' | 'transit';

/** Why the aircraft's membership of the zone changed at a crossing. */
export type CrossingCause = 'lateral' | 'floor' | 'ceiling' | 'validity';

export interface Crossing {
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  lat: number;
  lon: number;
  /** false when the crossing happened inside a data gap (time and place are estimates). */
  certain: boolean;
  /** What boundary was crossed. */
  cause?: CrossingCause;
  /** For an uncertain crossing: the interval it lies in (the gap or the uncertainty band). */
  window?: { from: string; to: string };
}

export interface Visit {
  track: string;
  zone: string;
  kind: ZoneKind;
  state: string;
  claimants: string[];
  /** null when the track starts inside the zone. */
  enter: Crossing | null;
  /** null when the track ends inside the zone. */
  exit: Crossing | null;
  durationS: number;
  /** Deepest lateral distance inside the zone's boundary, metres. */
  maxPenetrationM: number;
  finding: Finding;
}

export interface Approach {
  track: string;
  zone: string;
  /** Closest lateral distance to the zone's boundary, metres. */
  distanceM: number;
  time: string;
  lat: number;
  lon: number;
}

export interface TrackSummary {
  id: string;
  label?: string | null;
  category?: string;
  operator?: string | null;
  fixes: number;
  start: string;
  end: string;
  /** Periods longer than maxGapS without a fix: not interpolated. */
  gaps?: Array<{ from: string; to: string; durationS: number }>;
}

export interface AnalysisResult {
  tool: { name: 'incursion'; version: string };
  catalog: { id: string; version: string };
  tracks: TrackSummary[];
  visits: Visit[];
  approaches: Approach[];
  /** With `--formations`: groups of aircraft that flew together, with their own zone visits. */
  formations?: Formation[];
  warnings: string[];
}
