/**
 * Everything an incident report says, computed once and rendered by html.ts, markdown.ts and
 * pdf.ts: the exact analysis of measured tracks (analyze), the uncertain visits of tracks from
 * published reports (uncertain-visits), the formations, and neutral sentences about them.
 *
 * Wording rules (DESIGN.md): an ADIZ entry is never called a violation and is always said to be
 * outside sovereign airspace; a territorial entry by a state aircraft is stated as an entry, the
 * question of authorisation is left to the reader; a disputed zone names every claimant.
 */
import { type AnalyzeOptions, analyze, compileCatalog } from '../analysis/analyze.js';
import {
  type Formation,
  type FormationOptions,
  formations,
  formationZoneVisits,
} from '../analysis/formations.js';
import type { AnalysisResult, Visit } from '../analysis/types.js';
import {
  type UncertainApproach,
  type UncertainVisit,
  uncertainVisits,
} from '../analysis/uncertain-visits.js';
import type { Track } from '../tracks/track.js';
import type { Catalog, Zone } from '../zones/zone.js';

export interface ReportOptions {
  title?: string;
  /** Names of the input files, listed in the report. */
  inputs?: string[];
  /** ISO time written as the report's date (default now). */
  generatedAt?: string;
  formation?: FormationOptions;
  analyze?: AnalyzeOptions;
}

/** One row of the visits table, exact or uncertain. */
export interface VisitRow {
  track: string;
  label: string;
  zone: Zone;
  certainty: 'exact' | 'certain' | 'possible';
  /** Epoch seconds of the (possible) start and end; entry/exit text already worded. */
  fromS: number;
  toS: number;
  /** Sub-interval certainly inside (uncertain tracks) or the whole visit (exact tracks). */
  certainFromS: number | null;
  certainToS: number | null;
  /** Where the track as drawn (the reconstruction, or the exact track) was inside. */
  nominalFromS: number | null;
  nominalToS: number | null;
  enter: string;
  exit: string;
  duration: string;
  finding: string;
}

export interface TrackFindings {
  track: Track;
  sentences: string[];
}

export interface ReportModel {
  title: string;
  generatedAt: string;
  inputs: string[];
  catalog: Catalog;
  tracks: Track[];
  exact: AnalysisResult | null;
  uncertain: Map<string, { visits: UncertainVisit[]; approaches: UncertainApproach[] }>;
  formations: Formation[];
  rows: VisitRow[];
  findings: TrackFindings[];
  /** Zones that appear in the report (visited, approached or drawn). */
  zonesUsed: Zone[];
  headline: string[];
  startS: number;
  endS: number;
}

export const STATE_NAMES: Record<string, string> = {
  KOR: 'South Korea',
  PRK: 'North Korea',
  JPN: 'Japan',
  CHN: 'China',
  TWN: 'Taiwan',
  RUS: 'Russia',
  USA: 'the United States',
  FRA: 'France',
  GBR: 'the United Kingdom',
  DEU: 'Germany',
  CHE: 'Switzerland',
  NLD: 'the Netherlands',
};

const ADJECTIVE: Record<string, string> = {
  KOR: 'South Korean',
  PRK: 'North Korean',
  JPN: 'Japanese',
  CHN: 'Chinese',
  TWN: 'Taiwanese',
  RUS: 'Russian',
  USA: 'US',
};

export const stateName = (a3: string): string => STATE_NAMES[a3] ?? a3;
const adjective = (a3: string): string => ADJECTIVE[a3] ?? a3;

export function buildReport(tracks: Track[], catalog: Catalog, options: ReportOptions = {}): ReportModel {
  const compiled = compileCatalog(catalog);
  const measured = tracks.filter((t) => !t.uncertaintyM);
  const reported = tracks.filter((t) => t.uncertaintyM);
  const exact = measured.length ? analyze(measured, catalog, { ...options.analyze, compiled }) : null;
  const uncertain = new Map<string, { visits: UncertainVisit[]; approaches: UncertainApproach[] }>();
  for (const t of reported) uncertain.set(t.id, uncertainVisits(t, compiled));

  // Formation zone visits: exact visits as they are, uncertain ones by their certain part.
  const visitsForFormations: Visit[] = [...(exact?.visits ?? [])];
  for (const { visits } of uncertain.values()) {
    for (const v of visits) {
      if (v.certainty !== 'certain' || !v.certainFrom || !v.certainTo) continue;
      visitsForFormations.push({
        track: v.track,
        zone: v.zone,
        kind: v.kind,
        state: v.state,
        claimants: v.claimants,
        enter: { time: v.certainFrom, lat: 0, lon: 0, certain: true },
        exit: { time: v.certainTo, lat: 0, lon: 0, certain: true },
        durationS: v.minDurationS,
        maxPenetrationM: v.maxPenetrationM,
        finding: 'transit',
      });
    }
  }
  const found = formations(tracks, { ...options.formation });
  const spans = new Map(tracks.map((t) => [t.id, [t.t[0], t.t[t.t.length - 1]] as [number, number]]));
  for (const f of found) f.visits = formationZoneVisits(f, visitsForFormations, spans);

  const zoneById = new Map(catalog.zones.map((z) => [z.id, z]));
  const rows = visitRows(tracks, exact, uncertain, zoneById);
  const findings = tracks.map((t) => ({
    track: t,
    sentences: trackSentences(t, rows, exact, uncertain, zoneById),
  }));
  const used = new Set<string>(rows.map((r) => r.zone.id));
  for (const a of exact?.approaches ?? []) used.add(a.zone);
  for (const { approaches } of uncertain.values()) for (const a of approaches) used.add(a.zone);
  const startS = Math.min(...tracks.map((t) => t.t[0]));
  const endS = Math.max(...tracks.map((t) => t.t[t.t.length - 1]));
  const titleFromTracks = tracks.map((t) => t.meta?.title).find((x) => typeof x === 'string') as
    | string
    | undefined;
  const model: ReportModel = {
    title: options.title ?? titleFromTracks ?? 'Incident report',
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    inputs: options.inputs ?? [],
    catalog,
    tracks,
    exact,
    uncertain,
    formations: found,
    rows,
    findings,
    zonesUsed: catalog.zones.filter((z) => used.has(z.id)),
    headline: [],
    startS,
    endS,
  };
  model.headline = headline(model);
  return model;
}

/** Times as the report's sources wrote them: UTC, plus the report-track's own clock if it had one. */
export function timeText(tS: number, timezone?: string | null): string {
  const utc = new Date(Math.round(tS) * 1000).toISOString();
  const base = `${utc.slice(0, 10)} ${utc.slice(11, 19)} UTC`;
  if (!timezone || timezone === 'Z' || timezone === '+00:00') return base;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(timezone);
  if (!m) return base;
  const offS = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  const local = new Date((Math.round(tS) + offS) * 1000).toISOString().slice(11, 19);
  return `${base} (${local} UTC${timezone})`;
}

export function shortTime(tS: number, timezone?: string | null): string {
  const offS = offsetS(timezone);
  const d = new Date((Math.round(tS) + offS) * 1000).toISOString();
  return d.slice(11, 16);
}

export function offsetS(timezone?: string | null): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(timezone ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}

export function durationText(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export const nm = (m: number): string => `${(m / 1852).toFixed(1)} NM`;

export function trackLabel(t: Track): string {
  return t.label ? `${t.label} (${t.id})` : t.id;
}

export function reportTimezone(tracks: Track[]): string | null {
  const tz = tracks.map((t) => t.meta?.timezone).find((x) => typeof x === 'string');
  return (tz as string | undefined) ?? null;
}

/** "the territorial airspace of South Korea (KOR-TS)", naming every claimant of a disputed zone. */
export function zonePhrase(z: Zone): string {
  if (z.kind === 'adiz') {
    return `${z.id}, ${adjective(z.state)} air defense identification zone, which is not sovereign airspace`;
  }
  if (z.kind === 'territorial') {
    const others = z.claimants.filter((c) => c !== z.state);
    if (others.length) {
      const what = /territorial/i.test(z.name) ? z.name : `the territorial airspace of ${z.name}`;
      return `${z.id}, ${what} (administered by ${stateName(z.state)}; also claimed by ${others.map(stateName).join(' and ')})`;
    }
    return `${z.id}, ${adjective(z.state)} territorial airspace`;
  }
  return `${z.id} (${z.name})`;
}

function visitRows(
  tracks: Track[],
  exact: AnalysisResult | null,
  uncertain: ReportModel['uncertain'],
  zoneById: Map<string, Zone>,
): VisitRow[] {
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const tz = reportTimezone(tracks);
  const rows: VisitRow[] = [];
  for (const v of exact?.visits ?? []) {
    const t = byId.get(v.track)!;
    const zone = zoneById.get(v.zone);
    if (!zone) continue;
    const fromS = v.enter ? Date.parse(v.enter.time) / 1000 : t.t[0];
    const toS = v.exit ? Date.parse(v.exit.time) / 1000 : t.t[t.t.length - 1];
    rows.push({
      track: t.id,
      label: trackLabel(t),
      zone,
      certainty: 'exact',
      fromS,
      toS,
      certainFromS: fromS,
      certainToS: toS,
      nominalFromS: fromS,
      nominalToS: toS,
      enter: v.enter
        ? `${timeText(fromS, tz)}${v.enter.certain ? '' : ' (inside a data gap: estimate)'}`
        : 'inside when the track starts',
      exit: v.exit
        ? `${timeText(toS, tz)}${v.exit.certain ? '' : ' (inside a data gap: estimate)'}`
        : 'inside when the track ends',
      duration: durationText(v.durationS),
      finding: exactFinding(v, zone, t),
    });
  }
  for (const [id, { visits }] of uncertain) {
    const t = byId.get(id)!;
    for (const v of visits) {
      const zone = zoneById.get(v.zone);
      if (!zone) continue;
      const win = (c: UncertainVisit['enter']) =>
        c
          ? `between ${shortTime(Date.parse(c.from) / 1000, tz)} and ${shortTime(Date.parse(c.to) / 1000, tz)}${c.nominal ? ` (reconstructed track: ${shortTime(Date.parse(c.nominal) / 1000, tz)})` : ''}`
          : null;
      rows.push({
        track: t.id,
        label: trackLabel(t),
        zone,
        certainty: v.certainty,
        fromS: Date.parse(v.possibleFrom) / 1000,
        toS: Date.parse(v.possibleTo) / 1000,
        certainFromS: v.certainFrom ? Date.parse(v.certainFrom) / 1000 : null,
        certainToS: v.certainTo ? Date.parse(v.certainTo) / 1000 : null,
        nominalFromS: v.nominal.length ? Date.parse(v.nominal[0].from) / 1000 : null,
        nominalToS: v.nominal.length ? Date.parse(v.nominal[v.nominal.length - 1].to) / 1000 : null,
        enter: win(v.enter) ?? 'possibly inside when the track starts',
        exit: win(v.exit) ?? 'possibly inside when the track ends',
        duration:
          v.certainty === 'certain'
            ? `${durationText(v.minDurationS)} – ${durationText(v.maxDurationS)}`
            : `up to ${durationText(v.maxDurationS)}`,
        finding: uncertainFinding(v, zone, t),
      });
    }
  }
  return rows.sort((a, b) => a.fromS - b.fromS || a.track.localeCompare(b.track));
}

function isForeign(t: Track, z: Zone): boolean {
  return !t.operator || !z.claimants.includes(t.operator);
}

function exactFinding(v: Visit, z: Zone, t: Track): string {
  const verb = 'entered';
  if (z.kind === 'territorial') {
    if (!isForeign(t, z)) return `flew in its own state's territorial airspace (${z.id})`;
    return `${verb} ${zonePhrase(z)}${t.category === 'state' ? '; a state aircraft needs authorisation to enter, and whether it had any is not in the data' : ''}`;
  }
  if (z.kind === 'adiz')
    return `${verb} ${zonePhrase(z)}${v.finding === 'adiz-noncompliance' ? '; the track data show the zone’s identification rules were not met' : ''}`;
  return `${verb} ${zonePhrase(z)}`;
}

function uncertainFinding(v: UncertainVisit, z: Zone, t: Track): string {
  const r = nm(v.uncertaintyM);
  if (v.certainty === 'possible') {
    return `may have entered ${zonePhrase(z)}: the reconstructed position, uncertain by up to ${r}, straddles the boundary but is never wholly inside; the reports do not establish an entry`;
  }
  const base =
    z.kind === 'territorial' && isForeign(t, z)
      ? `entered ${zonePhrase(z)}${t.category === 'state' ? '; a state aircraft needs authorisation to enter, and whether it had any is not in the reports' : ''}`
      : z.kind === 'territorial'
        ? `flew in its own state's territorial airspace (${z.id})`
        : `entered ${zonePhrase(z)}`;
  return `${base} (certain even with the position uncertainty of up to ${r})`;
}

function trackSentences(
  t: Track,
  rows: VisitRow[],
  exact: AnalysisResult | null,
  uncertain: ReportModel['uncertain'],
  zoneById: Map<string, Zone>,
): string[] {
  const out: string[] = [];
  const mine = rows.filter((r) => r.track === t.id);
  const seen = new Set<string>();
  for (const r of mine) {
    const key = `${r.zone.id}|${r.certainty}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = mine.filter((x) => x.zone.id === r.zone.id && x.certainty === r.certainty).length;
    out.push(`${r.finding}${n > 1 ? ` — ${n} times` : ''}.`);
  }
  // Territorial zones it came near without entering: say so, with the closest approach.
  const approaches = exact?.approaches.filter((a) => a.track === t.id) ?? [];
  for (const a of approaches) {
    const z = zoneById.get(a.zone);
    if (z?.kind !== 'territorial') continue;
    out.push(`did not enter ${zonePhrase(z)}; closest approach ${nm(a.distanceM)}.`);
  }
  for (const a of uncertain.get(t.id)?.approaches ?? []) {
    const z = zoneById.get(a.zone);
    if (z?.kind !== 'territorial') continue;
    out.push(
      `did not enter ${zonePhrase(z)}; closest approach ${nm(a.distanceM)} (position uncertain by ${nm(a.uncertaintyM)}).`,
    );
  }
  if (out.length === 0) out.push('entered none of the catalog’s zones.');
  return out;
}

function headline(m: ReportModel): string[] {
  const out: string[] = [];
  const ops = new Map<string, Track[]>();
  for (const t of m.tracks) {
    const k = t.operator ?? 'unknown';
    ops.set(k, [...(ops.get(k) ?? []), t]);
  }
  out.push(
    `${m.tracks.length} aircraft: ${[...ops].map(([k, ts]) => `${ts.length} ${k === 'unknown' ? 'of unknown operator' : `operated by ${stateName(k)}`} (${ts.map((t) => t.label ?? t.id).join(', ')})`).join('; ')}.`,
  );
  const tz = reportTimezone(m.tracks);
  const joint = m.formations.filter((f) => f.joint);
  for (const f of joint) {
    out.push(
      `Joint formation ${f.id}: ${f.members.length} aircraft of ${f.operators.map(stateName).join(' and ')} flew within ${'5 NM'} of one another from ${shortTime(f.startS, tz)} to ${shortTime(f.endS, tz)} (${durationText(f.durationS)}).`,
    );
  }
  const terr = m.rows.filter((r) => r.zone.kind === 'territorial' && r.finding.startsWith('entered'));
  const byTrackZone = new Map<string, VisitRow[]>();
  for (const r of terr)
    byTrackZone.set(`${r.label}|${r.zone.id}`, [...(byTrackZone.get(`${r.label}|${r.zone.id}`) ?? []), r]);
  for (const rs of byTrackZone.values()) {
    const r = rs[0];
    const times = rs
      .map((x) => `${shortTime(x.certainFromS ?? x.fromS, tz)}–${shortTime(x.certainToS ?? x.toS, tz)}`)
      .join(' and ');
    out.push(
      `${r.label} entered ${zonePhrase(r.zone)} ${rs.length === 1 ? 'once' : `${rs.length} times`} (${times}${tz ? ` UTC${tz}` : ' UTC'}, certainly inside).`,
    );
  }
  const possibleTerr = m.rows.filter((r) => r.zone.kind === 'territorial' && r.certainty === 'possible');
  if (possibleTerr.length) {
    out.push(
      `Possible but unestablished territorial entries (uncertainty disc straddling the boundary): ${[...new Set(possibleTerr.map((r) => `${r.label} / ${r.zone.id}`))].join('; ')}.`,
    );
  } else if (m.rows.some((r) => r.zone.kind === 'territorial')) {
    const others = m.tracks.filter((t) => !terr.some((r) => r.track === t.id)).map((t) => t.label ?? t.id);
    if (others.length)
      out.push(
        `No other territorial entry: ${others.join(', ')} stayed outside every territorial airspace in the catalog.`,
      );
  }
  const adiz = [
    ...new Set(
      m.rows.filter((r) => r.zone.kind === 'adiz' && r.certainty !== 'possible').map((r) => r.zone.id),
    ),
  ];
  if (adiz.length)
    out.push(
      `ADIZs entered: ${adiz.join(', ')}. An ADIZ is declared by one state, mostly over international airspace: it is not sovereign airspace, and entering one violates no sovereignty.`,
    );
  return out;
}
