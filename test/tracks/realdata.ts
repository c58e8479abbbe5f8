/** Paths of the real data used by the track reader tests. */
import { realdata } from '../realdata.js';

export { realdata };

export const REAL = {
  spar19: realdata('xoolive-traffic', 'fr24', '2ce4f83f.json'),
  jl516Json: realdata('xoolive-traffic', 'fr24', '3376ab31.json'),
  jl516Csv: realdata('xoolive-traffic', 'tests', 'fr24', 'JL516_3376ab31.csv'),
  granular: realdata('xoolive-traffic', 'tests', 'fr24', 'JL516_Flightradar24_ADS-B_data_granular.csv'),
  flightSpotter: realdata('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv'),
  switzerland: realdata('xoolive-traffic', 'collections', 'switzerland.json.gz'),
  belevingsvlucht: realdata('xoolive-traffic', 'featured', 'belevingsvlucht.json.gz'),
  trace: realdata('xoolive-traffic', 'readsb', 'trace_full_ac671b.json'),
  tutorial: realdata('xoolive-traffic', 'docs', 'tutorial.jsonl.gz'),
  dreamliner: realdata('xoolive-traffic', 'featured', 'dreamliner_airfrance.json.gz'),
  timeIssue: realdata('xoolive-traffic', 'noisy', 'noisy_time_issue.json.gz'),
  spoofing: realdata('xoolive-traffic', 'noisy', 'noisy_spoofing.json.gz'),
  carrier: realdata('xoolive-traffic', 'military', 'aircraft_carrier.json.gz'),
} as const;

export const iso = (tS: number) => new Date(tS * 1000).toISOString();
