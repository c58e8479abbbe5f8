/** The page's view of the HTTP API (same origin). Errors carry the API's JSON body as is. */
import type { AnalysisResult } from '../../src/analysis/types.js';

export type { AnalysisResult, Approach, Crossing, Visit } from '../../src/analysis/types.js';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  file?: string;
  line?: number;
  problems?: Array<{ file: string; line?: number; field?: string; message: string }>;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

export interface AnalysisSummary {
  id: string;
  name: string;
  created: string;
  input: { name: string; bytes: number };
  options: Record<string, unknown>;
  summary: {
    tracks: number;
    fixes: number;
    visits: number;
    approaches: number;
    findings: Record<string, number>;
    start: string | null;
    end: string | null;
    records?: number;
    problems?: number;
  };
}

export interface ReplayTrack {
  id: string;
  label: string | null;
  icao24: string | null;
  category: string;
  operator: string | null;
  t: number[];
  lat: number[];
  lon: number[];
  altFt: Array<number | null>;
}

export interface Health {
  status: string;
  version: string;
  writesRequireToken?: boolean;
}

const TOKEN_KEY = 'incursion.token';
export const getToken = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const setToken = (t: string): void => sessionStorage.setItem(TOKEN_KEY, t);

async function errorOf(res: Response): Promise<ApiError> {
  let body: ApiErrorBody;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = { statusCode: res.status, error: res.statusText, message: `${res.status} ${res.statusText}` };
  }
  return new ApiError(body);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export const api = {
  health: () => getJson<Health>('api/health'),
  list: () => getJson<{ analyses: AnalysisSummary[] }>('api/analyses').then((r) => r.analyses),
  summary: (id: string) => getJson<AnalysisSummary>(`api/analyses/${encodeURIComponent(id)}/summary`),
  result: (id: string) => getJson<AnalysisResult>(`api/analyses/${encodeURIComponent(id)}`),
  tracks: (id: string) =>
    getJson<{ tracks: ReplayTrack[] }>(`api/analyses/${encodeURIComponent(id)}/tracks`).then((r) => r.tracks),
  zones: (analysisId: string | null) =>
    getJson<GeoJSON.FeatureCollection>(
      analysisId ? `api/zones?analysis=${encodeURIComponent(analysisId)}` : 'api/zones',
    ),
};

export type UploadProgress = (phase: 'upload' | 'analyse', fraction: number) => void;

/** POSTs a track file as multipart with upload progress; resolves with the created analysis. */
export function uploadTrack(
  file: File,
  options: Record<string, string>,
  onProgress: UploadProgress,
): Promise<AnalysisSummary> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(options)) if (v) form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'api/analyses');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress('upload', e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress('analyse', 0);
    xhr.onload = () => {
      const body = xhr.response as unknown;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as AnalysisSummary);
      else if (body && typeof body === 'object' && 'message' in body)
        reject(new ApiError(body as ApiErrorBody));
      else
        reject(
          new ApiError({
            statusCode: xhr.status,
            error: xhr.statusText,
            message: `${xhr.status} ${xhr.statusText}`,
          }),
        );
    };
    xhr.onerror = () =>
      reject(new ApiError({ statusCode: 0, error: 'Network', message: 'the server could not be reached' }));
    xhr.send(form);
  });
}

/** The API's error as one readable block: message, where, and the first problems. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const b = err.body;
    const where = [
      b.file,
      b.line !== undefined ? `line ${b.line}` : null,
      b.field ? `field '${b.field}'` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const lines = [
      `${b.statusCode ? `${b.statusCode} ${b.error}: ` : ''}${b.message}${where && !b.message.includes(where) ? ` (${where})` : ''}`,
    ];
    for (const p of (b.problems ?? []).slice(0, 5)) {
      lines.push(
        `  ${p.file}${p.line !== undefined ? `:${p.line}` : ''}${p.field ? ` [${p.field}]` : ''}: ${p.message}`,
      );
    }
    return lines.join('\n');
  }
  return err instanceof Error ? err.message : String(err);
}
