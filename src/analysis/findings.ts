/**
 * What a visit means under the zone's rules (DESIGN.md). The engine never decides a violation: a
 * state aircraft entering foreign territorial airspace is a `territorial-entry` (whether it was
 * authorised is not in the data), an ADIZ entry is never a breach of sovereignty, and
 * `adiz-noncompliance` is reported only where the track's own data shows a requirement unmet.
 */
import type { Declared, Track } from '../tracks/track.js';
import type { Zone } from '../zones/zone.js';
import type { Finding } from './types.js';

const REQUIREMENT: Record<string, keyof Declared> = {
  'flight-plan': 'flightPlan',
  radio: 'radio',
  transponder: 'transponder',
  'position-report': 'positionReport',
  'prior-notice': 'priorNotice',
};

/**
 * @param boundForState whether the same track later enters territorial airspace of the ADIZ's
 *   state (what `appliesTo: inbound` asks)
 */
export function findingOf(
  track: Pick<Track, 'operator' | 'category' | 'declared'>,
  zone: Zone,
  boundForState: boolean,
): Finding {
  const own = track.operator !== null && track.operator === zone.state;
  if (zone.kind === 'territorial') {
    if (own) return 'own-zone';
    // Civil aircraft fly through foreign airspace under the Chicago Convention's regime; state
    // aircraft need authorisation (art. 3(c)). An aircraft of unknown status is reported as an
    // entry so that nothing is hidden; the category is in the track summary.
    return track.category === 'civil' ? 'transit' : 'territorial-entry';
  }
  if (zone.kind === 'adiz') {
    if (own) return 'own-zone';
    const applies = zone.rules.appliesTo === 'all' || (zone.rules.appliesTo === 'inbound' && boundForState);
    if (!applies) return 'transit';
    const declared = track.declared;
    if (declared) {
      for (const req of zone.rules.requires) {
        const key = REQUIREMENT[req];
        if (key && declared[key] === false) return 'adiz-noncompliance';
      }
    }
    return 'adiz-entry';
  }
  return 'transit';
}
