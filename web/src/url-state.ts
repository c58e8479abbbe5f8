/**
 * The view kept in the URL (shareable, survives a reload):
 *   ?a=<analysis id>&t=<ISO time>&map=<zoom>/<lat>/<lon>&layers=<group,...>&v=<visit index>
 * or, following the live feed instead of an analysis (`#live` is read as the same):
 *   ?mode=live&map=...&layers=...&kinds=<zone kinds and `lost` shown in the alert list>
 */
export interface ViewState {
  analysis: string | null;
  timeS: number | null;
  map: { zoom: number; lat: number; lon: number } | null;
  layers: string[] | null;
  visit: number | null;
  mode: 'live' | null;
  /** Live alert filters; null = all shown. */
  kinds: string[] | null;
}

export function readViewState(search = window.location.search, hash = window.location.hash): ViewState {
  const q = new URLSearchParams(search);
  const t = q.get('t');
  const tMs = t ? Date.parse(t) : Number.NaN;
  const m = (q.get('map') ?? '').split('/').map(Number);
  const v = q.get('v');
  return {
    analysis: q.get('a'),
    timeS: Number.isNaN(tMs) ? null : tMs / 1000,
    map: m.length === 3 && m.every(Number.isFinite) ? { zoom: m[0], lat: m[1], lon: m[2] } : null,
    layers: q.has('layers') ? (q.get('layers') ?? '').split(',').filter(Boolean) : null,
    visit: v !== null && /^\d+$/.test(v) ? Number(v) : null,
    mode: q.get('mode') === 'live' || hash === '#live' ? 'live' : null,
    kinds: q.has('kinds') ? (q.get('kinds') ?? '').split(',').filter(Boolean) : null,
  };
}

let pending: ViewState | null = null;
let timer = 0;

/** Writes the state with replaceState, at most every 300 ms (the replay changes it per frame). */
export function writeViewState(s: ViewState): void {
  pending = s;
  if (timer) return;
  timer = window.setTimeout(() => {
    timer = 0;
    if (!pending) return;
    const q = new URLSearchParams();
    if (pending.mode) q.set('mode', pending.mode);
    if (pending.analysis) q.set('a', pending.analysis);
    if (pending.timeS !== null)
      q.set('t', new Date(Math.round(pending.timeS) * 1000).toISOString().replace('.000Z', 'Z'));
    if (pending.map)
      q.set(
        'map',
        `${pending.map.zoom.toFixed(2)}/${pending.map.lat.toFixed(4)}/${pending.map.lon.toFixed(4)}`,
      );
    if (pending.layers) q.set('layers', pending.layers.join(','));
    if (pending.visit !== null) q.set('v', String(pending.visit));
    if (pending.kinds) q.set('kinds', pending.kinds.join(','));
    const url = `${window.location.pathname}?${q.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
    window.history.replaceState(null, '', url);
  }, 300);
}
