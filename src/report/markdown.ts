/**
 * The incident report as Markdown: the same model and wording as the HTML report, with tables
 * instead of figures (the map and timeline exist only in the HTML and PDF forms).
 */

import type { ReportWaypoint } from '../tracks/report-track.js';
import type { Track } from '../tracks/track.js';
import type { Catalog } from '../zones/zone.js';
import {
  buildReport,
  durationText,
  nm,
  type ReportModel,
  type ReportOptions,
  reportTimezone,
  shortTime,
  stateName,
  timeText,
} from './report-model.js';
import { KIND_LABEL } from './svg-style.js';

export function renderReportMarkdownFor(
  tracks: Track[],
  catalog: Catalog,
  options: ReportOptions = {},
): string {
  return renderMarkdown(buildReport(tracks, catalog, options));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(m: ReportModel): string {
  const tz = reportTimezone(m.tracks);
  const out: string[] = [];
  out.push(`# ${m.title}`, '');
  out.push(
    `Report generated ${timeText(Date.parse(m.generatedAt) / 1000)} by incursion · zone catalog **${m.catalog.id}** version ${m.catalog.version} · period ${timeText(m.startS, tz)} to ${timeText(m.endS, tz)}${m.inputs.length ? ` · input: ${m.inputs.join(', ')}` : ''}`,
    '',
    '## Summary',
    '',
  );
  for (const s of m.headline) out.push(`- ${s}`);
  out.push('', '## Formations', '');
  if (!m.formations.length)
    out.push('No aircraft flew together (within 5 NM and 2,000 ft for at least 5 minutes).');
  else {
    out.push(
      '| Id | Aircraft | Operators | From | To | Duration | Zones the whole formation was in |',
      '|---|---|---|---|---|---|---|',
    );
    for (const f of m.formations) {
      const zones = f.visits
        .map(
          (v) =>
            `${v.zone} ${shortTime(Date.parse(v.from) / 1000, tz)}–${shortTime(Date.parse(v.to) / 1000, tz)}`,
        )
        .join('; ');
      out.push(
        `| ${f.id}${f.joint ? ' (joint)' : ''} | ${cell(f.labels.map((l, i) => l ?? f.members[i]).join(', '))} | ${f.operators.map(stateName).join(', ') || 'unknown'} | ${timeText(f.startS, tz)} | ${timeText(f.endS, tz)} | ${durationText(f.durationS)} | ${cell(zones || '—')} |`,
      );
    }
  }
  out.push('', '## Zone visits', '');
  if (!m.rows.length) out.push('No aircraft entered a zone of the catalog.');
  else {
    out.push(
      '| Aircraft | Zone | Certainty | Entered | Left | Time inside | Finding |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of m.rows) {
      out.push(
        `| ${cell(r.label)} | ${r.zone.id} | ${r.certainty} | ${cell(r.enter)} | ${cell(r.exit)} | ${r.duration} | ${cell(r.finding)} |`,
      );
    }
  }
  out.push('', '## Findings by aircraft', '');
  for (const { track, sentences } of m.findings) {
    out.push(
      `### ${track.label ?? track.id} (${track.id}${track.operator ? `, ${stateName(track.operator)}` : ''})`,
      '',
    );
    for (const s of sentences) out.push(`- ${s.charAt(0).toUpperCase()}${s.slice(1)}`);
    out.push('');
  }
  const reported = m.tracks.filter((t) => Array.isArray(t.meta?.waypoints));
  if (reported.length) {
    out.push('## Positions as reported', '');
    const done = new Set<string>();
    for (const t of reported) {
      const wps = t.meta?.waypoints as ReportWaypoint[];
      const key = JSON.stringify(wps.map((w) => w.time + w.lat));
      if (done.has(key)) continue;
      done.add(key);
      const same = reported.filter(
        (x) =>
          JSON.stringify(((x.meta?.waypoints ?? []) as ReportWaypoint[]).map((w) => w.time + w.lat)) === key,
      );
      out.push(
        `### ${same.map((x) => x.label ?? x.id).join(', ')}`,
        '',
        '| Time | Position | ± | What the source says | Source |',
        '|---|---|---|---|---|',
      );
      for (const w of wps) {
        out.push(
          `| ${timeText(Date.parse(w.time) / 1000, tz)} | ${cell(w.described)} (${w.lat.toFixed(3)}°, ${w.lon.toFixed(3)}°) | ${nm(w.uncertaintyM)} | ${cell(w.note ?? '')} | ${w.source ?? '—'} |`,
        );
      }
      out.push('');
    }
  }
  out.push(
    '## Zones and their sources',
    '',
    '| Zone | Kind | State | Claimants | In force | Source | Quality |',
    '|---|---|---|---|---|---|---|',
  );
  for (const z of m.zonesUsed) {
    const src = z.source
      ? `${z.source.title}${z.source.url ? ` <${z.source.url}>` : ''}${z.source.licence ? ` (licence: ${z.source.licence})` : ''}`
      : 'no source given';
    out.push(
      `| ${z.id}: ${cell(z.name)} | ${KIND_LABEL[z.kind] ?? z.kind} | ${stateName(z.state)} | ${z.claimants.map(stateName).join(', ')} | ${z.validFrom ?? 'open'} – ${z.validTo ?? 'open'} | ${cell(src)} | ${cell(`${z.quality?.level ?? 'unstated'}${z.quality?.note ? `: ${z.quality.note}` : ''}`)} |`,
    );
  }
  out.push(
    '',
    '## Method and uncertainty',
    '',
    '- Between two positions an aircraft is taken to fly the geodesic on the WGS84 ellipsoid at constant speed; crossings are computed on that continuous path.',
    '- Territorial airspace is sovereign (land, internal waters, territorial sea up to 12 NM). An ADIZ is not sovereign airspace; entering one violates no sovereignty. Disputed zones list every claimant; this report takes no side.',
    '- A state aircraft needs authorisation to enter foreign territorial airspace; whether it had any is not in the data, so entries are stated and the verdict is left to the reader.',
  );
  if (m.uncertain.size) {
    out.push(
      '- Reported positions ("126 km NW of Ieodo") are converted to points from the gazetteer, with an uncertainty radius r (linear in time between waypoints). *Certain*: the whole disc of radius r was inside; *possible*: the disc reached into the zone. Entry and exit times are intervals; the reconstructed track’s own crossing is given in brackets.',
      '- Positions marked "inferred" come from no notice. Possible findings are not established by the reports.',
    );
  }
  out.push('');
  return out.join('\n');
}
