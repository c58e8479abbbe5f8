/**
 * AIXM 5.1 / 5.1.1 Airspace features (aixm:Airspace with aixm:AirspaceTimeSlice) → Zones.
 *
 * Geometry: gml:posList / gml:pos read in the axis order of EPSG:4326 (lat lon) unless the srsName
 * says CRS84. GeodesicString → geodesic edges. LineStringSegment → rhumb edges: the AIXM coding
 * guidelines make it "linear" interpolation in lat/long, which AIPs use for "along the parallel"
 * (and meridian) boundaries; a rhumb line is exactly that on a parallel or meridian and the closest
 * edge kind we have elsewhere. ArcByCenterPoint is densified along the geodesic circle (arcs.ts,
 * sagitta ≤ 0.5 m); a ring made of one CircleByCenterPoint is a buffer zone. An airway volume
 * (centreline + width) is a buffer of half the width around the centreline.
 *
 * An airspace whose geometry components (BASE, UNION, contributor airspaces) carry different
 * vertical limits, or mix polygons and buffers, cannot be one Zone (one floor, one ceiling): it
 * becomes one zone per uniform group, ids suffixed ".1", ".2"…, each with extra.airspace = the
 * airspace's id. SUBTR of another airspace becomes `excludes`; SUBTR of an explicit volume and
 * INTERS are reported and left out.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FT_M, inverse, NM_M, normalizeLon } from '../geo/geodesic.js';
import type { Diagnostic } from '../tracks/track.js';
import { arcPoints, MAX_RADIUS_M, sweepDeg } from './arcs.js';
import {
  IdRegistry,
  type ImportOptions,
  type ImportResult,
  importedZone,
  kindFromType,
  RingBuilder,
  resolveState,
  slug,
  sourceFor,
} from './import-util.js';
import {
  EDGE_GEODESIC,
  EDGE_RHUMB,
  type Polygon,
  type Zone,
  type ZoneGeometry,
  type ZoneKind,
} from './zone.js';

export const AIXM_EDGE_RULE =
  'AIXM GeodesicString edges are geodesics; LineStringSegment ("linear" in lat/long) edges are rhumb lines';

// ---------------------------------------------------------------------------------------------
// A thin view of fast-xml-parser's ordered output (element order matters for curve segments).

type XNode = Record<string, unknown>;

function tagOf(n: XNode): string {
  for (const k of Object.keys(n)) if (k !== ':@') return k;
  return '';
}

function localName(tag: string): string {
  const i = tag.indexOf(':');
  return i < 0 ? tag : tag.slice(i + 1);
}

function kids(n: XNode): XNode[] {
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

function attr(n: XNode, name: string): string | undefined {
  const a = n[':@'] as Record<string, unknown> | undefined;
  if (!a) return undefined;
  for (const [k, v] of Object.entries(a)) {
    if (localName(k.slice(2)) === name) return String(v);
  }
  return undefined;
}

function text(n: XNode | undefined): string {
  if (!n) return '';
  let s = '';
  for (const c of kids(n)) if ('#text' in c) s += String(c['#text']);
  return s.trim();
}

function child(n: XNode | undefined, name: string): XNode | undefined {
  if (!n) return undefined;
  for (const c of kids(n)) if (localName(tagOf(c)) === name) return c;
  return undefined;
}

function childrenNamed(n: XNode | undefined, name: string): XNode[] {
  if (!n) return [];
  return kids(n).filter((c) => localName(tagOf(c)) === name);
}

function path(n: XNode | undefined, ...names: string[]): XNode | undefined {
  let cur = n;
  for (const name of names) cur = child(cur, name);
  return cur;
}

function findDeep(nodes: XNode[], name: string, out: XNode[], stopInside: boolean): void {
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === '#text' || t === '') continue;
    if (localName(t) === name) {
      out.push(n);
      if (stopInside) continue;
    }
    findDeep(kids(n), name, out, stopInside);
  }
}

// ---------------------------------------------------------------------------------------------

interface Limit {
  ft: number | null;
  ref: string | null;
}

interface Part {
  geometry: ZoneGeometry;
  floor: Limit | null;
  ceiling: Limit | null;
}

interface Component {
  op: string;
  seq: number;
  floor: Limit | null;
  ceiling: Limit | null;
  geometry: ZoneGeometry | null;
  contributor: { href: string; dependency: string; title: string } | null;
}

interface Slice {
  uuid: string | null;
  gmlId: string | null;
  label: string;
  type: string | null;
  designator: string | null;
  name: string | null;
  validFrom: string | null;
  validTo: string | null;
  components: Component[];
  extra: Record<string, unknown>;
  /** Filled when resolved. */
  parts?: Part[] | null;
  excludesUuids?: string[];
  zoneIds?: string[];
}

class AirspaceError extends Error {}

/** Parses an AIXM 5.1 XML document. */
export function importAixm(name: string, xml: string, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const zones: Zone[] = [];
  const state = resolveState(name, options);
  const source = sourceFor(name);

  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    problems.push({
      file: name,
      line: valid.err.line,
      message: `XML is not well formed (${valid.err.msg}); what could be read was kept`,
    });
  }
  let doc: XNode[];
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      preserveOrder: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
    });
    doc = parser.parse(xml) as XNode[];
  } catch (e) {
    problems.push({ file: name, message: `cannot parse XML: ${(e as Error).message}` });
    return { zones, problems };
  }

  const airspaces: XNode[] = [];
  findDeep(doc, 'Airspace', airspaces, true);
  if (airspaces.length === 0) {
    problems.push({ file: name, message: 'no aixm:Airspace feature found; expected an AIXM 5.1 message' });
    return { zones, problems };
  }

  const slices: Slice[] = [];
  const byUuid = new Map<string, Slice>();
  for (const a of airspaces) {
    const uuid = text(child(a, 'identifier')) || null;
    const gmlId = attr(a, 'id') ?? null;
    const timeSlices = childrenNamed(a, 'timeSlice')
      .map((t) => child(t, 'AirspaceTimeSlice'))
      .filter((t): t is XNode => t !== undefined);
    if (timeSlices.length === 0) {
      problems.push({
        file: name,
        field: 'timeSlice',
        message: `airspace ${gmlId ?? uuid ?? '?'} has no AirspaceTimeSlice; skipped`,
      });
      continue;
    }
    let first: Slice | null = null;
    for (const ts of timeSlices) {
      const interpretation = text(child(ts, 'interpretation')) || 'BASELINE';
      const designator = text(child(ts, 'designator')) || null;
      const label = designator ?? (text(child(ts, 'name')) || attr(ts, 'id') || gmlId || uuid || '?');
      if (interpretation !== 'BASELINE' && interpretation !== 'SNAPSHOT') {
        problems.push({
          file: name,
          field: 'interpretation',
          message: `airspace ${label} (${gmlId ?? uuid}): ${interpretation} time slice not applied; only BASELINE and SNAPSHOT are read`,
        });
        continue;
      }
      try {
        const slice = readSlice(ts, uuid, gmlId, label);
        slices.push(slice);
        if (!first) first = slice;
      } catch (e) {
        if (!(e instanceof AirspaceError)) throw e;
        problems.push({
          file: name,
          field: 'geometryComponent',
          message: `airspace ${label} (${attr(ts, 'id') ?? gmlId ?? uuid}): ${e.message}; skipped`,
        });
      }
    }
    if (first && uuid) byUuid.set(uuid, first);
    if (first && gmlId) byUuid.set(gmlId, first);
  }

  const resolving = new Set<Slice>();
  const resolve = (s: Slice): Part[] | null => {
    if (s.parts !== undefined) return s.parts;
    if (resolving.has(s)) {
      problems.push({
        file: name,
        field: 'contributorAirspace',
        message: `airspace ${s.label}: contributor airspaces form a cycle; skipped`,
      });
      return null;
    }
    resolving.add(s);
    const parts: Part[] = [];
    const excl: string[] = [];
    let ok = true;
    const comps = [...s.components].sort((a, b) => a.seq - b.seq);
    for (const c of comps) {
      let got: Part[] | null = null;
      let refUuid: string | null = null;
      if (c.contributor) {
        refUuid = c.contributor.href.replace(/^urn:uuid:/, '').replace(/^#/, '');
        const ref = byUuid.get(refUuid);
        const refParts = ref ? resolve(ref) : null;
        if (!ref || !refParts) {
          problems.push({
            file: name,
            field: 'contributorAirspace',
            message: `airspace ${s.label}: contributor airspace ${c.contributor.title || c.contributor.href} ${ref ? 'cannot be built' : 'is not in this file'}; expected a resolvable xlink:href`,
          });
          if (c.op === 'BASE' || c.op === 'UNION') ok = false;
          continue;
        }
        got = refParts.map((p) =>
          c.contributor?.dependency === 'HORZ_PROJECTION' || (c.floor && c.ceiling)
            ? { geometry: p.geometry, floor: c.floor ?? p.floor, ceiling: c.ceiling ?? p.ceiling }
            : { ...p },
        );
      } else if (c.geometry) {
        got = [{ geometry: c.geometry, floor: c.floor, ceiling: c.ceiling }];
      } else {
        problems.push({
          file: name,
          field: 'theAirspaceVolume',
          message: `airspace ${s.label}: component ${c.seq} (${c.op}) has no geometry; expected horizontalProjection, centreline or contributorAirspace`,
        });
        if (c.op === 'BASE' || c.op === 'UNION') ok = false;
        continue;
      }
      if (c.op === 'BASE' || c.op === 'UNION') parts.push(...got);
      else if (c.op === 'SUBTR' && refUuid) excl.push(refUuid);
      else {
        problems.push({
          file: name,
          field: 'operation',
          message: `airspace ${s.label}: ${c.op} of ${c.contributor ? 'a contributor' : 'an explicit volume'} is not supported; component ${c.seq} left out, so the zone may be larger than published`,
        });
      }
    }
    resolving.delete(s);
    s.parts = ok && parts.length > 0 ? parts : null;
    s.excludesUuids = excl;
    if (!s.parts && ok) {
      problems.push({
        file: name,
        field: 'geometryComponent',
        message: `airspace ${s.label}: no geometry; expected a BASE component`,
      });
    }
    return s.parts;
  };

  const ids = new IdRegistry();
  const multiVersion = new Map<string, number>();
  for (const s of slices) multiVersion.set(s.uuid ?? s.label, (multiVersion.get(s.uuid ?? s.label) ?? 0) + 1);

  const built: Array<{ slice: Slice; zones: Zone[] }> = [];
  for (const s of slices) {
    const parts = resolve(s);
    if (!parts) continue;
    const kind: ZoneKind = s.type ? kindFromType(s.type) : 'other';
    let base = s.designator ? `${slug(s.designator)}${s.type ? `-${slug(s.type)}` : ''}` : slug(s.label);
    if ((multiVersion.get(s.uuid ?? s.label) ?? 1) > 1 && s.validFrom) base += `@${s.validFrom.slice(0, 10)}`;
    const groups = groupParts(parts);
    const airspaceId = ids.take(base);
    const out: Zone[] = [];
    groups.forEach((g, k) => {
      const extra: Record<string, unknown> = { format: 'aixm', ...s.extra };
      if (g.geometry.type === 'polygon') extra.edgeRule = AIXM_EDGE_RULE;
      if (g.floor?.ref === 'AGL') extra.floorRef = 'AGL';
      if (g.ceiling?.ref === 'AGL') extra.ceilingRef = 'AGL';
      if (groups.length > 1) {
        extra.airspace = airspaceId;
        extra.part = k + 1;
        extra.parts = groups.length;
      }
      const zone = importedZone(
        {
          id: groups.length > 1 ? `${airspaceId}.${k + 1}` : airspaceId,
          name: s.name ?? s.label,
          kind,
          state,
          validFrom: s.validFrom,
          validTo: s.validTo,
          floorFt: g.floor ? g.floor.ft : null,
          ceilingFt: g.ceiling ? g.ceiling.ft : null,
          geometry: g.geometry,
          source,
          extra,
        },
        'AIXM',
      );
      if (g.corridor) {
        zone.quality = {
          level: 'derived',
          note: 'airway corridor: every point within half the published width of the centreline (round ends)',
        };
      }
      if (!g.floor || !g.ceiling) {
        problems.push({
          file: name,
          field: !g.floor ? 'lowerLimit' : 'upperLimit',
          message: `airspace ${s.label}: no ${!g.floor ? 'lower' : 'upper'} limit; ${!g.floor ? 'surface' : 'unlimited'} assumed`,
        });
      }
      out.push(zone);
    });
    s.zoneIds = out.map((z) => z.id);
    built.push({ slice: s, zones: out });
    zones.push(...out);
  }
  for (const { slice, zones: zs } of built) {
    if (!slice.excludesUuids || slice.excludesUuids.length === 0) continue;
    const ex: string[] = [];
    for (const u of slice.excludesUuids) ex.push(...(byUuid.get(u)?.zoneIds ?? []));
    if (ex.length > 0) for (const z of zs) z.excludes = ex;
  }
  return { zones, problems };

  // -------------------------------------------------------------------------------------------

  function readSlice(ts: XNode, uuid: string | null, gmlId: string | null, label: string): Slice {
    const type = text(child(ts, 'type')) || null;
    const period = path(ts, 'validTime', 'TimePeriod');
    const instant = path(ts, 'validTime', 'TimeInstant');
    let validFrom: string | null = null;
    let validTo: string | null = null;
    if (period) {
      const b = child(period, 'beginPosition');
      const e = child(period, 'endPosition');
      validFrom = b && !attr(b, 'indeterminatePosition') ? text(b) || null : null;
      validTo = e && !attr(e, 'indeterminatePosition') ? text(e) || null : null;
    } else if (instant) {
      validFrom = text(child(instant, 'timePosition')) || null;
    }
    // A feature withdrawn for good (featureLifetime end) is not valid after that, whatever the slice says.
    const lifeEnd = path(ts, 'featureLifetime', 'TimePeriod', 'endPosition');
    const lifeEndText = lifeEnd && !attr(lifeEnd, 'indeterminatePosition') ? text(lifeEnd) : '';
    if (lifeEndText && (validTo === null || Date.parse(lifeEndText) < Date.parse(validTo)))
      validTo = lifeEndText;
    for (const [f, v] of [
      ['beginPosition', validFrom],
      ['endPosition', validTo],
    ] as const) {
      if (v !== null && Number.isNaN(Date.parse(v))) {
        throw new AirspaceError(`${f} '${v}' is not an ISO 8601 time`);
      }
    }
    const extra: Record<string, unknown> = {};
    if (gmlId) extra.gmlId = gmlId;
    if (uuid) extra.uuid = uuid;
    if (type) extra.type = type;
    const designator = text(child(ts, 'designator')) || null;
    if (designator) extra.designator = designator;
    const controlType = text(child(ts, 'controlType'));
    if (controlType) extra.controlType = controlType;
    const classes = childrenNamed(ts, 'class')
      .map((c) => text(path(c, 'AirspaceLayerClass', 'classification')))
      .filter((c) => c !== '');
    if (classes.length > 0) extra.class = classes.length === 1 ? classes[0] : classes;

    const components: Component[] = [];
    for (const gc of childrenNamed(ts, 'geometryComponent')) {
      const comp = child(gc, 'AirspaceGeometryComponent');
      if (!comp) continue;
      const op = text(child(comp, 'operation')) || 'BASE';
      const seq = Number(text(child(comp, 'operationSequence')) || components.length + 1);
      const vol = path(comp, 'theAirspaceVolume', 'AirspaceVolume');
      if (!vol) throw new AirspaceError(`component ${seq} has no AirspaceVolume`);
      const floor = readLimit(vol, 'lowerLimit', 'floor');
      const ceiling = readLimit(vol, 'upperLimit', 'ceiling');
      let geometry: ZoneGeometry | null = null;
      let contributor: Component['contributor'] = null;
      const hp = child(vol, 'horizontalProjection');
      const cl = child(vol, 'centreline');
      const dep = path(vol, 'contributorAirspace', 'AirspaceVolumeDependency');
      if (hp) geometry = readSurface(hp);
      else if (cl) geometry = readCorridor(vol, cl);
      else if (dep) {
        const the = child(dep, 'theAirspace');
        const href = the ? attr(the, 'href') : undefined;
        if (!href) throw new AirspaceError('contributorAirspace without xlink:href');
        contributor = {
          href,
          dependency: text(child(dep, 'dependency')) || 'FULL_GEOMETRY',
          title: (the && attr(the, 'title')) || '',
        };
      }
      components.push({ op, seq, floor, ceiling, geometry, contributor });
    }
    if (components.length === 0) throw new AirspaceError('no geometryComponent');
    return {
      uuid,
      gmlId,
      label,
      type,
      designator,
      name: text(child(ts, 'name')) || null,
      validFrom,
      validTo,
      components,
      extra,
    };
  }

  function readLimit(vol: XNode, field: string, which: 'floor' | 'ceiling'): Limit | null {
    const n = child(vol, field);
    if (!n) return null;
    const v = text(n);
    if (v === '') return null; // xsi:nil
    const refText = text(child(vol, `${field}Reference`)).toUpperCase();
    const ref = refText === 'SFC' ? 'AGL' : refText || null;
    const up = v.toUpperCase();
    if (up === 'UNL') {
      if (which === 'floor') throw new AirspaceError(`${field} UNL is not a floor`);
      return { ft: null, ref: null };
    }
    if (up === 'GND') return which === 'floor' ? { ft: null, ref: null } : { ft: 0, ref: 'AGL' };
    if (up === 'FLOOR' || up === 'CEILING')
      throw new AirspaceError(`${field} ${up} is only meaningful in activation levels`);
    const x = Number(v);
    if (!Number.isFinite(x)) throw new AirspaceError(`${field} '${v}' is not a number, UNL or GND`);
    const uom = (attr(n, 'uom') ?? '').toUpperCase();
    let ft: number;
    if (uom === 'FL') ft = x * 100;
    else if (uom === 'FT' || uom === '[FT_I]') ft = x;
    else if (uom === 'M') ft = x / FT_M;
    else if (uom === 'KM') ft = (x * 1000) / FT_M;
    else throw new AirspaceError(`${field} has uom '${uom}'; expected FL, FT or M`);
    if (ft === 0 && which === 'floor' && (ref === 'AGL' || ref === null)) return { ft: null, ref: null };
    return { ft, ref: uom === 'FL' ? 'STD' : ref };
  }

  function rawLengthM(n: XNode, what: string): number {
    const v = Number(text(n));
    const uom = (attr(n, 'uom') ?? '').toUpperCase();
    if (!Number.isFinite(v) || v <= 0)
      throw new AirspaceError(`${what} '${text(n)}' is not a positive number`);
    if (uom === '[NMI_I]' || uom === 'NM' || uom === 'NMI') return v * NM_M;
    if (uom === 'KM') return v * 1000;
    if (uom === 'M') return v;
    if (uom === 'FT' || uom === '[FT_I]') return v * FT_M;
    if (uom === '[MI_I]' || uom === 'MI') return v * 1609.344;
    throw new AirspaceError(`${what} has uom '${uom}'; expected [nmi_i], NM, km, m or ft`);
  }

  function lengthM(n: XNode, what: string): number {
    const m = rawLengthM(n, what);
    if (m > MAX_RADIUS_M)
      throw new AirspaceError(
        `${what} ${text(n)} ${attr(n, 'uom') ?? ''} is beyond ${MAX_RADIUS_M / 1000} km`,
      );
    return m;
  }

  function lonFirst(n: XNode | undefined, inherited: boolean): boolean {
    const srs = n ? attr(n, 'srsName') : undefined;
    if (!srs) return inherited;
    return /CRS84|OGC:?1\.3/i.test(srs);
  }

  function positions(n: XNode, lonLat: boolean): Array<[number, number]> {
    const lists = [...childrenNamed(n, 'posList'), ...childrenNamed(n, 'pos')];
    const pp = childrenNamed(n, 'pointProperty').map((p) => path(p, 'Point', 'pos'));
    const out: Array<[number, number]> = [];
    const all = kids(n).filter((c) => ['posList', 'pos', 'pointProperty'].includes(localName(tagOf(c))));
    if (lists.length + pp.length === 0)
      throw new AirspaceError(`${localName(tagOf(n))} has no gml:pos or gml:posList`);
    for (const c of all) {
      const isPoint = localName(tagOf(c)) === 'pointProperty';
      const src = isPoint ? path(c, 'Point', 'pos') : c;
      if (!src) throw new AirspaceError('pointProperty without gml:Point/gml:pos');
      const dim = Number(attr(src, 'srsDimension') ?? attr(n, 'srsDimension') ?? 2);
      const nums = text(src).split(/\s+/).filter(Boolean).map(Number);
      if (nums.length === 0 || nums.length % dim !== 0 || nums.some((x) => !Number.isFinite(x))) {
        throw new AirspaceError(
          `${localName(tagOf(src))} '${text(src).slice(0, 60)}' is not a list of ${dim}-number positions`,
        );
      }
      for (let i = 0; i < nums.length; i += dim) {
        const lat = lonLat ? nums[i + 1] : nums[i];
        const lon = lonLat ? nums[i] : nums[i + 1];
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
          throw new AirspaceError(
            `position (${nums[i]} ${nums[i + 1]}) is out of range; expected lat lon in degrees`,
          );
        }
        out.push([lat, lon]);
      }
    }
    return out;
  }

  function readSurface(hp: XNode): ZoneGeometry {
    const surface = kids(hp)[0];
    if (!surface) throw new AirspaceError('empty horizontalProjection');
    const lonLat = lonFirst(surface, false);
    const patches: XNode[] = [];
    const patchesNode = child(surface, 'patches');
    if (patchesNode) patches.push(...childrenNamed(patchesNode, 'PolygonPatch'));
    else if (localName(tagOf(surface)) === 'Polygon') patches.push(surface);
    if (patches.length === 0) throw new AirspaceError('Surface has no PolygonPatch');
    // A single exterior ring that is one CircleByCenterPoint: a buffer zone, exact.
    if (patches.length === 1 && childrenNamed(patches[0], 'interior').length === 0) {
      const segs = segmentsOf(path(patches[0], 'exterior'));
      if (segs.length === 1 && localName(tagOf(segs[0])) === 'CircleByCenterPoint') {
        const c = segs[0];
        const centre = positions(c, lonFirst(c, lonLat));
        const radius = child(c, 'radius');
        if (centre.length !== 1 || !radius)
          throw new AirspaceError('CircleByCenterPoint needs one centre and a radius');
        const rM = lengthM(radius, 'radius');
        const point: [number, number] = [centre[0][0], normalizeLon(centre[0][1])];
        return {
          type: 'buffer',
          distanceNm: rM / NM_M,
          baseline: { points: [point], lines: [], polygons: [] },
        };
      }
    }
    const polygons: Polygon[] = [];
    for (const patch of patches) {
      const ext = child(patch, 'exterior');
      if (!ext) throw new AirspaceError('PolygonPatch has no exterior');
      const poly: Polygon = [readRing(ext, lonLat)];
      for (const int of childrenNamed(patch, 'interior')) poly.push(readRing(int, lonLat));
      polygons.push(poly);
    }
    return { type: 'polygon', polygons };
  }

  /** The curve segments of an exterior/interior ring, in order, or [] for a LinearRing. */
  function segmentsOf(boundary: XNode | undefined): XNode[] {
    const ring = boundary ? kids(boundary)[0] : undefined;
    if (!ring || localName(tagOf(ring)) !== 'Ring') return [];
    const out: XNode[] = [];
    for (const cm of childrenNamed(ring, 'curveMember')) {
      const curve = kids(cm)[0];
      if (!curve) {
        const href = attr(cm, 'href');
        throw new AirspaceError(
          `curveMember ${href ? `reference ${href}` : 'without a curve'} is not supported; expected an inline Curve`,
        );
      }
      const segs = child(curve, 'segments');
      if (segs) out.push(...kids(segs));
      else out.push(curve); // a bare gml:LineString
    }
    return out;
  }

  function readRing(boundary: XNode, lonLat: boolean): import('./zone.js').Ring {
    const ring = kids(boundary)[0];
    if (!ring) throw new AirspaceError('empty ring');
    const b = new RingBuilder();
    const rn = localName(tagOf(ring));
    if (rn === 'LinearRing') {
      for (const [lat, lon] of positions(ring, lonFirst(ring, lonLat))) b.push(lat, lon, EDGE_GEODESIC);
    } else if (rn === 'Ring') {
      const segs = segmentsOf(boundary);
      for (let i = 0; i < segs.length; i++) {
        const seg = segs[i];
        const sn = localName(tagOf(seg));
        const ll = lonFirst(seg, lonLat);
        if (
          sn === 'GeodesicString' ||
          sn === 'Geodesic' ||
          sn === 'LineStringSegment' ||
          sn === 'LineString'
        ) {
          const edge = sn === 'LineStringSegment' || sn === 'LineString' ? EDGE_RHUMB : EDGE_GEODESIC;
          const pts = positions(seg, ll);
          // A segment's first point repeats the previous segment's end (then RingBuilder drops it);
          // if it does not, the gap between the two is closed by a geodesic, not by this segment.
          pts.forEach(([lat, lon], k) => {
            b.push(lat, lon, k === 0 && b.length > 0 ? EDGE_GEODESIC : edge);
          });
        } else if (sn === 'ArcByCenterPoint' || sn === 'CircleByCenterPoint') {
          const centre = positions(seg, ll);
          const radius = child(seg, 'radius');
          if (centre.length !== 1 || !radius) throw new AirspaceError(`${sn} needs one centre and a radius`);
          const rM = lengthM(radius, 'radius');
          let start = 0;
          let sweep = 360;
          if (sn === 'ArcByCenterPoint') {
            // Angles are bearings (clockwise from north; the Donlon sample and AIXM practice agree:
            // its arc ends where the next segment starts, at bearing endAngle). The arc turns from
            // startAngle to endAngle clockwise when endAngle > startAngle, else counter-clockwise.
            start = angleDeg(child(seg, 'startAngle'), 'startAngle');
            const end = angleDeg(child(seg, 'endAngle'), 'endAngle');
            sweep = end - start;
            if (Math.abs(sweep) > 360) sweep = sweepDeg(start, end, sweep > 0);
            if (sweep === 0) throw new AirspaceError('ArcByCenterPoint has equal start and end angles');
          }
          const pts = arcPoints(centre[0][0], centre[0][1], rM, start, sweep);
          // The arc is over-specified: its computed ends may sit a little off the published
          // points of the neighbouring segments. Those points stay; a computed end close to one
          // is dropped so the ring has no jog.
          const tolM = Math.max(50, 0.02 * rM);
          const prev = b.last();
          if (prev && inverse(prev[0], prev[1], pts[0][0], pts[0][1]).s12 <= tolM) pts.shift();
          const next = nextStart(segs, i + 1, ll) ?? b.first();
          const lastPt = pts[pts.length - 1];
          if (next && lastPt && inverse(next[0], next[1], lastPt[0], lastPt[1]).s12 <= tolM) pts.pop();
          for (const [lat, lon] of pts) b.push(lat, lon, EDGE_GEODESIC);
        } else {
          throw new AirspaceError(
            `curve segment ${sn} is not supported; expected GeodesicString, LineStringSegment, ArcByCenterPoint or CircleByCenterPoint`,
          );
        }
      }
    } else {
      throw new AirspaceError(`ring ${rn} is not supported; expected gml:Ring or gml:LinearRing`);
    }
    const r = b.build();
    if (typeof r === 'string') throw new AirspaceError(r);
    return r;
  }

  function nextStart(segs: XNode[], i: number, lonLat: boolean): [number, number] | null {
    const s = segs[i];
    if (!s) return null;
    const sn = localName(tagOf(s));
    if (sn === 'ArcByCenterPoint' || sn === 'CircleByCenterPoint') return null;
    try {
      return positions(s, lonFirst(s, lonLat))[0] ?? null;
    } catch {
      return null;
    }
  }

  function angleDeg(n: XNode | undefined, what: string): number {
    if (!n) throw new AirspaceError(`ArcByCenterPoint has no ${what}`);
    const v = Number(text(n));
    if (!Number.isFinite(v)) throw new AirspaceError(`${what} '${text(n)}' is not a number`);
    const uom = (attr(n, 'uom') ?? 'deg').toLowerCase();
    if (uom === 'rad') return (v * 180) / Math.PI;
    if (uom !== 'deg') throw new AirspaceError(`${what} has uom '${uom}'; expected deg or rad`);
    return v;
  }

  function readCorridor(vol: XNode, cl: XNode): ZoneGeometry {
    const width = child(vol, 'width');
    if (!width || text(width) === '') throw new AirspaceError('centreline without a width');
    const halfNm = lengthM(width, 'width') / 2 / NM_M;
    const curve = kids(cl)[0];
    if (!curve) throw new AirspaceError('empty centreline');
    const lonLat = lonFirst(curve, false);
    const segs = child(curve, 'segments');
    const lat: number[] = [];
    const lon: number[] = [];
    for (const seg of segs ? kids(segs) : [curve]) {
      for (const [a, o] of positions(seg, lonFirst(seg, lonLat))) {
        if (lat.length > 0 && lat[lat.length - 1] === a && lon[lon.length - 1] === o) continue;
        lat.push(a);
        lon.push(normalizeLon(o));
      }
    }
    if (lat.length < 2) throw new AirspaceError('centreline needs at least 2 points');
    return {
      type: 'buffer',
      distanceNm: halfNm,
      baseline: {
        points: [],
        lines: [{ lat: Float64Array.from(lat), lon: Float64Array.from(lon) }],
        polygons: [],
      },
    };
  }
}

/** Groups parts with identical limits and geometry type into one geometry each. */
function groupParts(parts: Part[]): Array<Part & { corridor: boolean }> {
  const groups = new Map<string, Part & { corridor: boolean }>();
  for (const p of parts) {
    const g = p.geometry;
    const key = JSON.stringify([
      p.floor?.ft ?? null,
      p.floor?.ref ?? null,
      p.ceiling?.ft ?? null,
      p.ceiling?.ref ?? null,
      g.type,
      g.type === 'buffer' ? g.distanceNm : 0,
    ]);
    const corridor = g.type === 'buffer' && g.baseline.lines.length > 0;
    const have = groups.get(key);
    if (!have) {
      const copy: ZoneGeometry =
        g.type === 'polygon'
          ? { type: 'polygon', polygons: [...g.polygons] }
          : {
              type: 'buffer',
              distanceNm: g.distanceNm,
              baseline: {
                points: [...g.baseline.points],
                lines: [...g.baseline.lines],
                polygons: [...g.baseline.polygons],
              },
            };
      groups.set(key, { geometry: copy, floor: p.floor, ceiling: p.ceiling, corridor });
      continue;
    }
    const hg = have.geometry;
    if (hg.type === 'polygon' && g.type === 'polygon') hg.polygons.push(...g.polygons);
    else if (hg.type === 'buffer' && g.type === 'buffer') {
      hg.baseline.points.push(...g.baseline.points);
      hg.baseline.lines.push(...g.baseline.lines);
      hg.baseline.polygons.push(...g.baseline.polygons);
      have.corridor = have.corridor || corridor;
    }
  }
  return [...groups.values()];
}
