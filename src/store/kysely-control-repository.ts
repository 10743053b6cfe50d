/**
 * Durable operator switches, one JSON value per key in `control_state`. Pause is the only one today:
 * every process (loop, server, CLI) reads it from here, so `ouro pause` stops all of them.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { ControlRepository, PauseState } from './types.js';

const pauseKey = 'pause';

const neverPaused: PauseState = { paused: false, reason: null, by: null, since: null };

function pauseFromValue(value: string): PauseState {
  const parsed = JSON.parse(value) as Partial<PauseState>;
  return {
    paused: parsed.paused === true,
    reason: typeof parsed.reason === 'string' ? parsed.reason : null,
    by: typeof parsed.by === 'string' ? parsed.by : null,
    since: typeof parsed.since === 'number' ? parsed.since : null,
  };
}

export class KyselyControlRepository implements ControlRepository {
  constructor(private readonly database: Kysely<DatabaseSchema>) {}

  async getPause(): Promise<PauseState> {
    const row = await this.database
      .selectFrom('control_state')
      .select('value')
      .where('key', '=', pauseKey)
      .executeTakeFirst();
    return row === undefined ? { ...neverPaused } : pauseFromValue(row.value);
  }

  /** Stores `state`; a null `since` becomes `now` (the moment of this pause or resume). */
  async setPause(state: PauseState, now: number): Promise<void> {
    const value = JSON.stringify({
      paused: state.paused,
      reason: state.reason,
      by: state.by,
      since: state.since ?? now,
    });
    await this.database
      .insertInto('control_state')
      .values({ key: pauseKey, value, updated_at: now })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
