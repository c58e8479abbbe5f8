/**
 * Reads an upload: either the raw request body (any content type; the file name comes from the
 * query string) or a multipart body whose file parts are named by role. Both are streamed in
 * under the configured size limit, which yields a 413, never a 500.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export interface UploadedFile {
  name: string;
  data: Buffer;
}

export interface Upload {
  /** File parts by field name, in order. */
  files: Map<string, UploadedFile[]>;
  /** Text fields of a multipart body. */
  fields: Record<string, string>;
  multipart: boolean;
  /** The raw body, when the request was not multipart. */
  raw: Buffer | null;
}

export async function readUpload(request: FastifyRequest, allowedFiles: string[]): Promise<Upload> {
  const upload: Upload = { files: new Map(), fields: {}, multipart: false, raw: null };
  if (!request.isMultipart()) {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new HttpError(
        400,
        'the request body is empty: send the file as the body or as multipart/form-data',
        {
          field: 'body',
        },
      );
    }
    upload.raw = body;
    return upload;
  }
  upload.multipart = true;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (!allowedFiles.includes(part.fieldname)) {
        part.file.resume();
        throw new HttpError(
          400,
          `multipart file field '${part.fieldname}' is not expected (use ${allowedFiles.join(' or ')})`,
          {
            field: part.fieldname,
          },
        );
      }
      const data = await part.toBuffer();
      const list = upload.files.get(part.fieldname) ?? [];
      list.push({ name: part.filename || part.fieldname, data });
      upload.files.set(part.fieldname, list);
    } else {
      upload.fields[part.fieldname] = String(part.value);
    }
  }
  return upload;
}
