/**
 * `database`: unset means the embedded SQLite file `<work_dir>/ouro.db`; a `postgres://` URL selects
 * PostgreSQL; `sqlite:<path>` names another SQLite file.
 */
import { z } from 'zod';

export const databaseSchema = z
  .strictObject({
    url: z
      .string()
      .regex(
        /^(postgres|postgresql):\/\/|^sqlite:./i,
        'must start with postgres://, postgresql:// or sqlite:<path>',
      )
      .optional()
      .describe('postgres://user@host:5432/db, or sqlite:<path>; default: <work_dir>/ouro.db'),
  })
  .prefault({});
