/** The visits table: one row per visit, sortable by any column; a click selects the visit. */
import type { Visit } from './api.js';
import {
  escapeHtml,
  FINDING_LABELS,
  findingSentence,
  formatDistance,
  formatDuration,
  formatTime,
  KIND_NAMES,
  stateName,
} from './wording.js';

interface Column {
  key: string;
  title: string;
  value: (v: Visit) => string | number;
  cell: (v: Visit, ctx: RowContext) => string;
  numeric?: boolean;
}

export interface RowContext {
  /** Times carry their date when the analysis spans several UTC days. */
  manyDays: boolean;
  category: (trackId: string) => string | undefined;
  label: (trackId: string) => string;
  colour: (trackId: string) => string;
  zoneName: (zoneId: string) => string;
}

/** "14:06:12Z", with the date when the analysis spans several days. */
const clock = (iso: string, withDate: boolean) => {
  const t = formatTime(iso);
  return withDate ? t.slice(5) : t.slice(11);
};

const crossingCell = (c: Visit['enter'], none: string, withDate: boolean) =>
  c
    ? `<span class="${c.certain ? '' : 'uncertain'}" title="${escapeHtml(c.time)}${c.certain ? '' : ' — inside a data gap: time and place estimated'}">${escapeHtml(clock(c.time, withDate))}${c.certain ? '' : ' ≈'}</span>`
    : `<span class="muted">${none}</span>`;

const COLUMNS: Column[] = [
  {
    key: 'track',
    title: 'Aircraft',
    value: (v) => v.track,
    cell: (v, c) =>
      `<span class="dot" style="background:${c.colour(v.track)}"></span>${escapeHtml(c.label(v.track))}`,
  },
  {
    key: 'zone',
    title: 'Zone',
    value: (v) => v.zone,
    cell: (v, c) =>
      `<span title="${escapeHtml(c.zoneName(v.zone))}">${escapeHtml(v.zone)}</span><br><span class="muted">${
        v.claimants.length > 1
          ? `${escapeHtml(v.state)}; claimed by ${escapeHtml(v.claimants.join(', '))}`
          : escapeHtml(stateName(v.state))
      }</span>`,
  },
  {
    key: 'finding',
    title: 'Finding',
    value: (v) => v.finding,
    cell: (v, c) =>
      `<span class="finding" title="${escapeHtml(findingSentence(v, c.category(v.track)))}">${escapeHtml(FINDING_LABELS[v.finding] ?? v.finding)}</span><br><span class="muted">${escapeHtml(KIND_NAMES[v.kind] ?? v.kind)}</span>`,
  },
  {
    key: 'enter',
    title: 'In / out (UTC)',
    value: (v) => v.enter?.time ?? '',
    cell: (v, c) =>
      `${crossingCell(v.enter, 'at start', c.manyDays)}<br>${crossingCell(v.exit, 'at end', c.manyDays)}`,
  },
  {
    key: 'duration',
    title: 'Time in',
    value: (v) => v.durationS,
    cell: (v) => escapeHtml(formatDuration(v.durationS)),
    numeric: true,
  },
  {
    key: 'depth',
    title: 'Depth',
    value: (v) => v.maxPenetrationM,
    cell: (v) =>
      `<span title="deepest point inside the boundary: ${(v.maxPenetrationM / 1852).toFixed(1)} NM">${escapeHtml(formatDistance(v.maxPenetrationM))}</span>`,
    numeric: true,
  },
];

export class VisitsTable {
  private visits: Visit[] = [];
  private order: number[] = [];
  private sortKey = 'enter';
  private ascending = true;
  private selected: number | null = null;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly ctx: () => RowContext,
    private readonly onSelect: (index: number) => void,
  ) {
    table.tHead?.addEventListener('click', (e) => {
      const th = (e.target as HTMLElement).closest('th');
      if (!th?.dataset.key) return;
      if (this.sortKey === th.dataset.key) this.ascending = !this.ascending;
      else {
        this.sortKey = th.dataset.key;
        this.ascending = true;
      }
      this.render();
    });
    table.tBodies[0].addEventListener('click', (e) => {
      const tr = (e.target as HTMLElement).closest('tr');
      if (tr?.dataset.index) this.onSelect(Number(tr.dataset.index));
    });
  }

  set(visits: Visit[]): void {
    this.visits = visits;
    this.selected = null;
    this.render();
  }

  select(index: number | null): void {
    this.selected = index;
    for (const tr of this.table.tBodies[0].rows) {
      tr.classList.toggle('selected', Number(tr.dataset.index) === index);
      if (Number(tr.dataset.index) === index) tr.scrollIntoView({ block: 'nearest' });
    }
  }

  private render(): void {
    const col = COLUMNS.find((c) => c.key === this.sortKey) ?? COLUMNS[0];
    this.order = this.visits.map((_, i) => i);
    const dir = this.ascending ? 1 : -1;
    this.order.sort((a, b) => {
      const x = col.value(this.visits[a]);
      const y = col.value(this.visits[b]);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? c * dir : a - b;
    });
    const head = this.table.tHead as HTMLTableSectionElement;
    head.innerHTML = `<tr>${COLUMNS.map(
      (c) =>
        `<th data-key="${c.key}"${c.key === this.sortKey ? ` aria-sort="${this.ascending ? 'ascending' : 'descending'}"` : ''}${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.title)}</th>`,
    ).join('')}</tr>`;
    const ctx = this.ctx();
    this.table.tBodies[0].innerHTML = this.order
      .map((i) => {
        const v = this.visits[i];
        return `<tr data-index="${i}" data-zone="${escapeHtml(v.zone)}" data-track="${escapeHtml(v.track)}"${i === this.selected ? ' class="selected"' : ''}>${COLUMNS.map(
          (c) => `<td${c.numeric ? ' class="num"' : ''}>${c.cell(v, ctx)}</td>`,
        ).join('')}</tr>`;
      })
      .join('');
    if (this.visits.length === 0) {
      this.table.tBodies[0].innerHTML = `<tr><td colspan="${COLUMNS.length}" class="muted">No zone was entered.</td></tr>`;
    }
  }
}
