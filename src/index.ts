/** The library: the same functions the CLI, the server and the live monitor call. */
export { type AnalyzeOptions, analyze, analyzeTrack, compileCatalog, VERSION } from './analysis/analyze.js';
export { ANALYZE_OPTIONS, type AnalyzeRequest, parseOptions } from './analysis/options.js';
export type * from './analysis/types.js';
export { analyzeFiles } from './pipeline.js';
export { toCsv } from './report/csv.js';
export { toGeoJson } from './report/geojson.js';
export { toJson } from './report/json.js';
export { toTable } from './report/table.js';
export { readTrackBuffer, readTrackFile } from './tracks/read.js';
export type * from './tracks/track.js';
export { builtinCatalog, loadZones } from './zones/catalog.js';
export { CompiledCatalog } from './zones/compiled.js';
export { parseZoneFile, zonesToFeatureCollection } from './zones/geojson.js';
export { importZoneFile, importZoneText } from './zones/import.js';
export { overlaps } from './zones/overlaps.js';
export type * from './zones/zone.js';
