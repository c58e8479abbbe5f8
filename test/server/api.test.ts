/**
 * The HTTP API over real HTTP on loopback: upload, fetch, list, delete, bad input, the token, and
 * a restart that keeps analyses and uploaded zones. Responses are checked against the same
 * schemas that generate /api/openapi.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonAreaM2 } from '../../src/geo/area.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import * as S from '../../src/server/schemas.js';
import { EDGE_RHUMB, type Ring } from '../../src/zones/zone.js';
import { assertSchema, boxFeature, SPAR19, tempDir, testZoneFile } from './helpers.js';

const spar19 = readFileSync(SPAR19);
/** A short track due north along 122°E, 19.1°N → 23.6°N at 6° an hour: small, so it analyses quickly. */
const tiny = (() => {
  const rows = ['time,lat,lon,alt,callsign'];
  for (let i = 0; i < 10; i++) {
    rows.push(
      `${new Date(Date.parse('2022-08-02T10:00:00Z') + i * 300_000).toISOString()},${(19.1 + i * 0.5).toFixed(1)},122,30000,TEST1`,
    );
  }
  return `${rows.join('\n')}\n`;
})();
const tmp = tempDir('api');
const db = join(tmp.dir, 'store.sqlite');
let server: RunningServer;

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    text,
    json: type.includes('json') && text ? JSON.parse(text) : undefined,
  };
}

function multipart(parts: Array<{ name: string; filename?: string; data: string | Buffer }>): FormData {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename)
      form.append(
        p.name,
        new Blob([typeof p.data === 'string' ? p.data : new Uint8Array(p.data)]),
        p.filename,
      );
    else form.append(p.name, String(p.data));
  }
  return form;
}

beforeAll(async () => {
  server = await startServer({ port: 0, db, token: null });
});

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('analyses', () => {
  let id = '';

  it('analyses a raw FR24 upload and returns its summary', async () => {
    const r = await call('/api/analyses?filename=2ce4f83f.json&category=state&operator=USA&name=SPAR19', {
      method: 'POST',
      body: spar19,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status, r.text).toBe(201);
    assertSchema(S.AnalysisCreated, r.json, 'POST /api/analyses');
    expect(r.json.name).toBe('SPAR19');
    expect(r.json.input).toEqual({ name: '2ce4f83f.json', bytes: spar19.length });
    expect(r.json.summary.tracks).toBe(1);
    expect(r.json.summary.fixes).toBeGreaterThan(800);
    expect(r.json.summary.start).toMatch(/^2022-08-02T07:3/);
    id = r.json.id;
  });

  it('serves the output contract, the GeoJSON, the CSV and the replay fixes', async () => {
    const result = await call(`/api/analyses/${id}`);
    expect(result.status).toBe(200);
    assertSchema(S.AnalysisResult, result.json, 'GET /api/analyses/:id');
    expect(result.json.tool.name).toBe('incursion');
    expect(result.json.tracks[0].category).toBe('state');

    const geo = await call(`/api/analyses/${id}/geojson`);
    expect(geo.status).toBe(200);
    expect(geo.type).toContain('application/geo+json');
    assertSchema(S.GeoJsonFeatureCollection, geo.json, 'geojson');
    const line = geo.json.features.find(
      (f: { properties: { role: string } }) => f.properties.role === 'track',
    );
    expect(line.geometry.type).toBe('LineString');

    const csv = await call(`/api/analyses/${id}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    // A header, then one row per visit and per approach.
    const rows = csv.text.trim().split('\n');
    expect(rows.length).toBe(1 + result.json.visits.length + result.json.approaches.length);
    expect(rows.filter((r) => r.startsWith('visit,')).length).toBe(result.json.visits.length);

    const tracks = await call(`/api/analyses/${id}/tracks`);
    assertSchema(S.ReplayTracks, tracks.json, 'tracks');
    expect(tracks.json.tracks[0].t.length).toBe(result.json.tracks[0].fixes);
    expect(tracks.json.tracks[0].lat.length).toBe(result.json.tracks[0].fixes);
  });

  it('finds the Taiwan ADIZ entry of SPAR19 with the built-in catalog', async () => {
    const result = await call(`/api/analyses/${id}`);
    const visit = result.json.visits.find((v: { zone: string }) => v.zone === 'TWN-ADIZ');
    expect(visit, JSON.stringify(result.json.visits.map((v: { zone: string }) => v.zone))).toBeDefined();
    expect(visit.kind).toBe('adiz');
    expect(visit.enter.time.startsWith('2022-08-02T1')).toBe(true);
  });

  it('lists analyses and deletes one', async () => {
    const extra = await call('/api/analyses?filename=tiny.csv', { method: 'POST', body: tiny });
    expect(extra.status).toBe(201);
    const list = await call('/api/analyses');
    assertSchema(S.AnalysisList, list.json, 'GET /api/analyses');
    expect(list.json.analyses.map((a: { id: string }) => a.id).sort()).toEqual([id, extra.json.id].sort());

    const del = await call(`/api/analyses/${extra.json.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await call(`/api/analyses/${extra.json.id}`)).status).toBe(404);
    expect((await call(`/api/analyses/${extra.json.id}`, { method: 'DELETE' })).status).toBe(404);
    const after = await call('/api/analyses');
    expect(after.json.analyses.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('takes a multipart upload with its own zone file and options as fields', async () => {
    const form = multipart([
      { name: 'category', data: 'state' },
      { name: 'maxGapS', data: '900' },
      { name: 'file', filename: 'tiny.csv', data: tiny },
      { name: 'zones', filename: 'box.geojson', data: testZoneFile() },
    ]);
    const r = await call('/api/analyses', { method: 'POST', body: form });
    expect(r.status, r.text).toBe(201);
    expect(r.json.options).toMatchObject({ category: 'state', maxGapS: 900 });
    const result = await call(`/api/analyses/${r.json.id}`);
    const box = result.json.visits.find((v: { zone: string }) => v.zone === 'TEST-BOX');
    expect(box).toBeDefined();
    // The track crosses the box northwards through its rhumb-line (parallel) edges at 20°N and 22°N.
    expect(box.enter.lat).toBeCloseTo(20, 6);
    expect(box.exit.lat).toBeCloseTo(22, 6);
    expect(box.enter.lon).toBeCloseTo(122, 6);
    // Constant speed along the meridian: 20°N after 9 min, 22°N after 29 min (to well under 0.5 s).
    expect(Date.parse(box.enter.time)).toBeCloseTo(Date.parse('2022-08-02T10:09:00Z'), -3);
    expect(Date.parse(box.exit.time)).toBeCloseTo(Date.parse('2022-08-02T10:29:00Z'), -3);
    const zones = await call(`/api/zones?analysis=${r.json.id}&kind=other`);
    expect(zones.json.features.map((f: { properties: { id: string } }) => f.properties.id)).toContain(
      'TEST-BOX',
    );
  });
});

describe('bad input gets a 4xx naming the field, file or line', () => {
  it('rejects a file that is no track format, naming the file and line', async () => {
    const r = await call('/api/analyses?filename=notes.txt', { method: 'POST', body: 'hello\nworld\n' });
    expect(r.status).toBe(400);
    assertSchema(S.ErrorBody, r.json, 'error');
    expect(r.json.file).toBe('notes.txt');
    expect(r.json.line).toBe(1);
    expect(r.json.message).toMatch(/format/);
  });

  it('rejects a CSV whose rows are all bad, naming a line', async () => {
    const csv = 'time,lat,lon,alt\n2022-08-02T10:00:00Z,north,121,30000\n2022-08-02T10:01:00Z,95,121,30000\n';
    const r = await call('/api/analyses?filename=bad.csv&format=csv', { method: 'POST', body: csv });
    expect(r.status).toBe(400);
    expect(r.json.file).toBe('bad.csv');
    // The first bad record is on line 2 (the header is line 1).
    const lines = [r.json.line, ...(r.json.problems ?? []).map((p: { line?: number }) => p.line)];
    expect(lines.includes(2) || /line 2\b/.test(r.json.message), r.text).toBe(true);
  });

  it('rejects an empty body, bad options and unknown options', async () => {
    const empty = await call('/api/analyses', { method: 'POST' });
    expect(empty.status).toBe(400);
    expect(empty.json.field).toBe('body');

    const gap = await call('/api/analyses?maxGapS=-5', { method: 'POST', body: spar19 });
    expect(gap.status).toBe(400);
    expect(gap.json.field).toBe('maxGapS');

    const fmt = await call('/api/analyses?format=word', { method: 'POST', body: spar19 });
    expect(fmt.status).toBe(400);
    expect(fmt.json.field).toBe('format');

    const unknown = await call('/api/analyses?colour=red', { method: 'POST', body: spar19 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.field).toBe('colour');

    const field = await call('/api/analyses', {
      method: 'POST',
      body: multipart([
        { name: 'category', data: 'pirate' },
        { name: 'file', filename: 'a.json', data: spar19 },
      ]),
    });
    expect(field.status).toBe(400);
    expect(field.json.field).toBe('category');
  });

  it('rejects multipart bodies without exactly one track file', async () => {
    const none = await call('/api/analyses', {
      method: 'POST',
      body: multipart([{ name: 'name', data: 'x' }]),
    });
    expect(none.status).toBe(400);
    expect(none.json.field).toBe('file');
    const stray = await call('/api/analyses', {
      method: 'POST',
      body: multipart([{ name: 'picture', filename: 'p.png', data: 'x' }]),
    });
    expect(stray.status).toBe(400);
    expect(stray.json.field).toBe('picture');
  });

  it('rejects a zone file that holds no zone, naming the file', async () => {
    const r = await call('/api/analyses', {
      method: 'POST',
      body: multipart([
        { name: 'file', filename: 'spar19.json', data: spar19 },
        { name: 'zones', filename: 'empty.geojson', data: '{"type":"FeatureCollection","features":[]}' },
      ]),
    });
    expect(r.status).toBe(400);
    expect(r.json.file).toBe('empty.geojson');
  });

  it('answers unknown ids, routes and filters with 4xx JSON', async () => {
    const missing = await call('/api/analyses/doesnotexist');
    expect(missing.status).toBe(404);
    expect(missing.json.field).toBe('id');
    expect((await call('/api/analyses/doesnotexist/csv')).status).toBe(404);
    expect((await call('/api/nothing')).json.statusCode).toBe(404);
    const kind = await call('/api/zones?kind=volcano');
    expect(kind.status).toBe(400);
    expect(kind.json.field).toBe('kind');
    const at = await call('/api/zones?at=2019-02-30T99:00Z');
    expect(at.status).toBe(400);
    expect(at.json.field).toBe('at');
    expect((await call('/api/zones?file=nope')).status).toBe(404);
    expect((await call('/api/zones/NOPE-ZONE')).status).toBe(404);
  });

  it('answers an upload over the size limit with 413', async () => {
    const t = tempDir('limit');
    const small = await startServer({
      port: 0,
      db: join(t.dir, 's.sqlite'),
      token: null,
      maxUploadBytes: 1000,
    });
    try {
      const raw = await fetch(`${small.url}/api/analyses?filename=big.json`, {
        method: 'POST',
        body: spar19,
      });
      expect(raw.status).toBe(413);
      expect((await raw.json()).statusCode).toBe(413);
      const form = multipart([{ name: 'file', filename: 'big.json', data: spar19 }]);
      const mp = await fetch(`${small.url}/api/analyses`, { method: 'POST', body: form });
      expect(mp.status).toBe(413);
    } finally {
      await small.close();
      t.remove();
    }
  });
});

describe('zones', () => {
  let fileId = '';

  it('stores an uploaded zone file and serves its zones as GeoJSON', async () => {
    const r = await call('/api/zones?name=box.geojson', {
      method: 'POST',
      body: testZoneFile('UPLOADED-BOX'),
    });
    expect(r.status, r.text).toBe(201);
    assertSchema(S.ZoneFile, r.json, 'POST /api/zones');
    expect(r.json.zones).toEqual(['UPLOADED-BOX']);
    fileId = r.json.id;

    const files = await call('/api/zones/files');
    assertSchema(S.ZoneFileList, files.json, 'zone files');
    expect(files.json.files.map((f: { id: string }) => f.id)).toEqual([fileId]);

    const fc = await call(`/api/zones?file=${fileId}`);
    expect(fc.type).toContain('application/geo+json');
    assertSchema(S.GeoJsonFeatureCollection, fc.json, 'zones');
    expect(fc.json.features).toHaveLength(1);
    expect(fc.json.features[0].properties.kind).toBe('other');

    const one = await call('/api/zones/UPLOADED-BOX');
    assertSchema(S.GeoJsonFeature, one.json, 'zone');
    expect(one.json.geometry.type).toBe('Polygon');

    const filtered = await call('/api/zones?kind=other&state=PHL');
    expect(filtered.json.features.map((f: { properties: { id: string } }) => f.properties.id)).toContain(
      'UPLOADED-BOX',
    );
    const none = await call('/api/zones?kind=other&state=ISL');
    expect(none.json.features).toHaveLength(0);
  });

  it('uses an uploaded zone file in a later analysis by id', async () => {
    const r = await call(`/api/analyses?filename=tiny.csv&zoneFiles=${fileId}`, {
      method: 'POST',
      body: tiny,
    });
    expect(r.status, r.text).toBe(201);
    const result = await call(`/api/analyses/${r.json.id}`);
    expect(result.json.visits.some((v: { zone: string }) => v.zone === 'UPLOADED-BOX')).toBe(true);
    const unknown = await call('/api/analyses?zoneFiles=abc123', { method: 'POST', body: spar19 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.field).toBe('zoneFiles');
  });

  it('filters by validity date', async () => {
    const all = await call('/api/zones');
    const at = await call('/api/zones?at=2022-08-02');
    expect(at.status).toBe(200);
    expect(at.json.features.length).toBeLessThanOrEqual(all.json.features.length);
    expect(at.json.features.map((f: { properties: { id: string } }) => f.properties.id)).toContain(
      'UPLOADED-BOX',
    );
  });

  it('lists overlapping zones with their common area', async () => {
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        boxFeature('BOX-A', 121, 20, 124, 22),
        boxFeature('BOX-B', 123, 21, 125, 23),
        boxFeature('BOX-C', 130, 30, 131, 31),
      ],
    });
    const up = await call('/api/zones?name=boxes.geojson', { method: 'POST', body: file });
    expect(up.status, up.text).toBe(201);
    const r = await call(`/api/zones/overlaps?file=${up.json.id}`);
    expect(r.status, r.text).toBe(200);
    assertSchema(S.Overlaps, r.json, 'overlaps');
    expect(r.json.overlaps).toHaveLength(1);
    const [o] = r.json.overlaps;
    expect(o.zones).toEqual(['BOX-A', 'BOX-B']);
    // The common part is the rhumb box 123–124°E × 21–22°N; its ellipsoidal area from src/geo.
    const common: Ring = {
      lat: Float64Array.from([21, 21, 22, 22]),
      lon: Float64Array.from([123, 124, 124, 123]),
      edges: new Uint8Array(4).fill(EDGE_RHUMB),
    };
    const expectedKm2 = polygonAreaM2(common) / 1e6;
    expect(Math.abs(o.areaKm2 - expectedKm2) / expectedKm2).toBeLessThan(1e-3);
    const none = await call(`/api/zones/overlaps?file=${up.json.id}&at=1900-01-01`);
    expect(none.json.overlaps).toHaveLength(1);
    const other = await call(`/api/zones/overlaps?file=${up.json.id}&state=JPN`);
    expect(other.json.overlaps).toHaveLength(0);
    expect((await call(`/api/zones/files/${up.json.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('rejects a file that is no zone format', async () => {
    const r = await call('/api/zones?name=junk.txt', { method: 'POST', body: 'not a zone file at all' });
    expect(r.status).toBe(400);
    expect(r.json.file).toBe('junk.txt');
  });
});

describe('service', () => {
  it('reports health and publishes an OpenAPI document of every route', async () => {
    const h = await call('/api/health');
    assertSchema(S.Health, h.json, 'health');
    expect(h.json.schemaVersion).toBeGreaterThanOrEqual(1);
    const doc = (await call('/api/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/analyses',
      '/api/analyses/{id}',
      '/api/analyses/{id}/csv',
      '/api/zones',
      '/api/zones/overlaps',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/analyses'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.components.schemas.AnalysisResult).toEqual(S.AnalysisResult);
  });
});

describe('restart', () => {
  it('keeps analyses and uploaded zones across a restart', async () => {
    const before = await call('/api/analyses');
    const firstId = before.json.analyses[0].id;
    const result = (await call(`/api/analyses/${firstId}`)).text;
    const zones = (await call('/api/zones/files')).json;
    await server.close();
    server = await startServer({ port: 0, db, token: null });
    const after = await call('/api/analyses');
    expect(after.json).toEqual(before.json);
    expect((await call(`/api/analyses/${firstId}`)).text).toBe(result);
    expect((await call('/api/zones/files')).json).toEqual(zones);
    const box = await call('/api/zones/UPLOADED-BOX');
    expect(box.status).toBe(200);
  });
});

describe('token', () => {
  it('requires the bearer token for writes only', async () => {
    const t = tempDir('token');
    const guarded = await startServer({ port: 0, db: join(t.dir, 't.sqlite'), token: 's3cret' });
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/api/analyses?filename=tiny.csv`, { method: 'POST', body: tiny, headers });
      const none = await post({});
      expect(none.status).toBe(401);
      expect((await none.json()).message).toMatch(/Bearer/);
      expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
      const ok = await post({ authorization: 'Bearer s3cret' });
      expect(ok.status).toBe(201);
      const { id } = await ok.json();
      expect((await fetch(`${guarded.url}/api/analyses/${id}`)).status).toBe(200);
      expect((await fetch(`${guarded.url}/api/analyses/${id}`, { method: 'DELETE' })).status).toBe(401);
      const zone = await fetch(`${guarded.url}/api/zones?name=z.geojson`, {
        method: 'POST',
        body: testZoneFile(),
      });
      expect(zone.status).toBe(401);
      const health = await (await fetch(`${guarded.url}/api/health`)).json();
      expect(health.writesRequireToken).toBe(true);
      const del = await fetch(`${guarded.url}/api/analyses/${id}`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer s3cret' },
      });
      expect(del.status).toBe(204);
    } finally {
      await guarded.close();
      t.remove();
    }
  });
});
