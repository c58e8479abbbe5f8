/**
 * The live alert list: one line per entry, exit or lost contact, newest observation first, in
 * UTC, worded as the rest of the page (an ADIZ is never sovereign airspace; a disputed zone names
 * every claimant; a crossing inside a data gap is marked uncertain). Filters by zone kind.
 */
import type { CrossingEvent, LiveEvent, LostEvent, VisitEvent } from './live.js';
import {
  escapeHtml,
  FINDING_LABELS,
  formatDistance,
  formatDuration,
  formatUtc,
  zoneKindPhrase,
} from './wording.js';
import type { ZoneProps } from './zones.js';

export interface Alert {
  /** The event's id (deterministic on the server: a re-sent event replaces its line). */
  id: string;
  seq: number;
  type: 'enter' | 'exit' | 'lost';
  track: string;
  time: string;
  lat: number;
  lon: number;
  certain: boolean;
  /** Enter: the aircraft was already inside at its first fix (no crossing observed). */
  initial: boolean;
  zone: string | null;
  kind: string | null;
  window?: { from: string; to: string };
  /** Lost: the zones it was inside at its last fix. */
  zones: string[];
  /** Exit: the closed visit, once the server sends it. */
  visit?: VisitEvent;
}

export interface AlertContext {
  zone: (id: string) => ZoneProps | undefined;
  colour: (track: string) => string;
  label: (track: string) => string;
  maxGapS: () => number;
}

/** Filter keys: zone kinds, and `lost` for lost contact. */
export const ALERT_FILTERS: Array<{ key: string; title: string }> = [
  { key: 'territorial', title: 'Territorial' },
  { key: 'adiz', title: 'ADIZ' },
  { key: 'fir', title: 'FIR' },
  { key: 'other', title: 'Other' },
  { key: 'lost', title: 'Lost contact' },
];

const MAX_ALERTS = 2000;
const MAX_SHOWN = 300;

export function alertOf(e: CrossingEvent | LostEvent): Alert {
  if (e.type === 'lost') {
    return {
      id: e.id,
      seq: e.seq,
      type: 'lost',
      track: e.track,
      time: e.time,
      lat: e.lat,
      lon: e.lon,
      certain: false,
      initial: false,
      zone: null,
      kind: null,
      zones: e.zones,
    };
  }
  return {
    id: e.id,
    seq: e.seq,
    type: e.type,
    track: e.track,
    time: e.time,
    lat: e.lat,
    lon: e.lon,
    certain: e.certain,
    initial: !!e.initial,
    zone: e.zone,
    kind: e.kind,
    window: e.window,
    zones: [],
  };
}

const kindPhrase = (a: Alert, ctx: AlertContext, zoneId: string) => {
  const z = ctx.zone(zoneId);
  return zoneKindPhrase(a.kind ?? z?.kind ?? 'other', z?.state, z?.claimants);
};

const fmtPos = (lat: number, lon: number) =>
  `${Math.abs(lat).toFixed(4)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(4)}° ${lon < 0 ? 'W' : 'E'}`;

/** The alert's sentence as HTML (aircraft, what happened, which zone, what kind of zone). */
export function alertSentenceHtml(a: Alert, ctx: AlertContext): string {
  const who = `<b class="ac">${escapeHtml(ctx.label(a.track))}</b>`;
  if (a.type === 'lost') {
    const minutes = Math.round(ctx.maxGapS() / 60);
    const where = a.zones.length
      ? `whether it is still inside ${a.zones.map((z) => `<b>${escapeHtml(z)}</b>`).join(', ')} is uncertain`
      : 'its position is uncertain';
    return `${who}: no position for more than ${minutes} min after its last fix; ${where}`;
  }
  const zone = `<b class="zone">${escapeHtml(a.zone)}</b> (${escapeHtml(kindPhrase(a, ctx, a.zone as string))})`;
  if (a.type === 'enter' && a.initial) return `${who} was inside ${zone} when first seen`;
  return `${who} ${a.type === 'enter' ? 'entered' : 'left'} ${zone}`;
}

/** The alert as plain text (for titles and tests). */
export function alertSentenceText(a: Alert, ctx: AlertContext): string {
  const div = document.createElement('div');
  div.innerHTML = alertSentenceHtml(a, ctx);
  return div.textContent ?? '';
}

function tagHtml(a: Alert): string {
  if (a.type === 'lost')
    return '<span class="tag uncertain" title="no data: what happened after the last fix is not known">uncertain</span>';
  if (a.initial)
    return '<span class="tag" title="the aircraft was already inside at its first position: the entry was not observed">entry not observed</span>';
  if (!a.certain) {
    const why = a.window
      ? `the crossing lies in a data gap (${formatUtc(a.window.from)} – ${formatUtc(a.window.to)}): time and place are estimated`
      : 'time and place are estimated';
    return `<span class="tag uncertain" title="${escapeHtml(why)}">uncertain</span>`;
  }
  return '';
}

function detailHtml(a: Alert, ctx: AlertContext): string {
  const parts: string[] = [];
  if (a.zone) {
    const name = ctx.zone(a.zone)?.name;
    if (name) parts.push(escapeHtml(name));
  }
  parts.push(fmtPos(a.lat, a.lon));
  const v = a.visit;
  if (v) {
    const finding = FINDING_LABELS[v.finding] ?? v.finding;
    parts.push(
      `inside ${escapeHtml(formatDuration(v.durationS))}, deepest ${escapeHtml(formatDistance(v.maxPenetrationM))} from the boundary`,
    );
    parts.push(
      `${escapeHtml(finding)}${v.finding === 'territorial-entry' ? ': whether it was authorised is not known from the track' : ''}`,
    );
  }
  return parts.join(' · ');
}

export function alertHtml(a: Alert, ctx: AlertContext): string {
  return `<div class="alert-head"><time datetime="${escapeHtml(a.time)}">${escapeHtml(formatUtc(a.time))}</time>${tagHtml(a)}</div>
<div class="alert-text"><span class="dot" style="background:${ctx.colour(a.track)}"></span>${alertSentenceHtml(a, ctx)}</div>
<div class="alert-detail muted">${detailHtml(a, ctx)}</div>`;
}

export class AlertList {
  private readonly alerts = new Map<string, Alert>();
  /** Visits that arrived before their exit (kept until it comes). */
  private readonly visits = new Map<string, VisitEvent>();
  readonly shown: Set<string>;

  constructor(
    private readonly list: HTMLOListElement,
    filters: HTMLElement,
    private readonly ctx: AlertContext,
    private readonly onSelect: (a: Alert) => void,
    private readonly onFilter: () => void,
    shown: string[] | null,
  ) {
    this.shown = new Set(shown ?? ALERT_FILTERS.map((f) => f.key));
    filters.innerHTML = `<span class="muted">Show</span>${ALERT_FILTERS.map(
      (f) =>
        `<label><input type="checkbox" data-kind="${f.key}"${this.shown.has(f.key) ? ' checked' : ''}> ${escapeHtml(f.title)}</label>`,
    ).join('')}`;
    filters.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const key = input.dataset.kind;
      if (!key) return;
      if (input.checked) this.shown.add(key);
      else this.shown.delete(key);
      this.render();
      this.onFilter();
    });
    list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      const a = li?.dataset.id ? this.alerts.get(li.dataset.id) : undefined;
      if (a) this.onSelect(a);
    });
  }

  get(id: string): Alert | undefined {
    return this.alerts.get(id);
  }

  all(): Alert[] {
    return [...this.alerts.values()];
  }

  /** Kinds shown, or null when every filter is on (nothing to keep in the URL). */
  kinds(): string[] | null {
    return this.shown.size === ALERT_FILTERS.length
      ? null
      : ALERT_FILTERS.filter((f) => this.shown.has(f.key)).map((f) => f.key);
  }

  add(events: LiveEvent[]): void {
    for (const e of events) {
      if (e.type === 'visit') {
        const exit = this.exitOf(e);
        if (exit) exit.visit = e;
        else if (e.exit) this.visits.set(visitKey(e.track, e.zone, e.exit.time), e);
        continue;
      }
      const a = alertOf(e);
      if (a.type === 'exit') {
        const key = visitKey(a.track, a.zone as string, a.time);
        const v = this.visits.get(key);
        if (v) {
          a.visit = v;
          this.visits.delete(key);
        }
      }
      this.alerts.set(a.id, a);
    }
    if (this.alerts.size > MAX_ALERTS) {
      const oldest = [...this.alerts.values()].sort(order).slice(MAX_ALERTS);
      for (const a of oldest) this.alerts.delete(a.id);
    }
    if (this.visits.size > MAX_ALERTS) this.visits.clear();
    this.render();
  }

  clear(): void {
    this.alerts.clear();
    this.visits.clear();
    this.render();
  }

  private exitOf(v: VisitEvent): Alert | undefined {
    if (!v.exit) return undefined;
    for (const a of this.alerts.values())
      if (a.type === 'exit' && a.track === v.track && a.zone === v.zone && a.time === v.exit.time) return a;
    return undefined;
  }

  isShown(a: Alert): boolean {
    return this.shown.has(a.type === 'lost' ? 'lost' : (a.kind ?? 'other'));
  }

  render(): void {
    const shown = [...this.alerts.values()].filter((a) => this.isShown(a)).sort(order);
    if (!shown.length) {
      this.list.innerHTML = `<li class="muted empty">${
        this.alerts.size ? 'No alert of the kinds shown.' : 'No entry or exit yet. Waiting for positions…'
      }</li>`;
      return;
    }
    this.list.innerHTML = shown
      .slice(0, MAX_SHOWN)
      .map(
        (a) =>
          `<li class="alert ${a.type}${a.certain || a.initial ? '' : ' is-uncertain'}" data-id="${escapeHtml(a.id)}" data-type="${a.type}" data-track="${escapeHtml(a.track)}" data-zone="${escapeHtml(a.zone ?? '')}" data-kind="${escapeHtml(a.kind ?? '')}">${alertHtml(a, this.ctx)}</li>`,
      )
      .join('');
  }
}

const visitKey = (track: string, zone: string, time: string) => `${track}\n${zone}\n${time}`;

/** Newest observation first; the same instant: the later event first. */
function order(a: Alert, b: Alert): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  return b.seq - a.seq;
}
