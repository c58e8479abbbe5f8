/**
 * OpenAIR airspace files (the glider/paraglider exchange format; v1 records plus the v2 AY/AF/AG/AA
 * extensions) → Zones.
 *
 * Edge rule for straight DP edges: geodesic. OpenAIR does not say how consecutive DP points are
 * joined; the files are transcribed from AIPs, whose lines between published points are geodesics
 * (great circles on WGS84) unless the AIP says "along the parallel", which OpenAIR cannot express,
 * and dense border runs (Germany_Border.txt) make the choice immaterial there. Each zone records
 * this in extra.edgeRule.
 */

import { FT_M, normalizeLon } from '../geo/geodesic.js';
import type { Diagnostic } from '../tracks/track.js';
import { arcBetween, arcPoints, MAX_RADIUS_M, nmToM, sweepDeg } from './arcs.js';
import {
  IdRegistry,
  type ImportOptions,
  type ImportResult,
  importedZone,
  kindFromType,
  parseCoordinatePairs,
  RingBuilder,
  resolveState,
  slug,
  sourceFor,
} from './import-util.js';
import { EDGE_GEODESIC, type Zone, type ZoneGeometry, type ZoneKind } from './zone.js';

export const OPENAIR_EDGE_RULE =
  'OpenAIR DP edges read as WGS84 geodesics (OpenAIR does not define the edge; AIP lines are geodesics)';

/** A parsed vertical limit: feet (null = surface for a floor, unlimited for a ceiling) and datum. */
export interface AltitudeLimit {
  ft: number | null;
  ref: 'MSL' | 'AGL' | 'STD' | null;
}

/**
 * OpenAIR AL/AH text → limit. Accepts GND, SFC, MSL, UNL/UNLTD/UNLIM, FLnnn, "nnn ft|m [AMSL|MSL|AGL|
 * GND|SFC|ASFC|STD]" (no unit = feet, no datum = MSL). Returns an error message otherwise.
 */
export function parseOpenAirLimit(raw: string, which: 'floor' | 'ceiling'): AltitudeLimit | string {
  const t = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (t === '') return 'empty limit';
  if (/^(GND|SFC|ASFC|AGL)$/.test(t)) {
    return which === 'floor' ? { ft: null, ref: null } : { ft: 0, ref: 'AGL' };
  }
  if (/^(MSL|AMSL)$/.test(t)) return { ft: 0, ref: 'MSL' };
  if (/^(UNL|UNLTD|UNLIM|UNLIMITED|UNLTD\.)$/.test(t)) {
    return which === 'ceiling' ? { ft: null, ref: null } : 'UNL is not a floor';
  }
  const fl = /^FL ?(\d+(?:\.\d+)?)$/.exec(t);
  if (fl) return { ft: Number(fl[1]) * 100, ref: 'STD' };
  const m =
    /^(\d+(?:\.\d+)?) ?(FT|F|FEET|M|METER|METERS|METRES)?\.? ?(AMSL|MSL|AGL|GND|SFC|ASFC|STD|ALT)?$/.exec(t);
  if (!m) return `expected GND, SFC, MSL, UNL, FLnnn or a height in ft/m with MSL/AGL, got '${raw.trim()}'`;
  const value = Number(m[1]);
  const ft = m[2]?.startsWith('M') ? value / FT_M : value;
  const datum = m[3] ?? 'MSL';
  const ref =
    datum === 'AGL' || datum === 'GND' || datum === 'SFC' || datum === 'ASFC'
      ? 'AGL'
      : datum === 'STD'
        ? 'STD'
        : 'MSL';
  if (ft === 0 && ref === 'AGL' && which === 'floor') return { ft: null, ref: null };
  return { ft, ref };
}

interface OpenAirRecord {
  line: number;
  index: number;
  cls: string;
  name: string | null;
  type: string | null;
  floor: AltitudeLimit | null;
  ceiling: AltitudeLimit | null;
  extra: Record<string, unknown>;
  ring: RingBuilder;
  circles: Array<{ lat: number; lon: number; radiusNm: number; line: number }>;
  broken: boolean;
}

/** Parses an OpenAIR text. `name` names the file in problems and in each zone's source. */
export function importOpenAir(name: string, text: string, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const zones: Zone[] = [];
  const ids = new IdRegistry();
  const state = resolveState(name, options);
  const source = sourceFor(name);
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = src.split(/\r\n|\r|\n/);

  let rec: OpenAirRecord | null = null;
  let centre: [number, number] | null = null;
  let clockwise = true;
  let count = 0;

  const problem = (line: number, field: string | undefined, message: string): void => {
    const d: Diagnostic = { file: name, line, message };
    if (field) d.field = field;
    problems.push(d);
  };

  const finish = (): void => {
    if (!rec) return;
    const z = buildZone(rec);
    if (z) zones.push(z);
    rec = null;
  };

  const buildZone = (r: OpenAirRecord): Zone | null => {
    const label = r.name ?? `record ${r.index}`;
    if (r.broken) {
      problem(
        r.line,
        undefined,
        `airspace '${label}' skipped: its geometry has errors (see the lines above)`,
      );
      return null;
    }
    let geometry: ZoneGeometry;
    if (r.circles.length > 0) {
      if (r.ring.length > 0 || r.circles.length > 1) {
        problem(
          r.line,
          'DC',
          `airspace '${label}' mixes a circle (DC) with other geometry; expected one DC or only DP/DA/DB`,
        );
        return null;
      }
      const c = r.circles[0];
      geometry = {
        type: 'buffer',
        distanceNm: c.radiusNm,
        baseline: { points: [[c.lat, c.lon]], lines: [], polygons: [] },
      };
    } else {
      const ring = r.ring.build();
      if (typeof ring === 'string') {
        if (r.ring.error) {
          problem(r.line, 'DP', `airspace '${label}' skipped: ${r.ring.error}`);
          return null;
        }
        const v = r.ring.vertices();
        if (v.length === 0) {
          problem(r.line, 'DP', `airspace '${label}' skipped: no geometry; expected DP, DA, DB or DC lines`);
          return null;
        }
        // Obstacles such as cables are written as 2-point "polygons": kept as what they are, a line
        // (or point) with no width, so the zone exists but encloses no area.
        problem(
          r.line,
          'DP',
          `airspace '${label}' has ${v.length} distinct point(s); kept as a line with no area`,
        );
        geometry =
          v.length === 1
            ? { type: 'buffer', distanceNm: 0, baseline: { points: [v[0]], lines: [], polygons: [] } }
            : {
                type: 'buffer',
                distanceNm: 0,
                baseline: {
                  points: [],
                  lines: [
                    {
                      lat: Float64Array.from(v.map((p) => p[0])),
                      lon: Float64Array.from(v.map((p) => p[1])),
                    },
                  ],
                  polygons: [],
                },
              };
      } else geometry = { type: 'polygon', polygons: [[ring]] };
    }
    const kind: ZoneKind = r.type ? kindFromType(r.type) : 'other';
    const extra: Record<string, unknown> = { format: 'openair', line: r.line, class: r.cls, ...r.extra };
    if (r.type) extra.type = r.type;
    if (geometry.type === 'polygon') extra.edgeRule = OPENAIR_EDGE_RULE;
    if (r.floor?.ref === 'AGL') extra.floorRef = 'AGL';
    if (r.ceiling?.ref === 'AGL') extra.ceilingRef = 'AGL';
    if (!r.floor) problem(r.line, 'AL', `airspace '${label}' has no AL (floor); surface assumed`);
    if (!r.ceiling) problem(r.line, 'AH', `airspace '${label}' has no AH (ceiling); unlimited assumed`);
    return importedZone(
      {
        id: ids.take(`${slug(label)}-${r.index}`),
        name: label,
        kind,
        state,
        floorFt: r.floor ? r.floor.ft : null,
        ceilingFt: r.ceiling ? r.ceiling.ft : null,
        geometry,
        source,
        extra,
      },
      'OpenAIR',
    );
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('*') || trimmed.startsWith('#')) continue;
    const m = /^([A-Za-z]{1,2})(?:\s+|$)(.*)$/.exec(trimmed) ?? /^(V)\s*(.*)$/.exec(trimmed);
    if (!m) {
      problem(
        lineNo,
        undefined,
        `expected an OpenAIR command (AC, AN, AL, AH, DP, V, DA, DB, DC...), got '${clip(trimmed)}'`,
      );
      if (rec) rec.broken = true;
      continue;
    }
    const cmd = m[1].toUpperCase();
    // Inline comments: OpenAIR writers put "* ..." after values; names may not contain '*'.
    const arg = cmd === 'AN' ? m[2].trim() : m[2].replace(/\*.*$/, '').trim();
    if (cmd === 'AC') {
      finish();
      count++;
      rec = {
        line: lineNo,
        index: count,
        cls: arg,
        name: null,
        type: null,
        floor: null,
        ceiling: null,
        extra: {},
        ring: new RingBuilder(),
        circles: [],
        broken: false,
      };
      centre = null;
      clockwise = true;
      continue;
    }
    if (!rec) {
      problem(lineNo, cmd, `'${cmd}' outside an airspace record; expected an AC line first`);
      continue;
    }
    const r: OpenAirRecord = rec;
    switch (cmd) {
      case 'AN':
        r.name = arg || null;
        break;
      case 'AY':
        r.type = arg || null;
        break;
      case 'AF':
        r.extra.frequency = arg;
        break;
      case 'AG':
        r.extra.station = arg;
        break;
      case 'AX':
        r.extra.transponder = arg;
        break;
      case 'AI':
        r.extra.ident = arg;
        break;
      case 'AA': {
        const list = (r.extra.activation as string[] | undefined) ?? [];
        list.push(arg);
        r.extra.activation = list;
        break;
      }
      case 'AL':
      case 'AH': {
        const which = cmd === 'AL' ? 'floor' : 'ceiling';
        const lim = parseOpenAirLimit(arg, which);
        if (typeof lim === 'string') {
          problem(lineNo, cmd, lim);
          r.broken = true;
        } else if (which === 'floor') r.floor = lim;
        else r.ceiling = lim;
        break;
      }
      case 'AT':
      case 'SP':
      case 'SB':
        break; // label positions and display styles carry no airspace meaning
      case 'V': {
        const v = /^([A-Za-z])\s*=\s*(.*)$/.exec(arg);
        if (!v) {
          problem(
            lineNo,
            'V',
            `expected V X=<coordinate>, V D=+|-, V W=<width> or V Z=<zoom>, got '${clip(arg)}'`,
          );
          r.broken = true;
          break;
        }
        const key = v[1].toUpperCase();
        if (key === 'X') {
          const p = parseCoordinatePairs(v[2]);
          if (p?.length !== 1) {
            problem(
              lineNo,
              'V X',
              `expected one coordinate such as 46:58:29 N 008:15:29 E, got '${clip(v[2])}'`,
            );
            r.broken = true;
            centre = null;
          } else centre = p[0];
        } else if (key === 'D') {
          const d = v[2].trim();
          if (d === '+' || d === '') clockwise = true;
          else if (d === '-') clockwise = false;
          else {
            problem(lineNo, 'V D', `expected + or -, got '${clip(d)}'`);
            r.broken = true;
          }
        }
        break;
      }
      case 'DP': {
        const p = parseCoordinatePairs(arg);
        if (p?.length !== 1) {
          problem(lineNo, 'DP', `expected one coordinate such as 46:58:29 N 008:15:29 E, got '${clip(arg)}'`);
          r.broken = true;
          break;
        }
        r.ring.push(p[0][0], p[0][1], EDGE_GEODESIC);
        break;
      }
      case 'DA': {
        const parts = arg.split(',').map((s) => s.trim());
        const nums = parts.map(Number);
        if (
          parts.length !== 3 ||
          nums.some((x) => !Number.isFinite(x)) ||
          nums[0] <= 0 ||
          nmToM(nums[0]) > MAX_RADIUS_M
        ) {
          problem(lineNo, 'DA', `expected 'radiusNm, startBearing, endBearing', got '${clip(arg)}'`);
          r.broken = true;
          break;
        }
        if (!centre) {
          problem(lineNo, 'DA', 'arc without a centre; expected a V X= line before it');
          r.broken = true;
          break;
        }
        const [radiusNm, a1, a2] = nums;
        const sweep = sweepDeg(a1, a2, clockwise);
        for (const [lat, lon] of arcPoints(centre[0], centre[1], nmToM(radiusNm), a1, sweep)) {
          r.ring.push(lat, lon, EDGE_GEODESIC);
        }
        break;
      }
      case 'DB': {
        const p = parseCoordinatePairs(arg);
        if (p?.length !== 2) {
          problem(lineNo, 'DB', `expected two coordinates 'lat lon, lat lon', got '${clip(arg)}'`);
          r.broken = true;
          break;
        }
        if (!centre) {
          problem(lineNo, 'DB', 'arc without a centre; expected a V X= line before it');
          r.broken = true;
          break;
        }
        const arc = arcBetween(centre[0], centre[1], p[0], p[1], clockwise);
        // The published end points stay exact; the arc between them runs at the start point's
        // distance from the centre (OpenAIR's definition of the DB radius).
        r.ring.push(p[0][0], p[0][1], EDGE_GEODESIC);
        for (let k = 1; k < arc.points.length - 1; k++)
          r.ring.push(arc.points[k][0], arc.points[k][1], EDGE_GEODESIC);
        r.ring.push(p[1][0], p[1][1], EDGE_GEODESIC);
        if (arc.mismatchM > Math.max(200, 0.02 * arc.radiusM)) {
          problem(
            lineNo,
            'DB',
            `arc end points are ${Math.round(arc.radiusM)} m and ${Math.round(arc.radiusM + arc.mismatchM)} m from the centre; expected equal distances`,
          );
        }
        break;
      }
      case 'DC': {
        const radiusNm = Number(arg.replace(',', '.'));
        if (!Number.isFinite(radiusNm) || radiusNm <= 0 || nmToM(radiusNm) > MAX_RADIUS_M) {
          problem(lineNo, 'DC', `expected a radius in NM, got '${clip(arg)}'`);
          r.broken = true;
          break;
        }
        if (!centre) {
          problem(lineNo, 'DC', 'circle without a centre; expected a V X= line before it');
          r.broken = true;
          break;
        }
        r.circles.push({ lat: centre[0], lon: normalizeLon(centre[1]), radiusNm, line: lineNo });
        break;
      }
      case 'DY':
        problem(lineNo, 'DY', 'airway segments (DY) are not supported; airspace skipped');
        r.broken = true;
        break;
      default:
        // Unknown commands of later OpenAIR dialects are ignored rather than fatal.
        break;
    }
  }
  finish();
  if (count === 0) problems.push({ file: name, message: 'no OpenAIR airspace (AC record) found' });
  return { zones, problems };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
