/**
 * Words and colours the page uses. Findings are described, never judged: a territorial entry
 * says that authorisation is not known, an ADIZ is never called sovereign airspace, and a
 * disputed zone names every claimant.
 */

export const STATE_NAMES: Record<string, string> = {
  CHN: 'China',
  TWN: 'Taiwan',
  JPN: 'Japan',
  KOR: 'South Korea',
  PRK: 'North Korea',
  RUS: 'Russia',
  USA: 'United States',
  PHL: 'Philippines',
  VNM: 'Vietnam',
  MYS: 'Malaysia',
  IDN: 'Indonesia',
  BRN: 'Brunei',
  SGP: 'Singapore',
  THA: 'Thailand',
  MNG: 'Mongolia',
  HKG: 'Hong Kong',
  IND: 'India',
  GBR: 'United Kingdom',
  FRA: 'France',
  DEU: 'Germany',
  NLD: 'Netherlands',
  CHE: 'Switzerland',
  CAN: 'Canada',
  AUS: 'Australia',
};

export const stateName = (code: string | null | undefined): string =>
  code ? (STATE_NAMES[code] ?? code) : 'unknown state';

export const KIND_NAMES: Record<string, string> = {
  territorial: 'Territorial airspace',
  adiz: 'ADIZ',
  fir: 'Flight information region',
  other: 'Other zone',
};

export const FINDING_LABELS: Record<string, string> = {
  'territorial-entry': 'Entered foreign territorial airspace',
  'adiz-entry': 'Entered ADIZ',
  'adiz-noncompliance': 'ADIZ rules not met (per data)',
  'own-zone': "Own state's zone",
  transit: 'Transit',
};

export interface VisitLike {
  kind: string;
  state: string;
  claimants: string[];
  finding: string;
}

/** One neutral sentence for a visit's finding; `category` is the track's (state, civil, unknown). */
export function findingSentence(v: VisitLike, category?: string): string {
  const who =
    category === 'state'
      ? 'A state aircraft'
      : category === 'civil'
        ? 'A civil aircraft'
        : 'An aircraft (category not known)';
  const claim =
    v.claimants.length > 1
      ? ` (sovereignty disputed: claimed by ${v.claimants.map(stateName).join(', ')}; administered by ${stateName(v.state)})`
      : '';
  switch (v.finding) {
    case 'territorial-entry':
      return `${who} entered the territorial airspace of ${stateName(v.state)}${claim}. Whether it was authorised is not known from the track.`;
    case 'adiz-entry':
      return `Entered the air defense identification zone declared by ${stateName(v.state)}. An ADIZ is not sovereign airspace.`;
    case 'adiz-noncompliance':
      return `In the ADIZ declared by ${stateName(v.state)}, the track's data shows that zone's identification rules were not met. An ADIZ is not sovereign airspace.`;
    case 'own-zone':
      return `In a zone of its own state (${stateName(v.state)})${claim}.`;
    default:
      return `Crossed the ${KIND_NAMES[v.kind] ?? v.kind} of ${stateName(v.state)}${claim}.`;
  }
}

/** Muted, distinct colours for declaring states (zones); others get a stable hashed colour. */
const STATE_COLOURS: Record<string, string> = {
  CHN: '#c4472f',
  TWN: '#2a7f9e',
  JPN: '#7b5ea7',
  KOR: '#2f8f5b',
  PRK: '#9a7b22',
  RUS: '#8c5a3c',
  PHL: '#b05a8a',
  USA: '#4b6a88',
  VNM: '#a0702c',
};
const FALLBACK = ['#5f7f3a', '#87613a', '#3d6f8f', '#8a4f6e', '#6b6b2f', '#4f5f9f', '#9a5a3a', '#3f7f6f'];

export function stateColour(code: string): string {
  if (STATE_COLOURS[code]) return STATE_COLOURS[code];
  let h = 0;
  for (let i = 0; i < code.length; i++) h = (h * 31 + code.charCodeAt(i)) >>> 0;
  return FALLBACK[h % FALLBACK.length];
}

/** Vivid colours for aircraft, distinct from the muted zone colours. */
const AIRCRAFT_COLOURS = [
  '#e6194b',
  '#0057e7',
  '#ff8c00',
  '#111111',
  '#00a86b',
  '#b300b3',
  '#d4a000',
  '#008b8b',
  '#8b4513',
  '#ff1493',
];

export const aircraftColour = (i: number): string => AIRCRAFT_COLOURS[i % AIRCRAFT_COLOURS.length];

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')}`;
  if (m > 0) return `${m} min`;
  return `${sec} s`;
}

/** Kilometres, short (the NM figure is in the cell's title). */
export function formatDistance(m: number): string {
  if (!Number.isFinite(m)) return '—';
  return m >= 10000 ? `${(m / 1000).toFixed(0)} km` : `${(m / 1000).toFixed(1)} km`;
}

/** "2022-08-02 14:23:10Z" */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * What kind of zone it is, in the words a live alert uses: an ADIZ is never called sovereign, a
 * disputed territorial zone names every claimant (administering state first, as the catalog has it).
 */
export function zoneKindPhrase(kind: string, state?: string | null, claimants?: string[] | null): string {
  switch (kind) {
    case 'adiz':
      return 'ADIZ, not sovereign airspace';
    case 'territorial':
      return claimants && claimants.length > 1
        ? `territorial; claimants ${claimants.join(', ')}`
        : `territorial airspace of ${stateName(state)}`;
    case 'fir':
      return `flight information region${state ? ` of ${stateName(state)}` : ''}, not sovereign airspace`;
    default:
      return 'other zone';
  }
}

/** "2019-07-23 00:02:38 UTC" */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatTime(iso).replace(/Z$/, ' UTC');
}
