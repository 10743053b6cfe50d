/** `logging`: level and the rotated JSON log file. */
import { z } from 'zod';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const loggingSchema = z
  .strictObject({
    level: z.enum(logLevels).default('info'),
    file: z
      .string()
      .min(1)
      .default('.ouro/logs/ouro.log')
      .describe('JSON log file, relative to the project root'),
    max_size_mb: z.number().positive().default(10).describe('Rotate when the file exceeds this size'),
    max_files: z.int().positive().default(5).describe('Rotated files kept'),
  })
  .prefault({});
