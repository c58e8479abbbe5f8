import type { AnalysisResult } from '../analysis/types.js';

/** The output contract as JSON text. */
export function toJson(result: AnalysisResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
