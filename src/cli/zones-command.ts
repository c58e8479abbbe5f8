/** `incursion zones ...`: list, show, overlaps, export and import of the loaded catalog. */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { formatDiagnostic } from '../tracks/track.js';
import { loadZones } from '../zones/catalog.js';
import { zonesToFeatureCollection, zoneToFeature } from '../zones/geojson.js';
import type { Zone } from '../zones/zone.js';

type IO = { out: (s: string) => void; err: (s: string) => void };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function summary(z: Zone): Record<string, unknown> {
  return {
    id: z.id,
    name: z.name,
    kind: z.kind,
    state: z.state,
    claimants: z.claimants,
    validFrom: z.validFrom,
    validTo: z.validTo,
    floorFt: z.floorFt,
    ceilingFt: z.ceilingFt,
    geometry: z.geometry.type === 'buffer' ? `buffer ${z.geometry.distanceNm} NM` : 'polygon',
    rules: z.rules,
    excludes: z.excludes ?? [],
    quality: z.quality ?? null,
    source: z.source,
  };
}

export function zonesCommand(io: IO, setCode: (c: number) => void): Command {
  const zones = new Command('zones').description('the zone catalog: list, show, overlaps, export, import');
  const withZones = (cmd: Command) =>
    cmd.option('--zones <file>', "zone file, or 'builtin' (repeatable; default: builtin)", collect, []);
  const load = async (specs: string[]) => {
    const { catalog, problems } = await loadZones(specs.length ? specs : ['builtin']);
    for (const p of problems) io.err(`warning: ${formatDiagnostic(p)}\n`);
    return catalog;
  };

  withZones(zones.command('list').description('one line per zone'))
    .addOption(new Option('--format <format>').choices(['table', 'json']).default('table'))
    .action(async (opts: { zones: string[]; format: string }) => {
      const catalog = await load(opts.zones);
      if (opts.format === 'json') {
        io.out(`${JSON.stringify(catalog.zones.map(summary), null, 2)}\n`);
        return;
      }
      io.out(`catalog ${catalog.id} ${catalog.version}: ${catalog.zones.length} zone(s)\n`);
      for (const z of catalog.zones) {
        const valid = `${z.validFrom?.slice(0, 10) ?? '…'}→${z.validTo?.slice(0, 10) ?? '…'}`;
        const claim = z.claimants.length > 1 ? ` claimants ${z.claimants.join(',')}` : '';
        io.out(
          `${z.id.padEnd(20)} ${z.kind.padEnd(11)} ${z.state} ${valid.padEnd(23)} ${z.name.slice(0, 30)}${claim}\n`,
        );
      }
    });

  withZones(zones.command('show').description('one zone, with its rules and source').argument('<id>'))
    .addOption(new Option('--format <format>').choices(['json', 'geojson']).default('json'))
    .action(async (id: string, opts: { zones: string[]; format: string }) => {
      const catalog = await load(opts.zones);
      const z = catalog.zones.find((x) => x.id === id);
      if (!z) {
        io.err(`incursion: no zone '${id}' in catalog ${catalog.id}; try 'incursion zones list'\n`);
        setCode(1);
        return;
      }
      io.out(`${JSON.stringify(opts.format === 'geojson' ? zoneToFeature(z) : summary(z), null, 2)}\n`);
    });

  withZones(zones.command('overlaps').description('overlapping zones with the overlap area on the ellipsoid'))
    .addOption(new Option('--format <format>').choices(['table', 'json']).default('table'))
    .option('--kind <kind>', 'only zones of this kind (e.g. adiz)')
    .action(async (opts: { zones: string[]; format: string; kind?: string }) => {
      const catalog = await load(opts.zones);
      const { overlaps } = await import('../zones/overlaps.js');
      const list = overlaps(opts.kind ? catalog.zones.filter((z) => z.kind === opts.kind) : catalog.zones);
      if (opts.format === 'json') {
        io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      for (const o of list) {
        const when =
          o.from || o.to ? ` (together ${o.from?.slice(0, 10) ?? '…'}→${o.to?.slice(0, 10) ?? '…'})` : '';
        io.out(`${o.zones.join(' ∩ ').padEnd(48)} ${o.areaKm2.toFixed(1).padStart(12)} km²${when}\n`);
      }
    });

  withZones(zones.command('export').description('the loaded catalog as one zone file'))
    .addOption(new Option('--format <format>').choices(['geojson']).default('geojson'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { zones: string[]; out?: string }) => {
      const catalog = await load(opts.zones);
      const text = `${JSON.stringify(zonesToFeatureCollection(catalog.zones))}\n`;
      if (opts.out) writeFileSync(opts.out, text);
      else io.out(text);
    });

  zones
    .command('import')
    .description('convert OpenAIR, AIXM 5.1, KML or GeoJSON airspace to the zone file format')
    .argument('<file>')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (file: string, opts: { out?: string }) => {
      const { importZoneFile } = await import('../zones/import.js');
      const { zones: imported, problems } = await importZoneFile(file);
      for (const p of problems) io.err(`warning: ${formatDiagnostic(p)}\n`);
      if (imported.length === 0) {
        io.err(`incursion: no zone could be read from ${file}\n`);
        setCode(1);
        return;
      }
      const text = `${JSON.stringify(zonesToFeatureCollection(imported))}\n`;
      if (opts.out) writeFileSync(opts.out, text);
      else io.out(text);
      io.err(`${imported.length} zone(s) imported from ${file}\n`);
    });
  return zones;
}
