/**
 * Errors as the API gives them: a JSON body with the status, a message, and where known the field
 * of the request or the file and line of the upload at fault. Bad input never becomes a 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Diagnostic } from '../tracks/track.js';

export interface ErrorDetail {
  field?: string;
  file?: string;
  line?: number;
  problems?: Diagnostic[];
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorBody(statusCode: number, message: string, detail: ErrorDetail = {}) {
  return { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...detail };
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The request field an ajv error is about: the offending property, or the missing/extra one. */
function fieldOf(e: AjvError): string {
  const p = e.params ?? {};
  const named = (p.missingProperty ?? p.additionalProperty) as string | undefined;
  const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (named) return path ? `${path}.${named}` : named;
  return path;
}

export function describeValidation(errors: AjvError[], part: string): { message: string; field: string } {
  const e = errors[0] ?? {};
  const field = fieldOf(e);
  const p = e.params ?? {};
  let what = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') what = 'is not a known option';
  else if (e.keyword === 'required') what = 'is required';
  else if (e.keyword === 'enum' && Array.isArray(p.allowedValues))
    what = `must be one of ${p.allowedValues.join(', ')}`;
  return { message: `${part} field '${field}' ${what}`, field };
}

/** Errors carrying a Diagnostic (the readers' and importers' InputError). */
function diagnosticOf(err: unknown): Diagnostic | null {
  const d = (err as { diagnostic?: Diagnostic }).diagnostic;
  return d && typeof d.message === 'string' ? d : null;
}

export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof HttpError) {
    reply.code(err.statusCode).send(errorBody(err.statusCode, err.message, err.detail));
    return;
  }
  if (err.validation) {
    const part = err.validationContext ?? 'request';
    const { message, field } = describeValidation(err.validation as AjvError[], part);
    reply.code(400).send(errorBody(400, message, { field }));
    return;
  }
  const diagnostic = diagnosticOf(err);
  if (diagnostic) {
    reply.code(400).send(
      errorBody(400, err.message, {
        file: diagnostic.file,
        ...(diagnostic.line !== undefined ? { line: diagnostic.line } : {}),
        ...(diagnostic.field ? { field: diagnostic.field } : {}),
      }),
    );
    return;
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    reply.code(status).send(errorBody(status, err.message));
    return;
  }
  request.log.error(err);
  reply.code(500).send(errorBody(500, 'internal error; see the server log'));
}
