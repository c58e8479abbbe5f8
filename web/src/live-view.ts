/**
 * Live mode on the map: each aircraft at its latest position (gliding there from the previous
 * one), the trail this page has seen of it, entry and exit markers, zones lit while an aircraft
 * is inside them, a callout at each current zone's entry point, and the alert list.
 *
 * Positions come from the live monitor after its reorder window: the map shows what the engine
 * has decided, a few seconds behind the feed, never a guess ahead of it. Lines between positions
 * are drawn straight on the screen: drawing, not a finding.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import { type Alert, type AlertContext, AlertList, alertHtml } from './alerts.js';
import type { ConnectionState, LiveAircraft, LiveEvent, LiveFeedHandlers, LiveStatus } from './live.js';
import type { AircraftLabels, AircraftNames, AircraftPosition } from './tracks.js';
import { aircraftColour, escapeHtml, formatUtc, zoneKindPhrase } from './wording.js';
import { setLitZones, type ZoneProps } from './zones.js';

export interface LiveHost {
  map: MapLibreMap;
  labels: AircraftLabels;
  zone(id: string): ZoneProps | undefined;
  /** Layer groups switched on (`aircraft`, `tracks`, `crossings`). */
  layers(): Set<string>;
  /** The set of aircraft changed (the legend lists them). */
  aircraftChanged(): void;
  /** The latest observation time moved: zones in force may differ. */
  watermark(tS: number): void;
  /** Filters changed (kept in the URL). */
  filtersChanged(): void;
}

export interface LiveElements {
  status: HTMLElement;
  inside: HTMLElement;
  filters: HTMLElement;
  list: HTMLOListElement;
}

const GLIDE_MS = 800;
const MAX_TRAIL = 600;
const MAX_CALLOUTS = 8;
const MAX_MARKERS = 600;
const DEFAULT_MAX_GAP_S = 600;

interface TrailPoint {
  t: number;
  lon: number;
  lat: number;
}

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });
const epochS = (iso: string) => Date.parse(iso) / 1000;

export class LiveView implements LiveFeedHandlers, AircraftNames {
  readonly colour = new Map<string, string>();
  readonly label = new Map<string, string>();
  readonly alerts: AlertList;
  /** Fit the map to the aircraft when they first appear (until the user moves the map). */
  autoFit = false;
  private planes = new Map<string, LiveAircraft>();
  private readonly trails = new Map<string, TrailPoint[]>();
  /** Per aircraft, spans without data (epoch s): a crossing's gap window, or from a loss of contact on. */
  private readonly gaps = new Map<string, Array<{ fromS: number; toS: number }>>();
  /** Zones each aircraft is inside now (not counting aircraft whose state is uncertain). */
  private readonly inside = new Map<string, Set<string>>();
  private readonly glides = new Map<string, { from: number[]; to: number[]; startMs: number }>();
  private readonly callouts: maplibregl.Marker[] = [];
  private frame = 0;
  private status: LiveStatus | null = null;
  private link: ConnectionState = 'connecting';
  private watermarkIso: string | null = null;
  private lit = '';

  constructor(
    private readonly host: LiveHost,
    private readonly el: LiveElements,
    kinds: string[] | null,
    onSelect: (a: Alert) => void,
  ) {
    this.alerts = new AlertList(
      el.list,
      el.filters,
      this.alertContext,
      onSelect,
      () => {
        this.drawMarkers();
        host.filtersChanged();
      },
      kinds,
    );
    this.alerts.render();
    this.renderStatus();
  }

  get alertContext(): AlertContext {
    return {
      zone: (id) => this.host.zone(id),
      colour: (t) => this.colourOf(t),
      label: (t) => this.label.get(t) ?? t,
      maxGapS: () => this.status?.maxGapS ?? DEFAULT_MAX_GAP_S,
    };
  }

  /** Every aircraft's id, in the order first seen (for the legend). */
  tracks(): string[] {
    return [...this.colour.keys()].filter((t) => this.planes.has(t));
  }

  // ------------------------------------------------------------ feed handlers
  connection(state: ConnectionState, status: LiveStatus | null): void {
    this.link = state;
    if (status) this.status = status;
    this.renderStatus();
  }

  events(events: LiveEvent[], historical: boolean): void {
    this.alerts.add(events);
    for (const e of events) {
      if (e.type === 'visit') continue;
      this.colourOf(e.track);
      if (e.type === 'lost') {
        // Silent from its last fix until whatever comes next.
        this.addGap(e.track, epochS(e.time), Number.POSITIVE_INFINITY);
        if (!historical) this.inside.delete(e.track);
        continue;
      }
      // A crossing lies on the track (an initial enter is the first fix): part of the trail; one
      // inside a data gap is an estimate, so the gap is drawn instead.
      if (e.certain || e.initial) this.addTrailPoint(e.track, epochS(e.time), e.lon, e.lat);
      else if (e.window) this.addGap(e.track, epochS(e.window.from), epochS(e.window.to));
      if (historical) continue;
      const set = this.inside.get(e.track) ?? new Set<string>();
      if (e.type === 'enter') set.add(e.zone);
      else set.delete(e.zone);
      this.inside.set(e.track, set);
    }
    this.drawStatic();
  }

  aircraft(list: LiveAircraft[], watermark: string | null): void {
    const before = this.tracks().join('\n');
    const now = performance.now();
    const next = new Map<string, LiveAircraft>();
    for (const a of list) {
      next.set(a.track, a);
      this.colourOf(a.track);
      const prev = this.planes.get(a.track);
      if (!prev || prev.time !== a.time) {
        this.addTrailPoint(a.track, epochS(a.time), a.lon, a.lat);
        const from = prev ? this.shownAt(a.track, prev, now) : [a.lon, a.lat];
        this.glides.set(a.track, { from, to: [a.lon, a.lat], startMs: now });
      }
      if (a.stale) this.inside.delete(a.track);
      else this.inside.set(a.track, new Set(a.zones));
    }
    for (const id of this.planes.keys()) {
      if (!next.has(id)) {
        this.glides.delete(id);
        this.inside.delete(id);
      }
    }
    this.planes = next;
    if (watermark !== this.watermarkIso) {
      this.watermarkIso = watermark;
      if (watermark) this.host.watermark(epochS(watermark));
    }
    if (this.tracks().join('\n') !== before) this.host.aircraftChanged();
    if (this.autoFit && next.size) this.fit();
    this.drawStatic();
    this.animate();
  }

  // ------------------------------------------------------------ drawing
  /** Redraws everything (after the layer switcher or the zones changed). */
  redraw(): void {
    this.drawStatic();
    this.drawAircraft(performance.now());
  }

  /** Removes everything live from the map (leaving live mode). */
  clear(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const m of this.callouts.splice(0)) m.remove();
    this.host.labels.clear();
    for (const s of ['aircraft', 'tracks', 'crossings']) this.setData(s, empty());
    setLitZones(this.host.map, []);
    this.lit = '';
  }

  private setData(source: string, data: GeoJSON.FeatureCollection): void {
    (this.host.map.getSource(source) as GeoJSONSource | undefined)?.setData(data);
  }

  private colourOf(track: string): string {
    let c = this.colour.get(track);
    if (!c) {
      c = aircraftColour(this.colour.size);
      this.colour.set(track, c);
      this.label.set(track, track);
    }
    return c;
  }

  private addGap(track: string, fromS: number, toS: number): void {
    const list = this.gaps.get(track) ?? [];
    if (!list.some((g) => g.fromS === fromS && g.toS === toS)) list.push({ fromS, toS });
    this.gaps.set(track, list);
  }

  /** No data between these two trail points (a gap window, or a loss of contact, overlaps them). */
  private inGap(track: string, aS: number, bS: number): boolean {
    for (const g of this.gaps.get(track) ?? []) {
      if (g.toS === Number.POSITIVE_INFINITY ? g.fromS >= aS && g.fromS < bS : g.fromS < bS && g.toS > aS)
        return true;
    }
    return false;
  }

  private addTrailPoint(track: string, t: number, lon: number, lat: number): void {
    const trail = this.trails.get(track) ?? [];
    let i = trail.length;
    while (i > 0 && trail[i - 1].t > t) i--;
    if (i > 0 && trail[i - 1].t === t) return;
    trail.splice(i, 0, { t, lon, lat });
    if (trail.length > MAX_TRAIL) trail.splice(0, trail.length - MAX_TRAIL);
    this.trails.set(track, trail);
  }

  /** Where an aircraft is drawn at `nowMs` (part way along its glide). */
  private shownAt(track: string, a: LiveAircraft, nowMs: number): number[] {
    const g = this.glides.get(track);
    if (!g) return [a.lon, a.lat];
    const f = Math.min(1, (nowMs - g.startMs) / GLIDE_MS);
    let dLon = g.to[0] - g.from[0];
    dLon -= 360 * Math.round(dLon / 360);
    return [g.from[0] + f * dLon, g.from[1] + f * (g.to[1] - g.from[1])];
  }

  private animate(): void {
    if (this.frame) return;
    const step = (now: number) => {
      this.frame = 0;
      this.drawAircraft(now);
      let moving = false;
      for (const g of this.glides.values()) if (now - g.startMs < GLIDE_MS) moving = true;
      if (moving) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  private drawAircraft(nowMs: number): void {
    const positions: AircraftPosition[] = [];
    for (const a of this.planes.values()) {
      const [lon, lat] = this.shownAt(a.track, a, nowMs);
      positions.push({ id: a.track, lon, lat, altFt: a.altFt, gap: a.stale });
    }
    this.setData('aircraft', {
      type: 'FeatureCollection',
      features: positions.map((p) => ({
        type: 'Feature',
        properties: { track: p.id, colour: this.colourOf(p.id), gap: p.gap, live: true },
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      })),
    });
    if (this.host.layers().has('aircraft')) this.host.labels.update(this, positions);
    else this.host.labels.clear();
  }

  private drawStatic(): void {
    this.drawTrails();
    this.drawMarkers();
    this.drawLit();
    this.drawCallouts();
    this.renderInside();
    this.renderStatus();
  }

  /**
   * Trails: solid where the monitor had data, dashed over its gaps. Points here are what this page
   * saw (polled positions and crossings), not every fix: a long step between two of them is not a
   * gap unless the monitor said so.
   */
  private drawTrails(): void {
    const features: GeoJSON.Feature[] = [];
    for (const [track, trail] of this.trails) {
      if (!this.planes.has(track) || trail.length < 2) continue;
      const props = { track, colour: this.colourOf(track) };
      let piece: number[][] = [];
      let lon = trail[0].lon;
      const flush = () => {
        if (piece.length > 1)
          features.push({
            type: 'Feature',
            properties: { ...props, gap: false },
            geometry: { type: 'LineString', coordinates: piece },
          });
        piece = [];
      };
      trail.forEach((p, i) => {
        const prevLon = lon;
        if (i > 0) {
          let d = p.lon - lon;
          d -= 360 * Math.round(d / 360);
          lon += d;
        }
        if (i > 0 && this.inGap(track, trail[i - 1].t, p.t)) {
          flush();
          features.push({
            type: 'Feature',
            properties: { ...props, gap: true },
            geometry: {
              type: 'LineString',
              coordinates: [
                [prevLon, trail[i - 1].lat],
                [lon, p.lat],
              ],
            },
          });
        }
        piece.push([lon, p.lat]);
      });
      flush();
    }
    this.setData('tracks', { type: 'FeatureCollection', features });
  }

  private drawMarkers(): void {
    const marks = this.alerts
      .all()
      .filter((a) => a.type !== 'lost' && !a.initial && this.alerts.isShown(a))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, MAX_MARKERS);
    this.setData('crossings', {
      type: 'FeatureCollection',
      features: marks.map((a) => ({
        type: 'Feature',
        properties: {
          role: a.type,
          certain: a.certain,
          zone: a.zone,
          kind: a.kind,
          colour: this.colourOf(a.track),
          live: true,
          alert: a.id,
        },
        geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
      })),
    });
  }

  /** Zones with an aircraft inside now. */
  litZones(): string[] {
    const ids = new Set<string>();
    for (const set of this.inside.values()) for (const z of set) ids.add(z);
    return [...ids].sort();
  }

  private drawLit(): void {
    const ids = this.litZones();
    const key = ids.join(',');
    if (key === this.lit) return;
    this.lit = key;
    setLitZones(this.host.map, ids);
  }

  /** At each zone an aircraft is inside now: its name and when the aircraft entered it. */
  private drawCallouts(): void {
    for (const m of this.callouts.splice(0)) m.remove();
    if (!this.host.layers().has('crossings')) return;
    const enters = this.alerts
      .all()
      .filter((a) => a.type === 'enter' && !a.initial && this.inside.get(a.track)?.has(a.zone as string))
      .sort((a, b) => b.seq - a.seq);
    const seen = new Set<string>();
    for (const a of enters) {
      const key = `${a.track}\n${a.zone}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > MAX_CALLOUTS) break;
      const el = document.createElement('div');
      el.className = 'visit-label live-callout';
      el.dataset.zone = a.zone ?? '';
      el.style.borderLeftColor = this.colourOf(a.track);
      const name = this.host.zone(a.zone as string)?.name ?? a.zone;
      el.innerHTML = `<b>${escapeHtml(name)}</b><br>${escapeHtml(this.label.get(a.track) ?? a.track)} entered ${escapeHtml(formatUtc(a.time).slice(11))}${a.certain ? '' : ' (≈, data gap)'}`;
      this.callouts.push(
        // Above the entry point: the aircraft's own label sits level with the aircraft.
        new maplibregl.Marker({ element: el, anchor: 'bottom-left', offset: [6, -6] })
          .setLngLat([a.lon, a.lat])
          .addTo(this.host.map),
      );
    }
  }

  private renderInside(): void {
    const rows: string[] = [];
    for (const a of this.planes.values()) {
      const zones = [...(this.inside.get(a.track) ?? [])].sort();
      const what = a.stale
        ? `<span class="uncertain">no position since ${escapeHtml(formatUtc(a.time))}: uncertain</span>`
        : zones.length
          ? zones
              .map((z) => {
                const p = this.host.zone(z);
                return `<b>${escapeHtml(z)}</b> <span class="muted">(${escapeHtml(zoneKindPhrase(p?.kind ?? 'other', p?.state, p?.claimants))})</span>`;
              })
              .join(', ')
          : '<span class="muted">outside every zone</span>';
      rows.push(
        `<li data-track="${escapeHtml(a.track)}" data-zones="${escapeHtml(zones.join(','))}"><span class="dot" style="background:${this.colourOf(a.track)}"></span><b>${escapeHtml(this.label.get(a.track) ?? a.track)}</b>${a.altFt !== null ? ` <span class="muted">${Math.round(a.altFt / 100) * 100} ft</span>` : ''}: ${what}</li>`,
      );
    }
    this.el.inside.innerHTML = rows.length
      ? `<h3>Now</h3><ul>${rows.join('')}</ul>`
      : '<p class="muted">No aircraft yet. Positions posted to <code>/api/live/positions</code> (or any <code>incursion watch</code> source of this server) appear here.</p>';
  }

  private renderStatus(): void {
    const s = this.status;
    const pill =
      this.link === 'live'
        ? '<span class="pill on">● Live</span>'
        : this.link === 'connecting'
          ? '<span class="pill">○ Connecting…</span>'
          : '<span class="pill off">○ Reconnecting…</span>';
    const n = this.planes.size;
    const parts = [
      `${n} aircraft`,
      this.watermarkIso ? `latest observation ${escapeHtml(formatUtc(this.watermarkIso))}` : null,
    ].filter(Boolean);
    const lag = s
      ? `<p class="note">Positions and alerts follow the feed ${s.reorderWindowS} s behind its latest observation (late fixes are put in order first). Times are observation times, in UTC. An aircraft silent for more than ${Math.round(s.maxGapS / 60)} min is marked uncertain.</p>`
      : '';
    this.el.status.innerHTML = `<div class="live-line">${pill} ${parts.join(' · ')}</div>${lag}`;
  }

  private fit(): void {
    const b = new maplibregl.LngLatBounds();
    for (const a of this.planes.values()) {
      b.extend([a.lon, a.lat]);
      for (const p of this.trails.get(a.track) ?? []) b.extend([p.lon, p.lat]);
    }
    this.autoFit = false;
    this.host.map.fitBounds(b, { padding: 80, maxZoom: 7, duration: 0 });
  }

  /** Popup HTML for an alert's marker. */
  popupHtml(alertId: string): string {
    const a = this.alerts.get(alertId);
    return a ? `<div class="zone-pop live-pop">${alertHtml(a, this.alertContext)}</div>` : '';
  }
}
