/**
 * The page: an offline map of zones, tracks and crossings, a visits table, a replay timeline and
 * an upload; or, in live mode, the aircraft of the server's live feed, the zones they are in and
 * an alert list. Everything shown comes from the API; this file wires the parts together.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Alert } from './alerts.js';
import {
  type AnalysisResult,
  type AnalysisSummary,
  ApiError,
  api,
  describeError,
  getToken,
  setToken,
  uploadTrack,
} from './api.js';
import { baseStyle, countryLabels } from './basemap.js';
import { LiveFeed } from './live.js';
import { LiveView } from './live-view.js';
import { Timeline } from './timeline.js';
import {
  AircraftLabels,
  addTrackLayers,
  crossingPopupHtml,
  MARKER_LAYERS,
  TRACK_LAYERS,
  TrackSet,
} from './tracks.js';
import { readViewState, type ViewState, writeViewState } from './url-state.js';
import { VisitsTable } from './visits.js';
import {
  escapeHtml,
  FINDING_LABELS,
  findingSentence,
  formatTime,
  stateColour,
  stateName,
} from './wording.js';
import {
  addLitLayers,
  addZoneLayers,
  prepareZones,
  setLitZones,
  ZONE_LAYERS,
  type ZoneProps,
  zonePopupHtml,
} from './zones.js';

maplibregl.setWorkerUrl(workerUrl);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Layer groups of the switcher, in display order. */
const GROUPS: Array<{ key: string; title: string; layers: readonly string[]; on: boolean }> = [
  { key: 'territorial', title: 'Territorial airspace', layers: ZONE_LAYERS.territorial, on: true },
  { key: 'disputed', title: 'Disputed sovereignty', layers: ZONE_LAYERS.disputed, on: true },
  { key: 'adiz', title: 'ADIZ', layers: ZONE_LAYERS.adiz, on: true },
  { key: 'fir', title: 'Flight information regions', layers: ZONE_LAYERS.fir, on: false },
  { key: 'other', title: 'Other zones', layers: ZONE_LAYERS.other, on: false },
  { key: 'tracks', title: 'Tracks', layers: [...TRACK_LAYERS, 'highlight'], on: true },
  { key: 'crossings', title: 'Entries, exits, approaches', layers: MARKER_LAYERS, on: true },
  { key: 'aircraft', title: 'Aircraft', layers: ['aircraft'], on: true },
  { key: 'borders', title: 'Country borders', layers: ['borders'], on: true },
];

const initial = readViewState();
const state: {
  analysisId: string | null;
  result: AnalysisResult | null;
  summary: AnalysisSummary | null;
  tracks: TrackSet | null;
  zones: Map<string, ZoneProps>;
  selectedVisit: number | null;
  layers: Set<string>;
  mode: 'analysis' | 'live';
  /** Every zone of the server (live mode shows those in force at the latest observation). */
  allZones: GeoJSON.FeatureCollection | null;
  /** Ids of the zones on the map in live mode (null: an analysis's zones are shown). */
  liveZonesKey: string | null;
} = {
  analysisId: null,
  result: null,
  summary: null,
  tracks: null,
  zones: new Map(),
  selectedVisit: null,
  layers: new Set(initial.layers ?? GROUPS.filter((g) => g.on).map((g) => g.key)),
  mode: 'analysis',
  allZones: null,
  liveZonesKey: null,
};

const map = new maplibregl.Map({
  container: 'map',
  style: baseStyle(),
  center: initial.map ? [initial.map.lon, initial.map.lat] : [124, 27],
  zoom: initial.map?.zoom ?? 3.6,
  attributionControl: false,
  renderWorldCopies: true,
  // Keep the drawing buffer so screenshots and "save image" include the map.
  canvasContextAttributes: { preserveDrawingBuffer: true },
} as maplibregl.MapOptions);
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'nautical' }), 'bottom-right');

const labels = new AircraftLabels(map);
const table = new VisitsTable(
  $('visits-table') as HTMLTableElement,
  () => ({
    manyDays:
      !!state.summary?.summary.start &&
      state.summary.summary.start.slice(0, 10) !== (state.summary.summary.end ?? '').slice(0, 10),
    category: (id) => state.result?.tracks.find((t) => t.id === id)?.category,
    label: (id) => state.tracks?.label.get(id) ?? id,
    colour: (id) => state.tracks?.colour.get(id) ?? '#333',
    zoneName: (id) => state.zones.get(id)?.name ?? id,
  }),
  (i) => selectVisit(i, true),
);
const timeline = new Timeline(
  $('time-slider') as HTMLInputElement,
  $('time-label') as HTMLOutputElement,
  $('play') as HTMLButtonElement,
  $('speed') as HTMLSelectElement,
  (tS) => {
    drawAircraft(tS);
    saveView();
  },
);

const liveView = new LiveView(
  {
    map,
    labels,
    zone: (id) => state.zones.get(id),
    layers: () => state.layers,
    aircraftChanged: () => buildLegend(),
    watermark: (tS) => {
      if (state.mode === 'live') showLiveZones(tS).catch(showError);
    },
    filtersChanged: () => saveView(),
  },
  {
    status: $('live-status'),
    inside: $('live-inside'),
    filters: $('alert-filters'),
    list: $('alerts') as HTMLOListElement,
  },
  initial.kinds,
  (a) => showAlert(a),
);
const liveFeed = new LiveFeed(liveView);

function viewState(): ViewState {
  const c = map.getCenter();
  if (state.mode === 'live') {
    return {
      analysis: null,
      timeS: null,
      map: { zoom: map.getZoom(), lat: c.lat, lon: c.lng },
      layers: GROUPS.filter((g) => state.layers.has(g.key)).map((g) => g.key),
      visit: null,
      mode: 'live',
      kinds: liveView.alerts.kinds(),
    };
  }
  return {
    analysis: state.analysisId,
    timeS: state.tracks ? timeline.time : null,
    map: { zoom: map.getZoom(), lat: c.lat, lon: c.lng },
    layers: GROUPS.filter((g) => state.layers.has(g.key)).map((g) => g.key),
    visit: state.selectedVisit,
    mode: null,
    kinds: null,
  };
}
const saveView = () => writeViewState(viewState());

// ---------------------------------------------------------------- errors and progress
function showError(err: unknown): void {
  $('error-text').textContent = describeError(err);
  $('error').hidden = false;
}
$('error-close').addEventListener('click', () => {
  $('error').hidden = true;
});

function progress(text: string | null, fraction?: number): void {
  const box = $('progress');
  box.hidden = text === null;
  box.classList.toggle('busy', fraction === undefined);
  $('progress-bar').style.setProperty('--p', `${Math.round((fraction ?? 0) * 100)}%`);
  $('progress-text').textContent = text ?? '';
}

// ---------------------------------------------------------------- map layers and switcher
function applyLayers(): void {
  for (const g of GROUPS) {
    for (const id of g.layers) {
      if (map.getLayer(id))
        map.setLayoutProperty(id, 'visibility', state.layers.has(g.key) ? 'visible' : 'none');
    }
  }
  updateVisitLabels();
  if (state.mode === 'live') liveView.redraw();
}

function buildSwitcher(): void {
  const box = $('layers');
  box.innerHTML = GROUPS.map(
    (g) =>
      `<label><input type="checkbox" data-group="${g.key}"${state.layers.has(g.key) ? ' checked' : ''}> ${escapeHtml(g.title)}</label>`,
  ).join('');
  box.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const key = input.dataset.group;
    if (!key) return;
    if (input.checked) state.layers.add(key);
    else state.layers.delete(key);
    applyLayers();
    saveView();
  });
}

function buildLegend(): void {
  const zoneStates = new Map<string, string>();
  for (const z of state.zones.values())
    if (z.kind === 'adiz' || z.kind === 'territorial') zoneStates.set(z.state, stateName(z.state));
  const statesHtml = [...zoneStates]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .slice(0, 10)
    .map(
      ([code, name]) =>
        `<div class="row"><span class="sw" style="background:${stateColour(code)}"></span>${escapeHtml(name)}</div>`,
    )
    .join('');
  const names = state.mode === 'live' ? liveView : state.tracks;
  const aircraft = names
    ? [...names.colour]
        .filter(([id]) => state.mode !== 'live' || liveView.tracks().includes(id))
        .slice(0, 8)
        .map(
          ([id, colour]) =>
            `<div class="row"><span class="sw" style="background:${colour};height:3px"></span>${escapeHtml(names.label.get(id) ?? id)}</div>`,
        )
        .join('') +
      (names.colour.size > 8 ? `<div class="row muted">+ ${names.colour.size - 8} more</div>` : '')
    : '';
  const lit =
    state.mode === 'live'
      ? '<div class="row"><span class="sw" style="background:rgba(47,143,91,.45);box-shadow:0 0 0 2px #ffcc00"></span>An aircraft is inside now</div>'
      : '';
  $('legend').innerHTML = `
<h4>Zones</h4>
<div class="row"><span class="sw" style="background:rgba(80,80,80,.25);border:1px solid #777"></span>Territorial airspace (sovereign)</div>
<div class="row"><span class="sw" style="border:2px solid #555;background:rgba(80,80,80,.05)"></span>ADIZ (declared, not sovereign)</div>
<div class="row"><span class="sw" style="background:repeating-linear-gradient(135deg,rgba(109,31,109,.7) 0 2px,rgba(109,31,109,.1) 2px 6px)"></span>Disputed: all claimants in the popup</div>
${lit}
${statesHtml ? `<h4>Declared / administered by</h4>${statesHtml}` : ''}
${aircraft ? `<h4>Aircraft</h4>${aircraft}` : ''}
<h4>Markers</h4>
<div class="row"><span class="sw" style="background:#333;border-radius:50%;width:10px;height:10px"></span>Entry &nbsp;<span class="sw" style="border:2px solid #333;border-radius:50%;width:10px;height:10px"></span>Exit &nbsp;<span class="sw" style="background:#a35b00;border-radius:50%;width:10px;height:10px"></span>In a data gap</div>
<div class="row"><span class="sw" style="border:1.5px dashed #333;height:0"></span>No data (not interpolated)</div>`;
}

// ---------------------------------------------------------------- HTML labels (no glyphs)
const placeMarkers: maplibregl.Marker[] = [];
const places = countryLabels();
function updatePlaceLabels(): void {
  for (const m of placeMarkers.splice(0)) m.remove();
  const b = map.getBounds();
  const zoom = map.getZoom();
  if (zoom < 2.5) return;
  for (const p of places) {
    if (!b.contains([p.lon, p.lat])) continue;
    const el = document.createElement('div');
    el.className = 'place-label';
    el.textContent = p.name;
    placeMarkers.push(new maplibregl.Marker({ element: el }).setLngLat([p.lon, p.lat]).addTo(map));
    if (placeMarkers.length >= 40) break;
  }
}

/**
 * A callout at each entry point (all of them when few, else the selected visit's): the zone's name
 * and the time, so a screenshot reads without the table.
 */
const visitMarkers: maplibregl.Marker[] = [];
function updateVisitLabels(): void {
  for (const m of visitMarkers.splice(0)) m.remove();
  const r = state.result;
  if (!r || !state.tracks || !state.layers.has('crossings')) return;
  const show = r.visits
    .map((v, i) => ({ v, i }))
    .filter(({ v, i }) => v.enter && (r.visits.length <= 8 || i === state.selectedVisit));
  for (const { v } of show) {
    if (!v.enter) continue;
    const el = document.createElement('div');
    el.className = 'visit-label';
    el.style.borderLeftColor = state.tracks.colour.get(v.track) ?? '#333';
    const zoneName = state.zones.get(v.zone)?.name ?? v.zone;
    el.innerHTML = `<b>${escapeHtml(zoneName)}</b><br>${escapeHtml(state.tracks.label.get(v.track) ?? v.track)} entered ${escapeHtml(formatTime(v.enter.time).slice(11))}${v.enter.certain ? '' : ' (≈, data gap)'}`;
    visitMarkers.push(
      new maplibregl.Marker({ element: el, anchor: 'left', offset: [10, 0] })
        .setLngLat([v.enter.lon, v.enter.lat])
        .addTo(map),
    );
  }
}

// ---------------------------------------------------------------- analysis
function geo(source: string, data: GeoJSON.FeatureCollection | GeoJSON.Feature): void {
  (map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData(data);
}

function drawAircraft(tS: number): void {
  if (!state.tracks || !map.getSource('aircraft')) return;
  const pos = state.tracks.positions(tS);
  geo('aircraft', {
    type: 'FeatureCollection',
    features: pos.map((p) => ({
      type: 'Feature',
      properties: { track: p.id, colour: state.tracks?.colour.get(p.id), gap: p.gap },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  });
  if (state.layers.has('aircraft')) labels.update(state.tracks, pos);
  else labels.clear();
}

function renderSummary(s: AnalysisSummary, r: AnalysisResult): void {
  const findings = Object.entries(s.summary.findings)
    .map(([f, n]) => `${n} × ${escapeHtml(FINDING_LABELS[f] ?? f)}`)
    .join(' · ');
  const warnings = r.warnings.length
    ? `<details><summary>${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}</summary><ul>${r.warnings
        .slice(0, 50)
        .map((w) => `<li>${escapeHtml(w)}</li>`)
        .join('')}</ul></details>`
    : '';
  const firstTerritorial = r.visits.find((v) => v.finding === 'territorial-entry');
  $('summary').innerHTML = `<h2>${escapeHtml(s.name)}</h2>
<p>${s.summary.tracks} aircraft · ${s.summary.fixes.toLocaleString('en')} positions · ${escapeHtml(formatTime(s.summary.start))} → ${escapeHtml(formatTime(s.summary.end))}</p>
<p>${s.summary.visits} zone visit${s.summary.visits === 1 ? '' : 's'}${findings ? `: ${findings}` : ''}${s.summary.approaches ? ` · ${s.summary.approaches} close approach${s.summary.approaches === 1 ? '' : 'es'} (within 50 NM, not entered)` : ''}</p>
${firstTerritorial ? `<p class="note">${escapeHtml(findingSentence(firstTerritorial, r.tracks.find((t) => t.id === firstTerritorial.track)?.category))}</p>` : ''}
<p class="note">An ADIZ is a zone declared by one state, mostly over international waters: entering it is not entering that state's airspace. Findings describe the track; they take no side on disputed sovereignty. Catalog ${escapeHtml(r.catalog.id)} ${escapeHtml(r.catalog.version)}.</p>
${warnings}`;
  const id = encodeURIComponent(s.id);
  $('downloads').innerHTML =
    `<a href="api/analyses/${id}" target="_blank">JSON</a><a href="api/analyses/${id}/geojson" target="_blank">GeoJSON</a><a href="api/analyses/${id}/csv">CSV</a>`;
}

/** Zones in force at some time during the analysis (an expired ADIZ would mislead the reader). */
function inForce(fc: GeoJSON.FeatureCollection, startS: number, endS: number): GeoJSON.FeatureCollection {
  const bound = (iso: string | null | undefined, open: number) => {
    if (!iso) return open;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
    return Number.isNaN(ms) ? open : ms / 1000;
  };
  return {
    type: 'FeatureCollection',
    features: fc.features.filter((f) => {
      const p = f.properties as ZoneProps;
      return bound(p.validFrom, -Infinity) <= endS && bound(p.validTo, Infinity) > startS;
    }),
  };
}

async function loadAnalysis(id: string, restore: ViewState | null): Promise<void> {
  leaveLive();
  const [summary, result, tracks, zones] = await Promise.all([
    api.summary(id),
    api.result(id),
    api.tracks(id),
    api.zones(id),
  ]);
  state.analysisId = id;
  state.summary = summary;
  state.result = result;
  state.tracks = new TrackSet(tracks);
  state.selectedVisit = null;
  ($('analysis-select') as HTMLSelectElement).value = id;
  const prepared = prepareZones(inForce(zones, state.tracks.startS, state.tracks.endS));
  state.zones = prepared.props;
  state.liveZonesKey = null;
  geo('zones', prepared.areas);
  geo('zone-bands', prepared.bands);
  geo('tracks', state.tracks.lines());
  geo('crossings', state.tracks.crossings(result));
  geo('approaches-src', state.tracks.approaches(result));
  geo('highlight', { type: 'FeatureCollection', features: [] });
  table.set(result.visits);
  renderSummary(summary, result);
  buildLegend();
  applyLayers();
  labels.clear();
  if (restore?.map) map.jumpTo({ center: [restore.map.lon, restore.map.lat], zoom: restore.map.zoom });
  else {
    const b = state.tracks.bounds();
    if (b) map.fitBounds(b, { padding: 60, duration: 0, maxZoom: 8 });
  }
  timeline.setRange(state.tracks.startS, state.tracks.endS, restore?.timeS ?? state.tracks.startS);
  if (restore?.visit !== null && restore?.visit !== undefined && restore.visit < result.visits.length) {
    selectVisit(restore.visit, !restore.map, restore.timeS === null);
  }
  saveView();
}

function selectVisit(index: number, zoom: boolean, moveClock = true): void {
  if (!state.result || !state.tracks) return;
  const v = state.result.visits[index];
  if (!v) return;
  state.selectedVisit = index;
  table.select(index);
  updateVisitLabels();
  const seg = state.tracks.visitSegment(v);
  geo('highlight', {
    type: 'FeatureCollection',
    features:
      seg.length > 1
        ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: seg } }]
        : [],
  });
  if (zoom && seg.length) {
    const b = new maplibregl.LngLatBounds();
    for (const c of seg) b.extend(c as [number, number]);
    // Include the zone's edge region around the entry: context matters more than detail.
    map.fitBounds(b, {
      padding: { top: 90, bottom: 90, left: 240, right: 140 },
      maxZoom: 7.5,
      duration: 600,
    });
  }
  const enterS = v.enter ? Date.parse(v.enter.time) / 1000 : state.tracks.get(v.track)?.t[0];
  if (enterS !== undefined && moveClock) timeline.set(enterS, true);
  saveView();
}

async function refreshList(): Promise<AnalysisSummary[]> {
  const list = await api.list();
  const select = $('analysis-select') as HTMLSelectElement;
  select.innerHTML =
    `<option value="">${list.length ? 'choose…' : 'none yet'}</option>` +
    list
      .map(
        (a) =>
          `<option value="${escapeHtml(a.id)}">${escapeHtml(a.name)} (${a.summary.visits} visits)</option>`,
      )
      .join('');
  if (state.analysisId) select.value = state.analysisId;
  return list;
}

// ---------------------------------------------------------------- live mode
const emptyFc = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** Zones in force at tS (the latest observation), redrawn only when that set changes. */
async function showLiveZones(tS: number): Promise<void> {
  if (!state.allZones) state.allZones = await api.zones(null);
  if (state.mode !== 'live') return;
  const fc = inForce(state.allZones, tS, tS);
  const key = fc.features.map((f) => (f.properties as ZoneProps).id).join(',');
  if (key === state.liveZonesKey) return;
  state.liveZonesKey = key;
  const prepared = prepareZones(fc);
  state.zones = prepared.props;
  geo('zones', prepared.areas);
  geo('zone-bands', prepared.bands);
  buildLegend();
  liveView.redraw();
}

function showPanels(live: boolean): void {
  $('summary').hidden = live;
  $('visits').hidden = live;
  $('live').hidden = !live;
  $('timeline').hidden = live;
  document.body.classList.toggle('live-mode', live);
  const toggle = $('live-toggle');
  toggle.setAttribute('aria-pressed', String(live));
  toggle.title = live
    ? 'Leave live mode (back to the analyses)'
    : 'Follow the live feed of this server: aircraft, zones they are in, alerts';
}

/** Follows the live feed: the analysis leaves the map (it comes back on leaving live mode). */
async function enterLive(fitToAircraft: boolean): Promise<void> {
  if (state.mode === 'live') return;
  state.mode = 'live';
  timeline.pause();
  state.result = null;
  state.summary = null;
  state.tracks = null;
  state.selectedVisit = null;
  for (const src of ['tracks', 'crossings', 'approaches-src', 'highlight', 'aircraft']) geo(src, emptyFc());
  labels.clear();
  updateVisitLabels();
  $('downloads').innerHTML = '';
  ($('analysis-select') as HTMLSelectElement).value = '';
  showPanels(true);
  liveView.autoFit = fitToAircraft;
  saveView();
  await showLiveZones(Date.now() / 1000);
  await liveFeed.start();
}

/** Stops following the feed and clears it from the map (the caller shows what comes next). */
function leaveLive(): void {
  if (state.mode !== 'live') return;
  liveFeed.stop();
  liveView.clear();
  setLitZones(map, []);
  state.mode = 'analysis';
  state.liveZonesKey = null;
  showPanels(false);
  buildLegend();
}

async function toggleLive(): Promise<void> {
  if (state.mode !== 'live') {
    await enterLive(true);
    return;
  }
  leaveLive();
  const list = await refreshList();
  const id = state.analysisId ?? list[list.length - 1]?.id ?? null;
  if (id) await loadAnalysis(id, null);
  else {
    await showAllZones();
    saveView();
  }
}

async function showAllZones(): Promise<void> {
  if (!state.allZones) state.allZones = await api.zones(null);
  const prepared = prepareZones(state.allZones);
  state.zones = prepared.props;
  geo('zones', prepared.areas);
  geo('zone-bands', prepared.bands);
  buildLegend();
}

/** An alert clicked in the list: the map goes to where it happened. */
function showAlert(a: Alert): void {
  liveView.autoFit = false;
  map.flyTo({ center: [a.lon, a.lat], zoom: Math.max(map.getZoom(), 6.5), duration: 600 });
  new maplibregl.Popup({ maxWidth: '360px', focusAfterOpen: false })
    .setLngLat([a.lon, a.lat])
    .setHTML(liveView.popupHtml(a.id))
    .addTo(map);
}

// ---------------------------------------------------------------- upload
async function upload(file: File): Promise<void> {
  $('error').hidden = true;
  const category = ($('category-select') as HTMLSelectElement).value;
  progress(`Uploading ${file.name}…`, 0);
  try {
    const created = await uploadTrack(file, { category }, (phase, f) => {
      if (phase === 'upload') progress(`Uploading ${file.name}: ${Math.round(f * 100)} %`, f);
      else progress(`Analysing ${file.name}…`);
    });
    progress(null);
    await refreshList();
    await loadAnalysis(created.id, null);
  } catch (err) {
    progress(null);
    if (err instanceof ApiError && err.body.statusCode === 401) $('token-box').hidden = false;
    showError(err);
  }
}

function setupUpload(): void {
  const input = $('file-input') as HTMLInputElement;
  $('upload-button').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) void upload(f);
  });
  const drop = $('drop');
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    drop.hidden = false;
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) drop.hidden = true;
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.hidden = true;
    const f = e.dataTransfer?.files?.[0];
    if (f) void upload(f);
  });
  const tokenInput = $('token-input') as HTMLInputElement;
  tokenInput.value = getToken();
  tokenInput.addEventListener('change', () => setToken(tokenInput.value.trim()));
}

// ---------------------------------------------------------------- popups
function setupPopups(): void {
  const zoneLayers = Object.values(ZONE_LAYERS).flat();
  map.on('click', (e: maplibregl.MapMouseEvent) => {
    const marks = map.queryRenderedFeatures(e.point, {
      layers: ['crossings-enter', 'crossings-exit'].filter((l) => map.getLayer(l)),
    });
    const mark = marks[0]?.properties as { live?: boolean; alert?: string } | undefined;
    if (mark?.live && mark.alert) {
      new maplibregl.Popup({ maxWidth: '360px', focusAfterOpen: false })
        .setLngLat(e.lngLat)
        .setHTML(liveView.popupHtml(mark.alert))
        .addTo(map);
      return;
    }
    if (marks.length && state.result && state.tracks) {
      const p = marks[0].properties as { visit: number; role: 'enter' | 'exit' };
      const v = state.result.visits[p.visit];
      new maplibregl.Popup({ maxWidth: '340px', focusAfterOpen: false })
        .setLngLat(e.lngLat)
        .setHTML(
          crossingPopupHtml(v, p.role, state.tracks.label.get(v.track) ?? v.track) +
            `<p class="muted">${escapeHtml(findingSentence(v, state.result.tracks.find((t) => t.id === v.track)?.category))}</p>`,
        )
        .addTo(map);
      return;
    }
    const hits = map.queryRenderedFeatures(e.point, { layers: zoneLayers.filter((l) => map.getLayer(l)) });
    const ids: string[] = [
      ...new Set(hits.map((h: maplibregl.MapGeoJSONFeature) => (h.properties as { id: string }).id)),
    ];
    if (!ids.length) return;
    const html = ids
      .map((id) => state.zones.get(id))
      .filter((z): z is ZoneProps => !!z)
      .map(zonePopupHtml)
      .join('');
    const header = ids.length > 1 ? `<p class="muted">${ids.length} zones overlap here:</p>` : '';
    new maplibregl.Popup({ maxWidth: '360px', focusAfterOpen: false })
      .setLngLat(e.lngLat)
      .setHTML(`${header}<div class="zone-list">${html}</div>`)
      .addTo(map);
  });
  for (const l of [...zoneLayers, 'crossings-enter', 'crossings-exit']) {
    map.on('mouseenter', l, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', l, () => {
      map.getCanvas().style.cursor = '';
    });
  }
}

// ---------------------------------------------------------------- start
buildSwitcher();
setupUpload();
$('credit').textContent =
  'Base map: Natural Earth (public domain) via world-atlas · Zones: sources in each zone’s popup';

($('analysis-select') as HTMLSelectElement).addEventListener('change', (e) => {
  const id = (e.target as HTMLSelectElement).value;
  if (id) loadAnalysis(id, null).catch(showError);
});

$('live-toggle').addEventListener('click', () => {
  toggleLive().catch(showError);
});
window.addEventListener('hashchange', () => {
  if (window.location.hash === '#live' && state.mode !== 'live') enterLive(true).catch(showError);
});

map.on('load', async () => {
  addZoneLayers(map);
  addLitLayers(map);
  addTrackLayers(map);
  setupPopups();
  applyLayers();
  updatePlaceLabels();
  map.on('moveend', () => {
    updatePlaceLabels();
    saveView();
  });
  // The user moved the map: live mode stops fitting it to the aircraft.
  map.on('movestart', (e: { originalEvent?: Event }) => {
    if (e.originalEvent) liveView.autoFit = false;
  });
  try {
    const health = await api.health();
    if (health.writesRequireToken) $('token-box').hidden = false;
    const list = await refreshList();
    if (initial.mode === 'live') {
      if (initial.map) map.jumpTo({ center: [initial.map.lon, initial.map.lat], zoom: initial.map.zoom });
      await enterLive(!initial.map);
    } else {
      const id = initial.analysis ?? list[list.length - 1]?.id ?? null;
      if (id) await loadAnalysis(id, initial.analysis ? initial : null);
      else await showAllZones();
    }
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = 'true';
});
// Lets tests (and anyone scripting the page) wait until the map has drawn everything.
(window as unknown as { incursion: unknown }).incursion = { map, live: liveView };
map.on('error', (e: maplibregl.ErrorEvent) => console.error('map error:', e.error?.message ?? e));
