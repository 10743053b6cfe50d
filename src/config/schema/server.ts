/** `server`: where the HTTP API and dashboard listen. Loopback by default. */
import { z } from 'zod';

export const serverSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(0).max(65535).default(8787),
  })
  .prefault({});
