/**
 * The route table's public half: what each route takes and returns, from which both the fastify
 * routes (validation) and /api/openapi.json are built.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPONENTS, type ComponentName } from './schemas.js';

export interface ResponseSpec {
  description: string;
  schema?: ComponentName;
  /** Default application/json. */
  contentType?: string;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify path syntax (`:id`). */
  url: string;
  summary: string;
  /** Writes need the bearer token when one is configured. */
  write?: boolean;
  params?: object;
  querystring?: object;
  requestBody?: { description: string; contentTypes: string[]; multipartFiles?: Record<string, string> };
  responses: Record<number, ResponseSpec>;
}

export interface Route extends RouteSpec {
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

function parameters(spec: RouteSpec): object[] {
  const out: object[] = [];
  const add = (where: 'path' | 'query', schema: object | undefined) => {
    const s = schema as
      | { properties?: Record<string, { description?: string }>; required?: string[] }
      | undefined;
    for (const [name, prop] of Object.entries(s?.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (s?.required ?? []).includes(name),
        ...(prop.description ? { description: prop.description } : {}),
        schema: prop,
      });
    }
  };
  add('path', spec.params);
  add('query', spec.querystring);
  return out;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

export function openApiDocument(routes: RouteSpec[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, object> = {};
    for (const [code, res] of Object.entries(r.responses)) {
      responses[code] = {
        description: res.description,
        ...(res.schema || res.contentType
          ? {
              content: {
                [res.contentType ?? 'application/json']: res.schema ? { schema: ref(res.schema) } : {},
              },
            }
          : {}),
      };
    }
    const body = r.requestBody;
    const requestBody = body
      ? {
          description: body.description,
          required: true,
          content: Object.fromEntries(
            body.contentTypes.map((ct) => [
              ct,
              ct === 'multipart/form-data' && body.multipartFiles
                ? {
                    schema: {
                      type: 'object',
                      properties: Object.fromEntries(
                        Object.entries(body.multipartFiles).map(([name, description]) => [
                          name,
                          { type: 'string', format: 'binary', description },
                        ]),
                      ),
                    },
                  }
                : { schema: { type: 'string', format: 'binary' } },
            ]),
          ),
        }
      : undefined;
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      parameters: parameters(r),
      ...(requestBody ? { requestBody } : {}),
      ...(r.write ? { security: [{ bearer: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'incursion',
      version,
      description:
        'Aircraft tracks against territorial airspace, ADIZs and international airspace. ' +
        'Writes need `Authorization: Bearer <token>` when the server runs with INCURSION_TOKEN.',
    },
    paths,
    components: {
      schemas: COMPONENTS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
