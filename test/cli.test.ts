import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'incursion.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
let zones: string;
let tracks: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'incursion-cli-'));
  zones = join(dir, 'zones.geojson');
  writeFileSync(
    zones,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            id: 'BOX-ADIZ',
            name: 'A test ADIZ',
            kind: 'adiz',
            state: 'KOR',
            rules: { appliesTo: 'all', requires: ['flight-plan'] },
            source: { title: 'test', url: null, retrieved: null, licence: 'CC0' },
          },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [130, 36],
                [132, 36],
                [132, 38],
                [130, 38],
                [130, 36],
              ],
            ],
          },
        },
      ],
    }),
  );
  tracks = join(dir, 'tracks.csv');
  writeFileSync(
    tracks,
    [
      'track,time,lat,lon,alt_ft,category,operator',
      'A50-1,2019-07-23T00:00:00Z,37.0,129.0,29000,state,RUS',
      'A50-1,2019-07-23T00:05:00Z,37.0,130.5,29000,state,RUS',
      'A50-1,2019-07-23T00:10:00Z,37.0,132.5,29000,state,RUS',
    ].join('\n'),
  );
});

describe('incursion analyze', () => {
  it('prints exactly the output contract as JSON', () => {
    const r = run('analyze', tracks, '--zones', zones, '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['tool', 'catalog', 'tracks', 'visits', 'approaches', 'warnings']);
    expect(json.tool).toEqual({ name: 'incursion', version: '0.1.0' });
    expect(json.tracks[0]).toMatchObject({ id: 'A50-1', fixes: 3, start: '2019-07-23T00:00:00.000Z' });
    const v = json.visits[0];
    expect(v).toMatchObject({
      track: 'A50-1',
      zone: 'BOX-ADIZ',
      kind: 'adiz',
      state: 'KOR',
      finding: 'adiz-entry',
    });
    expect(v.enter.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(v.enter.certain).toBe(true);
    expect(v.enter.lon).toBeCloseTo(130, 6);
    expect(v.exit.lon).toBeCloseTo(132, 6);
  });

  it('reads tracks from a pipe (/dev/stdin), and names a directory it cannot read', () => {
    // Through a shell pipe (a FIFO: Node's own stdin pipes are sockets, which /dev/stdin cannot
    // open again).
    const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
    const cmd = `cat ${q(tracks)} | ${q(process.execPath)} ${q(BIN)} analyze /dev/stdin --zones ${q(zones)} --format json`;
    const r = spawnSync('sh', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).visits[0]).toMatchObject({ track: 'A50-1', zone: 'BOX-ADIZ' });
    const d = run('analyze', dir, '--zones', zones);
    expect(d.code).not.toBe(0);
    expect(d.out).toContain(`${dir}: cannot read: EISDIR`);
  });

  it('prints a table that fits 100 columns', () => {
    const r = run('analyze', tracks, '--zones', zones);
    expect(r.code).toBe(0);
    expect(r.out).toContain('BOX-ADIZ');
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('writes GeoJSON and CSV', () => {
    const g = JSON.parse(run('analyze', tracks, '--zones', zones, '--format', 'geojson').out);
    expect(g.features.map((f: { properties: { role: string } }) => f.properties.role)).toEqual([
      'track',
      'enter',
      'exit',
      'zone',
    ]);
    const csv = run('analyze', tracks, '--zones', zones, '--format', 'csv').out.trim().split('\n');
    expect(csv[0].startsWith('record,track,zone')).toBe(true);
    expect(csv).toHaveLength(2);
  });

  it('sets category and operator from flags', () => {
    const r = JSON.parse(
      run('analyze', tracks, '--zones', zones, '--format', 'json', '--operator', 'KOR').out,
    );
    expect(r.visits[0].finding).toBe('own-zone');
  });

  it('keeps the good rows of a partly bad file and names each bad one', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'track,time,lat,lon',
        'X,2019-07-23T00:00:00Z,37,129',
        'X,2019-07-23T00:01:00Z,95,129',
        'X,not-a-time,37,129',
        'X,2019-07-23T00:10:00Z,37,132.5',
      ].join('\n'),
    );
    const r = run('analyze', bad, '--zones', zones, '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.tracks[0].fixes).toBe(2);
    expect(json.warnings.some((w: string) => w.includes('bad.csv') && w.includes('line 3'))).toBe(true);
    expect(json.warnings.some((w: string) => w.includes('bad.csv') && w.includes('line 4'))).toBe(true);
  });

  it('exits non-zero when nothing could be read, naming the file', () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const r = run('analyze', empty, '--zones', zones);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('empty.csv');
  });

  it('fails loudly, naming the missing file, when the built-in catalog is not installed', () => {
    // The engine without its data/ directory: an empty catalog would say "outside every zone".
    const home = mkdtempSync(join(tmpdir(), 'incursion-nocatalog-'));
    cpSync(join(ROOT, 'dist'), join(home, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(home, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(home, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(home, 'node_modules'));
    const r = spawnSync(process.execPath, [join(home, 'bin', 'incursion.js'), 'analyze', tracks], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(join(home, 'data', 'catalog', 'manifest.json'));
    expect(r.stdout).toBe('');
  });

  it('rejects a bad option value with what was expected', () => {
    const r = run('analyze', tracks, '--zones', zones, '--operator', 'Russia');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/alpha-3/);
  });
});

describe('incursion zones', () => {
  it('lists and shows the zones of a file', () => {
    const list = run('zones', 'list', '--zones', zones);
    expect(list.code).toBe(0);
    expect(list.out).toContain('BOX-ADIZ');
    const show = JSON.parse(run('zones', 'show', 'BOX-ADIZ', '--zones', zones).out);
    expect(show.rules).toEqual({ appliesTo: 'all', requires: ['flight-plan'] });
    const feature = JSON.parse(run('zones', 'show', 'BOX-ADIZ', '--zones', zones, '--format', 'geojson').out);
    expect(feature.type).toBe('Feature');
    expect(run('zones', 'show', 'NOPE', '--zones', zones).code).toBe(1);
  });
});
