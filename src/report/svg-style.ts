/** Colours and escaping shared by the report's SVG figures and HTML. */
import type { Track } from '../tracks/track.js';
import type { Zone } from '../zones/zone.js';

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML[c]);
}

/** Per-operator hues, so that a reader sees at a glance whose aircraft is whose. */
const OPERATOR_COLOURS: Record<string, string[]> = {
  CHN: ['#c0392b', '#e0605a', '#922b21'],
  RUS: ['#1f5fa8', '#4a86c8', '#163f70', '#6aa3dd'],
  KOR: ['#16813d'],
  JPN: ['#8e44ad'],
  USA: ['#2c3e50'],
};
const OTHER = ['#d35400', '#117a65', '#7d3c98', '#2e4053', '#b7950b', '#a04000', '#1a5276'];

/** One colour per track: shades of its operator's hue, in the order the tracks come. */
export function trackColors(tracks: Track[]): string[] {
  const seen = new Map<string, number>();
  return tracks.map((t, i) => {
    const list = t.operator ? OPERATOR_COLOURS[t.operator] : undefined;
    if (!list) return OTHER[i % OTHER.length];
    const n = seen.get(t.operator!) ?? 0;
    seen.set(t.operator!, n + 1);
    return list[n % list.length];
  });
}

const ZONE_COLOURS: Record<string, string> = {
  KOR: '#0b7a3e',
  JPN: '#7b2d8e',
  CHN: '#b03a2e',
  TWN: '#b9770e',
  RUS: '#1b4f72',
  PRK: '#5d6d7e',
};

export function zoneColor(z: Zone): string {
  if (z.kind === 'territorial' && z.claimants.length > 1) return '#d4ac0d';
  return ZONE_COLOURS[z.state] ?? (z.kind === 'territorial' ? '#7f8c8d' : '#34495e');
}

export const KIND_LABEL: Record<string, string> = {
  territorial: 'territorial airspace (sovereign)',
  adiz: 'ADIZ (not sovereign)',
  fir: 'flight information region',
  other: 'other',
};
