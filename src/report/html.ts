/**
 * The incident report as one self-contained, printable HTML page: no script, no external
 * resource; the figures are inline SVG. Sections: summary, map, timeline, formations, visits,
 * findings per aircraft, positions as reported, zones and their sources, method and uncertainty.
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
import { renderMapSvg } from './svg-map.js';
import { escapeXml as esc, KIND_LABEL, trackColors, zoneColor } from './svg-style.js';
import { renderTimelineSvg } from './svg-timeline.js';

export { buildReport, type ReportModel, type ReportOptions } from './report-model.js';

/** Builds the model and renders it (the function the CLI calls). */
export function renderReportHtml(tracks: Track[], catalog: Catalog, options: ReportOptions = {}): string {
  return renderReport(buildReport(tracks, catalog, options));
}

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1c2833; margin: 0 auto; max-width: 960px; padding: 18px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; border-bottom: 2px solid #1c2833; padding-bottom: 2px; margin: 26px 0 8px; break-after: avoid; }
h3 { font-size: 14px; margin: 14px 0 4px; }
.meta { color: #566573; font-size: 11.5px; margin-bottom: 10px; }
.summary { background: #f4f6f7; border-left: 4px solid #1c2833; padding: 8px 14px; }
.summary li { margin: 3px 0; }
figure { margin: 10px 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid #d5dbdb; }
figcaption { font-size: 11px; color: #444; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 11px; margin: 6px 0; }
th, td { border: 1px solid #d5dbdb; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eaecee; }
tr { break-inside: avoid; }
.tag { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 10.5px; font-weight: 600; color: #fff; }
.tag.certain, .tag.exact { background: #1c2833; }
.tag.possible { background: #fff; color: #1c2833; border: 1px dashed #1c2833; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.note { font-size: 11.5px; color: #333; }
.small { font-size: 10.5px; color: #566573; }
a { color: #1a5276; word-break: break-all; }
@media print { body { padding: 0; max-width: none; } h2 { break-before: auto; } .pagebreak { break-before: page; } }
`;

export function renderReport(m: ReportModel): string {
  const tz = reportTimezone(m.tracks);
  const colours = trackColors(m.tracks);
  const h: string[] = [];
  h.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(m.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${esc(m.title)}</h1>`,
    `<div class="meta">Report generated ${esc(timeText(Date.parse(m.generatedAt) / 1000))} by incursion ${esc(m.exact?.tool.version ?? '0.1.0')} · zone catalog <b>${esc(m.catalog.id)}</b> version ${esc(m.catalog.version)} · period covered ${esc(timeText(m.startS, tz))} to ${esc(timeText(m.endS, tz))}${m.inputs.length ? ` · input: ${m.inputs.map(esc).join(', ')}` : ''}</div></header>`,
  );

  h.push('<section id="summary"><h2>Summary</h2><ul class="summary">');
  for (const s of m.headline) h.push(`<li>${esc(s)}</li>`);
  h.push('</ul>');
  if (m.uncertain.size) {
    h.push(
      '<p class="note">Positions for this incident come from official notices, not from radar or ADS-B data. Each position is known only to within a stated radius; a finding is called <b>certain</b> only when it holds for every position within that radius, and <b>possible</b> when it holds for some of them. See “Method and uncertainty”.</p>',
    );
  }
  h.push('</section>');

  h.push('<section id="map"><h2>Map</h2><figure>');
  h.push(renderMapSvg(m.tracks, mapZones(m)));
  h.push(
    `<figcaption>Tracks (${m.tracks.map((t, i) => `<span class="swatch" style="background:${colours[i]}"></span>${esc(t.label ?? t.id)}`).join(', ')}); a white dot marks each track's start. ${m.uncertain.size ? 'Tracks reconstructed from reports are dashed, with their waypoints as dots and their position uncertainty as a translucent band. ' : ''}Filled areas: territorial airspace (sovereign; yellow where sovereignty is disputed). Dashed outlines: air defense identification zones (not sovereign).</figcaption></figure></section>`,
  );

  h.push('<section id="timeline"><h2>Timeline</h2><figure>');
  h.push(renderTimelineSvg(m.tracks, m.rows, m.formations, { timezone: tz }));
  h.push(
    `<figcaption>Each row is an aircraft and each lane a zone it entered. ${tz ? `Times are UTC${esc(tz)}, the clock of the notices (UTC is given in the tables).` : 'Times are UTC.'}</figcaption></figure></section>`,
  );

  h.push('<section id="formations"><h2>Formations</h2>');
  if (!m.formations.length) {
    h.push('<p>No aircraft flew together (within 5 NM and 2,000 ft for at least 5 minutes).</p>');
  } else {
    h.push(
      '<table><thead><tr><th>Id</th><th>Aircraft</th><th>Operators</th><th>From</th><th>To</th><th>Duration</th><th>Zones the whole formation was in</th></tr></thead><tbody>',
    );
    for (const f of m.formations) {
      const zones = f.visits.length
        ? f.visits
            .map(
              (v) =>
                `${esc(v.zone)} ${shortTime(Date.parse(v.from) / 1000, tz)}–${shortTime(Date.parse(v.to) / 1000, tz)}`,
            )
            .join('<br>')
        : '—';
      h.push(
        `<tr class="formation-row${f.joint ? ' joint' : ''}"><td>${f.id}${f.joint ? ' <span class="tag exact">joint</span>' : ''}</td><td>${f.labels.map((l, i) => esc(l ?? f.members[i])).join(', ')}</td><td>${f.operators.map((o) => esc(stateName(o))).join(', ') || 'unknown'}</td><td>${esc(timeText(f.startS, tz))}</td><td>${esc(timeText(f.endS, tz))}</td><td>${durationText(f.durationS)}${f.breaks.length ? `<br><span class="small">${f.breaks.length} brief separation(s), together ${durationText(f.togetherS)}</span>` : ''}</td><td>${zones}</td></tr>`,
      );
    }
    h.push('</tbody></table>');
    h.push(
      '<p class="small">A formation: aircraft each within 5 NM (horizontal, along the ellipsoid) and 2,000 ft (vertical, where altitudes are known) of another member, for at least 5 minutes, computed on the continuous motion between positions. When an aircraft joins or leaves, one formation ends and the next begins. Aircraft that a notice reports as one group share its positions, so their separation in a reconstruction is zero by construction.</p>',
    );
  }
  h.push('</section>');

  h.push('<section id="visits"><h2>Zone visits</h2>');
  if (!m.rows.length) h.push('<p>No aircraft entered a zone of the catalog.</p>');
  else {
    h.push(
      '<table class="visits"><thead><tr><th>Aircraft</th><th>Zone</th><th>Certainty</th><th>Entered</th><th>Left</th><th>Time inside</th><th>Finding</th></tr></thead><tbody>',
    );
    for (const r of m.rows) {
      h.push(
        `<tr data-zone="${esc(r.zone.id)}"><td>${esc(r.label)}</td><td><span class="swatch" style="background:${zoneColor(r.zone)}"></span>${esc(r.zone.id)}<br><span class="small">${esc(KIND_LABEL[r.zone.kind] ?? r.zone.kind)}</span></td><td><span class="tag ${r.certainty}">${r.certainty}</span></td><td>${esc(r.enter)}</td><td>${esc(r.exit)}</td><td>${esc(r.duration)}</td><td>${esc(r.finding)}</td></tr>`,
      );
    }
    h.push('</tbody></table>');
  }
  h.push('</section>');

  h.push('<section id="findings"><h2>Findings by aircraft</h2>');
  m.findings.forEach(({ track, sentences }, i) => {
    const type = typeof track.meta?.type === 'string' ? ` — ${esc(track.meta.type)}` : '';
    h.push(
      `<h3><span class="swatch" style="background:${colours[i]}"></span>${esc(track.label ?? track.id)} <span class="small">(${esc(track.id)}${track.operator ? `, ${esc(stateName(track.operator))}` : ''}, ${esc(track.category)} aircraft${type})</span></h3><ul>`,
    );
    for (const s of sentences) h.push(`<li>${esc(capitalize(s))}</li>`);
    h.push('</ul>');
  });
  h.push('</section>');

  const reported = m.tracks.filter((t) => Array.isArray(t.meta?.waypoints));
  if (reported.length) {
    h.push('<section id="positions" class="pagebreak"><h2>Positions as reported</h2>');
    h.push(
      '<p class="note">Every position used for the reconstructed tracks, as the notices describe it, with the radius it is taken to be uncertain by. “Inferred” positions are not in any notice: they join reported ones by the shortest plausible route.</p>',
    );
    const groups = groupWaypoints(reported);
    for (const g of groups) {
      h.push(`<h3>${esc(g.labels.join(', '))}</h3>`);
      h.push(
        '<table><thead><tr><th>Time</th><th>Position</th><th>±</th><th>What the source says</th><th>Source</th></tr></thead><tbody>',
      );
      for (const w of g.waypoints) {
        h.push(
          `<tr><td>${esc(timeText(Date.parse(w.time) / 1000, tz))}</td><td>${esc(w.described)}<br><span class="small">${w.lat.toFixed(3)}°, ${w.lon.toFixed(3)}°</span></td><td>${nm(w.uncertaintyM)}</td><td>${esc(w.note ?? '')}</td><td>${esc(w.source ?? '—')}</td></tr>`,
        );
      }
      h.push('</tbody></table>');
    }
    const sources = reported[0].meta?.sources as
      | Record<string, { title?: string; url?: string | null }>
      | undefined;
    if (sources && Object.keys(sources).length) {
      h.push('<h3>Sources of the positions</h3><ul>');
      for (const [k, s] of Object.entries(sources)) {
        h.push(
          `<li><b>${esc(k)}</b>: ${esc(s.title ?? '')}${s.url ? ` — <a href="${esc(s.url)}">${esc(s.url)}</a>` : ''}</li>`,
        );
      }
      h.push('</ul>');
    }
    h.push('</section>');
  }

  h.push('<section id="zones"><h2>Zones and their sources</h2>');
  h.push(
    '<table><thead><tr><th>Zone</th><th>Kind</th><th>Declared / administered by</th><th>Claimants</th><th>In force</th><th>Source</th><th>Quality</th></tr></thead><tbody>',
  );
  for (const z of m.zonesUsed) {
    const src = z.source
      ? `${esc(z.source.title)}${z.source.url ? `<br><a href="${esc(z.source.url)}">${esc(z.source.url)}</a>` : ''}${z.source.licence ? `<br><span class="small">licence: ${esc(z.source.licence)}</span>` : ''}${z.source.retrieved ? `<br><span class="small">retrieved ${esc(z.source.retrieved)}</span>` : ''}`
      : 'no source given';
    h.push(
      `<tr data-zone="${esc(z.id)}"><td><b>${esc(z.id)}</b><br>${esc(z.name)}</td><td>${esc(KIND_LABEL[z.kind] ?? z.kind)}</td><td>${esc(stateName(z.state))}</td><td>${z.claimants.map((c) => esc(stateName(c))).join(', ')}</td><td>${esc(z.validFrom ?? 'open')} – ${esc(z.validTo ?? 'open')}</td><td>${src}</td><td>${esc(z.quality?.level ?? 'unstated')}${z.quality?.note ? `<br><span class="small">${esc(z.quality.note)}</span>` : ''}</td></tr>`,
    );
  }
  h.push('</tbody></table></section>');

  h.push('<section id="method"><h2>Method and uncertainty</h2>');
  h.push(
    '<ul class="note">',
    '<li><b>Motion.</b> Between two positions an aircraft is taken to fly the shortest path on the WGS84 ellipsoid (a geodesic) at constant speed. Boundary crossings are computed on that continuous path, not only at the reported positions.</li>',
    '<li><b>Zones.</b> Territorial airspace is sovereign: land, internal waters and the territorial sea (up to 12 NM; 3 NM in some straits). An ADIZ is declared by one state, mostly over international airspace; it is not sovereign airspace, and entering it is not a violation of sovereignty. Where sovereignty is disputed, the zone lists every claimant and this report takes no side. A point can lie in several zones at once; all are reported.</li>',
    '<li><b>Territorial entries.</b> A state aircraft needs authorisation to enter foreign territorial airspace. Whether such authorisation existed is not in the data, so the report states entries and leaves the verdict to the reader.</li>',
    '<li><b>Distances.</b> Distances and boundaries are computed on the ellipsoid (Karney’s geodesic algorithms). The map is a drawing; its projection plays no part in any finding.</li>',
  );
  if (m.uncertain.size) {
    h.push(
      '<li><b>Positions from reports.</b> Each reported position is a point derived from the notice’s wording (“126 km NW of Ieodo” is 126 km at bearing 315° from the gazetteer point for Ieodo) with an uncertainty radius r that covers how loosely the wording pins it down; between waypoints r changes linearly in time. The gazetteer lists each reference point and its source.</li>',
      '<li><b>Certain and possible.</b> An aircraft was <i>certainly</i> inside a zone while the whole disc of radius r around its reconstructed position was inside, and <i>possibly</i> inside while the disc reached into the zone. An entry time is therefore an interval: from the disc first touching the boundary to the disc being wholly inside; the time at which the reconstructed track itself crosses is given in brackets.</li>',
      '<li><b>Limits.</b> A reconstruction from notices is only as good as the notices. Positions marked “inferred” come from no notice. Notice times are given to the minute. Findings marked possible are not established by the reports.</li>',
    );
  }
  h.push(
    '<li><b>Zone data.</b> Each zone’s source and quality are listed above. “Approximate” or “derived” boundaries can shift a finding near the boundary; check the quality before relying on a crossing close to one.</li>',
    '</ul></section>',
  );
  h.push(
    `<footer class="small"><p>Produced with incursion. Land outlines: Natural Earth (public domain) via the world-atlas package. Territorial-sea outlines where derived: OpenStreetMap contributors (ODbL) via @geo-maps/countries-maritime-10m, as stated per zone.</p></footer>`,
    '</body></html>',
  );
  return h.join('\n');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Zones to draw: every zone visited or approached, plus any other zone in view of the tracks. */
function mapZones(m: ReportModel) {
  const used = new Set(m.zonesUsed.map((z) => z.id));
  const t0 = m.startS;
  return m.catalog.zones.filter((z) => {
    const from = z.validFrom
      ? Date.parse(z.validFrom.length === 10 ? `${z.validFrom}T00:00:00Z` : z.validFrom) / 1000
      : -Infinity;
    const to = z.validTo
      ? Date.parse(z.validTo.length === 10 ? `${z.validTo}T00:00:00Z` : z.validTo) / 1000
      : Infinity;
    const inForce = t0 < to && m.endS > from;
    return inForce && (used.has(z.id) || z.kind === 'territorial' || z.kind === 'adiz');
  });
}

/** Tracks with identical waypoint lists are listed once (the notices report groups). */
function groupWaypoints(tracks: Track[]): Array<{ labels: string[]; waypoints: ReportWaypoint[] }> {
  const out: Array<{ labels: string[]; waypoints: ReportWaypoint[]; key: string }> = [];
  for (const t of tracks) {
    const wps = t.meta?.waypoints as ReportWaypoint[];
    const key = JSON.stringify(wps.map((w) => [w.time, w.lat, w.lon]));
    const g = out.find((x) => x.key === key);
    if (g) g.labels.push(t.label ?? t.id);
    else out.push({ labels: [t.label ?? t.id], waypoints: wps, key });
  }
  return out;
}
