/**
 * Logs a few lines and then exits abruptly, the way a crashing command does, for the logger test
 * that proves synchronous writes lose nothing. Argument: the log file path.
 */
import { createLogger } from '../logger.js';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: logger-crash-child <file>');
const { logger } = createLogger({ level: 'info', file });
for (let index = 0; index < 100; index += 1) logger.info({ event: 'step_duration', index }, 'line');
logger.fatal({ event: 'workflow_execution_failed' }, 'about to crash');
process.exit(7);
