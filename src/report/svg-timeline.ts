/**
 * The report's timeline: one row per aircraft, one lane per zone it visited, a solid band where
 * it was certainly inside and a hatched band where it only possibly was (position uncertainty),
 * and the formations drawn as brackets across their members' rows.
 */
import type { Formation } from '../analysis/formations.js';
import type { Track } from '../tracks/track.js';
import { offsetS, type VisitRow } from './report-model.js';
import { escapeXml, trackColors, zoneColor } from './svg-style.js';

export interface TimelineOptions {
  widthPx?: number;
  /** UTC offset to label the axis with, e.g. "+09:00" (default UTC). */
  timezone?: string | null;
}

const LABEL_W = 260;
const LANE_H = 13;
const ROW_PAD = 8;

export function renderTimelineSvg(
  tracks: Track[],
  rows: VisitRow[],
  formations: Formation[],
  options: TimelineOptions = {},
): string {
  const w = options.widthPx ?? 900;
  const t0 = Math.min(...tracks.map((t) => t.t[0]));
  const t1 = Math.max(...tracks.map((t) => t.t[t.t.length - 1]));
  const span = Math.max(60, t1 - t0);
  const x = (tS: number) => LABEL_W + ((tS - t0) / span) * (w - LABEL_W - 20);
  const colours = trackColors(tracks);
  const out: string[] = [];
  let y = 34;
  const rowY = new Map<string, [number, number]>();
  const body: string[] = [];
  tracks.forEach((t, i) => {
    const mine = rows.filter((r) => r.track === t.id);
    const lanes = [...new Set(mine.map((r) => r.zone.id))];
    const h = Math.max(1, lanes.length) * LANE_H + 2 * ROW_PAD;
    rowY.set(t.id, [y, y + h]);
    body.push(`<rect x="0" y="${y}" width="${w}" height="${h}" fill="${i % 2 ? '#ffffff' : '#f5f7f9'}"/>`);
    body.push(
      `<text x="8" y="${y + ROW_PAD + 10}" font-size="11" font-weight="600" fill="${colours[i]}">${escapeXml(t.label ?? t.id)}</text>`,
      `<text x="8" y="${y + ROW_PAD + 23}" font-size="9" fill="#555">${escapeXml([t.id, t.operator].filter(Boolean).join(' · '))}</text>`,
    );
    // The span the track covers.
    body.push(
      `<line x1="${x(t.t[0]).toFixed(1)}" y1="${y + h / 2}" x2="${x(t.t[t.t.length - 1]).toFixed(1)}" y2="${y + h / 2}" stroke="${colours[i]}" stroke-width="1" stroke-dasharray="2 2"/>`,
    );
    lanes.forEach((zoneId, lane) => {
      const ly = y + ROW_PAD + lane * LANE_H;
      for (const r of mine.filter((m) => m.zone.id === zoneId)) {
        const c = zoneColor(r.zone);
        const xa = x(r.fromS);
        const xb = x(r.toS);
        body.push(
          `<rect class="visit-band ${r.certainty}" data-zone="${escapeXml(zoneId)}" x="${xa.toFixed(1)}" y="${ly + 1}" width="${Math.max(1.5, xb - xa).toFixed(1)}" height="${LANE_H - 3}" fill="${r.certainty === 'exact' ? c : `url(#hatch-${cssId(zoneId)})`}" stroke="${c}" stroke-width="0.6"/>`,
        );
        if (r.certainFromS !== null && r.certainToS !== null && r.certainty !== 'exact') {
          const ca = x(r.certainFromS);
          const cb = x(r.certainToS);
          body.push(
            `<rect class="visit-band certain-part" x="${ca.toFixed(1)}" y="${ly + 1}" width="${Math.max(1.5, cb - ca).toFixed(1)}" height="${LANE_H - 3}" fill="${c}"/>`,
          );
        }
      }
      const first = mine.find((m) => m.zone.id === zoneId)!;
      body.push(
        `<text x="${LABEL_W - 6}" y="${ly + LANE_H - 3}" font-size="8.5" text-anchor="end" fill="${zoneColor(first.zone)}">${escapeXml(zoneId)}</text>`,
      );
    });
    y += h;
  });
  // Formations: a bracket over the time axis spanning its members' rows.
  const fx: string[] = [];
  for (const f of formations) {
    const ys = f.members.map((m) => rowY.get(m)).filter((r): r is [number, number] => !!r);
    if (!ys.length) continue;
    const top = Math.min(...ys.map((r) => r[0])) + 2;
    const bottom = Math.max(...ys.map((r) => r[1])) - 2;
    const xa = x(f.startS);
    const xb = x(f.endS);
    const c = f.joint ? '#d35400' : '#566573';
    fx.push(
      `<rect class="formation${f.joint ? ' joint' : ''}" data-formation="${f.id}" x="${xa.toFixed(1)}" y="${top}" width="${Math.max(2, xb - xa).toFixed(1)}" height="${bottom - top}" fill="${c}" fill-opacity="0.07" stroke="${c}" stroke-width="${f.joint ? 1.8 : 1}" stroke-dasharray="${f.joint ? '' : '4 3'}" rx="3"/>`,
      `<text x="${(xa + 3).toFixed(1)}" y="${top - 2 < 30 ? top + 10 : top - 2}" font-size="9.5" font-weight="600" fill="${c}">${f.id}${f.joint ? ' joint' : ''}</text>`,
    );
  }
  // Axis.
  const off = offsetS(options.timezone);
  const stepS = [600, 1800, 3600, 7200, 10800, 21600].find((s) => span / s <= 10) ?? 43200;
  const axis: string[] = [];
  for (let t = Math.ceil((t0 + off) / stepS) * stepS - off; t <= t1; t += stepS) {
    const xt = x(t);
    const label = new Date((t + off) * 1000).toISOString().slice(11, 16);
    axis.push(
      `<line x1="${xt.toFixed(1)}" y1="26" x2="${xt.toFixed(1)}" y2="${y}" stroke="#ccd4db" stroke-width="0.6"/>`,
      `<text x="${xt.toFixed(1)}" y="20" font-size="10" text-anchor="middle" fill="#333">${label}</text>`,
    );
  }
  const tzLabel = options.timezone && options.timezone !== 'Z' ? `UTC${options.timezone}` : 'UTC';
  const patterns = [...new Set(rows.map((r) => r.zone))].map(
    (z) =>
      `<pattern id="hatch-${cssId(z.id)}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/><line x1="0" y1="0" x2="0" y2="5" stroke="${zoneColor(z)}" stroke-width="1.6"/></pattern>`,
  );
  const legendY = y + 18;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${legendY + 10}" width="${w}" height="${legendY + 10}" role="img" aria-labelledby="timeline-title" class="timeline" font-family="inherit">`,
    '<title id="timeline-title">Timeline: one row per aircraft, a band per zone, formations marked</title>',
    `<defs>${patterns.join('')}</defs>`,
    `<text x="8" y="20" font-size="10" fill="#333">Time (${tzLabel})</text>`,
    ...body,
    ...axis,
    ...fx,
    `<g font-size="9.5" fill="#333" transform="translate(${LABEL_W},${legendY - 8})"><rect width="14" height="9" fill="#555"/><text x="18" y="8">certainly inside</text><rect x="120" width="14" height="9" fill="url(#hatch-legend)" stroke="#555" stroke-width="0.6"/><text x="138" y="8">possibly inside (position uncertainty)</text><rect x="330" width="14" height="9" fill="#d35400" fill-opacity="0.1" stroke="#d35400" stroke-width="1.5" rx="2"/><text x="348" y="8">joint formation</text><rect x="450" width="14" height="9" fill="#566573" fill-opacity="0.1" stroke="#566573" stroke-dasharray="3 2" rx="2"/><text x="468" y="8">formation (one operator)</text></g>`,
    '<defs><pattern id="hatch-legend" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/><line x1="0" y1="0" x2="0" y2="5" stroke="#555" stroke-width="1.6"/></pattern></defs>',
    '</svg>',
  );
  return out.join('\n');
}

function cssId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}
